"""월 복무 마감 pages: the head sees their department's anomalies first and confirms it, HR closes
the month once every department confirmed and reopens it with a reason, the payroll inputs show
each person's overtime by kind; `open_departments` is the departments without a confirmation; a
day on an approved trip is not an absence; the page's query count does not grow with staff."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context

from attendance.calendar import working_days
from attendance.close import month_anomalies, open_departments
from attendance.models import AttendanceSettings, ClockRecord, DepartmentConfirmation, MonthClose, Trip
from org.models import User
from tests.factories import UserFactory
from tests.factories.approval import org_chart
from tests.factories.attendance import leave_delegation
from tests.support import login

pytestmark = pytest.mark.django_db
SEOUL = ZoneInfo("Asia/Seoul")
MAY = "2026-05"


def _clock_may(person: User, skip: tuple[int, ...] = ()) -> None:
    rows = []
    for day in working_days(date(2026, 5, 1), date(2026, 5, 31)).days:
        if day.day in skip:
            continue
        rows.append(ClockRecord(person=person, day=day, kind="in", at=datetime.combine(day, time(8, 50), SEOUL)))
        rows.append(ClockRecord(person=person, day=day, kind="out", at=datetime.combine(day, time(18, 10), SEOUL)))
    ClockRecord.objects.bulk_create(rows)


@pytest.fixture
def org(in_alpha):
    org = org_chart()
    leave_delegation(org.positions)
    people = [org.ceo, org.director, org.manager, org.lead, org.drafter, org.colleague, org.finance_head]
    people.append(org.accountant)
    User.objects.exclude(pk__in=[u.pk for u in people]).update(department=None)
    User.objects.filter(pk=org.drafter.pk).update(hire_date=date(2020, 1, 1))
    org.manager.groups.add(Group.objects.get(name="attendance_officer"))
    return org


def test_open_departments_are_those_without_a_confirmation(org):
    assert set(open_departments(2026, 5)) == {
        org.root.pk,
        org.division.pk,
        org.general_affairs.pk,
        org.team.pk,
        org.finance.pk,
    }
    DepartmentConfirmation.objects.create(year=2026, month=5, department=org.team, confirmed_by=org.lead)
    assert org.team.pk not in open_departments(2026, 5)
    assert org.team.pk in open_departments(2026, 6)


def test_a_day_on_a_trip_is_not_an_absence(org):
    _clock_may(org.drafter, skip=(12, 13))
    Trip.objects.create(
        person=org.drafter,
        scope="local",
        purpose="현장 점검",
        place="도청",
        start_date=date(2026, 5, 13),
        end_date=date(2026, 5, 13),
        transport="버스",
        daily_allowance_amount=20_000,
        estimate_amount=20_000,
        budget_line_id=_any_line(org),
        status="approved",
    )
    found = [(a.person_id, a.day, a.kind) for a in month_anomalies(2026, 5, today=date(2026, 6, 1))]
    assert found == [(org.drafter.pk, date(2026, 5, 12), "absent")]


def _any_line(org) -> int:
    from tests.factories.budget_lines import small_budget

    return small_budget(department=org.general_affairs).line("국내여비").pk


def test_the_head_confirms_and_hr_closes_and_reopens(org, alpha, client_for):
    with schema_context("alpha"):
        _clock_may(org.drafter, skip=(12,))
        ClockRecord.objects.filter(person=org.drafter, day=date(2026, 5, 20), kind="out").delete()
    head = client_for(alpha)
    assert login(head, org.lead.username).status_code == 302
    page = head.get(f"/attendance/close/?month={MAY}")
    assert page.status_code == 200
    text = page.content.decode()
    assert "2026. 5. 12.(화)" in text
    assert "퇴근 기록 없음" in text
    assert [row.department.name for row in page.context["overview"].rows] == ["총무팀"]
    assert not page.context["overview"].inputs  # a head does not see the payroll inputs
    assert head.post("/attendance/close/confirm/", {"month": MAY, "department": org.team.pk}).status_code == 302
    with schema_context("alpha"):
        assert DepartmentConfirmation.objects.get(year=2026, month=5).department_id == org.team.pk
    # Not the head of 재무부: refused, nothing written
    refused = head.post("/attendance/close/confirm/", {"month": MAY, "department": org.finance.pk}, follow=True)
    assert "부서장만 부서의 복무를 확인할 수 있습니다." in refused.content.decode()

    staff = client_for(alpha)
    assert login(staff, org.colleague.username).status_code == 302
    assert staff.get(f"/attendance/close/?month={MAY}").status_code == 403
    assert head.get("/attendance/close/?month=2026-13").status_code == 400

    hr = client_for(alpha)
    assert login(hr, org.manager.username).status_code == 302
    early = hr.post("/attendance/close/close/", {"month": MAY}, follow=True)
    assert "부서장 확인이 남은 부서가 있습니다" in early.content.decode()
    with schema_context("alpha"):
        for department in (org.root, org.division, org.general_affairs, org.finance):
            department.refresh_from_db()
            DepartmentConfirmation.objects.create(
                year=2026, month=5, department=department, confirmed_by_id=department.head_id
            )
    page = hr.get(f"/attendance/close/?month={MAY}")
    assert page.context["overview"].may_close
    mine = next(row for row in page.context["overview"].inputs if row.person.pk == org.drafter.pk)
    assert mine.inputs.unpaid_absence_days == 1
    assert hr.post("/attendance/close/close/", {"month": MAY}).status_code == 302
    with schema_context("alpha"):
        assert MonthClose.objects.filter(year=2026, month=5).exists()
    blank = hr.post("/attendance/close/reopen/", {"month": MAY, "reason": " "})
    assert blank.status_code == 422
    assert blank.context["reopen_form"].errors == {"reason": ["마감을 푸는 사유를 입력하세요."]}
    assert hr.post("/attendance/close/reopen/", {"month": MAY, "reason": "병가 누락"}).status_code == 302
    with schema_context("alpha"):
        assert not MonthClose.objects.exists()


def test_the_close_page_queries_do_not_grow_with_staff(org, alpha, client_for):
    hr = client_for(alpha)
    assert login(hr, org.manager.username).status_code == 302

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert hr.get(f"/attendance/close/?month={MAY}").status_code == 200
        return len(queries)

    with schema_context("alpha"):
        _clock_may(org.drafter, skip=(12,))  # an anomaly from the start: every query of the page runs
    count()  # warm: the settings row and the session are written once
    first = count()
    with schema_context("alpha"):
        for n in range(6):
            person = UserFactory(department=org.team, hire_date=date(2021, 1, 1), employee_number=f"Q{n}")
            _clock_may(person, skip=(n + 4,))
        AttendanceSettings.current()
    assert count() == first
    assert first <= 30
