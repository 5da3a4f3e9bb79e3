"""The document page: what it shows (filing data, the sign table with 전결/대결/후결 marks, 보고경로,
versions, comments, 공람 readers, redraft rounds, the PDF link), that opening it records a 공람 or
참조 reading, the actions offered to each person, every action through the page with the service's
Korean refusal shown in place, and who may reach it; the query count stays flat."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from approval.models import (
    ApprovalStep,
    CarbonCopy,
    Circulation,
    Document,
    DocumentComment,
    DocumentStatus,
    StepKind,
    StepState,
)
from approval.pdf import document_pdf_render
from approval.selectors import available_actions
from approval.services import (
    document_approve,
    document_attach,
    document_circulate,
    document_comment,
    document_draft,
    document_edit,
    document_hold,
    document_reject,
    document_submit,
    document_withdraw,
)
from org.models import Absence
from org.services import absence_create
from tests.factories import UserFactory
from tests.factories.approval import line, org_chart, standard_line, submitted
from tests.support import PASSWORD, STAFF, login, redirects_to_login

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.MULTITENANT_RELATIVE_MEDIA_ROOT = "%s"
    return tmp_path


@pytest.fixture
def org(in_alpha):
    return org_chart()


def signed_in(client_for, institution, username):
    client = client_for(institution)
    assert login(client, username, PASSWORD).status_code == 302
    return client


@pytest.fixture
def as_user(client_for, alpha):
    return lambda user: signed_in(client_for, alpha, user.username)


def detail_url(document) -> str:
    return reverse("approval:detail", args=[document.pk])


def completed(org, **kw) -> Document:
    document = submitted(org, **kw)
    document_approve(document=document, actor=org.lead)
    return document_approve(document=document, actor=org.manager)


def away(user, proxy):
    now = timezone.now()
    return absence_create(
        user=user,
        proxy=proxy,
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(days=2),
        reason=Absence.Reason.TRIP,
    )


# --- what the page shows ---------------------------------------------------------------------------


def test_the_page_shows_header_filing_data_body_and_the_sign_table(org, as_user):
    document = completed(org, title="청사 보수 공사 계획", body="<p>본관 옥상 <strong>방수</strong> 공사</p>")
    response = as_user(org.drafter).get(detail_url(document))
    assert response.status_code == 200
    html = response.content.decode()
    assert "청사 보수 공사 계획" in html
    assert "<p>본관 옥상 <strong>방수</strong> 공사</p>" in html  # the sanitised body as HTML
    assert document.registration_display in html
    assert "일반서무" in html
    assert "5년" in html
    assert "공개" in html
    assert "결재 완료" in html
    assert "전결" in html  # 부서장 decided below the institution head
    assert "도팀장" in html
    assert "남부장" in html
    assert "PDF 생성 중" in html  # not rendered yet
    assert reverse("approval:pdf", args=[document.pk]) not in html


def test_review_and_concurrence_steps_say_so_not_approved(org, as_user):
    """검토 and 협조 steps read 검토/협조 wherever their decision shows (issue 9, item 15): the
    sign table, whose turn it is and its button, the 보고경로, the notification that it arrived."""
    from notifications.models import Notification

    document = submitted(
        org,
        approval_line=line(
            (StepKind.REVIEW, org.lead), (StepKind.CONCURRENCE, org.finance_head), (StepKind.APPROVAL, org.manager)
        ),
    )
    assert "검토할 차례입니다." in as_user(org.lead).get(detail_url(document)).content.decode()
    assert Notification.objects.get(recipient=org.lead).title.startswith("검토할 문서가 도착했습니다")
    document_approve(document=document, actor=org.lead)
    concurring = as_user(org.finance_head).get(detail_url(document)).content.decode()
    assert "협조할 차례입니다." in concurring
    assert '<button type="submit" class="primary">협조</button>' in concurring
    assert Notification.objects.get(recipient=org.finance_head).title.startswith("협조할 문서가 도착했습니다")
    document_approve(document=document, actor=org.finance_head)
    assert Notification.objects.get(recipient=org.manager).title.startswith("결재할 문서가 도착했습니다")
    document_approve(document=document, actor=org.manager)

    html = as_user(org.drafter).get(detail_url(document)).content.decode()

    steps = {s.approver_id: s for s in ApprovalStep.objects.filter(document=document)}
    assert [steps[p.pk].action_label for p in (org.lead, org.finance_head, org.manager)] == ["검토", "협조", "승인"]
    start = html.index('class="sign-table"')
    sign_table = re.sub(r">\s+<", "><", html[start : html.index("</table>", start)])
    assert "<td>검토</td><td>팀장</td><td>도팀장</td><td>검토</td>" in sign_table
    assert "<td>협조</td><td>부서장</td><td>석재무</td><td>협조</td>" in sign_table
    assert "<td>결재</td><td>부서장</td><td>남부장</td><td>승인</td>" in sign_table
    assert sign_table.count("승인") == 1
    start = html.index('id="events-h"')
    events = re.sub(r">\s+<", "><", html[start : html.index("</table>", start)])
    assert "<td>검토</td><td>도팀장</td>" in events
    assert "<td>협조</td><td>석재무</td>" in events


def test_the_approver_sees_the_amount_that_decided_their_authority(org, as_user):
    document = submitted(org, decision_amount=2_000_000)  # 100만원 이상: 부서장 전결

    html = as_user(org.lead).get(detail_url(document)).content.decode()

    assert "<dt>결재 금액</dt><dd>금2,000,000원(금이백만원)</dd>" in html
    without = submitted(org, title="금액 없는 문서")
    assert "금액 없음" in as_user(org.lead).get(detail_url(without)).content.decode()


def test_the_approvers_edit_uses_the_one_body_editor_and_says_the_title_limit(org, as_user):
    document = submitted(org, body="<p>첫 문단</p><p>둘째 문단</p>")

    html = as_user(org.lead).get(detail_url(document)).content.decode()

    assert "approval-editor.js" in html  # the same component as drafting
    assert 'id="edit-body-editor"' in html
    assert "execCommand" not in html
    title_input = html.split('name="title"')[1].split(">")[0]
    assert 'data-max-chars="300"' in title_input
    assert "maxlength" not in title_input
    # Whoever may not edit does not download the editor.
    assert "approval-editor.js" not in as_user(org.colleague).get(detail_url(document)).content.decode()


def test_the_pdf_link_appears_once_stored(org, as_user):
    document = completed(org)
    document_pdf_render(document.pk)
    html = as_user(org.drafter).get(detail_url(document)).content.decode()
    assert reverse("approval:pdf", args=[document.pk]) in html
    assert "PDF 생성 중" not in html


def test_proxy_decision_is_marked_and_post_approval_is_offered_to_the_absent_approver(org, as_user):
    document = submitted(
        org, approval_line=line((StepKind.REVIEW, org.lead), (StepKind.APPROVAL, org.director)), importance="important"
    )
    document_approve(document=document, actor=org.lead)
    away(org.director, org.manager)
    proxy_page = as_user(org.manager).get(detail_url(document)).content.decode()
    assert "권본부 님을 대신하여 결재합니다." in proxy_page
    response = as_user(org.manager).post(reverse("approval:approve", args=[document.pk]), {"comment": "대결합니다"})
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.status == DocumentStatus.COMPLETED
    Absence.objects.all().delete()
    director = as_user(org.director)
    html = director.get(detail_url(document)).content.decode()
    assert "대결" in html
    assert "후결 대기" in html
    step = ApprovalStep.objects.get(document=document, kind=StepKind.APPROVAL)
    response = director.post(reverse("approval:post_approve", args=[document.pk]), {"step": step.pk})
    assert response.status_code == 302
    step.refresh_from_db()
    assert step.post_approved_at is not None
    # twice: the service's refusal, in place
    response = director.post(reverse("approval:post_approve", args=[document.pk]), {"step": step.pk})
    assert response.status_code == 422
    assert "이미 후결한 문서입니다." in response.content.decode()


def test_history_versions_comments_and_old_version(org, as_user):
    document = submitted(org, title="원래 제목", body="<p>처음 본문</p>")
    document_edit(document=document, actor=org.lead, title="고친 제목", body="<p>고친 본문</p>", note="오타 수정")
    client = as_user(org.drafter)
    html = client.get(detail_url(document)).content.decode()
    assert "고친 제목" in html
    assert "<p>고친 본문</p>" in html
    assert "보고경로" in html
    assert "상신" in html
    assert "수정" in html
    assert reverse("approval:version", args=[document.pk, 1]) in html
    old = client.get(reverse("approval:version", args=[document.pk, 1]))
    assert old.status_code == 200
    assert "원래 제목" in old.content.decode()
    assert "<p>처음 본문</p>" in old.content.decode()
    assert client.get(reverse("approval:version", args=[document.pk, 9])).status_code == 404


def test_opening_records_a_circulation_and_a_carbon_copy_reading(org, as_user):
    document = completed(org, approval_line=standard_line(org, cc=(org.finance_head,)))
    document_circulate(document=document, actor=org.drafter, users=[org.colleague])
    assert as_user(org.colleague).get(detail_url(document)).status_code == 200
    assert as_user(org.finance_head).get(detail_url(document)).status_code == 200
    assert Circulation.objects.get(document=document, user=org.colleague).read_at is not None
    assert CarbonCopy.objects.get(document=document, user=org.finance_head).read_at is not None
    html = as_user(org.drafter).get(detail_url(document)).content.decode()
    assert "변동료" in html
    assert "읽음" in html


def test_attachment_downloads_for_readers_only(org, as_user):
    other = submitted(org, title="붙임 없는 문서")
    draft = document_draft(actor=org.drafter, title="붙임 있는 문서", body="<p>본문</p>", unit_task=org.task)
    [stored] = document_attach(
        document=draft, actor=org.drafter, files=[SimpleUploadedFile("계획서.pdf", PDF, content_type="application/pdf")]
    )
    document_submit(document=draft, actor=org.drafter, line=standard_line(org))
    url = reverse("approval:attachment", args=[draft.pk, stored.pk])
    html = as_user(org.lead).get(detail_url(draft)).content.decode()
    assert url in html
    assert "계획서.pdf" in html
    response = as_user(org.lead).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert "no-store" in response["Cache-Control"]
    assert as_user(org.accountant).get(url).status_code == 404
    # an attachment reached through another document the reader may open
    assert as_user(org.lead).get(reverse("approval:attachment", args=[other.pk, stored.pk])).status_code == 404


def test_redraft_rounds_are_linked(org, as_user):
    document = submitted(org)
    document_reject(document=document, actor=org.lead, reason="금액 확인 필요")
    client = as_user(org.drafter)
    response = client.post(reverse("approval:redraft", args=[document.pk]))
    new = Document.objects.get(redraft_of=document)
    assert response.status_code == 302
    assert response["Location"] == reverse("approval:edit", args=[new.pk])
    assert new.status == DocumentStatus.DRAFT
    assert new.round == 2
    html = client.get(detail_url(document)).content.decode()
    assert "다음 차수" in html
    assert reverse("approval:edit", args=[new.pk]) in html
    # the draft itself opens in the editor
    assert client.get(detail_url(new))["Location"] == reverse("approval:edit", args=[new.pk])
    again = client.post(reverse("approval:redraft", args=[document.pk]))
    assert again.status_code == 422


# --- the actions offered ---------------------------------------------------------------------------


def test_available_actions_follow_the_turn(org):
    document = submitted(org)
    now = timezone.now()
    drafter = available_actions(org.drafter, document, now)
    assert drafter.withdraw
    assert drafter.comment
    assert not drafter.decide
    lead = available_actions(org.lead, document, now)
    assert lead.decide
    assert lead.hold
    assert not lead.resume
    assert lead.step.approver == org.lead
    manager = available_actions(org.manager, document, now)
    assert not manager.decide
    assert manager.comment
    assert not available_actions(org.colleague, document, now).any
    document_approve(document=document, actor=org.lead)
    assert not available_actions(org.drafter, document, now).withdraw  # someone decided already
    document_hold(document=document, actor=org.manager)
    document.refresh_from_db()
    held = available_actions(org.manager, document, now)
    assert held.resume
    assert held.decide
    assert not held.hold


def test_available_actions_for_a_proxy_and_after_completion(org):
    document = submitted(org)
    away(org.lead, org.colleague)
    now = timezone.now()
    proxy = available_actions(org.colleague, document, now)
    assert proxy.decide
    assert proxy.absent == org.lead
    document_approve(document=document, actor=org.colleague)
    document = document_approve(document=document, actor=org.manager)
    done = available_actions(org.drafter, document, now)
    assert done.circulate
    assert done.comment
    assert not done.decide
    assert not done.withdraw
    assert available_actions(org.director, document, now).circulate  # head over the department
    returned = submitted(org, title="반려될 문서")
    returned = document_reject(document=returned, actor=org.lead, reason="다시")
    assert available_actions(org.drafter, returned, now).redraft
    withdrawn = submitted(org, title="회수할 문서")
    withdrawn = document_withdraw(document=withdrawn, actor=org.drafter)
    assert available_actions(org.drafter, withdrawn, now).redraft


def test_only_the_actions_one_may_take_are_shown(org, as_user):
    document = submitted(org)
    lead_html = as_user(org.lead).get(detail_url(document)).content.decode()
    assert reverse("approval:approve", args=[document.pk]) in lead_html
    assert reverse("approval:withdraw", args=[document.pk]) not in lead_html
    drafter_html = as_user(org.drafter).get(detail_url(document)).content.decode()
    assert reverse("approval:approve", args=[document.pk]) not in drafter_html
    assert reverse("approval:withdraw", args=[document.pk]) in drafter_html


# --- every action through the page ------------------------------------------------------------------


def test_approve_then_approving_twice_shows_the_refusal(org, as_user):
    document = submitted(org)
    lead = as_user(org.lead)
    step = ApprovalStep.objects.get(document=document, approver=org.lead)
    response = lead.post(reverse("approval:approve", args=[document.pk]), {"comment": "검토했습니다", "step": step.pk})
    assert response.status_code == 302
    assert response["Location"] == detail_url(document)
    step.refresh_from_db()
    assert step.state == StepState.DONE
    assert step.comment == "검토했습니다"
    again = lead.post(reverse("approval:approve", args=[document.pk]), {"comment": ""}, HTTP_HX_REQUEST="true")
    assert again.status_code == 422
    body = again.content.decode()
    assert "이미 처리한 문서입니다." in body
    assert 'id="actions"' in body
    assert "<html" not in body
    manager = as_user(org.manager)
    done = manager.post(reverse("approval:approve", args=[document.pk]), {}, HTTP_HX_REQUEST="true")
    assert done.status_code == 200
    assert done["HX-Redirect"] == detail_url(document)
    document.refresh_from_db()
    assert document.status == DocumentStatus.COMPLETED
    assert document.is_registered


def test_reject_needs_a_reason_and_goes_to_the_drafter_or_a_step_back(org, as_user):
    document = submitted(org)
    document_approve(document=document, actor=org.lead)
    manager = as_user(org.manager)
    url = reverse("approval:reject", args=[document.pk])
    missing = manager.post(url, {"reason": "", "to": "drafter"})
    assert missing.status_code == 422
    assert ApprovalStep.objects.get(document=document, approver=org.manager).state == StepState.PENDING
    back = manager.post(url, {"reason": "팀장 재검토 바람", "to": "previous"})
    assert back.status_code == 302
    document.refresh_from_db()
    assert document.status == DocumentStatus.IN_PROGRESS
    assert ApprovalStep.objects.get(document=document, approver=org.lead).state == StepState.PENDING
    lead = as_user(org.lead)
    first = lead.post(url, {"reason": "앞 단계 없음", "to": "previous"})
    assert first.status_code == 422
    assert "앞 단계가 없습니다" in first.content.decode()
    assert lead.post(url, {"reason": "다시 작성", "to": "drafter"}).status_code == 302
    document.refresh_from_db()
    assert document.status == DocumentStatus.REJECTED


def test_hold_and_resume(org, as_user):
    document = submitted(org)
    lead = as_user(org.lead)
    assert lead.post(reverse("approval:hold", args=[document.pk]), {"reason": "예산 확인 중"}).status_code == 302
    document.refresh_from_db()
    assert document.status == DocumentStatus.ON_HOLD
    twice = lead.post(reverse("approval:hold", args=[document.pk]), {"reason": ""})
    assert twice.status_code == 422
    assert "이미 보류 중인 문서입니다." in twice.content.decode()
    assert lead.post(reverse("approval:resume", args=[document.pk])).status_code == 302
    document.refresh_from_db()
    assert document.status == DocumentStatus.IN_PROGRESS
    again = lead.post(reverse("approval:resume", args=[document.pk]))
    assert again.status_code == 422
    assert "보류 중인 문서가 아닙니다." in again.content.decode()


def test_withdraw_by_the_drafter_only_before_anyone_decided(org, as_user):
    document = submitted(org)
    lead = as_user(org.lead)
    assert lead.post(reverse("approval:withdraw", args=[document.pk]), {}).status_code == 403
    decided = submitted(org, title="이미 검토된 문서")
    document_approve(document=decided, actor=org.lead)
    drafter = as_user(org.drafter)
    refused = drafter.post(reverse("approval:withdraw", args=[decided.pk]), {"reason": ""})
    assert refused.status_code == 422
    assert "회수할 수 없습니다" in refused.content.decode()
    assert drafter.post(reverse("approval:withdraw", args=[document.pk]), {"reason": "첨부 누락"}).status_code == 302
    document.refresh_from_db()
    assert document.status == DocumentStatus.WITHDRAWN


def test_comment_and_edit_by_an_approver(org, as_user):
    document = submitted(org)
    lead = as_user(org.lead)
    assert lead.post(reverse("approval:comment", args=[document.pk]), {"body": "일정 확인 바랍니다"}).status_code == 302
    assert DocumentComment.objects.get(document=document).body == "일정 확인 바랍니다"
    empty = lead.post(reverse("approval:comment", args=[document.pk]), {"body": ""})
    assert empty.status_code == 422
    response = lead.post(
        reverse("approval:edit_body", args=[document.pk]),
        {"title": "수정된 제목", "body": "<p>수정된 본문</p><script>x</script>", "note": "문구 정리"},
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.title == "수정된 제목"
    assert document.version == 2
    assert "<script>" not in document.body
    unchanged = lead.post(
        reverse("approval:edit_body", args=[document.pk]), {"title": document.title, "body": document.body}
    )
    assert unchanged.status_code == 422
    assert "바뀐 내용이 없습니다." in unchanged.content.decode()
    not_turn = as_user(org.manager).post(
        reverse("approval:edit_body", args=[document.pk]), {"title": "남의 차례", "body": "<p>x</p>"}
    )
    assert not_turn.status_code == 422
    assert "지금은 결재할 차례가 아닙니다." in not_turn.content.decode()


def test_circulate_from_the_page(org, as_user):
    document = completed(org)
    drafter = as_user(org.drafter)
    html = drafter.get(detail_url(document)).content.decode()
    assert "공람 지정" in html
    assert "탁회계" in html
    response = drafter.post(reverse("approval:circulate", args=[document.pk]), {"users": [org.accountant.pk]})
    assert response.status_code == 302
    assert Circulation.objects.filter(document=document, user=org.accountant).exists()
    head = as_user(org.director)  # head over the department, not on the line
    assert head.post(reverse("approval:circulate", args=[document.pk]), {"users": [org.ceo.pk]}).status_code == 302
    assert Circulation.objects.filter(document=document, user=org.ceo).exists()
    colleague = as_user(org.colleague)  # a member reading it in the 부서문서함 may not circulate it
    assert colleague.post(reverse("approval:circulate", args=[document.pk]), {"users": [org.ceo.pk]}).status_code == 403
    running = submitted(org, title="진행 중")
    refused = drafter.post(reverse("approval:circulate", args=[running.pk]), {"users": [org.accountant.pk]})
    assert refused.status_code == 422
    assert "결재가 끝난 문서만 공람할 수 있습니다." in refused.content.decode()


# --- who may reach it --------------------------------------------------------------------------------


def test_strangers_other_institutions_and_anonymous(org, client_for, alpha, beta):
    document = submitted(org)
    url = detail_url(document)
    assert signed_in(client_for, alpha, org.accountant.username).get(url).status_code == 404
    assert signed_in(client_for, alpha, STAFF).get(url).status_code == 404
    assert signed_in(client_for, beta, STAFF).get(url).status_code == 404
    assert redirects_to_login(client_for(alpha).get(url))
    assert redirects_to_login(client_for(alpha).post(reverse("approval:approve", args=[document.pk])))
    stranger_post = signed_in(client_for, alpha, org.accountant.username).post(
        reverse("approval:approve", args=[document.pk])
    )
    assert stranger_post.status_code == 404
    # a reader who may not act (a carbon copy) gets 403 on an action
    cc = UserFactory(username="ccreader", department=org.finance)
    CarbonCopy.objects.create(document=document, user=cc)
    reader = signed_in(client_for, alpha, "ccreader")
    assert reader.get(url).status_code == 200
    assert reader.post(reverse("approval:approve", args=[document.pk])).status_code == 403


def test_query_count_is_flat(org, as_user):
    def make(n: int) -> Document:
        document = submitted(org, title=f"문서 {n}", approval_line=standard_line(org, cc=(org.colleague,)))
        for i in range(n):
            document_edit(document=document, actor=org.lead, title=f"문서 {n}-{i}", body=f"<p>본문 {i}</p>")
        for i in range(n):
            document_comment(document=document, actor=org.drafter, body=f"의견 {i}")
        return document

    small, large = make(2), make(20)
    client = as_user(org.lead)
    client.get(detail_url(small))
    counts = []
    for document in (small, large):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(detail_url(document)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
