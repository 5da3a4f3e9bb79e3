"""연차 under 근로기준법 §60, hand-worked at every boundary (reference §4.1, example E16)."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from attendance.entitlement import (
    FISCAL,
    annual_days,
    entitlement,
    grants,
    last_day_of_exactly_one_year,
    reconcile_at_leaving,
)


def _e(hired: str, on: str, **kw) -> tuple[Decimal, Decimal]:
    result = entitlement(hired=date.fromisoformat(hired), on=date.fromisoformat(on), **kw)
    return result.granted, result.year_total


@pytest.mark.parametrize(
    ("on", "granted", "year_total"),
    [
        ("2025-03-01", 0, 0),  # the hire date itself
        ("2025-03-31", 0, 0),  # the first month not yet complete
        ("2025-04-01", 1, 1),  # 1 month
        ("2025-04-02", 0, 1),
        ("2025-09-01", 1, 6),  # 6 months
        ("2026-02-01", 1, 11),  # 11 months: the last monthly day
        ("2026-02-28", 0, 11),  # never a 12th monthly day
        ("2026-03-01", 15, 15),  # one year: 15, a new leave year
        ("2027-03-01", 15, 15),  # two years: still 15
        ("2028-03-01", 16, 16),  # three years: 15 + ⌊2/2⌋
    ],
)
def test_first_years_e16(on, granted, year_total):
    assert _e("2025-03-01", on) == (Decimal(granted), Decimal(year_total))


@pytest.mark.parametrize(
    ("years", "days"), [(1, 15), (2, 15), (3, 16), (4, 16), (5, 17), (6, 17), (7, 18), (20, 24), (21, 25), (30, 25)]
)
def test_annual_days_by_years_of_service(years, days):
    assert annual_days(years) == days


def test_long_service_e16():
    assert _e("2020-01-01", "2025-01-01") == (17, 17)  # 5 years
    assert _e("2020-01-01", "2026-01-01") == (17, 17)  # 6 years
    assert _e("2020-01-01", "2027-01-01") == (18, 18)  # 7 years
    assert _e("2020-01-01", "2041-01-01") == (25, 25)  # 21 years: the cap
    assert _e("2020-01-01", "2046-01-01") == (25, 25)  # 26 years: still the cap
    assert _e("2020-01-01", "2046-06-30") == (0, 25)  # mid-year: nothing arises that day


def test_a_contract_of_exactly_one_year_gets_11_days_not_26():
    hired = date(2025, 3, 2)
    last = last_day_of_exactly_one_year(hired)
    assert last == date(2026, 3, 1)
    total = sum(g.days for g in grants(hired=hired, until=date(2026, 12, 31), left_on=last))
    assert total == 11
    # One day longer (1 year + 1 day): the 15 days of the second year arise too.
    total = sum(g.days for g in grants(hired=hired, until=date(2026, 12, 31), left_on=date(2026, 3, 2)))
    assert total == 26


def test_under_80_percent_gives_one_day_per_fully_attended_month():
    # 0.75 × 12 = 9 months fully attended at best
    assert _e("2024-03-02", "2025-03-02", attended_ratio=Decimal("0.75")) == (9, 9)
    assert _e("2024-03-02", "2025-03-02", attended_ratio=Decimal("0.8")) == (15, 15)
    assert _e("2024-03-02", "2025-03-02", attended_ratio=Decimal("0.79")) == (9, 9)


def test_month_ends_clamp():
    # hired 1/31: the monthly days fall on 2/28, 3/31, 4/30 …
    days = [g.on for g in grants(hired=date(2025, 1, 31), until=date(2025, 4, 30))]
    assert days == [date(2025, 2, 28), date(2025, 3, 31), date(2025, 4, 30)]


def test_fiscal_basis_pro_rata_and_following_years():
    # Hired 2025-07-01: 184 days served in 2025 → 15 × 184 / 365 = 7.56 → 8 (half days up).
    # 2026-01-01 is also the 6th monthly day: 1 + 8 = 9 that day.
    assert _e("2025-07-01", "2026-01-01", basis=FISCAL) == (9, 9)
    # 2026: 5 more monthly days (2/1 … 6/1) → year total 14 by 6/1
    assert _e("2025-07-01", "2026-06-01", basis=FISCAL) == (1, 14)
    assert _e("2025-07-01", "2027-01-01", basis=FISCAL) == (15, 15)  # counted as the first full year
    assert _e("2025-07-01", "2028-01-01", basis=FISCAL) == (15, 15)
    assert _e("2025-07-01", "2029-01-01", basis=FISCAL) == (16, 16)
    # Hired 2025-10-01: 92 days → 15 × 92 / 365 = 3.78 → 4
    assert _e("2025-10-01", "2026-01-01", basis=FISCAL) == (5, 5)  # with the 3rd monthly day


def test_fiscal_basis_from_1_january_is_the_hire_basis():
    assert _e("2025-01-01", "2026-01-01", basis=FISCAL) == (15, 15)


def test_reconciliation_at_leaving_tops_up_to_the_statute():
    # Hired 2025-07-01 fiscal, leaves 2026-06-30: fiscal gave 11 monthly + 8 pro-rata = 19;
    # by hire date 11 → nothing owed.
    assert reconcile_at_leaving(hired=date(2025, 7, 1), left_on=date(2026, 6, 30)) == 0
    # Leaves 2026-12-31 (still before the 2027-01-01 fiscal grant): fiscal 19; by hire date
    # 11 + 15 (2026-07-01) = 26 → 7 days owed.
    assert reconcile_at_leaving(hired=date(2025, 7, 1), left_on=date(2026, 12, 31)) == 7


def test_leave_entitlement_command(capsys):
    call_command("leave_entitlement", "--hired", "2025-03-02", "--on", "2026-03-02")
    assert json.loads(capsys.readouterr().out) == {"granted": 15, "year_total": 15}
    call_command("leave_entitlement", "--hired", "2025-03-02", "--on", "2025-08-02")
    assert json.loads(capsys.readouterr().out) == {"granted": 1, "year_total": 5}
    call_command("leave_entitlement", "--hired", "2025-07-01", "--on", "2026-01-01", "--basis", "fiscal")
    assert json.loads(capsys.readouterr().out) == {"granted": 9, "year_total": 9}
    call_command("leave_entitlement", "--hired", "2024-03-02", "--on", "2025-03-02", "--attended-ratio", "0.5")
    assert json.loads(capsys.readouterr().out) == {"granted": 6, "year_total": 6}


def test_half_days_print_as_decimals(capsys):
    # Hired 2025-12-02: 30 days served → 15 × 30 / 365 = 1.23 → 1.5
    call_command("leave_entitlement", "--hired", "2025-12-02", "--on", "2026-01-01", "--basis", "fiscal")
    assert json.loads(capsys.readouterr().out) == {"granted": 1.5, "year_total": 1.5}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--on", "2026-03-02"], "입사일(--hired)을(를) 적으세요 (예: 2026-03-02)."),
        (
            ["--hired", "2025-03-02", "--on", "2026-13-01"],
            "기준일(--on) '2026-13-01'은(는) 날짜가 아닙니다. 2026-03-02처럼 적으세요.",
        ),
        (
            ["--hired", "2025-03-02", "--on", "2026-03-02", "--basis", "x"],
            "--basis는 hire(입사일 기준) 또는 fiscal(회계연도 기준)입니다.",
        ),
        (
            ["--hired", "2025-03-02", "--on", "2026-03-02", "--attended-ratio", "1.2"],
            "--attended-ratio는 0에서 1 사이의 수입니다 (예: 0.85).",
        ),
        (
            ["--hired", "2025-03-02", "--on", "2026-03-02", "--attended-ratio", "NaN"],
            "--attended-ratio는 0에서 1 사이의 수입니다 (예: 0.85).",
        ),
        (
            ["--hired", "2025-03-02", "--on", "2026-03-02", "--attended-ratio", "abc"],
            "--attended-ratio는 0에서 1 사이의 수입니다 (예: 0.85).",
        ),
        (["--hired", "2026-03-02", "--on", "2025-03-02"], "기준일이 입사일보다 앞섭니다."),
    ],
)
def test_leave_entitlement_command_refuses_bad_options(args, message):
    with pytest.raises(CommandError) as raised:
        call_command("leave_entitlement", *args)
    assert str(raised.value) == message
    assert raised.value.returncode == 2
