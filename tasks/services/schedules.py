"""일정관리 writes: personal, department and institution calendar entries.

For an all-day entry (종일) the dates of `starts_at` and `ends_at` are its first and last day; it
is stored from local midnight of the first day to local midnight after the last (the end is
exclusive, as in iCalendar), so one overlap rule serves every entry.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from org.models import Department, User
from org.visibility import viewer_for
from tasks.models import ScheduleEntry, ScheduleScope
from tasks.permissions.schedules import can_edit_entry, can_write_scope

_SCOPE_REFUSALS = {
    ScheduleScope.DEPARTMENT: gettext_lazy("소속 부서나 관할 부서의 일정만 등록할 수 있습니다."),
    ScheduleScope.INSTITUTION: gettext_lazy("기관 일정은 관리자만 등록할 수 있습니다."),
}


def _midnight(moment: datetime, *, days_after: int = 0) -> datetime:
    day = timezone.localtime(moment).date() + timedelta(days=days_after)
    return timezone.make_aware(datetime.combine(day, time.min))


def _clean(
    *,
    actor: User,
    scope: str,
    title: str,
    starts_at: datetime | None,
    ends_at: datetime | None,
    all_day: bool,
    department: Department | None,
) -> dict:
    errors: dict[str, str] = {}
    if scope not in ScheduleScope.values:
        errors["scope"] = _("일정 구분을 고르세요.")
    if not title.strip():
        errors["title"] = _("일정 제목을 입력하세요.")
    if starts_at is None:
        errors["starts_at"] = _("시작을 입력하세요.")
    if ends_at is None:
        errors["ends_at"] = _("종료를 입력하세요.")
    if starts_at and ends_at:
        if all_day:
            starts_at, ends_at = _midnight(starts_at), _midnight(ends_at, days_after=1)
        if ends_at < starts_at or (all_day and ends_at <= starts_at):
            errors["ends_at"] = _("종료는 시작보다 앞설 수 없습니다.")
    if scope == ScheduleScope.DEPARTMENT:
        department = department or actor.department
        if department is None:
            errors["department"] = _("부서를 선택하세요.")
    else:
        department = None
    if (
        "scope" not in errors
        and "department" not in errors
        and not can_write_scope(viewer_for(actor), scope, department)
    ):
        errors["scope"] = str(_SCOPE_REFUSALS[scope])
    if errors:
        raise ValidationError(errors)
    return {
        "scope": scope,
        "owner": actor if scope == ScheduleScope.PERSONAL else None,
        "department": department,
        "title": title.strip()[:200],
        "starts_at": starts_at,
        "ends_at": ends_at,
        "all_day": all_day,
    }


def schedule_entry_create(
    *,
    actor: User,
    scope: str,
    title: str,
    starts_at: datetime | None,
    ends_at: datetime | None,
    all_day: bool = False,
    location: str = "",
    note: str = "",
    department: Department | None = None,
) -> ScheduleEntry:
    values = _clean(
        actor=actor, scope=scope, title=title, starts_at=starts_at, ends_at=ends_at, all_day=all_day,
        department=department,
    )  # fmt: skip
    with transaction.atomic():
        return ScheduleEntry.objects.create(
            **values, location=location.strip()[:200], note=note.strip(), created_by=actor
        )


def schedule_entry_update(
    *,
    entry: ScheduleEntry,
    actor: User,
    scope: str,
    title: str,
    starts_at: datetime | None,
    ends_at: datetime | None,
    all_day: bool = False,
    location: str = "",
    note: str = "",
    department: Department | None = None,
) -> ScheduleEntry:
    """Change an entry; the actor must be allowed to write both what it was and what it becomes
    (only a personal entry's owner may touch it, so it cannot be taken over)."""
    with transaction.atomic():
        entry = ScheduleEntry.objects.select_for_update(of=("self",)).select_related("department").get(pk=entry.pk)
        if not can_edit_entry(viewer_for(actor), entry):
            raise PermissionDenied(_("이 일정을 바꿀 권한이 없습니다."))
        values = _clean(
            actor=actor, scope=scope, title=title, starts_at=starts_at, ends_at=ends_at, all_day=all_day,
            department=department,
        )  # fmt: skip
        for field, value in values.items():
            setattr(entry, field, value)
        entry.location = location.strip()[:200]
        entry.note = note.strip()
        entry.save()
    return entry


def schedule_entry_delete(*, entry: ScheduleEntry, actor: User) -> None:
    with transaction.atomic():
        entry = ScheduleEntry.objects.select_for_update(of=("self",)).select_related("department").get(pk=entry.pk)
        if not can_edit_entry(viewer_for(actor), entry):
            raise PermissionDenied(_("이 일정을 지울 권한이 없습니다."))
        entry.delete()
