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

import csv
import io

import pytest
from django.db.models import Sum

from budget.models import EntryKind, JournalEntry
from payroll.books import run_source
from payroll.budget_check import run_needs
from payroll.corrections import correction_run_calculate, correction_run_create
from payroll.flow import payroll_run_finalise, payroll_run_mark_paid, payroll_run_submit, payroll_run_transfer_file
from payroll.models import PayrollError, PayrollRun, Payslip, PayslipLine, PayStep, RunKind, RunStatus
from payroll.reports import REGISTER_HEADERS, register_rows
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


def step(user, pay_step: int) -> None:
    """A 호봉 of `user` dated back to March 1 (the 6급 table: 봉급 2,500,000 + 호봉 × 100,000)."""
    grade = PayStep.objects.filter(profile=user.pay_profile).first().grade
    PayStep.objects.create(profile=user.pay_profile, effective_from=MARCH, grade=grade, pay_step=pay_step)


def journal_of(run) -> list[tuple[str, int, int]]:
    entry = JournalEntry.objects.get(**run_source(run).filter(), kind=EntryKind.EXTERNAL)
    return sorted((line.account.code, line.debit, line.credit) for line in entry.lines.select_related("account"))


def test_a_lowered_hobong_is_recovered_to_the_won(org):
    """변동료's 5호봉 was wrong: 4호봉 from March 1 (봉급 3,000,000 → 2,900,000), worked by hand:

    기본급            −100,000  (taxable 3,000,000 → 2,900,000; 정액급식비 unchanged)
    고용보험 0.9 %        −900  (27,000 → 26,100)
    소득세 (가족 2)     −8,990  (간이세액표 3,000천원 56,850 → 2,900천원 47,860)
    지방소득세            −900  (5,680 → 4,780)
    국민연금·건강·장기요양   0  (declared bases unchanged)
    실지급액           −89,210  → 환수액 89,210
    기관 부담: 고용 −900, 고용안정 0.25 % −250 (7,500 → 7,250), 산재 1.47 % −1,470
    (44,100 → 42,630) = 304-02 −2,620
    """
    original = finalised_march(org)
    frozen = list(Payslip.objects.filter(run=original).order_by("pk").values())
    step(org.colleague, 4)
    run = correction_run_calculate(actor=org.drafter, run=correction_run_create(actor=org.drafter, corrects=original))

    slip = Payslip.objects.get(run=run)
    assert (slip.user_id, slip.pay_step) == (org.colleague.pk, 4)
    assert (slip.gross_amount, slip.taxable_amount, slip.non_taxable_amount) == (-100_000, -100_000, 0)
    assert (
        slip.national_pension_amount,
        slip.health_insurance_amount,
        slip.long_term_care_amount,
        slip.employment_insurance_amount,
        slip.income_tax_amount,
        slip.local_income_tax_amount,
    ) == (0, 0, 0, -900, -8_990, -900)
    assert (slip.total_deduction_amount, slip.net_amount) == (-10_790, -89_210)
    assert (slip.paid_amount, slip.recovery_amount) == (0, 89_210)
    assert slip.warnings == ["환수액 89,210원: 확정된 급여보다 적게 계산되었습니다."]
    lines = {(line.kind, line.code): line.amount for line in PayslipLine.objects.filter(slip=slip)}
    assert lines == {
        ("earning", "base"): -100_000,
        ("deduction", "employment_insurance"): -900,
        ("deduction", "income_tax"): -8_990,
        ("deduction", "local_income_tax"): -900,
        ("employer", "employment_insurance"): -900,
        ("employer", "employment_stability"): -250,
        ("employer", "industrial_accident"): -1_470,
    }
    assert run_needs(run) == {"101-01": -100_000, "304-02": -2_620}

    # 예산 확인 passes (nothing to cover), and approval gives the lines their execution back
    executed = {code: line_figures(code)[1] for code in ("101-01", "304-02")}
    assert executed == {"101-01": 6_480_000, "304-02": 406_480}
    assert payroll_run_budget_check(actor=org.drafter, run=run) == []
    run = approve_all(payroll_run_submit(actor=org.drafter, run=run))
    assert run.approved_at is not None
    assert {code: line_figures(code)[1] for code in executed} == {"101-01": 6_380_000, "304-02": 403_860}
    assert line_figures("101-01")[0] == 0  # nothing committed for a recovery
    # the journal reverses the expense and books what 변동료 owes as 미수금
    assert journal_of(run) == sorted(
        [
            ("5101", 0, 100_000),
            ("2102", 900, 0),
            ("2102", 8_990, 0),
            ("2102", 900, 0),
            ("1110", 89_210, 0),
            ("5104", 0, 2_620),
            ("2101", 2_620, 0),
        ]
    )
    run = payroll_run_finalise(actor=org.drafter, run=run)
    # the register shows the amount to recover; the transfer file pays no one
    assert REGISTER_HEADERS[16:18] == ["실지급액(원)", "환수액(원)"]
    assert [(row[0], row[16], row[17]) for row in register_rows(run)] == [("변동료", 0, 89_210)]
    content = payroll_run_transfer_file(actor=org.drafter, run=run)
    assert list(csv.reader(io.StringIO(content.decode("cp949")))) == [
        ["은행코드", "계좌번호", "예금주", "금액", "적요"]
    ]
    run = payroll_run_mark_paid(actor=org.drafter, run=run)
    assert not JournalEntry.objects.filter(**run_source(run).filter(), kind=EntryKind.PAYMENT).exists()
    # March now adds up to the recalculation across the two finalised runs; the first is untouched
    total = Payslip.objects.filter(month=MARCH, user=org.colleague).aggregate(g=Sum("gross_amount"))["g"]
    assert total == 3_040_000
    assert list(Payslip.objects.filter(run=original).order_by("pk").values()) == frozen


def test_a_correction_that_pays_one_person_and_recovers_from_another(org):
    """변동료 5 → 4호봉 (as above: net −89,210) and 탁회계 7 → 8호봉 (봉급 3,200,000 → 3,300,000):

      기본급 +100,000, 고용보험 +900 (28,800 → 29,700), 소득세 +8,560 (간이세액표 3,200천원
      73,960 → 3,300천원 82,520), 지방소득세 +860 (7,390 → 8,250): 실지급액 +89,680

    The lines cancel on 101-01 and 304-02 (nothing charged or returned), the journal keeps the
    two people apart: Cr 미지급금 89,680 (paid) and Dr 미수금 89,210 (recovered); 예수금 moves by
    소득세 −430 and 지방소득세 −40 (Dr)."""
    original = finalised_march(org)
    step(org.colleague, 4)
    step(org.accountant, 8)
    run = correction_run_calculate(actor=org.drafter, run=correction_run_create(actor=org.drafter, corrects=original))
    nets = dict(Payslip.objects.filter(run=run).values_list("user__name", "net_amount"))
    assert nets == {"변동료": -89_210, "탁회계": 89_680}
    assert run_needs(run) == {"101-01": 0, "304-02": 0}
    assert payroll_run_budget_check(actor=org.drafter, run=run) == []
    executed = line_figures("101-01")[1]
    run = approve_all(payroll_run_submit(actor=org.drafter, run=run))
    assert line_figures("101-01")[1] == executed
    assert journal_of(run) == sorted([("2102", 430, 0), ("2102", 40, 0), ("2101", 0, 89_680), ("1110", 89_210, 0)])
    run = payroll_run_finalise(actor=org.drafter, run=run)
    rows = list(csv.reader(io.StringIO(payroll_run_transfer_file(actor=org.drafter, run=run).decode("cp949"))))
    assert rows[1:] == [["011", "3021234567891", "탁회계", "89680", "3월소급급여"]]
    register = {row[0]: (row[16], row[17]) for row in register_rows(run)}
    assert register == {"변동료": (0, 89_210), "탁회계": (89_680, 0)}
    run = payroll_run_mark_paid(actor=org.drafter, run=run)
    payment = JournalEntry.objects.get(**run_source(run).filter(), kind=EntryKind.PAYMENT)
    assert sorted((line.account.code, line.debit, line.credit) for line in payment.lines.select_related("account")) == [
        ("1102", 0, 89_680),
        ("2101", 89_680, 0),
    ]


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
