"""Writing many rows at once, for seeders (docs/ARCHITECTURE.md "Demo data") and benchmarks:
ids drawn ahead so rows can point at each other before they are inserted, and columns written
after the insert (the moments Django stamps on insert put back to when things happened)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import connection
from django.db.models import Field, Model

_CHUNK = 2000


def reserve_ids(model: type[Model], n: int) -> list[int]:
    """Draw n ids from the table's sequence, in ascending order: rows given them in creation
    order get the ids one insert at a time would have given them."""
    if n <= 0:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [model._meta.db_table, n],
        )
        return sorted(row[0] for row in cursor.fetchall())


def _column(model: type[Model], name: str) -> Field[Any, Any]:
    field = model._meta.get_field(name)
    if not isinstance(field, Field) or not field.concrete:
        raise ValueError(f"{model.__name__}.{name} is not a column")
    return field


def update_columns(model: type[Model], rows: list[Model], field_names: list[str]) -> None:
    """Write these fields (columns of `model`) of many saved rows in one UPDATE … FROM (VALUES …)
    per chunk. (bulk_update builds a CASE per row and field, several times slower at this size.)"""
    fields = [_column(model, name) for name in field_names]
    quote = connection.ops.quote_name
    row_sql = "(" + ", ".join(["%s", *(f"%s::{f.db_type(connection)}" for f in fields)]) + ")"
    sets = ", ".join(f"{quote(f.column)} = v.{quote(f.column)}" for f in fields)
    names = ", ".join(quote(f.column) for f in fields)
    pk = quote(model._meta.pk.column)
    for start in range(0, len(rows), _CHUNK):
        chunk = rows[start : start + _CHUNK]
        params = [
            value
            for row in chunk
            for value in (row.pk, *(f.get_db_prep_value(getattr(row, f.attname), connection) for f in fields))
        ]
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {quote(model._meta.db_table)} AS t SET {sets} "  # noqa: S608 - names from the model
                f"FROM (VALUES {', '.join([row_sql] * len(chunk))}) AS v(id, {names}) WHERE t.{pk} = v.id",
                params,
            )


def backdate(model: type[Model], rows: list[tuple[Model, datetime]], field_name: str = "created_at") -> None:
    """Put the insert timestamps (auto_now_add, auto_now) back to when the demo says things happened."""
    for row, moment in rows:
        setattr(row, field_name, moment)
    update_columns(model, [row for row, _moment in rows], [field_name])
