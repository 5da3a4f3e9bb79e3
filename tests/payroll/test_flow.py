"""A run from 예산 확인 through 결재 (`payroll.run`) to 확정 and 지급, with hand-worked figures.

Two people on the small pay structure (tests/payroll/helpers.py), March 2026:
  변동료 6급 5호봉 3,000,000 + 정액급식비 140,000; 탁회계 6급 7호봉 3,200,000 + 140,000
  needs (test_budget_check): 101-01 6,480,000 · 304-01 285,000 · 304-02 406,480
The final approval commits and executes exactly those amounts (each line then has 0 left when
budgeted exactly) and posts one balanced entry: Dr 5101 급여 6,480,000 and Dr 5104 법정부담금
691,480 against Cr 예수금 (the deductions) and Cr 미지급금 (net pay + the employer share)."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Sum

from approval.models import DocumentStatus
from approval.services import document_reject
from audit.models import AuditEvent
from budget.charges import SourceRef, commit, lines_for_standard_codes
from budget.models import BudgetPosting, EntryKind, JournalEntry, JournalLine
from payroll.books import run_source
from payroll.flow import (
    payroll_run_finalise,
    payroll_run_mark_paid,
    payroll_run_submit,
    payroll_run_transfer_file,
)
from payroll.models import PayrollError, PayrollRun, Payslip, PayslipLine, PayStep, RunStatus
from payroll.services import (
    payroll_run_budget_check,
    payroll_run_calculate_now,
    payroll_run_chunk,
    payroll_run_create,
    payroll_run_start,
)
from tests.payroll.flow_helpers import DECIDED, MARCH, approve_all, checked_run, flow_org, line_figures
from tests.payroll.helpers import payroll_budget

pytestmark = pytest.mark.django_db


@pytest.fixture
def org(in_alpha):
    return flow_org()


def journal(run: PayrollRun, kind: str = EntryKind.EXTERNAL) -> list[tuple[str, int, int]]:
    entry = JournalEntry.objects.get(**run_source(run).filter(), kind=kind)
    return [(line.account.code, line.debit, line.credit) for line in entry.lines.select_related("account")]


def test_approval_executes_the_budget_and_posts_a_balanced_journal(org):
    run = checked_run(org)
    run = payroll_run_submit(actor=org.drafter, run=run)
    assert run.status == RunStatus.APPROVAL
    assert run.document.kind == "payroll.run"
    assert "6,480,000원" in run.document.body  # the budget lines it charges
    assert f"/payroll/runs/{run.pk}/register.xlsx" in run.document.body  # the register, linked
    assert line_figures("101-01") == (0, 0, 6_480_000)  # nothing charged before the decision

    run = approve_all(run)

    assert run.status == RunStatus.APPROVAL
    assert run.approved_at == DECIDED
    assert run.registration
    # committed then settled into 집행: each line executed exactly its need, nothing left
    assert line_figures("101-01") == (0, 6_480_000, 0)
    assert line_figures("304-01") == (0, 285_000, 0)
    assert line_figures("304-02") == (0, 406_480, 0)
    postings = BudgetPosting.objects.filter(**run_source(run).filter())
    assert {p.posted_on for p in postings} == {datetime.date(2026, 3, 18)}
    deductions = Payslip.objects.filter(run=run).aggregate(total=Sum("total_deduction_amount"))["total"]
    lines = journal(run)
    debits = sorted((code, debit) for code, debit, _credit in lines if debit)
    assert debits == [("5101", 6_480_000), ("5104", 691_480)]
    assert sum(d for _c, d, _cr in lines) == sum(cr for _c, _d, cr in lines) == 6_480_000 + 691_480
    credited = {}
    for code, _debit, credit in lines:
        credited[code] = credited.get(code, 0) + credit
    assert credited["2102"] == deductions  # 예수금: every deduction withheld
    assert credited["2101"] == 6_480_000 - deductions + 691_480  # 미지급금: net pay and employer share
    assert AuditEvent.objects.filter(action="payroll_run.submit").count() == 1
    approved = AuditEvent.objects.get(action="payroll_run.approve")
    assert sorted(line["amount"] for line in approved.data["lines"]) == [285_000, 406_480, 6_480_000]


def test_a_shortfall_appearing_meanwhile_rolls_the_decision_back(org):
    run = payroll_run_submit(actor=org.drafter, run=checked_run(org))
    # 지출원인행위 of something else takes 1원 of 304-02 after the run was submitted
    line = lines_for_standard_codes(2026, ["304-02"])["304-02"]
    commit(line=line, amount=1, source=SourceRef("budget", "expenseplan", "99"), actor=None, on=MARCH)

    with pytest.raises(ValidationError) as caught:
        approve_all(run)

    assert "급여 예산이 부족해 결재를 완료할 수 없습니다" in caught.value.messages[0]
    assert any("잔액 406,479원, 요청 406,480원, 부족 1원" in m for m in caught.value.messages)
    run.refresh_from_db()
    assert (run.status, run.approved_at) == (RunStatus.APPROVAL, None)
    assert run.document.status == DocumentStatus.IN_PROGRESS
    assert not BudgetPosting.objects.filter(**run_source(run).filter()).exists()
    assert not JournalEntry.objects.filter(**run_source(run).filter()).exists()
    assert line_figures("101-01") == (0, 0, 6_480_000)


def test_submitting_is_refused_when_the_balance_moved_after_the_check(org):
    run = checked_run(org)
    line = lines_for_standard_codes(2026, ["304-01"])["304-01"]
    commit(line=line, amount=5_000, source=SourceRef("budget", "expenseplan", "98"), actor=None, on=MARCH)
    with pytest.raises(PayrollError, match="부족 5,000원"):
        payroll_run_submit(actor=org.drafter, run=run)
    run.refresh_from_db()
    # recorded like a failed 예산 확인: back to 검토 with the problem, no document
    assert (run.status, run.document_id) == (RunStatus.REVIEW, None)
    assert [(p["code"], p["short"]) for p in run.budget_problems] == [("304-01", 5_000)]


def test_only_a_run_that_passed_the_budget_check_is_submitted(org):
    payroll_budget({"101-01": 6_480_000, "304-01": 285_000, "304-02": 400_000})
    run = payroll_run_calculate_now(actor=org.drafter, run=payroll_run_create(actor=org.drafter, month=MARCH))
    assert payroll_run_budget_check(actor=org.drafter, run=run)[0]["short"] == 6_480
    with pytest.raises(PayrollError, match="예산 확인을 통과한 급여만"):
        payroll_run_submit(actor=org.drafter, run=run)


def test_rejection_returns_the_run_to_review_and_the_next_round_follows_a_new_check(org):
    run = payroll_run_submit(actor=org.drafter, run=checked_run(org))
    first = run.document
    step = first.steps.order_by("order").first()
    document_reject(document=first, actor=step.approver, reason="시간외 확인 필요", now=DECIDED)
    run.refresh_from_db()
    assert run.status == RunStatus.REVIEW
    assert AuditEvent.objects.get(action="payroll_run.return").data["reason"] == "시간외 확인 필요"
    with pytest.raises(PayrollError):
        payroll_run_submit(actor=org.drafter, run=run)  # 예산 확인 first
    assert payroll_run_budget_check(actor=org.drafter, run=run) == []
    run = payroll_run_submit(actor=org.drafter, run=run)
    assert run.document.round == 2
    assert run.document_id != first.pk
    run = approve_all(run)
    assert run.approved_at is not None
    assert line_figures("101-01") == (0, 6_480_000, 0)


def finalised(org) -> PayrollRun:
    run = approve_all(payroll_run_submit(actor=org.drafter, run=checked_run(org)))
    return payroll_run_finalise(actor=org.drafter, run=run)


def test_finalising_needs_the_approval(org):
    run = checked_run(org)
    with pytest.raises(PayrollError, match="결재가 끝난 급여만"):
        payroll_run_finalise(actor=org.drafter, run=run)


def test_finalised_slips_are_immutable(org):
    run = finalised(org)
    assert run.status == RunStatus.FINALISED
    assert run.finalised_at is not None
    slip = Payslip.objects.filter(run=run).first()
    slip.net_amount += 10
    with pytest.raises(PayrollError, match="확정된 급여의 명세서는 고칠 수 없습니다"):
        slip.save()
    with pytest.raises(PayrollError):
        slip.delete()
    with pytest.raises(PayrollError):
        Payslip.objects.filter(run=run).update(department_name="다른 부서")
    with pytest.raises(PayrollError):
        Payslip.objects.filter(run=run).delete()
    line = PayslipLine.objects.filter(slip__run=run).first()
    line.amount += 10
    with pytest.raises(PayrollError):
        line.save()
    with pytest.raises(PayrollError):
        PayslipLine.objects.filter(slip__run=run).update(amount=0)
    # the calculation cannot start again, and a late chunk delivery writes nothing
    with pytest.raises(PayrollError):
        payroll_run_start(actor=org.drafter, run=run)
    assert payroll_run_chunk(run_id=run.pk, user_ids=[org.colleague.pk]) == 0
    assert Payslip.objects.get(pk=slip.pk).net_amount == slip.net_amount - 10


def test_the_transfer_file_and_the_payment(org):
    run = finalised(org)
    content = payroll_run_transfer_file(actor=org.drafter, run=run)
    rows = list(csv.reader(io.StringIO(content.decode("cp949"))))
    nets = dict(Payslip.objects.filter(run=run).values_list("user__name", "net_amount"))
    assert rows[0] == ["은행코드", "계좌번호", "예금주", "금액", "적요"]
    assert sorted(rows[1:]) == sorted(
        [["011", "3021234567891", name, str(net), "3월정기급여"] for name, net in nets.items()]
    )
    assert content.count(b"\r\n") == 3  # CRLF, as budget's payment batches write it
    assert AuditEvent.objects.get(action="payroll_run.transfer_file").data == {
        "rows": 2,
        "total": sum(nets.values()),
    }

    run = payroll_run_mark_paid(actor=org.drafter, run=run)
    assert run.status == RunStatus.PAID
    assert run.paid_at is not None
    net = sum(nets.values())
    assert sorted(journal(run, EntryKind.PAYMENT)) == [("1102", 0, net), ("2101", net, 0)]
    with pytest.raises(PayrollError, match="확정된 급여만 지급"):
        payroll_run_mark_paid(actor=org.drafter, run=run)


def test_no_transfer_file_before_finalising(org):
    run = checked_run(org)
    with pytest.raises(PayrollError, match="확정된 급여만 이체 파일"):
        payroll_run_transfer_file(actor=org.drafter, run=run)


def test_journal_lines_balance_on_every_entry(org):
    run = finalised(org)
    entry = JournalEntry.objects.get(**run_source(run).filter(), kind=EntryKind.EXTERNAL)
    totals = JournalLine.objects.filter(entry=entry).aggregate(d=Sum("debit"), c=Sum("credit"))
    assert totals["d"] == totals["c"] == 7_171_480


def test_the_pages_walk_the_run_from_check_to_payment(org, alpha, client_for):
    run = checked_run(org)
    client = client_for(alpha)
    client.force_login(org.drafter)
    page = client.get(f"/payroll/runs/{run.pk}/").content.decode()
    assert "급여지급 결의 상신" in page
    client.post(f"/payroll/runs/{run.pk}/submit/")
    run.refresh_from_db()
    assert run.status == RunStatus.APPROVAL
    # an approver on the line reads the run and its register through the document
    approver = run.document.steps.order_by("order").first().approver
    reader = client_for(alpha)
    reader.force_login(approver)
    assert reader.get(f"/payroll/runs/{run.pk}/").status_code == 200
    assert reader.get(f"/payroll/runs/{run.pk}/register.xlsx").status_code == 200
    assert reader.post(f"/payroll/runs/{run.pk}/finalise/").status_code in (403, 404)
    approve_all(run)
    client.post(f"/payroll/runs/{run.pk}/finalise/")
    run.refresh_from_db()
    assert run.status == RunStatus.FINALISED
    response = client.get(f"/payroll/runs/{run.pk}/transfer.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=cp949"
    assert response.content.decode("cp949").startswith("은행코드,계좌번호")
    client.post(f"/payroll/runs/{run.pk}/pay/")
    run.refresh_from_db()
    assert run.status == RunStatus.PAID
    # someone who may not see the document never sees the run
    outsider = client_for(alpha)
    outsider.force_login(org.finance_head)
    assert outsider.get(f"/payroll/runs/{run.pk}/").status_code == 404


def test_a_step_change_dated_back_is_not_applied_to_the_finalised_slip(org):
    run = finalised(org)
    before = Payslip.objects.get(run=run, user=org.colleague).gross_amount
    PayStep.objects.create(
        profile=org.colleague.pay_profile, effective_from=MARCH, grade=PayStep.objects.first().grade, pay_step=6
    )
    assert Payslip.objects.get(run=run, user=org.colleague).gross_amount == before == 3_140_000
