from functools import cached_property
from typing import Any

from django.conf import settings
from django.db import connection
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject
from django.utils.module_loading import import_string
from django_tenants.utils import get_public_schema_name

from core.plugins import INSTITUTION, PROVINCE, NavEntry, registry


class NavItem:
    """A navigation entry (core.plugins.NavEntry) as one request draws it. Its badge is counted
    only when the template reads it, so pages without the navigation (htmx partials) pay nothing."""

    def __init__(self, entry: NavEntry, request: HttpRequest) -> None:
        self.entry = entry
        self.label = entry.label
        self.url_name = entry.url_name
        self.namespaces = entry.namespaces
        self._request = request

    @cached_property
    def count(self) -> int:
        if not self.entry.count:
            return 0
        value = import_string(self.entry.count)(self._request)
        return value if isinstance(value, int) and value > 0 else 0


def nav_items(request: HttpRequest, site: str) -> list[NavItem]:
    user = request.user
    return [NavItem(entry, request) for entry in registry().nav(site) if entry.shown_to(user)]


def site(request: HttpRequest) -> dict[str, Any]:
    tenant = getattr(request, "tenant", None)
    is_province = connection.schema_name == get_public_schema_name()  # type: ignore[attr-defined]  # django-tenants
    here = PROVINCE if is_province else INSTITUTION
    return {
        "site_tenant": tenant,
        "is_province_site": is_province,
        "base_domain": settings.BASE_DOMAIN,
        # Drawn only for signed-in people (base.html), so the user's permissions are read only then.
        "nav_items": SimpleLazyObject(lambda: nav_items(request, here)),
    }
