"""The one place that decides between a full page and a partial (STYLE.md: NetBox htmx/table).

A view names its template and, optionally, the `{% partialdef %}` an htmx request gets; forms
that fail validation answer 422 so htmx swaps the form with its errors in place.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.template.response import TemplateResponse


def render_page(
    request: HttpRequest,
    template: str,
    context: dict,
    *,
    partial: str | None = None,
    status: int = 200,
    headers: dict[str, str] | None = None,
) -> TemplateResponse:
    name = f"{template}#{partial}" if partial and getattr(request, "htmx", False) else template
    return TemplateResponse(request, name, context, status=status, headers=headers)
