"""Nobody decides their own document (issue 9 item 1): the attack from the security review — the
team head is away with the drafter as their designated proxy, the drafter submits a document
whose line ends at that head and approves it "as the proxy" — and its 검토/협조 variants, a
subject's requester, the case where nobody eligible is present, and the database's backstop.

The rule (approval.turn): the next head up the absent approver's chain who is present and not
the drafter/requester decides as 대결, and the absent approver's 후결 is always required."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.urls import reverse
from django.utils import timezone

from approval.kinds import register_kind
from approval.models import ApprovalStep, DocumentStatus, StepKind, StepState
from approval.permissions import access_document
from approval.selectors import available_actions, documents_awaiting_post_approval, documents_waiting_for
from approval.services import (
    approval_submit_subject,
    document_approve,
    document_hold,
    document_post_approve,
    document_reject,
)
from approval.turn import stand_in_now
from audit.models import AuditEvent
from notifications.models import Notification
from org.models import Absence, User
from org.services import absence_create, department_set_head
from tests.factories import DepartmentFactory, UserFactory
from tests.factories.approval import delegation_table, line, org_chart, submitted
from tests.factories.tasks_cards import unit_task
from tests.support import PASSWORD, login

pytestmark = pytest.mark.django_db

R, C, A = StepKind.REVIEW, StepKind.CONCURRENCE, StepKind.APPROVAL
SELF = "본인이 기안하거나 신청한 문서는 결재할 수 없습니다(대결 포함)."
NOT_YOUR_TURN = "지금은 결재할 차례가 아닙니다."
REQUEST_KIND = "tests.owner_request"


def _task_owner(task):
    return task.owner


register_kind(REQUEST_KIND, label="담당자 요청(시험)", subject_model="tasks.UnitTask", requester=_task_owner)


@pytest.fixture
def org(in_alpha):
    return org_chart()


def _away(user: User, proxy: User) -> Absence:
    now = timezone.now()
    return absence_create(
        user=user, proxy=proxy, starts_at=now - timedelta(hours=2), ends_at=now + timedelta(days=1), reason="trip"
    )


def _refused(action, **kwargs) -> str:
    with pytest.raises(ValidationError) as raised:
        action(**kwargs)
    return raised.value.messages[0]


def _step(document, order: int) -> ApprovalStep:
    return ApprovalStep.objects.get(document=document, order=order)


def test_the_drafter_standing_in_for_the_final_approver_cannot_approve_their_own_document(org):
    _away(org.lead, org.drafter)
    document = submitted(org, decision_amount=500_000, approval_line=line((A, org.lead)))  # 팀장 전결

    assert _refused(document_approve, document=document, actor=org.drafter) == SELF
    assert _refused(document_reject, document=document, actor=org.drafter, reason="x") == SELF
    assert _refused(document_hold, document=document, actor=org.drafter) == SELF
    final = _step(document, 1)
    assert (final.state, final.acted_by) == (StepState.PENDING, None)

    # The head of the parent department stands in (대결); the absent head's 후결 is required even
    # though the table's 100만원 미만 row does not ask for it.
    assert stand_in_now(document, final, timezone.now()) == org.manager
    assert stand_in_now(document, final, timezone.now() + timedelta(days=2)) is None  # the head is back
    document = document_approve(document=document, actor=org.manager)

    final.refresh_from_db()
    assert document.status == DocumentStatus.COMPLETED
    assert (final.acted_by, final.proxy_for, final.acted_by_position) == (org.manager, org.lead, "부서장")
    assert (final.post_approval_required, final.delegated) == (True, True)
    assert document.delegation_rule.post_approval_required is False
    audit = AuditEvent.objects.filter(action="document.approve").latest("id")
    assert (audit.data["proxy_for"], audit.data["fallback"]) == ("alead", True)
    assert list(documents_awaiting_post_approval(org.lead)) == [document]
    document_post_approve(document=document, actor=org.lead, step=final)


def test_the_page_the_box_and_the_notice_name_the_stand_in_not_the_drafter(org, client_for, alpha):
    _away(org.lead, org.drafter)
    document = submitted(org, decision_amount=500_000, approval_line=line((A, org.lead)))
    url = reverse("approval:detail", args=[document.pk])

    def page(user: User) -> tuple[int, str]:
        client = client_for(alpha)
        assert login(client, user.username, PASSWORD).status_code == 302
        response = client.get(url)
        return response.status_code, response.content.decode()

    status, html = page(org.drafter)
    assert status == 200
    assert 'name="step"' not in html  # no decision form for the drafter
    status, html = page(org.manager)
    assert "도팀장 님을 대신하여 결재합니다." in html
    assert f'name="step" value="{_step(document, 1).pk}"' in html
    status, html = page(org.lead)
    assert "결재할 차례입니다." in html  # the absent head may still decide themselves
    status, html = page(org.director)  # heads over the department: reads it, does not decide it
    assert (status, 'name="step"' in html) == (200, False)
    assert page(org.colleague)[0] == 404

    now = timezone.now()
    assert list(documents_waiting_for(org.manager, now=now)) == [document]
    assert list(documents_waiting_for(org.lead, now=now)) == [document]
    assert list(documents_waiting_for(org.drafter, now=now)) == []
    assert list(documents_waiting_for(org.director, now=now)) == []
    actions = available_actions(org.manager, document, now)
    assert (actions.decide, actions.absent, actions.comment) == (True, org.lead, True)
    assert not available_actions(org.drafter, document, now).decide
    waiting = Notification.objects.filter(category="approval_waiting").values_list("recipient__username", flat=True)
    assert sorted(waiting) == ["alead", "amanager"]


def test_a_review_step_whose_proxy_is_the_drafter(org):
    _away(org.lead, org.drafter)
    document = submitted(org, decision_amount=2_000_000, approval_line=line((R, org.lead), (A, org.manager)))

    assert _refused(document_approve, document=document, actor=org.drafter) == SELF
    document_approve(document=document, actor=org.manager)  # the 검토, in the team head's place
    review = _step(document, 1)
    assert (review.acted_by, review.proxy_for, review.post_approval_required) == (org.manager, org.lead, True)

    document = document_approve(document=document, actor=org.manager)  # then their own 결재
    assert document.status == DocumentStatus.COMPLETED
    final = _step(document, 2)
    assert (final.acted_by, final.proxy_for, final.post_approval_required) == (org.manager, None, False)


def test_a_concurrence_step_is_stood_in_for_up_its_own_departments_chain(org):
    business = DepartmentFactory(name="사업본부", code="A200", parent=org.root)
    project = DepartmentFactory(name="사업부", code="A210", parent=business)
    biz_director = UserFactory(username="abizdir", name="사본부", department=business, position=org.positions["본부장"])
    project_head = UserFactory(
        username="aprojhead", name="주사업", department=project, position=org.positions["부서장"]
    )
    department_set_head(department=business, head=biz_director)
    department_set_head(department=project, head=project_head)
    _away(project_head, org.drafter)
    document = submitted(
        org, decision_amount=2_000_000, approval_line=line((R, org.lead), (C, project_head), (A, org.manager))
    )
    document_approve(document=document, actor=org.lead)

    assert _refused(document_approve, document=document, actor=org.drafter) == SELF
    # The division head over the drafter's department is not the 협조 department's chain.
    assert _refused(document_approve, document=document, actor=org.director) == NOT_YOUR_TURN
    # The head above the 협조 department sees the document, finds it waiting, and concurs as 대결.
    fresh = User.objects.get(pk=biz_director.pk)
    assert access_document(fresh, document.pk) == document
    assert list(documents_waiting_for(fresh)) == [document]
    document_approve(document=document, actor=biz_director)
    concurrence = _step(document, 2)
    assert (concurrence.acted_by, concurrence.proxy_for, concurrence.post_approval_required) == (
        biz_director,
        project_head,
        True,
    )
    assert _step(document, 3).state == StepState.PENDING


def test_nobody_eligible_and_present_leaves_the_step_to_the_approver(org):
    _away(org.lead, org.drafter)
    _away(org.manager, org.colleague)
    _away(org.director, org.accountant)
    _away(org.ceo, org.finance_head)
    document = submitted(org, decision_amount=500_000, approval_line=line((A, org.lead)))

    assert _refused(document_approve, document=document, actor=org.drafter) == SELF
    for person in (org.manager, org.director, org.ceo, org.colleague, org.accountant):
        assert _refused(document_approve, document=document, actor=person) == NOT_YOUR_TURN, person
    waiting = Notification.objects.filter(category="approval_waiting").values_list("recipient__username", flat=True)
    assert list(waiting) == ["alead"]
    assert list(documents_waiting_for(org.manager)) == []

    document = document_approve(document=document, actor=org.lead)  # the approver, whenever they can
    final = _step(document, 1)
    assert (document.status, final.acted_by, final.proxy_for) == (DocumentStatus.COMPLETED, org.lead, None)


def test_a_subjects_requester_is_refused_on_the_line_and_as_proxy(org):
    delegation_table(org.positions, kind=REQUEST_KIND)
    task = unit_task(department=org.team, owner=org.drafter, name="담당자 요청 과제", retention_period="5")

    def submit(**kwargs):
        return approval_submit_subject(
            kind=REQUEST_KIND,
            subject=task,
            actor=org.colleague,
            title="담당자 요청",
            body="<p>요청합니다.</p>",
            unit_task=task,
            decision_amount=500_000,
            **kwargs,
        )

    with pytest.raises(ValidationError) as raised:
        submit(line=line((R, org.drafter), (A, org.lead)))
    assert raised.value.message_dict == {"line": ["문기안 님은 이 건의 신청인이어서 결재선에 넣을 수 없습니다."]}

    _away(org.lead, org.drafter)
    document = submit()
    assert (document.drafter, document.requester) == (org.colleague, org.drafter)
    assert access_document(User.objects.get(pk=org.drafter.pk), document.pk) == document  # their own request
    assert _refused(document_approve, document=document, actor=org.drafter) == SELF
    document_approve(document=document, actor=org.manager)
    assert (_step(document, 1).proxy_for, _step(document, 1).post_approval_required) == (org.lead, True)


def test_the_suggested_line_passes_over_the_requester(org):
    delegation_table(org.positions, kind=REQUEST_KIND)
    task = unit_task(department=org.team, owner=org.lead, name="팀장 요청 과제", retention_period="5")

    document = approval_submit_subject(
        kind=REQUEST_KIND,
        subject=task,
        actor=org.colleague,
        title="팀장 요청",
        body="<p>요청합니다.</p>",
        unit_task=task,
        decision_amount=500_000,
    )

    # 100만원 미만 is the 팀장's, but the team head asked for it: the department head decides.
    assert [(s.kind, s.approver) for s in document.steps.order_by("order")] == [(A, org.manager)]


def test_the_database_refuses_a_step_decided_by_the_drafter(org):
    document = submitted(org, approval_line=line((A, org.manager)))
    step = _step(document, 1)

    with pytest.raises(DatabaseError, match="cannot be decided by its drafter or requester"), transaction.atomic():
        ApprovalStep.objects.filter(pk=step.pk).update(
            state=StepState.DONE, action="approved", acted_by=org.drafter, acted_at=timezone.now()
        )
