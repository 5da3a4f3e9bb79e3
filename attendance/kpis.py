"""What attendance reports to province monitoring for one institution (core.kpis; declared as
`SOURCE`, named by attendance's plugin): 연가 granted and used in the year of `on` and the use
rate (연가사용률), and this month's clock-ins and late arrivals, whose ratio is the late arrivals
per 100 staff-days; this month's approved 시간외근무 hours (in all and per active staff member, as
approved: the paid hours need the clock and wait for the close) and the requests over a cap; this
month's trips and their cost (settled: the actual amount, else the estimate committed); and of
this year's months before the current one, how many HR closed on time (by the 10th of the month
after: payroll pays a month's 시간외 from it).

Eight aggregate queries whatever the institution's size. Everything is counted as of the end of
`on` (ledger entries dated on or before it, clock records up to `KpiDay(on).until`), so history
can be backfilled. A late arrival here is a clock-in after the institution's start time; the
half days of leave that move a person's start are left to the 내 근무 page (a KPI reads no
leave per person)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from attendance.models import (
    TRIP_TAKING_PLACE,
    AttendanceSettings,
    ClockKind,
    ClockRecord,
    CorrectionStatus,
    LeaveLedgerEntry,
    LedgerKind,
    MonthClose,
    Overtime,
    Trip,
)
from core.kpis import PROVINCE_MEAN, PROVINCE_RATIO, Kpi, KpiAlert, KpiDay, KpiFigure, KpiSource, percent, quotient
from org.models import EmploymentStatus, User

GROUP = str(_("복무"))
GRANTED = "attendance.annual_granted"
USED = "attendance.annual_used"
USE_RATE = "attendance.annual_use_rate"
CLOCK_INS = "attendance.clock_ins_this_month"
LATE = "attendance.late_this_month"
LATE_RATE = "attendance.late_per_100_days"
OVERTIME_HOURS = "attendance.overtime_hours_this_month"
OVERTIME_PER_PERSON = "attendance.overtime_hours_per_person"
OVER_CAP = "attendance.overtime_over_cap_this_month"
TRIPS = "attendance.trips_this_month"
TRIP_COST = "attendance.trip_cost_this_month"
MONTHS_DUE = "attendance.months_due"
MONTHS_ON_TIME = "attendance.months_closed_on_time"
CLOSE_RATE = "attendance.close_on_time_rate"
CLOSE_DEADLINE_DAY = 10  # a month is closed on time by the 10th of the month after


def _kpi(code: str, label: str | Promise, unit: str, description: str | Promise, **more: Any) -> Kpi:
    """One of attendance's KPIs: all in the 복무 group, the texts in Korean."""
    return Kpi(code, str(label), unit, group=GROUP, description=str(description), **more)


KPIS = (
    _kpi(GRANTED, _("연가 발생 일수"), "일", _("그해 원장에 발생한 연가 일수")),
    _kpi(USED, _("연가 사용 일수"), "일", _("그해 사용한 연가 일수(취소분 제외)")),
    _kpi(
        USE_RATE,
        _("연가사용률"),
        "%",
        _("연가 사용 일수 ÷ 발생 일수"),
        higher_is_better=True,
        decimals=1,
        province=PROVINCE_RATIO,
        ratio_of=(USED, GRANTED),
        card=20,
    ),
    _kpi(CLOCK_INS, _("이달 출근 기록"), "건", _("이달 출근을 기록한 사람·일 수")),
    _kpi(LATE, _("이달 지각"), "건", _("출근 시각 뒤의 출근 기록"), higher_is_better=False),
    _kpi(
        LATE_RATE,
        _("지각률(100인·일당)"),
        "건",
        _("이달 지각 ÷ 출근 기록 × 100"),
        higher_is_better=False,
        decimals=1,
        province=PROVINCE_RATIO,
        ratio_of=(LATE, CLOCK_INS),
        alert=KpiAlert("gt", 10),
    ),
    _kpi(
        OVERTIME_HOURS,
        _("이달 시간외근무(승인)"),
        "시간",
        _("이달 승인된 시간외근무 시간의 합(사전 승인 기준)"),
        decimals=1,
    ),
    _kpi(
        OVERTIME_PER_PERSON,
        _("1인당 시간외근무"),
        "시간",
        _("이달 승인된 시간외근무 시간 ÷ 재직 인원"),
        higher_is_better=False,
        decimals=1,
        province=PROVINCE_MEAN,
    ),
    _kpi(
        OVER_CAP,
        _("이달 시간외 한도 초과"),
        "건",
        _("하루 4시간·주 52시간·월 57시간을 넘겨 사유를 적고 신청한 건(반려·회수 제외)"),
        higher_is_better=False,
    ),
    _kpi(TRIPS, _("이달 출장"), "건", _("이달 시작한 승인 출장")),
    _kpi(TRIP_COST, _("이달 출장 여비"), "원", _("이달 시작한 승인 출장의 여비(정산한 것은 정산액, 아니면 예상액)")),
    _kpi(MONTHS_DUE, _("마감 대상 월"), "개월", _("올해 지난 달의 수")),
    _kpi(
        MONTHS_ON_TIME,
        _("기한 내 마감 월"),
        "개월",
        _("다음 달 10일까지 인사 담당이 복무를 마감한 달"),
        higher_is_better=True,
    ),
    _kpi(
        CLOSE_RATE,
        _("복무 마감 적기율"),
        "%",
        _("기한 내 마감 월 ÷ 마감 대상 월"),
        higher_is_better=True,
        decimals=1,
        province=PROVINCE_RATIO,
        ratio_of=(MONTHS_ON_TIME, MONTHS_DUE),
    ),
)


def figures(*, on: date) -> list[KpiFigure]:
    day = KpiDay(on)
    ledger = LeaveLedgerEntry.objects.filter(effective_on__year=on.year, effective_on__lte=on).aggregate(
        granted=Sum("days", filter=Q(kind=LedgerKind.GRANT)),
        used=Sum("days", filter=Q(kind__in=(LedgerKind.USE, LedgerKind.CANCEL))),
    )
    start = AttendanceSettings.current().work_start
    clocks = ClockRecord.objects.filter(
        kind=ClockKind.IN, day__gte=on.replace(day=1), day__lte=on, at__lt=day.until
    ).aggregate(total=Count("pk"), late=Count("pk", filter=Q(at__time__gt=start)))
    granted, used = ledger["granted"] or Decimal(0), -(ledger["used"] or Decimal(0))
    found = [
        KpiFigure(GRANTED, granted),
        KpiFigure(USED, used),
        KpiFigure(CLOCK_INS, clocks["total"]),
        KpiFigure(LATE, clocks["late"]),
    ]
    month_first = on.replace(day=1)
    overtime = Overtime.objects.filter(day__gte=month_first, day__lte=on).aggregate(
        span=Sum(F("ends_at") - F("starts_at"), filter=Q(status=CorrectionStatus.APPROVED)),
        over_cap=Count("pk", filter=Q(over_cap=True, status__in=(CorrectionStatus.PENDING, CorrectionStatus.APPROVED))),
    )
    overtime_hours = (
        Decimal(int(overtime["span"].total_seconds())) / 3600 if overtime["span"] else Decimal(0)
    ).quantize(Decimal("0.1"))
    staff = User.objects.filter(is_active=True, employment_status=EmploymentStatus.ACTIVE).count()
    trips = Trip.objects.filter(
        start_date__gte=month_first, start_date__lte=on, status__in=TRIP_TAKING_PLACE
    ).aggregate(count=Count("pk"), cost=Sum(Coalesce("actual_amount", "estimate_amount")))
    due = list(range(1, on.month))
    closes = MonthClose.objects.filter(year=on.year, month__in=due, closed_at__lt=day.until).values_list(
        "month", "closed_at"
    )
    on_time = sum(1 for month, closed_at in closes if timezone.localdate(closed_at) <= _deadline(on.year, month))
    found += [
        KpiFigure(OVERTIME_HOURS, overtime_hours),
        KpiFigure(OVER_CAP, overtime["over_cap"]),
        KpiFigure(TRIPS, trips["count"]),
        KpiFigure(TRIP_COST, int(trips["cost"] or 0)),
        KpiFigure(MONTHS_DUE, len(due)),
        KpiFigure(MONTHS_ON_TIME, on_time),
    ]
    per_person = quotient(overtime_hours, staff)
    if per_person is not None:
        found.append(KpiFigure(OVERTIME_PER_PERSON, per_person))
    for code, part, whole in (
        (USE_RATE, used, granted),
        (LATE_RATE, clocks["late"], clocks["total"]),
        (CLOSE_RATE, on_time, len(due)),
    ):
        rate = percent(part, whole)
        if rate is not None:
            found.append(KpiFigure(code, rate))
    return found


def _deadline(year: int, month: int) -> date:
    return date(year + month // 12, month % 12 + 1, CLOSE_DEADLINE_DAY)


SOURCE = KpiSource(kpis=KPIS, figures=figures)
