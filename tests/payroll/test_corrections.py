"""Correction runs (소급·정정): after March 2026 is 확정, a 호봉 change dated back to March 1
(변동료 6급 5호봉 → 6호봉: 봉급 3,000,000 → 3,100,000) is paid as the difference, worked by hand:

  기본급            +100,000  (taxable 3,000,000 → 3,100,000; 정액급식비 unchanged, 비과세)
  고용보험 0.9 %        +900  (27,000 → 27,900)
  소득세 (가족 2)     +8,550  (간이세액표 3,000천원 56,850 → 3,100천원 65,400)
  지방소득세            +860  (5,680 → 6,540)
  국민연금·건강·장기요양   0  (declared bases unchanged)
  실지급액           +89,690
  기관 부담: 고용 +900, 고용안정 0.25 % +250 (7,500 → 7,750), 산재 1.47 % +1,470 (44,100 →
  45,570) = 304-02 +2,620; 304-01 0

탁회계 (unchanged) gets no slip. The finalised March slips stay as they were."""

from __future__ import annotations

import pytest
from django.db.models import Sum

from budget.models import EntryKind, JournalEntry
from payroll.books import run_source
from payroll.budget_check import run_needs
from payroll.corrections import correction_run_calculate, correction_run_create
from payroll.flow import payroll_run_finalise, payroll_run_submit
from payroll.models import PayrollError, PayrollRun, Payslip, PayslipLine, PayStep, RunKind, RunStatus
from payroll.services import payroll_run_budget_check
from tests.payroll.flow_helpers import MARCH, approve_all, checked_run, flow_org, line_figures

pytestmark = pytest.mark.django_db
ROOMY = {"101-01": 10_000_000, "304-01": 1_000_000, "304-02": 1_000_000}


@pytest.fixture
def org(in_alpha):
    return flow_org()


def finalised_march(org) -> PayrollRun:
    run = approve_all(payroll_run_submit(actor=org.drafter, run=checked_run(org, ROOMY)))
    return payroll_run_finalise(actor=org.drafter, run=run)


def step_back(org, step: int = 6) -> None:
    grade = PayStep.objects.filter(profile=org.colleague.pay_profile).first().grade
    PayStep.objects.create(profile=org.colleague.pay_profile, effective_from=MARCH, grade=grade, pay_step=step)


def test_a_correction_pays_exactly_the_difference(org):
    original = finalised_march(org)
    frozen = list(Payslip.objects.filter(run=original).order_by("pk").values())
    step_back(org)

    run = correction_run_create(actor=org.drafter, corrects=original, kind=RunKind.RETROACTIVE)
    assert (run.month, run.status, run.corrects_id) == (MARCH, RunStatus.PREPARED, original.pk)
    run = correction_run_calculate(actor=org.drafter, run=run)

    assert run.status == RunStatus.REVIEW
    slip = Payslip.objects.get(run=run)
    assert slip.user_id == org.colleague.pk
    assert slip.pay_step == 6
    assert (slip.gross_amount, slip.taxable_amount, slip.non_taxable_amount) == (100_000, 100_000, 0)
    assert (
        slip.national_pension_amount,
        slip.health_insurance_amount,
        slip.long_term_care_amount,
        slip.employment_insurance_amount,
        slip.income_tax_amount,
        slip.local_income_tax_amount,
        slip.other_deduction_amount,
    ) == (0, 0, 0, 900, 8_550, 860, 0)
    assert (slip.total_deduction_amount, slip.net_amount) == (10_310, 89_690)
    assert (
        slip.employer_employment_insurance_amount,
        slip.employer_employment_stability_amount,
        slip.employer_industrial_accident_amount,
        slip.employer_national_pension_amount,
    ) == (900, 250, 1_470, 0)
    lines = {(line.kind, line.code): line.amount for line in PayslipLine.objects.filter(slip=slip)}
    assert lines == {
        ("earning", "base"): 100_000,
        ("deduction", "employment_insurance"): 900,
        ("deduction", "income_tax"): 8_550,
        ("deduction", "local_income_tax"): 860,
        ("employer", "employment_insurance"): 900,
        ("employer", "employment_stability"): 250,
        ("employer", "industrial_accident"): 1_470,
    }
    assert run_needs(run) == {"101-01": 100_000, "304-02": 2_620}
    # the finalised slips were never touched
    assert list(Payslip.objects.filter(run=original).order_by("pk").values()) == frozen


def test_the_correction_has_its_own_budget_check_approval_and_journal(org):
    original = finalised_march(org)
    step_back(org)
    run = correction_run_calculate(actor=org.drafter, run=correction_run_create(actor=org.drafter, corrects=original))
    executed_before = line_figures("101-01")[1]
    assert payroll_run_budget_check(actor=org.drafter, run=run) == []
    run = approve_all(payroll_run_submit(actor=org.drafter, run=run))
    assert run.approved_at is not None
    assert line_figures("101-01")[1] == executed_before + 100_000
    entry = JournalEntry.objects.get(**run_source(run).filter(), kind=EntryKind.EXTERNAL)
    lines = sorted((line.account.code, line.debit, line.credit) for line in entry.lines.select_related("account"))
    assert lines == sorted(
        [
            ("5101", 100_000, 0),
            ("2102", 0, 900),
            ("2102", 0, 8_550),
            ("2102", 0, 860),
            ("2101", 0, 89_690),
            ("5104", 2_620, 0),
            ("2101", 0, 2_620),
        ]
    )
    run = payroll_run_finalise(actor=org.drafter, run=run)
    # March now adds up to what the recalculation says, across the two finalised runs
    total = Payslip.objects.filter(month=MARCH, user=org.colleague).aggregate(g=Sum("gross_amount"))["g"]
    assert total == 3_240_000


def test_a_second_correction_counts_the_first(org):
    original = finalised_march(org)
    step_back(org)
    first = correction_run_calculate(actor=org.drafter, run=correction_run_create(actor=org.drafter, corrects=original))
    assert payroll_run_budget_check(actor=org.drafter, run=first) == []
    payroll_run_finalise(actor=org.drafter, run=approve_all(payroll_run_submit(actor=org.drafter, run=first)))
    again = correction_run_create(actor=org.drafter, corrects=original, kind=RunKind.CORRECTION)
    with pytest.raises(PayrollError, match="달라진 금액이 없습니다"):
        correction_run_calculate(actor=org.drafter, run=again)


def test_a_lowered_amount_is_refused_naming_the_person(org):
    original = finalised_march(org)
    step_back(org, step=4)
    run = correction_run_create(actor=org.drafter, corrects=original)
    with pytest.raises(PayrollError, match="환수") as caught:
        correction_run_calculate(actor=org.drafter, run=run)
    assert "변동료 기본급 -100,000원" in str(caught.value)
    assert not Payslip.objects.filter(run=run).exists()


def test_only_a_finalised_run_is_corrected_and_one_open_correction_at_a_time(org):
    run = checked_run(org, ROOMY)
    with pytest.raises(PayrollError, match="확정된 급여만 정정"):
        correction_run_create(actor=org.drafter, corrects=run)
    run = payroll_run_finalise(actor=org.drafter, run=approve_all(payroll_run_submit(actor=org.drafter, run=run)))
    correction_run_create(actor=org.drafter, corrects=run)
    with pytest.raises(PayrollError, match="확정되지 않은 정정 급여"):
        correction_run_create(actor=org.drafter, corrects=run)


def test_the_page_creates_and_calculates_a_correction(org, alpha, client_for):
    original = finalised_march(org)
    step_back(org)
    client = client_for(alpha)
    client.force_login(org.drafter)
    assert "정정 급여 만들기" in client.get(f"/payroll/runs/{original.pk}/").content.decode()
    response = client.post(f"/payroll/runs/{original.pk}/correct/", {"kind": "retroactive"})
    run = PayrollRun.objects.get(corrects=original)
    assert response["Location"].endswith(f"/payroll/runs/{run.pk}/")
    assert "차액 계산" in client.get(f"/payroll/runs/{run.pk}/").content.decode()
    client.post(f"/payroll/runs/{run.pk}/calculate/")
    run.refresh_from_db()
    assert (run.status, run.total_count) == (RunStatus.REVIEW, 1)
