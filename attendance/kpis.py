"""What attendance reports to province monitoring for one institution (core.kpis; declared as
`SOURCE`, named by attendance's plugin): 연가 granted and used in the year of `on` and the use
rate (연가사용률), and this month's clock-ins and late arrivals, whose ratio is the late arrivals
per 100 staff-days.

Three aggregate queries whatever the institution's size. Everything is counted as of the end of
`on` (ledger entries dated on or before it, clock records up to `KpiDay(on).until`), so history
can be backfilled. A late arrival here is a clock-in after the institution's start time; the
half days of leave that move a person's start are left to the 내 근무 page (a KPI reads no
leave per person)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy as _

from attendance.models import AttendanceSettings, ClockKind, ClockRecord, LeaveLedgerEntry, LedgerKind
from core.kpis import PROVINCE_RATIO, Kpi, KpiAlert, KpiDay, KpiFigure, KpiSource, percent

GROUP = str(_("복무"))
GRANTED = "attendance.annual_granted"
USED = "attendance.annual_used"
USE_RATE = "attendance.annual_use_rate"
CLOCK_INS = "attendance.clock_ins_this_month"
LATE = "attendance.late_this_month"
LATE_RATE = "attendance.late_per_100_days"

KPIS = (
    Kpi(GRANTED, str(_("연가 발생 일수")), "일", group=GROUP, description=str(_("그해 원장에 발생한 연가 일수"))),
    Kpi(USED, str(_("연가 사용 일수")), "일", group=GROUP, description=str(_("그해 사용한 연가 일수(취소분 제외)"))),
    Kpi(
        USE_RATE,
        str(_("연가사용률")),
        "%",
        higher_is_better=True,
        group=GROUP,
        decimals=1,
        description=str(_("연가 사용 일수 ÷ 발생 일수")),
        province=PROVINCE_RATIO,
        ratio_of=(USED, GRANTED),
        card=20,
    ),
    Kpi(CLOCK_INS, str(_("이달 출근 기록")), "건", group=GROUP, description=str(_("이달 출근을 기록한 사람·일 수"))),
    Kpi(
        LATE,
        str(_("이달 지각")),
        "건",
        higher_is_better=False,
        group=GROUP,
        description=str(_("출근 시각 뒤의 출근 기록")),
    ),
    Kpi(
        LATE_RATE,
        str(_("지각률(100인·일당)")),
        "건",
        higher_is_better=False,
        group=GROUP,
        decimals=1,
        description=str(_("이달 지각 ÷ 출근 기록 × 100")),
        province=PROVINCE_RATIO,
        ratio_of=(LATE, CLOCK_INS),
        alert=KpiAlert("gt", 10),
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
    for code, part, whole in ((USE_RATE, used, granted), (LATE_RATE, clocks["late"], clocks["total"])):
        rate = percent(part, whole)
        if rate is not None:
            found.append(KpiFigure(code, rate))
    return found


SOURCE = KpiSource(kpis=KPIS, figures=figures)
