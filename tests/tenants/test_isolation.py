"""One institution's session, cache entries and permissions mean nothing at another institution.

The set-up makes this a real test rather than a lucky one: alpha and beta both have users with
pk 1, 2, 3 and the usernames admin/staff/peer, and beta's users carry byte-identical password
hashes to alpha's. So if a session row were readable from beta (a shared session table, a
session backend whose keys ignore the schema), Django would find user pk 2 in beta and its
session-hash check would pass: the replayed cookie would sign in beta's "admin". The replay
assertions below would then see 200s, and ``test_control_a_visible_session_row_would_sign_in``
shows exactly that by copying the row across by hand. Only per-schema storage keeps them apart.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django_tenants.utils import schema_context

from org.models import User
from tests.support import ADMIN, NAMES, PASSWORD, STAFF, USER_PKS, every_route, login, redirects_to_login

pytestmark = pytest.mark.django_db

ALLOWED_REFUSALS = {403, 404, 405}


@pytest.fixture
def alpha_session(alpha, client_for):
    """A client really signed in at alpha (POST to the login form) as the institution admin, whose
    twin in beta could open every console page if the session leaked, and its session cookie."""
    client = client_for(alpha)
    response = login(client, ADMIN, PASSWORD)
    assert response.status_code == 302, "the login itself must work for this test to mean anything"
    return client, client.cookies[settings.SESSION_COOKIE_NAME].value


def _replay(client_for, institution, cookie: str):
    client = client_for(institution)
    client.cookies[settings.SESSION_COOKIE_NAME] = cookie
    return client


def _send(client, method: str, path: str, cookie: str):
    # Beta answers an unknown session cookie by deleting it, and the test client obeys; an
    # attacker's would not, so every request carries alpha's cookie again.
    client.cookies[settings.SESSION_COOKIE_NAME] = cookie
    return client.get(path) if method == "GET" else client.post(path, {})


def _assert_refused(response, route, method, institution):
    where = f"{method} {route.path} on {institution.code}"
    with schema_context(institution.schema_name):
        # The request's user, resolved the way the request itself would (in the host's schema).
        assert not response.wsgi_request.user.is_authenticated, f"{where} signed someone in"
    for name in NAMES["alpha"].values():
        assert name not in response.content.decode(errors="replace"), f"{where} shows alpha's {name}"
    if route.is_public:
        return  # the sign-in page and the health probe answer anyone; they show no one's data
    assert redirects_to_login(response) or response.status_code in ALLOWED_REFUSALS, (
        f"{where} answered {response.status_code}"
    )


def test_alpha_cookie_opens_nothing_at_beta(alpha, beta, alpha_session, client_for):
    alpha_client, cookie = alpha_session
    assert alpha_client.get("/").status_code == 200  # the cookie is valid where it was issued

    routes = every_route("config.urls_tenant")
    assert len(routes) > 40, "the walk should reach every admin page too"
    replayed = _replay(client_for, beta, cookie)
    for route in routes:
        for method in ("GET", "POST"):
            _assert_refused(_send(replayed, method, route.path, cookie), route, method, beta)

    assert alpha_client.get("/").status_code == 200  # and still valid there afterwards


def test_same_pk_and_username_in_beta_is_not_signed_in(beta, alpha_session, client_for):
    _, cookie = alpha_session
    response = _replay(client_for, beta, cookie).get("/")

    assert redirects_to_login(response)
    with schema_context("beta"):
        twin = User.objects.get(pk=USER_PKS[ADMIN])
        assert twin.username == ADMIN
        assert twin.is_staff  # the twin could open the console, were it signed in
        assert not Session.objects.exists()


def test_control_a_visible_session_row_would_sign_in(beta, alpha_session, client_for):
    """The control experiment: copy alpha's session row into beta, as a shared session table
    would make it visible, and the same replay signs in beta's twin. This is what the tests
    above would see if isolation broke."""
    _, cookie = alpha_session
    with schema_context("alpha"):
        row = Session.objects.get(session_key=cookie)
    with schema_context("beta"):
        Session.objects.create(session_key=row.session_key, session_data=row.session_data, expire_date=row.expire_date)

    replayed = _replay(client_for, beta, cookie)

    response = replayed.get("/")
    assert response.status_code == 200
    assert NAMES["beta"][ADMIN] in response.content.decode()
    assert replayed.get("/admin/org/user/1/change/").status_code == 200


def test_cache_entries_are_per_institution(db):
    key = "isolation-test-key"
    try:
        with schema_context("alpha"):
            cache.set(key, "alpha's value")
            assert cache.get(key) == "alpha's value"
        with schema_context("beta"):
            assert cache.get(key) is None
            cache.set(key, "beta's value")
        with schema_context("alpha"):
            assert cache.get(key) == "alpha's value"
    finally:
        for schema in ("alpha", "beta"):
            with schema_context(schema):
                cache.delete(key)


def test_permission_granted_in_alpha_does_not_exist_in_beta(in_alpha):
    staff_pk = USER_PKS[STAFF]
    with schema_context("alpha"):
        user = User.objects.get(pk=staff_pk)
        user.user_permissions.add(Permission.objects.get(content_type__app_label="org", codename="change_department"))
        assert User.objects.get(pk=staff_pk).has_perm("org.change_department")
    with schema_context("beta"):
        twin = User.objects.get(pk=staff_pk)
        assert not twin.has_perm("org.change_department")
        assert not twin.user_permissions.exists()
