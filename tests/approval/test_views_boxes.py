"""The e-approval boxes: each shows the right documents to the drafter, the approver, a proxy
(대결) and nobody else; search by title, number, drafter, date, unit task and status; the XLSX
export of the filtered rows; tab counters; strangers, another institution and anonymous; query
counts that stay flat as documents grow."""

from __future__ import annotations

import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from approval.home import approval_panel
from approval.models import Document, StepKind
from approval.services import (
    circulation_mark_read,
    document_approve,
    document_circulate,
    document_draft,
    document_redraft,
    document_reject,
)
from org.models import Absence
from org.services import absence_create
from tests.exports import FORMULA, assert_text_only
from tests.factories.approval import line, org_chart, submitted
from tests.factories.tasks_cards import unit_task
from tests.support import PASSWORD, STAFF, login, redirects_to_login

pytestmark = pytest.mark.django_db

KST = ZoneInfo("Asia/Seoul")
BOXES = ["waiting", "drafted", "in_progress", "completed", "returned", "circulation", "department", "post_approval"]


@pytest.fixture
def org(in_alpha):
    return org_chart()


@pytest.fixture
def as_user(client_for, alpha):
    def make(user):
        client = client_for(alpha)
        assert login(client, user.username, PASSWORD).status_code == 302
        return client

    return make


def titles(client, box: str, **params) -> list[str]:
    response = client.get(reverse(f"approval:{box}"), params)
    assert response.status_code == 200
    return [d.title for d in response.context["page"].object_list]


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


def proxied_and_completed(org, title: str) -> Document:
    """팀장 검토 → 본부장 결재 (중요), decided by 부서장 standing in for the absent 본부장: 후결 due."""
    document = submitted(
        org,
        title=title,
        importance="important",
        approval_line=line((StepKind.REVIEW, org.lead), (StepKind.APPROVAL, org.director)),
    )
    document_approve(document=document, actor=org.lead)
    return document_approve(document=document, actor=org.manager)


# --- each box shows the right documents ----------------------------------------------------------------


def test_waiting_box_for_the_approver_and_their_proxy_only(org, as_user):
    submitted(org, title="검토할 문서")
    assert titles(as_user(org.lead), "waiting") == ["검토할 문서"]
    assert titles(as_user(org.manager), "waiting") == []  # not their turn yet
    assert titles(as_user(org.drafter), "waiting") == []
    assert titles(as_user(org.colleague), "waiting") == []
    away(org.lead, org.colleague)
    proxy = as_user(org.colleague)
    assert titles(proxy, "waiting") == ["검토할 문서"]  # 대결
    assert "대결" in proxy.get(reverse("approval:waiting")).content.decode()
    assert "대결" not in as_user(org.lead).get(reverse("approval:waiting")).content.decode()


def test_the_waiting_box_is_the_landing_page_with_the_usual_columns(org, as_user):
    document = submitted(org, title="사무용품 구매")
    html = as_user(org.lead).get("/approval/").content.decode()
    for heading in ("문서번호", "제목", "기안자", "기안부서", "기안일", "상태", "현재 결재자", "단위과제"):
        assert heading in html
    assert reverse("approval:detail", args=[document.pk]) in html
    assert "문기안" in html
    assert "총무팀" in html
    assert "도팀장" in html  # the current approver
    assert "일반서무" in html


def test_drafted_box_holds_drafts_and_submitted_with_a_status_filter(org, as_user):
    draft = document_draft(actor=org.drafter, title="쓰는 중")
    submitted(org, title="상신한 문서")
    done = completed(org, title="끝난 문서")
    client = as_user(org.drafter)
    assert sorted(titles(client, "drafted")) == sorted(["쓰는 중", "상신한 문서", "끝난 문서"])
    assert titles(client, "drafted", status="completed") == ["끝난 문서"]
    assert titles(client, "drafted", status="draft") == ["쓰는 중"]
    html = client.get(reverse("approval:drafted")).content.decode()
    assert reverse("approval:edit", args=[draft.pk]) in html  # a draft opens in the editor
    assert reverse("approval:detail", args=[done.pk]) in html
    assert titles(as_user(org.lead), "drafted") == []


def test_in_progress_completed_and_returned(org, as_user):
    running = submitted(org, title="진행 문서")
    document_approve(document=running, actor=org.lead)
    completed(org, title="완료 문서")
    returned = submitted(org, title="반려 문서")
    document_reject(document=returned, actor=org.lead, reason="근거 보완")
    drafter = as_user(org.drafter)
    assert titles(drafter, "in_progress") == ["진행 문서"]
    assert titles(drafter, "completed") == ["완료 문서"]
    assert titles(drafter, "returned") == ["반려 문서"]
    lead = as_user(org.lead)
    assert titles(lead, "in_progress") == ["진행 문서"]  # acted on it
    assert titles(lead, "completed") == ["완료 문서"]
    assert titles(lead, "returned") == []
    assert titles(as_user(org.colleague), "completed") == []
    document_redraft(document=returned, actor=org.drafter)
    assert titles(drafter, "returned") == []  # redrafted: no longer waiting for the drafter


def test_circulation_box_unread_first_with_read_state(org, as_user):
    first = completed(org, title="먼저 공람")
    second = completed(org, title="나중 공람")
    document_circulate(document=first, actor=org.drafter, users=[org.accountant])
    document_circulate(document=second, actor=org.drafter, users=[org.accountant])
    circulation_mark_read(document=second, user=org.accountant)
    client = as_user(org.accountant)
    assert titles(client, "circulation") == ["먼저 공람", "나중 공람"]
    html = client.get(reverse("approval:circulation")).content.decode()
    assert "안읽음" in html
    assert "읽음" in html
    assert titles(as_user(org.colleague), "circulation") == []


def test_department_box_for_members_and_heads_of_the_tree(org, as_user):
    completed(org, title="총무팀 완료")
    completed(org, title="비공개 문서", disclosure="private", disclosure_ground="1")
    submitted(org, title="아직 진행")
    assert titles(as_user(org.colleague), "department") == ["총무팀 완료"]  # 비공개 not for members
    assert sorted(titles(as_user(org.director), "department")) == ["비공개 문서", "총무팀 완료"]  # head of the tree
    assert titles(as_user(org.accountant), "department") == []  # another department


def test_post_approval_box(org, as_user):
    away(org.director, org.manager)
    proxied_and_completed(org, title="대결한 문서")
    Absence.objects.all().delete()
    assert titles(as_user(org.director), "post_approval") == ["대결한 문서"]
    assert titles(as_user(org.manager), "post_approval") == []


# --- search, export, counters ----------------------------------------------------------------------------


def test_search_by_title_number_drafter_dates_unit_task_and_status(org, as_user):
    march = datetime(2026, 3, 5, 10, tzinfo=KST)
    other_task = unit_task(department=org.team, owner=org.drafter, name="계약관리", retention_period="10")
    first = completed(org, title="3월 사무용품 구매", now=march)
    completed(org, title="4월 청사 보수", now=march + timedelta(days=30), unit_task=other_task)
    lead = as_user(org.lead)
    assert titles(lead, "completed", q="사무용품") == ["3월 사무용품 구매"]
    assert titles(lead, "completed", q=first.registration_number) == ["3월 사무용품 구매"]
    assert len(titles(lead, "completed", q="문기안")) == 2
    assert titles(lead, "completed", q="없는말") == []
    assert titles(lead, "completed", date_from="2026-04-01") == ["4월 청사 보수"]
    assert titles(lead, "completed", date_to="2026-03-05") == ["3월 사무용품 구매"]
    assert titles(lead, "completed", unit_task="계약") == ["4월 청사 보수"]
    assert titles(lead, "completed", unit_task=other_task.code) == ["4월 청사 보수"]
    assert len(titles(lead, "completed", date_from="not-a-date")) == 2  # a bad value is ignored
    drafter = as_user(org.drafter)
    submitted(org, title="진행 중")
    assert titles(drafter, "drafted", status="in_progress", q="진행") == ["진행 중"]


def test_xlsx_export_of_the_filtered_rows(org, as_user):
    document = completed(org, title="엑셀로 받을 문서")
    completed(org, title="걸러질 문서")
    response = as_user(org.drafter).get(reverse("approval:completed"), {"q": "엑셀", "export": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == (
        "문서번호", "제목", "기안자", "기안부서", "기안일", "상태", "결재 금액(원)", "현재 결재자", "단위과제",
    )  # fmt: skip
    assert len(rows) == 2
    number, title, drafter, department, day, status, amount, current, task = rows[1]
    assert (number, title, drafter, department, status, amount, current, task) == (
        document.registration_display,
        "엑셀로 받을 문서",
        "문기안",
        "총무팀",
        "결재 완료",
        None,  # no amount: an empty cell, not 0
        None,  # nobody's turn: an empty cell
        "일반서무",
    )
    assert day.date() == timezone.localdate(document.submitted_at)


def test_tab_counters(org, as_user):
    submitted(org, title="하나")
    submitted(org, title="둘")
    returned = submitted(org, title="셋")
    document_reject(document=returned, actor=org.lead, reason="보완")
    response = as_user(org.lead).get(reverse("approval:waiting"))
    counts = {box.key: n for box, n in response.context["tabs"]}
    assert counts["waiting"] == 2
    assert counts["returned"] == 0
    drafter_counts = {box.key: n for box, n in as_user(org.drafter).get("/approval/").context["tabs"]}
    assert drafter_counts["returned"] == 1
    assert drafter_counts["waiting"] == 0


# --- who may reach the boxes ---------------------------------------------------------------------------


def test_strangers_other_institutions_and_anonymous(org, as_user, client_for, alpha, beta):
    completed(org, title="알파 문서")
    for box in BOXES:
        assert redirects_to_login(client_for(alpha).get(reverse(f"approval:{box}")))
        assert titles(as_user(org.accountant), box) == []
    beta_client = client_for(beta)
    assert login(beta_client, STAFF, PASSWORD).status_code == 302
    for box in BOXES:
        response = beta_client.get(reverse(f"approval:{box}"))
        assert response.status_code == 200
        assert "알파 문서" not in response.content.decode()


# --- query counts ------------------------------------------------------------------------------------------


def _batch(org, n: int, start: int) -> None:
    """n documents of each kind: waiting for the team lead, completed by a proxy (후결 due, circulated
    to the colleague), returned to the drafter."""
    for i in range(start, start + n):
        submitted(org, title=f"대기 {i}")
        done = proxied_and_completed(org, title=f"완료 {i}")
        document_circulate(document=done, actor=org.drafter, users=[org.colleague])
        returned = submitted(org, title=f"반려 {i}")
        document_reject(document=returned, actor=org.lead, reason="보완")


def test_query_counts_stay_flat_for_every_box(org, as_user):
    away(org.director, org.manager)
    viewers = {
        "waiting": org.lead,
        "drafted": org.drafter,
        "in_progress": org.lead,
        "completed": org.drafter,
        "returned": org.drafter,
        "circulation": org.colleague,
        "department": org.colleague,
        "post_approval": org.director,
    }
    clients = {user.pk: as_user(user) for user in set(viewers.values())}

    def measure() -> dict[str, tuple[int, int]]:
        result = {}
        for box, user in viewers.items():
            client = clients[user.pk]
            with CaptureQueriesContext(connection) as queries:
                response = client.get(reverse(f"approval:{box}"))
            assert response.status_code == 200
            result[box] = (len(queries), len(response.context["page"].object_list))
        return result

    _batch(org, 3, 0)
    Absence.objects.filter(user=org.director).update(ends_at=timezone.now() + timedelta(days=2))
    small = measure()
    _batch(org, 27, 3)
    large = measure()
    for box in BOXES:
        if box in ("in_progress", "post_approval"):
            continue  # checked below with the right people
        assert large[box][1] > small[box][1], box
        assert large[box][0] == small[box][0], box
    assert small["post_approval"][0] == large["post_approval"][0]


# --- the navigation badge and the home panel ----------------------------------------------------------


def test_the_navigation_shows_the_waiting_count_next_to_e_approval(org, as_user):
    submitted(org, title="하나")
    submitted(org, title="둘")
    html = as_user(org.lead).get(reverse("approval:completed")).content.decode()
    assert 'aria-label="처리할 문서 2건">2</span>' in html
    assert "업무관리" in html  # the other entries keep working
    drafter_html = as_user(org.drafter).get(reverse("approval:completed")).content.decode()
    assert "처리할 문서" not in drafter_html


def test_home_panel_lists_waiting_returned_unread_and_in_progress(org, as_user):
    waiting = submitted(org, title="결재할 것")
    returned = submitted(org, title="돌아온 것")
    document_reject(document=returned, actor=org.lead, reason="보완")
    shared = completed(org, title="공람할 것")
    document_circulate(document=shared, actor=org.drafter, users=[org.lead])
    now = timezone.now()
    lead_panel = approval_panel(org.lead, now).context
    assert [d.title for d in lead_panel["waiting"]] == ["결재할 것"]
    assert lead_panel["waiting_count"] == 1
    assert [d.title for d in lead_panel["unread"]] == ["공람할 것"]
    drafter_panel = approval_panel(org.drafter, now).context
    assert [d.title for d in drafter_panel["returned"]] == ["돌아온 것"]
    assert [d.title for d in drafter_panel["in_progress"]] == ["결재할 것"]
    assert drafter_panel["in_progress"][0].current_approvers == "도팀장"
    html = as_user(org.lead).get(reverse("home")).content.decode()
    assert "결재할 문서" in html
    assert reverse("approval:detail", args=[waiting.pk]) in html


def test_home_panel_query_count_is_fixed(org):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            approval_panel(org.drafter, timezone.now())
        return len(queries)

    submitted(org, title="하나")
    small = count()
    for i in range(10):
        submitted(org, title=f"더 {i}")
        returned = submitted(org, title=f"반려 {i}")
        document_reject(document=returned, actor=org.lead, reason="보완")
    assert count() == small
    panel = approval_panel(org.drafter, timezone.now()).context
    assert len(panel["returned"]) == 5
    assert panel["returned_count"] == 10
    assert [d.title for d in panel["in_progress"]] == ["더 9", "더 8", "더 7", "더 6", "더 5"]


def test_htmx_search_swaps_the_results_only_and_a_reversed_range_is_explained(org, as_user):
    submitted(org, title="찾을 문서")
    client = as_user(org.lead)
    response = client.get(reverse("approval:waiting"), {"q": "찾을"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="results"' in html
    assert "<html" not in html
    assert "찾을 문서" in html
    reversed_range = client.get(reverse("approval:waiting"), {"date_from": "2026-05-01", "date_to": "2026-04-01"})
    assert "끝 날짜가 시작 날짜보다 앞섭니다." in reversed_range.content.decode()
    assert [d.title for d in reversed_range.context["page"].object_list] == ["찾을 문서"]  # the range is ignored


def test_every_box_has_its_route_and_every_route_a_box():
    from approval.selectors import BOXES
    from approval.urls.boxes import ROUTES

    assert set(ROUTES) == set(BOXES)


def test_the_waiting_box_and_the_home_panel_show_the_amount_each_approver_decides_on(org, as_user):
    submitted(org, title="복사용지 구매", decision_amount=2_500_000)
    submitted(org, title="금액 없는 보고")

    html = as_user(org.lead).get(reverse("approval:waiting")).content.decode()

    assert '<th scope="col" class="num">결재 금액</th>' in html
    assert '<td class="num">2,500,000원</td>' in html
    assert '<td class="num"></td>' in html  # no amount: an empty cell, not 0원
    home = as_user(org.lead).get(reverse("home")).content.decode()
    assert "복사용지 구매</a> · 문기안" in home
    assert "2,500,000원" in home


def test_the_waiting_box_export_carries_the_amount_as_a_number(org, as_user):
    submitted(org, title="복사용지 구매", decision_amount=2_500_000)
    submitted(org, title="금액 없는 보고")

    content = as_user(org.lead).get(reverse("approval:waiting"), {"export": "xlsx"}).content
    sheet = load_workbook(io.BytesIO(content)).active
    rows = list(sheet.iter_rows(values_only=True))
    column = rows[0].index("결재 금액(원)")
    amounts = {row[1]: row[column] for row in rows[1:]}
    assert amounts["복사용지 구매"] == 2_500_000
    assert amounts["금액 없는 보고"] in ("", None)


def test_xlsx_exports_write_a_formula_title_as_text(org, as_user):
    waiting = submitted(org, title=FORMULA)
    done = completed(org, title="-" + FORMULA)
    lead, drafter = as_user(org.lead), as_user(org.drafter)

    assert_text_only(lead.get(reverse("approval:waiting"), {"export": "xlsx"}).content, waiting.title)
    assert_text_only(drafter.get(reverse("approval:drafted"), {"export": "xlsx"}).content, waiting.title, done.title)
    assert_text_only(drafter.get(reverse("approval:in_progress"), {"export": "xlsx"}).content, waiting.title)
    assert_text_only(drafter.get(reverse("approval:completed"), {"export": "xlsx"}).content, done.title)
    assert_text_only(drafter.get(reverse("approval:department"), {"export": "xlsx"}).content, done.title)
