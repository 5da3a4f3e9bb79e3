"""월 복무 마감 pages: the month's overview (anomalies first, each department's confirmation, the
departments still open, the payroll inputs), the head's 부서 확인, HR's 마감 and its reopening."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from attendance.close import department_confirm, month_close, month_reopen
from attendance.close_pages import close_overview
from attendance.forms import MonthForm, ReopenForm
from core.htmx import render_page
from core.params import parse_id
from org.models import Department, User


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - LoginRequiredMiddleware lets only signed-in users here
    return user


def month_param(data: object) -> tuple[int, int, MonthForm]:
    """The `month` (YYYY-MM) of a GET or POST, this month when absent; a bad value is a form error."""
    form = MonthForm(data)  # type: ignore[arg-type]
    today = timezone.localdate()
    if form.is_valid() and form.cleaned_data["month"]:
        year, month = form.cleaned_data["month"]
        return year, month, form
    return today.year, today.month, form


def _back(year: int, month: int) -> HttpResponse:
    return redirect(f"{reverse('attendance:close')}?month={year:04d}-{month:02d}")


def _page(
    request: HttpRequest, year: int, month: int, *, form: MonthForm, reopen: ReopenForm | None = None, status: int = 200
) -> HttpResponse:
    overview = close_overview(_user(request), year, month)
    first = date(year, month, 1)
    previous = (first - timedelta(days=1)).replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    context = {
        "overview": overview,
        "form": form,
        "first": first,
        "previous": f"{previous:%Y-%m}",
        "next": f"{following:%Y-%m}",
        "month_value": f"{first:%Y-%m}",
        "reopen_form": reopen or ReopenForm(),
    }
    return render_page(request, "attendance/close.html", context, status=status)


@require_GET
def close_page(request: HttpRequest) -> HttpResponse:
    year, month, form = month_param(request.GET)
    return _page(request, year, month, form=form, status=200 if form.is_valid() else 400)


@require_POST
def confirm(request: HttpRequest) -> HttpResponse:
    """부서 확인 by the department's head."""
    user = _user(request)
    year, month, form = month_param(request.POST)
    if not form.is_valid() or not form.cleaned_data["month"]:
        return _page(request, year, month, form=form, status=400)
    department_id = parse_id(request.POST.get("department"), label=_("부서"))
    department = Department.objects.filter(pk=department_id).first() if department_id else None
    if department is None:
        raise Http404
    try:
        department_confirm(actor=user, department=department, year=year, month=month)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return _back(year, month)
    messages.success(request, _("%(name)s의 %(m)d월 복무를 확인했습니다.") % {"name": department.name, "m": month})
    return _back(year, month)


@require_POST
def close(request: HttpRequest) -> HttpResponse:
    """HR's 월 복무 마감 (every department confirmed first)."""
    user = _user(request)
    year, month, form = month_param(request.POST)
    if not form.is_valid() or not form.cleaned_data["month"]:
        return _page(request, year, month, form=form, status=400)
    try:
        month_close(actor=user, year=year, month=month)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return _back(year, month)
    messages.success(request, _("%(y)d년 %(m)d월 복무를 마감했습니다.") % {"y": year, "m": month})
    return _back(year, month)


@require_POST
def reopen(request: HttpRequest) -> HttpResponse:
    """HR reopens a closed month with a reason (audited)."""
    user = _user(request)
    year, month, form = month_param(request.POST)
    if not form.is_valid() or not form.cleaned_data["month"]:
        return _page(request, year, month, form=form, status=400)
    reopen_form = ReopenForm(request.POST)
    if reopen_form.is_valid():
        try:
            month_reopen(actor=user, year=year, month=month, reason=reopen_form.cleaned_data["reason"])
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                reopen_form.add_error(None, exc)
            else:
                for message in exc.messages:
                    reopen_form.add_error(None, message)
        else:
            messages.success(request, _("%(y)d년 %(m)d월 마감을 풀었습니다.") % {"y": year, "m": month})
            return _back(year, month)
    return _page(request, year, month, form=form, reopen=reopen_form, status=422)
