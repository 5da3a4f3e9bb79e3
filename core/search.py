"""The words-in-text condition every app's search selector uses (the unified search, records.search).

Hangul has no case: a term without cased letters is matched with LIKE (Django's `contains`), which
PostgreSQL runs several times faster than ILIKE and pg_trgm's indexes serve alike; a term with
Latin letters is matched case-insensitively. Rows whose title holds the term rank before rows that
hold it only in the body (`title_first`)."""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import Case, IntegerField, Q, Value, When


def has_case(text: str) -> bool:
    return text.lower() != text.upper()


def contains_q(fields: Sequence[str], text: str) -> Q:
    """Rows one of whose `fields` contains `text` (LIKE for caseless text, else ILIKE)."""
    lookup = "icontains" if has_case(text) else "contains"
    q = Q()
    for field in fields:
        q |= Q(**{f"{field}__{lookup}": text})
    return q


def title_first(field: str, text: str) -> Case:
    """0 where `field` contains `text`, 1 otherwise: order by it to put title matches first."""
    return Case(When(contains_q((field,), text), then=Value(0)), default=Value(1), output_field=IntegerField())
