"""The admin console's site class: Korean titles, our own login page for everyone, and every console
page reading its URL's values through core.params (core.admin_input)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import URLPattern, URLResolver, path, reverse
from django.utils.translation import gettext_lazy as _

from core.admin_input import ConsoleInput


@dataclass(frozen=True)
class ConsoleView:
    route: str
    view: Callable
    name: str
    label: str
    allowed: Callable[[object], bool]  # allowed(user): whether the index offers it (the view checks again)


class ConsoleSite(admin.AdminSite):
    """Access is decided by `user.is_staff`, which org derives from the role of the current schema
    (institution admin on an institution's host, planning office on the province's).

    Besides models, an app may add a page that is not a model's list (``register_view``); the
    console's index lists it for the people `allowed` says may use it."""

    site_url = "/"
    enable_nav_sidebar = True

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._views: list[ConsoleView] = []

    def register_view(self, route: str, view: Callable, *, name: str, label: str, allowed: Callable) -> None:
        self._views.append(ConsoleView(route=route, view=view, name=name, label=label, allowed=allowed))

    def get_urls(self) -> list[URLPattern | URLResolver]:
        own = [path(v.route, self.admin_view(v.view), name=v.name) for v in self._views]
        return own + super().get_urls()

    def each_context(self, request: HttpRequest) -> dict[str, Any]:
        context = super().each_context(request)
        context["console_views"] = [
            (v.label, reverse(f"{self.name}:{v.name}")) for v in self._views if v.allowed(request.user)
        ]
        return context

    def register(
        self,
        model_or_iterable: type[Model] | Iterable[type[Model]],
        admin_class: type[admin.ModelAdmin[Any]] | None = None,
        **options: Any,
    ) -> None:
        # Every console page reads its URL's values through core.params, whichever app registers
        # it, now or later: the ModelAdmin gets ConsoleInput mixed in here.
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, ConsoleInput):
            admin_class = type(
                admin_class.__name__,
                (ConsoleInput, admin_class),
                {"__module__": admin_class.__module__, "__doc__": admin_class.__doc__},
            )
        super().register(model_or_iterable, admin_class, **options)

    def login(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        # One login page for the whole site; it sends the person back here if their role allows.
        if request.user.is_authenticated:
            # Signed in already: the sign-in page would only send them straight back here (a
            # redirect loop), so let the console role decide now.
            if self.has_permission(request):
                return HttpResponseRedirect(reverse("admin:index", current_app=self.name))
            raise PermissionDenied
        return redirect_to_login(request.get_full_path())


def make_site(name: str, title: str) -> ConsoleSite:
    site = ConsoleSite(name=name)
    site.site_header = title
    site.site_title = title
    site.index_title = _("관리 메뉴")
    return site
