"""The attendance pages: the clock buttons (htmx and plain), the leave form with Korean errors
next to the fields and nothing written on bad input, a leave seen only by its applicant and those
who may open its document, and the month page with a fixed number of queries."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context

from attendance.models import AttendanceSettings, ClockRecord, LeaveRequest, LeaveType
from tests.factories.approval import org_chart
from tests.factories.attendance import grant, leave_delegation, request_leave
from tests.support import PASSWORD, login

pytestmark = pytest.mark.django_db


@pytest.fixture
def org(alpha):
    with schema_context("alpha"):
        org = org_chart()
        leave_delegation(org.positions)
        grant(org.drafter, 15)
        for person in (org.drafter, org.colleague, org.lead):
            person.set_password(PASSWORD)
            person.save()
    return org


def _client(client_for, alpha, username):
    client = client_for(alpha)
    assert login(client, username).status_code == 302
    return client


def test_clock_in_with_htmx_swaps_the_panel_and_twice_makes_one_record(org, alpha, client_for):
    client = _client(client_for, alpha, org.drafter.username)
    first = client.post("/attendance/clock/", {"kind": "in"}, HTTP_HX_REQUEST="true")
    second = client.post("/attendance/clock/", {"kind": "in"}, HTTP_HX_REQUEST="true")
    assert first.status_code == second.status_code == 200
    assert 'id="clock-panel"' in first.content.decode()
    assert "<html" not in first.content.decode()
    with schema_context("alpha"):
        assert ClockRecord.objects.filter(person=org.drafter).count() == 1


def test_the_clock_in_click_runs_a_pinned_number_of_queries(org, alpha, client_for):
    """The 09:00 rush's hot path (docs/PERFORMANCE.md): the tenant (search path, domain), the
    session and the user, the settings, today's records, the insert (no savepoint of its own);
    the panel is drawn from them; then the session's activity is saved (core.session_expiry)."""
    client = _client(client_for, alpha, org.drafter.username)
    with schema_context("alpha"):
        AttendanceSettings.current()  # the row exists, as in every institution after its first day
    with CaptureQueriesContext(connection) as first:
        page = client.post("/attendance/clock/", {"kind": "in"}, HTTP_HX_REQUEST="true")
    assert page.status_code == 200
    statements = [q["sql"].split()[0] for q in first.captured_queries]
    hot_path = ["SET", "SELECT", "SET", "SELECT", "SELECT", "SELECT", "SELECT", "INSERT"]
    session_save = ["SAVEPOINT", "UPDATE", "RELEASE"]  # one transaction in production
    assert statements == hot_path + session_save, statements
    with CaptureQueriesContext(connection) as second:
        again = client.post("/attendance/clock/", {"kind": "in"}, HTTP_HX_REQUEST="true")
    assert len(second) == len(first) - 1  # the double click: no insert
    for answer in (page, again):
        assert 'data-testid="clock-in">-<' not in answer.content.decode()
        assert 'data-testid="clock-out">-<' in answer.content.decode()
    with schema_context("alpha"):
        assert ClockRecord.objects.filter(person=org.drafter).count() == 1


def test_clock_outside_the_allowlist_is_refused_in_korean(org, alpha, client_for):
    with schema_context("alpha"):
        AttendanceSettings.objects.update_or_create(pk=1, defaults={"ip_allowlist": "10.9.0.0/16"})
    client = _client(client_for, alpha, org.drafter.username)
    page = client.post("/attendance/clock/", {"kind": "in"}, HTTP_HX_REQUEST="true")
    assert page.status_code == 403
    assert "허용된 장소(IP)가 아닌 곳에서는" in page.content.decode()
    assert client.post("/attendance/clock/", {"kind": "lunch"}).status_code == 302  # plain form: back with a message
    with schema_context("alpha"):
        assert not ClockRecord.objects.exists()


def test_the_home_page_shows_the_clock_buttons(org, alpha, client_for):
    client = _client(client_for, alpha, org.drafter.username)
    page = client.get("/").content.decode()
    assert 'hx-post="/attendance/clock/"' in page
    assert 'hx-get="/attendance/clock/"' in page  # today's times load after the page
    assert "출근" in page
    panel = client.get("/attendance/clock/", HTTP_HX_REQUEST="true").content.decode()
    assert 'data-testid="clock-in">-<' in panel


def test_leave_form_refuses_bad_input_next_to_the_fields(org, alpha, client_for):
    client = _client(client_for, alpha, org.drafter.username)
    form = client.get("/attendance/leave/new/")
    token = form.context["form"]["submission_token"].value()
    with schema_context("alpha"):
        annual = LeaveType.objects.get(code="annual").pk
    page = client.post(
        "/attendance/leave/new/",
        {
            "submission_token": token,
            "leave_type": annual,
            "start_date": "2026-05-22",
            "end_date": "2026-05-20",
            "portion": "full",
        },
    )
    assert page.status_code == 422
    assert page.context["form"].errors == {"end_date": ["종료일이 시작일보다 앞섭니다."]}
    page = client.post(
        "/attendance/leave/new/",
        {"submission_token": token, "leave_type": "x", "start_date": "2026-02-30", "portion": "full"},
    )
    assert page.status_code == 422
    assert set(page.context["form"].errors) == {"leave_type", "start_date"}
    with schema_context("alpha"):
        assert not LeaveRequest.objects.exists()


def test_leave_request_through_the_form_once(org, alpha, client_for):
    client = _client(client_for, alpha, org.drafter.username)
    form = client.get("/attendance/leave/new/")
    token = form.context["form"]["submission_token"].value()
    with schema_context("alpha"):
        annual = LeaveType.objects.get(code="annual").pk
    data = {
        "submission_token": token,
        "leave_type": annual,
        "start_date": "2026-05-20",
        "end_date": "2026-05-21",
        "portion": "full",
        "proxy": org.colleague.pk,
        "reason": "가족 행사",
    }
    first = client.post("/attendance/leave/new/", data)
    second = client.post("/attendance/leave/new/", data)  # the double click
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    with schema_context("alpha"):
        assert LeaveRequest.objects.count() == 1
    detail = client.get(first["Location"]).content.decode()
    assert "연가" in detail
    assert "2일" in detail
    assert "결재 중" in detail


def test_a_leave_is_hidden_from_colleagues_but_shown_to_its_approver(org, alpha, client_for):
    with schema_context("alpha"):
        leave = request_leave(org.drafter, date(2026, 5, 20))
    assert _client(client_for, alpha, org.colleague.username).get(f"/attendance/leave/{leave.pk}/").status_code == 404
    assert _client(client_for, alpha, org.lead.username).get(f"/attendance/leave/{leave.pk}/").status_code == 200
    # only the applicant may ask to cancel
    lead = _client(client_for, alpha, org.lead.username)
    assert lead.post(f"/attendance/leave/{leave.pk}/cancel/", {"reason": "x"}).status_code == 404


def test_another_institution_never_sees_it(org, alpha, beta, client_for):
    with schema_context("alpha"):
        leave = request_leave(org.drafter, date(2026, 5, 20))
    client = client_for(beta)
    assert login(client, "staff").status_code == 302
    assert client.get(f"/attendance/leave/{leave.pk}/").status_code == 404


def test_the_month_page_runs_a_fixed_number_of_queries(org, alpha, client_for):
    client = _client(client_for, alpha, org.drafter.username)
    client.get("/attendance/month/?month=2026-05")
    with CaptureQueriesContext(connection) as few:
        client.get("/attendance/month/?month=2026-05")
    with schema_context("alpha"):
        for day in range(1, 29):
            ClockRecord.objects.create(
                person=org.drafter, day=date(2026, 5, day), kind="in", at=f"2026-05-{day:02d}T09:05:00+09:00"
            )
    with CaptureQueriesContext(connection) as many:
        page = client.get("/attendance/month/?month=2026-05")
    assert len(many) == len(few)
    assert "지각" in page.content.decode()
    assert client.get("/attendance/month/?month=2026-13").status_code == 400


def test_the_attendance_page_shows_my_balance_and_ledger(org, alpha, client_for):
    client = _client(client_for, alpha, org.drafter.username)
    page = client.get("/attendance/").content.decode()
    assert 'data-testid="balance">15일<' in page
    assert "내 연가 내역" in page
    assert "테스트 발생" in page
    assert "<title>복무" in page  # the title block holds only the title
