"""The contract of KPI sources (core.kpis): the day's moments, the one rounding rule, and the
declarations the registry refuses."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from core.kpis import PROVINCE_RATIO, Kpi, KpiAlert, KpiDay, KpiSource, check_sources, percent, quotient

SEOUL = ZoneInfo("Asia/Seoul")


def test_a_past_day_is_counted_to_its_end_and_today_to_now():
    past = KpiDay(date(2026, 11, 20))
    assert past.day_start == datetime(2026, 11, 20, tzinfo=SEOUL)
    assert past.until == datetime(2026, 11, 21, tzinfo=SEOUL)
    assert past.month_start == datetime(2026, 11, 1, tzinfo=SEOUL)
    assert past.days_back(30) == datetime(2026, 10, 22, tzinfo=SEOUL)  # 10-22 … 11-20 are 30 days
    before = timezone.now()
    today = KpiDay(timezone.localdate())
    assert before <= today.until <= timezone.now()


def test_percent_and_quotient_round_half_up_and_know_no_whole():
    assert percent(2, 3) == Decimal("66.7")
    assert percent(1, 8) == Decimal("12.5")
    assert percent(1, 16) == Decimal("6.3")  # 6.25 → 6.3, not the banker's 6.2
    assert percent(280, 300, places=4) == Decimal("93.3333")
    assert quotient(7, 3) == Decimal("2.3")
    assert percent(5, 0) is None
    assert quotient(5, 0) is None


def source(*kpis: Kpi) -> KpiSource:
    return KpiSource(kpis=kpis, figures=lambda *, on: [])


@pytest.mark.parametrize(
    ("declared", "message"),
    [
        ((("payroll", source(Kpi("budget.rate", "집행률"))),), "must be named payroll"),
        ((("payroll", source(Kpi("payroll.a", "가"), Kpi("payroll.a", "나"))),), "declared twice"),
        ((("payroll", source(Kpi("payroll.a", "가", province="median"))),), "unknown province rule"),
        ((("payroll", source(Kpi("payroll.a", "가", province=PROVINCE_RATIO))),), "ratio names its two codes"),
        ((("payroll", source(Kpi("payroll.a", "가", alert=KpiAlert("below", 1)))),), "unknown alert operator"),
        ((("payroll", source(Kpi("payroll.a", "가", alert=KpiAlert("lt", 1, against_compare=True)))),), "compare to"),
        ((("payroll", source(Kpi("payroll.a", "가", compare_to="payroll.b"))),), "which nobody declares"),
        ((("payroll", {"kpis": ()}),), "KpiSource"),
    ],
)
def test_contradicting_declarations_are_refused(declared, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        check_sources(declared)


def test_a_source_may_compare_with_another_apps_figure():
    check_sources(
        (
            ("org", source(Kpi("org.headcount", "현원"))),
            ("audit", source(Kpi("audit.active_users", "활동 직원", compare_to="org.headcount"))),
        )
    )
    assert KpiDay(date(2026, 3, 1)).days_back(1) == KpiDay(date(2026, 3, 1)).day_start
    assert KpiDay(date(2026, 3, 1)).until - KpiDay(date(2026, 3, 1)).day_start == timedelta(days=1)
