"""Demo work for 평가·폐기 and 비공개 재분류 at a demo institution (called by records.demo): the
electronic records of past years an institution brought from its old system (legacy-registered,
source 수기 등록), already held by the 기록관 —

- for each of the first departments with a unit task of 1, 3, 5 or 10 years, one file of the year
  whose retention ended last year (production year = this year − period − 1), three records each:
  the disposal page has expired files to review;
- one of those files under a legal hold (감사), so the page shows a held file it cannot choose;
- one 10-year file of eight years ago whose records are 비공개 (6호): their 기산일 was seven years
  ago, so the 5-year 재분류 is due.

Plan in memory, write in bulk (three statements and one audit batch). Idempotent: it does nothing
where any legal hold or any file of its oldest years exists already."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from django.utils import timezone

from audit.services import AuditEntry, audit_record_many
from org.demo import ADMIN_USERNAME, SEED_ACTOR
from org.models import User
from records import duties
from records.models import FileStatus, HoldReason, LegalHold, Record, RecordFile, RecordSource
from records.registration import sha256_text
from tasks.models import Disclosure, RetentionPeriod, UnitTask

DEPARTMENTS = 4
RECORDS_PER_FILE = 3
FINITE = {RetentionPeriod.YEARS_1, RetentionPeriod.YEARS_3, RetentionPeriod.YEARS_5, RetentionPeriod.YEARS_10}
TITLES = ("업무 추진 계획", "추진 결과 보고", "관련 기관 협조 요청")


def seed_expired(now: datetime) -> int:
    """Returns how many files it created (0 when already seeded or nothing fits)."""
    today = timezone.localdate(now)
    if LegalHold.objects.exists():
        return 0
    chosen: dict[int, UnitTask] = {}
    for task in (
        UnitTask.objects.filter(is_active=True, retention_period__in=FINITE)
        .select_related("department")
        .order_by("department__path", "code")
    ):
        chosen.setdefault(task.department_id, task)
        if len(chosen) == DEPARTMENTS:
            break
    if not chosen:
        return 0
    plans: list[tuple[UnitTask, int, bool]] = []  # (unit task, production year, 비공개)
    for task in chosen.values():
        years = RetentionPeriod.years(task.retention_period) or 1
        plans.append((task, today.year - years - 1, False))
    private_task = next(iter(chosen.values()))
    plans.append((private_task, today.year - 8, True))
    if RecordFile.objects.filter(
        unit_task__in=[p[0] for p in plans], year__in=[p[1] for p in plans], is_electronic=True
    ).exists():
        return 0
    archivist = User.objects.filter(username=ADMIN_USERNAME).first()
    files, rows = [], []
    for task, year, private in plans:
        closed = timezone.make_aware(datetime.combine(duties.arrangement_due(year), time(16, 0)))
        record_file = RecordFile(
            unit_task=task,
            department_id=task.department_id,
            year=year,
            title=f"{task.name}({year})",
            retention_period=RetentionPeriod.YEARS_10 if private else task.retention_period,
            retention_reason=task.retention_reason or "기록관리기준표",
            status=FileStatus.ARCHIVED,
            closed_at=closed,
        )
        files.append(record_file)
        for n, title in enumerate(TITLES[:RECORDS_PER_FILE], start=1):
            on = date(year, 3 * n, 10)
            body = f"<p>{year}년 {task.name} {title}</p>"
            rows.append(
                Record(
                    source=RecordSource.MANUAL,
                    registration_number=f"{task.department.name}-{year}-{n}",
                    title=f"{year}년 {task.name} {title}",
                    registered_on=on,
                    year=year,
                    department_id=task.department_id,
                    author_label=task.department.name,
                    unit_task=task,
                    record_file=record_file,
                    retention_period=record_file.retention_period,
                    disclosure=Disclosure.PRIVATE if private else Disclosure.PUBLIC,
                    disclosure_ground="6" if private else "",
                    start_date=duties.start_date(on),
                    body=body,
                    body_sha256=sha256_text(body),
                    registered_by=archivist,
                    created_at=timezone.make_aware(datetime.combine(on, time(10, 0))),
                )
            )
    RecordFile.objects.bulk_create(files)
    for row in rows:
        row.record_file_id = row.record_file.pk if row.record_file else None
    Record.objects.bulk_create(rows)
    entries: list[AuditEntry] = []
    expired = [f for f, plan in zip(files, plans, strict=True) if not plan[2]]
    if archivist is not None and len(expired) > 1:
        held = expired[-1]
        LegalHold.objects.create(
            record_file=held,
            reason=HoldReason.AUDIT,
            note=f"{today.year}년 도 종합감사 자료 보존 요청",
            placed_by=archivist,
            placed_at=now,
        )
        entries.append(_entry(archivist, held, "record_hold.place", {"number": held.number, "reason": "audit"}))
    audit_record_many(entries)
    return len(files)


def _entry(actor: User | None, target: Any, action: str, data: dict) -> AuditEntry:
    return AuditEntry(action=action, actor=actor, target=target, data=data, actor_label="" if actor else SEED_ACTOR)
