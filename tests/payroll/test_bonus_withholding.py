"""소득세법 §136 (kr-payroll-rules §2.5, pitfall 8): a bonus's 소득세 is the table's tax on the
지급대상기간's average pay × its months, less what the period withheld — never the table on the
month's pay with the bonus added. Hand-worked against the 2026 간이세액표 rows."""

from __future__ import annotations

import datetime

import pytest

from org import roles
from org.models import User
from payroll.engine import BonusPeriod, Earning, SlipInput, calculate
from payroll.models import PayItem, PayrollRun, Payslip, RunStatus
from payroll.services import payroll_run_calculate_now, payroll_run_create
from tests.factories import UserFactory
from tests.payroll.helpers import pay_structure, profile_for
from tests.support import STAFF

SEPTEMBER = datetime.date(2026, 9, 1)


def _september(period: BonusPeriod | None, family: int = 1) -> SlipInput:
    return SlipInput(
        month=SEPTEMBER,
        earnings=(
            Earning("base", "기본급", 3_000_000),
            Earning("holiday_bonus", "명절휴가비", 1_800_000, bonus=True),
        ),
        family=family,
        pension_base=3_000_000,
        health_base=3_000_000,
        bonus_period=period,
    )


def test_a_two_month_period_by_hand():
    # 지급대상기간 August–September (the previous bonus, 정근수당, was July); August paid 3,000,000
    # and withheld 74,350 (3,000천원 row, 1인).
    # September's regular tax: 74,350.
    # Average: (1,800,000 + 3,000,000 + 3,000,000) ÷ 2 = 3,900,000 → 182,610 (3,900천원 row, 1인)
    # Bonus tax: 182,610 × 2 − (74,350 + 74,350) = 216,520; the month's 소득세 74,350 + 216,520.
    result = calculate(_september(BonusPeriod(months=2, earlier_pay=3_000_000, earlier_tax=74_350)))
    assert result.income_tax == 290_870
    assert result.local_income_tax == 29_080
    assert any("제136조" in line and "2개월" in line and "216,520원" in line for line in result.basis)
    # The naive way (pitfall 8) would look up 4,800,000 in the table: 307,420.
    assert calculate(_september(None)).income_tax == 307_420


def test_a_one_month_period_is_the_table_on_the_whole_month():
    one = calculate(_september(BonusPeriod(months=1)))
    assert one.income_tax == calculate(_september(None)).income_tax == 307_420


def test_no_bonus_lines_means_the_period_changes_nothing():
    plain = SlipInput(month=SEPTEMBER, earnings=(Earning("base", "기본급", 3_000_000),), family=1)
    with_period = SlipInput(
        month=SEPTEMBER, earnings=plain.earnings, family=1, bonus_period=BonusPeriod(months=7, earlier_pay=1)
    )
    assert calculate(plain).income_tax == calculate(with_period).income_tax == 74_350


def test_a_period_outside_a_year_is_refused():
    with pytest.raises(ValueError, match="지급대상기간"):
        BonusPeriod(months=0)
    with pytest.raises(ValueError, match="지급대상기간"):
        BonusPeriod(months=13)


@pytest.mark.django_db
def test_the_run_reads_the_period_from_the_years_finalised_slips(in_alpha):
    """명절휴가비 in February and September 2026 (설, 추석). The September run's period is March–
    September (7 months, after February's bonus), from the finalised runs of March–August.

    staff: 6급 5호봉 3,000,000 taxable a month (식대 비과세), 2 공제대상가족 → 56,850 a month
    (3,000천원 row, 2인), so the earlier months paid 18,000,000 and withheld 341,100.
    September: regular 3,000,000 (56,850) + 명절휴가비 3,000,000 × 60 % = 1,800,000.
    Average (1,800,000 + 18,000,000 + 3,000,000) ÷ 7 = 3,257,142 → 77,380 (3,240천원 row, 2인)
    Bonus tax 77,380 × 7 − (341,100 + 56,850) = 143,710; 소득세 56,850 + 143,710 = 200,560;
    지방소득세 20,050 (20,056 cut to 10원). The table on 4,800,000 would have said 278,810."""
    grade = pay_structure()
    PayItem.objects.create(code="holiday_bonus", name="명절휴가비", computation="holiday_bonus", budget_code="101-01")
    staff = User.objects.get(username=STAFF)
    profile_for(staff, grade, step=5)
    officer = UserFactory(username="payclerk", roles=[roles.STAFF, "payroll_officer"])
    for number in range(2, 9):
        run = payroll_run_create(actor=officer, month=datetime.date(2026, number, 1))
        payroll_run_calculate_now(actor=officer, run=run)
        PayrollRun.objects.filter(pk=run.pk).update(status=RunStatus.FINALISED)
    march = Payslip.objects.get(user=staff, month=datetime.date(2026, 3, 1))
    assert (march.taxable_amount, march.income_tax_amount) == (3_000_000, 56_850)

    september = payroll_run_calculate_now(actor=officer, run=payroll_run_create(actor=officer, month=SEPTEMBER))
    slip = Payslip.objects.get(run=september, user=staff)
    assert slip.taxable_amount == 4_800_000
    assert (slip.income_tax_amount, slip.local_income_tax_amount) == (200_560, 20_050)
    assert any("지급대상기간 7개월 월평균 3,257,142원" in line for line in slip.basis)


@pytest.mark.django_db
def test_a_run_not_finalised_does_not_count_in_the_period(in_alpha):
    grade = pay_structure()
    PayItem.objects.create(code="holiday_bonus", name="명절휴가비", computation="holiday_bonus")
    staff = User.objects.get(username=STAFF)
    profile_for(staff, grade, step=5)
    officer = UserFactory(username="payclerk", roles=[roles.STAFF, "payroll_officer"])
    payroll_run_calculate_now(actor=officer, run=payroll_run_create(actor=officer, month=datetime.date(2026, 8, 1)))
    september = payroll_run_calculate_now(actor=officer, run=payroll_run_create(actor=officer, month=SEPTEMBER))
    slip = Payslip.objects.get(run=september, user=staff)
    # Nothing finalised this year: January–September, 9 months, with only September paid:
    # (1,800,000 + 3,000,000) ÷ 9 = 533,333 → under the table's floor: no bonus tax at all.
    assert slip.income_tax_amount == 56_850
    assert any("지급대상기간 9개월" in line for line in slip.basis)
