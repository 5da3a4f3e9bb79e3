"""Records for a demo institution: the e-approval and work-management seeds write their history in
bulk (no completion signal fires), so this seeder registers every completed document, registered
receipt, sent memo report, finalised minutes and registered card year that has no record yet —
the rows records.registration would have written in the completing transaction, filed into the
기록물철 of their unit task, department and year with the same retention rules — then does last
year's 정리 as each 처리과 would: received and unfiled records of last year are filed under their
department's first unit task, and last year's files are closed by the department head at the end
of February (or now, in January and February), with the audit entries the service writes.
The demo `admin` account is also the institution's 기록물관리전문요원 (the 기록관).

Plan in memory, write in bulk (docs/ARCHITECTURE.md "Demo data"). Idempotent: registering only
what has no record, it leaves a registered institution as it is. `manage.py seed_demo` calls it
after approval's and budget's seeders (records.plugin)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time
from time import perf_counter
from typing import Any

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from approval.models import Attachment, Document, DocumentStatus
from audit.services import AuditEntry, audit_record_many
from org.demo import ADMIN_USERNAME, SEED_ACTOR
from org.models import Department, User
from receipts.models import ReceiptStatus, ReceivedAttachment, ReceivedDocument
from records import duties
from records.disposal_demo import seed_expired
from records.models import (
    CounterSeries,
    FileStatus,
    Record,
    RecordCounter,
    RecordFile,
    RecordSource,
    RecordType,
    longest_retention,
)
from records.plugin import RECORDS_MANAGER
from records.registration import parse_disclosure, register_works, sha256_text
from tasks.models import UnitTask
from tasks.produced import produced_works


@dataclass(frozen=True)
class RecordsSeedResult:
    created: bool
    counts: dict[str, int]
    seconds: float
    note: str = ""


def institution_seed(*, institution: Any, now: datetime) -> RecordsSeedResult:
    started = perf_counter()
    with transaction.atomic():
        manager = _appoint_archivist()
        records, files = _register(now)
        # What the work-management seed produced (memos sent, minutes finalised, card years
        # registered) without the signal: registered as the signal would have (records.registration).
        work_records = register_works(produced_works(until=now))
        paper = _paper_history(now)
        closed = _arrange_last_year(now)
        expired = seed_expired(now)
    counts = {
        "records": records,
        "work_records": work_records,
        "files": files,
        "paper_records": paper,
        "closed_files": closed,
        "archivists": int(manager),
        "expired_files": expired,
    }
    return RecordsSeedResult(
        bool(records or work_records or paper or closed or expired), counts, perf_counter() - started
    )


# Last year's non-electronic records a 처리과 keeps (도면, 대장, 사진), registered by hand: two per
# department for the first departments with unit tasks. (title, type, pages, month, day, kept in office)
PAPER = (
    ("청사 배치 도면", RecordType.DRAWING, 12, 3, 17, False),
    ("비품 관리대장", RecordType.LEDGER, 48, 6, 2, True),
    ("행사 사진첩", RecordType.PHOTO, 36, 9, 8, False),
    ("시설 점검 카드", RecordType.CARD, 20, 11, 24, True),
)
PAPER_DEPARTMENTS = 6


def _paper_history(now: datetime) -> int:
    """Two hand-registered paper records of last year per department, numbered from the records
    counter as record_register_paper numbers them, with the audit entries it writes."""
    if Record.objects.filter(source=RecordSource.MANUAL).exists():
        return 0
    year = timezone.localdate(now).year - 1
    first_task: dict[int, UnitTask] = {}
    for task in (
        UnitTask.objects.filter(is_active=True).select_related("department").order_by("department__path", "code")
    ):
        first_task.setdefault(task.department_id, task)
    chosen = list(first_task.values())[:PAPER_DEPARTMENTS]
    if not chosen:
        return 0
    heads = dict(Department.objects.filter(head__isnull=False).values_list("pk", "head_id"))
    people = {u.pk: u for u in User.objects.filter(pk__in=set(heads.values()))}
    files: dict[int, RecordFile] = {}
    for task in chosen:
        files[task.pk] = RecordFile(
            unit_task=task,
            department_id=task.department_id,
            year=year,
            is_electronic=False,
            title=f"{task.name}(비전자)",
            retention_period=task.retention_period,
            retention_reason=task.retention_reason,
        )
    RecordFile.objects.bulk_create(files.values())
    rows, counters, entries = [], [], []
    for index, task in enumerate(chosen):
        head = people.get(heads.get(task.department_id, 0))
        for serial, (title, kind, pages, month, day, kept) in enumerate(
            (PAPER[(2 * index) % len(PAPER)], PAPER[(2 * index + 1) % len(PAPER)]), start=1
        ):
            on = date(year, month, day)
            record = Record(
                source=RecordSource.MANUAL,
                registration_number=f"{task.department.name}-비전자{serial}",
                title=title,
                registered_on=on,
                year=year,
                department_id=task.department_id,
                drafter=head,
                author_label=head.name if head else "",
                unit_task=task,
                record_file=files[task.pk],
                retention_period=task.retention_period,
                start_date=duties.start_date(on),
                is_electronic=False,
                record_type=kind,
                pages=pages,
                location=f"문서고 {chr(65 + index)}-{serial}",
                kept_in_office=kept,
                registered_by=head,
                created_at=timezone.make_aware(datetime.combine(on, time(10, 0))),
            )
            rows.append(record)
        counters.append(RecordCounter(department_id=task.department_id, year=year, series=CounterSeries.PAPER, last=2))
    Record.objects.bulk_create(rows)
    RecordCounter.objects.bulk_create(counters)
    for record in rows:
        entries.append(
            AuditEntry(
                action="record.register_paper",
                actor=record.registered_by,
                target=record,
                data={"number": record.registration_number, "file": record.record_file_id},
                actor_label="" if record.registered_by else SEED_ACTOR,
            )
        )
    audit_record_many(entries)
    return len(rows)


def _appoint_archivist() -> bool:
    admin = User.objects.filter(username=ADMIN_USERNAME).first()
    group = Group.objects.filter(name=RECORDS_MANAGER).first()
    if admin is None or group is None or admin.groups.filter(pk=group.pk).exists():
        return False
    admin.groups.add(group)
    return True


def _register(now: datetime) -> tuple[int, int]:
    registered = Record.objects.values("source_id")
    documents = list(
        Document.objects.filter(status=DocumentStatus.COMPLETED, registered_at__lte=now)
        .exclude(pk__in=registered.filter(source=RecordSource.PRODUCED))
        .select_related("drafter")
        .order_by("registered_at", "pk")
    )
    receipts = list(
        ReceivedDocument.objects.exclude(status=ReceiptStatus.WAITING)
        .filter(registered_at__lte=now)
        .exclude(pk__in=registered.filter(source=RecordSource.RECEIVED))
        .select_related("registered_by")
        .order_by("registered_at", "pk")
    )
    if not documents and not receipts:
        return 0, 0
    tasks = {t.pk: t for t in UnitTask.objects.filter(pk__in={d.unit_task_id for d in documents})}
    attachments: dict[int, list[dict[str, str]]] = defaultdict(list)
    for a in Attachment.objects.filter(document__in=[d.pk for d in documents]).order_by("document_id", "order"):
        attachments[a.document_id].append({"name": a.original_name, "path": a.file.name, "sha256": a.sha256})
    received_attachments: dict[int, list[dict[str, str]]] = defaultdict(list)
    for ra in ReceivedAttachment.objects.filter(received__in=[r.pk for r in receipts]).order_by("received_id", "order"):
        received_attachments[ra.received_id].append(
            {"name": ra.original_name, "path": ra.file.name, "sha256": ra.sha256}
        )

    rows: list[Record] = []
    wanted: dict[tuple[int, int, int], str] = {}  # (unit task, department, year) -> longest retention
    for d in documents:
        if d.registered_at is None:  # registered iff completed (constraint)
            continue
        task = tasks[d.unit_task_id or 0]  # completed documents are filed (constraint)
        produced_on = timezone.localtime(d.registered_at).date()
        year = d.registration_year or produced_on.year
        retention = longest_retention(task.retention_period, d.retention_period)
        key = (task.pk, d.department_id, year)
        wanted[key] = longest_retention(wanted.get(key, ""), retention)
        rows.append(
            Record(
                source=RecordSource.PRODUCED,
                source_id=d.pk,
                registration_number=d.registration_display or d.registration_number,
                title=d.title,
                registered_on=produced_on,
                year=year,
                department_id=d.department_id,
                drafter_id=d.drafter_id,
                author_label=d.drafter.name,
                unit_task_id=task.pk,
                retention_period=retention,
                disclosure=d.disclosure,
                disclosure_ground=d.disclosure_ground,
                start_date=duties.start_date(produced_on),
                body=d.body,
                body_sha256=sha256_text(d.body),
                components=attachments.get(d.pk, []),
                registered_by_id=d.drafter_id,
                created_at=d.registered_at,
            )
        )
    for r in receipts:
        if r.registered_at is None or r.registered_department_id is None:  # numbered unless waiting
            continue
        registered_on = timezone.localtime(r.registered_at).date()
        disclosure, ground = parse_disclosure(r.disclosure)
        components = [{"name": "공문서.pdf", "path": r.pdf.name, "sha256": r.pdf_sha256}]
        rows.append(
            Record(
                source=RecordSource.RECEIVED,
                source_id=r.pk,
                registration_number=r.registration_number,
                title=r.title,
                registered_on=registered_on,
                year=r.registration_year or registered_on.year,
                department_id=r.registered_department_id,
                drafter_id=r.registered_by_id,
                author_label=r.sender_name,
                disclosure=disclosure,
                disclosure_ground=ground,
                start_date=duties.start_date(registered_on),
                body=r.body,
                body_sha256=sha256_text(r.body),
                components=components + received_attachments.get(r.pk, []),
                registered_by_id=r.registered_by_id,
                created_at=r.registered_at,
            )
        )
    files = _files_for(wanted, tasks)
    for row in rows:
        if row.unit_task_id is not None:
            row.record_file = files[(row.unit_task_id, row.department_id, row.year)]
    Record.objects.bulk_create(rows, batch_size=1000)
    return len(rows), len(files)


def _files_for(wanted: dict[tuple[int, int, int], str], tasks: dict[int, UnitTask]) -> dict[tuple, RecordFile]:
    """The first electronic file of each (unit task, department, year), created where missing, its
    retention raised to the longest of its records."""
    existing = {
        (f.unit_task_id, f.department_id, f.year): f
        for f in RecordFile.objects.filter(unit_task_id__in={k[0] for k in wanted}, is_electronic=True, sequence=1)
    }
    new, raised = [], []
    for key, retention in wanted.items():
        found = existing.get(key)
        if found is None:
            task = tasks[key[0]]
            found = RecordFile(
                unit_task_id=key[0],
                department_id=key[1],
                year=key[2],
                title=task.name,
                retention_period=longest_retention(task.retention_period, retention),
                retention_reason=task.retention_reason,
            )
            new.append(found)
            existing[key] = found
        elif longest_retention(found.retention_period, retention) != found.retention_period:
            found.retention_period = longest_retention(found.retention_period, retention)
            raised.append(found)
    RecordFile.objects.bulk_create(new)
    if raised:
        RecordFile.objects.bulk_update(raised, ["retention_period"])
    return {key: existing[key] for key in wanted}


def _arrange_last_year(now: datetime) -> int:
    """정리 of every past year: unfiled received records filed under their department's first
    unit task, then the open files closed by the department head (the seed actor where none)."""
    today = timezone.localdate(now)
    unfiled = list(Record.objects.filter(record_file__isnull=True, year__lt=today.year).order_by("pk"))
    if unfiled:
        first_task: dict[int, UnitTask] = {}
        for task in UnitTask.objects.filter(is_active=True).order_by("department_id", "code"):
            first_task.setdefault(task.department_id, task)
        keys: dict[tuple[int, int, int], str] = {}
        kept = []
        for record in unfiled:
            first = first_task.get(record.department_id)
            if first is None:
                continue
            record.unit_task = first
            record.retention_period = first.retention_period
            keys[(first.pk, record.department_id, record.year)] = first.retention_period
            kept.append(record)
        files = _files_for(keys, {t.pk: t for t in first_task.values()})
        for record in kept:
            record.record_file = files[(record.unit_task_id, record.department_id, record.year)]
        Record.objects.bulk_update(kept, ["unit_task", "retention_period", "record_file"], batch_size=1000)
    open_files = list(
        RecordFile.objects.filter(status=FileStatus.OPEN, year__lt=today.year)
        .select_related("department", "unit_task")
        .order_by("year", "department__path", "unit_task__code", "pk")
    )
    if not open_files:
        return 0
    heads = dict(Department.objects.filter(head__isnull=False).values_list("pk", "head_id"))
    people = {u.pk: u for u in User.objects.filter(pk__in=set(heads.values()))}
    entries = []
    for f in open_files:
        due = duties.arrangement_due(f.year)
        closing = timezone.make_aware(datetime.combine(min(due - _days(8), today), time(16, 0)))
        f.status = FileStatus.CLOSED
        f.closed_at = min(closing, now)
        head = people.get(heads.get(f.department_id, 0))
        f.closed_by = head
        entries.append(
            AuditEntry(
                action="record_file.close",
                actor=head,
                target=f,
                data={"year": f.year, "number": f.number},
                actor_label="" if head else SEED_ACTOR,
            )
        )
    RecordFile.objects.bulk_update(open_files, ["status", "closed_at", "closed_by"], batch_size=1000)
    audit_record_many(entries)
    return len(open_files)


def _days(n: int) -> Any:
    from datetime import timedelta

    return timedelta(days=n)
