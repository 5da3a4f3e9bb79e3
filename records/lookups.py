"""`ilike`: a case-insensitive substring match written as PostgreSQL's ILIKE, which pg_trgm's
trigram indexes serve (Django's `icontains` writes UPPER(col) LIKE UPPER(…), which no index on
the column serves). Registered on the register's searched fields only (RecordsConfig.ready);
the value is the whole pattern, escaped by `contains_pattern`."""

from __future__ import annotations

from typing import Any

from django.db.models import Lookup


class ILike(Lookup):
    lookup_name = "ilike"

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs}::text ILIKE {rhs}", [*lhs_params, *rhs_params]


def contains_pattern(text: str) -> str:
    """`%text%` with LIKE's own characters (\\, %, _) taken literally."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"
