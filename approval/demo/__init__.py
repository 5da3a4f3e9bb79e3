"""A lived-in e-approval history for a demo institution: its delegation table (위임전결 규정), past
absences with proxies, and a couple of hundred documents drafted over the past months in every
state — completed (mostly 전결, some decided by a proxy: 대결, some confirmed afterwards: 후결),
returned (반려) and redrafted (재기안), withdrawn (회수), on hold (보류), still running, drafts —
with comments, approvers' edits, carbon copies, circulation (공람) and readings, and some sent to
the province or a sister institution. `manage.py seed_demo` calls `institution_seed` for every
demo institution after the work-management seed (its app's declared demo seeder, core.plugins).

The history is planned action by action (story) on the engine's rules held in memory (history),
then written in bulk (writer), as docs/ARCHITECTURE.md "Demo data" says a seeder writes. It obeys
the invariants of real use: every line is validated against the delegation table by
approval.lines, registration numbers are gap-free per department and year in the order documents
were completed, every decisive action is on the audit chain in order, the people who may see a
document are exactly those real use would let see it, and nobody decides a document they drafted.
tests/approval/test_demo_replay.py replays the same actions through approval.services and finds
the same rows.

The demo accounts get work to do today: documents wait for `staff` (as reviewer, and as proxy of
the colleague who is away today), `staff`'s own documents are running, one is on hold with their
team head and one was returned, and their team head has a queue. Every state is there whatever
the moment of seeding (the exhibits).

Deterministic: choices come from ``random.Random(f"approval-2026-{code}")`` and moments are placed
relative to `now`. Idempotent: an institution that already has documents is left as it is.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime
from time import perf_counter

from django.db import transaction

from approval.demo.story import DOCUMENTS, Story, read_org
from approval.demo.writer import write
from approval.models import Document
from audit.services import audit_record
from org.demo import SEED_ACTOR


@dataclass(frozen=True)
class ApprovalSeedResult:
    created: bool
    counts: dict[str, int]
    seconds: float
    note: str = ""


def institution_seed(*, institution, now: datetime, documents: int = DOCUMENTS) -> ApprovalSeedResult:
    """Seed the current schema's e-approval history (once): `documents` first rounds drawn at
    random over the past months, besides the exhibits and the demo accounts' work."""
    started = perf_counter()
    with transaction.atomic():
        if Document.objects.exists():
            return ApprovalSeedResult(False, {}, perf_counter() - started, "already has documents")
        org = read_org()
        if org is None:
            return ApprovalSeedResult(False, {}, perf_counter() - started, "no demo organisation or unit tasks")
        rng = random.Random(f"approval-2026-{institution.code}")  # noqa: S311 - demo data, not security
        story = Story(institution, org, rng, now, documents=documents)
        history = story.run()
        counts = {**story.counts, **write(history, now=now)}
        audit_record(action="demo.seed", actor_label=SEED_ACTOR, data={"app": "approval", **counts})
    return ApprovalSeedResult(True, counts, perf_counter() - started)
