"""The slip calculator: profile + pay table amount + items + overtime hours → slip lines, by hand."""

from __future__ import annotations

import datetime
from decimal import Decimal

from payroll.calculator import AttendanceInputs, ItemRule, PersonPay, calculate_slip
from payroll.engine import EmployerSettings, OvertimeHours
from payroll.engine.withholding import table_amount

D = datetime.date
ITEMS = (
    ItemRule("base", "기본급", "earning", "base_pay", is_ordinary_wage=True, budget_code="101-01"),
    ItemRule("meal", "정액급식비", "earning", "fixed", "meal", True, 140_000, budget_code="101-01"),
    ItemRule("rank", "직급보조비", "earning", "fixed", is_ordinary_wage=True, amount=0, budget_code="204-02"),
    ItemRule("family", "가족수당", "earning", "family", budget_code="101-01"),
    ItemRule("long_service", "정근수당", "earning", "long_service", budget_code="101-01"),
    ItemRule("long_service_bonus", "정근수당가산금", "earning", "long_service_bonus", budget_code="101-01"),
    ItemRule("holiday", "명절휴가비", "earning", "holiday_bonus", budget_code="101-01"),
    ItemRule("overtime", "시간외근무수당", "earning", "overtime", budget_code="101-01"),
    ItemRule("union", "노조비", "deduction", "fixed"),
)


def _person(month: D, **kw) -> PersonPay:
    fields = {
        "user_id": 1,
        "month": month,
        "hired_on": D(2020, 3, 1),
        "left_on": None,
        "grade_name": "6급",
        "pay_step": 5,
        "base_pay": 2_800_000,
        "family": 3,
        "children_8_20": 1,
        "spouse": True,
        "children": 1,
        "pension_base": 3_200_000,
        "health_base": 3_200_000,
        "personal_amounts": {"rank": 175_000, "union": 15_000},
    }
    fields.update(kw)
    return PersonPay(**fields)


def _by_code(calculated, kind="earning"):
    return {line.code: line.amount for line in calculated.lines if line.kind == kind}


def test_a_march_slip_by_hand():
    calculated = calculate_slip(
        _person(D(2026, 3, 1)), ITEMS, EmployerSettings(), AttendanceInputs(OvertimeHours(extended=10))
    )
    # 통상임금 = 2,800,000 + 140,000 + 175,000 = 3,115,000; ÷ 209 × 1.5 × 10 h = 223,564.59 → 223,564
    assert calculated.ordinary_wage == 3_115_000
    assert _by_code(calculated) == {
        "base": 2_800_000,
        "meal": 140_000,
        "rank": 175_000,
        "family": 90_000,  # 배우자 40,000 + 첫째 50,000
        "long_service_bonus": 50_000,  # 6년
        "overtime": 223_564,
    }
    result = calculated.result
    assert (result.gross, result.non_taxable, result.taxable) == (3_478_564, 140_000, 3_338_564)
    deductions = _by_code(calculated, "deduction")
    assert deductions["national_pension"] == 152_000  # declared 3,200,000 × 4.75 %
    assert deductions["health_insurance"] == 115_040  # 3,200,000 × 3.595 %
    assert deductions["long_term_care"] == 15_110  # 115,040 × 13.14 % = 15,116.3
    assert deductions["employment_insurance"] == 30_040  # 3,338,564 × 0.9 % = 30,047.1
    assert deductions["income_tax"] == table_amount(3_338_564, 3) - 20_830
    assert deductions["union"] == 15_000
    assert sum(deductions.values()) == result.total_deductions
    assert result.net == 3_478_564 - result.total_deductions
    overtime = next(line for line in calculated.lines if line.code == "overtime")
    assert overtime.basis == "근로기준법 제56조: 통상시급 14,904원 (통상임금 3,115,000원 ÷ 209), 연장 10시간 × 1.5"
    meal = next(line for line in calculated.lines if line.code == "meal")
    assert meal.non_taxable_amount == 140_000
    employer = _by_code(calculated, "employer")
    assert employer["national_pension"] == 152_000
    assert {line.budget_code for line in calculated.lines if line.kind == "employer"} == {"304-01", "304-02"}


def test_july_pays_long_service_and_september_the_holiday_bonus():
    july = calculate_slip(_person(D(2026, 7, 1)), ITEMS, EmployerSettings())
    assert _by_code(july)["long_service"] == 840_000  # 6년: 30 % of 2,800,000
    assert "holiday" not in _by_code(july)
    september = calculate_slip(_person(D(2026, 9, 1)), ITEMS, EmployerSettings())
    assert _by_code(september)["holiday"] == 1_680_000
    assert "long_service" not in _by_code(september)
    # hired on September 1st: not employed on August 31st, so no 명절휴가비
    newcomer = calculate_slip(_person(D(2026, 9, 1), hired_on=D(2026, 9, 1)), ITEMS, EmployerSettings())
    assert "holiday" not in _by_code(newcomer)


def test_mid_month_hire_is_pro_rated_by_calendar_days():
    calculated = calculate_slip(_person(D(2026, 3, 1), hired_on=D(2026, 3, 16)), ITEMS, EmployerSettings())
    # 16 of 31 days
    assert _by_code(calculated) == {
        "base": 1_445_161,  # 2,800,000 × 16/31 = 1,445,161.3
        "meal": 72_258,
        "rank": 90_322,  # 175,000 × 16/31 = 90,322.6
        "family": 46_451,  # 90,000 × 16/31 = 46,451.6
        "long_service_bonus": 15_483,  # 30,000 (under 5 years) × 16/31 = 15,483.9
    }
    assert _by_code(calculated, "deduction")["union"] == 15_000  # taken whole


def test_the_model_rate_pays_when_it_is_higher():
    person = _person(D(2026, 3, 1), step10_base_pay=4_000_000, grade_eight_or_below=True)
    hours = AttendanceInputs(OvertimeHours(extended=10), model_hours=10)
    line = next(
        line for line in calculate_slip(person, ITEMS, EmployerSettings(), hours).lines if line.code == "overtime"
    )
    # model: 4,000,000 × 60 % ÷ 209 × 1.5 = 17,224.8 → 17,224/h × 10 = 172,240 < §56 223,564: §56 pays
    assert line.amount == 223_564
    richer = _person(D(2026, 3, 1), step10_base_pay=6_000_000)
    line = next(
        line for line in calculate_slip(richer, ITEMS, EmployerSettings(), hours).lines if line.code == "overtime"
    )
    # model: 6,000,000 × 55 % ÷ 209 × 1.5 = 23,684.2 → 23,684 × 10 = 236,840 > 223,564
    assert line.amount == 236_840
    assert line.basis == "보수규정: 10시간 × 23,684원 (봉급기준액 ÷ 209 × 1.5)"


def test_yearly_items_marked_ordinary_count_a_twelfth_and_low_pay_warns():
    items = (
        ItemRule("base", "기본급", "earning", "base_pay", is_ordinary_wage=True),
        ItemRule("holiday", "명절휴가비", "earning", "holiday_bonus", is_ordinary_wage=True),
    )
    person = _person(D(2026, 3, 1), base_pay=1_800_000, personal_amounts={})
    calculated = calculate_slip(person, items, EmployerSettings())
    # 1,800,000 + 2 × 1,080,000 ÷ 12 = 1,980,000 < 2,156,880
    assert calculated.ordinary_wage == 1_980_000
    assert any("최저임금" in w for w in calculated.result.warnings)


def test_percent_items_and_zero_lines_are_left_out():
    items = (
        ItemRule("base", "기본급", "earning", "base_pay"),
        ItemRule("research", "연구수당", "earning", "percent_of_base", percent=Decimal("7.5")),
        ItemRule("union", "노조비", "deduction", "fixed"),
    )
    calculated = calculate_slip(_person(D(2026, 3, 1), personal_amounts={}), items, EmployerSettings())
    assert _by_code(calculated) == {"base": 2_800_000, "research": 210_000}
    assert "union" not in _by_code(calculated, "deduction")
