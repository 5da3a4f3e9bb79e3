"""Unit-task cards (과제관리카드): who may open and change them, versioned entries that never
overwrite anyone's account, milestones, hand-worked completeness, the nightly refresh, and the
interfaces other areas use (related documents, tasks to file under, milestones due)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django_tenants.utils import schema_context

from audit.models import AuditEvent
from org import roles
from org.models import Department, User
from org.services import department_set_head
from tasks.jobs import refresh_card_completeness
from tasks.models import RelatedDocument, TaskCard, TaskCardEntry, TaskCardEntryVersion
from tasks.selectors.cards import milestones_due_for, unit_tasks_for_filing
from tasks.services.cards import (
    card_completeness,
    card_entry_add,
    card_entry_revise,
    completeness_items,
    milestone_complete,
    percent_half_up,
    related_document_link,
    task_card_create,
    task_card_update,
    task_goal_add,
    task_goal_delete,
)
from tasks.services.classification import unit_task_grant, unit_task_retire
from tests.factories import DepartmentFactory, UserFactory
from tests.factories.tasks_cards import card_for, unit_task
from tests.support import ADMIN, DEPARTMENT_CODE, PEER, STAFF

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(in_alpha):
    users = {u.username: u for u in User.objects.filter(username__in=[ADMIN, STAFF, PEER])}
    return users[ADMIN], users[STAFF], users[PEER]


@pytest.fixture
def dept(in_alpha):
    return Department.objects.get(code=DEPARTMENT_CODE)


@pytest.fixture
def today() -> date:
    return timezone.localdate()


def _fresh(card: TaskCard) -> TaskCard:
    return TaskCard.objects.select_related("unit_task").get(pk=card.pk)


# --- completeness, worked by hand ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("met", "total", "percent"),
    [(8, 12, 67), (1, 8, 13), (1, 40, 3), (1, 3, 33), (2, 3, 67), (1, 6, 17), (0, 10, 0), (10, 10, 100), (0, 0, 0)],
)
def test_percent_rounds_half_up(met, total, percent):
    assert percent_half_up(met, total) == percent


def test_completeness_seven_of_ten_and_one_of_two_due_milestones_is_67(people, dept, today):
    """Met: 개요, 근거, this year's goal, 추진계획, a recent 실적, 담당자, 품질관리 (7 of 10; no 부담당자,
    홍보, 고객). Two milestones are due (one completed) and one is not due yet: 7 + 1 = 8 of
    10 + 2 = 12 items → 66.67 % → 67 %."""
    _admin, staff, _peer = people
    task = unit_task(department=dept, owner=staff)
    card = card_for(task, staff, summary="민원 처리 기간 단축", legal_basis="민원처리법 제9조")
    task_goal_add(card=card, year=today.year, title="처리기간 단축", indicator="평균 처리일", target="5일", actor=staff)
    done = card_entry_add(
        card=card, kind="plan", title="1단계", body="", entry_date=today - timedelta(days=20), actor=staff
    )
    card_entry_add(card=card, kind="plan", title="2단계", body="", entry_date=today - timedelta(days=1), actor=staff)
    card_entry_add(card=card, kind="plan", title="3단계", body="", entry_date=today + timedelta(days=30), actor=staff)
    milestone_complete(entry=done, completed_on=today - timedelta(days=21), actor=staff)
    card_entry_add(
        card=card, kind="performance", title="1분기 실적", body="", entry_date=today - timedelta(days=89), actor=staff
    )
    card_entry_add(card=card, kind="quality", title="점검", body="", entry_date=today, actor=staff)

    fresh = _fresh(card)
    items = completeness_items(fresh, today)
    assert [item.met for item in items] == [True, True, True, True, True, True, False, True, False, False, True, False]
    assert items[10].label.endswith("1단계")
    assert card_completeness(fresh, today) == 67
    assert fresh.completeness == 67  # stored by the last write
    assert fresh.completeness_checked_on == today

    # A day later the 실적 is 90 days old (no longer recent) and the same card scores 7/12 = 58 %.
    assert card_completeness(fresh, today + timedelta(days=1)) == 58


def test_an_empty_card_scores_its_owner_only(people, dept, today):
    _admin, staff, _peer = people
    card = card_for(unit_task(department=dept, owner=staff), staff)
    assert _fresh(card).completeness == 10  # 1 of 10: the 담당자


def test_goals_of_another_year_do_not_count(people, dept, today):
    _admin, staff, peer = people
    card = card_for(unit_task(department=dept, owner=staff, deputy=peer), staff)
    goal = task_goal_add(
        card=card, year=today.year - 1, title="작년 목표", indicator="건수", target="10건", actor=staff
    )
    assert _fresh(card).completeness == 20  # owner, deputy
    task_goal_add(card=card, year=today.year, title="올해 목표", indicator="건수", target="12건", actor=peer)
    assert _fresh(card).completeness == 30
    task_goal_delete(goal=goal, actor=staff)
    assert _fresh(card).completeness == 30
    with pytest.raises(ValidationError) as exc:
        task_goal_add(card=card, year=today.year, title="", indicator="", target="", actor=staff)
    assert exc.value.message_dict == {
        "title": ["목표를 입력하세요."],
        "indicator": ["성과지표를 입력하세요."],
        "target": ["목표치를 입력하세요."],
    }


# --- who may open and change a card ---------------------------------------------------------------


def test_one_card_per_unit_task_opened_by_those_on_it(people, dept):
    admin, staff, peer = people
    task = unit_task(department=dept, owner=staff)
    with pytest.raises(PermissionDenied):
        task_card_create(unit_task=task, actor=peer)  # same department, but not on the task
    auditor = UserFactory(name="감사", department=dept, roles=[roles.STAFF, roles.AUDITOR])
    with pytest.raises(PermissionDenied):
        task_card_create(unit_task=task, actor=auditor)

    card = task_card_create(unit_task=task, actor=staff, summary="개요")
    assert card.created_by == staff
    assert AuditEvent.objects.filter(action="task_card.create", target_id=str(card.pk)).count() == 1
    with pytest.raises(ValidationError) as exc:
        task_card_create(unit_task=task, actor=admin)
    assert exc.value.messages == ["이 단위과제에는 이미 과제관리카드가 있습니다."]


def test_heads_admins_and_participants_edit(people, dept, today):
    admin, staff, peer = people
    team = DepartmentFactory(name="민원팀", code="D120", parent=dept)
    head = UserFactory(name="본부장", department=dept)
    department_set_head(department=dept, head=head)
    task = unit_task(department=team, owner=staff)
    card = task_card_create(unit_task=task, actor=head)
    task_card_update(
        card=card, summary="부서장이 쓴 개요", legal_basis="", budget_program="", started_on=None, actor=admin
    )
    with pytest.raises(PermissionDenied):
        card_entry_add(card=card, kind="performance", title="실적", body="", entry_date=today, actor=peer)
    unit_task_grant(unit_task=task, user=peer, actor=staff)
    entry = card_entry_add(card=card, kind="performance", title="참여자 실적", body="", entry_date=today, actor=peer)
    assert entry.author == peer


def test_retired_task_card_is_read_only(people, dept, today):
    admin, staff, _peer = people
    task = unit_task(department=dept, owner=staff)
    card = card_for(task, staff)
    unit_task_retire(unit_task=task, actor=admin)
    with pytest.raises(ValidationError) as exc:
        card_entry_add(card=card, kind="performance", title="실적", body="", entry_date=today, actor=staff)
    assert exc.value.messages == ["폐지된 단위과제의 과제관리카드는 고칠 수 없습니다."]


# --- versioned entries ---------------------------------------------------------------------------------


def test_revisions_append_versions_and_never_overwrite(people, dept, today):
    _admin, staff, peer = people
    task = unit_task(department=dept, owner=staff, deputy=peer)
    card = card_for(task, staff)
    entry = card_entry_add(
        card=card, kind="performance", title="설명회 개최", body="30명 참석", entry_date=today, actor=staff
    )

    revised = card_entry_revise(
        entry=entry, title="설명회 개최", body="32명 참석(정정)", entry_date=today, expected_version=1, actor=staff
    )
    assert (revised.version, revised.body) == (2, "32명 참석(정정)")
    versions = list(TaskCardEntryVersion.objects.filter(entry=entry).order_by("version"))
    assert [(v.version, v.body, v.edited_by) for v in versions] == [
        (1, "30명 참석", staff),
        (2, "32명 참석(정정)", staff),
    ]

    # Nobody else rewrites someone's account of their work, not even the deputy.
    with pytest.raises(PermissionDenied) as exc:
        card_entry_revise(entry=entry, title="남이 고침", body="", entry_date=today, actor=peer)
    assert str(exc.value) == "실적·품질·홍보·고객관리 항목은 작성자만 고칠 수 있습니다."
    # A revision started from an old version is refused rather than silently replacing the newer one.
    with pytest.raises(ValidationError) as exc:
        card_entry_revise(entry=entry, title="옛 판에서", body="", entry_date=today, expected_version=1, actor=staff)
    assert exc.value.messages == ["다른 사람이 먼저 고쳤습니다(현재 2판). 최신 내용을 확인한 뒤 다시 고치세요."]
    with pytest.raises(ValidationError) as exc:
        card_entry_revise(entry=entry, title="설명회 개최", body="32명 참석(정정)", entry_date=today, actor=staff)
    assert exc.value.messages == ["바뀐 내용이 없습니다."]
    with pytest.raises(ValidationError) as exc:
        card_entry_revise(
            entry=entry, title="설명회", body="", entry_date=today + timedelta(days=1), completed_on=today, actor=staff
        )
    assert exc.value.message_dict == {
        "entry_date": ["실적·관리 항목의 일자는 오늘 이후일 수 없습니다."],
        "completed_on": ["완료일은 추진계획(일정)에만 적습니다."],
    }
    assert TaskCardEntryVersion.objects.filter(entry=entry).count() == 2


def test_any_editor_revises_and_completes_a_milestone(people, dept, today):
    _admin, staff, peer = people
    task = unit_task(department=dept, owner=staff, deputy=peer)
    card = card_for(task, staff)
    milestone = card_entry_add(
        card=card, kind="plan", title="설문 조사", body="", entry_date=today - timedelta(days=3), actor=staff
    )
    before = _fresh(card).completeness
    card_entry_revise(
        entry=milestone, title="설문 조사(온라인)", body="", entry_date=today - timedelta(days=2), actor=peer
    )
    done = milestone_complete(entry=milestone, actor=peer)
    assert (done.version, done.completed_on, done.title) == (3, today, "설문 조사(온라인)")
    # 개요 0, 근거 0, 목표 0, 계획 1, 실적 0, 담당 1, 부담당 1, 품질·홍보·고객 0, due milestone: 0 → 1
    assert (before, _fresh(card).completeness) == (percent_half_up(3, 11), percent_half_up(4, 11))
    assert (before, _fresh(card).completeness) == (27, 36)
    with pytest.raises(ValidationError) as exc:
        milestone_complete(entry=milestone, actor=staff)
    assert exc.value.messages == [f"이미 완료한 일정입니다({today.year}. {today.month}. {today.day}.)."]
    perf = card_entry_add(card=card, kind="performance", title="실적", body="", entry_date=today, actor=staff)
    with pytest.raises(ValidationError):
        milestone_complete(entry=perf, actor=staff)
    assert TaskCardEntry.objects.get(pk=perf.pk).completed_on is None


# --- the nightly refresh -------------------------------------------------------------------------------------


def test_nightly_refresh_lowers_a_card_when_a_milestone_falls_due(people, dept, today):
    _admin, staff, peer = people
    card = card_for(unit_task(department=dept, owner=staff, deputy=peer), staff)
    card_entry_add(card=card, kind="plan", title="중간보고", body="", entry_date=today + timedelta(days=1), actor=staff)
    assert _fresh(card).completeness == 30  # plan, owner, deputy: 3 of 10

    later = today + timedelta(days=2)
    assert refresh_card_completeness(today=later.isoformat()) == {"checked": 1, "changed": 1}
    fresh = _fresh(card)
    assert (fresh.completeness, fresh.completeness_checked_on) == (27, later)  # 3 of 11
    assert refresh_card_completeness(today=later.isoformat()) == {"checked": 1, "changed": 0}  # idempotent


def test_nightly_refresh_touches_only_its_own_institution(people, dept, today, beta):
    _admin, staff, _peer = people
    card_for(unit_task(department=dept, owner=staff), staff)
    with schema_context(beta.schema_name):
        assert refresh_card_completeness(today=today.isoformat()) == {"checked": 0, "changed": 0}


# --- what other areas use --------------------------------------------------------------------------------------


def test_related_document_link_is_idempotent(people, dept, today):
    _admin, staff, _peer = people
    task = unit_task(department=dept, owner=staff)
    other = unit_task(department=dept, owner=staff)
    first = related_document_link(
        unit_task=task, source="memo", source_id=5, title="메모보고", produced_on=today, url="/memos/5/"
    )
    again = related_document_link(
        unit_task=task, source="memo", source_id="5", title="메모보고", produced_on=today, url="/memos/5/"
    )
    assert first.pk == again.pk
    moved = related_document_link(
        unit_task=other, source="memo", source_id=5, title="메모보고(수정)", produced_on=today
    )
    assert (moved.pk, moved.unit_task, moved.title) == (first.pk, other, "메모보고(수정)")
    assert RelatedDocument.objects.filter(source="memo", source_id="5").count() == 1
    with pytest.raises(ValueError, match="unknown related-document source"):
        related_document_link(unit_task=task, source="email", source_id=1, title="x", produced_on=today)


def test_tasks_for_filing_and_milestones_due(people, dept, today):
    admin, staff, peer = people
    elsewhere = DepartmentFactory(name="사업부", code="D600")
    mine = unit_task(department=dept, owner=staff, code="M-1")
    department_task = unit_task(department=dept, code="M-2")
    foreign = unit_task(department=elsewhere, code="M-3")
    granted = unit_task(department=elsewhere, code="M-4")
    retired = unit_task(department=dept, code="M-5")
    unit_task_grant(unit_task=granted, user=staff, actor=admin)
    unit_task_retire(unit_task=retired, actor=admin)

    filing = list(unit_tasks_for_filing(staff))
    assert set(filing) >= {mine, department_task, granted}
    assert foreign not in filing
    assert retired not in filing
    assert {t.code for t in unit_tasks_for_filing(admin)} >= {"M-1", "M-2", "M-3", "M-4"}

    card = card_for(mine, staff)
    granted_card = card_for(granted, staff)
    due = card_entry_add(
        card=card, kind="plan", title="기한 내", body="", entry_date=today + timedelta(days=3), actor=staff
    )
    card_entry_add(card=card, kind="plan", title="기간 밖", body="", entry_date=today + timedelta(days=30), actor=staff)
    done = card_entry_add(card=card, kind="plan", title="완료됨", body="", entry_date=today, actor=staff)
    milestone_complete(entry=done, actor=staff)
    other_due = card_entry_add(
        card=granted_card, kind="plan", title="참여 과제", body="", entry_date=today + timedelta(days=1), actor=staff
    )
    card_entry_add(card=card, kind="performance", title="실적", body="", entry_date=today, actor=staff)

    assert milestones_due_for(staff, today, today + timedelta(days=7)) == [other_due, due]
    assert milestones_due_for(peer, today, today + timedelta(days=7)) == []
