"""Substring search over the register's indexed text (title, registration number) and the
paginator that keeps a search page fast over 200,000 records.

What the bench showed (docs/PERFORMANCE.md): the SQL, not the template, made a search page slow.

- Korean text has no case, and PostgreSQL's ILIKE lower-cases every row it tests (3–4 times the
  cost of LIKE on a scan). A term without cased letters is matched with LIKE (Django's
  `contains`); pg_trgm's GIN indexes serve both.
- The planner misjudges how many rows a `%…%` pattern matches (4,102 estimated for 383 found),
  so it walked the register's date index or scanned the table for a rare term (0.6–1.1 s) where
  the trigram indexes answer in 15–50 ms. For a term of 3 or more characters (a trigram exists)
  the paginator first fetches the matches' ids and dates through the trigram indexes, at most
  COUNT_CAP + 1 of them, with sequential scans disabled for that one transaction-local query;
  when there are at most COUNT_CAP it orders them itself and reads the page's rows by id;
  when there are more, the matches are common and the date index finds a page quickly.
- Counting never orders (the count of a LIMIT subquery needs no ORDER BY).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import cached_property
from typing import Any

from django.core.paginator import Page, Paginator
from django.db import connection, transaction
from django.db.models import Q, QuerySet

from records.lookups import contains_pattern

COUNT_CAP = 1_000  # a page counts up to this many; beyond, "1,000건 이상" (narrow the search)
TRIGRAM_MIN_LENGTH = 3  # a shorter term has no trigram: its index cannot narrow anything


def has_case(text: str) -> bool:
    return text.lower() != text.upper()


def text_q(fields: Sequence[str], text: str) -> Q:
    """Rows one of whose `fields` contains `text`: LIKE for caseless text (Hangul, digits), ILIKE
    otherwise; both served by the trigram indexes."""
    q = Q()
    for field in fields:
        if has_case(text):
            q |= Q(**{f"{field}__ilike": contains_pattern(text)})
        else:
            q |= Q(**{f"{field}__contains": text})
    return q


def uses_trigrams(text: str) -> bool:
    return len(text.strip()) >= TRIGRAM_MIN_LENGTH


@contextmanager
def trigram_plan() -> Iterator[None]:
    """Within it, the planner reaches rows through indexes (the trigram ones, for a text filter)
    instead of a scan it wrongly believes cheaper. `SET LOCAL` ends with the transaction; inside
    an outer one (a test, a caller's atomic block) the setting is put back on leaving."""
    nested = connection.in_atomic_block
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
        try:
            yield
        finally:
            if nested:
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL enable_seqscan = on")


class RegisterPaginator(Paginator):
    """Counts at most COUNT_CAP + 1 rows, so a page over 200,000 records never counts them all
    (`capped` says the true count is larger). Given a search `text` of 3 or more characters, it
    finds the matches through the trigram indexes first (see the module docstring)."""

    def __init__(self, object_list: QuerySet[Any], per_page: int, *, text: str = "", date_field: str) -> None:
        super().__init__(object_list, per_page)
        self.text = text
        self.date_field = date_field

    @cached_property
    def matches(self) -> list[tuple[int, Any]] | None:
        """(id, date) of every match when the text search found at most COUNT_CAP + 1; None
        without a search the trigram indexes can serve."""
        if not uses_trigrams(self.text):
            return None
        rows: Any = self.object_list
        with trigram_plan():
            return list(rows.order_by().values_list("pk", self.date_field)[: COUNT_CAP + 1])

    @cached_property
    def count(self) -> int:
        if self.matches is not None:
            return len(self.matches)
        rows: Any = self.object_list
        return int(rows.order_by()[: COUNT_CAP + 1].count())

    @property
    def capped(self) -> bool:
        return self.count > COUNT_CAP

    def page(self, number: Any) -> Page:
        number = self.validate_number(number)
        if self.matches is None or self.capped:
            return super().page(number)
        # Few matches: newest first, as the register orders, then the page's rows by id.
        ordered = sorted(self.matches, key=lambda m: (m[1], m[0]), reverse=True)
        bottom = (number - 1) * self.per_page
        ids = [pk for pk, _on in ordered[bottom : bottom + self.per_page]]
        rows: Any = self.object_list
        by_id = {row.pk: row for row in rows.filter(pk__in=ids).order_by()}
        return Page([by_id[pk] for pk in ids if pk in by_id], number, self)
