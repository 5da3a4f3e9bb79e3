"""Lived-in work for a demo institution: its function classification with owners and deputies,
unit-task cards with plans and results over the past months, memo reports, directives, rooms,
meetings with minutes, and calendars. `manage.py seed_demo` calls `institution_seed` for every
demo institution after org's seed (its app's declared demo seeder, core.plugins), inside the institution's schema.

One module per area, as in tasks/ (classification, cards, meetings, memos, directives,
schedules); each plans its rows in memory (`plan`) and writes them (`write`). Areas read what the
earlier ones planned (cards are kept for unit tasks, meetings for cards, directives come from
meeting decisions …), so they plan in that order, all drawing from one random generator.

Deterministic: everything is drawn from ``random.Random(f"tasks-2026-{code}")`` and placed
relative to `now`'s local date, so the demo always looks current and two runs at the same moment
write the same rows. Idempotent: an institution that already has a function classification is
left as it is.

The demo accounts get a full day: `staff` owns unit tasks (one card behind, with an overdue
milestone), has a reply to a memo report and an unread instruction, a directive due in two days
and one overdue, a meeting tomorrow waiting for an answer, and personal appointments this week;
their team head has memo reports waiting to be read and overdue directives in the team.

Writing follows docs/ARCHITECTURE.md "Demo data": rows are written with bulk_create in dependency
order (a few dozen statements); the timestamps Django sets on insert (auto_now_add) are put back
into the past afterwards with one UPDATE per model, so histories read in order.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime
from time import perf_counter

from django.db import transaction

from audit.services import audit_record
from org.demo import SEED_ACTOR
from tasks.demo.base import read_org
from tasks.demo.cards import Cards, Filing
from tasks.demo.classification import Classification
from tasks.demo.directives import Directives
from tasks.demo.meetings import Meetings
from tasks.demo.memos import Memos
from tasks.demo.schedules import Schedules
from tasks.models import FunctionClass, UnitTask


@dataclass(frozen=True)
class TasksSeedResult:
    """What `seed_demo` prints for this seeder: `counts` of rows by kind, `note` when skipped."""

    created: bool
    counts: dict[str, int]
    seconds: float
    note: str = ""


def institution_seed(*, institution, now: datetime) -> TasksSeedResult:
    """Seed the current schema's work-management data (once)."""
    started = perf_counter()
    with transaction.atomic():
        if FunctionClass.objects.exists() or UnitTask.objects.exists():
            return TasksSeedResult(False, {}, perf_counter() - started, "already has a classification")
        org = read_org()
        if org is None:
            return TasksSeedResult(False, {}, perf_counter() - started, "no demo organisation")
        rng = random.Random(f"tasks-2026-{institution.code}")  # noqa: S311 - demo data, not security
        clock = {"code": institution.code, "org": org, "rng": rng, "now": now}
        classification = Classification(**clock)
        filing = Filing(**clock)
        cards = Cards(classification=classification, **clock)
        meetings = Meetings(classification=classification, cards=cards, filing=filing, **clock)
        memos = Memos(classification=classification, filing=filing, **clock)
        directives = Directives(classification=classification, meetings=meetings, filing=filing, **clock)
        schedules = Schedules(classification=classification, meetings=meetings, **clock)
        for area in (classification, cards, meetings, memos, directives, schedules):
            area.plan()
        written = {
            **classification.write(),
            **cards.write(),
            **meetings.write(),
            **memos.write(),
            **directives.write(),
        }
        meetings.write_decisions()
        written.update(schedules.write())
        filing.write()
        order = ("functions", "unit_tasks", "cards", "card_entries", "memos", "directives", "meetings", "minutes")
        counts = {name: written[name] for name in (*order, "bookings", "schedule_entries")}
        audit_record(action="demo.seed", actor_label=SEED_ACTOR, data={"app": "tasks", **counts})
    return TasksSeedResult(True, counts, perf_counter() - started)
