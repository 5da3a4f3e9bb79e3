"""Gap-free yearly serials per department (생산등록번호, 접수등록번호): one upsert on a counter row
(department, year, last) that increments it and returns the new value inside the caller's
transaction. The row stays locked until that transaction ends, so concurrent takers in one
department queue there, and a rollback gives its serial back: no gaps, no duplicates. Each
numbered table keeps a UNIQUE constraint as the backstop."""

from __future__ import annotations

from django.db import connection
from django.db.models import Model


def _upsert(counter_model: type[Model], department_id: int, year: int, count: int, series: str | None) -> int:
    """Add `count` to the counter row of (department, year[, series]), created at `count` when
    missing; returns the new `last`."""
    table = connection.ops.quote_name(counter_model._meta.db_table)
    columns: list[str] = ["department_id", "year"]
    values: list[int | str] = [department_id, year]
    if series is not None:  # a counter model holding several series per department and year
        columns.append("series")
        values.append(series)
    keys = ", ".join(columns)
    marks = ", ".join(["%s"] * (len(values) + 1))
    with connection.cursor() as cursor:
        # Races prevented: two takers reading the same `last` (the upsert's row lock makes the
        # second wait and see the first's value) and two first-of-the-year inserts (ON CONFLICT
        # turns the second into the increment).
        cursor.execute(
            f"INSERT INTO {table} ({keys}, last) VALUES ({marks}) "  # noqa: S608 - names from the model
            f"ON CONFLICT ({keys}) DO UPDATE SET last = {table}.last + %s RETURNING last",
            [*values, count, count],
        )
        (last,) = cursor.fetchone()
    return last


def next_yearly_serial(counter_model: type[Model], *, department_id: int, year: int, series: str | None = None) -> int:
    """Take the next serial of a department's year from `counter_model` (a model with
    department, year and last, UNIQUE on department and year — and on `series` too when the model
    keeps several series, as records.RecordCounter does)."""
    return _upsert(counter_model, department_id, year, 1, series)


def take_yearly_serials(
    counter_model: type[Model], *, department_id: int, year: int, count: int, series: str | None = None
) -> int:
    """Take `count` consecutive serials of a department's year at once (a bulk registration);
    returns the first. The same upsert as next_yearly_serial, so the series stays gap-free."""
    if count < 1:
        raise ValueError("count must be at least 1")
    return _upsert(counter_model, department_id, year, count, series) - count + 1
