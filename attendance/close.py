"""The month's attendance as payroll reads it (월 복무 마감의 급여 자료).

`payroll_inputs(year, month)` is the public function payroll calls (attendance never imports
payroll): per person, the overtime hours paid by kind, the days of unpaid leave and the days
absent without pay (a day on an approved trip is not absent). `open_departments(year, month)`
names the staffed departments whose head has not confirmed the month yet; `month_anomalies`
lists what a head looks at first (missing clock-outs, days absent without leave or trip).

The close: each department head confirms their department's month (`department_confirm`), then
the HR role closes it (`month_close`), which locks it: 근태 정정, leave and overtime dated in a
closed month are refused (`refuse_closed_month`). Reopening (`month_reopen`) is audited with a
reason. The pages are in attendance.close_views.
"""

from __future__ import annotations

import calendar as month_calendar
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from attendance.calendar import days_off
from attendance.models import (
    PORTION_DAYS,
    TRIP_TAKING_PLACE,
    AttendanceSettings,
    ClockCorrection,
    ClockKind,
    ClockRecord,
    CorrectionStatus,
    DepartmentConfirmation,
    LeaveRequest,
    LeaveStatus,
    MonthClose,
    Overtime,
    Portion,
    Trip,
)
from attendance.overtime import Split, paid_split
from attendance.plugin import ATTENDANCE_OFFICER
from audit.services import audit_record
from org.models import Department, EmploymentStatus, User

HOUR = Decimal(60)


@dataclass(frozen=True)
class PayrollInputs:
    """One person's month for payroll. Hours are Decimal hours (minutes ÷ 60, two places);
    `night_hours` is a premium on top of the others (an hour of 연장 at 23:00 is in both)."""

    person_id: int
    employee_number: str
    extended_hours: Decimal  # 연장
    night_hours: Decimal  # 야간 (22–06)
    holiday_hours: Decimal  # 휴일 ≤ 8 h a day
    holiday_over_8_hours: Decimal  # 휴일 > 8 h a day
    unpaid_leave_days: Decimal  # approved leave of an unpaid type, in working days
    unpaid_absence_days: int  # working days with no clock-in and no approved leave (결근)


def _hours(minutes: int) -> Decimal:
    return (Decimal(minutes) / HOUR).quantize(Decimal("0.01"))


def _month(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, month_calendar.monthrange(year, month)[1])


def _clocks(first: date, last: date) -> dict[tuple[int, date], dict[str, datetime]]:
    clocks: dict[tuple[int, date], dict[str, datetime]] = defaultdict(dict)
    for person_id, day, kind, at in ClockRecord.objects.filter(day__range=(first, last)).values_list(
        "person_id", "day", "kind", "at"
    ):
        clocks[(person_id, day)][kind] = at
    corrected = ClockCorrection.objects.filter(day__range=(first, last), status=CorrectionStatus.APPROVED)
    for person_id, day, kind, at in corrected.values_list("person_id", "day", "kind", "at"):
        clocks[(person_id, day)][kind] = at
    return clocks


def _working_days(first: date, last: date, settings: AttendanceSettings | None = None) -> list[date]:
    """The institution's working days in [first, last] (weekdays less holidays and closures, and
    근로자의 날 where the institution gives it)."""
    off = days_off(first, last)
    labour_day_off = (settings or AttendanceSettings.current()).labour_day_off
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    return [d for d in days if d.weekday() < 5 and d not in off and not (labour_day_off and (d.month, d.day) == (5, 1))]


@dataclass(frozen=True)
class MonthFacts:
    """What the payroll inputs and the anomalies of a month both read, read once (seven queries):
    its working days, the clock by person and day (approved 근태 정정 counting instead), the days
    each person is away with approved full-day leave or on a trip, and the weekday overtime
    deduction."""

    first: date
    last: date
    working: list[date]
    clocks: dict[tuple[int, date], dict[str, datetime]]
    away: dict[int, set[date]]
    deduction: timedelta


def month_facts(year: int, month: int) -> MonthFacts:
    first, last = _month(year, month)
    settings = AttendanceSettings.current()
    return MonthFacts(
        first=first,
        last=last,
        working=_working_days(first, last, settings),
        clocks=_clocks(first, last),
        away=_away_days(first, last),
        deduction=timedelta(minutes=settings.overtime_deduction_minutes),
    )


def payroll_inputs(
    year: int, month: int, *, until: date | None = None, facts: MonthFacts | None = None
) -> list[PayrollInputs]:
    """Every active (or in-month retired) person's inputs for the month, by employee number. A
    fixed number of queries whatever the institution's size. Days from `until` on (a month still
    running) are not counted absent."""
    facts = facts or month_facts(year, month)
    first, last = facts.first, facts.last
    until = until or last + timedelta(days=1)
    people = list(
        User.objects.filter(
            Q(employment_status=EmploymentStatus.ACTIVE) | Q(retired_on__gte=first), hire_date__isnull=False
        )
        .exclude(hire_date__gt=last)
        .order_by("employee_number", "pk")
    )
    working, clocks, away = facts.working, facts.clocks, facts.away
    working_set = set(working)
    unpaid: dict[int, Decimal] = defaultdict(Decimal)
    unpaid_leaves = LeaveRequest.objects.filter(
        status=LeaveStatus.APPROVED, start_date__lte=last, end_date__gte=first, leave_type__is_paid=False
    ).values_list("applicant_id", "start_date", "end_date", "portion")
    for applicant_id, start, end, portion in unpaid_leaves:
        day = max(start, first)
        while day <= min(end, last):
            if day in working_set:
                unpaid[applicant_id] += PORTION_DAYS[Portion(portion)]
            day += timedelta(days=1)
    splits: dict[int, Split] = defaultdict(Split)
    for overtime in Overtime.objects.filter(day__range=(first, last), status=CorrectionStatus.APPROVED):
        record = clocks.get((overtime.person_id, overtime.day), {})
        day_off = overtime.day not in working_set
        splits[overtime.person_id] += paid_split(
            overtime, record.get(ClockKind.IN), record.get(ClockKind.OUT), day_off=day_off, deduction=facts.deduction
        )
    result = []
    for person in people:
        employed = [
            d
            for d in working
            if person.hire_date is not None
            and person.hire_date <= d < until
            and (person.retired_on is None or d <= person.retired_on)
        ]
        absent = sum(
            1
            for d in employed
            if ClockKind.IN not in clocks.get((person.pk, d), {}) and d not in away.get(person.pk, ())
        )
        split = splits[person.pk]
        result.append(
            PayrollInputs(
                person_id=person.pk,
                employee_number=person.employee_number or "",
                extended_hours=_hours(split.extended),
                night_hours=_hours(split.night),
                holiday_hours=_hours(split.holiday),
                holiday_over_8_hours=_hours(split.holiday_over),
                unpaid_leave_days=unpaid[person.pk],
                unpaid_absence_days=absent,
            )
        )
    return result


@dataclass(frozen=True)
class Anomaly:
    person_id: int
    day: date
    kind: str  # "missing_out" (출근만 있고 퇴근 없음) or "absent" (기록도 휴가·출장도 없음)

    @property
    def label(self) -> str:
        return _("퇴근 기록 없음") if self.kind == "missing_out" else _("출근 기록·휴가·출장 없음")


def month_anomalies(
    year: int, month: int, *, today: date | None = None, facts: MonthFacts | None = None
) -> list[Anomaly]:
    """What a head clears before confirming: on each past working day of the month, a clock-in
    without a clock-out, or no clock-in and no approved full-day leave or trip. A fixed number of
    queries whatever the institution's size."""
    from django.utils import timezone

    today = today or timezone.localdate()
    first, last = _month(year, month)
    until = min(last, today - timedelta(days=1))
    if until < first:
        return []
    facts = facts or month_facts(year, month)
    clocks, away = facts.clocks, facts.away
    found = [
        Anomaly(person_id, day, "missing_out")
        for (person_id, day), kinds in clocks.items()
        if day <= until and ClockKind.IN in kinds and ClockKind.OUT not in kinds
    ]
    working = [d for d in facts.working if d <= until]
    people = User.objects.filter(
        Q(employment_status=EmploymentStatus.ACTIVE) | Q(retired_on__gte=first), hire_date__isnull=False
    ).values_list("pk", "hire_date", "retired_on")
    for pk, hired, retired in people:
        found += [
            Anomaly(pk, d, "absent")
            for d in working
            if hired is not None
            and hired <= d
            and (retired is None or d <= retired)
            and ClockKind.IN not in clocks.get((pk, d), {})
            and d not in away.get(pk, ())
        ]
    return sorted(found, key=lambda a: (a.day, a.person_id, a.kind))


def _away_days(first: date, last: date) -> dict[int, set[date]]:
    """Days each person is away with leave (whole days) or on a trip, approved."""
    away: dict[int, set[date]] = defaultdict(set)
    spans = list(
        LeaveRequest.objects.filter(
            status=LeaveStatus.APPROVED, portion=Portion.FULL, start_date__lte=last, end_date__gte=first
        ).values_list("applicant_id", "start_date", "end_date")
    ) + list(
        Trip.objects.filter(status__in=TRIP_TAKING_PLACE, start_date__lte=last, end_date__gte=first).values_list(
            "person_id", "start_date", "end_date"
        )
    )
    for person_id, start, end in spans:
        day = max(start, first)
        while day <= min(end, last):
            away[person_id].add(day)
            day += timedelta(days=1)
    return away


def departments_with_anomalies(year: int, month: int, *, today: date | None = None) -> list[int]:
    """Ids of the departments with a person who has an anomaly (`month_anomalies`) in the month."""
    flagged = {a.person_id for a in month_anomalies(year, month, today=today)}
    departments = User.objects.filter(pk__in=flagged, department__isnull=False).values_list("department_id", flat=True)
    return sorted(set(departments))


def staffed_departments() -> set[int]:
    """The departments with active staff: each has to be confirmed by its head before a close."""
    return set(User.objects.filter(is_active=True, department__isnull=False).values_list("department_id", flat=True))


def open_departments(year: int, month: int) -> list[int]:
    """Ids of the staffed departments whose head has not confirmed the month (부서 확인) yet: what
    stands between the month and HR's close. Two queries."""
    confirmed = set(
        DepartmentConfirmation.objects.filter(year=year, month=month).values_list("department_id", flat=True)
    )
    return sorted(staffed_departments() - confirmed)


def has_paid_overtime(year: int, month: int) -> bool:
    """Whether any overtime of the month is approved (one indexed query): payroll skips reading
    `payroll_inputs` for a month without, since overtime is all it takes from it yet."""
    first, last = _month(year, month)
    return Overtime.objects.filter(day__range=(first, last), status=CorrectionStatus.APPROVED).exists()


# --- the close itself -----------------------------------------------------------------------------


def month_is_closed(day: date) -> bool:
    return MonthClose.objects.filter(year=day.year, month=day.month).exists()


def refuse_closed_month(day: date, field: str = "day") -> None:
    """Raise the Korean refusal for anything dated in a closed month."""
    if month_is_closed(day):
        raise ValidationError(
            {field: _("%(y)s년 %(m)s월은 복무 마감되어 바꿀 수 없습니다.") % {"y": day.year, "m": day.month}}
        )


def department_confirm(*, actor: User, department: Department, year: int, month: int) -> DepartmentConfirmation:
    """The department head confirms their department's month (anomalies listed first on the
    page); only the head may, and only once."""
    if department.head_id != actor.pk:
        raise ValidationError(_("부서장만 부서의 복무를 확인할 수 있습니다."))
    with transaction.atomic():
        confirmation, created = DepartmentConfirmation.objects.get_or_create(
            year=year, month=month, department=department, defaults={"confirmed_by": actor}
        )
        if created:
            audit_record(
                action="month.confirm",
                actor=actor,
                target=confirmation,
                data={"year": year, "month": month, "department": department.code},
            )
    return confirmation


def month_close(*, actor: User, year: int, month: int) -> MonthClose:
    """HR closes the institution's month once every department with staff has confirmed it."""
    if ATTENDANCE_OFFICER not in actor.role_names() and not actor.is_superuser:
        raise ValidationError(_("인사 담당만 월 복무를 마감할 수 있습니다."))
    with transaction.atomic():
        waiting = Department.objects.filter(pk__in=open_departments(year, month)).order_by("path")
        if waiting:
            names = ", ".join(d.name for d in waiting[:5])
            raise ValidationError(_("부서장 확인이 남은 부서가 있습니다: %(names)s") % {"names": names})
        closed, created = MonthClose.objects.get_or_create(year=year, month=month, defaults={"closed_by": actor})
        if not created:
            raise ValidationError(_("이미 마감한 달입니다."))
        audit_record(action="month.close", actor=actor, target=closed, data={"year": year, "month": month})
    return closed


def month_reopen(*, actor: User, year: int, month: int, reason: str) -> None:
    """Reopen a closed month (audited, with a reason); payroll sees the inputs may have changed."""
    reason = (reason or "").strip()
    if ATTENDANCE_OFFICER not in actor.role_names() and not actor.is_superuser:
        raise ValidationError(_("인사 담당만 마감을 풀 수 있습니다."))
    if not reason:
        raise ValidationError({"reason": _("마감을 푸는 사유를 입력하세요.")})
    with transaction.atomic():
        closed = MonthClose.objects.select_for_update().filter(year=year, month=month).first()
        if closed is None:
            raise ValidationError(_("마감하지 않은 달입니다."))
        audit_record(
            action="month.reopen", actor=actor, target=closed, data={"year": year, "month": month, "reason": reason}
        )
        closed.delete()
