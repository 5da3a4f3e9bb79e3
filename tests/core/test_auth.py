"""Signing in and out, lockout, idle expiry and the security headers every page carries."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone
from django_tenants.utils import schema_context

from audit.models import AuditEvent
from tests.support import NAMES, PASSWORD, STAFF, every_route, login, login_next, login_url, redirects_to_login

pytestmark = pytest.mark.django_db


def _new_events(schema: str, after_id: int) -> list[AuditEvent]:
    with schema_context(schema):
        return list(AuditEvent.objects.filter(id__gt=after_id).order_by("id"))


def _last_event_id(schema: str) -> int:
    with schema_context(schema):
        return AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


@pytest.mark.parametrize(("host_fixture", "urlconf"), [("alpha", "config.urls_tenant"), (None, "config.urls_public")])
def test_anonymous_is_sent_to_sign_in_from_every_page(request, host_fixture, urlconf, client_for, province_client):
    client = client_for(request.getfixturevalue(host_fixture)) if host_fixture else province_client
    checked = 0
    for route in every_route(urlconf):
        if route.is_public:
            continue
        response = client.get(route.path)
        assert redirects_to_login(response), f"{route.path} answered {response.status_code}"
        if response["Location"].startswith(login_url()):
            assert login_next(response) == route.path
        checked += 1
    assert checked > 10


def test_sign_in_with_the_standard_fields(alpha, client_for):
    client = client_for(alpha)
    page = client.get(login_url())
    assert page.status_code == 200
    assert 'name="username"' in page.content.decode()
    assert 'name="password"' in page.content.decode()
    assert "알파개발공사 직원 전용입니다." in page.content.decode()

    response = login(client, STAFF, PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == "/"
    home = client.get("/")
    assert home.status_code == 200
    assert f"{NAMES['alpha'][STAFF]}님, 안녕하세요" in home.content.decode()


def test_sign_in_follows_next(alpha, client_for):
    client = client_for(alpha)
    response = client.post(login_url(), {"username": STAFF, "password": PASSWORD, "next": "/accounts/password/"})
    assert response["Location"] == "/accounts/password/"


def test_sign_in_and_failures_are_audited(alpha, client_for):
    client = client_for(alpha)
    since = _last_event_id("alpha")

    failed = login(client, STAFF, "wrong-password")
    assert failed.status_code == 200
    assert "비밀번호를 입력하십시오. 두 필드 모두 대문자와 소문자를 구별합니다." in failed.content.decode()
    login(client, STAFF, PASSWORD)

    events = _new_events("alpha", since)
    assert [e.action for e in events] == ["auth.login_failed", "auth.login"]
    assert events[0].actor_label == STAFF
    assert events[0].actor_id is None
    assert events[0].data == {"username": STAFF}
    assert events[0].ip_address == "127.0.0.1"
    assert events[1].actor_id == 2
    assert events[1].actor_label == STAFF
    # Nothing about alpha's sign-ins lands in beta's chain.
    assert _new_events("beta", _last_event_id("beta")) == []


def test_five_failures_lock_the_account_with_a_korean_page(alpha, beta, client_for):
    client = client_for(alpha)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert login(client, STAFF, "wrong-password").status_code == 200

    locked = login(client, STAFF, "wrong-password")  # the fifth failure
    assert locked.status_code == 429
    assert "로그인이 잠시 제한되었습니다" in locked.content.decode()
    assert "30분 동안 제한" in locked.content.decode()

    # Even the right password is refused now …
    again = login(client, STAFF, PASSWORD)
    assert again.status_code == 429
    assert redirects_to_login(client.get("/"))
    # … but only at alpha: the lockout lives in alpha's schema.
    assert login(client_for(beta), STAFF, PASSWORD).status_code == 302


def test_four_failures_then_success_is_not_locked(alpha, client_for):
    client = client_for(alpha)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        login(client, STAFF, "wrong-password")
    assert login(client, STAFF, PASSWORD).status_code == 302


def test_session_expires_after_30_idle_minutes(alpha, client_for):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    client = client_for(alpha)
    response = login(client, STAFF, PASSWORD)
    assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == 1800
    key = client.cookies[settings.SESSION_COOKIE_NAME].value

    # 29 idle minutes later, a request pushes the expiry a full 30 minutes forward again.
    with schema_context("alpha"):
        Session.objects.filter(session_key=key).update(expire_date=timezone.now() + timedelta(minutes=1))
    assert client.get("/").status_code == 200
    with schema_context("alpha"):
        remaining = Session.objects.get(session_key=key).expire_date - timezone.now()
    assert timedelta(minutes=29) < remaining <= timedelta(minutes=30)

    # Past the 30 minutes, the same cookie no longer signs anyone in.
    with schema_context("alpha"):
        Session.objects.filter(session_key=key).update(expire_date=timezone.now() - timedelta(seconds=1))
    assert redirects_to_login(client.get("/"))


def test_logout_is_a_post(alpha, client_for):
    client = client_for(alpha)
    login(client, STAFF, PASSWORD)
    since = _last_event_id("alpha")

    assert client.get("/accounts/logout/").status_code == 405
    assert client.get("/").status_code == 200  # a GET (a link, an image tag) signs no one out

    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert response["Location"] == login_url()
    assert redirects_to_login(client.get("/"))
    assert [e.action for e in _new_events("alpha", since)] == ["auth.logout"]


@pytest.mark.parametrize("host", ["alpha.localhost", "localhost", "nowhere.localhost"])
def test_security_headers(host, client):
    response = client.get(login_url(), HTTP_HOST=host)

    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "object-src 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_pages_may_not_be_framed(alpha, client_for):
    # Legacy header for old browsers; CSP frame-ancestors (above) covers every host, even the
    # unknown-host page the schema middleware answers before this header's middleware runs.
    assert client_for(alpha).get(login_url())["X-Frame-Options"] == "DENY"


def test_hsts_on_https(alpha, client_for):
    response = client_for(alpha).get(login_url(), secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_session_cookie_flags(alpha, client_for):
    cookie = login(client_for(alpha), STAFF, PASSWORD).cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert cookie["domain"] == ""  # host-only: the browser never sends it to another institution
