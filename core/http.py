"""Small request helpers shared by every app."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse


def client_ip(request: HttpRequest | None) -> str | None:
    """The client address as Django sees it. Behind a proxy, set BEHIND_TLS_PROXY and have the
    proxy overwrite REMOTE_ADDR (or X-Forwarded-For, read by django-axes)."""
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def render_page(
    request: HttpRequest, template: str, context: dict, *, partial: str | None = None, status: int = 200
) -> HttpResponse:
    """Render the full page, or only the named partial when the request comes from htmx."""
    name = f"{template}#{partial}" if partial and getattr(request, "htmx", False) else template
    return TemplateResponse(request, name, context, status=status)
