"""Gap-free yearly serials per department (생산등록번호, 접수등록번호): one upsert on a counter row
(department, year, last) that increments it and returns the new value inside the caller's
transaction. The row stays locked until that transaction ends, so concurrent takers in one
department queue there, and a rollback gives its serial back: no gaps, no duplicates. Each
numbered table keeps a UNIQUE constraint as the backstop."""

from __future__ import annotations

from django.db import connection
from django.db.models import Model


def next_yearly_serial(counter_model: type[Model], *, department_id: int, year: int) -> int:
    """Take the next serial of a department's year from `counter_model` (a model with
    department, year and last, UNIQUE on department and year)."""
    table = connection.ops.quote_name(counter_model._meta.db_table)
    with connection.cursor() as cursor:
        # Races prevented: two takers reading the same `last` (the upsert's row lock makes the
        # second wait and see the first's value) and two first-of-the-year inserts (ON CONFLICT
        # turns the second into the increment).
        cursor.execute(
            f"INSERT INTO {table} (department_id, year, last) VALUES (%s, %s, 1) "  # noqa: S608 - table name from the model
            f"ON CONFLICT (department_id, year) DO UPDATE SET last = {table}.last + 1 RETURNING last",
            [department_id, year],
        )
        (serial,) = cursor.fetchone()
    return serial


def take_yearly_serials(counter_model: type[Model], *, department_id: int, year: int, count: int) -> int:
    """Take `count` consecutive serials of a department's year at once (a bulk registration);
    returns the first. The same upsert as next_yearly_serial, so the series stays gap-free."""
    if count < 1:
        raise ValueError("count must be at least 1")
    table = connection.ops.quote_name(counter_model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (department_id, year, last) VALUES (%s, %s, %s) "  # noqa: S608 - table name from the model
            f"ON CONFLICT (department_id, year) DO UPDATE SET last = {table}.last + %s RETURNING last",
            [department_id, year, count, count],
        )
        (last,) = cursor.fetchone()
    return last - count + 1
