"""예산집행현황's figures on the worked year of tests/factories/budget_status.py, every expected
figure worked by hand from the postings listed there (not from the code's output).

집행률 = 집행액 / 예산현액 × 100, rounded half up to 0.1; the gap to a target from the exact
rate, rounded the same way; a target met only when the exact rate reaches it."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from budget.charges import execute
from budget.models import Level
from budget.status.figures import Figures, execution_rate, execution_status, rate_gap
from budget.templatetags.budget_figures import figure_cells, gap, rate
from tests.factories.budget_status import WorkedYear, source, worked_year

pytestmark = pytest.mark.django_db

YEAR_END = date(2026, 12, 31)


@pytest.fixture
def worked(in_alpha) -> WorkedYear:
    return worked_year()


def money(figures) -> tuple:
    return (
        figures.original_amount,
        figures.amended_amount,
        figures.current_amount,
        figures.committed_amount,
        figures.executed_amount,
        figures.available_amount,
        figures.rate,
    )


def test_the_rate_rounds_half_up_to_one_decimal_and_a_rate_of_nothing_is_none():
    assert execution_rate(17_200_000, 58_000_000) == Decimal("29.7")  # 29.655…
    assert execution_rate(1, 8) == Decimal("12.5")  # exactly 12.5
    assert execution_rate(1, 16) == Decimal("6.3")  # 6.25: half up, not to even
    assert execution_rate(1, 3) == Decimal("33.3")
    assert execution_rate(2, 3) == Decimal("66.7")
    assert execution_rate(0, 5) == Decimal("0.0")
    assert execution_rate(0, 0) is None
    assert rate_gap(17_200_000, 58_000_000, Decimal("55.50")) == Decimal("-25.8")  # −25.844…
    assert rate_gap(1, 16, Decimal("6.20")) == Decimal("0.1")  # 6.25 − 6.20 = 0.05 → 0.1
    assert rate_gap(5, 0, Decimal("10")) is None


def test_by_line_tree_has_subtotals_at_every_level(worked):
    status = execution_status(fiscal_year=worked.year, as_of=YEAR_END)
    rows = {(row.item.level, row.item.code, row.item.department.name): row for row in status.tree()}

    def at(level, code, department="재무부"):
        return money(rows[level, code, department].figures)

    # (본예산, 증감, 예산현액, 원인행위 잔액, 집행액, 잔액, 집행률)
    assert at(Level.ITEM, "201-01") == (10_000_000, 0, 10_000_000, 1_000_000, 2_000_000, 7_000_000, Decimal("20.0"))
    assert at(Level.ITEM, "201-02") == (5_000_000, 0, 5_000_000, 800_000, 1_200_000, 3_000_000, Decimal("24.0"))
    assert at(Level.ITEM, "202-01") == (2_000_000, 0, 2_000_000, 0, 0, 2_000_000, Decimal("0.0"))
    assert at(Level.ITEM, "401-01") == (
        30_000_000,
        6_000_000,
        36_000_000,
        0,
        12_000_000,
        24_000_000,
        Decimal("33.3"),
    )
    assert at(Level.ITEM, "201-01", "총무팀") == (4_000_000, 0, 4_000_000, 0, 1_500_000, 2_500_000, Decimal("37.5"))
    assert at(Level.ITEM, "202-01", "총무팀") == (1_000_000, 0, 1_000_000, 0, 300_000, 700_000, Decimal("30.0"))
    # 편성목 and 세부사업 subtotals
    assert at(Level.OBJECT, "201") == (15_000_000, 0, 15_000_000, 1_800_000, 3_200_000, 10_000_000, Decimal("21.3"))
    assert at(Level.PROJECT, "1110") == (17_000_000, 0, 17_000_000, 1_800_000, 3_200_000, 12_000_000, Decimal("18.8"))
    assert at(Level.PROJECT, "1120")[2:] == (36_000_000, 0, 12_000_000, 24_000_000, Decimal("33.3"))
    assert at(Level.PROJECT, "1130", "총무팀") == (5_000_000, 0, 5_000_000, 0, 1_800_000, 3_200_000, Decimal("36.0"))
    # 단위사업 and 정책사업 = the whole year: 현액 58,000,000, 집행 17,000,000 → 29.31… → 29.3
    whole = (52_000_000, 6_000_000, 58_000_000, 1_800_000, 17_000_000, 39_200_000, Decimal("29.3"))
    assert at(Level.UNIT, "1100") == whole
    assert at(Level.PROGRAM, "1000") == whole
    assert money(status.totals) == whole
    # tree order: parents first, siblings by code
    codes = [(row.item.code, row.item.department.name) for row in status.tree()]
    assert codes[:6] == [
        ("1000", "재무부"),
        ("1100", "재무부"),
        ("1110", "재무부"),
        ("201", "재무부"),
        ("201-01", "재무부"),
        ("201-02", "재무부"),
    ]
    assert codes[-5:] == [
        ("1130", "총무팀"),
        ("201", "총무팀"),
        ("201-01", "총무팀"),
        ("202", "총무팀"),
        ("202-01", "총무팀"),
    ]


def test_a_department_sees_only_its_branches_and_the_level_filter_cuts_the_tree(worked):
    status = execution_status(fiscal_year=worked.year, as_of=YEAR_END, department_ids=[worked.org.team.pk])

    assert [row.item.code for row in status.tree()] == ["1000", "1100", "1130", "201", "201-01", "202", "202-01"]
    # the ancestors owned by 재무부 carry only the team's lines
    assert money(status.tree()[0].figures) == (5_000_000, 0, 5_000_000, 0, 1_800_000, 3_200_000, Decimal("36.0"))
    assert [row.item.code for row in status.tree(Level.PROJECT)] == ["1000", "1100", "1130"]


def test_by_department_with_its_rank_by_rate(worked):
    status = execution_status(fiscal_year=worked.year, as_of=YEAR_END)
    rows = [(row.department.name, money(row.figures)[2:], row.rank) for row in status.by_department()]
    # 총무부 > 총무팀 comes before 재무부 in the organisation's order (both under 경영본부)
    assert rows == [
        ("총무팀", (5_000_000, 0, 1_800_000, 3_200_000, Decimal("36.0")), 1),
        ("재무부", (53_000_000, 1_800_000, 15_200_000, 36_000_000, Decimal("28.7")), 2),
    ]


def test_by_standard_code_adds_both_departments_lines_of_one_code(worked):
    status = execution_status(fiscal_year=worked.year, as_of=YEAR_END)
    rows = [(row.code, row.name, money(row.figures)[2:]) for row in status.by_standard_code()]
    assert rows == [
        ("201", "일반운영비", (19_000_000, 1_800_000, 4_700_000, 12_500_000, Decimal("24.7"))),
        ("201-01", "사무관리비", (14_000_000, 1_000_000, 3_500_000, 9_500_000, Decimal("25.0"))),
        ("201-02", "공공운영비", (5_000_000, 800_000, 1_200_000, 3_000_000, Decimal("24.0"))),
        ("202", "여비", (3_000_000, 0, 300_000, 2_700_000, Decimal("10.0"))),
        ("202-01", "국내여비", (3_000_000, 0, 300_000, 2_700_000, Decimal("10.0"))),
        ("401", "시설비및부대비", (36_000_000, 0, 12_000_000, 24_000_000, Decimal("33.3"))),
        ("401-01", "시설비", (36_000_000, 0, 12_000_000, 24_000_000, Decimal("33.3"))),
    ]


def test_by_month_executed_cumulative_rate_and_the_half_targets(worked):
    status = execution_status(fiscal_year=worked.year, as_of=YEAR_END)
    rows = [
        (row.month, row.executed_amount, row.cumulative_executed_amount, row.current_amount, row.rate, row.target_rate)
        for row in status.by_month()
    ]
    h1, h2 = Decimal("55.50"), Decimal("90.00")
    assert rows == [
        (1, 0, 0, 52_000_000, Decimal("0.0"), None),
        (2, 2_000_000, 2_000_000, 52_000_000, Decimal("3.8"), None),
        (3, 12_500_000, 14_500_000, 52_000_000, Decimal("27.9"), None),
        (4, 1_500_000, 16_000_000, 52_000_000, Decimal("30.8"), None),
        (5, 0, 16_000_000, 52_000_000, Decimal("30.8"), None),
        (6, 1_200_000, 17_200_000, 58_000_000, Decimal("29.7"), h1),  # the 추경 counts from June
        (7, 300_000, 17_500_000, 58_000_000, Decimal("30.2"), None),
        (8, -500_000, 17_000_000, 58_000_000, Decimal("29.3"), None),  # the 반납 takes August below zero
        (9, 0, 17_000_000, 58_000_000, Decimal("29.3"), None),
        (10, 0, 17_000_000, 58_000_000, Decimal("29.3"), None),
        (11, 0, 17_000_000, 58_000_000, Decimal("29.3"), None),
        (12, 0, 17_000_000, 58_000_000, Decimal("29.3"), h2),
    ]
    june, december = status.by_month()[5], status.by_month()[11]
    assert (june.gap, december.gap) == (Decimal("-25.8"), Decimal("-60.7"))  # 29.655 − 55.5; 29.310 − 90


def test_as_of_a_date_counts_only_the_postings_dated_up_to_it(worked):
    status = execution_status(fiscal_year=worked.year, as_of=date(2026, 3, 31))

    # plan A's 1,000,000 still committed; plan B not yet; no 추경 yet
    assert money(status.totals) == (52_000_000, 0, 52_000_000, 1_000_000, 14_500_000, 36_500_000, Decimal("27.9"))
    assert [row.month for row in status.by_month()] == [1, 2, 3]
    # the first half is under way: checked against its target on the as-of date
    [check] = status.target_checks()
    assert (check.half, check.measured_on, check.final, check.rate, check.gap, check.met) == (
        1,
        date(2026, 3, 31),
        False,
        Decimal("27.9"),
        Decimal("-27.6"),  # 27.884… − 55.50 = −27.615…
        False,
    )


def test_in_the_second_half_the_first_is_judged_at_30_june(worked):
    checks = execution_status(fiscal_year=worked.year, as_of=date(2026, 8, 31)).target_checks()

    assert [(c.half, c.measured_on, c.final, c.rate, c.target_rate, c.gap, c.met) for c in checks] == [
        (1, date(2026, 6, 30), True, Decimal("29.7"), Decimal("55.50"), Decimal("-25.8"), False),
        (2, date(2026, 8, 31), False, Decimal("29.3"), Decimal("90.00"), Decimal("-60.7"), False),
    ]


def test_a_target_is_met_only_when_the_exact_rate_reaches_it(worked):
    """At 30 June 17,200,000 of 58,000,000 is executed. 14,980,000 more on 시설비 makes
    32,180,000 = 55.482…%: shown as 55.5 %, yet short of 55.50 %; 20,000 more makes 32,200,000 =
    55.517…%: met."""
    facilities = worked.lines["시설비"]
    execute(source=source("june-1"), amount=14_980_000, line=facilities, actor=worked.officer, on=date(2026, 6, 29))

    [check] = execution_status(fiscal_year=worked.year, as_of=date(2026, 6, 30)).target_checks()
    assert (check.executed_amount, check.rate, check.gap, check.met, check.final) == (
        32_180_000,
        Decimal("55.5"),
        Decimal("0.0"),  # −0.017…: no sign, no credit
        False,
        True,
    )

    execute(source=source("june-2"), amount=20_000, line=facilities, actor=worked.officer, on=date(2026, 6, 30))

    [check] = execution_status(fiscal_year=worked.year, as_of=date(2026, 6, 30)).target_checks()
    assert (check.executed_amount, check.rate, check.gap, check.met) == (
        32_200_000,
        Decimal("55.5"),
        Decimal("0.0"),
        True,
    )


def test_no_target_set_means_no_check(in_alpha):
    worked = worked_year(targets=False)
    status = execution_status(fiscal_year=worked.year, as_of=YEAR_END)
    assert status.target_checks() == []
    assert all(row.target_rate is None for row in status.by_month())


def test_three_queries_whatever_the_number_of_postings(worked):
    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            status = execution_status(fiscal_year=worked.year, as_of=YEAR_END)
            status.tree(), status.by_department(), status.by_month(), status.target_checks()
        return len(captured)

    before = count()
    for n in range(40):
        execute(
            source=source(f"many-{n}"),
            amount=1_000,
            line=worked.lines["시설비"],
            actor=worked.officer,
            on=date(2026, 1 + n % 12, 1 + n % 28),
        )
    assert count() == before == 3


def test_the_template_tags_write_money_and_rates_the_korean_way():
    figures = Figures(original_amount=10_000_000, amended_amount=-1_000_000, committed_amount=500_000,
                      executed_amount=3_000_000)  # fmt: skip
    cells = re.findall(r'<td class="num">(.*?)</td>', figure_cells(figures, amendments=True))
    assert cells == ["10,000,000원", "-1,000,000원", "9,000,000원", "500,000원", "3,000,000원", "5,500,000원", "33.3%"]
    cells = re.findall(r"<td class=\"num\">(.*?)</td>", figure_cells(Figures(), available_amount=7))
    assert cells == ["0원", "0원", "0원", "7원", "—"]
    assert (rate(Decimal("29.7")), rate(None)) == ("29.7%", "—")
    assert (gap(Decimal("1.2")), gap(Decimal("-25.8")), gap(Decimal("-0.0")), gap(None)) == (
        "+1.2%p",
        "-25.8%p",
        "0.0%p",
        "—",
    )
