"""Small request helpers shared by every app."""

from __future__ import annotations

from django.http import HttpRequest


def client_ip(request: HttpRequest | None) -> str | None:
    """The client address as Django sees it. Behind a proxy, set BEHIND_TLS_PROXY and have the
    proxy overwrite REMOTE_ADDR (or X-Forwarded-For, read by django-axes)."""
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None
