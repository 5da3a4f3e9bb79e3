"""Collecting a 환수 (payroll.recoveries), worked by hand on the 환수 of test_corrections:
변동료's 호봉 lowered back-dated (5 → 4호봉 from March 1) leaves a March correction with 실지급액
−89,210, booked at its approval (2026. 3. 18.) as 미수금 (Dr 1110 89,210).

  2026. 3. 25.  계좌 입금 30,000      Dr 1102 보통예금 30,000 / Cr 1110 미수금 30,000   남은 59,210
  (60,000 more is refused: only 59,210 is owed)
  2026. 4. 20.  급여공제 59,210 in April's run, whose slip carries 기타 공제 15,000 (노조비) +
                59,210 (환수금) = 74,210   Dr 2102 예수금 59,210 / Cr 1110 미수금 59,210   남은 0
  미수금 1110 nets to 0: 89,210 − 30,000 − 59,210."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db.models import Sum

from audit.models import AuditEvent
from budget.models import EntryKind, JournalEntry, JournalLine
from payroll.corrections import correction_run_calculate, correction_run_create
from payroll.flow import payroll_run_finalise, payroll_run_submit
from payroll.models import (
    CollectionMethod,
    PayItem,
    PayrollError,
    PayrollRun,
    Payslip,
    PayStep,
    ProfileItem,
    RecoveryCollection,
)
from payroll.recoveries import collection_source, recoveries, recovery_collect
from payroll.reports import REGISTER_HEADERS, register_rows
from payroll.services import payroll_run_budget_check, payroll_run_calculate_now, payroll_run_create
from tests.payroll.flow_helpers import MARCH, approve_all, checked_run, flow_org

pytestmark = pytest.mark.django_db
ROOMY = {"101-01": 10_000_000, "304-01": 1_000_000, "304-02": 1_000_000}
APRIL = datetime.date(2026, 4, 1)


@pytest.fixture
def org(in_alpha):
    return flow_org()


def recovery_slip(org) -> Payslip:
    """March finalised, then 변동료 4호봉 from March 1: the correction approved on March 18."""
    original = approve_all(payroll_run_submit(actor=org.drafter, run=checked_run(org, ROOMY)))
    original = payroll_run_finalise(actor=org.drafter, run=original)
    grade = PayStep.objects.filter(profile=org.colleague.pay_profile).first().grade
    PayStep.objects.create(profile=org.colleague.pay_profile, effective_from=MARCH, grade=grade, pay_step=4)
    run = correction_run_calculate(actor=org.drafter, run=correction_run_create(actor=org.drafter, corrects=original))
    assert payroll_run_budget_check(actor=org.drafter, run=run) == []
    approve_all(payroll_run_submit(actor=org.drafter, run=run))
    slip = Payslip.objects.get(run=run)
    assert slip.recovery_amount == 89_210
    return slip


def april_with_clawback(org, amount: int) -> PayrollRun:
    """April's run with a 환수금 deduction of `amount` on 변동료's profile, taken as approved."""
    clawback = PayItem.objects.create(code="clawback", name="환수금", kind="deduction", computation="fixed")
    ProfileItem.objects.create(profile=org.colleague.pay_profile, item=clawback, amount=amount)
    run = payroll_run_calculate_now(actor=org.drafter, run=payroll_run_create(actor=org.drafter, month=APRIL))
    approved = datetime.datetime(2026, 4, 17, 10, 0, tzinfo=ZoneInfo("Asia/Seoul"))
    PayrollRun.objects.filter(pk=run.pk).update(approved_at=approved)
    run.refresh_from_db()
    assert Payslip.objects.get(run=run, user=org.colleague).other_deduction_amount == 15_000 + amount
    return run


def receivable_balance() -> int:
    totals = JournalLine.objects.filter(account__code="1110").aggregate(d=Sum("debit"), c=Sum("credit"))
    return (totals["d"] or 0) - (totals["c"] or 0)


def entry_lines(collection) -> tuple[str, list[tuple[str, int, int]]]:
    entry = JournalEntry.objects.get(**collection_source(collection).filter())
    lines = sorted((line.account.code, line.debit, line.credit) for line in entry.lines.select_related("account"))
    return entry.kind, lines


def test_partial_collections_clear_the_receivable_to_the_won(org):
    slip = recovery_slip(org)
    assert receivable_balance() == 89_210
    assert [(row.pk, row.outstanding) for row in recoveries(outstanding_only=True)] == [(slip.pk, 89_210)]

    deposit = recovery_collect(
        actor=org.drafter,
        slip=slip,
        amount=30_000,
        collected_on=datetime.date(2026, 3, 25),
        method=CollectionMethod.DEPOSIT,
        memo="본인 입금",
    )
    assert entry_lines(deposit) == (EntryKind.RECEIPT, [("1102", 30_000, 0), ("1110", 0, 30_000)])
    assert receivable_balance() == 59_210
    assert [row.outstanding for row in recoveries(outstanding_only=True)] == [59_210]
    register = register_rows(slip.run)
    assert REGISTER_HEADERS[17:19] == ["환수액(원)", "환수 잔액(원)"]
    assert [(row[0], row[17], row[18]) for row in register] == [("변동료", 89_210, 59_210)]

    with pytest.raises(PayrollError, match="남은 환수액은 59,210원입니다"):
        recovery_collect(
            actor=org.drafter,
            slip=slip,
            amount=60_000,
            collected_on=datetime.date(2026, 3, 26),
            method=CollectionMethod.DEPOSIT,
        )
    with pytest.raises(PayrollError, match="공제한 급여\\(귀속 월\\)를 고르세요"):
        recovery_collect(
            actor=org.drafter,
            slip=slip,
            amount=59_210,
            collected_on=datetime.date(2026, 4, 20),
            method=CollectionMethod.DEDUCTION,
        )

    april = april_with_clawback(org, 59_210)
    deduction = recovery_collect(
        actor=org.drafter,
        slip=slip,
        amount=59_210,
        collected_on=datetime.date(2026, 4, 20),
        method=CollectionMethod.DEDUCTION,
        deducted_in=april,
    )
    assert entry_lines(deduction) == (EntryKind.EXTERNAL, [("1110", 0, 59_210), ("2102", 59_210, 0)])
    assert receivable_balance() == 0
    assert list(recoveries(outstanding_only=True)) == []
    assert [row[18] for row in register_rows(slip.run)] == [0]
    # nothing more is owed
    with pytest.raises(PayrollError, match="남은 환수액은 0원입니다"):
        recovery_collect(
            actor=org.drafter,
            slip=slip,
            amount=1,
            collected_on=datetime.date(2026, 4, 21),
            method=CollectionMethod.DEPOSIT,
        )
    events = AuditEvent.objects.filter(action="payroll_recovery.collect").order_by("pk")
    assert [(e.data["amount"], e.data["method"], e.data["outstanding"]) for e in events] == [
        (30_000, "deposit", 59_210),
        (59_210, "deduction", 0),
    ]


def test_a_deduction_must_be_on_the_later_slip(org):
    slip = recovery_slip(org)
    april = april_with_clawback(org, 50_000)  # 기타 공제 65,000: 노조비 15,000 + 환수금 50,000
    with pytest.raises(PayrollError, match="기타 공제는 65,000원이고 이미 0원을 환수로 기록했습니다"):
        recovery_collect(
            actor=org.drafter,
            slip=slip,
            amount=65_001,
            collected_on=datetime.date(2026, 4, 20),
            method=CollectionMethod.DEDUCTION,
            deducted_in=april,
        )
    # before the 환수 was booked, or in the future: refused; nothing was written
    for day, message in (
        (datetime.date(2026, 3, 17), "회수일은 환수가 확정된 날\\(2026. 3. 18.\\) 이후여야 합니다"),
        (datetime.date(2099, 1, 1), "회수일은 오늘 이후일 수 없습니다"),
    ):
        with pytest.raises(PayrollError, match=message):
            recovery_collect(
                actor=org.drafter, slip=slip, amount=1_000, collected_on=day, method=CollectionMethod.DEPOSIT
            )
    assert not RecoveryCollection.objects.exists()
    assert receivable_balance() == 89_210


def test_the_recovery_pages(org, alpha, client_for, django_assert_num_queries):
    slip = recovery_slip(org)
    officer = client_for(alpha)
    officer.force_login(org.drafter)
    page = officer.get("/payroll/recoveries/").content.decode()
    assert "변동료" in page
    assert "89,210원" in page
    detail = f"/payroll/recoveries/{slip.pk}/"
    # a bad amount keeps what was typed and says why in Korean
    response = officer.post(
        detail, {"collected_on": "2026-03-25", "amount": "90000", "method": "deposit", "memo": "입금"}
    )
    body = response.content.decode()
    assert response.status_code == 422
    assert "남은 환수액은 89,210원입니다" in body
    assert 'value="90000"' in body
    assert 'value="입금"' in body
    assert not RecoveryCollection.objects.exists()
    # an amount typed as people type it is read, not refused
    response = officer.post(detail, {"collected_on": "2026-03-25", "amount": "8만 9,210", "method": "deposit"})
    assert response.status_code == 302
    assert RecoveryCollection.objects.get().amount == 89_210
    assert "남은 환수가 없습니다" in officer.get("/payroll/recoveries/").content.decode()
    assert "89,210원" in officer.get("/payroll/recoveries/?all=1").content.decode()
    # pinned: the request's own (tenant, session, user, roles, the header's counts, the session's
    # save) plus one query for the 환수 rows and one for a 환수's collections, whatever their number
    with django_assert_num_queries(14):
        assert officer.get(detail).status_code == 200
    with django_assert_num_queries(13):
        assert officer.get("/payroll/recoveries/?all=1").status_code == 200
    # staff (not 급여 담당 nor auditor) get 404, even for their own 환수
    staff = client_for(alpha)
    staff.force_login(org.colleague)
    assert staff.get("/payroll/recoveries/").status_code == 404
    assert staff.get(detail).status_code == 404
