"""Every action on a document and every state it moves through, including the refusals (in
Korean), with the recorded decision path (보고경로) and the audit entries they leave."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from approval.models import (
    ApprovalStep,
    CarbonCopy,
    Document,
    DocumentStatus,
    DocumentVersion,
    StepKind,
    StepState,
)
from approval.services import (
    REJECT_TO_PREVIOUS,
    document_approve,
    document_comment,
    document_discard_draft,
    document_draft,
    document_edit,
    document_hold,
    document_redraft,
    document_reject,
    document_resume,
    document_submit,
    document_update_draft,
    document_withdraw,
)
from audit.models import AuditEvent
from audit.services import audit_verify_chain
from tasks.models import RelatedDocument
from tests.factories.approval import line, org_chart, standard_line, submitted
from tests.factories.tasks_cards import unit_task

pytestmark = pytest.mark.django_db

R, C, A = StepKind.REVIEW, StepKind.CONCURRENCE, StepKind.APPROVAL
KST = ZoneInfo("Asia/Seoul")
MARCH_5 = datetime(2026, 3, 5, 10, 0, tzinfo=KST)


@pytest.fixture
def org(in_alpha):
    return org_chart()


def _steps(document):
    return [
        (s.order, s.group, s.kind, s.approver.username, s.state, s.action)
        for s in ApprovalStep.objects.filter(document=document).select_related("approver").order_by("order")
    ]


def _events(document):
    return [
        (e.action, e.actor.username, e.on_behalf_of.username if e.on_behalf_of else None)
        for e in document.events.select_related("actor", "on_behalf_of").order_by("id")
    ]


def _message(raised) -> str:
    return raised.value.messages[0]


# --- drafting -----------------------------------------------------------------------------------


def test_a_draft_takes_its_filing_defaults_from_the_unit_task(org):
    document = document_draft(actor=org.drafter, title=" 사무용품 구매 ", body="<p>본문</p>", unit_task=org.task)

    assert document.status == DocumentStatus.DRAFT
    assert document.title == "사무용품 구매"
    assert document.department == org.team  # 처리과: the drafter's department
    assert (document.retention_period, document.disclosure, document.disclosure_ground) == ("5", "public", "")
    assert document.version == 1
    assert not document.steps.exists()


def test_the_body_is_sanitised(org):
    document = document_draft(
        actor=org.drafter,
        title="제목",
        body='<p onclick="steal()" style="color:red">가<script>alert(1)</script><b>나</b></p>'
        '<a href="javascript:alert(1)">링크</a><table><tr><td colspan="2">표</td></tr></table>',
        unit_task=org.task,
    )

    assert document.body == (
        '<p>가<b>나</b></p><a rel="noopener noreferrer">링크</a>'
        '<table><tbody><tr><td colspan="2">표</td></tr></tbody></table>'
    )


def test_autosave_changes_only_what_is_given(org):
    document = document_draft(actor=org.drafter, title="처음 제목", unit_task=None)
    other_task = unit_task(department=org.team, retention_period="10", disclosure="partial", disclosure_ground="5")

    document_update_draft(document=document, actor=org.drafter, body="<p>쓰는 중</p>")
    document_update_draft(document=document, actor=org.drafter, unit_task=other_task)
    document_update_draft(document=document, actor=org.drafter, line=standard_line(org))
    document.refresh_from_db()

    assert document.title == "처음 제목"
    assert document.body == "<p>쓰는 중</p>"
    assert (document.retention_period, document.disclosure, document.disclosure_ground) == ("10", "partial", "5")
    assert document.draft_line["steps"] == [
        {"kind": "review", "approver": org.lead.pk, "parallel": False},
        {"kind": "approval", "approver": org.manager.pk, "parallel": False},
    ]
    # The saved line is what 상신 uses when no line is given.
    document_submit(document=document, actor=org.drafter)
    assert [row[3] for row in _steps(document)] == ["alead", "amanager"]


def test_only_the_drafter_edits_a_draft_and_only_before_submitting(org):
    document = document_draft(actor=org.drafter, title="초안", unit_task=org.task)
    with pytest.raises(PermissionDenied):
        document_update_draft(document=document, actor=org.colleague, title="남의 것")
    document_update_draft(document=document, actor=org.drafter, body="<p>본문</p>")
    document_submit(document=document, actor=org.drafter, line=standard_line(org))

    with pytest.raises(ValidationError) as raised:
        document_update_draft(document=document, actor=org.drafter, title="고침")
    assert _message(raised) == "상신한 문서는 고칠 수 없습니다. 회수한 뒤 재기안하세요."


def test_a_unit_task_of_another_department_cannot_be_filed_under(org):
    foreign = unit_task(department=org.finance)

    with pytest.raises(ValidationError) as raised:
        document_draft(actor=org.drafter, title="제목", unit_task=foreign)

    assert raised.value.message_dict == {"unit_task": ["이 단위과제로는 문서를 생산할 수 없습니다."]}


def test_submit_checks_the_filing_data(org):
    document = document_draft(actor=org.drafter, title="", body="<p> </p>", unit_task=None, is_internal=False)

    with pytest.raises(ValidationError) as raised:
        document_submit(document=document, actor=org.drafter, line=standard_line(org))

    assert raised.value.message_dict == {
        "title": ["제목을 입력하세요."],
        "body": ["본문을 입력하세요."],
        "unit_task": ["단위과제를 선택하세요. 단위과제 없이는 결재할 수 없습니다."],
        "retention_period": ["보존기간을 선택하세요."],
        "recipients": ["수신자를 지정하거나 내부결재로 표시하세요."],
    }
    assert Document.objects.get(pk=document.pk).status == DocumentStatus.DRAFT


def test_private_documents_need_the_legal_ground(org):
    document = document_draft(
        actor=org.drafter, title="인사 자료", body="<p>본문</p>", unit_task=org.task, disclosure="private"
    )
    with pytest.raises(ValidationError) as raised:
        document_submit(document=document, actor=org.drafter, line=standard_line(org))
    assert raised.value.message_dict == {
        "disclosure_ground": ["부분공개·비공개 문서는 정보공개법 제9조제1항의 근거 호수를 적어야 합니다."]
    }

    document_update_draft(document=document, actor=org.drafter, disclosure_ground="9")
    with pytest.raises(ValidationError) as raised:
        document_submit(document=document, actor=org.drafter, line=standard_line(org))
    assert "비공개 근거는 정보공개법 제9조제1항의 호수(1~8)" in raised.value.message_dict["disclosure_ground"][0]

    document_update_draft(document=document, actor=org.drafter, disclosure_ground="5, 6")
    document_submit(document=document, actor=org.drafter, line=standard_line(org))
    document.refresh_from_db()
    assert document.disclosure_label == "비공개(5,6)"


def test_external_documents_keep_their_recipients(org):
    document = document_draft(
        actor=org.drafter,
        title="협조 요청",
        body="<p>본문</p>",
        unit_task=org.task,
        is_internal=False,
        recipients=[
            {"institution_code": "province", "name": "경상북도지사(기획조정실장)"},
            {"institution_code": "beta", "name": "베타문화재단이사장", "via": ""},
        ],
    )
    assert list(document.recipients.values_list("order", "institution_code", "name")) == [
        (1, "province", "경상북도지사(기획조정실장)"),
        (2, "beta", "베타문화재단이사장"),
    ]
    with pytest.raises(ValidationError) as raised:
        document_update_draft(
            document=document,
            actor=org.drafter,
            recipients=[{"institution_code": "beta", "name": "가"}, {"institution_code": "beta", "name": "나"}],
        )
    assert raised.value.message_dict == {"recipients": ["같은 수신자를 두 번 지정할 수 없습니다."]}


def test_a_new_draft_can_be_discarded_but_not_a_submitted_one(org):
    draft = document_draft(actor=org.drafter, title="버릴 초안", unit_task=org.task)
    document_discard_draft(document=draft, actor=org.drafter)
    assert not Document.objects.filter(pk=draft.pk).exists()

    document = submitted(org)
    with pytest.raises(ValidationError) as raised:
        document_discard_draft(document=document, actor=org.drafter)
    assert _message(raised) == "상신한 적이 없는 새 기안만 삭제할 수 있습니다."


# --- submit and approve ---------------------------------------------------------------------------


def test_submit_builds_the_steps_and_keeps_the_first_version(org):
    document = submitted(org, approval_line=standard_line(org, cc=(org.colleague,)), now=MARCH_5)

    assert document.status == DocumentStatus.IN_PROGRESS
    assert document.submitted_at == MARCH_5
    assert document.delegation_rule.label == "일반 사항"
    assert _steps(document) == [
        (1, 1, R, "alead", StepState.PENDING, ""),
        (2, 2, A, "amanager", StepState.WAITING, ""),
    ]
    first = ApprovalStep.objects.get(document=document, order=1)
    assert (first.approver_position, first.approver_department, first.activated_at) == ("팀장", "총무팀", MARCH_5)
    assert list(DocumentVersion.objects.filter(document=document).values_list("version", "title", "edited_by")) == [
        (1, "2026년 사무용품 구매 계획", org.drafter.pk)
    ]
    assert list(CarbonCopy.objects.filter(document=document).values_list("user__username", flat=True)) == ["acolleague"]
    assert _events(document) == [("submit", "adrafter", None)]


def test_submit_twice_or_by_someone_else_is_refused(org):
    document = document_draft(actor=org.drafter, title="제목", body="<p>본문</p>", unit_task=org.task)
    with pytest.raises(PermissionDenied):
        document_submit(document=document, actor=org.colleague, line=standard_line(org))
    document_submit(document=document, actor=org.drafter, line=standard_line(org))
    with pytest.raises(ValidationError) as raised:
        document_submit(document=document, actor=org.drafter, line=standard_line(org))
    assert _message(raised) == "이미 상신한 문서입니다."


def test_approving_through_the_line_completes_with_jeongyeol(org):
    document = submitted(org, now=MARCH_5)

    document_approve(document=document, actor=org.lead, comment="검토했습니다.", now=MARCH_5)
    assert _steps(document) == [
        (1, 1, R, "alead", StepState.DONE, "approved"),
        (2, 2, A, "amanager", StepState.PENDING, ""),
    ]
    document = document_approve(document=document, actor=org.manager, now=MARCH_5)

    assert document.status == DocumentStatus.COMPLETED
    assert document.closed_at == MARCH_5
    final = ApprovalStep.objects.get(document=document, order=2)
    # 부서장 decided under the delegation table, below the institution head: 전결.
    assert (final.delegated, final.acted_by, final.proxy_for) == (True, org.manager, None)
    assert document.registration_number == "A111-1"
    assert document.registration_display == "총무팀-1"
    assert _events(document) == [
        ("submit", "adrafter", None),
        ("review", "alead", None),
        ("approve", "amanager", None),
        ("complete", "amanager", None),
    ]
    link = RelatedDocument.objects.get(source="approval", source_id=str(document.pk))
    assert (link.unit_task, link.title, link.reference, str(link.produced_on)) == (
        org.task,
        "2026년 사무용품 구매 계획",
        "총무팀-1",
        "2026-03-05",
    )


def test_the_institution_head_deciding_is_not_jeongyeol(org):
    document = submitted(org, approval_line=line((R, org.lead), (A, org.ceo)))
    document_approve(document=document, actor=org.lead)
    document_approve(document=document, actor=org.ceo)

    assert ApprovalStep.objects.get(document=document, kind=A).delegated is False


def test_acting_out_of_turn_is_refused_in_korean(org):
    document = submitted(org)

    with pytest.raises(ValidationError) as raised:
        document_approve(document=document, actor=org.manager)
    assert _message(raised) == "지금은 결재할 차례가 아닙니다."
    with pytest.raises(ValidationError) as raised:
        document_approve(document=document, actor=org.colleague)
    assert _message(raised) == "지금은 결재할 차례가 아닙니다."

    document_approve(document=document, actor=org.lead)
    with pytest.raises(ValidationError) as raised:
        document_approve(document=document, actor=org.lead)
    assert _message(raised) == "이미 처리한 문서입니다."

    document_approve(document=document, actor=org.manager)
    with pytest.raises(ValidationError) as raised:
        document_approve(document=document, actor=org.manager)
    assert _message(raised) == "이미 결재가 끝난 문서입니다."


def test_a_stale_step_is_refused_rather_than_applied_elsewhere(org):
    document = submitted(org, approval_line=line((R, org.lead), (C, org.finance_head), (A, org.manager)))
    shown = ApprovalStep.objects.get(document=document, order=1)
    document_approve(document=document, actor=org.lead, step=shown)
    # The page still shows step 1; the lead clicks again.
    with pytest.raises(ValidationError) as raised:
        document_approve(document=document, actor=org.lead, step=shown)
    assert _message(raised) == "문서의 결재 상태가 바뀌었습니다. 새로 고친 뒤 다시 처리하세요."


def test_parallel_concurrence_waits_for_every_department(org):
    approval_line = line((R, org.lead), (C, org.finance_head), (C, org.accountant, True), (A, org.manager))
    document = submitted(org, approval_line=approval_line)
    document_approve(document=document, actor=org.lead)
    assert [row[4] for row in _steps(document)] == ["done", "pending", "pending", "waiting"]

    document_approve(document=document, actor=org.accountant)
    assert [row[4] for row in _steps(document)] == ["done", "pending", "done", "waiting"]

    document_approve(document=document, actor=org.finance_head)
    assert [row[4] for row in _steps(document)] == ["done", "done", "done", "pending"]
    assert [e[0] for e in _events(document)] == ["submit", "review", "concur", "concur"]


# --- reject ---------------------------------------------------------------------------------------


def test_reject_to_the_drafter_closes_the_round(org):
    document = submitted(org)
    document_approve(document=document, actor=org.lead)

    with pytest.raises(ValidationError) as raised:
        document_reject(document=document, actor=org.manager, reason="  ")
    assert raised.value.message_dict == {"reason": ["반려 사유를 입력하세요."]}

    document = document_reject(document=document, actor=org.manager, reason="예산 과목을 확인하세요.")

    assert document.status == DocumentStatus.REJECTED
    assert _steps(document)[1][4:] == (StepState.DONE, "rejected")
    assert document.events.last().comment == "예산 과목을 확인하세요."
    assert not document.is_registered
    with pytest.raises(ValidationError) as raised:
        document_approve(document=document, actor=org.manager)
    assert _message(raised) == "반려된 문서입니다."


def test_reject_one_step_back_reopens_the_previous_step_and_keeps_history(org):
    document = submitted(org, approval_line=line((R, org.lead), (R, org.manager), (A, org.director)))
    document_approve(document=document, actor=org.lead, comment="이상 없음")
    document_approve(document=document, actor=org.manager)

    document_reject(document=document, actor=org.director, reason="팀장님 다시 검토 바랍니다.", to=REJECT_TO_PREVIOUS)

    document.refresh_from_db()
    assert document.status == DocumentStatus.IN_PROGRESS
    assert _steps(document) == [
        (1, 1, R, "alead", StepState.DONE, "approved"),
        (2, 2, R, "amanager", StepState.PENDING, ""),
        (3, 3, A, "adirector", StepState.WAITING, ""),
    ]
    document_approve(document=document, actor=org.manager, comment="보완했습니다.")
    document_approve(document=document, actor=org.director)
    assert Document.objects.get(pk=document.pk).status == DocumentStatus.COMPLETED
    assert [e[:2] for e in _events(document)] == [
        ("submit", "adrafter"),
        ("review", "alead"),
        ("review", "amanager"),
        ("return_step", "adirector"),
        ("review", "amanager"),
        ("approve", "adirector"),
        ("complete", "adirector"),
    ]


def test_reject_one_step_back_from_the_first_step_is_refused(org):
    document = submitted(org)

    with pytest.raises(ValidationError) as raised:
        document_reject(document=document, actor=org.lead, reason="다시", to=REJECT_TO_PREVIOUS)

    assert raised.value.message_dict == {"to": ["앞 단계가 없습니다. 기안자에게 반려하세요."]}


# --- hold -----------------------------------------------------------------------------------------


def test_hold_parks_the_document_for_everyone_but_the_holder(org):
    approval_line = line((C, org.finance_head), (C, org.accountant, True), (A, org.manager))
    document = submitted(org, approval_line=approval_line)

    document = document_hold(document=document, actor=org.finance_head, reason="예산 확인 중")
    assert document.status == DocumentStatus.ON_HOLD

    with pytest.raises(ValidationError) as raised:
        document_approve(document=document, actor=org.accountant)
    assert _message(raised) == "보류 중인 문서입니다. 보류한 결재자만 처리할 수 있습니다."
    with pytest.raises(ValidationError) as raised:
        document_hold(document=document, actor=org.finance_head)
    assert _message(raised) == "이미 보류 중인 문서입니다."
    with pytest.raises(ValidationError) as raised:
        document_resume(document=document, actor=org.accountant)
    assert _message(raised) == "보류 중인 문서입니다. 보류한 결재자만 처리할 수 있습니다."

    document = document_resume(document=document, actor=org.finance_head)
    assert document.status == DocumentStatus.IN_PROGRESS
    with pytest.raises(ValidationError) as raised:
        document_resume(document=document, actor=org.finance_head)
    assert _message(raised) == "보류 중인 문서가 아닙니다."
    assert [e[0] for e in _events(document)] == ["submit", "hold", "resume"]


def test_the_holder_may_decide_straight_from_hold(org):
    document = submitted(org)
    document_hold(document=document, actor=org.lead)

    document = document_approve(document=document, actor=org.lead)

    assert (document.status, document.held_step) == (DocumentStatus.IN_PROGRESS, None)
    assert _steps(document)[1][4] == StepState.PENDING


# --- withdraw and redraft ---------------------------------------------------------------------------


def test_withdraw_before_anyone_decided(org):
    document = submitted(org)

    with pytest.raises(PermissionDenied):
        document_withdraw(document=document, actor=org.lead)
    document = document_withdraw(document=document, actor=org.drafter, reason="첨부 누락")

    assert document.status == DocumentStatus.WITHDRAWN
    assert all(row[4] == StepState.WAITING for row in _steps(document))
    with pytest.raises(ValidationError) as raised:
        document_approve(document=document, actor=org.lead)
    assert _message(raised) == "회수된 문서입니다."


def test_withdraw_after_the_next_step_acted_is_refused(org):
    document = submitted(org)
    document_approve(document=document, actor=org.lead)

    with pytest.raises(ValidationError) as raised:
        document_withdraw(document=document, actor=org.drafter)

    assert _message(raised) == "결재선에서 이미 처리한 사람이 있어 회수할 수 없습니다."
    assert Document.objects.get(pk=document.pk).status == DocumentStatus.IN_PROGRESS


def test_withdraw_of_a_completed_document_is_refused(org):
    document = submitted(org, approval_line=line((A, org.manager)))
    document_approve(document=document, actor=org.manager)

    with pytest.raises(ValidationError) as raised:
        document_withdraw(document=document, actor=org.drafter)

    assert _message(raised) == "이미 결재가 끝난 문서입니다."


def test_redraft_starts_a_new_round_and_keeps_the_old_one(org):
    document = submitted(org, approval_line=standard_line(org, cc=(org.colleague,)))
    document_approve(document=document, actor=org.lead)
    document_reject(document=document, actor=org.manager, reason="수량 재확인")

    with pytest.raises(PermissionDenied):
        document_redraft(document=document, actor=org.colleague)
    new = document_redraft(document=document, actor=org.drafter)

    assert (new.status, new.round, new.redraft_of, new.title) == (
        DocumentStatus.DRAFT,
        2,
        document,
        "2026년 사무용품 구매 계획",
    )
    assert new.draft_line == document.draft_line
    assert new.draft_line["cc"] == [org.colleague.pk]
    with pytest.raises(ValidationError) as raised:
        document_redraft(document=document, actor=org.drafter)
    assert _message(raised) == "이미 재기안한 문서입니다."

    document_update_draft(document=new, actor=org.drafter, body="<p>수량을 고쳤습니다.</p>")
    document_submit(document=new, actor=org.drafter)
    document_approve(document=new, actor=org.lead)
    new = document_approve(document=new, actor=org.manager)

    old = Document.objects.get(pk=document.pk)
    assert (old.status, old.is_registered) == (DocumentStatus.REJECTED, False)
    assert [e[0] for e in _events(old)] == ["submit", "review", "reject", "redraft"]
    assert (new.status, new.registration_number) == (DocumentStatus.COMPLETED, "A111-1")
    assert old.redraft == new


def test_only_returned_or_withdrawn_documents_are_redrafted(org):
    document = submitted(org)

    with pytest.raises(ValidationError) as raised:
        document_redraft(document=document, actor=org.drafter)

    assert _message(raised) == "반려되거나 회수된 문서만 재기안할 수 있습니다."


def test_a_withdrawn_document_is_redrafted_too(org):
    document = submitted(org)
    document_withdraw(document=document, actor=org.drafter)

    new = document_redraft(document=document, actor=org.drafter)

    assert (new.round, new.redraft_of_id) == (2, document.pk)


# --- edits, comments ------------------------------------------------------------------------------


def test_an_approvers_edit_is_a_new_version_and_nothing_is_overwritten(org):
    document = submitted(org, body="<p>원안</p>")

    version = document_edit(
        document=document,
        actor=org.lead,
        title="2026년 사무용품 구매 계획(수정)",
        body="<p>수정안</p>",
        note="수량 조정",
    )

    document.refresh_from_db()
    assert (document.version, document.title, document.body) == (2, "2026년 사무용품 구매 계획(수정)", "<p>수정안</p>")
    assert (version.version, version.step.order, version.edited_by, version.note) == (2, 1, org.lead, "수량 조정")
    assert list(
        DocumentVersion.objects.filter(document=document).order_by("version").values_list("version", "body")
    ) == [
        (1, "<p>원안</p>"),
        (2, "<p>수정안</p>"),
    ]
    document_approve(document=document, actor=org.lead)
    assert document.events.get(action="review").version == 2

    with pytest.raises(ValidationError) as raised:
        document_edit(document=document, actor=org.lead, title="또 고침", body="<p>x</p>")
    assert _message(raised) == "이미 처리한 문서입니다."
    with pytest.raises(ValidationError) as raised:
        document_edit(document=document, actor=org.manager, title=document.title, body=document.body)
    assert _message(raised) == "바뀐 내용이 없습니다."


def test_an_edit_note_past_its_limit_is_refused_not_cut(org):
    document = submitted(org, body="<p>원안</p>")

    with pytest.raises(ValidationError) as raised:
        document_edit(document=document, actor=org.lead, title=document.title, body="<p>수정안</p>", note="가" * 301)

    assert raised.value.message_dict == {"note": ["300자까지 쓸 수 있습니다(지금 301자). 줄여 주세요."]}
    document.refresh_from_db()
    assert (document.version, document.body) == (1, "<p>원안</p>")
    version = document_edit(
        document=document, actor=org.lead, title=document.title, body="<p>수정안</p>", note="가" * 300
    )
    assert version.note == "가" * 300


def test_the_drafter_cannot_edit_after_submitting(org):
    document = submitted(org)

    with pytest.raises(ValidationError) as raised:
        document_edit(document=document, actor=org.drafter, title="고침", body="<p>고침</p>")

    assert _message(raised) == "지금은 결재할 차례가 아닙니다."


def test_comments_from_the_drafter_and_the_line_only(org):
    document = submitted(org)

    mine = document_comment(document=document, actor=org.drafter, body="급한 건입니다.")
    theirs = document_comment(document=document, actor=org.manager, body="내일 보겠습니다.")

    assert (mine.step, theirs.step.order) == (None, 2)
    with pytest.raises(PermissionDenied):
        document_comment(document=document, actor=org.accountant, body="지나가다")
    with pytest.raises(ValidationError) as raised:
        document_comment(document=document, actor=org.drafter, body=" ")
    assert raised.value.message_dict == {"body": ["의견을 입력하세요."]}
    assert [e[0] for e in _events(document)] == ["submit", "comment", "comment"]


# --- audit ----------------------------------------------------------------------------------------


def test_decisive_actions_are_on_the_audit_chain(org):
    before = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first()
    document = submitted(org, approval_line=line((R, org.lead), (R, org.manager), (A, org.director)))
    document_hold(document=document, actor=org.lead, reason="확인 중")
    document_resume(document=document, actor=org.lead)
    document_approve(document=document, actor=org.lead)
    document_edit(document=document, actor=org.manager, title="고친 제목", body="<p>고친 본문</p>")
    document_comment(document=document, actor=org.manager, body="의견은 감사 대상이 아닙니다")
    document_approve(document=document, actor=org.manager)
    document_reject(document=document, actor=org.director, reason="재검토", to=REJECT_TO_PREVIOUS)
    document_reject(document=document, actor=org.manager, reason="기안자 보완")
    new = document_redraft(document=document, actor=org.drafter)
    document_submit(document=new, actor=org.drafter)
    document_withdraw(document=new, actor=org.drafter)

    events = list(AuditEvent.objects.filter(id__gt=before).order_by("id"))
    on_document = [(e.action, e.actor_label, e.target_id) for e in events if e.target_type == "approval.Document"]
    assert on_document == [
        ("document.submit", "adrafter", str(document.pk)),
        ("document.hold", "alead", str(document.pk)),
        ("document.resume", "alead", str(document.pk)),
        ("document.approve", "alead", str(document.pk)),
        ("document.edit", "amanager", str(document.pk)),
        ("document.approve", "amanager", str(document.pk)),
        ("document.reject", "adirector", str(document.pk)),
        ("document.reject", "amanager", str(document.pk)),
        ("document.redraft", "adrafter", str(document.pk)),
        ("document.submit", "adrafter", str(new.pk)),
        ("document.withdraw", "adrafter", str(new.pk)),
    ]
    submit = events[[e.action for e in events].index("document.submit")]
    assert submit.data == {
        "round": 1,
        "kind": "general",
        "line": [["review", "alead"], ["review", "amanager"], ["approval", "adirector"]],
        "cc": [],
        "rule": document.delegation_rule_id,
    }
    rejected_back = next(e for e in events if e.action == "document.reject")
    assert rejected_back.data == {"round": 1, "step": 3, "to": "previous", "proxy_for": None, "reason": "재검토"}
    assert str(events[-1].action_label) == "문서 회수"
    assert audit_verify_chain().ok


def test_completion_is_audited_with_its_number(org):
    document = submitted(org, approval_line=line((A, org.manager)), now=MARCH_5)
    document_approve(document=document, actor=org.manager, now=MARCH_5)

    completed = AuditEvent.objects.filter(action="document.complete", target_id=str(document.pk)).get()
    assert completed.data == {
        "round": 1,
        "registration_number": "A111-1",
        "registration_year": 2026,
        "version": 1,
    }
    assert str(completed.action_label) == "결재 완료·생산등록"
