"""A 상여 run (kind 상여) pays only the items the institution marks 상여 항목, worked by hand.

March 2026: 성과상여금 (item `perf`, 상여 항목, 통계목 101-03) is set at 2,400,000원 on 변동료's
profile; 탁회계 has none. 변동료 (6급 5호봉, 가족 2, hired 2026. 3. 1.) was paid March's regular
pay first: 과세 3,000,000, 소득세 56,850 (간이세액표 3,000천원, 2인).

  성과상여금                      2,400,000
  소득세 (소득세법 제136조)  지급대상기간: hired in March, so March alone (1개월);
                           월평균 (2,400,000 + 3,000,000) ÷ 1 = 5,400,000 → 간이세액표
                           5,400천원 2인 362,510 × 1 − 기간 중 원천징수 56,850 = 305,660
  지방소득세                      30,560  (305,660 × 10 %, 10원 미만 절사)
  고용보험 0.9 %                  21,600
  국민연금·건강·장기요양                0  (on the declared monthly bases: March's regular run
                                          charged them; kr-payroll-rules §1.1)
  노조비                               0  (a monthly deduction, taken by the regular run)
  공제 합계 357,820 · 실지급액 2,042,180
  기관 부담: 고용 21,600, 고용안정 0.25 % 6,000, 산재 1.47 % 35,280 = 304-02 62,880

The naive way (bonus added to the month: 5,400천원 in one month taxed as if every month paid it)
happens to give the same here only because the period is one month; test_bonus_withholding covers
longer periods in the engine."""

from __future__ import annotations

import csv
import io

import pytest

from budget.models import EntryKind, JournalEntry
from payroll.books import run_source
from payroll.budget_check import run_needs
from payroll.corrections import correction_run_calculate, correction_run_create
from payroll.flow import payroll_run_finalise, payroll_run_submit, payroll_run_transfer_file
from payroll.models import (
    PayItem,
    PayrollError,
    PayrollRun,
    Payslip,
    PayslipLine,
    ProfileItem,
    RunKind,
    RunStatus,
)
from payroll.services import payroll_run_budget_check, payroll_run_calculate_now, payroll_run_create
from tests.payroll.flow_helpers import MARCH, approve_all, checked_run, flow_org, line_figures

pytestmark = pytest.mark.django_db
BUDGET = {"101-01": 10_000_000, "101-03": 5_000_000, "304-01": 1_000_000, "304-02": 1_000_000}


@pytest.fixture
def org(in_alpha):
    org = flow_org()
    org.colleague.hire_date = MARCH
    org.colleague.save(update_fields=["hire_date"])
    perf = PayItem.objects.create(
        code="perf", name="성과상여금", computation="fixed", paid_as_bonus=True, budget_code="101-03"
    )
    ProfileItem.objects.create(profile=org.colleague.pay_profile, item=perf, amount=2_400_000)
    return org


def finalised(org, run):
    return payroll_run_finalise(actor=org.drafter, run=approve_all(payroll_run_submit(actor=org.drafter, run=run)))


def test_the_regular_run_leaves_the_bonus_items_out(org):
    run = checked_run(org, BUDGET)
    assert not PayslipLine.objects.filter(slip__run=run, code="perf").exists()
    assert "101-03" not in run_needs(run)
    slip = Payslip.objects.get(run=run, user=org.colleague)
    assert (slip.taxable_amount, slip.income_tax_amount) == (3_000_000, 56_850)


def test_a_bonus_run_pays_the_bonus_items_alone_withheld_by_section_136(org):
    finalised(org, checked_run(org, BUDGET))
    run = payroll_run_calculate_now(
        actor=org.drafter, run=payroll_run_create(actor=org.drafter, month=MARCH, kind=RunKind.BONUS)
    )
    assert (run.status, run.total_count, run.done_count) == (RunStatus.REVIEW, 1, 1)
    slip = Payslip.objects.get(run=run)  # 탁회계, with no 성과상여금, gets no slip
    assert slip.user_id == org.colleague.pk
    assert (slip.gross_amount, slip.taxable_amount, slip.non_taxable_amount) == (2_400_000, 2_400_000, 0)
    assert (
        slip.national_pension_amount,
        slip.health_insurance_amount,
        slip.long_term_care_amount,
        slip.employment_insurance_amount,
        slip.income_tax_amount,
        slip.local_income_tax_amount,
        slip.other_deduction_amount,
    ) == (0, 0, 0, 21_600, 305_660, 30_560, 0)
    assert (slip.total_deduction_amount, slip.net_amount) == (357_820, 2_042_180)
    assert (
        slip.employer_national_pension_amount,
        slip.employer_health_insurance_amount,
        slip.employer_employment_insurance_amount,
        slip.employer_employment_stability_amount,
        slip.employer_industrial_accident_amount,
    ) == (0, 0, 21_600, 6_000, 35_280)
    assert any(
        "소득세법 제136조): 지급대상기간 1개월 월평균 5,400,000원의 세액 × 1 − 기간 중 원천징수 56,850원 = 305,660원"
        in note
        for note in slip.basis
    )
    assert slip.warnings == []  # no minimum wage check on a bonus
    lines = {(line.kind, line.code): line.amount for line in PayslipLine.objects.filter(slip=slip)}
    assert lines == {
        ("earning", "perf"): 2_400_000,
        ("deduction", "employment_insurance"): 21_600,
        ("deduction", "income_tax"): 305_660,
        ("deduction", "local_income_tax"): 30_560,
        ("employer", "employment_insurance"): 21_600,
        ("employer", "employment_stability"): 6_000,
        ("employer", "industrial_accident"): 35_280,
    }
    assert run_needs(run) == {"101-03": 2_400_000, "304-02": 62_880}

    assert payroll_run_budget_check(actor=org.drafter, run=run) == []
    run = finalised(org, run)
    assert line_figures("101-03")[1] == 2_400_000
    entry = JournalEntry.objects.get(**run_source(run).filter(), kind=EntryKind.EXTERNAL)
    assert entry.memo == "2026년 3월 상여 급여"
    assert sorted((line.account.code, line.debit, line.credit) for line in entry.lines.select_related("account")) == (
        sorted(
            [
                ("5101", 2_400_000, 0),
                ("2102", 0, 21_600),
                ("2102", 0, 305_660),
                ("2102", 0, 30_560),
                ("2101", 0, 2_042_180),
                ("5104", 62_880, 0),
                ("2101", 0, 62_880),
            ]
        )
    )
    rows = list(csv.reader(io.StringIO(payroll_run_transfer_file(actor=org.drafter, run=run).decode("cp949"))))
    assert rows[1:] == [["011", "3021234567891", "변동료", "2042180", "3월상여급여"]]
    # nothing changed since: a correction of the 상여 run has no difference to pay
    correction = correction_run_create(actor=org.drafter, corrects=run)
    with pytest.raises(PayrollError, match="확정 상여 급여와 달라진 금액이 없습니다"):
        correction_run_calculate(actor=org.drafter, run=correction)


def test_a_bonus_run_with_no_one_to_pay_is_refused(org):
    ProfileItem.objects.filter(item__code="perf").delete()
    run = payroll_run_create(actor=org.drafter, month=MARCH, kind=RunKind.BONUS)
    with pytest.raises(PayrollError, match="지급할 상여 항목이 있는 직원이 없습니다"):
        payroll_run_calculate_now(actor=org.drafter, run=run)
    run.refresh_from_db()
    assert run.status == RunStatus.PREPARED


# --- correcting a 상여 run ------------------------------------------------------------------------


def _bonus_finalised(org):
    finalised(org, checked_run(org, BUDGET))
    run = payroll_run_calculate_now(
        actor=org.drafter, run=payroll_run_create(actor=org.drafter, month=MARCH, kind=RunKind.BONUS)
    )
    assert payroll_run_budget_check(actor=org.drafter, run=run) == []
    return finalised(org, run)


def _set_bonus(org, amount):
    ProfileItem.objects.filter(profile=org.colleague.pay_profile, item__code="perf").update(amount=amount)


def _diff(run):
    slip = Payslip.objects.get(run=run)
    lines = {(line.kind, line.code): line.amount for line in PayslipLine.objects.filter(slip=slip)}
    return slip, lines


def test_a_bonus_set_too_low_is_corrected_by_the_difference_withheld_again_by_section_136(org):
    """성과상여금 should have been 3,000,000 (paid 2,400,000). §136 again over the same period
    (March alone), the 상여 run left out of it:
      월평균 (3,000,000 + March's regular 3,000,000) ÷ 1 = 6,000,000 → 간이세액표 6,000천원 2인
      466,060 × 1 − 56,850 (March's regular withholding) = 409,210; withheld 305,660 → +103,550
      지방소득세 40,920 − 30,560 = +10,360; 고용보험 27,000 − 21,600 = +5,400
      공제 +119,310; 실지급 600,000 − 119,310 = +480,690
      기관 부담: 고용 +5,400, 고용안정 7,500 − 6,000 = +1,500, 산재 44,100 − 35,280 = +8,820 → 304-02 +15,720
    The month's regular pay is not touched: 탁회계 (no 성과상여금) gets no slip."""
    bonus = _bonus_finalised(org)
    _set_bonus(org, 3_000_000)
    run = correction_run_create(actor=org.drafter, corrects=bonus, kind=RunKind.CORRECTION)
    assert run.corrects_id == bonus.pk
    run = correction_run_calculate(actor=org.drafter, run=run)
    assert (run.status, run.total_count) == (RunStatus.REVIEW, 1)
    slip, lines = _diff(run)
    assert slip.user_id == org.colleague.pk
    assert (slip.gross_amount, slip.taxable_amount, slip.income_tax_amount, slip.local_income_tax_amount) == (
        600_000,
        600_000,
        103_550,
        10_360,
    )
    assert (slip.employment_insurance_amount, slip.total_deduction_amount, slip.net_amount) == (5_400, 119_310, 480_690)
    assert slip.recovery_amount == 0
    assert slip.basis[0] == "2026년 3월 확정 상여 급여와의 차액"
    assert lines == {
        ("earning", "perf"): 600_000,
        ("deduction", "employment_insurance"): 5_400,
        ("deduction", "income_tax"): 103_550,
        ("deduction", "local_income_tax"): 10_360,
        ("employer", "employment_insurance"): 5_400,
        ("employer", "employment_stability"): 1_500,
        ("employer", "industrial_accident"): 8_820,
    }
    assert run_needs(run) == {"101-03": 600_000, "304-02": 15_720}
    # through its own check, approval and journal: 101-03 now executed 3,000,000 in all
    assert payroll_run_budget_check(actor=org.drafter, run=run) == []
    run = finalised(org, run)
    assert line_figures("101-03")[1] == 3_000_000

    # A second correction counts the first: lowered to 2,000,000 (환수) against 3,000,000 paid by
    # the 상여 run and its correction: 월평균 5,000,000 → 306,710 − 56,850 = 249,860; withheld
    # 305,660 + 103,550 = 409,210 → −159,350; 지방 24,980 − 40,920 = −15,940; 고용 18,000 − 27,000
    # = −9,000; 공제 −184,290; 실지급 −1,000,000 + 184,290 = −815,710 (환수액 815,710)
    _set_bonus(org, 2_000_000)
    again = correction_run_calculate(
        actor=org.drafter, run=correction_run_create(actor=org.drafter, corrects=run, kind=RunKind.CORRECTION)
    )
    assert again.corrects_id == bonus.pk  # a correction of a correction corrects the 상여 run
    slip, lines = _diff(again)
    assert (slip.gross_amount, slip.income_tax_amount, slip.local_income_tax_amount) == (-1_000_000, -159_350, -15_940)
    assert (slip.employment_insurance_amount, slip.total_deduction_amount, slip.net_amount) == (
        -9_000,
        -184_290,
        -815_710,
    )
    assert slip.recovery_amount == 815_710
    assert lines[("earning", "perf")] == -1_000_000


def test_a_bonus_paid_too_high_is_recovered_and_the_budget_gets_its_execution_back(org):
    """성과상여금 should have been 2,000,000 (paid 2,400,000):
    월평균 5,000,000 → 간이세액표 5,000천원 2인 306,710 − 56,850 = 249,860; withheld 305,660 → −55,800
    지방소득세 24,980 − 30,560 = −5,580; 고용보험 18,000 − 21,600 = −3,600; 공제 −64,980
    실지급 −400,000 + 64,980 = −335,020: 환수액 335,020
    기관 부담: 고용 −3,600, 고용안정 5,000 − 6,000 = −1,000, 산재 29,400 − 35,280 = −5,880 → 304-02 −10,480"""
    bonus = _bonus_finalised(org)
    _set_bonus(org, 2_000_000)
    run = correction_run_calculate(actor=org.drafter, run=correction_run_create(actor=org.drafter, corrects=bonus))
    slip, _lines = _diff(run)
    assert (slip.gross_amount, slip.income_tax_amount, slip.local_income_tax_amount) == (-400_000, -55_800, -5_580)
    assert (slip.employment_insurance_amount, slip.net_amount, slip.recovery_amount) == (-3_600, -335_020, 335_020)
    assert run_needs(run) == {"101-03": -400_000, "304-02": -10_480}
    assert payroll_run_budget_check(actor=org.drafter, run=run) == []
    finalised(org, run)
    assert line_figures("101-03")[1] == 2_000_000  # 2,400,000 executed, 400,000 given back (지출 반납)
    # the regular run's own correction still looks only at the regular pay: nothing changed there
    regular = PayrollRun.objects.get(month=MARCH, kind=RunKind.REGULAR)
    with pytest.raises(PayrollError, match="확정 급여와 달라진 금액이 없습니다"):
        correction_run_calculate(actor=org.drafter, run=correction_run_create(actor=org.drafter, corrects=regular))
