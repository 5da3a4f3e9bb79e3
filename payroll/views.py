"""Payroll pages: 내 급여 (my payslips: staff see only their own, once finalised), a payslip, and
for the 급여 담당 and auditors the runs of the institution with their progress."""

from __future__ import annotations

import datetime
from urllib.parse import quote

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from approval.selectors import subject_approval
from core.downloads import generated_download
from core.htmx import render_page
from core.pdf import FONT_URL, html_to_pdf
from core.xlsx import xlsx_response
from payroll.corrections import correction_run_calculate, correction_run_create
from payroll.engine.parameters import ParametersMissing, parameters_for
from payroll.engine.withholding import WithholdingMissing, version_for
from payroll.flow import (
    payroll_run_finalise,
    payroll_run_mark_paid,
    payroll_run_submit,
    payroll_run_transfer_file,
)
from payroll.models import CORRECTION_KINDS, Payslip, RunKind, RunStatus
from payroll.permissions import access_payslip, access_run, is_payroll_officer, sees_all_payroll
from payroll.reports import REGISTER_HEADERS, register_rows
from payroll.review import review_rows
from payroll.selectors import insurance_summary, my_payslips, run_list, run_slips, run_totals, slip_lines
from payroll.services import PayrollError, payroll_run_budget_check, payroll_run_create, payroll_run_enqueue

PER_PAGE = 50


@require_GET
def my_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(my_payslips(request.user), 24).get_page(request.GET.get("page"))
    return render_page(request, "payroll/my_list.html", {"page": page, "sees_all": sees_all_payroll(request.user)})


@require_GET
def slip_detail(request: HttpRequest, pk: int) -> HttpResponse:
    slip = access_payslip(request.user, pk)
    if request.GET.get("format") == "pdf":
        return _slip_pdf(request, slip)
    return render_page(
        request,
        "payroll/slip_detail.html",
        {
            "slip": slip,
            "lines": slip_lines(slip),
            "own": slip.user_id == request.user.pk,
            "sees_all": sees_all_payroll(request.user),
        },
    )


def _engine_refusal(month: datetime.date) -> str | None:
    """Why the statutory engine cannot calculate the month (its rates or tax table are not
    loaded), in its own Korean words, or None."""
    try:
        parameters_for(month)
        version_for(month)
    except (ParametersMissing, WithholdingMissing) as missing:
        return str(missing)
    return None


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
        if month is None:
            error = _("귀속 월을 2026-07처럼 고르세요.")
        elif (missing := _engine_refusal(month)) is not None:
            error = missing
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
            "sees_all": True,
            "month_value": request.POST.get("month", ""),
        },
        status=422 if error else 200,
    )


@require_GET
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = access_run(request.user, pk)
    page = Paginator(run_slips(run), PER_PAGE).get_page(request.GET.get("page"))
    totals = run_totals(run)
    reviewed = run.status != RunStatus.PREPARED and run.kind not in CORRECTION_KINDS
    flagged = review_rows(run, flagged_only=True) if reviewed else []
    officer = is_payroll_officer(request.user)
    final = run.status in (RunStatus.FINALISED, RunStatus.PAID)
    return render_page(
        request,
        "payroll/run_detail.html",
        {
            "run": run,
            "flagged": flagged,
            "totals": totals,
            "insurance": insurance_summary(totals),
            "page": page,
            "officer": officer,
            "sees_all": sees_all_payroll(request.user),
            "correction": run.kind in CORRECTION_KINDS,
            "can_calculate": run.status in (RunStatus.PREPARED, RunStatus.CALCULATING),
            "can_check_budget": run.status in (RunStatus.REVIEW, RunStatus.BUDGET_CHECK),
            "can_submit": run.status == RunStatus.BUDGET_CHECK,
            "can_finalise": run.status == RunStatus.APPROVAL and run.approved_at is not None,
            "can_pay": run.status == RunStatus.FINALISED,
            "final": final,
            "can_correct": officer and final and run.kind in (RunKind.REGULAR, RunKind.BONUS),
            "corrections": list(run.corrections.order_by("created_at"))
            if run.kind in (RunKind.REGULAR, RunKind.BONUS)
            else [],
            "approval": subject_approval(run) if run.document_id else None,
            "correction_kinds": [(k.value, k.label) for k in CORRECTION_KINDS],
        },
        partial="progress",
    )


@require_POST
def run_calculate(request: HttpRequest, pk: int) -> HttpResponse:
    run = access_run(request.user, pk, for_write=True)
    if run.kind in CORRECTION_KINDS:
        try:
            run = correction_run_calculate(actor=request.user, run=run)
        except PayrollError as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, _("확정된 급여와의 차액을 계산했습니다: %(n)s명") % {"n": run.total_count})
        return redirect("payroll:run_detail", pk=run.pk)
    try:
        chunks = payroll_run_enqueue(actor=request.user, run=run)
    except PayrollError as refused:
        messages.error(request, str(refused))
    else:
        if chunks:
            messages.success(request, _("계산을 시작했습니다. 진행 상황이 이 화면에 표시됩니다."))
    return redirect("payroll:run_detail", pk=run.pk)


@require_POST
def run_submit(request: HttpRequest, pk: int) -> HttpResponse:
    """상신: the 급여지급 결의 along the line the delegation table suggests (payroll.flow)."""
    run = access_run(request.user, pk, for_write=True)
    try:
        payroll_run_submit(actor=request.user, run=run)
    except PayrollError as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, _("급여지급 결의를 상신했습니다. 결재가 끝나면 예산이 집행되고 전표가 기록됩니다."))
    return redirect("payroll:run_detail", pk=run.pk)


@require_POST
def run_finalise(request: HttpRequest, pk: int) -> HttpResponse:
    run = access_run(request.user, pk, for_write=True)
    try:
        payroll_run_finalise(actor=request.user, run=run)
    except PayrollError as refused:
        messages.error(request, str(refused))
    else:
        messages.success(
            request, _("급여를 확정했습니다. 이제 명세서는 고칠 수 없고, 직원이 내 급여에서 볼 수 있습니다.")
        )
    return redirect("payroll:run_detail", pk=run.pk)


@require_GET
def run_transfer(request: HttpRequest, pk: int) -> HttpResponse:
    """The bank transfer file (CP949 CSV in the firm-banking layout); each download is audited."""
    run = access_run(request.user, pk, for_write=True)
    try:
        content = payroll_run_transfer_file(actor=request.user, run=run, ip_address=request.META.get("REMOTE_ADDR"))
    except PayrollError as refused:
        messages.error(request, str(refused))
        return redirect("payroll:run_detail", pk=run.pk)
    name = f"급여이체_{run.month:%Y-%m}_{run.get_kind_display()}.csv"
    return generated_download(content, filename=name, content_type="text/csv; charset=cp949")


@require_POST
def run_pay(request: HttpRequest, pk: int) -> HttpResponse:
    run = access_run(request.user, pk, for_write=True)
    try:
        payroll_run_mark_paid(actor=request.user, run=run)
    except PayrollError as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, _("지급 처리했습니다. 실지급액의 지급 전표가 기록되었습니다."))
    return redirect("payroll:run_detail", pk=run.pk)


@require_POST
def run_correct(request: HttpRequest, pk: int) -> HttpResponse:
    """A 소급 or 정정 run for the month of this finalised run (payroll.corrections)."""
    run = access_run(request.user, pk, for_write=True)
    kind = request.POST.get("kind", RunKind.RETROACTIVE)
    try:
        correction = correction_run_create(actor=request.user, corrects=run, kind=kind)
    except PayrollError as refused:
        messages.error(request, str(refused))
        return redirect("payroll:run_detail", pk=run.pk)
    return redirect("payroll:run_detail", pk=correction.pk)


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


def _slip_pdf(request: HttpRequest, slip: Payslip) -> HttpResponse:
    html = render_to_string(
        "payroll/slip_pdf.html",
        {
            "slip": slip,
            "lines": slip_lines(slip),
            "font_url": FONT_URL,
            "institution_name": getattr(getattr(request, "tenant", None), "name", ""),
            "printed_on": timezone.localdate(),
        },
    )
    response = HttpResponse(html_to_pdf(html), content_type="application/pdf")
    name = f"급여명세서_{slip.month:%Y-%m}_{slip.user.name}.pdf"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


@require_GET
def run_register(request: HttpRequest, pk: int) -> HttpResponse:
    """급여대장 XLSX: one row per slip, the statutory columns and the employer total."""
    run = access_run(request.user, pk)
    rows = register_rows(run)
    title = f"{run.month.year}년 {run.month.month}월 {run.get_kind_display()} 급여대장"
    return xlsx_response(filename=title.replace(" ", "_"), title=title, headers=REGISTER_HEADERS, rows=rows)
