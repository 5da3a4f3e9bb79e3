"""What work management (업무관리) announces to apps that follow it without being imported by it:
records registers memo reports (메모보고), finalised meeting minutes (회의록, with the 속기록 of a
designated meeting) and the yearly 과제관리카드 records as public records (공공기록물법: what the
업무관리시스템 produces is a record). tasks never imports records; records reads only the
`ProducedWork` it is handed, never tasks' memo, meeting or card models.

`work_produced` is sent inside the producing transaction (memo_send, minutes_finalise,
task_card_register_year) with keyword arguments:

- ``work``: a `ProducedWork` (below): everything the record is made of;
- ``actor``: who produced it.

A receiver that raises rolls the production back with it (the user sees the error); a production
rolled back for any other reason leaves nothing a receiver wrote.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from django.dispatch import Signal

if TYPE_CHECKING:
    from org.models import Department, User
    from tasks.models import UnitTask

# Everything another app may import from tasks' producing side.
PUBLIC_API: dict[str, frozenset[str]] = {
    "tasks.signals": frozenset({"work_produced", "ProducedWork", "WorkFile", "WorkKind"}),
    # Every work produced so far, for a bulk registration (records.demo: the demo writes in bulk).
    "tasks.produced": frozenset({"produced_works"}),
}


class WorkKind:
    MEMO = "memo"  # 메모보고
    MINUTES = "minutes"  # 회의록 (and its 속기록·녹음)
    TASK_CARD = "task_card"  # 과제관리카드 (a year's card, as printed)


@dataclass(frozen=True)
class WorkFile:
    """A stored file that belongs to the work (붙임, 속기록): its name, storage path and SHA-256."""

    name: str
    path: str
    sha256: str


@dataclass(frozen=True)
class ProducedWork:
    kind: str  # a WorkKind value
    source_id: int  # the memo's, minutes' or yearly card record's pk: registered once
    title: str
    body: str  # the text as produced (a minutes' required fields, a card's sections)
    department: Department  # the 처리과 whose record it is
    author: User
    produced_at: datetime
    unit_task: UnitTask | None  # filed under it; None: the 처리과 files it at 정리
    files: tuple[WorkFile, ...] = field(default=())


work_produced = Signal()
