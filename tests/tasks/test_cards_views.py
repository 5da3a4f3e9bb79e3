"""The unit-task pages through the browser's eyes (the test client): the list with filters and
export, the tree, the card page and its htmx writes, hand-over and participants — and who gets
404/403/login instead: a stranger in another department, the same ids at beta, anonymous."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tenants.utils import schema_context
from openpyxl import load_workbook

from org.models import Department, User
from tasks.models import TaskCard, TaskCardEntry, TaskCardEntryVersion, UnitTaskHandover
from tasks.permissions.cards import is_participant
from tasks.services.cards import card_entry_add, related_document_link, task_goal_add
from tests.exports import FORMULA, assert_text_only
from tests.factories import DepartmentFactory, UserFactory
from tests.factories.tasks_cards import card_for, function_path, unit_task
from tests.support import DEPARTMENT_CODE, PEER, STAFF, login, redirects_to_login

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def world(in_alpha):
    """In alpha: staff owns 'A-민원' (D100), peer is in D100 but not on it; a stranger sits in
    D900 with a task of their own."""
    dept = Department.objects.get(code=DEPARTMENT_CODE)
    staff = User.objects.get(username=STAFF)
    peer = User.objects.get(username=PEER)
    other_dept = DepartmentFactory(name="사업부", code="D900")
    stranger = UserFactory(username="stranger", name="남궁타", department=other_dept)
    leaf = function_path(department=dept, prefix="CV")
    mine = unit_task(department=dept, function=leaf, code="CV-001", name="민원 처리기간 단축", owner=staff)
    theirs = unit_task(department=other_dept, function=leaf, code="CV-002", name="사업부 비밀과제", owner=stranger)
    return {
        "dept": dept,
        "staff": staff,
        "peer": peer,
        "stranger": stranger,
        "mine": mine,
        "theirs": theirs,
        "leaf": leaf,
    }


@pytest.fixture
def as_staff(alpha, client_for, world):
    client = client_for(alpha)
    login(client, STAFF)
    return client


def _client(alpha, client_for, username):
    client = client_for(alpha)
    login(client, username)
    return client


def _url(name: str, *args) -> str:
    from django.urls import reverse

    return reverse(f"tasks:{name}", args=args)


# --- the list, the tree --------------------------------------------------------------------------


def test_list_shows_my_and_my_departments_tasks_with_filters_and_export(as_staff, world):
    response = as_staff.get(_url("unit_task_list"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "민원 처리기간 단축" in body
    assert "사업부 비밀과제" not in body

    assert "민원 처리기간 단축" not in as_staff.get(_url("unit_task_list"), {"q": "없는이름"}).content.decode()
    assert "민원 처리기간 단축" in as_staff.get(_url("unit_task_list"), {"q": "CV-001", "mine": "on"}).content.decode()
    assert "민원 처리기간 단축" in as_staff.get(_url("unit_task_list"), {"card": "without"}).content.decode()
    assert "민원 처리기간 단축" not in as_staff.get(_url("unit_task_list"), {"card": "with"}).content.decode()

    partial = as_staff.get(_url("unit_task_list"), {"q": "민원"}, **HTMX)
    assert partial.content.decode().lstrip().startswith('<section id="results"')

    export = as_staff.get(_url("unit_task_list"), {"export": "xlsx"})
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(export.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("단위과제 코드", "단위과제명")
    assert [r[0] for r in rows[1:]] == ["CV-001"]
    assert rows[1][9] == "" or rows[1][9] is None  # no deputy


def test_tree_is_open_to_all_staff_but_links_only_visible_cards(alpha, client_for, world):
    stranger = _client(alpha, client_for, "stranger")
    body = stranger.get(_url("classification")).content.decode()
    assert "민원 처리기간 단축" in body  # names and codes are for everyone
    assert _url("unit_task_detail", world["mine"].pk) not in body  # but not the card
    assert _url("unit_task_detail", world["theirs"].pk) in body


# --- who gets what ----------------------------------------------------------------------------------


def test_stranger_gets_404_everywhere_on_someone_elses_task(alpha, client_for, world):
    stranger = _client(alpha, client_for, "stranger")
    task = world["mine"]
    card = card_for(task, world["staff"])
    entry = card_entry_add(
        card=card, kind="performance", title="비밀 실적", body="", entry_date=timezone.localdate(), actor=world["staff"]
    )
    for url in (
        _url("unit_task_detail", task.pk),
        _url("card_edit", task.pk),
        _url("handover", task.pk),
        _url("grant", task.pk),
        _url("entry_versions", entry.pk),
        _url("entry_revise", entry.pk),
    ):
        response = stranger.get(url)
        assert response.status_code == 404, url
        assert "비밀 실적" not in response.content.decode()
    for url in (_url("entry_add", task.pk), _url("milestone_complete", entry.pk), _url("goal_add", task.pk)):
        assert stranger.post(url, {"kind": "performance", "title": "x"}).status_code == 404, url
    assert TaskCardEntry.objects.filter(card=card).count() == 1


def test_same_ids_at_beta_show_nothing(beta, client_for, world):
    task = world["mine"]
    with schema_context(beta.schema_name):
        client = client_for(beta)
        login(client, STAFF)
        response = client.get(_url("unit_task_detail", task.pk))
        assert response.status_code == 404
        assert "민원 처리기간 단축" not in client.get(_url("unit_task_list")).content.decode()


def test_anonymous_is_sent_to_login(alpha, client_for, world):
    client = client_for(alpha)
    for url in (_url("unit_task_list"), _url("classification"), _url("unit_task_detail", world["mine"].pk)):
        assert redirects_to_login(client.get(url)), url
    assert redirects_to_login(client.post(_url("entry_add", world["mine"].pk), {"kind": "performance"}))


def test_department_colleague_reads_but_cannot_write(alpha, client_for, world):
    card = card_for(world["mine"], world["staff"])
    peer = _client(alpha, client_for, PEER)
    page = peer.get(_url("unit_task_detail", world["mine"].pk))
    assert page.status_code == 200
    assert "읽기 전용" in page.content.decode()
    assert 'name="kind"' not in page.content.decode()  # no add forms
    today = timezone.localdate().isoformat()
    response = peer.post(
        _url("entry_add", world["mine"].pk),
        {"kind": "performance", "new-performance-title": "몰래", "new-performance-entry_date": today},
    )
    assert response.status_code == 403
    assert peer.get(_url("card_edit", world["mine"].pk)).status_code == 403
    assert peer.get(_url("handover", world["mine"].pk)).status_code == 403
    assert not TaskCardEntry.objects.filter(card=card).exists()


# --- the card and its htmx writes -----------------------------------------------------------------------------


def test_owner_creates_card_adds_entry_and_meter_updates_in_place(as_staff, world):
    task = world["mine"]
    page = as_staff.get(_url("unit_task_detail", task.pk)).content.decode()
    assert "과제관리카드 만들기" in page

    response = as_staff.post(
        _url("card_create", task.pk), {"summary": "민원 처리기간을 줄인다", "legal_basis": "민원처리법"}
    )
    assert response.status_code == 302
    card = TaskCard.objects.get(unit_task=task)
    assert card.completeness == 30  # 개요, 근거, 담당자

    today = timezone.localdate()
    response = as_staff.post(
        _url("entry_add", task.pk),
        {
            "kind": "performance",
            "new-performance-title": "3월 민원 처리 실적",
            "new-performance-entry_date": today.isoformat(),
            "new-performance-body": "평균 6일",
        },
        **HTMX,
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<section class="card" id="section-performance"')
    assert "3월 민원 처리 실적" in body
    assert 'id="completeness"' in body
    assert 'hx-swap-oob="true"' in body
    assert '<progress value="40" max="100"' in body  # + a recent 실적: 4 of 10
    card.refresh_from_db()
    assert card.completeness == 40


def test_invalid_entry_answers_422_with_the_form_filled_in(as_staff, world):
    task = world["mine"]
    card_for(task, world["staff"])
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = as_staff.post(
        _url("entry_add", task.pk),
        {"kind": "performance", "new-performance-title": "미래의 실적", "new-performance-entry_date": tomorrow},
        **HTMX,
    )
    body = response.content.decode()
    assert response.status_code == 422
    assert "실적·관리 항목의 일자는 오늘 이후일 수 없습니다." in body
    assert 'value="미래의 실적"' in body
    assert not TaskCardEntry.objects.exists()


def test_revise_keeps_versions_and_milestone_completes(as_staff, world):
    staff, task = world["staff"], world["mine"]
    card = card_for(task, staff)
    today = timezone.localdate()
    entry = card_entry_add(card=card, kind="performance", title="설명회", body="30명", entry_date=today, actor=staff)

    form = as_staff.get(_url("entry_revise", entry.pk), **HTMX)
    assert form.status_code == 200
    assert "2판으로 남깁니다" in form.content.decode()
    prefix = f"entry-{entry.pk}"
    response = as_staff.post(
        _url("entry_revise", entry.pk),
        {f"{prefix}-title": "설명회", f"{prefix}-entry_date": today.isoformat(), f"{prefix}-body": "32명",
         f"{prefix}-expected_version": "1"},
        **HTMX,
    )  # fmt: skip
    assert response.status_code == 200
    assert "32명" in response.content.decode()
    assert list(
        TaskCardEntryVersion.objects.filter(entry=entry).order_by("version").values_list("body", flat=True)
    ) == [
        "30명",
        "32명",
    ]
    versions = as_staff.get(_url("entry_versions", entry.pk)).content.decode()
    assert "30명" in versions
    assert "32명" in versions

    milestone = card_entry_add(
        card=card, kind="plan", title="중간점검", body="", entry_date=today - timedelta(days=1), actor=staff
    )
    page = as_staff.get(_url("unit_task_detail", task.pk)).content.decode()
    assert "기한 지남" in page
    response = as_staff.post(_url("milestone_complete", milestone.pk), **HTMX)
    assert response.status_code == 200
    assert "완료 " in response.content.decode()
    milestone.refresh_from_db()
    assert (milestone.completed_on, milestone.version) == (today, 2)
    again = as_staff.post(_url("milestone_complete", milestone.pk), **HTMX)
    assert again.status_code == 422
    assert "이미 완료한 일정입니다" in again.content.decode()


def test_goals_and_title_section(as_staff, world):
    task = world["mine"]
    card = card_for(task, world["staff"])
    year = timezone.localdate().year
    response = as_staff.post(
        _url("goal_add", task.pk),
        {"goal-year": year, "goal-title": "처리기간 단축", "goal-indicator": "평균 처리일", "goal-target": "5일"},
        **HTMX,
    )
    assert response.status_code == 200
    assert "평균 처리일" in response.content.decode()
    goal = card.goals.get()
    assert as_staff.get(_url("goal_edit", task.pk, goal.pk)).status_code == 200
    response = as_staff.post(
        _url("card_edit", task.pk), {"summary": "개요", "legal_basis": "규정", "budget_program": "", "started_on": ""}
    )
    assert response.status_code == 302
    card.refresh_from_db()
    assert (card.summary, card.legal_basis) == ("개요", "규정")
    assert as_staff.post(_url("goal_delete", task.pk, goal.pk)).status_code == 302
    assert not card.goals.exists()


def test_handover_and_participants_from_the_page(as_staff, world):
    peer, task = world["peer"], world["mine"]
    today = timezone.localdate().isoformat()
    response = as_staff.post(
        _url("handover", task.pk), {"role": "deputy", "to_user": peer.pk, "handed_over_on": today, "note": "인계"}
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.deputy == peer
    assert UnitTaskHandover.objects.filter(unit_task=task, to_user=peer).exists()

    bad = as_staff.post(_url("handover", task.pk), {"role": "owner", "to_user": peer.pk, "handed_over_on": today})
    assert bad.status_code == 422
    assert "부담당자를 먼저 다른 사람으로 바꾸세요" in bad.content.decode()

    stranger = world["stranger"]
    assert as_staff.post(_url("grant", task.pk), {"action": "add", "user": stranger.pk}).status_code == 302
    assert is_participant(stranger, task)
    assert as_staff.post(_url("grant", task.pk), {"action": "remove", "user": stranger.pk}).status_code == 302
    assert not is_participant(stranger, task)


# --- query counts stay flat -------------------------------------------------------------------------------------


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_list_query_count_does_not_grow_with_rows(as_staff, world):
    staff, dept = world["staff"], world["dept"]

    def add(n):
        for _ in range(n):
            task = unit_task(department=dept, function=world["leaf"], owner=staff)
            card_for(task, staff)

    add(3)
    few = _count(as_staff, _url("unit_task_list"))
    add(6)
    assert _count(as_staff, _url("unit_task_list")) == few
    tree = _count(as_staff, _url("classification"))
    add(3)
    assert _count(as_staff, _url("classification")) == tree


def test_card_page_query_count_does_not_grow_with_entries(as_staff, world):
    staff, task = world["staff"], world["mine"]
    card = card_for(task, staff)
    today = timezone.localdate()

    def add(n):
        for i in range(n):
            card_entry_add(card=card, kind="performance", title=f"실적{i}", body="", entry_date=today, actor=staff)
            card_entry_add(card=card, kind="plan", title=f"일정{i}", body="", entry_date=today, actor=staff)
            card_entry_add(card=card, kind="customer", title=f"고객{i}", body="", entry_date=today, actor=staff)
            task_goal_add(card=card, year=today.year, title=f"목표{i}", indicator="지표", target="1", actor=staff)
            related_document_link(unit_task=task, source="memo", source_id=f"{i}-{n}", title="메모", produced_on=today)

    add(2)
    few = _count(as_staff, _url("unit_task_detail", task.pk))
    add(6)
    assert _count(as_staff, _url("unit_task_detail", task.pk)) == few


def test_export_writes_a_formula_name_as_text(as_staff, world):
    unit_task(department=world["dept"], function=world["leaf"], code="CV-003", name=FORMULA, owner=world["staff"])

    assert_text_only(as_staff.get(_url("unit_task_list"), {"export": "xlsx"}).content, FORMULA)
