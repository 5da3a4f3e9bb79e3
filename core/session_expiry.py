"""When a signed-in session ends: after SESSION_COOKIE_AGE without activity (idle), and in any
case SESSION_ABSOLUTE_SECONDS after signing in (12 hours unless configured).

Activity is a request the person made. A background poll is not: the header's notification badge
asks every minute, and counting it kept an unattended screen signed in forever. Polls say what
they are with the ``X-Background-Poll: 1`` header (templates/base.html); such a request neither
marks activity nor saves the session, so the stored expiry (the database's ``expire_date``, set
only when the session is saved) stays where the last real request put it. A client that marks
every request as background only signs itself out sooner.

The page learns how long it has from ``X-Session-Idle-Left`` / ``X-Session-Absolute-Left`` on every
response to a signed-in request (and ``data-`` attributes on the warning), so the warning in
static/js/session-timeout.js stays right when another tab is active. Its "로그인 유지" button posts
to ``session_keepalive``, which is activity like any other request.

An htmx request that finds itself signed out gets ``HX-Redirect`` to the sign-in page: following
the redirect inside the request would put the sign-in page into the badge.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import resolve_url
from django.utils import timezone
from django.views.decorators.http import require_POST

BACKGROUND_HEADER = "X-Background-Poll"
_STARTED = "_session_started_at"
_ACTIVE = "_session_active_at"


def is_background(request: HttpRequest) -> bool:
    return request.headers.get(BACKGROUND_HEADER) == "1"


@dataclass(frozen=True)
class SessionClock:
    """Seconds left before the session ends for want of activity, and in any case."""

    idle_left: int
    absolute_left: int
    warning: int  # how long before the end the page warns


def _clock(started: float, active: float, now: float) -> SessionClock:
    return SessionClock(
        idle_left=int(active + settings.SESSION_COOKIE_AGE - now),
        absolute_left=int(started + settings.SESSION_ABSOLUTE_SECONDS - now),
        warning=settings.SESSION_WARNING_SECONDS,
    )


class SessionExpiryMiddleware:
    """Between authentication and LoginRequiredMiddleware: an expired session is signed out before
    the view, so the view (or the login redirect) sees an anonymous request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = request.session
        key_before = session.session_key
        now = timezone.now().timestamp()
        background = is_background(request)
        if request.user.is_authenticated:
            started = session.get(_STARTED, now)
            active = session.get(_ACTIVE, now)
            clock = _clock(started, active, now)
            if clock.idle_left <= 0 or clock.absolute_left <= 0:
                # Not django.contrib.auth.logout: nobody signed out, the session lapsed; the row is
                # deleted as it would have expired, with no "로그아웃" in the audit chain.
                session.flush()
                request.user = AnonymousUser()
            else:
                # Read by the page's warning (the context processor below); not an HttpRequest field.
                request.session_clock = clock if background else _clock(started, now, now)  # type: ignore[attr-defined]

        response = self.get_response(request)

        if request.user.is_authenticated:
            if session.session_key != key_before or _STARTED not in session:
                # A sign-in (login() always gives the session a new key; so does a password change,
                # which asks for the password again) starts both clocks.
                session[_STARTED] = now
                session[_ACTIVE] = now
            elif not background:
                session[_ACTIVE] = now
            clock = _clock(session[_STARTED], session[_ACTIVE], now)
            response["X-Session-Idle-Left"] = str(clock.idle_left)
            response["X-Session-Absolute-Left"] = str(clock.absolute_left)
        elif request.headers.get("HX-Request") == "true" and _is_login_redirect(response):
            return _htmx_to_login(request)
        return response


def _is_login_redirect(response: HttpResponse) -> bool:
    if response.status_code != 302:
        return False
    return urlsplit(response["Location"]).path == resolve_url(settings.LOGIN_URL)


def _htmx_to_login(request: HttpRequest) -> HttpResponse:
    """The whole page goes to the sign-in page, which brings the person back to where they were."""
    current = urlsplit(request.headers.get("HX-Current-URL", ""))
    back = current.path + (f"?{current.query}" if current.query else "") if current.path else "/"
    target = redirect_to_login(back)["Location"]
    return HttpResponse(status=204, headers={"HX-Redirect": target})


@require_POST
def session_keepalive(request: HttpRequest) -> HttpResponse:
    """ "로그인 유지": a request like any other, so the middleware counts it as activity."""
    return HttpResponse(status=204)
