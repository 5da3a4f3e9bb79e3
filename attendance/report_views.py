"""Attendance list pages and reports: 시간외근무 (with the paid split and the institution's
deduction), the department's leave calendar, the year-end 연차 left (연차수당 inputs), and the
reports HR and auditors read and download as XLSX (근태현황, 연가사용현황, 초과근무현황, 출장현황)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from attendance.models import AttendanceSettings, EntitlementBasis, PromotionStep
from attendance.permissions import may_read_all
from attendance.plugin import ATTENDANCE_OFFICER
from attendance.promotion import (
    allowance_days,
    designation_deadline,
    first_year_notices_due,
    hire_date_notices_due,
    notice_window,
    promoted,
    promotion_counts,
    promotion_designations_issue,
    promotion_designations_issue_by_hire_date,
    promotion_notices_issue,
    promotion_notices_issue_by_hire_date,
    promotion_plan_submit,
    steps_for,
)
from attendance.reports import (
    REPORTS,
    YEARLY,
    build_report,
    department_leave_calendar,
    leave_year_rows,
    overtime_rows,
    visible_people,
)
from core.htmx import render_page
from core.params import parse_id, parse_int, parse_month
from core.templatetags.korean import kdate, won
from core.xlsx import xlsx_response
from org.models import Department, User
from org.roles import AUDITOR


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - LoginRequiredMiddleware lets only signed-in users here
    return user


def _month(request: HttpRequest) -> tuple[int, int, dict[str, str]]:
    today = timezone.localdate()
    year, month = parse_month(request.GET.get("month"), label=_("월"), default=(today.year, today.month))
    first = date(year, month, 1)
    previous = (first - timedelta(days=1)).replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return year, month, {"value": f"{first:%Y-%m}", "previous": f"{previous:%Y-%m}", "next": f"{following:%Y-%m}"}


def _year(request: HttpRequest) -> int:
    return parse_int(
        request.GET.get("year"), label=_("연도"), minimum=2000, maximum=2100, default=timezone.localdate().year
    )


@require_GET
def overtime_list(request: HttpRequest) -> HttpResponse:
    """The month's 시간외근무: mine, my departments' (heads), everyone's (HR, admins, auditors)."""
    user = _user(request)
    year, month, nav = _month(request)
    rows = overtime_rows(visible_people(user), year, month)
    context = {
        "rows": rows,
        "nav": nav,
        "year": year,
        "month": month,
        "deduction": AttendanceSettings.current().overtime_deduction_minutes,
        "paid_total": sum((row.paid_hours for row in rows), Decimal(0)),
    }
    return render_page(request, "attendance/overtime_list.html", context)


@require_GET
def leave_calendar(request: HttpRequest) -> HttpResponse:
    """부서 휴가 달력: who of the department is away when. Staff see their own department, heads
    the ones they head, HR, admins and auditors any (`?department=`)."""
    user = _user(request)
    year, month, nav = _month(request)
    wanted = parse_id(request.GET.get("department"), label=_("부서"))
    if may_read_all(user):
        choices = list(Department.objects.filter(is_active=True).order_by("path"))
    else:
        allowed = {user.department_id, *Department.objects.filter(head=user).values_list("pk", flat=True)} - {None}
        choices = list(Department.objects.filter(pk__in=allowed).order_by("path"))
    by_pk = {d.pk: d for d in choices}
    if wanted is not None and wanted not in by_pk:
        raise Http404
    department = by_pk.get(wanted or user.department_id or 0) or (choices[0] if choices else None)
    days, rows = department_leave_calendar(department, year, month) if department else ([], [])
    context = {
        "nav": nav,
        "year": year,
        "month": month,
        "department": department,
        "choices": choices,
        "days": days,
        "rows": rows,
        "today": timezone.localdate(),
    }
    return render_page(request, "attendance/leave_calendar.html", context)


@require_GET
def leave_year_end(request: HttpRequest) -> HttpResponse:
    """The 연차 left at the end of a year per person: what 연가보상비·연차수당 are paid for."""
    user = _user(request)
    if not may_read_all(user) and not Department.objects.filter(head=user).exists():
        raise PermissionDenied(_("연차 잔여 현황은 부서장과 인사 담당, 감사 담당만 볼 수 있습니다."))
    year = _year(request)
    rows = leave_year_rows(visible_people(user), year)
    by_hire_date = AttendanceSettings.current().entitlement_basis == EntitlementBasis.HIRE
    done = promoted(None if by_hire_date else date(year, 12, 31), [row.person.pk for row in rows], year=year)
    owed = [(row, allowance_days(row.left, promoted_person=row.person.pk in done)) for row in rows]
    context = {
        "rows": owed,
        "year": year,
        "left_total": sum((row.left for row in rows if row.left > 0), Decimal(0)),
        "owed_total": sum((days for _row, days in owed), Decimal(0)),
    }
    return render_page(request, "attendance/leave_year_end.html", context)


def _shown(value: object, money: bool) -> str:
    if value is None:
        return "-" if money else ""
    if money and isinstance(value, int | Decimal):
        return won(value)
    if isinstance(value, date):
        return kdate(value)
    return str(value)


def _may_report(user: User) -> bool:
    return user.is_superuser or bool({ATTENDANCE_OFFICER, AUDITOR} & set(user.role_names()))


@require_GET
def report_index(request: HttpRequest) -> HttpResponse:
    if not _may_report(_user(request)):
        raise PermissionDenied(_("복무 보고서는 인사 담당과 감사 담당만 볼 수 있습니다."))
    return render_page(request, "attendance/report_index.html", {"reports": REPORTS, "yearly": YEARLY})


@require_GET
def report(request: HttpRequest, code: str) -> HttpResponse:
    """One report for a month (a year for 연가사용현황); `?export=xlsx` downloads it."""
    if code not in REPORTS:
        raise Http404
    if not _may_report(_user(request)):
        raise PermissionDenied(_("복무 보고서는 인사 담당과 감사 담당만 볼 수 있습니다."))
    year, month, nav = _month(request)
    if code in YEARLY:
        year = _year(request)
    found = build_report(code, year, month)
    if request.GET.get("export") == "xlsx":
        return xlsx_response(
            filename=f"{found.title}_{found.period}", title=found.title, headers=found.headers, rows=found.rows
        )
    shown = [[_shown(value, n in found.money_columns) for n, value in enumerate(row)] for row in found.rows]
    context = {"report": found, "shown": shown, "nav": nav, "year": year, "yearly": code in YEARLY}
    return render_page(request, "attendance/report.html", context)


@require_http_methods(["GET", "POST"])
def promotion(request: HttpRequest) -> HttpResponse:
    """연차 사용촉진 (§61) for the leave that expires at the end of `year` (회계연도 basis) or on
    each person's own day in `year` (입사일 basis): HR records the 1차 notice and the 2차
    designation (each on today's date, inside the statutory window: on the 입사일 basis, for
    whoever's window holds today); a staff member who was noticed hands in their plan."""
    user = _user(request)
    year = (
        _year(request)
        if request.method == "GET"
        else parse_int(
            request.POST.get("year"), label=_("연도"), minimum=2000, maximum=2100, default=timezone.localdate().year
        )
    )
    by_hire_date = AttendanceSettings.current().entitlement_basis == EntitlementBasis.HIRE
    expires_on = None if by_hire_date else date(year, 12, 31)
    today = timezone.localdate()
    hr = user.is_superuser or ATTENDANCE_OFFICER in user.role_names()
    error = ""
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "notice" and expires_on is None:
                count = promotion_notices_issue_by_hire_date(actor=user, on=today)
                messages.success(request, _("%(n)d명에게 1차 통지를 기록했습니다.") % {"n": count})
            elif action == "designate" and expires_on is None:
                count = promotion_designations_issue_by_hire_date(
                    actor=user, on=today, note=request.POST.get("note", "")[:300]
                )
                messages.success(request, _("%(n)d명에게 2차 통보(사용 시기 지정)를 기록했습니다.") % {"n": count})
            elif action == "notice" and expires_on is not None:
                count = promotion_notices_issue(actor=user, expires_on=expires_on, on=today)
                messages.success(request, _("%(n)d명에게 1차 통지를 기록했습니다.") % {"n": count})
            elif action == "designate" and expires_on is not None:
                count = promotion_designations_issue(
                    actor=user, expires_on=expires_on, on=today, note=request.POST.get("note", "")[:300]
                )
                messages.success(request, _("%(n)d명에게 2차 통보(사용 시기 지정)를 기록했습니다.") % {"n": count})
            elif action == "plan":
                promotion_plan_submit(
                    actor=user, expires_on=expires_on, plan=request.POST.get("plan", "")[:300], on=today
                )
                messages.success(request, _("연차 사용 계획을 제출했습니다."))
            else:
                raise Http404
        except ValidationError as exc:
            error = " ".join(exc.messages)
            status = 422
        else:
            return redirect(f"{reverse('attendance:promotion')}?year={year}")
    mine = steps_for(user, expires_on, year=year)
    context = {
        "year": year,
        "expires_on": expires_on,
        "by_hire_date": by_hire_date,
        "hr": hr,
        "mine": mine,
        "can_plan": bool(mine) and mine[-1].step == PromotionStep.NOTICE,
        "error": error,
        "counts": promotion_counts(expires_on, year=year) if hr or may_read_all(user) else None,
        "due_today": len(hire_date_notices_due(today)) + len(first_year_notices_due(today))
        if by_hire_date and hr
        else None,
    }
    if expires_on is not None:
        notice_start, notice_end = notice_window(expires_on)
        context |= {
            "notice_start": notice_start,
            "notice_end": notice_end,
            "designation_deadline": designation_deadline(expires_on),
        }
    return render_page(request, "attendance/promotion.html", context, status=status)
