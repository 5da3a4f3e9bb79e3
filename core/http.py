"""Small request helpers shared by every app."""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest | None) -> str | None:
    """The client's address, one rule for the lockout (django-axes, AXES_CLIENT_IP_CALLABLE) and
    the audit log.

    With no proxy in front (TRUSTED_PROXY_COUNT=0) it is the connection's own address. Behind N
    proxies, each of which appends the address it was reached from to X-Forwarded-For, the client
    is the N-th entry from the right: the one our outermost proxy wrote. Everything to the left of
    it arrived from the client and proves nothing (trusting the left-most entry let anyone pick an
    address per attempt and never be locked out). A header with fewer entries than proxies, or an
    entry that is not an address, means the request did not come the way the deployment says, so
    the connection's address is used.
    """
    if request is None:
        return None
    remote = request.META.get("REMOTE_ADDR") or None
    hops = settings.TRUSTED_PROXY_COUNT
    if not hops:
        return remote
    forwarded = [entry.strip() for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if len(forwarded) < hops or not forwarded[-hops]:
        return remote
    try:
        return str(ipaddress.ip_address(forwarded[-hops]))
    except ValueError:
        return remote
