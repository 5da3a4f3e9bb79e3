"""The expense plan (지출 품의) as the first real approval kind: registered by the budget app,
submitted with the line the delegation table gives for its amount, and moved only by the
engine's callbacks inside the deciding transaction."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from approval import kinds as approval_kinds
from approval.kinds import get_kind, kind_choices
from approval.models import ApprovalStep, Document, DocumentStatus, StepKind
from approval.services import REJECT_TO_PREVIOUS, document_approve, document_reject, document_withdraw
from audit.models import AuditEvent
from budget import kinds as budget_kinds
from budget.kinds import EXPENSE_PLAN_KIND
from budget.models import ExpensePlan, PlanStatus
from budget.services import expense_plan_resubmit
from tests.factories.approval import line, org_chart
from tests.factories.budget import expense_delegation_table, plan

pytestmark = pytest.mark.django_db

SEOUL = ZoneInfo("Asia/Seoul")


@pytest.fixture
def org(in_alpha):
    org = org_chart()
    expense_delegation_table(org.positions)
    return org


def _line(document: Document) -> list[tuple[str, str]]:
    return [(s.kind, s.approver.username) for s in ApprovalStep.objects.filter(document=document).order_by("order")]


def test_the_kind_is_registered_by_the_budget_app():
    kind = get_kind(EXPENSE_PLAN_KIND)

    assert (kind.label, kind.subject_model) == ("지출 품의", "budget.ExpensePlan")
    assert kind.on_approved is budget_kinds.expense_plan_approved
    assert kind.on_rejected is budget_kinds.expense_plan_rejected
    assert kind.on_withdrawn is budget_kinds.expense_plan_withdrawn
    assert (EXPENSE_PLAN_KIND, "지출 품의") in kind_choices()


@pytest.mark.parametrize(
    ("amount", "expected", "decider"),
    [
        # 50만원: under 100만원, the team head (팀장) decides alone (전결).
        (500_000, [("approval", "alead")], "팀장"),
        # 500만원: 부서장 band; the team head reviews on the way up.
        (5_000_000, [("review", "alead"), ("approval", "amanager")], "부서장"),
        # 5천만원: 본부장 band; team head and department head review.
        (50_000_000, [("review", "alead"), ("review", "amanager"), ("approval", "adirector")], "본부장"),
    ],
)
def test_submit_takes_the_line_from_the_delegation_table_by_amount(org, amount, expected, decider):
    submitted = plan(org, amount=amount)

    submitted.refresh_from_db()
    document = submitted.document
    assert submitted.status == PlanStatus.IN_PROGRESS
    assert (document.kind, document.subject_id, document.decision_amount) == (
        EXPENSE_PLAN_KIND,
        str(submitted.pk),
        amount,
    )
    assert document.status == DocumentStatus.IN_PROGRESS
    assert _line(document) == expected
    assert document.delegation_rule.deciding_position.name == decider


def test_the_document_body_is_a_table_of_the_plan(org):
    submitted = plan(org, amount=1_250_000, purpose="<script>x</script>복사용지 구매")

    body = submitted.document.body
    assert submitted.document.title == "지출 품의: 복사용지 구매"
    assert '<th scope="row">금액</th><td>1,250,000원</td>' in body
    assert "<td>사무관리비/일반수용비</td>" in body
    assert "<td>2026. 12. 10.</td>" in body
    assert "<script>" not in body
    assert "&lt;script&gt;x&lt;/script&gt;복사용지 구매" in body
    assert submitted.document.form_data == {
        "plan": submitted.pk,
        "amount": 1_250_000,
        "budget_item": "사무관리비/일반수용비",
        "planned_date": "2026-12-10",
    }


def test_a_given_line_is_validated_against_the_table(org):
    with pytest.raises(ValidationError) as raised:
        plan(org, amount=20_000_000, line=line((StepKind.APPROVAL, org.manager)))

    assert raised.value.message_dict == {
        "line": ["위임전결 규정(1천만원 이상 지출)에 따라 본부장 이상이 결재해야 합니다."]
    }
    assert not ExpensePlan.objects.exists()  # the plan was rolled back with the refusal


def test_invalid_fields_are_refused_in_korean(org):
    with pytest.raises(ValidationError) as raised:
        plan(org, amount=0, title=" ", budget_item="", planned_date=None)

    assert raised.value.message_dict == {
        "title": ["건명을 입력하세요."],
        "amount": ["금액은 1원 이상이어야 합니다."],
        "budget_item": ["예산과목(세부사업/편성목)을 입력하세요."],
        "planned_date": ["집행 예정일을 입력하세요."],
    }
    with pytest.raises(ValidationError) as raised:
        plan(org, amount=1.5)  # money is never a float
    assert raised.value.message_dict == {"amount": ["금액은 원 단위 정수로 입력하세요."]}


def test_the_database_refuses_a_non_positive_amount(org):
    submitted = plan(org)

    with pytest.raises(IntegrityError), transaction.atomic():
        ExpensePlan.objects.filter(pk=submitted.pk).update(amount=0)


def test_approval_approves_the_plan_in_the_same_transaction(org):
    submitted = plan(org, amount=5_000_000)
    at = datetime(2026, 12, 1, 10, 30, tzinfo=SEOUL)
    document_approve(document=submitted.document, actor=org.lead, now=at)
    submitted.refresh_from_db()
    assert (submitted.status, submitted.approved_at) == (PlanStatus.IN_PROGRESS, None)

    document = document_approve(document=submitted.document, actor=org.manager, now=at)

    submitted.refresh_from_db()
    assert (submitted.status, submitted.approved_at) == (PlanStatus.APPROVED, at)
    assert submitted.registration == "총무팀-1"  # told by the callback: budget's pages read it from the plan
    assert document.status == DocumentStatus.COMPLETED
    assert document.registration_number == "A111-1"
    assert document.registration_display == "총무팀-1"


def test_a_raising_callback_rolls_the_decision_back(org, monkeypatch):
    submitted = plan(org)

    def broken(decision):
        subject = decision.subject
        subject.status = PlanStatus.APPROVED
        subject.approved_at = decision.at
        subject.save()
        raise RuntimeError("회계 시스템 오류")

    # The registry holds the function given at registration; swap the kind there for this test.
    monkeypatch.setitem(
        approval_kinds._REGISTRY, EXPENSE_PLAN_KIND, replace(get_kind(EXPENSE_PLAN_KIND), on_approved=broken)
    )

    with pytest.raises(RuntimeError, match="회계 시스템 오류"):
        document_approve(document=submitted.document, actor=org.lead)

    submitted.refresh_from_db()
    submitted.document.refresh_from_db()
    assert (submitted.status, submitted.approved_at) == (PlanStatus.IN_PROGRESS, None)
    assert (submitted.document.status, submitted.document.registration_number) == (DocumentStatus.IN_PROGRESS, "")


def test_rejection_to_the_drafter_rejects_the_plan(org):
    submitted = plan(org, amount=5_000_000)
    document_approve(document=submitted.document, actor=org.lead)
    document_reject(document=submitted.document, actor=org.manager, reason="단가 재확인", to=REJECT_TO_PREVIOUS)
    submitted.refresh_from_db()
    assert submitted.status == PlanStatus.IN_PROGRESS  # back to the team head, not to the drafter

    document_reject(document=submitted.document, actor=org.lead, reason="견적서 첨부 바랍니다")

    submitted.refresh_from_db()
    assert (submitted.status, submitted.approved_at, submitted.can_resubmit) == (PlanStatus.REJECTED, None, True)


def test_withdrawal_makes_the_plan_editable_again(org):
    submitted = plan(org)

    document_withdraw(document=submitted.document, actor=org.drafter, reason="금액 수정")

    submitted.refresh_from_db()
    assert (submitted.status, submitted.can_resubmit) == (PlanStatus.WITHDRAWN, True)


def test_resubmission_starts_a_new_round_for_the_same_plan(org):
    submitted = plan(org, amount=500_000)
    first = submitted.document
    document_reject(document=first, actor=org.lead, reason="금액 재산정")
    submitted.refresh_from_db()

    again = expense_plan_resubmit(
        actor=org.drafter,
        plan=submitted,
        title="복사용지 구매(수정)",
        purpose="복사용지 200박스",
        amount=2_000_000,
        budget_item="사무관리비/일반수용비",
        planned_date=date(2026, 12, 15),
        unit_task=org.task,
    )

    again.refresh_from_db()
    second = again.document
    assert again.pk == submitted.pk
    assert second.pk != first.pk
    assert (second.round, second.redraft_of_id, second.status) == (2, first.pk, DocumentStatus.IN_PROGRESS)
    assert (second.subject_id, second.decision_amount, second.title) == (
        str(again.pk),
        2_000_000,
        "지출 품의: 복사용지 구매(수정)",
    )
    # 200만원 is the 부서장's band now: the line was suggested anew for the new amount.
    assert _line(second) == [("review", "alead"), ("approval", "amanager")]
    assert (again.status, again.amount) == (PlanStatus.IN_PROGRESS, 2_000_000)
    first.refresh_from_db()
    assert first.status == DocumentStatus.REJECTED  # the old round stays as it was

    # The old round cannot be decided any more, and only the new round moves the plan.
    document_approve(document=second, actor=org.lead)
    document_approve(document=second, actor=org.manager)
    again.refresh_from_db()
    assert again.status == PlanStatus.APPROVED
    assert AuditEvent.objects.filter(action="expense_plan.resubmit", target_id=str(again.pk)).count() == 1


def test_resubmission_is_refused_while_running_and_for_others(org):
    submitted = plan(org)
    fields = {
        "title": "t",
        "purpose": "p",
        "amount": 1_000,
        "budget_item": "b",
        "planned_date": date(2026, 12, 1),
        "unit_task": org.task,
    }
    with pytest.raises(ValidationError) as raised:
        expense_plan_resubmit(actor=org.drafter, plan=submitted, **fields)
    assert raised.value.messages == ["반려되거나 회수된 지출 품의만 다시 상신할 수 있습니다."]

    document_withdraw(document=submitted.document, actor=org.drafter)
    with pytest.raises(PermissionDenied):
        expense_plan_resubmit(actor=org.colleague, plan=submitted, **fields)
    # The engine's one-open-document-per-subject rule holds: one resubmission, then refused.
    expense_plan_resubmit(actor=org.drafter, plan=submitted, **fields)
    with pytest.raises(ValidationError):
        expense_plan_resubmit(actor=org.drafter, plan=submitted, **fields)
    assert Document.objects.filter(kind=EXPENSE_PLAN_KIND, status=DocumentStatus.IN_PROGRESS).count() == 1
