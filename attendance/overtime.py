"""시간외근무 (attendance.overtime): pre-approval through e-approval, the caps checked at request,
and the hours paid from the clock records.

- Caps (공무원 model, reference §4.2, and 근로기준법 §53): 4 hours a working day, 57 hours a month,
  and 12 hours of overtime a week (the 52-hour week: 40 + 12, Monday to Sunday). The pending and
  approved requests count. A request over a cap is refused with the cap named, unless a reason
  is stated: then it goes up flagged (`over_cap`) for the approver to see.
- Paid span: the approved span cut to what the clock records show (출근 … 퇴근, an approved 근태
  정정 counting instead), less the institution's weekday deduction (0 by default; the 공무원
  model deducts 1 hour a working day). The split (`split`): on a working day every minute is 연장 and those
  between 22:00 and 06:00 are also 야간 (the night premium is on top, §56③); on a day off the
  first 8 hours are 휴일 ≤ 8 h and the rest 휴일 > 8 h, 야간 again on top.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _

from approval.services import approval_submit_subject
from attendance.calendar import is_working_day
from attendance.kinds import OVERTIME_KIND
from attendance.locks import lock_person
from attendance.models import AttendanceSettings, CorrectionStatus, Overtime
from attendance.services import default_unit_task
from audit.services import audit_record
from core.templatetags.korean import kdate
from org.models import User

DAILY_CAP = timedelta(hours=4)
MONTHLY_CAP = timedelta(hours=57)
WEEKLY_CAP = timedelta(hours=12)  # overtime beyond the 40-hour week: 52 in all
HOLIDAY_BASE = timedelta(hours=8)
NIGHT_START, NIGHT_END = time(22, 0), time(6, 0)


@dataclass(frozen=True)
class Split:
    """Minutes by kind. `night` overlaps the others: it is a premium on top of them."""

    extended: int = 0  # 연장
    night: int = 0  # 야간 (22–06)
    holiday: int = 0  # 휴일, the first 8 hours
    holiday_over: int = 0  # 휴일, beyond 8 hours

    def __add__(self, other: Split) -> Split:
        return Split(
            self.extended + other.extended,
            self.night + other.night,
            self.holiday + other.holiday,
            self.holiday_over + other.holiday_over,
        )


def _minutes(delta: timedelta) -> int:
    return max(int(delta.total_seconds() // 60), 0)


def night_minutes(start: datetime, end: datetime) -> int:
    """Minutes of [start, end) between 22:00 and 06:00 local time."""
    tz = timezone.get_current_timezone()
    start, end = timezone.localtime(start, tz), timezone.localtime(end, tz)
    total = 0
    day = start.date() - timedelta(days=1)
    while day <= end.date():
        window_start = datetime.combine(day, NIGHT_START, tz)
        window_end = datetime.combine(day + timedelta(days=1), NIGHT_END, tz)
        total += _minutes(min(end, window_end) - max(start, window_start))
        day += timedelta(days=1)
    return total


def split(start: datetime, end: datetime, *, day_off: bool) -> Split:
    if end <= start:
        return Split()
    total = _minutes(end - start)
    night = night_minutes(start, end)
    if not day_off:
        return Split(extended=total, night=night)
    base = _minutes(HOLIDAY_BASE)
    return Split(night=night, holiday=min(total, base), holiday_over=max(total - base, 0))


def paid_split(
    overtime: Overtime,
    clock_in: datetime | None,
    clock_out: datetime | None,
    *,
    day_off: bool,
    deduction: timedelta = timedelta(0),
) -> Split:
    """The approved span cut to the clocked span (nothing without both records), less the
    institution's weekday deduction (`AttendanceSettings.overtime_deduction_minutes`, the
    공무원 model's 1 hour a day): taken from the start of the span, so the night hours that come
    last are kept. A day off has no deduction."""
    if clock_in is None or clock_out is None:
        return Split()
    start = max(overtime.starts_at, clock_in)
    if not day_off:
        start += deduction
    return split(start, min(overtime.ends_at, clock_out), day_off=day_off)


def _planned(person: User, start: date, end: date) -> timedelta:
    rows = Overtime.objects.filter(
        person=person, day__range=(start, end), status__in=(CorrectionStatus.PENDING, CorrectionStatus.APPROVED)
    ).values_list("starts_at", "ends_at")
    return sum((e - s for s, e in rows), timedelta(0))


def overtime_submit(
    *, actor: User, day: date, start: time, end: time, reason: str, over_cap_reason: str = ""
) -> Overtime:
    """Ask to work `start`–`end` on `day` (an end at or before the start runs past midnight).
    Raises ValidationError in Korean; nothing is written then."""
    tz = timezone.get_current_timezone()
    reason, over_cap_reason = (reason or "").strip(), (over_cap_reason or "").strip()
    starts_at = datetime.combine(day, start, tz)
    ends_at = datetime.combine(day if end > start else day + timedelta(days=1), end, tz)
    errors: dict[str, str] = {}
    if not reason:
        errors["reason"] = _("업무 내용을 입력하세요.")
    if ends_at - starts_at > timedelta(hours=16):
        errors["end"] = _("시간외근무는 한 번에 16시간까지 신청할 수 있습니다.")
    working = is_working_day(actor, day)
    settings = AttendanceSettings.current()
    if working:
        regular_start = datetime.combine(day, settings.work_start, tz)
        regular_end = datetime.combine(day, settings.work_end, tz)
        if starts_at < regular_end and ends_at > regular_start:
            errors["start"] = _("근무일의 시간외근무는 정규 근무시간(%(start)s~%(end)s) 밖이어야 합니다.") % {
                "start": f"{settings.work_start:%H:%M}",
                "end": f"{settings.work_end:%H:%M}",
            }
    unit_task = default_unit_task(actor)
    if unit_task is None:
        errors["unit_task"] = _("시간외근무 신청을 올릴 단위과제가 없습니다.")
    if errors:
        raise ValidationError(errors)
    from attendance.close import refuse_closed_month

    refuse_closed_month(day)
    with transaction.atomic():
        lock_person(actor)  # two requests at once must not both fit under a cap
        asked = ends_at - starts_at
        week_start = day - timedelta(days=day.weekday())
        month_start = day.replace(day=1)
        next_month = (month_start + timedelta(days=32)).replace(day=1)
        over: list[str] = []
        if working and _planned(actor, day, day) + asked > DAILY_CAP:
            over.append(_("하루 4시간"))
        if _planned(actor, week_start, week_start + timedelta(days=6)) + asked > WEEKLY_CAP:
            over.append(_("주 52시간(연장 12시간)"))
        if _planned(actor, month_start, next_month - timedelta(days=1)) + asked > MONTHLY_CAP:
            over.append(_("월 57시간"))
        if over and not over_cap_reason:
            raise ValidationError(
                {
                    "over_cap_reason": _("%(caps)s 한도를 넘습니다. 넘겨야 하면 그 사유를 적으세요.")
                    % {"caps": ", ".join(over)}
                }
            )
        overtime = Overtime.objects.create(
            person=actor,
            day=day,
            starts_at=starts_at,
            ends_at=ends_at,
            reason=reason[:200],
            over_cap=bool(over),
            over_cap_reason=over_cap_reason[:200] if over else "",
        )
        span = f"{start:%H:%M}~{end:%H:%M}"
        overtime.document = approval_submit_subject(
            kind=OVERTIME_KIND,
            subject=overtime,
            actor=actor,
            title=_("시간외근무 신청(%(day)s %(span)s)%(flag)s")
            % {"day": kdate(day), "span": span, "flag": _(" [한도 초과]") if over else ""},
            body=format_html(
                '<table><tbody><tr><th scope="row">신청인</th><td>{}</td></tr>'
                '<tr><th scope="row">근무일</th><td>{} {}</td></tr>'
                '<tr><th scope="row">업무 내용</th><td>{}</td></tr>'
                '<tr><th scope="row">한도 초과</th><td>{}</td></tr></tbody></table>',
                actor.name,
                kdate(day),
                span,
                reason,
                f"{', '.join(over)} — {over_cap_reason}" if over else "-",
            ),
            unit_task=unit_task,
        )
        overtime.save(update_fields=["document", "updated_at"])
        audit_record(
            action="overtime.request",
            actor=actor,
            target=overtime,
            data={"day": day.isoformat(), "from": starts_at.isoformat(), "to": ends_at.isoformat(), "over_cap": over},
        )
    return overtime


def overtime_decided(*, overtime: Overtime, status: str, actor: User) -> None:
    overtime.status = status
    overtime.save(update_fields=["status", "updated_at"])
    if status == CorrectionStatus.APPROVED:
        audit_record(action="overtime.approve", actor=actor, target=overtime, data={"person": overtime.person.username})
