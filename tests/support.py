"""Shared test helpers: the people the session creates, a host-bound client, signing in, and a
walk over a URLconf that turns every pattern into a path that can be requested."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.exceptions import Resolver404
from django.utils.regex_helper import normalize

PASSWORD = "test-pass-2026!"

# Every institution the session creates has these accounts, made in this order, so the same
# pk and the same username exist in each (see conftest.py): 1 = admin, 2 = staff, 3 = peer.
ADMIN, STAFF, PEER = "admin", "staff", "peer"
USER_PKS = {ADMIN: 1, STAFF: 2, PEER: 3}
NAMES = {
    "alpha": {ADMIN: "김관리", STAFF: "이직원", PEER: "한동료"},
    "beta": {ADMIN: "박관리", STAFF: "최직원", PEER: "윤동료"},
}
DEPARTMENT_CODE = "D100"
PLANNER = "planner"  # the province's planning-office account (public schema)
PLANNER_NAME = "정기획"


class HostClient(Client):
    """A test client bound to one host, which puts the connection back on the schema it was on.

    django-tenants' middleware switches the shared connection to the host's schema and leaves it
    there; without this, ORM calls after a request in a test would silently read another schema.
    """

    def request(self, **request):
        tenant = connection.tenant
        try:
            return super().request(**request)
        finally:
            connection.set_tenant(tenant)


def login(client: Client, username: str, password: str = PASSWORD):
    """Sign in through the real login form (a POST, as a browser does) and return the response."""
    return client.post(reverse("login"), {"username": username, "password": password})


def login_url() -> str:
    return reverse(settings.LOGIN_URL)


def redirects_to_login(response) -> bool:
    """A redirect to the sign-in page, or to the console's own login URL (which forwards there)."""
    if response.status_code != 302:
        return False
    return urlsplit(response["Location"]).path in {login_url(), "/admin/login/"}


def login_next(response) -> str:
    """The `next` the login redirect carries (empty when there is none)."""
    return parse_qs(urlsplit(response["Location"]).query).get("next", [""])[0]


@dataclass(frozen=True)
class Route:
    path: str
    name: str
    view: Callable

    @property
    def is_public(self) -> bool:
        """Views marked login_not_required (sign-in page, health probe) answer anyone."""
        return not getattr(self.view, "login_required", True)


# Values tried for each URL parameter, in order: an id that exists in every institution
# (pk 1 is the admin account, the first department and so on) and an app label for the admin's
# app index, whose pattern only accepts registered labels.
_CANDIDATES = ("1", "org")


def _walk(patterns, prefix: str) -> Iterator[tuple[str, URLPattern]]:
    for pattern in patterns:
        regex = prefix + pattern.pattern.regex.pattern
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, regex)
        else:
            yield regex, pattern


def every_route(urlconf: str) -> list[Route]:
    """Every pattern of `urlconf`, recursively, as a concrete path that resolves to that pattern.

    Parameters get the first candidate value that makes the path resolve back to the same view,
    so a new pattern is covered without editing the tests. A pattern no candidate fits fails the
    walk loudly rather than being skipped.
    """
    routes = []
    for regex, pattern in _walk(get_resolver(urlconf).url_patterns, ""):
        template, params = normalize(regex)[0]
        path = _fill(template, params, pattern, urlconf)
        routes.append(Route(path=path, name=pattern.name or "", view=pattern.callback))
    return routes


def _fill(template: str, params: list[str], pattern: URLPattern, urlconf: str) -> str:
    for value in _CANDIDATES:
        path = "/" + template % dict.fromkeys(params, value)
        try:
            match = resolve(path, urlconf)
        except Resolver404:
            continue
        if match.func is pattern.callback:
            return path
    raise AssertionError(f"no concrete path found for {template!r} ({pattern!r})")
