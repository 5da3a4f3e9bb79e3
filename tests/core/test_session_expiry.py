"""Sessions end after 30 idle minutes, and 12 hours after signing in whatever happens; the badge's
background poll is not activity; the page carries the "곧 로그아웃됩니다" warning and its button.

The clock is Django's own (`timezone.now`), moved forward by hand: the session table's expiry and
the middleware read the same clock.
"""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

import pytest
from django.conf import settings
from django.utils import timezone

from tests.support import PASSWORD, STAFF, login, redirects_to_login

pytestmark = pytest.mark.django_db

BADGE = "/notifications/badge/"
POLL = {"HTTP_HX_REQUEST": "true", "HTTP_X_BACKGROUND_POLL": "1", "HTTP_HX_CURRENT_URL": "http://alpha.localhost/"}


class Clock:
    def __init__(self):
        self.now = timezone.now()

    def advance(self, **delta):
        self.now += timedelta(**delta)


@pytest.fixture
def clock():
    moving = Clock()
    with mock.patch("django.utils.timezone.now", side_effect=lambda: moving.now):
        yield moving


@pytest.fixture
def signed_in(alpha, client_for, clock):
    client = client_for(alpha)
    assert login(client, STAFF).status_code == 302
    return client


def test_the_badge_polling_all_alone_does_not_keep_the_session(signed_in, clock):
    for _minute in range(29):
        clock.advance(minutes=1)
        response = signed_in.get(BADGE, **POLL)
        assert response.status_code == 200
        assert "X-Session-Idle-Left" in response

    clock.advance(minutes=1)  # 30 minutes since the sign-in, polled every minute
    response = signed_in.get(BADGE, **POLL)

    # The whole page goes to the sign-in page (not the sign-in page inside the badge) and comes back.
    assert response.status_code == 204
    assert response["HX-Redirect"] == "/accounts/login/?next=/"
    assert redirects_to_login(signed_in.get("/"))


def test_the_idle_clock_counts_down_on_polls_and_restarts_on_activity(signed_in, clock):
    clock.advance(minutes=10)
    assert signed_in.get(BADGE, **POLL)["X-Session-Idle-Left"] == str(20 * 60)
    assert signed_in.get("/")["X-Session-Idle-Left"] == str(30 * 60)  # a page the person opened
    clock.advance(minutes=29)
    assert signed_in.get(BADGE, **POLL).status_code == 200
    clock.advance(minutes=1)
    assert signed_in.get(BADGE, **POLL).status_code == 204


def test_stay_signed_in_is_activity(signed_in, clock):
    clock.advance(minutes=28)
    assert signed_in.get("/accounts/session/keepalive/").status_code == 405  # only the button's POST
    response = signed_in.post("/accounts/session/keepalive/")
    assert response.status_code == 204
    assert response["X-Session-Idle-Left"] == str(30 * 60)

    clock.advance(minutes=29)
    assert signed_in.get(BADGE, **POLL).status_code == 200
    clock.advance(minutes=1)
    assert signed_in.get(BADGE, **POLL).status_code == 204


def test_twelve_hours_after_signing_in_activity_no_longer_helps(signed_in, clock):
    assert settings.SESSION_ABSOLUTE_SECONDS == 12 * 60 * 60
    for _step in range(28):  # 11 h 40 m of someone working, a page every 25 minutes
        clock.advance(minutes=25)
        response = signed_in.get("/accounts/password/")
        assert response.status_code == 200
    assert response["X-Session-Absolute-Left"] == str(20 * 60)

    clock.advance(minutes=20)
    assert redirects_to_login(signed_in.get("/accounts/password/"))

    # Signing in again starts a new 12 hours.
    assert login(signed_in, STAFF).status_code == 302
    assert signed_in.get("/")["X-Session-Absolute-Left"] == str(12 * 60 * 60)


def test_a_password_change_is_a_fresh_sign_in(signed_in, clock, settings):
    """The password form asks for the password again, and Django gives the session a new key."""
    settings.SESSION_ABSOLUTE_SECONDS = 60 * 60
    for _step in range(2):
        clock.advance(minutes=25)
        assert signed_in.get("/accounts/password/").status_code == 200
    response = signed_in.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": "fresh-pass-2026!", "new_password2": "fresh-pass-2026!"},
    )
    assert response.status_code == 302
    clock.advance(minutes=25)  # 75 minutes after the first sign-in, 25 after the password
    response = signed_in.get("/accounts/password/done/")
    assert response.status_code == 200
    assert response["X-Session-Absolute-Left"] == str(35 * 60)


def test_the_page_carries_the_warning_and_the_poll_says_it_is_background(signed_in):
    page = signed_in.get("/").content.decode()

    assert 'id="session-warning"' in page
    assert 'data-idle-left="1800"' in page
    assert 'data-absolute-left="43200"' in page
    assert 'data-warning="120"' in page
    assert "곧 로그아웃됩니다" in page
    assert 'action="/accounts/session/keepalive/"' in page
    assert "로그인 유지" in page
    assert "/static/js/session-timeout.js" in page
    assert """hx-headers='{"X-Background-Poll": "1"}'""" in page


def test_the_console_warns_too(alpha, client_for, clock):
    client = client_for(alpha)
    login(client, "admin")
    page = client.get("/admin/").content.decode()
    assert 'id="session-warning"' in page
    assert "/static/js/session-timeout.js" in page


def test_anonymous_pages_carry_no_clock(alpha, client_for):
    response = client_for(alpha).get("/accounts/login/")
    assert 'id="session-warning"' not in response.content.decode()
    assert "X-Session-Idle-Left" not in response
