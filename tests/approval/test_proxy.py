"""대결 (proxy approval) while an approver is absent, and 후결 (the absent approver's confirmation
afterwards) where the delegation table asks for it."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from approval.models import ApprovalStep, DocumentStatus, StepKind
from approval.services import document_approve, document_post_approve, document_reject
from org.models import Absence
from org.services import absence_create
from tests.factories.approval import line, org_chart, submitted

pytestmark = pytest.mark.django_db

R, A = StepKind.REVIEW, StepKind.APPROVAL
KST = ZoneInfo("Asia/Seoul")
MARCH_5 = datetime(2026, 3, 5, 10, 0, tzinfo=KST)


@pytest.fixture
def org(in_alpha):
    return org_chart()


def _away(user, proxy, *, start=MARCH_5 - timedelta(days=1), days=3):
    return absence_create(
        user=user, proxy=proxy, starts_at=start, ends_at=start + timedelta(days=days), reason=Absence.Reason.TRIP
    )


def test_the_proxy_decides_for_an_absent_final_approver(org):
    _away(org.manager, org.finance_head)
    document = submitted(org, decision_amount=2_000_000, now=MARCH_5)
    document_approve(document=document, actor=org.lead, now=MARCH_5)

    document = document_approve(document=document, actor=org.finance_head, comment="대결합니다.", now=MARCH_5)

    assert document.status == DocumentStatus.COMPLETED
    final = ApprovalStep.objects.get(document=document, order=2)
    # 전결의 대결: the 부서장's delegated decision, taken by the proxy in their place.
    assert (final.approver, final.acted_by, final.proxy_for) == (org.manager, org.finance_head, org.manager)
    assert (final.delegated, final.is_proxy, final.acted_by_position) == (True, True, "부서장")
    # 100만원 이상 1천만원 미만 does not ask for 후결.
    assert (final.post_approval_required, final.post_approved_at) == (False, None)
    event = document.events.get(action="approve")
    assert (event.actor, event.on_behalf_of) == (org.finance_head, org.manager)


def test_a_proxy_decision_needs_post_approval_where_the_table_says_so(org):
    _away(org.director, org.finance_head)
    approval_line = line((R, org.lead), (R, org.manager), (A, org.director))
    document = submitted(org, decision_amount=20_000_000, approval_line=approval_line, now=MARCH_5)
    document_approve(document=document, actor=org.lead, now=MARCH_5)
    document_approve(document=document, actor=org.manager, now=MARCH_5)
    document_approve(document=document, actor=org.finance_head, now=MARCH_5)
    final = ApprovalStep.objects.get(document=document, order=3)
    assert (final.post_approval_required, final.post_approved_at) == (True, None)

    with pytest.raises(PermissionDenied) as denied:
        document_post_approve(document=document, actor=org.finance_head, step=final)
    assert str(denied.value) == "대결된 본인만 후결할 수 있습니다."

    back = MARCH_5 + timedelta(days=3)
    document_post_approve(document=document, actor=org.director, step=final, now=back)
    final.refresh_from_db()
    assert final.post_approved_at == back
    assert list(document.events.values_list("action", flat=True))[-1] == "post_approve"

    with pytest.raises(ValidationError) as raised:
        document_post_approve(document=document, actor=org.director, step=final)
    assert raised.value.messages == ["이미 후결한 문서입니다."]


def test_post_approval_only_after_a_proxy_decision_that_needs_it(org):
    _away(org.manager, org.finance_head)
    document = submitted(org, decision_amount=2_000_000, now=MARCH_5)
    document_approve(document=document, actor=org.lead, now=MARCH_5)
    document_approve(document=document, actor=org.finance_head, now=MARCH_5)
    final = ApprovalStep.objects.get(document=document, order=2)

    with pytest.raises(ValidationError) as raised:
        document_post_approve(document=document, actor=org.manager, step=final)

    assert raised.value.messages == ["후결이 필요하지 않은 결재입니다."]


def test_the_absent_approver_may_still_decide_themselves(org):
    _away(org.lead, org.colleague)
    document = submitted(org, now=MARCH_5)

    document_approve(document=document, actor=org.lead, now=MARCH_5)

    step = ApprovalStep.objects.get(document=document, order=1)
    assert (step.acted_by, step.proxy_for) == (org.lead, None)


def test_no_proxy_outside_the_absence_or_for_someone_not_designated(org):
    _away(org.lead, org.colleague)
    document = submitted(org, now=MARCH_5)

    with pytest.raises(ValidationError) as raised:
        document_approve(document=document, actor=org.accountant, now=MARCH_5)
    assert raised.value.messages == ["지금은 결재할 차례가 아닙니다."]
    with pytest.raises(ValidationError) as raised:
        document_approve(document=document, actor=org.colleague, now=MARCH_5 + timedelta(days=5))
    assert raised.value.messages == ["지금은 결재할 차례가 아닙니다."]


def test_a_proxy_can_return_a_document_too(org):
    _away(org.lead, org.colleague)
    document = submitted(org, now=MARCH_5)

    document = document_reject(document=document, actor=org.colleague, reason="자료 보완", now=MARCH_5)

    assert document.status == DocumentStatus.REJECTED
    step = ApprovalStep.objects.get(document=document, order=1)
    assert (step.action, step.acted_by, step.proxy_for) == ("rejected", org.colleague, org.lead)
