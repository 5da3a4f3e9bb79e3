"""Crafted input gets a Korean page in the site's layout, never a server error: the NUL guard
(core.bad_input) for every request, BadInput from the one parsing rule as 400 (GET) / 422 (POST),
and each place that crashed before (issue 9, "Bad input that gives a 500")."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django_tenants.utils import schema_context

from approval.models import ApprovalStep, StepKind, StepState
from org.models import Department
from tests.factories.approval import org_chart, submitted
from tests.factories.tasks_cards import unit_task
from tests.support import ADMIN, DEPARTMENT_CODE, NAMES, PASSWORD, STAFF, login

pytestmark = pytest.mark.django_db

NUL_REFUSED = "입력값에 사용할 수 없는 문자(NUL)가 들어 있습니다."
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def as_user(alpha, client_for):
    def make(username: str):
        client = client_for(alpha)
        assert login(client, username).status_code == 302
        return client

    return make


def _refused(response, status: int, message: str) -> str:
    body = response.content.decode()
    assert response.status_code == status, body[-500:]
    assert message in body
    return body


# --- The NUL guard ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/approval/unit-tasks/?q=%00",  # a search box
        "/admin/org/user/?q=a%00b",  # the console's search
        "/admin/org/user/?employment_status__exact=%00",  # its list filters
        "/admin/autocomplete/?app_label=org&model_name=absence&field_name=user&term=%00",
        "/admin/org/user/%00/change/",  # the path itself
        "/calendar/?%00=1",  # a key, not just a value
    ],
)
def test_nul_anywhere_in_a_get_is_a_korean_400_in_the_site_layout(as_user, path):
    body = _refused(as_user(ADMIN).get(path), 400, NUL_REFUSED)
    assert "<html" in body
    assert "알파개발공사" in body  # the institution's own header


def test_nul_is_refused_before_sign_in_too(alpha, client_for):
    client = client_for(alpha)
    _refused(client.get("/accounts/login/?next=%00"), 400, NUL_REFUSED)
    response = client.post("/accounts/login/", {"username": "admin\x00", "password": PASSWORD})
    _refused(response, 400, NUL_REFUSED)
    with schema_context("alpha"):
        assert not AccessAttempt.objects.exists()


def test_nul_in_a_posted_value_or_key_is_refused(as_user):
    client = as_user(STAFF)
    _refused(client.post("/memos/new/", {"title": "보고\x00"}), 400, NUL_REFUSED)
    _refused(client.post("/memos/new/", {"ti\x00tle": "보고"}), 400, NUL_REFUSED)


def test_a_session_cookie_carrying_nul_is_dropped_not_looked_up(alpha, client_for):
    client = client_for(alpha)
    client.cookies[settings.SESSION_COOKIE_NAME] = "abcdefgh\x00ijkl"
    response = client.get("/")
    assert response.status_code == 302  # signed out: to the sign-in page, not a server error
    assert response["Location"].startswith("/accounts/login/")


def test_an_htmx_request_gets_only_the_message(as_user):
    body = _refused(as_user(STAFF).get("/approval/unit-tasks/?q=%00", **HTMX), 400, NUL_REFUSED)
    assert "<html" not in body


# --- Dates out of range ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/calendar/?month=9999-12", "월: 1900년부터 2100년 사이의 날짜만 다룰 수 있습니다."),
        ("/calendar/?month=1-1", "월: 월은 2026-03처럼 입력하세요."),
        ("/calendar/week/?date=9999-12-31", "날짜: 1900년부터 2100년 사이"),
        ("/calendar/week/?date=0001-01-01", "날짜: 1900년부터 2100년 사이"),
        ("/calendar/calendar.ics?from=9999-12-31", "시작일: 1900년부터 2100년 사이"),
        ("/meetings/rooms/?date=0001-01-01&view=week", "날짜: 1900년부터 2100년 사이"),
        ("/meetings/rooms/?date=9999-12-31", "날짜: 1900년부터 2100년 사이"),
        ("/calendar/entries/new/?date=²", "날짜: 날짜는 2026-03-05처럼"),
    ],
)
def test_a_date_out_of_range_is_a_korean_400(as_user, path, message):
    body = _refused(as_user(STAFF).get(path), 400, message)
    assert NAMES["alpha"][STAFF] in body  # the signed-in layout, with its navigation


def test_the_calendar_still_takes_the_months_and_days_its_links_carry(as_user):
    client = as_user(STAFF)
    assert client.get("/calendar/?month=2026-03").status_code == 200
    assert client.get("/calendar/?month=2100-12").status_code == 200
    assert client.get("/calendar/week/?date=1900-01-01").status_code == 200
    assert client.get("/meetings/rooms/?date=2031-03-05&view=week").status_code == 200


@pytest.mark.parametrize(
    "path",
    ["/memos/?date_from=9999-12-31", "/approval/?date_to=9999-12-31", "/meetings/?date_from=0001-01-01"],
)
def test_a_filter_form_date_out_of_range_is_a_form_error(as_user, path):
    response = as_user(STAFF).get(path)
    assert response.status_code == 200
    assert "1900년부터 2100년 사이의 날짜를 입력하세요." in response.content.decode()


# --- Ids read by hand -----------------------------------------------------------------------------


@pytest.fixture
def pending(in_alpha):
    """A document waiting for 도팀장's review."""
    org = org_chart()
    document = submitted(org)
    return org, document


@pytest.mark.parametrize("action", ["approve", "reject", "hold", "post-approve", "edit"])
def test_a_step_id_in_other_digits_is_a_422_and_decides_nothing(pending, alpha, client_for, action):
    org, document = pending
    client = client_for(alpha)
    assert login(client, org.lead.username).status_code == 302

    response = client.post(f"/approval/{document.pk}/{action}/", {"step": "²", "comment": "검토", "reason": "보완"})

    _refused(response, 422, "결재 단계: 숫자(0–9)로만 입력하세요.")
    with schema_context("alpha"):
        step = ApprovalStep.objects.get(document=document, kind=StepKind.REVIEW)
        assert step.state == StepState.PENDING


def test_a_participant_id_in_other_digits_is_a_422(in_alpha, as_user):
    task = unit_task(department=Department.objects.get(code=DEPARTMENT_CODE))
    response = as_user(ADMIN).post(f"/tasks/{task.pk}/participants/", {"action": "remove", "user": "²"})
    _refused(response, 422, "참여자: 숫자(0–9)로만 입력하세요.")


def test_a_meeting_or_room_id_in_other_digits_is_a_400(as_user):
    client = as_user(STAFF)
    _refused(client.get("/meetings/room-options/?meeting=²", **HTMX), 400, "회의: 숫자(0–9)로만")
    _refused(client.get("/meetings/room-options/?room=٣", **HTMX), 400, "회의실: 숫자(0–9)로만")


def test_a_search_longer_than_the_cap_is_refused(as_user):
    _refused(as_user(STAFF).get("/approval/unit-tasks/", {"q": "가" * 201}), 400, "검색어: 200자까지")


# --- The consoles -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/admin/audit/auditevent/?occurred_at__year=9999", "연도: 1900부터 2100 사이의 값이어야 합니다."),
        ("/admin/audit/auditevent/?occurred_at__year=2026&occurred_at__month=13", "월: 1부터 12 사이"),
        ("/admin/audit/auditevent/?occurred_at__year=٢٠٢٦", "연도: 숫자(0–9)로만"),
        ("/admin/axes/accessattempt/?attempt_time__gte=9999-12-31", "1900년부터 2100년 사이"),
        # A repeated bound: Django's list filters take every value, so every one is checked.
        ("/admin/axes/accessattempt/?attempt_time__gte=9999-12-31&attempt_time__gte=2026-01-01", "2100년 사이"),
        ("/admin/org/absence/add/?user=²", "숫자(0–9)로만"),
        ("/admin/org/absence/add/?starts_at=٣", "시작:"),
    ],
)
def test_console_query_values_go_through_the_rule(as_user, path, message):
    _refused(as_user(ADMIN).get(path), 400, message)


def test_a_console_add_page_takes_initial_values_it_can_show(as_user):
    """Before, any text for a date-and-time field (even a valid date) crashed the widget."""
    client = as_user(ADMIN)
    response = client.get("/admin/org/absence/add/?user=2&starts_at=2026-03-05")
    assert response.status_code == 200
    assert 'value="2026-03-05"' in response.content.decode()


def test_a_typed_id_in_an_autocomplete_field_comes_back_as_a_form_error(as_user):
    client = as_user(ADMIN)
    response = client.post("/admin/org/department/add/", {"name": "감사팀", "code": "D900", "parent": "²"})
    assert response.status_code == 200
    assert "errornote" in response.content.decode()
    with schema_context("alpha"):
        assert not Department.objects.filter(code="D900").exists()


# --- Signing in -----------------------------------------------------------------------------------


def test_a_username_past_its_length_is_a_form_error_not_a_lockout_crash(alpha, client_for):
    response = client_for(alpha).post("/accounts/login/", {"username": "가" * 3000, "password": "x"})
    assert response.status_code == 200
    assert "150" in response.content.decode()  # Django's own max-length message names the limit
    with schema_context("alpha"):
        assert not AccessAttempt.objects.exists()
