"""What work management has produced, as the records it must become: the `ProducedWork` that
tasks.signals.work_produced carries for a sent memo report, finalised minutes (with the 속기록 of a
designated meeting) and a registered year of a 과제관리카드. The services announce each one as it is
produced (memo_send, minutes_finalise, task_card_register_year) with the builders below; the demo
seeder writes its history in bulk, without the signal, so `produced_works` hands records every
work produced so far, built the same way, for its bulk registration (records.demo). Part of tasks'
public face (tasks.signals.PUBLIC_API): records reads these, never tasks' models."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import TYPE_CHECKING

from tasks.signals import ProducedWork, WorkFile, WorkKind

if TYPE_CHECKING:
    from org.models import User
    from tasks.models import Meeting, MemoReport, Minutes, TaskCardYear, UnitTask


def memo_work(memo: MemoReport, author: User, files: tuple[WorkFile, ...]) -> ProducedWork | None:
    """A sent memo: a record of its author's department (none for an author without one and no
    unit task: a system account produces no department's record)."""
    department = author.department or (memo.unit_task.department if memo.unit_task else None)
    if department is None:
        return None
    return ProducedWork(
        kind=WorkKind.MEMO,
        source_id=memo.pk,
        title=f"[{memo.get_kind_display()}] {memo.title}",
        body=memo.body,
        department=department,
        author=author,
        produced_at=memo.sent_at,
        unit_task=memo.unit_task,
        files=files,
    )


def minutes_files(attachments) -> tuple[WorkFile, ...]:
    """Every file of the minutes; the 속기록 or recording of a designated meeting named as such."""
    return tuple(
        WorkFile(
            name=f"[속기록·녹음] {a.original_name}" if a.is_verbatim else a.original_name,
            path=a.file.name,
            sha256=a.sha256,
        )
        for a in attachments
    )


def minutes_work(
    meeting: Meeting, minutes: Minutes, author: User, produced_at: datetime, body: str, files: tuple[WorkFile, ...]
) -> ProducedWork:
    """Finalised minutes: a record of the meeting's department."""
    return ProducedWork(
        kind=WorkKind.MINUTES,
        source_id=minutes.pk,
        title=f"{minutes.title} 회의록",
        body=body,
        department=meeting.department,
        author=author,
        produced_at=produced_at,
        unit_task=meeting.unit_task,
        files=files,
    )


def card_year_work(task: UnitTask, registered: TaskCardYear, author: User, produced_at: datetime) -> ProducedWork:
    """A registered year of a 과제관리카드: a record of its unit task's department, filed under it."""
    return ProducedWork(
        kind=WorkKind.TASK_CARD,
        source_id=registered.pk,
        title=f"{registered.year}년 과제관리카드({task.name})",
        body=registered.body,
        department=task.department,
        author=author,
        produced_at=produced_at,
        unit_task=task,
    )


def produced_works(*, until: datetime) -> list[ProducedWork]:
    """Every work of the current schema produced up to `until`, oldest first, as the services would
    have announced it (a handful of queries, whatever the number)."""
    from tasks.models import MemoAttachment, MemoReport, Minutes, MinutesAttachment, TaskCardYear
    from tasks.services.meetings import minutes_text

    works: list[ProducedWork] = []
    memos = list(
        MemoReport.objects.filter(sent_at__lte=until)
        .select_related("author__department", "unit_task__department")
        .order_by("sent_at", "pk")
    )
    memo_files: dict[int, list[WorkFile]] = defaultdict(list)
    for a in MemoAttachment.objects.filter(memo__in=[m.pk for m in memos]).order_by("memo_id", "id"):
        memo_files[a.memo_id].append(WorkFile(name=a.original_name, path=a.file.name, sha256=a.sha256))
    for memo in memos:
        work = memo_work(memo, memo.author, tuple(memo_files.get(memo.pk, ())))
        if work is not None:
            works.append(work)
    final = list(
        Minutes.objects.filter(status=Minutes.Status.FINAL, finalised_at__lte=until)
        .select_related("meeting__department", "meeting__unit_task__department", "recorded_by")
        .order_by("finalised_at", "pk")
    )
    attachments: dict[int, list] = defaultdict(list)
    for a in MinutesAttachment.objects.filter(minutes__in=[m.pk for m in final]).order_by("minutes_id", "id"):
        attachments[a.minutes_id].append(a)
    for minutes in final:
        assert minutes.finalised_at is not None  # noqa: S101 - FINAL minutes carry their moment (constraint)
        works.append(
            minutes_work(
                minutes.meeting,
                minutes,
                minutes.recorded_by,
                minutes.finalised_at,
                minutes_text(minutes),
                minutes_files(attachments.get(minutes.pk, [])),
            )
        )
    for registered in (
        TaskCardYear.objects.filter(registered_at__lte=until)
        .select_related("card__unit_task__department", "registered_by")
        .order_by("registered_at", "pk")
    ):
        works.append(
            card_year_work(registered.card.unit_task, registered, registered.registered_by, registered.registered_at)
        )
    works.sort(key=lambda w: (w.produced_at, w.kind, w.source_id))
    return works
