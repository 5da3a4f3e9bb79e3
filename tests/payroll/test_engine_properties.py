"""Property tests (hypothesis) of the engine over random pay profiles."""

from __future__ import annotations

import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from payroll.engine import Deduction, Earning, EmployerSettings, SlipInput, calculate
from payroll.engine.parameters import PARAMETER_SETS

MONTHS = [datetime.date(year, month, 1) for year in (2025, 2026) for month in range(1, 13)]


@st.composite
def slips(draw: st.DrawFn) -> SlipInput:
    family = draw(st.integers(1, 14))
    earnings = [Earning("base", "기본급", draw(st.integers(0, 30_000_000)))]
    for code, category in (("meal", "meal"), ("car", "car"), ("care", "childcare"), ("extra", None)):
        if draw(st.booleans()):
            earnings.append(Earning(code, code, draw(st.integers(0, 400_000)), non_taxable=category))
    declared = st.none() | st.integers(0, 20_000_000)
    return SlipInput(
        month=draw(st.sampled_from(MONTHS)),
        earnings=tuple(earnings),
        family=family,
        children=draw(st.integers(0, family - 1)),
        ratio=draw(st.sampled_from((80, 100, 120))),
        pension_base=draw(declared),
        health_base=draw(declared),
        deductions=tuple(
            Deduction("union", "노조비", draw(st.integers(0, 50_000))) for _ in range(draw(st.integers(0, 1)))
        ),
        employer=EmployerSettings(
            size_band=draw(st.sampled_from(("under_150", "priority_150", "150_to_999", "1000_or_public"))),
            pension_rounding=draw(st.sampled_from(("floor10", "won"))),
        ),
    )


@settings(max_examples=400, deadline=None)
@given(slips())
def test_gross_minus_deductions_is_net_and_amounts_are_whole(slip: SlipInput) -> None:
    result = calculate(slip)
    assert result.gross == sum(e.amount for e in slip.earnings)
    assert result.gross - result.total_deductions == result.net
    assert 0 <= result.taxable <= result.gross
    assert result.taxable + result.non_taxable == result.gross
    assert all(line.taxable + line.non_taxable == line.amount for line in result.earnings)
    cut_to_ten = [
        result.health_insurance,
        result.long_term_care,
        result.employment_insurance,
        result.income_tax,
        result.local_income_tax,
        result.employer.employment_stability,
        result.employer.industrial_accident,
    ]
    if slip.employer.pension_rounding == "floor10":
        cut_to_ten.append(result.national_pension)
    for amount in cut_to_ten:
        assert isinstance(amount, int)
        assert amount >= 0
        assert amount % 10 == 0
    assert result.income_tax == 0 or result.income_tax >= 1_000  # 소액부징수
    assert result.local_income_tax <= result.income_tax // 10
    params = next(p for p in PARAMETER_SETS if p.valid_from <= slip.month <= p.valid_until)
    assert result.national_pension <= params.pension_base_max * params.pension_rate


@settings(max_examples=200, deadline=None)
@given(st.integers(770_000, 30_000_000), st.integers(1, 11), st.sampled_from(MONTHS[2 + 12 :]))
def test_more_pay_never_withholds_less(pay: int, family: int, month: datetime.date) -> None:
    lower = calculate(SlipInput(month=month, earnings=(Earning("base", "", pay),), family=family))
    higher = calculate(SlipInput(month=month, earnings=(Earning("base", "", pay + 20_000),), family=family))
    assert higher.income_tax >= lower.income_tax
