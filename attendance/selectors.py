"""Reads for the attendance pages: a person's day against the schedule (late, early leave,
missing clock-out, absent), their month (내 근무), their balance and requests.

The day's expected hours are an approved 유연근무's or the institution's schedule (09:00–18:00 by
default), moved by a half day of leave: 오전 반차 starts at 14:00, 오후 반차 ends at 14:00, a 반반차
allows two hours either way. A whole day of leave, a weekend, a holiday or a closure expects nothing."""

from __future__ import annotations

import calendar as month_calendar
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from attendance.calendar import days_off
from attendance.models import (
    AttendanceSettings,
    ClockCorrection,
    ClockKind,
    ClockRecord,
    CorrectionStatus,
    FlexibleWork,
    LeaveLedgerEntry,
    LeaveRequest,
    LeaveStatus,
    Portion,
)
from attendance.services import leave_balance, pending_annual_days
from org.models import User

HALF_DAY = timedelta(hours=5)
LUNCH = time(12, 0)
QUARTER = timedelta(hours=2)

LATE = "late"
EARLY = "early"
MISSING_OUT = "missing_out"
ABSENT = "absent"
ANOMALY_LABELS = {
    LATE: gettext_lazy("지각"),
    EARLY: gettext_lazy("조퇴"),
    MISSING_OUT: gettext_lazy("퇴근 기록 없음"),
    ABSENT: gettext_lazy("출근 기록 없음"),
}


@dataclass
class Day:
    day: date
    off: str = ""  # the holiday's or closure's name, or 주말
    leave: LeaveRequest | None = None
    clock_in: datetime | None = None
    clock_out: datetime | None = None
    expected_start: time | None = None
    expected_end: time | None = None
    anomalies: list[str] = field(default_factory=list)
    worked_minutes: int = 0
    schedule: tuple[time, time] | None = None  # an approved 유연근무's hours that day

    @property
    def is_today(self) -> bool:
        return self.day == timezone.localdate()

    @property
    def anomaly_labels(self) -> list[str]:
        return [str(ANOMALY_LABELS[a]) for a in self.anomalies]

    @property
    def worked_hours(self) -> str:
        hours, minutes = divmod(self.worked_minutes, 60)
        return f"{hours}:{minutes:02d}" if self.worked_minutes else ""


def expected_hours(
    settings: AttendanceSettings, leave: LeaveRequest | None, schedule: tuple[time, time] | None = None
) -> tuple[time | None, time | None]:
    """The day's start and end: the approved 유연근무's hours or the institution's, moved by a half
    day of leave (half a day is four hours and the lunch hour: 09:00 → 14:00)."""
    start, end = schedule or (settings.work_start, settings.work_end)
    if leave is None:
        return start, end
    if leave.portion == Portion.FULL:
        return None, None
    half = (datetime.combine(date.min, start) + HALF_DAY).time()
    if leave.portion == Portion.AM:
        return half, end
    if leave.portion == Portion.PM:
        return start, half
    return start, end  # 반반차: two hours of slack, applied in judge_day


def judge_day(day: Day, settings: AttendanceSettings, *, today: date) -> Day:
    """Fill the day's expected hours, anomalies and worked minutes."""
    tz = timezone.get_current_timezone()
    day.expected_start, day.expected_end = (
        (None, None) if day.off else expected_hours(settings, day.leave, day.schedule)
    )
    slack = QUARTER if day.leave is not None and day.leave.portion == Portion.QUARTER else timedelta(0)
    if day.clock_in and day.clock_out and day.clock_out > day.clock_in:
        # The break (근로기준법 §54) is the lunch hour from 12:00: only the part of it inside the
        # span is taken off (a 13:50–18:00 afternoon keeps all its minutes).
        lunch = datetime.combine(timezone.localtime(day.clock_in).date(), LUNCH, tz)
        lunch_end = lunch + timedelta(minutes=settings.break_minutes)
        overlap = min(day.clock_out, lunch_end) - max(day.clock_in, lunch)
        minutes = (day.clock_out - day.clock_in - max(overlap, timedelta(0))).total_seconds() // 60
        day.worked_minutes = max(int(minutes), 0)
    if day.expected_start is None or day.expected_end is None or day.day > today:
        return day
    start = datetime.combine(day.day, day.expected_start, tz)
    end = datetime.combine(day.day, day.expected_end, tz)
    if day.clock_in is None:
        if day.day < today:
            day.anomalies.append(ABSENT)
        return day
    if timezone.localtime(day.clock_in) > start + slack:
        day.anomalies.append(LATE)
    if day.clock_out is None:
        if day.day < today:
            day.anomalies.append(MISSING_OUT)
    elif timezone.localtime(day.clock_out) < end - slack:
        day.anomalies.append(EARLY)
    return day


@dataclass(frozen=True)
class Month:
    year: int
    month: int
    days: list[Day]
    weeks: list[list[Day | None]]  # Monday-first rows for the calendar grid
    worked_minutes: int
    leave_days: Decimal
    anomalies: int

    @property
    def worked_hours(self) -> str:
        hours, minutes = divmod(self.worked_minutes, 60)
        return f"{hours}:{minutes:02d}"

    @property
    def previous(self) -> str:
        return (date(self.year, self.month, 1) - timedelta(days=1)).strftime("%Y-%m")

    @property
    def next(self) -> str:
        return (date(self.year, self.month, 28) + timedelta(days=4)).strftime("%Y-%m")


def my_month(person: User, year: int, month: int, *, today: date | None = None) -> Month:
    """The person's month, day by day (seven queries whatever the number of records)."""
    today = today or timezone.localdate()
    first = date(year, month, 1)
    last = date(year, month, month_calendar.monthrange(year, month)[1])
    settings = AttendanceSettings.current()
    off = days_off(first, last, person=person)
    records = ClockRecord.objects.filter(person=person, day__range=(first, last)).only("day", "kind", "at")
    by_day: dict[date, dict[str, datetime]] = {}
    for record in records:
        by_day.setdefault(record.day, {})[record.kind] = record.at
    # An approved 근태 정정 counts instead of the record (which stays as it was).
    corrected = ClockCorrection.objects.filter(
        person=person, day__range=(first, last), status=CorrectionStatus.APPROVED
    ).only("day", "kind", "at")
    for correction in corrected:
        by_day.setdefault(correction.day, {})[correction.kind] = correction.at
    leaves = LeaveRequest.objects.filter(
        applicant=person, status=LeaveStatus.APPROVED, start_date__lte=last, end_date__gte=first
    ).select_related("leave_type")
    schedules: dict[date, tuple[time, time]] = {}
    flexible = FlexibleWork.objects.filter(
        person=person, status=CorrectionStatus.APPROVED, start_date__lte=last, end_date__gte=first
    ).only("start_date", "end_date", "work_start", "work_end")
    for work in flexible:
        current = max(work.start_date, first)
        while current <= min(work.end_date, last):
            schedules[current] = (work.work_start, work.work_end)
            current += timedelta(days=1)
    leave_on: dict[date, LeaveRequest] = {}
    for leave in leaves:
        current = max(leave.start_date, first)
        while current <= min(leave.end_date, last):
            leave_on[current] = leave
            current += timedelta(days=1)
    days = []
    current = first
    while current <= last:
        name = off.get(current) or (_("주말") if current.weekday() >= 5 else "")
        clocks = by_day.get(current, {})
        day = Day(
            day=current,
            off=name,
            leave=leave_on.get(current),
            clock_in=clocks.get(ClockKind.IN),
            clock_out=clocks.get(ClockKind.OUT),
            schedule=schedules.get(current),
        )
        days.append(judge_day(day, settings, today=today))
        current += timedelta(days=1)
    weeks: list[list[Day | None]] = []
    row: list[Day | None] = [None] * first.weekday()
    for day in days:
        row.append(day)
        if len(row) == 7:
            weeks.append(row)
            row = []
    if row:
        weeks.append(row + [None] * (7 - len(row)))
    counted = {leave.pk: leave for leave in leave_on.values()}
    return Month(
        year=year,
        month=month,
        days=days,
        weeks=weeks,
        worked_minutes=sum(d.worked_minutes for d in days),
        leave_days=sum((leave.days for leave in counted.values()), Decimal(0)),
        anomalies=sum(len(d.anomalies) for d in days),
    )


def today_for(person: User, *, now: datetime | None = None) -> Day:
    """Today's record for the clock panel (three queries)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    clocks = dict(ClockRecord.objects.filter(person=person, day=today).values_list("kind", "at"))
    return Day(day=today, clock_in=clocks.get(ClockKind.IN), clock_out=clocks.get(ClockKind.OUT))


@dataclass(frozen=True)
class Balance:
    balance: Decimal
    pending: Decimal

    @property
    def available(self) -> Decimal:
        return self.balance - self.pending


def balance_for(person: User) -> Balance:
    return Balance(leave_balance(person), pending_annual_days(person))


def my_requests(person: User, *, limit: int = 50) -> list[LeaveRequest]:
    return list(
        LeaveRequest.objects.filter(applicant=person)
        .select_related("leave_type", "proxy")
        .order_by("-start_date", "-pk")[:limit]
    )


def my_ledger(person: User, *, limit: int = 30) -> list[LeaveLedgerEntry]:
    """The person's latest leave ledger entries (내 연가 내역), newest first."""
    return list(LeaveLedgerEntry.objects.filter(person=person).order_by("-effective_on", "-pk")[:limit])
