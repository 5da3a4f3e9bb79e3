"""Behind the TLS proxy, the client address (lockouts and the audit log) is the right-most
X-Forwarded-For entry the trusted proxies wrote; what the client puts to the left of it changes
nothing."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import RequestFactory
from django.urls import reverse
from django_tenants.utils import schema_context

from audit.models import AuditEvent
from core.http import client_ip
from tests.support import PASSWORD, STAFF

PROXY = "10.0.0.5"  # the proxy's own address: what the connection comes from
CLIENT = "203.0.113.7"  # the address the proxy appends


@pytest.mark.parametrize(
    ("hops", "forwarded", "expected"),
    [
        (0, "1.2.3.4", PROXY),  # no proxy configured: the header is the client's, ignored
        (1, "", PROXY),
        (1, CLIENT, CLIENT),
        (1, f"6.6.6.6, 7.7.7.7, {CLIENT}", CLIENT),  # the client's own entries on the left
        (2, f"6.6.6.6, {CLIENT}, 192.0.2.1", CLIENT),  # load balancer, then nginx
        (2, CLIENT, PROXY),  # fewer entries than proxies: not the way the deployment says
        (1, "not-an-address", PROXY),
        (1, "6.6.6.6, ", PROXY),
        (1, "6.6.6.6, 2001:DB8::1", "2001:db8::1"),
    ],
)
def test_the_right_most_trusted_hop(settings, hops, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = hops
    request = RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def test_axes_reads_the_same_rule():
    assert settings.AXES_CLIENT_IP_CALLABLE == "core.http.client_ip"


@pytest.mark.django_db
def test_a_client_supplied_left_most_address_does_not_dodge_the_lockout(settings, alpha, client_for):
    settings.TRUSTED_PROXY_COUNT = 1
    client = client_for(alpha)

    def attempt(password: str, left_most: str, client_address: str = CLIENT):
        return client.post(
            reverse("login"),
            {"username": STAFF, "password": password},
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=f"{left_most}, {client_address}",
        )

    for n in range(settings.AXES_FAILURE_LIMIT - 1):
        assert attempt("wrong-password", f"198.51.100.{n}").status_code == 200
    assert attempt("wrong-password", "198.51.100.99").status_code == 429  # a fresh left-most each time

    assert attempt(PASSWORD, "192.0.2.200").status_code == 429  # still this client, still locked
    with schema_context("alpha"):
        assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {CLIENT}
        assert set(AuditEvent.objects.filter(action="auth.login_failed").values_list("ip_address", flat=True)) == {
            CLIENT
        }

    # Someone else behind the same proxy is not locked out by it.
    assert attempt(PASSWORD, "", client_address="198.51.100.20").status_code == 302
    with schema_context("alpha"):
        assert AuditEvent.objects.filter(action="auth.login").latest("id").ip_address == "198.51.100.20"
