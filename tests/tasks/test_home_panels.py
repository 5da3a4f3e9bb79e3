"""The work-management part of the home page: a person's meetings and schedule for the week,
milestones and directives falling due (overdue ones flagged), unread memo reports; for a head or
an admin, the overdue directives of their tree. Its query count does not grow with the rows."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tenants.utils import schema_context

from org.models import Department, User
from tasks.models import CardEntryKind, Directive, MemoReport
from tasks.services.cards import card_entry_add
from tasks.services.directives import directive_issue
from tasks.services.meetings import meeting_create
from tasks.services.memos import memo_send
from tasks.services.schedules import schedule_entry_create
from tests.factories.tasks_cards import card_for, unit_task
from tests.support import ADMIN, DEPARTMENT_CODE, PEER, STAFF, login

pytestmark = pytest.mark.django_db


def _at(day, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _add_work(n: int, *, tag: str) -> None:
    """n of each kind of item for `staff`, dated inside the home page's windows."""
    today = timezone.localdate()
    department = Department.objects.get(code=DEPARTMENT_CODE)
    admin, staff, peer = (User.objects.get(username=u) for u in (ADMIN, STAFF, PEER))
    task = unit_task(department=department, owner=staff, deputy=peer, name=f"민원 응대 {tag}")
    card = card_for(task, staff, summary="개요")
    for i in range(n):
        card_entry_add(
            card=card,
            kind=CardEntryKind.PLAN,
            title=f"중간 점검 {tag}{i}",
            body="",
            entry_date=today + timedelta(days=3),
            actor=staff,
        )
        directive = directive_issue(
            actor=admin,
            title=f"민원 처리 현황 보고 {tag}{i}",
            body="주간 현황을 보고하세요.",
            due_on=today + timedelta(days=5),
            department=department,
            assignees=[staff],
        )
        if i == 0:
            # A directive already past its due date (the service refuses past dates when issuing).
            Directive.objects.filter(pk=directive.pk).update(due_on=today - timedelta(days=2))
        meeting_create(
            actor=peer,
            title=f"주간 업무 회의 {tag}{i}",
            department=department,
            starts_at=_at(today + timedelta(days=1), 10 + i % 6),
            ends_at=_at(today + timedelta(days=1), 11 + i % 6),
            place="소회의실",
            agenda=[("민원 처리 현황", "이직원")],
            attendees=[staff],
        )
        schedule_entry_create(
            actor=staff,
            scope="personal",
            title=f"외부 교육 {tag}{i}",
            starts_at=_at(today + timedelta(days=2), 14),
            ends_at=_at(today + timedelta(days=2), 16),
        )
        memo_send(
            actor=peer, kind=MemoReport.Kind.REPORT, title=f"출장 결과 {tag}{i}", body="결과 보고", recipients=[staff]
        )


def _home(client) -> tuple[str, int]:
    client.get("/")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/")
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def test_staff_home_shows_the_week_and_what_falls_due(alpha, client_for):
    with schema_context("alpha"):
        _add_work(1, tag="가")
    client = client_for(alpha)
    login(client, STAFF)
    html, _count = _home(client)
    assert "주간 업무 회의 가0" in html
    assert "외부 교육 가0" in html
    assert "중간 점검 가0" in html
    assert "민원 처리 현황 보고 가0" in html
    assert "기한 경과" in html  # the directive moved past its due date
    assert "읽지 않은 메모보고 1건" in html


def test_admin_home_lists_overdue_directives_by_department(alpha, client_for):
    with schema_context("alpha"):
        _add_work(1, tag="나")
    client = client_for(alpha)
    login(client, ADMIN)
    html, _count = _home(client)
    assert "부서 지시사항 기한 경과" in html
    assert "경영지원부" in html
    assert "2일 경과" in html


def test_peer_sees_none_of_staffs_items(alpha, client_for):
    with schema_context("alpha"):
        _add_work(1, tag="다")
    client = client_for(alpha)
    login(client, PEER)
    html, _count = _home(client)
    assert "민원 처리 현황 보고 다0" not in html  # assigned to staff, not to peer
    assert "외부 교육 다0" not in html  # staff's personal schedule
    assert "주간 업무 회의 다0" in html  # peer organises it


@pytest.mark.parametrize("username", [STAFF, ADMIN])
def test_home_query_count_does_not_grow_with_work(username, alpha, client_for):
    client = client_for(alpha)
    login(client, username)
    with schema_context("alpha"):
        _add_work(2, tag="라")
    _html, small = _home(client)
    with schema_context("alpha"):
        _add_work(6, tag="마")
    _html, large = _home(client)
    assert large == small
    assert large <= 30
