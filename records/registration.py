"""Registration (기록물 등록): every completed document and every registered receipt becomes a
`Record` in the transaction that completes or registers it, filed into its 기록물철.

approval and receipts announce those moments through their signals (approval.signals.
document_completed, receipts.signals.receipt_registered), connected in RecordsConfig.ready(); they
never import records. What the 업무관리시스템 produces (메모보고 sent, 회의록 finalised with its
속기록, a year of a 과제관리카드) comes the same way (tasks.signals.work_produced) as a plain
`ProducedWork`: records never reads tasks' memo, meeting or card models. A registration that
fails raises, so the completion rolls back with it; a completion rolled back for any other reason
leaves no record.
"""

from __future__ import annotations

import hashlib
import re
from datetime import datetime
from typing import Any

from django.db import connection
from django.utils import timezone
from django_tenants.utils import get_public_schema_name

from core.serials import next_yearly_serial, take_yearly_serials
from org.models import Department
from records import duties
from records.models import CounterSeries, Record, RecordCounter, RecordFile, RecordSource, longest_retention
from tasks.models import Disclosure, UnitTask
from tasks.signals import ProducedWork, WorkKind


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def file_for(*, unit_task: UnitTask, department: Department, year: int, electronic: bool = True) -> RecordFile:
    """The 기록물철 of a unit task, department and production year (its first, sequence 1),
    created on demand with the unit task's retention and reason, locked for the caller's
    transaction. Safe when two completions create it at once: the second waits on the unique
    index and then finds the first's row."""
    RecordFile.objects.bulk_create(
        [
            RecordFile(
                unit_task=unit_task,
                department=department,
                year=year,
                is_electronic=electronic,
                sequence=1,
                title=unit_task.name if electronic else f"{unit_task.name}(비전자)",
                retention_period=unit_task.retention_period,
                retention_reason=unit_task.retention_reason,
            )
        ],
        ignore_conflicts=True,
    )
    return RecordFile.objects.select_for_update().get(
        unit_task=unit_task, department=department, year=year, is_electronic=electronic, sequence=1
    )


def raise_file_retention(record_file: RecordFile, retention_period: str) -> None:
    """A file keeps the longest retention of its records (never lowered here)."""
    longest = longest_retention(record_file.retention_period, retention_period)
    if longest != record_file.retention_period:
        record_file.retention_period = longest
        record_file.save(update_fields=["retention_period"])


def record_retention(unit_task: UnitTask, given: str = "") -> str:
    """A record's retention: the unit task's schedule entry, or the longer one its document was
    filed with (a drafter may keep a record longer than the schedule, never shorter)."""
    return longest_retention(unit_task.retention_period, given)


def _components(rows: Any) -> list[dict[str, str]]:
    return [{"name": row.original_name, "path": row.file.name, "sha256": row.sha256} for row in rows]


def on_document_completed(sender: Any, *, document: Any, actor: Any, at: datetime, **kwargs: Any) -> None:
    """생산 기록물: the completed document, filed under its unit task (approval.signals)."""
    produced_on = timezone.localtime(at).date()
    unit_task = document.unit_task
    retention = record_retention(unit_task, document.retention_period)
    year = document.registration_year or produced_on.year
    record_file = file_for(unit_task=unit_task, department=document.department, year=year)
    raise_file_retention(record_file, retention)
    Record.objects.create(
        source=RecordSource.PRODUCED,
        source_id=document.pk,
        registration_number=document.registration_display or document.registration_number,
        title=document.title,
        registered_on=produced_on,
        year=year,
        department=document.department,
        drafter=document.drafter,
        author_label=document.drafter.name,
        unit_task=unit_task,
        record_file=record_file,
        retention_period=retention,
        disclosure=document.disclosure,
        disclosure_ground=document.disclosure_ground,
        start_date=duties.start_date(produced_on),
        body=document.body,
        body_sha256=sha256_text(document.body),
        components=_components(document.attachments.order_by("order")),
        registered_by=actor,
        created_at=at,
    )


_GROUND = re.compile(r"\(([1-8](?:,[1-8])*)\)")


def parse_disclosure(text: str) -> tuple[str, str]:
    """A received document's 공개구분 as its sender printed it (공개 / 부분공개(5) / 비공개(5,6))."""
    text = (text or "").replace(" ", "")
    match = _GROUND.search(text)
    ground = match.group(1) if match else ""
    if text.startswith("비공개"):
        return Disclosure.PRIVATE, ground
    if text.startswith("부분공개"):
        return Disclosure.PARTIAL, ground
    return Disclosure.PUBLIC, ""


def on_receipt_registered(sender: Any, *, received: Any, actor: Any, at: datetime, **kwargs: Any) -> None:
    """접수 기록물: the registered receipt, unfiled until its 처리과 files it under a unit task."""
    if connection.schema_name == get_public_schema_name():  # type: ignore[attr-defined]  # django-tenants
        return  # the province receives too, but keeps no records here
    registered_on = timezone.localtime(at).date()
    disclosure, ground = parse_disclosure(received.disclosure)
    components = [{"name": "공문서.pdf", "path": received.pdf.name, "sha256": received.pdf_sha256}]
    components += _components(received.attachments.order_by("order"))
    Record.objects.create(
        source=RecordSource.RECEIVED,
        source_id=received.pk,
        registration_number=received.registration_number,
        title=received.title,
        registered_on=registered_on,
        year=received.registration_year or registered_on.year,
        department=received.registered_department,
        drafter=actor,
        author_label=received.sender_name,
        disclosure=disclosure,
        disclosure_ground=ground,
        start_date=duties.start_date(registered_on),
        body=received.body,
        body_sha256=sha256_text(received.body),
        components=components,
        registered_by=actor,
        created_at=at,
    )


WORK_SOURCES = {
    WorkKind.MEMO: RecordSource.MEMO,
    WorkKind.MINUTES: RecordSource.MINUTES,
    WorkKind.TASK_CARD: RecordSource.TASK_CARD,
}

# An unfiled memo or minutes (no unit task chosen yet) is a record of the internal review process
# (정보공개법 제9조제1항제5호) until its 처리과 files it at 정리 under a unit task.
UNFILED_DISCLOSURE: tuple[str, str] = (Disclosure.PRIVATE, "5")


def _work_record(work: ProducedWork, serial: int, actor: Any, record_file: RecordFile | None) -> Record:
    """The record of one produced work, numbered `serial` in its department's 업무관리 series and
    filed into `record_file` (the unit task's file of the year; None: unfiled until 정리)."""
    produced_on = timezone.localtime(work.produced_at).date()
    source = WORK_SOURCES[work.kind]
    unit_task = work.unit_task
    department = work.department
    retention = ""
    disclosure, ground = UNFILED_DISCLOSURE
    if unit_task is not None:
        department = unit_task.department  # filed by the unit task's 처리과, as documents are
        retention = record_retention(unit_task)
        disclosure, ground = unit_task.disclosure, unit_task.disclosure_ground
    return Record(
        source=source,
        source_id=work.source_id,
        registration_number=f"{work.department.name}-{source.label}{serial}",
        title=work.title[:300],
        registered_on=produced_on,
        year=produced_on.year,
        department=department,
        drafter=work.author,
        author_label=work.author.name,
        unit_task=unit_task,
        record_file=record_file,
        retention_period=retention,
        disclosure=disclosure,
        disclosure_ground=ground,
        start_date=duties.start_date(produced_on),
        body=work.body,
        body_sha256=sha256_text(work.body),
        components=[{"name": f.name, "path": f.path, "sha256": f.sha256} for f in work.files],
        registered_by=actor,
        created_at=work.produced_at,
    )


def on_work_produced(sender: Any, *, work: ProducedWork, actor: Any, **kwargs: Any) -> None:
    """업무관리 기록물: numbered in its department's yearly series and, when it names a unit task,
    filed into that task's file of the year with the task's retention and disclosure; otherwise
    registered unfiled, like a receipt, for the 처리과 to file at 정리."""
    year = timezone.localtime(work.produced_at).date().year
    serial = next_yearly_serial(RecordCounter, department_id=work.department.pk, year=year, series=CounterSeries.WORK)
    record_file = None
    if work.unit_task is not None:
        record_file = file_for(unit_task=work.unit_task, department=work.unit_task.department, year=year)
        raise_file_retention(record_file, record_retention(work.unit_task))
    _work_record(work, serial, actor, record_file).save()


def register_works(works: list[ProducedWork], *, actor: Any = None) -> int:
    """The bulk path of `on_work_produced`, for works produced without the signal (the demo's
    history, written in bulk): each work not registered yet becomes the record the signal would
    have written, numbered in its department's yearly series in the order produced (one counter
    upsert per department and year, so the series stays gap-free and continues from any number
    already taken), filed into its unit task's file of the year. A few queries, whatever the
    number of works. Registered by `actor`, or by each work's author. Returns how many it registered."""
    taken = {
        (source, source_id)
        for source, source_id in Record.objects.filter(
            source__in=WORK_SOURCES.values(), source_id__in={w.source_id for w in works}
        ).values_list("source", "source_id")
    }
    fresh = sorted(
        (w for w in works if (WORK_SOURCES[w.kind], w.source_id) not in taken),
        key=lambda w: (w.produced_at, w.kind, w.source_id),
    )
    if not fresh:
        return 0
    series: dict[tuple[int, int], list[ProducedWork]] = {}
    for work in fresh:
        series.setdefault((work.department.pk, timezone.localtime(work.produced_at).year), []).append(work)
    serials: dict[tuple[str, int], int] = {}
    for (department_id, year), in_series in series.items():
        first = take_yearly_serials(
            RecordCounter, department_id=department_id, year=year, count=len(in_series), series=CounterSeries.WORK
        )
        for offset, work in enumerate(in_series):
            serials[(work.kind, work.source_id)] = first + offset
    files = _work_files(fresh)
    rows = []
    for work in fresh:
        year = timezone.localtime(work.produced_at).year
        record_file = None
        if work.unit_task is not None:
            record_file = files[(work.unit_task.pk, work.unit_task.department_id, year)]
        rows.append(_work_record(work, serials[(work.kind, work.source_id)], actor or work.author, record_file))
    Record.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def _work_files(works: list[ProducedWork]) -> dict[tuple[int, int, int], RecordFile]:
    """The first electronic file of each (unit task, its department, year) the works are filed in,
    created where missing with the unit task's retention, raised to the longest of its records."""
    tasks: dict[tuple[int, int, int], UnitTask] = {}
    for work in works:
        if work.unit_task is not None:
            year = timezone.localtime(work.produced_at).year
            tasks[(work.unit_task.pk, work.unit_task.department_id, year)] = work.unit_task
    if not tasks:
        return {}
    RecordFile.objects.bulk_create(
        [
            RecordFile(
                unit_task=task,
                department_id=department_id,
                year=year,
                is_electronic=True,
                sequence=1,
                title=task.name,
                retention_period=task.retention_period,
                retention_reason=task.retention_reason,
            )
            for (_pk, department_id, year), task in tasks.items()
        ],
        ignore_conflicts=True,
    )
    files = {
        (f.unit_task_id, f.department_id, f.year): f
        for f in RecordFile.objects.select_for_update().filter(
            unit_task_id__in={k[0] for k in tasks}, is_electronic=True, sequence=1, year__in={k[2] for k in tasks}
        )
    }
    raised = []
    for key, task in tasks.items():
        record_file = files[key]
        longest = longest_retention(record_file.retention_period, record_retention(task))
        if longest != record_file.retention_period:
            record_file.retention_period = longest
            raised.append(record_file)
    if raised:
        RecordFile.objects.bulk_update(raised, ["retention_period"])
    return {key: files[key] for key in tasks}
