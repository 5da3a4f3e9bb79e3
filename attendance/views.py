"""Attendance pages (복무): my day with the clock buttons, my month (내 근무), my leave (balance,
requests, a new request, one request with its approval and cancellation)."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from approval.selectors import subject_approval
from attendance.clock import clock_today
from attendance.corrections import correction_submit
from attendance.flexible import flexible_submit
from attendance.forms import (
    CancelForm,
    CorrectionForm,
    FlexibleWorkForm,
    LeaveRequestForm,
    MonthForm,
    OvertimeForm,
    TripCancelForm,
    TripForm,
    TripSettleForm,
)
from attendance.models import TRIP_SETTLEABLE, ClockKind, TravelRates, Trip, TripStatus
from attendance.overtime import overtime_submit
from attendance.permissions import access_leave, access_trip
from attendance.selectors import Day, balance_for, my_ledger, my_month, my_requests, today_for
from attendance.services import leave_cancel_request, leave_request_submit
from attendance.trips import may_cancel, may_settle, travel_line, trip_cancel, trip_settle, trip_submit
from budget.charges import balance
from core.forms import apply_errors
from core.htmx import render_page
from core.http import client_ip
from org.models import User


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - LoginRequiredMiddleware lets only signed-in users here
    return user


def clock_context(user: User, *, error: str = "") -> dict:
    return {"today": today_for(user), "clock_error": error}


@require_GET
def today(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    context = {
        **clock_context(user),
        "balance": balance_for(user),
        "requests": my_requests(user, limit=10),
        "ledger": my_ledger(user),
    }
    return render_page(request, "attendance/today.html", context)


@require_http_methods(["GET", "POST"])
def clock_view(request: HttpRequest) -> HttpResponse:
    """GET: the clock panel with today's times (the home page loads it with htmx). POST: 출근 or
    퇴근, one click: htmx swaps the clock panel (drawn from what the click read and wrote, no
    further query); without htmx, back to the page."""
    user = _user(request)
    if request.method == "GET":
        return render_page(request, "attendance/_clock.html", clock_context(user))
    kind = request.POST.get("kind", "")
    error = ""
    status = 200
    done = None
    if kind not in ClockKind.values:
        error, status = _("출근 또는 퇴근을 선택하세요."), 400
    else:
        try:
            done = clock_today(person=user, kind=kind, ip=client_ip(request))
        except ValidationError as exc:
            error, status = " ".join(exc.messages), 403
        else:
            if not getattr(request, "htmx", False):
                label = done.record.get_kind_display()
                if done.created:
                    messages.success(request, _("%(kind)s을 기록했습니다.") % {"kind": label})
                else:
                    messages.info(request, _("오늘 %(kind)s은 이미 기록되어 있습니다.") % {"kind": label})
    if not getattr(request, "htmx", False):
        if error:
            messages.error(request, error)
        return redirect((request.POST.get("next") == "home" and "home") or "attendance:today")
    if done is None:
        context = clock_context(user, error=error)
    else:
        context = {
            "today": Day(day=done.record.day, clock_in=done.clock_in, clock_out=done.clock_out),
            "clock_error": error,
        }
    return render_page(request, "attendance/_clock.html", context, status=status)


@require_GET
def month(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = MonthForm(request.GET)
    today_date = timezone.localdate()
    year, month_number = today_date.year, today_date.month
    status = 200
    if form.is_valid() and form.cleaned_data["month"]:
        year, month_number = form.cleaned_data["month"]
    elif not form.is_valid():
        status = 400
    context = {"form": form, "month": my_month(user, year, month_number), "first": date(year, month_number, 1)}
    return render_page(request, "attendance/month.html", context, status=status)


@require_http_methods(["GET", "POST"])
def leave_new(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if request.method == "POST":
        form = LeaveRequestForm(request.POST, request.FILES, user=user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                leave = leave_request_submit(
                    certificate_files=[data["certificate"]] if data.get("certificate") else None,
                    actor=user,
                    leave_type=data["leave_type"],
                    start_date=data["start_date"],
                    end_date=data["end_date"],
                    portion=data["portion"],
                    reason=data["reason"],
                    proxy=data["proxy"],
                    submission_token=data["submission_token"],
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("휴가를 신청했습니다. 결재가 끝나면 연가에서 차감됩니다."))
                return redirect("attendance:leave_detail", leave.pk)
        status = 422
    else:
        form = LeaveRequestForm(user=user)
        status = 200
    context = {"form": form, "balance": balance_for(user)}
    return render_page(request, "attendance/leave_form.html", context, status=status)


@require_GET
def leave_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    leave = access_leave(user, pk)
    context = {
        "leave": leave,
        "approval": subject_approval(leave),
        "is_applicant": leave.applicant_id == user.pk,
        "cancel_form": CancelForm(),
        "cancellations": list(leave.cancellations.order_by("-pk")),
    }
    return render_page(request, "attendance/leave_detail.html", context)


@require_POST
def leave_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    leave = access_leave(user, pk, for_write=True)
    form = CancelForm(request.POST)
    if form.is_valid():
        try:
            leave_cancel_request(actor=user, leave=leave, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("휴가 취소를 신청했습니다. 결재가 끝나면 연가가 복구됩니다."))
            return redirect("attendance:leave_detail", leave.pk)
    context = {
        "leave": leave,
        "approval": subject_approval(leave),
        "is_applicant": True,
        "cancel_form": form,
        "cancellations": list(leave.cancellations.order_by("-pk")),
    }
    return render_page(request, "attendance/leave_detail.html", context, status=422)


@require_http_methods(["GET", "POST"])
def correction_new(request: HttpRequest) -> HttpResponse:
    """근태 정정 신청: another time for one day's 출근 or 퇴근, decided through e-approval."""
    user = _user(request)
    if request.method == "POST":
        form = CorrectionForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                correction_submit(
                    actor=user, day=data["day"], kind=data["kind"], at_time=data["at_time"], reason=data["reason"]
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("근태 정정을 신청했습니다. 승인되면 정정한 시각으로 계산합니다."))
                return redirect(f"{reverse('attendance:month')}?month={data['day']:%Y-%m}")
        return render_page(request, "attendance/correction_form.html", {"form": form}, status=422)
    initial = {key: request.GET[key] for key in ("day", "kind") if key in request.GET}
    return render_page(request, "attendance/correction_form.html", {"form": CorrectionForm(initial=initial)})


@require_http_methods(["GET", "POST"])
def flexible_new(request: HttpRequest) -> HttpResponse:
    """유연근무 신청 for a period, decided through e-approval."""
    user = _user(request)
    if request.method == "POST":
        form = FlexibleWorkForm(request.POST)
        if form.is_valid():
            try:
                flexible_submit(actor=user, **form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("유연근무를 신청했습니다. 승인되면 그 기간의 출퇴근 시각이 바뀝니다."))
                return redirect("attendance:today")
        return render_page(request, "attendance/flexible_form.html", {"form": form}, status=422)
    return render_page(request, "attendance/flexible_form.html", {"form": FlexibleWorkForm()})


@require_http_methods(["GET", "POST"])
def overtime_new(request: HttpRequest) -> HttpResponse:
    """시간외근무 사전 신청, decided through e-approval; the caps are checked here."""
    user = _user(request)
    if request.method == "POST":
        form = OvertimeForm(request.POST)
        if form.is_valid():
            try:
                overtime_submit(actor=user, **form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("시간외근무를 신청했습니다. 실제 시간은 출퇴근 기록으로 계산합니다."))
                return redirect("attendance:today")
        return render_page(request, "attendance/overtime_form.html", {"form": form}, status=422)
    return render_page(request, "attendance/overtime_form.html", {"form": OvertimeForm()})


@require_GET
def trip_list(request: HttpRequest) -> HttpResponse:
    """My trips (내 출장): estimate, status, 정산."""
    user = _user(request)
    trips = Trip.objects.filter(person=user).select_related("budget_line").order_by("-start_date", "-pk")[:100]
    return render_page(request, "attendance/trip_list.html", {"trips": trips})


@require_http_methods(["GET", "POST"])
def trip_new(request: HttpRequest) -> HttpResponse:
    """출장 신청 with the 여비 estimated from the table, decided through e-approval."""
    user = _user(request)
    line = travel_line(user)
    context: dict = {"rates": TravelRates.current(), "line": line, "line_balance": balance(line) if line else None}
    if request.method == "POST":
        form = TripForm(request.POST, user=user)
        if form.is_valid():
            try:
                trip = trip_submit(actor=user, **form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("출장을 신청했습니다. 승인되면 예상 여비가 국내여비 예산에 잡힙니다."))
                return redirect("attendance:trip_detail", trip.pk)
        return render_page(request, "attendance/trip_form.html", {**context, "form": form}, status=422)
    return render_page(request, "attendance/trip_form.html", {**context, "form": TripForm(user=user)})


def _trip_context(
    user: User, trip: Trip, form: TripSettleForm | None = None, cancel_form: TripCancelForm | None = None
) -> dict:
    return {
        "trip": trip,
        "approval": subject_approval(trip),
        # 정산 once the trip is over (the service says so too, for a form posted early).
        "may_settle": trip.status in TRIP_SETTLEABLE
        and trip.end_date <= timezone.localdate()
        and may_settle(user, trip),
        "settle_form": form or TripSettleForm(),
        "may_cancel": may_cancel(user, trip),
        "cancel_form": cancel_form or TripCancelForm(),
    }


@require_GET
def trip_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    trip = access_trip(user, pk)
    return render_page(request, "attendance/trip_detail.html", _trip_context(user, trip))


@require_POST
def trip_settle_view(request: HttpRequest, pk: int) -> HttpResponse:
    """정산: the receipts' amounts and the account to pay; the actual 여비 goes to approval as a
    지출결의 whose approval executes it and releases the rest."""
    user = _user(request)
    trip = access_trip(user, pk, for_write=True)
    form = TripSettleForm(request.POST)
    if form.is_valid():
        try:
            trip = trip_settle(actor=user, trip=trip, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            if trip.status == TripStatus.SETTLED:
                messages.success(request, _("정산할 여비가 없어 바로 정산을 마쳤습니다."))
            else:
                messages.success(request, _("여비 정산 지출결의를 상신했습니다. 승인되면 정산액이 예산에 집행됩니다."))
            return redirect("attendance:trip_detail", trip.pk)
    return render_page(request, "attendance/trip_detail.html", _trip_context(user, trip, form), status=422)


@require_POST
def trip_cancel_view(request: HttpRequest, pk: int) -> HttpResponse:
    """출장 취소: the committed 여비 is released and the days leave the calendar."""
    user = _user(request)
    trip = access_trip(user, pk, for_write=True)
    form = TripCancelForm(request.POST)
    if form.is_valid():
        try:
            trip_cancel(actor=user, trip=trip, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("출장을 취소했습니다. 잡혀 있던 여비는 예산으로 돌아갔습니다."))
            return redirect("attendance:trip_detail", trip.pk)
    return render_page(request, "attendance/trip_detail.html", _trip_context(user, trip, cancel_form=form), status=422)
