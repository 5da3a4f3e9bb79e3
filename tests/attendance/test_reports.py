"""Attendance list pages and reports: the overtime list with the institution's weekday deduction
(reference E15: 3 h on a weekday less 1 h), the department leave calendar, the year-end 연차 left
(연차수당 inputs), and the four reports with their XLSX, for HR and auditors only, with query
counts that do not grow with the rows."""

from __future__ import annotations

import io
from datetime import date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context
from openpyxl import load_workbook

from approval.services import document_approve
from attendance.close import payroll_inputs
from attendance.models import AttendanceSettings, ClockRecord, Overtime, Trip
from attendance.reports import unused_annual
from org.models import User
from tests.factories import UserFactory
from tests.factories.approval import org_chart
from tests.factories.attendance import grant, leave_delegation, request_leave

pytestmark = pytest.mark.django_db
SEOUL = ZoneInfo("Asia/Seoul")
WED = date(2026, 5, 20)


def at(day: date, hh: int, mm: int = 0) -> datetime:
    return datetime.combine(day, time(hh, mm), SEOUL)


@pytest.fixture
def org(in_alpha):
    org = org_chart()
    leave_delegation(org.positions)
    org.manager.groups.add(Group.objects.get(name="attendance_officer"))
    return org


def _overtime(person: User, day: date, start: int, end: int, out: tuple[int, int]) -> Overtime:
    overtime = Overtime.objects.create(
        person=person, day=day, starts_at=at(day, start), ends_at=at(day, end), reason="결산", status="approved"
    )
    ClockRecord.objects.create(person=person, day=day, kind="in", at=at(day, 8, 50))
    ClockRecord.objects.create(person=person, day=day, kind="out", at=at(day, *out))
    return overtime


def test_the_weekday_deduction_is_taken_from_the_paid_hours(org):
    User.objects.filter(pk=org.drafter.pk).update(hire_date=date(2020, 1, 1))
    # E15: a weekday 18:00–21:00 approved and clocked to 21:30 is 3 h, less the 1 h the 공무원
    # model deducts = 2 h; a Saturday has no deduction.
    settings = AttendanceSettings.current()
    settings.overtime_deduction_minutes = 60
    settings.save()
    _overtime(org.drafter, WED, 18, 21, (21, 30))
    _overtime(org.drafter, date(2026, 5, 23), 9, 14, (14, 0))
    mine = next(i for i in payroll_inputs(2026, 5) if i.person_id == org.drafter.pk)
    assert (mine.extended_hours, mine.holiday_hours) == (Decimal("2.00"), Decimal("5.00"))


def test_the_overtime_list_page(org, alpha, client_for):
    from tests.support import login

    with schema_context("alpha"):
        settings = AttendanceSettings.current()
        settings.overtime_deduction_minutes = 60
        settings.save()
        _overtime(org.drafter, WED, 18, 21, (21, 30))
    mine = client_for(alpha)
    assert login(mine, org.drafter.username).status_code == 302
    page = mine.get("/attendance/overtime/?month=2026-05")
    assert page.status_code == 200
    assert "근무일 하루 60분 공제(기관 규정)" in page.content.decode()
    assert [row.paid_hours for row in page.context["rows"]] == [Decimal("2.00")]
    other = client_for(alpha)
    assert login(other, org.colleague.username).status_code == 302
    assert other.get("/attendance/overtime/?month=2026-05").context["rows"] == []
    head = client_for(alpha)
    assert login(head, org.lead.username).status_code == 302
    assert len(head.get("/attendance/overtime/?month=2026-05").context["rows"]) == 1
    assert mine.get("/attendance/overtime/?month=2026-13").status_code == 400


def test_the_department_leave_calendar(org, alpha, client_for):
    from tests.support import login

    with schema_context("alpha"):
        grant(org.drafter, 15)
        leave = request_leave(org.drafter, date(2026, 5, 20), date(2026, 5, 21))
        document_approve(document=leave.document, actor=org.lead)
    colleague = client_for(alpha)
    assert login(colleague, org.colleague.username).status_code == 302
    page = colleague.get("/attendance/leave/calendar/?month=2026-05")
    assert page.status_code == 200
    row = next(r for r in page.context["rows"] if r.person.pk == org.drafter.pk)
    assert (row.cells[19], row.cells[20], row.cells[21], row.away_days) == ("연가", "연가", "", 2)
    outsider = client_for(alpha)
    assert login(outsider, org.accountant.username).status_code == 302
    assert outsider.get(f"/attendance/leave/calendar/?month=2026-05&department={org.team.pk}").status_code == 404


def test_the_year_end_leave_left(org, alpha, client_for):
    from tests.support import login

    with schema_context("alpha"):
        grant(org.drafter, 15)
        leave = request_leave(org.drafter, date(2026, 5, 18), date(2026, 5, 20))
        document_approve(document=leave.document, actor=org.lead)
        assert unused_annual(2026)[org.drafter.pk] == Decimal(12)
    hr = client_for(alpha)
    assert login(hr, org.manager.username).status_code == 302
    page = hr.get("/attendance/leave/year-end/?year=2026")
    assert page.status_code == 200
    row, owed = next((r, d) for r, d in page.context["rows"] if r.person.pk == org.drafter.pk)
    assert (row.granted, row.used, row.left, row.use_rate) == (Decimal(15), Decimal(3), Decimal(12), Decimal("20.0"))
    assert owed == Decimal(12)  # no 사용촉진 was made: the 12 days are owed
    staff = client_for(alpha)
    assert login(staff, org.colleague.username).status_code == 302
    assert staff.get("/attendance/leave/year-end/").status_code == 403


def test_reports_for_hr_and_auditors_with_xlsx(org, alpha, client_for):
    from tests.support import login

    with schema_context("alpha"):
        _overtime(org.drafter, WED, 18, 21, (21, 30))
        auditor = UserFactory(username="attend-auditor", roles=["staff", "auditor"])
    hr = client_for(alpha)
    assert login(hr, org.manager.username).status_code == 302
    for code in ("attendance", "leave", "overtime", "trips"):
        assert hr.get(f"/attendance/reports/{code}/?month=2026-05").status_code == 200, code
    page = hr.get("/attendance/reports/overtime/?month=2026-05")
    drafter_row = next(row for row in page.context["report"].rows if row[1] == org.drafter.name)
    assert drafter_row[5] == Decimal("3.00")  # 연장: 18:00–21:00, no deduction by default
    download = hr.get("/attendance/reports/overtime/?month=2026-05&export=xlsx")
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(download.content)).active
    assert [c.value for c in sheet[1]][:6] == ["사번", "이름", "부서", "신청", "승인", "연장"]
    reader = client_for(alpha)
    assert login(reader, auditor.username).status_code == 302
    assert reader.get("/attendance/reports/trips/?month=2026-05").status_code == 200
    staff = client_for(alpha)
    assert login(staff, org.colleague.username).status_code == 302
    assert staff.get("/attendance/reports/").status_code == 403
    assert staff.get("/attendance/reports/overtime/").status_code == 403
    assert hr.get("/attendance/reports/nothing/").status_code == 404


@pytest.mark.parametrize("code", ["attendance", "leave", "overtime", "trips"])
def test_report_queries_do_not_grow_with_rows(org, alpha, client_for, code):
    from tests.factories.budget_lines import small_budget
    from tests.support import login

    with schema_context("alpha"):
        line = small_budget(department=org.general_affairs).line("국내여비")
    hr = client_for(alpha)
    assert login(hr, org.manager.username).status_code == 302

    def add(n: int) -> None:
        with schema_context("alpha"):
            person = UserFactory(department=org.team, hire_date=date(2021, 1, 1))
            grant(person, 15)
            _overtime(person, date(2026, 5, 11 + n), 18, 20, (20, 0))
            Trip.objects.create(
                person=person,
                scope="local",
                purpose="점검",
                place="도청",
                start_date=date(2026, 5, 11 + n),
                end_date=date(2026, 5, 11 + n),
                transport="버스",
                daily_allowance_amount=20_000,
                estimate_amount=20_000,
                budget_line=line,
                status="approved",
            )
            AttendanceSettings.current()

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert hr.get(f"/attendance/reports/{code}/?month=2026-05&year=2026").status_code == 200
        return len(queries)

    add(0)
    count()  # warm: the settings row and the session are written once
    first = count()
    for n in range(1, 5):
        add(n)
    assert count() == first
    assert first <= 30
