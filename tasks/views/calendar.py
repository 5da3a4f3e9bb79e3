"""일정 pages: the month and week calendars (나/부서/기관), the entry form and the iCalendar export.
Thin: parse, call one selector or service, render."""

from __future__ import annotations

from datetime import date, timedelta
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.forms import apply_errors
from core.htmx import render_page
from core.params import parse_date, parse_month
from tasks.forms.schedules import ScheduleEntryForm
from tasks.ical import calendar_ics
from tasks.models import ScheduleScope
from tasks.permissions.schedules import access_schedule_entry
from tasks.selectors.calendar import (
    SCOPES,
    WEEKDAY_LABELS,
    calendar_items,
    local_midnight,
    month_bounds,
    month_grid,
    week_days,
)
from tasks.services.schedules import schedule_entry_create, schedule_entry_delete, schedule_entry_update
from tenants.services import institution_domain

SCOPE_LABELS = {"me": gettext_lazy("나"), "department": gettext_lazy("부서"), "institution": gettext_lazy("기관")}
# The .ics covers a month back and a year ahead unless a period is asked for.
ICAL_PAST_DAYS = 31
ICAL_AHEAD_DAYS = 366
ICAL_MAX_DAYS = 731


def _scope(request: HttpRequest) -> str:
    scope = request.GET.get("scope", "me")
    return scope if scope in SCOPES else "me"


def _scope_links(view: str, anchor: str, scope: str) -> list[dict]:
    return [
        {"scope": s, "label": SCOPE_LABELS[s], "current": s == scope, "url": f"{reverse(view)}?{anchor}&scope={s}"}
        for s in SCOPES
    ]


@require_GET
def month(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    year, month_number = parse_month(request.GET.get("month"), label=_("월"), default=(today.year, today.month))
    scope = _scope(request)
    first, last = month_bounds(year, month_number)
    items = calendar_items(request.user, first, last, scope=scope, today=today)
    previous = date(year, month_number, 1) - timedelta(days=1)
    following = date(year, month_number, 28) + timedelta(days=4)
    return render_page(
        request,
        "tasks/calendar/month.html",
        {
            "year": year,
            "month": month_number,
            "weeks": month_grid(year, month_number, items, today),
            "weekdays": WEEKDAY_LABELS,
            "scope": scope,
            "scopes": _scope_links("calendar:month", f"month={year}-{month_number:02d}", scope),
            "previous": f"{previous.year}-{previous.month:02d}",
            "next": f"{following.year}-{following.month:02d}",
            "this_month": f"{today.year}-{today.month:02d}",
            "week_of": date(year, month_number, 1) if (year, month_number) != (today.year, today.month) else today,
        },
    )


@require_GET
def week(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    day = parse_date(request.GET.get("date"), label=_("날짜"), default=today)
    monday = day - timedelta(days=day.weekday())
    scope = _scope(request)
    items = calendar_items(request.user, monday, monday + timedelta(days=6), scope=scope, today=today)
    return render_page(
        request,
        "tasks/calendar/week.html",
        {
            "days": week_days(monday, items, today),
            "monday": monday,
            "sunday": monday + timedelta(days=6),
            "scope": scope,
            "scopes": _scope_links("calendar:week", f"date={monday.isoformat()}", scope),
            "previous": monday - timedelta(days=7),
            "next": monday + timedelta(days=7),
            "today": today,
        },
    )


def _back_to_month(start) -> str:
    day = timezone.localtime(start).date()
    return f"{reverse('calendar:month')}?month={day.year}-{day.month:02d}"


def _form_page(request, form, entry=None, status=200) -> HttpResponse:
    return render_page(request, "tasks/calendar/entry_form.html", {"form": form, "entry": entry}, status=status)


def _values(form: ScheduleEntryForm) -> dict:
    data = form.cleaned_data
    return {
        "scope": data["scope"],
        "department": data["department"],
        "title": data["title"],
        "starts_at": data["starts_at"],
        "ends_at": data["ends_at"],
        "all_day": data["all_day"],
        "location": data["location"],
        "note": data["note"],
    }


@require_http_methods(["GET", "POST"])
def entry_new(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = ScheduleEntryForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                entry = schedule_entry_create(actor=request.user, **_values(form))
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("일정을 등록했습니다."))
                return redirect(_back_to_month(entry.starts_at))
        return _form_page(request, form, status=422)
    day = parse_date(request.GET.get("date"), label=_("날짜"), default=timezone.localdate())
    start = local_midnight(day) + timedelta(hours=9)
    scope = request.GET.get("scope")
    form = ScheduleEntryForm(
        initial={
            "scope": scope if scope in ScheduleScope.values else ScheduleScope.PERSONAL,
            "starts_at": start,
            "ends_at": start + timedelta(hours=1),
        },
        user=request.user,
    )
    return _form_page(request, form)


@require_http_methods(["GET", "POST"])
def entry_edit(request: HttpRequest, pk: int) -> HttpResponse:
    entry = access_schedule_entry(request.user, pk, for_write=True)
    if request.method == "POST":
        form = ScheduleEntryForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                entry = schedule_entry_update(entry=entry, actor=request.user, **_values(form))
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("일정을 고쳤습니다."))
                return redirect(_back_to_month(entry.starts_at))
        return _form_page(request, form, entry, status=422)
    # An all-day entry is stored up to midnight after its last day; the form shows the last day.
    ends_at = entry.ends_at - timedelta(days=1) if entry.all_day else entry.ends_at
    form = ScheduleEntryForm(
        initial={
            "scope": entry.scope,
            "department": entry.department_id,
            "title": entry.title,
            "all_day": entry.all_day,
            "starts_at": entry.starts_at,
            "ends_at": ends_at,
            "location": entry.location,
            "note": entry.note,
        },
        user=request.user,
    )
    return _form_page(request, form, entry)


@require_POST
def entry_delete(request: HttpRequest, pk: int) -> HttpResponse:
    entry = access_schedule_entry(request.user, pk, for_write=True)
    start = entry.starts_at
    schedule_entry_delete(entry=entry, actor=request.user)
    messages.success(request, _("일정을 지웠습니다."))
    return redirect(_back_to_month(start))


@require_GET
def ical(request: HttpRequest) -> HttpResponse:
    """The viewer's own calendar (scope 나) as an .ics file."""
    today = timezone.localdate()
    first = parse_date(request.GET.get("from"), label=_("시작일"), default=today - timedelta(days=ICAL_PAST_DAYS))
    last = parse_date(request.GET.get("to"), label=_("종료일"), default=today + timedelta(days=ICAL_AHEAD_DAYS))
    last = min(max(last, first), first + timedelta(days=ICAL_MAX_DAYS))
    items = calendar_items(request.user, first, last, today=today)
    host = institution_domain(request.tenant.schema_name)
    scheme = "https" if request.is_secure() or settings.SECURE_COOKIES else "http"
    body = calendar_ics(
        items,
        name=f"{request.user.name} 일정 · {request.tenant.name}",
        host=host,
        now=timezone.now(),
        base_url=f"{scheme}://{request.get_host()}",
    )
    filename = f"일정_{request.user.name}_{today:%Y%m%d}.ics"
    return HttpResponse(
        body,
        content_type="text/calendar; charset=utf-8",
        headers={"Content-Disposition": f"attachment; filename=\"calendar.ics\"; filename*=UTF-8''{quote(filename)}"},
    )
