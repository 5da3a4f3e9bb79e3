"""Drafting pages (기안): starting a draft, the editor and its autosave, the unit-task defaults,
the approval-line editor, attachments, 상신 with every refusal keeping what was typed, discarding,
and who may reach a draft (the drafter only; strangers, other institutions and anonymous not),
with query counts that stay flat as the institution grows."""

from __future__ import annotations

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from approval import kinds
from approval.kinds import ApprovalKind
from approval.lines import line_from_json, saved_line_save
from approval.models import ApprovalStep, Attachment, Document, DocumentStatus, SavedLine
from approval.services import document_attach, document_draft, document_redraft, document_reject
from tests.factories import UserFactory
from tests.factories.approval import line, org_chart, standard_line, submitted
from tests.factories.tasks_cards import unit_task
from tests.support import PASSWORD, STAFF, login, redirects_to_login

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
HWP = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + b"HWP Document File"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 100


@pytest.fixture
def org(in_alpha):
    return org_chart()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.MULTITENANT_RELATIVE_MEDIA_ROOT = "%s"
    return tmp_path


def signed_in(client_for, institution, username):
    client = client_for(institution)
    assert login(client, username, PASSWORD).status_code == 302
    return client


@pytest.fixture
def drafter_client(org, alpha, client_for):
    return signed_in(client_for, alpha, org.drafter.username)


def new_draft(org, **fields) -> Document:
    return document_draft(actor=org.drafter, **fields)


def form_values(document: Document, **changes) -> dict:
    """What the editor posts: every field of the draft as it stands, with `changes`."""
    recipients = list(document.recipients.values_list("institution_code", flat=True))
    values = {
        "title": document.title,
        "body": document.body,
        "unit_task": document.unit_task_id or "",
        "retention_period": document.retention_period,
        "disclosure": document.disclosure,
        "disclosure_ground": document.disclosure_ground,
        "importance": document.importance,
        "decision_amount": "" if document.decision_amount is None else f"{document.decision_amount:,}",
        "delivery": "internal" if document.is_internal else "external",
        "recipients": recipients,
        "via": "",
    }
    values.update(changes)
    return values


def url(name, document, *args):
    return reverse(f"approval:{name}", args=[document.pk, *args])


def stored_line(document) -> list[tuple[str, str, bool]]:
    document.refresh_from_db()
    built = line_from_json(document.draft_line)
    return [(s.kind, s.approver.username, s.parallel) for s in built.steps]


# --- 기안 시작 ------------------------------------------------------------------------------------


def test_new_lists_the_general_form_and_starts_a_draft_with_the_suggested_line(org, drafter_client):
    page = drafter_client.get(reverse("approval:new"))
    assert page.status_code == 200
    assert "일반 기안" in page.content.decode()

    response = drafter_client.post(reverse("approval:new"), {"kind": "general"})

    document = Document.objects.get(drafter=org.drafter)
    assert response.status_code == 302
    assert response["Location"] == f"/approval/{document.pk}/draft/"
    assert document.status == DocumentStatus.DRAFT
    assert document.department == org.team
    # No amount: the table's 일반 사항 row lets the 부서장 decide, so 팀장 reviews, 부서장 decides.
    assert stored_line(document) == [("review", "alead", False), ("approval", "amanager", False)]


def test_new_offers_forms_without_a_subject_and_uses_their_default_line(org, drafter_client, monkeypatch):
    def lead_decides(drafter, amount, importance):
        return line(("approval", org.lead))

    monkeypatch.setitem(
        kinds._REGISTRY, "test.notice", ApprovalKind(name="test.notice", label="공지 기안", default_line=lead_decides)
    )
    monkeypatch.setitem(
        kinds._REGISTRY, "test.leave", ApprovalKind(name="test.leave", label="휴가 신청", subject_model="org.Absence")
    )

    html = drafter_client.get(reverse("approval:new")).content.decode()
    assert "공지 기안" in html
    assert "휴가 신청" not in html  # drafted from its own app's page, about its own record
    assert drafter_client.post(reverse("approval:new"), {"kind": "test.leave"}).status_code == 422

    drafter_client.post(reverse("approval:new"), {"kind": "test.notice"})
    document = Document.objects.get(drafter=org.drafter)
    assert document.kind == "test.notice"
    assert stored_line(document) == [("approval", "alead", False)]


def test_new_refuses_an_unknown_form(org, drafter_client):
    response = drafter_client.post(reverse("approval:new"), {"kind": "payroll_run"})
    assert response.status_code == 422
    assert not Document.objects.exists()


def test_edit_page_shows_the_draft_and_the_suggested_line_with_its_check(org, drafter_client):
    document = new_draft(org, title="회의실 비품 구매", unit_task=org.task, line=standard_line(org))

    page = drafter_client.get(url("edit", document))

    html = page.content.decode()
    assert page.status_code == 200
    assert 'value="회의실 비품 구매"' in html
    assert "일반서무" in html  # the chosen unit task
    assert "도팀장" in html
    assert "남부장" in html
    assert "위임전결 규정(일반 사항)에 따라 부서장 이상이 결재합니다" in html
    assert "js/approval-draft.js" in html


def test_recipients_are_the_other_institutions_with_the_province_first(org, drafter_client, beta):
    document = new_draft(org)

    html = drafter_client.get(url("edit", document)).content.decode()

    assert 'value="province"' in html
    assert 'value="beta"' in html
    assert 'value="alpha"' not in html  # not to itself
    assert html.index("경상북도지사") < html.index("베타문화재단")


def test_a_draft_without_a_line_says_what_is_missing(org, drafter_client):
    document = new_draft(org)

    html = drafter_client.get(url("edit", document)).content.decode()

    assert "결재선이 비어 있습니다." in html
    assert "결재선을 지정하세요." in html


# --- 자동 저장 ------------------------------------------------------------------------------------


def test_autosave_persists_every_field_and_sanitises_the_body(org, drafter_client):
    document = new_draft(org)
    body = (
        '<p onclick="steal()">예산을 <b>집행</b>합니다.<script>alert(1)</script></p><table><tr><td>1</td></tr></table>'
    )

    response = drafter_client.post(
        url("autosave", document),
        form_values(
            document,
            title="  2026년 상반기 교육 계획 ",
            body=body,
            unit_task=org.task.pk,
            retention_period="10",
            disclosure="partial",
            disclosure_ground="5, 6",
            importance="important",
            decision_amount="1,500,000",
        ),
        HTTP_HX_REQUEST="true",
    )

    assert response.status_code == 200
    assert "자동 저장됨" in response.content.decode()
    document.refresh_from_db()
    assert document.title == "2026년 상반기 교육 계획"
    assert document.body == "<p>예산을 <b>집행</b>합니다.</p><table><tbody><tr><td>1</td></tr></tbody></table>"
    assert (document.unit_task, document.retention_period) == (org.task, "10")
    assert (document.disclosure, document.disclosure_ground) == ("partial", "5,6")
    assert (document.importance, document.decision_amount) == ("important", 1_500_000)


def test_autosave_answers_with_the_line_check_out_of_band(org, drafter_client):
    document = new_draft(org, unit_task=org.task, line=standard_line(org))

    # 중요 사항 needs the 본부장: the 부서장 the line ends with is no longer enough.
    response = drafter_client.post(
        url("autosave", document), form_values(document, importance="important"), HTTP_HX_REQUEST="true"
    )

    html = response.content.decode()
    assert 'id="line-check"' in html
    assert 'hx-swap-oob="true"' in html
    assert "본부장 이상이 결재해야 합니다" in html


def test_a_failed_autosave_says_so_and_changes_nothing(org, drafter_client):
    document = new_draft(org, title="원래 제목")

    response = drafter_client.post(
        url("autosave", document),
        form_values(document, title="새 제목", decision_amount="5000000.5", disclosure_ground="9"),
        HTTP_HX_REQUEST="true",
    )

    html = response.content.decode()
    assert response.status_code == 422
    assert "저장하지 못했습니다. 작성한 내용은 이 화면에 남아 있습니다." in html
    assert "금액은 원 단위까지만 입력할 수 있습니다" in html
    assert "비공개 근거는 정보공개법 제9조제1항의 호수(1~8)" in html
    document.refresh_from_db()
    assert document.title == "원래 제목"


def test_two_tabs_last_save_wins(org, drafter_client):
    document = new_draft(org)
    first = form_values(document, title="첫 창에서 쓴 제목", body="<p>첫 창</p>")
    second = form_values(document, title="둘째 창에서 쓴 제목", body="<p>둘째 창</p>")

    assert drafter_client.post(url("autosave", document), first).status_code == 200
    assert drafter_client.post(url("autosave", document), second).status_code == 200

    document.refresh_from_db()
    assert (document.title, document.body) == ("둘째 창에서 쓴 제목", "<p>둘째 창</p>")


def test_save_without_javascript_redirects_back_with_a_message(org, drafter_client):
    document = new_draft(org)

    response = drafter_client.post(url("edit", document), form_values(document, title="임시 저장 제목"), follow=True)

    assert "임시 저장했습니다." in response.content.decode()
    document.refresh_from_db()
    assert document.title == "임시 저장 제목"


def test_autosave_of_a_submitted_document_is_refused_in_korean(org, drafter_client):
    document = submitted(org)

    response = drafter_client.post(url("autosave", document), form_values(document, title="몰래 고침"))

    assert response.status_code == 422
    assert "상신한 문서는 고칠 수 없습니다" in response.content.decode()
    document.refresh_from_db()
    assert document.title == "2026년 사무용품 구매 계획"


# --- 단위과제 -------------------------------------------------------------------------------------


def test_picking_a_unit_task_defaults_retention_and_disclosure_from_it(org, drafter_client):
    private_task = unit_task(
        department=org.team, name="인사기록 관리", retention_period="permanent", disclosure="private",
        disclosure_ground="6",
    )  # fmt: skip
    document = new_draft(org, unit_task=org.task)
    assert (document.retention_period, document.disclosure) == ("5", "public")

    # The drafter picks another task and leaves the other fields as they were: its defaults apply.
    drafter_client.post(url("autosave", document), form_values(document, unit_task=private_task.pk))

    document.refresh_from_db()
    assert document.unit_task == private_task
    assert (document.retention_period, document.disclosure, document.disclosure_ground) == (
        "permanent",
        "private",
        "6",
    )

    # Changing the retention period in the same save as another task keeps the drafter's choice.
    drafter_client.post(url("autosave", document), form_values(document, unit_task=org.task.pk, retention_period="10"))
    document.refresh_from_db()
    assert (document.unit_task, document.retention_period, document.disclosure) == (org.task, "10", "public")


def test_unit_task_search_offers_only_what_the_drafter_may_file_under(org, drafter_client):
    unit_task(department=org.team, name="교육훈련 운영", retention_period="3")
    unit_task(department=org.finance, name="교육비 회계")  # another department's task

    response = drafter_client.get(reverse("approval:unit_tasks"), {"q": "교육"})

    html = response.content.decode()
    assert "교육훈련 운영" in html
    assert 'data-retention="3"' in html
    assert "교육비 회계" not in html


def test_a_unit_task_the_drafter_may_not_use_is_refused(org, drafter_client):
    foreign = unit_task(department=org.finance, name="결산")
    document = new_draft(org)

    response = drafter_client.post(url("autosave", document), form_values(document, unit_task=foreign.pk))

    assert response.status_code == 422
    assert "이 단위과제로는 문서를 생산할 수 없습니다." in response.content.decode()


# --- 결재선 지정 ----------------------------------------------------------------------------------


def line_op(client, document, **values):
    return client.post(url("line", document), values, HTTP_HX_REQUEST="true")


def test_the_line_editor_picks_people_with_the_people_picker(org, drafter_client):
    """People are added to the line through the one people picker (org:people searches for it);
    the drafter is never offered for their own line."""
    document = new_draft(org)

    page = drafter_client.get(url("edit", document)).content.decode()

    assert 'data-people-picker data-search-url="/org/people/"' in page
    assert f'<option value="{org.finance_head.pk}">석재무 · 재무부 · 부서장</option>' in page
    assert f'<option value="{org.drafter.pk}">' not in page


def test_several_people_picked_at_once_join_the_line_in_the_order_picked(org, drafter_client):
    document = new_draft(org, line=line(("approval", org.manager)))

    line_op(drafter_client, document, op="add", user=[org.accountant.pk, org.finance_head.pk], kind="concurrence")

    assert stored_line(document) == [
        ("concurrence", "aaccountant", False),
        ("concurrence", "afinhead", False),
        ("approval", "amanager", False),
    ]


def test_the_line_editor_works_without_javascript(org, drafter_client):
    """Posted as a plain form (no htmx), an operation comes back to the editor with its outcome."""
    document = new_draft(org, line=line(("approval", org.manager)))

    added = drafter_client.post(url("line", document), {"op": "add", "user": [org.lead.pk], "kind": "review"})
    again = drafter_client.post(
        url("line", document), {"op": "add", "user": [org.lead.pk], "kind": "review"}, follow=True
    )

    assert added.status_code == 302
    assert added["Location"] == url("edit", document) + "#line-heading"
    assert stored_line(document) == [("review", "alead", False), ("approval", "amanager", False)]
    assert "도팀장 님은 이미 결재선에 있습니다." in again.content.decode()


def test_add_move_change_and_remove_steps(org, drafter_client):
    document = new_draft(org, line=standard_line(org))

    # 협조 goes before the final 결재.
    line_op(drafter_client, document, op="add", user=org.finance_head.pk, kind="concurrence")
    assert stored_line(document) == [
        ("review", "alead", False),
        ("concurrence", "afinhead", False),
        ("approval", "amanager", False),
    ]
    # A second 협조 right after it may run at the same time (병렬).
    line_op(drafter_client, document, op="add", user=org.accountant.pk, kind="concurrence")
    line_op(drafter_client, document, op="parallel", index=2)
    assert stored_line(document)[1:3] == [("concurrence", "afinhead", False), ("concurrence", "aaccountant", True)]

    # Moving the parallel 협조 above the review leaves it nothing to run alongside: serial again.
    line_op(drafter_client, document, op="up", index=2)
    line_op(drafter_client, document, op="up", index=1)
    assert stored_line(document)[:3] == [
        ("concurrence", "aaccountant", False),
        ("review", "alead", False),
        ("concurrence", "afinhead", False),
    ]

    line_op(drafter_client, document, op="down", index=0)
    line_op(drafter_client, document, op="kind", index=2, kind="review")
    line_op(drafter_client, document, op="remove", index=0)
    response = line_op(drafter_client, document, op="remove", index=0)

    assert response.status_code == 200
    assert stored_line(document) == [("review", "afinhead", False), ("approval", "amanager", False)]
    assert 'id="line-editor"' in response.content.decode()


def test_a_new_final_approver_turns_the_old_one_into_a_reviewer_and_cc_is_kept_apart(org, drafter_client):
    document = new_draft(org, line=standard_line(org))

    line_op(drafter_client, document, op="add", user=org.director.pk, kind="approval")
    line_op(drafter_client, document, op="add", user=org.colleague.pk, kind="cc")

    assert stored_line(document) == [
        ("review", "alead", False),
        ("review", "amanager", False),
        ("approval", "adirector", False),
    ]
    document.refresh_from_db()
    assert document.draft_line["cc"] == [org.colleague.pk]

    response = line_op(drafter_client, document, op="cc_remove", index=0)
    assert response.status_code == 200
    document.refresh_from_db()
    assert document.draft_line["cc"] == []


def test_line_operations_that_make_no_sense_are_refused_in_korean(org, drafter_client):
    document = new_draft(org, line=standard_line(org))

    twice = line_op(drafter_client, document, op="add", user=org.lead.pk, kind="review")
    myself = line_op(drafter_client, document, op="add", user=org.drafter.pk, kind="review")
    stale = line_op(drafter_client, document, op="remove", index=7)

    assert twice.status_code == 422
    assert "도팀장 님은 이미 결재선에 있습니다." in twice.content.decode()
    assert "기안자는 결재선에 넣을 수 없습니다." in myself.content.decode()
    assert "결재선이 바뀌었습니다." in stale.content.decode()
    assert stored_line(document) == [("review", "alead", False), ("approval", "amanager", False)]


def test_the_check_shows_what_the_delegation_table_requires(org, drafter_client):
    document = new_draft(org, decision_amount=20_000_000, line=standard_line(org))

    response = line_op(drafter_client, document, op="kind", index=0, kind="review")

    assert "위임전결 규정(1천만원 이상)에 따라 본부장 이상이 결재해야 합니다." in response.content.decode()


def test_suggest_follows_the_amount_just_typed(org, drafter_client):
    document = new_draft(org, unit_task=org.task, line=line(("approval", org.lead)))

    # The amount field has not been saved yet: it comes along with the request and is saved first.
    response = line_op(drafter_client, document, op="suggest", **form_values(document, decision_amount="20,000,000"))

    assert response.status_code == 200
    assert "제안 결재선으로 바꿨습니다." in response.content.decode()
    assert stored_line(document) == [
        ("review", "alead", False),
        ("review", "amanager", False),
        ("approval", "adirector", False),
    ]
    assert Document.objects.get(pk=document.pk).decision_amount == 20_000_000


def test_saved_lines_save_load_and_delete(org, drafter_client):
    document = new_draft(org, line=line(("review", org.lead), ("approval", org.manager), cc=(org.colleague,)))

    saved = line_op(drafter_client, document, op="save", name="물품 구매용")
    record = SavedLine.objects.get(owner=org.drafter)
    assert "결재선을 저장했습니다." in saved.content.decode()
    assert record.name == "물품 구매용"
    assert record.cc == [org.colleague.pk]

    line_op(drafter_client, document, op="remove", index=0)
    loaded = line_op(drafter_client, document, op="load", saved=record.pk)
    assert "저장한 결재선을 불러왔습니다." in loaded.content.decode()
    assert stored_line(document) == [("review", "alead", False), ("approval", "amanager", False)]

    nameless = line_op(drafter_client, document, op="save", name=" ")
    assert nameless.status_code == 422
    assert "결재선 이름을 입력하세요." in nameless.content.decode()

    line_op(drafter_client, document, op="delete_saved", saved=record.pk)
    assert not SavedLine.objects.filter(owner=org.drafter).exists()


def test_someone_elses_saved_line_cannot_be_loaded(org, alpha, client_for):
    theirs = saved_line_save(owner=org.colleague, name="남의 결재선", line=line(("approval", org.director)))
    document = new_draft(org, line=standard_line(org))
    client = signed_in(client_for, alpha, org.drafter.username)

    response = line_op(client, document, op="load", saved=theirs.pk)

    assert response.status_code == 422
    assert "저장한 결재선을 찾을 수 없습니다." in response.content.decode()
    assert stored_line(document) == [("review", "alead", False), ("approval", "amanager", False)]


# --- 붙임 ----------------------------------------------------------------------------------------


def test_upload_several_files_and_list_them_with_size_and_checksum(org, drafter_client, media):
    document = new_draft(org)

    response = drafter_client.post(
        url("attach", document),
        {"files": [SimpleUploadedFile("계획서.hwp", HWP), SimpleUploadedFile("견적서.pdf", PDF)]},
        HTTP_HX_REQUEST="true",
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert list(document.attachments.values_list("original_name", flat=True)) == ["계획서.hwp", "견적서.pdf"]
    assert hashlib.sha256(HWP).hexdigest()[:12] in html
    assert "계획서.hwp" in html
    assert f"{len(HWP)}\xa0바이트" in html
    first = document.attachments.get(order=1)
    assert f'href="/approval/{document.pk}/attachments/{first.pk}/"' in html
    download = drafter_client.get(f"/approval/{document.pk}/attachments/{first.pk}/")
    assert b"".join(download.streaming_content) == HWP


def test_refused_files_say_why_and_nothing_is_stored(org, drafter_client, media, settings):
    settings.ATTACHMENT_MAX_BYTES = 200
    document = new_draft(org)

    response = drafter_client.post(
        url("attach", document),
        {"files": [SimpleUploadedFile("설치.exe", EXE), SimpleUploadedFile("큰파일.hwp", HWP)]},
        HTTP_HX_REQUEST="true",
    )

    html = response.content.decode()
    assert response.status_code == 422
    assert "설치.exe: 첨부할 수 없는 형식입니다." in html
    assert "큰파일.hwp: 파일 하나는 0MB까지 첨부할 수 있습니다." in html
    assert not document.attachments.exists()


def test_a_renamed_executable_is_refused(org, drafter_client, media):
    document = new_draft(org)

    response = drafter_client.post(
        url("attach", document), {"files": [SimpleUploadedFile("보고서.pdf", EXE)]}, HTTP_HX_REQUEST="true"
    )

    assert response.status_code == 422
    assert "보고서.pdf: 파일 내용이 확장자(pdf)와 맞지 않습니다." in response.content.decode()


def test_remove_an_attachment_while_drafting(org, drafter_client, media):
    document = new_draft(org)
    (attachment,) = document_attach(document=document, actor=org.drafter, files=[SimpleUploadedFile("a.pdf", PDF)])
    # The question takes the particle the name is read with (에프 → 를), not "을(를)".
    assert 'hx-confirm="a.pdf를 붙임에서 뺄까요?"' in drafter_client.get(url("edit", document)).content.decode()

    response = drafter_client.post(url("detach", document, attachment.pk), HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    assert "붙임 파일이 없습니다." in response.content.decode()
    assert not Attachment.objects.filter(pk=attachment.pk).exists()


def test_upload_without_javascript_redirects_with_messages(org, drafter_client, media):
    document = new_draft(org)

    response = drafter_client.post(
        url("attach", document), {"files": [SimpleUploadedFile("설치.exe", EXE)]}, follow=True
    )

    assert "설치.exe: 첨부할 수 없는 형식입니다." in response.content.decode()


# --- 상신 ----------------------------------------------------------------------------------------


def test_submit_saves_what_was_typed_and_goes_to_the_document(org, drafter_client):
    document = new_draft(org, line=standard_line(org, cc=(org.colleague,)))

    response = drafter_client.post(
        url("submit", document),
        form_values(
            document,
            title="복사용지 구매",
            body="<p>복사용지를 구매하고자 합니다.</p>",
            unit_task=org.task.pk,
            decision_amount="300,000",
        ),
    )

    assert response.status_code == 302
    assert response["Location"] == f"/approval/{document.pk}/"
    document.refresh_from_db()
    assert document.status == DocumentStatus.IN_PROGRESS
    assert (document.title, document.decision_amount, document.retention_period) == ("복사용지 구매", 300_000, "5")
    steps = ApprovalStep.objects.filter(document=document).order_by("order")
    assert [(s.kind, s.approver.username, s.state) for s in steps] == [
        ("review", "alead", "pending"),
        ("approval", "amanager", "waiting"),
    ]
    assert list(document.carbon_copies.values_list("user__username", flat=True)) == ["acolleague"]


def test_submit_to_other_institutions_stores_the_recipients(org, drafter_client, beta):
    document = new_draft(org, line=standard_line(org))

    response = drafter_client.post(
        url("submit", document),
        form_values(
            document,
            title="협조 요청",
            body="<p>자료를 요청합니다.</p>",
            unit_task=org.task.pk,
            delivery="external",
            recipients=["beta"],
            via="경상북도지사",
        ),
    )

    assert response.status_code == 302
    document.refresh_from_db()
    assert document.is_internal is False
    assert list(document.recipients.values_list("institution_code", "name", "via")) == [
        ("beta", "베타문화재단", "경상북도지사")
    ]


def _failed_submit(client, document, **changes):
    response = client.post(url("submit", document), form_values(document, **changes))
    assert response.status_code == 422
    return response.content.decode()


def test_submit_without_a_unit_task_keeps_everything_typed(org, drafter_client):
    document = new_draft(org, line=standard_line(org))

    html = _failed_submit(
        drafter_client, document, title="단위과제 빠진 문서", body="<p>내용을 <b>길게</b> 썼습니다.</p>"
    )

    assert "단위과제를 선택하세요. 단위과제 없이는 결재할 수 없습니다." in html
    assert "상신하지 못했습니다." in html
    assert 'value="단위과제 빠진 문서"' in html
    assert "내용을 &lt;b&gt;길게&lt;/b&gt; 썼습니다." in html  # back in the editor's textarea
    document.refresh_from_db()
    assert document.status == DocumentStatus.DRAFT
    assert (document.title, document.body) == ("단위과제 빠진 문서", "<p>내용을 <b>길게</b> 썼습니다.</p>")


def test_submit_with_a_line_the_table_does_not_allow_shows_it_at_the_line(org, drafter_client):
    document = new_draft(org, line=standard_line(org))

    html = _failed_submit(
        drafter_client,
        document,
        title="큰 계약",
        body="<p>계약</p>",
        unit_task=org.task.pk,
        decision_amount="50,000,000",
    )

    assert "위임전결 규정(1천만원 이상)에 따라 본부장 이상이 결재해야 합니다." in html
    assert 'value="50,000,000"' in html
    document.refresh_from_db()
    assert (document.status, document.decision_amount) == (DocumentStatus.DRAFT, 50_000_000)


def test_submit_of_a_private_document_without_its_ground_is_refused(org, drafter_client):
    document = new_draft(org, line=standard_line(org))

    html = _failed_submit(
        drafter_client,
        document,
        title="감사 결과",
        body="<p>결과</p>",
        unit_task=org.task.pk,
        retention_period="10",
        disclosure="private",
        disclosure_ground="",
    )

    assert "부분공개·비공개 문서는 정보공개법 제9조제1항의 근거 호수를 적어야 합니다." in html
    assert '<option value="private" selected>' in html
    assert '<option value="10" selected>' in html


def test_submit_sent_out_without_recipients_is_refused(org, drafter_client):
    document = new_draft(org, line=standard_line(org))

    html = _failed_submit(
        drafter_client, document, title="시행문", body="<p>알림</p>", unit_task=org.task.pk, delivery="external"
    )

    assert "수신자를 지정하거나 내부결재로 표시하세요." in html


def test_submit_with_an_empty_line_is_refused(org, drafter_client):
    document = new_draft(org)

    html = _failed_submit(drafter_client, document, title="결재선 없음", body="<p>본문</p>", unit_task=org.task.pk)

    assert "결재선을 지정하세요." in html


def test_an_already_submitted_draft_opens_the_document_page(org, drafter_client):
    document = submitted(org)

    response = drafter_client.get(url("edit", document))

    assert response.status_code == 302
    assert response["Location"] == f"/approval/{document.pk}/"


def test_submitting_twice_goes_to_the_document_both_times(org, drafter_client):
    """A double click or a resent form: the second 상신 finds the document submitted and shows it,
    not an error page over a document that was in fact submitted; nothing changes the second time."""
    document = new_draft(org, line=standard_line(org))
    values = form_values(
        document, title="복사용지 구매", body="<p>구매합니다.</p>", unit_task=org.task.pk, decision_amount="300,000"
    )

    first = drafter_client.post(url("submit", document), values)
    steps = list(ApprovalStep.objects.filter(document=document).values_list("pk", "state"))
    second = drafter_client.post(url("submit", document), {**values, "title": "바뀐 제목"}, follow=True)

    assert first.status_code == 302
    assert second.redirect_chain == [(f"/approval/{document.pk}/", 302)]
    assert "이미 상신한 문서입니다." in second.content.decode()
    document.refresh_from_db()
    assert (document.status, document.title) == (DocumentStatus.IN_PROGRESS, "복사용지 구매")
    assert list(ApprovalStep.objects.filter(document=document).values_list("pk", "state")) == steps


# --- 삭제 ----------------------------------------------------------------------------------------


def test_discard_asks_first_then_deletes(org, drafter_client):
    document = new_draft(org, title="버릴 기안")

    confirm = drafter_client.get(url("discard", document))
    assert "「버릴 기안」 기안을 삭제할까요?" in confirm.content.decode()
    assert Document.objects.filter(pk=document.pk).exists()

    response = drafter_client.post(url("discard", document))

    assert response.status_code == 302
    assert response["Location"] == reverse("approval:new")
    assert not Document.objects.filter(pk=document.pk).exists()


def test_a_submitted_document_cannot_be_discarded(org, drafter_client):
    document = submitted(org)

    response = drafter_client.post(url("discard", document), follow=True)

    assert "상신한 적이 없는 새 기안만 삭제할 수 있습니다." in response.content.decode()
    assert Document.objects.filter(pk=document.pk).exists()


def test_a_redraft_is_edited_but_not_discarded(org, drafter_client):
    returned = submitted(org)
    document_reject(document=returned, actor=org.lead, reason="금액을 다시 확인하세요.")
    redraft = document_redraft(document=returned, actor=org.drafter)

    page = drafter_client.get(url("edit", redraft)).content.decode()
    assert "2차 기안(재기안)" in page
    assert url("discard", redraft) not in page
    assert stored_line(redraft) == [("review", "alead", False), ("approval", "amanager", False)]

    response = drafter_client.post(url("discard", redraft), follow=True)
    assert response.redirect_chain[-1][0] == url("edit", redraft)
    assert "상신한 적이 없는 새 기안만 삭제할 수 있습니다." in response.content.decode()
    assert Document.objects.filter(pk=redraft.pk).exists()


# --- 권한 ----------------------------------------------------------------------------------------

DRAFT_PAGES = [
    ("get", "edit"),
    ("post", "edit"),
    ("post", "autosave"),
    ("post", "submit"),
    ("get", "discard"),
    ("post", "discard"),
    ("post", "line"),
    ("post", "attach"),
]


@pytest.mark.parametrize(("method", "name"), DRAFT_PAGES)
def test_a_colleague_cannot_tell_the_draft_exists(org, alpha, client_for, method, name):
    document = new_draft(org, title="비밀 기안")
    client = signed_in(client_for, alpha, org.colleague.username)

    response = getattr(client, method)(url(name, document), {"op": "remove", "index": 0})

    assert response.status_code == 404
    document.refresh_from_db()
    assert document.title == "비밀 기안"


def test_someone_on_the_line_may_read_but_not_edit(org, alpha, client_for):
    document = submitted(org)
    client = signed_in(client_for, alpha, org.lead.username)

    assert client.get(url("edit", document)).status_code == 403
    assert client.post(url("autosave", document), form_values(document, title="고침")).status_code == 403
    assert client.post(url("line", document), {"op": "remove", "index": 0}).status_code == 403


def test_another_institution_sees_nothing(org, beta, client_for):
    document = new_draft(org, title="알파 기안")
    client = signed_in(client_for, beta, STAFF)

    assert client.get(url("edit", document)).status_code == 404
    assert client.post(url("autosave", document), {"title": "베타가 고침"}).status_code == 404
    document.refresh_from_db()
    assert document.title == "알파 기안"


def test_anonymous_is_sent_to_sign_in(org, alpha, client_for):
    document = new_draft(org)
    client = client_for(alpha)

    assert redirects_to_login(client.get(reverse("approval:new")))
    assert redirects_to_login(client.get(url("edit", document)))
    assert redirects_to_login(client.post(url("autosave", document), {"title": "익명"}))
    assert redirects_to_login(client.get(reverse("approval:unit_tasks")))


# --- 쿼리 수 -------------------------------------------------------------------------------------


def _grow(org, n: int) -> None:
    """n more colleagues in the team and n more unit tasks the drafter may file under."""
    for i in range(n):
        UserFactory(department=org.team, position=org.positions["팀원"], name=f"직원{i}")
        unit_task(department=org.team, name=f"추가과제{i}")
    saved_line_save(owner=org.drafter, name=f"결재선{n}", line=standard_line(org))


def _count(client, path, **kw) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, **kw)
    assert response.status_code == 200
    return len(queries)


def test_edit_page_queries_stay_flat_as_people_and_tasks_grow(org, drafter_client, media):
    document = new_draft(org, unit_task=org.task, line=standard_line(org, cc=(org.colleague,)))
    document_attach(document=document, actor=org.drafter, files=[SimpleUploadedFile("a.pdf", PDF)])
    _grow(org, 3)
    small = _count(drafter_client, url("edit", document))

    _grow(org, 27)
    document_attach(document=document, actor=org.drafter, files=[SimpleUploadedFile("b.hwp", HWP)])
    large = _count(drafter_client, url("edit", document))

    assert large == small


def test_search_queries_stay_flat(org, drafter_client):
    _grow(org, 3)
    people_small = _count(drafter_client, reverse("org:people"), data={"q": "직원"})
    tasks_small = _count(drafter_client, reverse("approval:unit_tasks"), data={"q": "추가"})

    _grow(org, 27)

    assert _count(drafter_client, reverse("org:people"), data={"q": "직원"}) == people_small
    assert _count(drafter_client, reverse("approval:unit_tasks"), data={"q": "추가"}) == tasks_small


# --- 결재 금액 as read, and the title's limit (issue 9, items 9 and 16) --------------------------


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("5백만원", "읽은 금액: 금5,000,000원(금오백만원)"),
        ("1억 2천만원", "읽은 금액: 금120,000,000원(금일억이천만원)"),
        ("5000000.5", "금액은 원 단위까지만 입력할 수 있습니다"),
        ("1e6", "금액은 숫자로 입력하세요"),
    ],
)
def test_the_amount_is_read_back_by_the_fields_own_rule(drafter_client, typed, shown):
    response = drafter_client.get(reverse("approval:amount_preview"), {"decision_amount": typed})

    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="amount-preview"' in html
    assert shown in html


def test_a_nul_in_the_amount_is_refused_before_the_field_reads_it(drafter_client):
    # core.bad_input refuses NUL anywhere in a request, with the same Korean page everywhere.
    response = drafter_client.get(reverse("approval:amount_preview"), {"decision_amount": "\x00"})

    assert response.status_code == 400
    assert "사용할 수 없는 문자(NUL)" in response.content.decode()


def test_the_amount_preview_is_for_signed_in_staff_only(client_for, alpha, org):
    response = client_for(alpha).get(reverse("approval:amount_preview"), {"decision_amount": "5백만원"})
    assert redirects_to_login(response)


def test_the_editor_shows_the_stored_amount_as_read_and_lets_units_be_typed(org, drafter_client):
    document = new_draft(org, decision_amount=5_000_000)

    html = drafter_client.get(url("edit", document)).content.decode()

    assert "읽은 금액: 금5,000,000원(금오백만원)" in html
    assert 'inputmode="numeric"' not in html.split('name="decision_amount"')[1].split(">")[0]


def test_units_typed_in_the_amount_are_saved_as_won(org, drafter_client):
    document = new_draft(org)

    response = drafter_client.post(
        url("autosave", document), form_values(document, decision_amount="1억 2천만원"), HTTP_HX_REQUEST="true"
    )

    assert response.status_code == 200
    document.refresh_from_db()
    assert document.decision_amount == 120_000_000


def test_a_title_past_the_limit_is_refused_with_its_length_and_kept(org, drafter_client):
    document = new_draft(org, title="원래 제목")
    page = drafter_client.get(url("edit", document)).content.decode()
    title_input = page.split('name="title"')[1].split(">")[0]
    assert "maxlength" not in title_input  # the browser would cut a longer paste without a word
    assert 'data-max-chars="300"' in title_input

    long = "가" * 301
    response = drafter_client.post(url("submit", document), form_values(document, title=long))

    assert response.status_code == 422
    html = response.content.decode()
    assert "300자까지 쓸 수 있습니다(지금 301자). 줄여 주세요." in html
    assert f'value="{long}"' in html
    document.refresh_from_db()
    assert (document.title, document.status) == ("원래 제목", DocumentStatus.DRAFT)
