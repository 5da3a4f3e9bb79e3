"""Which demo institutions are still being seeded: `make run` serves sign-in first and seeds the
apps' history in the background (manage.py seed_demo), and meanwhile the province's home says how
far it is ("데모 데이터 준비 중 7/21") and an institution still waiting says so on its pages.

Kept in the cache, each key in its own schema (django_tenants.cache.make_key): the province's
count under the public schema, an institution's flag under its own. Every key expires
(TIMEOUT), so a seed that was killed leaves no notice behind for long; a running seed renews its
keys at every institution. Reading never fails a page: without the cache there is no notice."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.core.cache import cache
from django_tenants.utils import get_public_schema_name, schema_context

logger = logging.getLogger(__name__)

PROGRESS_KEY = "demo_seed:progress"
PENDING_KEY = "demo_seed:pending"
# Longer than any one institution's seed on a loaded machine (budgets: a few seconds each).
TIMEOUT = 15 * 60


@dataclass(frozen=True)
class Progress:
    done: int
    total: int


def seeding_started(codes: list[str]) -> None:
    """The apps' history of these institutions is about to be seeded, in this order."""
    with schema_context(get_public_schema_name()):
        cache.set(PROGRESS_KEY, {"done": 0, "total": len(codes)}, TIMEOUT)
    for code in codes:
        with schema_context(code):
            cache.set(PENDING_KEY, True, TIMEOUT)


def institution_seeded(code: str, *, done: int, total: int, waiting: list[str]) -> None:
    """`code` is done (the `done`-th of `total`); the institutions still `waiting` keep their flag."""
    with schema_context(code):
        cache.delete(PENDING_KEY)
    for other in waiting:
        with schema_context(other):
            cache.touch(PENDING_KEY, TIMEOUT)
    with schema_context(get_public_schema_name()):
        cache.set(PROGRESS_KEY, {"done": done, "total": total}, TIMEOUT)


def seeding_finished(codes: list[str]) -> None:
    """No notice any more, whether the seed finished or stopped."""
    for code in codes:
        with schema_context(code):
            cache.delete(PENDING_KEY)
    with schema_context(get_public_schema_name()):
        cache.delete(PROGRESS_KEY)


def province_progress() -> Progress | None:
    """How far the running seed is (read in the public schema), or None when none runs."""
    try:
        value = cache.get(PROGRESS_KEY)
    except Exception:  # the cache being down must not fail the page that asks
        logger.warning("demo seed progress unreadable", exc_info=True)
        return None
    return Progress(value["done"], value["total"]) if value else None


def institution_pending() -> bool:
    """Whether the current institution's history is still to be seeded."""
    try:
        return bool(cache.get(PENDING_KEY))
    except Exception:  # the cache being down must not fail the page that asks
        logger.warning("demo seed flag unreadable", exc_info=True)
        return False
