"""Everything that changes records by hand: registering a paper record (비전자기록물), filing a
received record under a unit task, moving a record between files of one unit task, a new file of
a unit task (split by subject), and 정리 (closing a department's files of a past year).

Refusals are Korean ValidationErrors keyed by field, raised before anything is written;
decisive actions go to the audit chain.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from core.serials import next_yearly_serial
from org.models import User
from records import duties
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
from records.permissions import may_handle
from records.registration import file_for, raise_file_retention, record_retention
from tasks.models import Disclosure, UnitTask
from tasks.models.classification import disclosure_ground_validator


def _audit(action: str, actor: User, target: Any, **data: Any) -> None:
    audit_record(action=action, actor=actor, target=target, data=data)


def _check_disclosure(disclosure: str, ground: str, errors: dict[str, str]) -> None:
    if disclosure not in Disclosure.values:
        errors["disclosure"] = _("공개구분을 선택하세요.")
    elif disclosure != Disclosure.PUBLIC:
        try:
            disclosure_ground_validator(ground)
        except ValidationError:
            errors["disclosure_ground"] = _(
                "부분공개·비공개는 정보공개법 제9조제1항의 호수(1~8)를 적어야 합니다. 예: 5 또는 5,6"
            )


def _task_of_department(actor: User, unit_task: UnitTask | None, errors: dict[str, str]) -> None:
    if unit_task is None:
        errors["unit_task"] = _("단위과제를 선택하세요.")
    elif not unit_task.is_active:
        errors["unit_task"] = _("폐지된 단위과제입니다.")
    elif not may_handle(actor, unit_task.department):
        errors["unit_task"] = _("우리 부서(또는 관할 부서)의 단위과제만 선택할 수 있습니다.")


def record_register_paper(
    *,
    actor: User,
    title: str,
    registered_on: date | None,
    unit_task: UnitTask | None,
    record_type: str,
    pages: int | None,
    location: str,
    kept_in_office: bool = False,
    disclosure: str = Disclosure.PUBLIC,
    disclosure_ground: str = "",
    now: datetime | None = None,
) -> Record:
    """비전자기록물 (도면, 사진, 대장 …) registered by hand with its 쪽수, 보존 위치 and 비치 flag,
    filed into the unit task's non-electronic file of its year."""
    now = now or timezone.now()
    title, location, disclosure_ground = title.strip(), location.strip(), disclosure_ground.strip()
    errors: dict[str, str] = {}
    if not title:
        errors["title"] = _("제목을 입력하세요.")
    if registered_on is None:
        errors["registered_on"] = _("생산(등록)일자를 입력하세요.")
    elif registered_on > timezone.localdate(now):
        errors["registered_on"] = _("생산일자는 오늘 이후일 수 없습니다.")
    _task_of_department(actor, unit_task, errors)
    if record_type not in RecordType.values:
        errors["record_type"] = _("기록물 형태를 선택하세요.")
    if not pages or pages < 1:
        errors["pages"] = _("쪽수(매수)를 1 이상으로 입력하세요.")
    if not location:
        errors["location"] = _("보존 위치(서고·캐비닛 등)를 입력하세요.")
    _check_disclosure(disclosure, disclosure_ground if disclosure != Disclosure.PUBLIC else "", errors)
    if errors:
        raise ValidationError(errors)
    if unit_task is None or registered_on is None:  # checked above; narrows the types
        raise ValidationError(errors)
    department = unit_task.department
    with transaction.atomic():
        record_file = file_for(unit_task=unit_task, department=department, year=registered_on.year, electronic=False)
        if record_file.status != FileStatus.OPEN:
            raise ValidationError(
                {
                    "registered_on": _("%(year)d년 기록물철은 정리가 끝나 등록할 수 없습니다.")
                    % {"year": registered_on.year}
                }
            )
        retention = record_retention(unit_task)
        raise_file_retention(record_file, retention)
        serial = next_yearly_serial(
            RecordCounter, department_id=department.pk, year=registered_on.year, series=CounterSeries.PAPER
        )
        record = Record.objects.create(
            source=RecordSource.MANUAL,
            registration_number=f"{department.name}-비전자{serial}",
            title=title,
            registered_on=registered_on,
            year=registered_on.year,
            department=department,
            drafter=actor,
            author_label=actor.name,
            unit_task=unit_task,
            record_file=record_file,
            retention_period=retention,
            disclosure=disclosure,
            disclosure_ground=disclosure_ground if disclosure != Disclosure.PUBLIC else "",
            start_date=duties.start_date(registered_on),
            is_electronic=False,
            record_type=record_type,
            pages=pages,
            location=location,
            kept_in_office=kept_in_office,
            registered_by=actor,
            created_at=now,
        )
        _audit("record.register_paper", actor, record, number=record.registration_number, file=record_file.pk)
    return record


def _lock_record(record: Record) -> Record:
    return Record.objects.select_for_update(of=("self",)).select_related("record_file", "unit_task").get(pk=record.pk)


def refresh_file_retention(record_file: RecordFile) -> None:
    """Recompute a file's retention: the longest of its unit task's entry and its records."""
    periods = record_file.records.values_list("retention_period", flat=True)
    longest = longest_retention(record_file.unit_task.retention_period, *periods)
    if longest != record_file.retention_period:
        record_file.retention_period = longest
        record_file.save(update_fields=["retention_period"])


def record_file_under(
    *, actor: User, record: Record, unit_task: UnitTask | None, now: datetime | None = None
) -> Record:
    """Files a received record (접수, unfiled) under a unit task of the 처리과: it takes the unit
    task's retention and goes into the task's file of its year."""
    errors: dict[str, str] = {}
    _task_of_department(actor, unit_task, errors)
    if errors:
        raise ValidationError(errors)
    if unit_task is None:  # checked above; narrows the type
        raise ValidationError(errors)
    with transaction.atomic():
        record = _lock_record(record)
        if not may_handle(actor, record.department) and not may_handle(actor, unit_task.department):
            raise PermissionDenied(_("이 기록물을 편철할 권한이 없습니다."))
        if record.record_file_id is not None:
            raise ValidationError({"unit_task": _("이미 편철된 기록물입니다. 철 이동을 이용하세요.")})
        record_file = file_for(
            unit_task=unit_task, department=unit_task.department, year=record.year, electronic=record.is_electronic
        )
        if record_file.status != FileStatus.OPEN:
            raise ValidationError({"unit_task": _("정리가 끝난 기록물철에는 편철할 수 없습니다.")})
        record.unit_task = unit_task
        record.department = unit_task.department
        record.retention_period = record_retention(unit_task)
        record.record_file = record_file
        record.save(update_fields=["unit_task", "department", "retention_period", "record_file"])
        raise_file_retention(record_file, record.retention_period)
        _audit("record.file", actor, record, unit_task=unit_task.code, file=record_file.pk)
    return record


def record_move(*, actor: User, record: Record, target: RecordFile | None, now: datetime | None = None) -> Record:
    """Moves a record to another file of the same unit task (and medium) before 정리."""
    if target is None:
        raise ValidationError({"target": _("옮길 기록물철을 선택하세요.")})
    with transaction.atomic():
        record = _lock_record(record)
        source = record.record_file
        if source is None:
            raise ValidationError({"target": _("편철되지 않은 기록물입니다. 먼저 단위과제를 정해 편철하세요.")})
        if not may_handle(actor, source.department):
            raise PermissionDenied(_("이 기록물을 옮길 권한이 없습니다."))
        files = {f.pk: f for f in RecordFile.objects.select_for_update().filter(pk__in=sorted({source.pk, target.pk}))}
        source, target = files[source.pk], files[target.pk]
        if source.status != FileStatus.OPEN or target.status != FileStatus.OPEN:
            raise ValidationError({"target": _("정리가 끝난 기록물철의 기록물은 옮길 수 없습니다.")})
        if target.pk == source.pk:
            raise ValidationError({"target": _("지금 있는 기록물철입니다.")})
        if target.unit_task_id != source.unit_task_id:
            raise ValidationError({"target": _("같은 단위과제의 기록물철로만 옮길 수 있습니다.")})
        if target.is_electronic != source.is_electronic or target.department_id != source.department_id:
            raise ValidationError({"target": _("같은 부서·같은 매체(전자/비전자)의 기록물철로만 옮길 수 있습니다.")})
        record.record_file = target
        record.save(update_fields=["record_file"])
        refresh_file_retention(source)
        refresh_file_retention(target)
        _audit("record.move", actor, record, from_file=source.pk, to_file=target.pk)
    return record


def record_file_create(
    *, actor: User, unit_task: UnitTask, year: int, title: str, electronic: bool = True
) -> RecordFile:
    """Another file of a unit task's year (기록물철 분철, by subject)."""
    errors: dict[str, str] = {}
    _task_of_department(actor, unit_task, errors)
    if not title.strip():
        errors["title"] = _("기록물철 제목을 입력하세요.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        first = file_for(unit_task=unit_task, department=unit_task.department, year=year, electronic=electronic)
        if first.status != FileStatus.OPEN:
            raise ValidationError({"title": _("정리가 끝난 연도에는 기록물철을 만들 수 없습니다.")})
        last = RecordFile.objects.filter(
            unit_task=unit_task, department=unit_task.department, year=year, is_electronic=electronic
        ).aggregate(last=Max("sequence"))["last"]
        return RecordFile.objects.create(
            unit_task=unit_task,
            department=unit_task.department,
            year=year,
            is_electronic=electronic,
            sequence=(last or 0) + 1,
            title=title.strip(),
            retention_period=unit_task.retention_period,
            retention_reason=unit_task.retention_reason,
        )


def arrangement_close(*, actor: User, department: Any, year: int, now: datetime | None = None) -> int:
    """정리: closes a department's files of a past year once every record of that year is filed.
    Returns how many files were closed."""
    now = now or timezone.now()
    if not may_handle(actor, department):
        raise PermissionDenied(_("이 부서의 기록물을 정리할 권한이 없습니다."))
    if year >= timezone.localdate(now).year:
        raise ValidationError({"year": _("지난해까지의 기록물만 정리할 수 있습니다.")})
    with transaction.atomic():
        files = list(
            RecordFile.objects.select_for_update(of=("self",))
            .select_related("department", "unit_task")
            .filter(department=department, year=year, status=FileStatus.OPEN)
        )
        unfiled = Record.objects.filter(department=department, year=year, record_file__isnull=True).count()
        if unfiled:
            raise ValidationError(
                {
                    "year": _("단위과제를 정하지 않은 기록물이 %(count)d건 있습니다. 먼저 편철하세요.")
                    % {"count": unfiled}
                }
            )
        for record_file in files:
            record_file.status = FileStatus.CLOSED
            record_file.closed_at = now
            record_file.closed_by = actor
        RecordFile.objects.bulk_update(files, ["status", "closed_at", "closed_by"])
        for record_file in files:
            _audit("record_file.close", actor, record_file, year=year, number=record_file.number)
    return len(files)
