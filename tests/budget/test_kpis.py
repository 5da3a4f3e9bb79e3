"""budget.kpis: the figures province monitoring collects, on the worked year of
tests/factories/budget_status.py, as of past dates (history is backfilled from the postings'
dates), worked by hand from the postings listed there; three queries whatever the ledger."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from budget.charges import execute
from core.plugins import registry
from tests.factories.budget_status import WorkedYear, source, worked_year

pytestmark = pytest.mark.django_db


@pytest.fixture
def worked(in_alpha) -> WorkedYear:
    return worked_year()


def kpis(on: date) -> dict:
    """key -> (value, unit), and for a breakdown "<key>[<label>]" -> value."""
    source = dict(registry().kpi_sources)["budget"]  # the registry hands out the imported source
    units = {kpi.code: kpi.unit for kpi in source.kpis}
    figures = source.figures(on=on)
    assert all(type(f.value) in (int, Decimal) for f in figures), "money is won, rates Decimal: never a float"
    assert all(type(v) in (int, Decimal) for f in figures for _label, v in f.breakdown)
    assert len({f.key for f in figures}) == len(figures)
    assert {f.key for f in figures} <= set(units), "every figure is a declared KPI"
    found: dict = {f.key: (f.value, units[f.key]) for f in figures}
    found.update({f"{f.key}[{label}]": value for f in figures for label, value in f.breakdown})
    return found


def test_at_the_end_of_june(worked):
    found = kpis(date(2026, 6, 30))

    assert found["budget.current_amount"] == (58_000_000, "원")  # the 추경 of 15 June is in
    assert found["budget.committed_amount"] == (1_800_000, "원")  # plan A 1,000,000 + plan B 800,000
    assert found["budget.executed_amount"] == (17_200_000, "원")
    assert found["budget.execution_rate"] == (Decimal("29.7"), "%")  # 29.655…
    by_code = {key.split("표준과목 ")[1].rstrip("]"): value for key, value in found.items() if "[표준과목 " in key}
    assert by_code == {
        "201": Decimal("24.7"),  # 4,700,000 / 19,000,000
        "201-01": Decimal("25.0"),  # 3,500,000 / 14,000,000 (재무부's and 총무팀's lines together)
        "201-02": Decimal("24.0"),
        "202": Decimal("16.7"),  # 500,000 / 3,000,000: trip 1 not yet returned
        "202-01": Decimal("16.7"),
        "401": Decimal("33.3"),
        "401-01": Decimal("33.3"),
    }
    executed = [found[f"budget.executed_amount[{m}월]"] for m in range(1, 7)]
    assert executed == [0, 2_000_000, 12_500_000, 1_500_000, 0, 1_200_000]
    rates = [found[f"budget.execution_rate[{m}월 말 누계]"] for m in range(1, 7)]
    assert rates == [Decimal(r) for r in ("0.0", "3.8", "27.9", "30.8", "30.8", "29.7")]
    assert "budget.executed_amount[7월]" not in found
    assert found["budget.early_execution_target"] == (Decimal("55.50"), "%")
    assert found["budget.early_execution_gap"] == (Decimal("-25.8"), "%p")
    assert found["budget.executions_this_month"] == (1, "건")  # plan B's payment
    assert found["budget.executions_this_month_amount"] == (1_200_000, "원")


def test_in_august_the_second_half_target_and_a_month_with_only_a_return(worked):
    found = kpis(date(2026, 8, 31))

    assert found["budget.executed_amount"] == (17_000_000, "원")
    assert found["budget.execution_rate"] == (Decimal("29.3"), "%")
    assert found["budget.executed_amount[8월]"] == -500_000
    assert found["budget.execution_rate[표준과목 202-01]"] == Decimal("10.0")  # 300,000 / 3,000,000
    assert found["budget.early_execution_target"] == (Decimal("90.00"), "%")
    assert found["budget.early_execution_gap"] == (Decimal("-60.7"), "%p")
    assert found["budget.executions_this_month"] == (0, "건")
    assert found["budget.executions_this_month_amount"] == (0, "원")


def test_a_month_with_two_executions_counts_sources_not_postings(worked):
    found = kpis(date(2026, 3, 31))
    assert found["budget.executions_this_month"] == (2, "건")  # trip 1 and works 1
    assert found["budget.executions_this_month_amount"] == (12_500_000, "원")
    assert found["budget.committed_amount"] == (1_000_000, "원")
    assert found["budget.current_amount"] == (52_000_000, "원")


def test_a_year_without_a_budget_reports_nothing(worked):
    assert kpis(date(2025, 12, 31)) == {}


def test_no_target_no_target_figures(in_alpha):
    worked_year(targets=False)
    found = kpis(date(2026, 6, 30))
    assert "budget.early_execution_target" not in found
    assert "budget.early_execution_gap" not in found
    assert found["budget.execution_rate"] == (Decimal("29.7"), "%")


def test_three_queries_whatever_the_size_of_the_ledger(worked):
    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            dict(registry().kpi_sources)["budget"].figures(on=date(2026, 12, 31))
        return len(captured)

    before = count()
    for n in range(40):
        day = date(2026, 1 + n % 12, 1 + n % 28)
        execute(source=source(f"kpi-{n}"), amount=1_000, line=worked.lines["시설비"], actor=worked.officer, on=day)
    assert count() == before == 3
