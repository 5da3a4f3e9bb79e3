"""A run's reports (급여 담당 and auditors only; anyone else gets 404 as for the run itself): the
department summary, the 원천징수 summary, the social insurance by agency and the 급여대장 PDF,
each downloadable; the bulk payslip PDFs' progress and (급여 담당) their sending; and a slip's
stored PDF for whoever may see the slip."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.downloads import generated_download, private_file_response
from core.htmx import render_page
from core.pdf import FONT_URL, html_to_pdf
from core.xlsx import XLSX_TYPE, xlsx_bytes
from payroll.models import PayrollRun
from payroll.payslips import (
    PayslipRenderError,
    institution_name,
    payslips_render_enqueue,
    render_progress,
    slip_pdf_bytes,
    slip_pdf_name,
    stored_slip_pdf,
)
from payroll.permissions import access_payslip, access_run, is_payroll_officer
from payroll.reports import (
    DEPARTMENT_HEADERS,
    INSURANCE_HEADERS,
    REGISTER_HEADERS,
    WITHHOLDING_HEADERS,
    department_summary,
    insurance_by_agency,
    register_rows,
    register_totals,
    withholding_summary,
)
from payroll.selectors import run_is_finalised

REPORTS = {
    "departments": "부서별 집계",
    "withholding": "원천징수 집계",
    "insurance": "사회보험 기관별 집계",
}


def _title(run: PayrollRun, report: str) -> str:
    return f"{run.month.year}년 {run.month.month}월 {run.get_kind_display()} 급여 {report}"


def _xlsx(run: PayrollRun, report: str, headers: list[str], rows: list[list[object]]) -> HttpResponse:
    title = _title(run, report)
    return generated_download(
        xlsx_bytes(title=title, headers=headers, rows=rows),
        filename=f"{title.replace(' ', '_')}.xlsx",
        content_type=XLSX_TYPE,
    )


def _context(request: HttpRequest, run: PayrollRun, report: str) -> dict[str, object]:
    return {
        "run": run,
        "report": report,
        "report_label": REPORTS.get(report, ""),
        "reports": REPORTS,
        "officer": is_payroll_officer(request.user),
        "sees_all": True,
    }


@require_GET
def run_reports(request: HttpRequest, pk: int) -> HttpResponse:
    """The run's reports and, once it is finalised, how many payslip PDFs are made."""
    run = access_run(request.user, pk)
    context = _context(request, run, "")
    context["final"] = run_is_finalised(run)
    context["progress"] = render_progress(run)
    return render_page(request, "payroll/reports/index.html", context)


@require_GET
def run_report(request: HttpRequest, pk: int, report: str) -> HttpResponse:
    if report not in REPORTS:
        raise Http404(_("없는 보고서입니다."))
    run = access_run(request.user, pk)
    label = REPORTS[report]
    download = request.GET.get("format") == "xlsx"
    context = _context(request, run, report)
    if report == "departments":
        rows, total = department_summary(run)
        if download:
            return _xlsx(run, label, DEPARTMENT_HEADERS, [r.as_list() for r in [*rows, total]])
        context.update(rows=rows, total=total)
    elif report == "withholding":
        lines = withholding_summary(run)
        if download:
            return _xlsx(run, label, WITHHOLDING_HEADERS, [line.as_list() for line in lines])
        context["lines"] = lines
    else:
        agencies = insurance_by_agency(run)
        if download:
            flat = [row.as_list() for _agency, rows, subtotal in agencies for row in [*rows, subtotal]]
            return _xlsx(run, label, INSURANCE_HEADERS, flat)
        context["agencies"] = agencies
    return render_page(request, f"payroll/reports/{report}.html", context)


@require_GET
def run_register_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """급여대장 PDF (A4 landscape): the register's rows and the totals."""
    run = access_run(request.user, pk)
    rows = register_rows(run)
    title = _title(run, "급여대장")
    html = render_to_string(
        "payroll/reports/register_pdf.html",
        {
            "title": title,
            "headers": REGISTER_HEADERS,
            "rows": [[*row[:5], *(f"{v:,}" for v in row[5:])] for row in rows],
            "totals": [f"{v:,}" for v in register_totals(rows)],
            "font_url": FONT_URL,
            "institution_name": getattr(getattr(request, "tenant", None), "name", ""),
            "printed_on": timezone.localdate(),
        },
    )
    return generated_download(
        html_to_pdf(html), filename=f"{title.replace(' ', '_')}.pdf", content_type="application/pdf"
    )


@require_POST
def run_payslips_render(request: HttpRequest, pk: int) -> HttpResponse:
    """급여 담당: send the finalised run's payslips still without a PDF to the workers."""
    run = access_run(request.user, pk, for_write=True)
    try:
        chunks = payslips_render_enqueue(run)
    except PayslipRenderError as refused:
        messages.error(request, str(refused))
    else:
        if chunks:
            messages.success(request, _("급여명세서 PDF 만들기를 시작했습니다. 다 만들어지면 직원에게 알림이 갑니다."))
        else:
            messages.info(request, _("모든 급여명세서의 PDF가 이미 만들어져 있습니다."))
    return redirect("payroll:run_reports", pk=run.pk)


@require_GET
def slip_pdf(request: HttpRequest, pk: int) -> HttpResponse | FileResponse:
    """The slip's PDF: the stored one once the workers made it, else rendered now (same document)."""
    slip = access_payslip(request.user, pk)
    stored = stored_slip_pdf(slip)
    if stored is not None:
        return private_file_response(stored.file, filename=slip_pdf_name(slip), content_type="application/pdf")
    content = slip_pdf_bytes(slip, institution=institution_name())
    return generated_download(content, filename=slip_pdf_name(slip), content_type="application/pdf")
