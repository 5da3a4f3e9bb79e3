"""The notification list, opening one (marked read, then on to its page), 모두 읽음, and the unread
badge the header loads with htmx."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.htmx import render_page
from notifications.models import Notification, category_labels
from notifications.selectors import notifications_for, unread_count
from notifications.services import notification_mark_all_read, notification_open

PER_PAGE = 30


@require_GET
def notification_list(request: HttpRequest) -> HttpResponse:
    unread_only = request.GET.get("show") == "unread"
    category = request.GET.get("category", "")
    labels = category_labels()
    if category not in labels:
        category = ""
    rows = notifications_for(request.user, unread_only=unread_only, category=category)
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "unread": unread_count(request.user),
        "unread_only": unread_only,
        "category": category,
        "categories": sorted((name, str(label)) for name, label in labels.items()),
    }
    return render_page(request, "notifications/list.html", context, partial="results")


@require_POST
def notification_go(request: HttpRequest, pk: int) -> HttpResponse:
    """Open a notification: it is read now, and the browser goes to its page — only ever a path
    on this same site (a stored link can never send anyone elsewhere)."""
    try:
        notification = notification_open(user=request.user, pk=pk)
    except Notification.DoesNotExist:
        raise Http404(_("알림을 찾을 수 없습니다.")) from None
    target = notification.url
    if not target.startswith("/") or not url_has_allowed_host_and_scheme(target, allowed_hosts=None):
        return redirect("notifications:list")
    return redirect(target)


@require_POST
def notification_read_all(request: HttpRequest) -> HttpResponse:
    notification_mark_all_read(user=request.user)
    if getattr(request, "htmx", False):
        return notification_list(_as_get(request))
    return redirect("notifications:list")


def _as_get(request: HttpRequest) -> HttpRequest:
    request.method = "GET"
    return request


@require_GET
def notification_badge(request: HttpRequest) -> HttpResponse:
    """The unread count in the header (one query), refreshed by htmx every minute."""
    return render_page(request, "notifications/badge.html", {"unread": unread_count(request.user)})
