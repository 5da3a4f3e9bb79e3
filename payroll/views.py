"""Payroll pages: 내 급여 (my payslips: staff see only their own, once finalised), a payslip, and
for the 급여 담당 and auditors the runs of the institution with their progress."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.htmx import render_page
from payroll.models import RunKind, RunStatus
from payroll.permissions import access_payslip, access_run, is_payroll_officer, sees_all_payroll
from payroll.selectors import my_payslips, run_list, run_slips, run_totals, slip_lines
from payroll.services import PayrollError, payroll_run_budget_check, payroll_run_create, payroll_run_enqueue

PER_PAGE = 50


@require_GET
def my_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(my_payslips(request.user), 24).get_page(request.GET.get("page"))
    return render_page(request, "payroll/my_list.html", {"page": page, "sees_all": sees_all_payroll(request.user)})


@require_GET
def slip_detail(request: HttpRequest, pk: int) -> HttpResponse:
    slip = access_payslip(request.user, pk)
    return render_page(
        request,
        "payroll/slip_detail.html",
        {"slip": slip, "lines": slip_lines(slip), "own": slip.user_id == request.user.pk},
    )


def _parse_month(text: str) -> datetime.date | None:
    try:
        year, month = text.split("-")
        return datetime.date(int(year), int(month), 1)
    except ValueError:
        return None


@require_http_methods(["GET", "POST"])
def run_list_view(request: HttpRequest) -> HttpResponse:
    if not sees_all_payroll(request.user):
        return redirect("payroll:my")
    error = ""
    if request.method == "POST":
        if not is_payroll_officer(request.user):
            messages.error(request, _("급여 담당만 급여를 작성할 수 있습니다."))
            return redirect("payroll:runs")
        month = _parse_month(request.POST.get("month", ""))
        if month is None or not datetime.date(2025, 1, 1) <= month <= datetime.date(2026, 12, 1):
            error = _("귀속 월을 2026-07처럼 고르세요. 2025년 1월부터 2026년 12월까지 계산할 수 있습니다.")
        else:
            try:
                run = payroll_run_create(actor=request.user, month=month, kind=RunKind.REGULAR)
            except PayrollError as refused:
                error = str(refused)
            else:
                return redirect("payroll:run_detail", pk=run.pk)
    page = Paginator(run_list(), PER_PAGE).get_page(request.GET.get("page"))
    return render_page(
        request,
        "payroll/run_list.html",
        {
            "page": page,
            "error": error,
            "officer": is_payroll_officer(request.user),
            "month_value": request.POST.get("month", ""),
        },
        status=422 if error else 200,
    )


@require_GET
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = access_run(request.user, pk)
    page = Paginator(run_slips(run), PER_PAGE).get_page(request.GET.get("page"))
    return render_page(
        request,
        "payroll/run_detail.html",
        {
            "run": run,
            "totals": run_totals(run),
            "page": page,
            "officer": is_payroll_officer(request.user),
            "can_calculate": run.status in (RunStatus.PREPARED, RunStatus.CALCULATING),
            "can_check_budget": run.status in (RunStatus.REVIEW, RunStatus.BUDGET_CHECK),
        },
        partial="progress",
    )


@require_POST
def run_calculate(request: HttpRequest, pk: int) -> HttpResponse:
    run = access_run(request.user, pk, for_write=True)
    try:
        chunks = payroll_run_enqueue(actor=request.user, run=run)
    except PayrollError as refused:
        messages.error(request, str(refused))
    else:
        if chunks:
            messages.success(request, _("계산을 시작했습니다. 진행 상황이 이 화면에 표시됩니다."))
    return redirect("payroll:run_detail", pk=run.pk)


@require_POST
def run_budget_check(request: HttpRequest, pk: int) -> HttpResponse:
    run = access_run(request.user, pk, for_write=True)
    try:
        problems = payroll_run_budget_check(actor=request.user, run=run)
    except PayrollError as refused:
        messages.error(request, str(refused))
    else:
        if problems:
            messages.error(request, _("예산이 부족하거나 연결되지 않은 예산과목이 있어 결재로 넘길 수 없습니다."))
        else:
            messages.success(request, _("모든 예산과목의 잔액이 이 급여를 충당합니다."))
    return redirect("payroll:run_detail", pk=run.pk)
