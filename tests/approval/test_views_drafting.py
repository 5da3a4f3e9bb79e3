"""Drafting pages (기안): starting a draft, the editor and its autosave, the unit-task defaults,
the approval-line editor, attachments, 상신 with every refusal keeping what was typed, discarding,
and who may reach a draft (the drafter only; strangers, other institutions and anonymous not),
with query counts that stay flat as the institution grows."""

from __future__ import annotations

import pytest
from django.urls import reverse

from approval.lines import line_from_json
from approval.models import Document, DocumentStatus
from approval.services import document_draft
from tests.factories.approval import org_chart, standard_line, submitted
from tests.factories.tasks_cards import unit_task
from tests.support import PASSWORD, login

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
        form_values(document, title="새 제목", decision_amount="백만원", disclosure_ground="9"),
        HTTP_HX_REQUEST="true",
    )

    html = response.content.decode()
    assert response.status_code == 422
    assert "저장하지 못했습니다. 작성한 내용은 이 화면에 남아 있습니다." in html
    assert "결재 금액은 0원 이상의 정수(원)로 입력하세요." in html
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
