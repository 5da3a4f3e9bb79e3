"""Reads for the attendance list pages and reports (each a fixed number of queries whatever the
number of rows):

- `overtime_rows`: each 시간외근무 request of a month with what the clock shows and what is paid
  (the lesser of approved and clocked, less the institution's weekday deduction), split by kind;
- `department_leave_calendar`: who of a department is away (leave, trips) on each day of a month;
- `unused_annual`: each person's 연차 left at the end of a year (연가보상비·연차수당 inputs);
- the four reports HR and auditors read and download (근태현황, 연가사용현황, 초과근무현황,
  출장현황): `Report` rows with raw values, formatted on the page and written as they are to XLSX.

Who sees whom (`visible_people`): everyone themselves; a department head the departments they
head; HR (인사 담당), institution admins and auditors everyone.
"""

from __future__ import annotations

import calendar as month_calendar
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from attendance.close import _clocks, _working_days, month_anomalies
from attendance.models import (
    TRIP_HOLDING_DAYS,
    TRIP_TAKING_PLACE,
    AttendanceSettings,
    ClockKind,
    ClockRecord,
    CorrectionStatus,
    LeaveLedgerEntry,
    LeaveRequest,
    LeaveStatus,
    LedgerKind,
    Overtime,
    Trip,
    TripStatus,
)
from attendance.overtime import Split, paid_split
from attendance.permissions import may_read_all
from org.models import Department, EmploymentStatus, User

HOUR = Decimal(60)


def hours(minutes: int) -> Decimal:
    return (Decimal(minutes) / HOUR).quantize(Decimal("0.01"))


def month_span(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, month_calendar.monthrange(year, month)[1])


def visible_people(user: User) -> QuerySet[User]:
    if may_read_all(user):
        return User.objects.all()
    headed = Department.objects.filter(head=user).values_list("pk", flat=True)
    return User.objects.filter(Q(pk=user.pk) | Q(department_id__in=headed))


# --- 시간외근무 -------------------------------------------------------------------------------


@dataclass(frozen=True)
class OvertimeRow:
    overtime: Overtime
    clock_in: datetime | None
    clock_out: datetime | None
    day_off: bool
    paid: Split
    deduction_minutes: int

    @property
    def approved_hours(self) -> Decimal:
        return hours(int((self.overtime.ends_at - self.overtime.starts_at).total_seconds() // 60))

    @property
    def paid_hours(self) -> Decimal:
        return hours(self.paid.extended + self.paid.holiday + self.paid.holiday_over)


def overtime_rows(people: QuerySet[User], year: int, month: int) -> list[OvertimeRow]:
    """The month's requests of `people`, newest first, with the paid split (approved ones only)."""
    first, last = month_span(year, month)
    requests = list(
        Overtime.objects.filter(person__in=people, day__range=(first, last))
        .select_related("person__department")
        .order_by("-day", "-pk")
    )
    clocks = _clocks(first, last)
    working = set(_working_days(first, last))
    deduction = AttendanceSettings.current().overtime_deduction_minutes
    rows = []
    for overtime in requests:
        record = clocks.get((overtime.person_id, overtime.day), {})
        day_off = overtime.day not in working
        paid = (
            paid_split(
                overtime,
                record.get(ClockKind.IN),
                record.get(ClockKind.OUT),
                day_off=day_off,
                deduction=timedelta(minutes=deduction),
            )
            if overtime.status == CorrectionStatus.APPROVED
            else Split()
        )
        rows.append(
            OvertimeRow(
                overtime,
                record.get(ClockKind.IN),
                record.get(ClockKind.OUT),
                day_off,
                paid,
                0 if day_off else deduction,
            )
        )
    return rows


# --- 부서 휴가 달력 ---------------------------------------------------------------------------


@dataclass
class CalendarRow:
    person: User
    cells: list[str]  # one per day: "" or a short mark (연가, 오전, 출장 …)
    away_days: int = 0


def department_leave_calendar(department: Department, year: int, month: int) -> tuple[list[date], list[CalendarRow]]:
    """Who of the department is away on each day of the month: approved (and pending, marked
    with "?") leave and trips. Three queries."""
    first, last = month_span(year, month)
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    people = list(
        User.objects.filter(department=department, is_active=True, employment_status=EmploymentStatus.ACTIVE).order_by(
            "position__rank", "name"
        )
    )
    index = {p.pk: CalendarRow(p, [""] * len(days)) for p in people}
    leaves = LeaveRequest.objects.filter(
        applicant__in=people,
        status__in=(LeaveStatus.APPROVED, LeaveStatus.PENDING),
        start_date__lte=last,
        end_date__gte=first,
    ).select_related("leave_type")
    trips = Trip.objects.filter(
        person__in=people,
        status__in=TRIP_HOLDING_DAYS,
        start_date__lte=last,
        end_date__gte=first,
    )
    marks: list[tuple[int, date, date, str]] = []
    for leave in leaves:
        mark = leave.leave_type.name if leave.portion == "full" else leave.get_portion_display()
        marks.append(
            (leave.applicant_id, leave.start_date, leave.end_date, mark + ("?" if leave.status == "pending" else ""))
        )
    for trip in trips:
        marks.append(
            (trip.person_id, trip.start_date, trip.end_date, "출장" + ("?" if trip.status == "pending" else ""))
        )
    for person_id, start, end, mark in marks:
        row = index[person_id]
        day = max(start, first)
        while day <= min(end, last):
            n = (day - first).days
            if not row.cells[n]:
                row.away_days += 1
            row.cells[n] = mark
            day += timedelta(days=1)
    return days, list(index.values())


# --- 연차 (year end) -------------------------------------------------------------------------


@dataclass(frozen=True)
class LeaveYearRow:
    person: User
    granted: Decimal
    used: Decimal
    left: Decimal

    @property
    def use_rate(self) -> Decimal | None:
        if not self.granted:
            return None
        return (self.used / self.granted * 100).quantize(Decimal("0.1"))


def leave_year_rows(people: QuerySet[User], year: int) -> list[LeaveYearRow]:
    """Each person's 연차 of the year: granted in it, used in it (less cancellations), and left at
    its end (the ledger's sum up to 12. 31.: the days 연가보상비·연차수당 are owed for). Two
    queries."""
    end = date(year, 12, 31)
    sums = (
        LeaveLedgerEntry.objects.filter(person__in=people, effective_on__lte=end)
        .values("person_id")
        .annotate(
            left=Sum("days"),
            granted=Sum("days", filter=Q(kind=LedgerKind.GRANT, effective_on__year=year)),
            used=Sum("days", filter=Q(kind__in=(LedgerKind.USE, LedgerKind.CANCEL), effective_on__year=year)),
        )
    )
    by_person = {row["person_id"]: row for row in sums}
    rows = []
    for person in people.filter(is_active=True).select_related("department").order_by("department__path", "name"):
        row = by_person.get(person.pk, {})
        rows.append(
            LeaveYearRow(
                person,
                granted=row.get("granted") or Decimal(0),
                used=-(row.get("used") or Decimal(0)),
                left=row.get("left") or Decimal(0),
            )
        )
    return rows


def unused_annual(year: int) -> dict[int, Decimal]:
    """Public (payroll reads it for 연가보상비·연차수당): the 연차 days each person has left at the
    end of `year`, by person id; people with none left are absent. One query."""
    rows = (
        LeaveLedgerEntry.objects.filter(effective_on__lte=date(year, 12, 31))
        .values("person_id")
        .annotate(left=Sum("days"))
        .filter(left__gt=0)
    )
    return {row["person_id"]: row["left"] for row in rows}


# --- reports -----------------------------------------------------------------------------------


@dataclass
class Report:
    code: str
    title: str
    headers: list[str]
    rows: list[list[Any]]
    money_columns: frozenset[int] = frozenset()
    period: str = ""
    notes: list[str] = field(default_factory=list)

    @property
    def filename(self) -> str:
        return f"{self.title}_{self.period}.xlsx"


REPORTS = {
    "attendance": "근태현황",
    "leave": "연가사용현황",
    "overtime": "초과근무현황",
    "trips": "출장현황",
}
YEARLY = {"leave"}


def attendance_report(year: int, month: int) -> Report:
    """근태현황 by department for a month: staff, clock-ins, late arrivals, missing clock-outs, days
    absent without leave, days of leave and of trips."""
    first, last = month_span(year, month)
    start = AttendanceSettings.current().work_start
    people = dict(User.objects.filter(is_active=True, department__isnull=False).values_list("pk", "department_id"))
    clocks = (
        ClockRecord.objects.filter(day__range=(first, last), kind=ClockKind.IN, person_id__in=people)
        .values("person__department_id")
        .annotate(total=Count("pk"), late=Count("pk", filter=Q(at__time__gt=start)))
    )
    figures: dict[int, dict[str, Any]] = defaultdict(lambda: defaultdict(Decimal))
    for row in clocks:
        figures[row["person__department_id"]]["in"] = row["total"]
        figures[row["person__department_id"]]["late"] = row["late"]
    for anomaly in month_anomalies(year, month):
        department = people.get(anomaly.person_id)
        if department is not None:
            figures[department][anomaly.kind] += 1
    for person_id, days in LeaveRequest.objects.filter(
        status=LeaveStatus.APPROVED, start_date__lte=last, end_date__gte=first, applicant_id__in=people
    ).values_list("applicant_id", "days"):
        figures[people[person_id]]["leave"] += days
    for person_id, start_date, end_date in Trip.objects.filter(
        status__in=TRIP_TAKING_PLACE, start_date__lte=last, end_date__gte=first
    ).values_list("person_id", "start_date", "end_date"):
        if person_id in people:
            figures[people[person_id]]["trip"] += (min(end_date, last) - max(start_date, first)).days + 1
    headcount: dict[int, int] = defaultdict(int)
    for department in people.values():
        headcount[department] += 1
    rows = [
        [
            d.name,
            headcount[d.pk],
            int(figures[d.pk]["in"]),
            int(figures[d.pk]["late"]),
            int(figures[d.pk]["missing_out"]),
            int(figures[d.pk]["absent"]),
            figures[d.pk]["leave"],
            int(figures[d.pk]["trip"]),
        ]
        for d in Department.objects.filter(pk__in=set(people.values())).order_by("path")
    ]
    return Report(
        "attendance",
        REPORTS["attendance"],
        ["부서", "인원", "출근 기록", "지각", "퇴근 누락", "결근", "휴가(일)", "출장(일)"],
        rows,
        period=f"{year}-{month:02d}",
        notes=["휴가 일수는 그달에 시작·종료가 걸친 승인 휴가의 신청 일수입니다."],
    )


def leave_report(year: int) -> Report:
    found = leave_year_rows(User.objects.filter(employment_status=EmploymentStatus.ACTIVE), year)
    rows: list[list[Any]] = [
        [
            r.person.employee_number or "",
            r.person.name,
            r.person.department.name if r.person.department else "",
            r.granted,
            r.used,
            r.left,
            r.use_rate,
        ]
        for r in found
    ]
    granted = sum((r.granted for r in found), Decimal(0))
    used = sum((r.used for r in found), Decimal(0))
    total_rate = (used / granted * 100).quantize(Decimal("0.1")) if granted else None
    rows.append(["", "합계", "", granted, used, sum((r.left for r in found), Decimal(0)), total_rate])
    return Report(
        "leave",
        REPORTS["leave"],
        ["사번", "이름", "부서", "발생(일)", "사용(일)", "잔여(일)", "사용률(%)"],
        rows,
        period=str(year),
    )


def overtime_report(year: int, month: int) -> Report:
    per_person: dict[int, dict[str, Any]] = {}
    for row in overtime_rows(User.objects.all(), year, month):
        person = row.overtime.person
        entry = per_person.setdefault(
            person.pk,
            {"person": person, "requests": 0, "approved": 0, "over_cap": 0, "split": Split()},
        )
        entry["requests"] += 1
        if row.overtime.status == CorrectionStatus.APPROVED:
            entry["approved"] += 1
            entry["split"] += row.paid
        if row.overtime.over_cap:
            entry["over_cap"] += 1
    rows = []
    for entry in sorted(per_person.values(), key=lambda e: (e["person"].employee_number or "", e["person"].pk)):
        person, paid = entry["person"], entry["split"]
        rows.append(
            [
                person.employee_number or "",
                person.name,
                person.department.name if person.department else "",
                entry["requests"],
                entry["approved"],
                hours(paid.extended),
                hours(paid.night),
                hours(paid.holiday),
                hours(paid.holiday_over),
                hours(paid.extended + paid.holiday + paid.holiday_over),
                entry["over_cap"],
            ]
        )
    return Report(
        "overtime",
        REPORTS["overtime"],
        [
            "사번",
            "이름",
            "부서",
            "신청",
            "승인",
            "연장",
            "야간",
            "휴일 8시간 이내",
            "휴일 8시간 초과",
            "지급 시간",
            "한도 초과",
        ],
        rows,
        period=f"{year}-{month:02d}",
        notes=[
            "지급 시간은 승인 시간과 출퇴근 기록 중 짧은 쪽에서 기관의 평일 공제를 뺀 시간입니다. 야간은 가산분입니다."
        ],
    )


def trip_report(year: int, month: int) -> Report:
    first, last = month_span(year, month)
    trips = (
        Trip.objects.filter(start_date__range=(first, last))
        .exclude(status__in=(TripStatus.REJECTED, TripStatus.WITHDRAWN, TripStatus.CANCELLED))
        .select_related("person__department", "budget_line")
        .order_by("start_date", "pk")
    )
    found = list(trips)
    rows: list[list[Any]] = [
        [
            t.person.name,
            t.person.department.name if t.person.department else "",
            t.get_scope_display(),
            t.place,
            t.start_date,
            t.end_date,
            t.days,
            t.purpose,
            t.estimate_amount,
            t.actual_amount,
            t.get_status_display(),
        ]
        for t in found
    ]
    rows.append(
        [
            "합계",
            "",
            "",
            "",
            None,
            None,
            sum(t.days for t in found),
            "",
            sum(t.estimate_amount for t in found),
            sum(t.actual_amount or 0 for t in found),
            "",
        ]
    )
    return Report(
        "trips",
        REPORTS["trips"],
        ["출장자", "부서", "구분", "출장지", "시작일", "종료일", "일수", "목적", "예상 여비", "정산액", "상태"],
        rows,
        money_columns=frozenset({8, 9}),
        period=f"{year}-{month:02d}",
    )


def build_report(code: str, year: int, month: int) -> Report:
    if code == "attendance":
        return attendance_report(year, month)
    if code == "leave":
        return leave_report(year)
    if code == "overtime":
        return overtime_report(year, month)
    return trip_report(year, month)
