"""The records pages: the two registers with search, XLSX and PDF; a file and a record (content
opening logs 열람 for 비공개 records); paper registration; filing, moving and 정리."""

from __future__ import annotations

from typing import Any, cast
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Count, Max, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.forms import apply_errors
from core.htmx import render_page
from core.params import parse_id, parse_int
from core.pdf import FONT_URL, html_to_pdf
from core.xlsx import xlsx_response
from org.models import User
from records import duties
from records.due import due_duties
from records.forms import FileUnderForm, MoveForm, NewFileForm, PaperRecordForm, RegisterFilterForm, TransferForm
from records.models import FileStatus, ReadingLog, Record, RecordFile, Transfer, TransferStatus
from records.permissions import is_records_manager, may_handle, sees_every_record, visible_records
from records.reading import record_open_content
from records.selectors import file_register, file_visibility_q, record_register, with_record_counts
from records.services import (
    arrangement_close,
    record_file_create,
    record_file_under,
    record_move,
    record_register_paper,
)
from records.text_search import RegisterPaginator
from records.transfers import transfer_accept, transfer_request

PER_PAGE = 50
EXPORT_LIMIT = 20_000  # an export is one department's year or a search, never the whole history


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _institution_name() -> str:
    tenant = getattr(connection, "tenant", None)
    return str(getattr(tenant, "name", ""))


def _pdf_response(template: str, context: dict[str, Any], filename: str) -> HttpResponse:
    html = render_to_string(template, {**context, "font_url": FONT_URL, "institution_name": _institution_name()})
    response = HttpResponse(html_to_pdf(html), content_type="application/pdf")
    stamp = timezone.localdate().strftime("%Y%m%d")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(f'{filename}_{stamp}.pdf')}"
    return response


RECORD_HEADERS = [
    "등록번호",
    "등록일자",
    "제목",
    "처리과",
    "생산자(기안자·발신기관)",
    "단위과제",
    "기록물철",
    "보존기간",
    "공개구분",
    "기산일",
    "전자/비전자",
    "쪽수",
    "구분",
]


def _record_row(r: Record) -> list[Any]:
    return [
        r.registration_number,
        r.registered_on,
        r.title,
        r.department.name,
        r.author_label,
        r.unit_task.name if r.unit_task else "미분류",
        r.record_file.number if r.record_file else "",
        r.get_retention_period_display() if r.retention_period else "",
        r.disclosure_label,
        r.start_date,
        "전자" if r.is_electronic else "비전자",
        r.pages or "",
        r.get_source_display(),
    ]


@login_required
@require_GET
def register(request: HttpRequest) -> HttpResponse:
    """기록물등록대장 of a department and year (or a search over what the person may see)."""
    user = _user(request)
    form = RegisterFilterForm(request.GET, user=user)
    filters = form.filters()
    export = request.GET.get("export")
    rows = record_register(user, filters, for_export=export in ("xlsx", "pdf"))
    if export == "xlsx":
        return xlsx_response(
            filename="기록물등록대장",
            title="기록물등록대장",
            headers=RECORD_HEADERS,
            rows=(_record_row(r) for r in rows[:EXPORT_LIMIT]),
        )
    if export == "pdf":
        context = {"rows": rows[:EXPORT_LIMIT], "form": form, "printed_on": timezone.localdate(), "user": user}
        return _pdf_response("records/register_pdf.html", context, "기록물등록대장")
    context = {
        "form": form,
        "page": RegisterPaginator(rows, PER_PAGE, text=filters.q, date_field="registered_on").get_page(
            request.GET.get("page")
        ),
        "tab": "register",
        "is_manager": is_records_manager(user),
    }
    return render_page(request, "records/register.html", context, partial="results")


FILE_HEADERS = [
    "철 번호",
    "기록물철 제목",
    "처리과",
    "단위과제",
    "생산연도",
    "보존기간",
    "책정 사유",
    "전자/비전자",
    "기록물 수",
    "상태",
]


def _file_row(f: RecordFile) -> list[Any]:
    return [
        f.number,
        f.title,
        f.department.name,
        f.unit_task.name,
        f.year,
        f.get_retention_period_display(),
        f.retention_reason,
        "전자" if f.is_electronic else "비전자",
        getattr(f, "record_count", 0),
        f.get_status_display(),
    ]


@login_required
@require_GET
def files(request: HttpRequest) -> HttpResponse:
    """기록물철등록부 of a department and year."""
    user = _user(request)
    form = RegisterFilterForm(request.GET, user=user, with_dates=False)
    rows = file_register(user, form.filters())
    export = request.GET.get("export")
    if export in ("xlsx", "pdf"):
        exported = with_record_counts(list(rows[:EXPORT_LIMIT]))
        if export == "xlsx":
            return xlsx_response(
                filename="기록물철등록부",
                title="기록물철등록부",
                headers=FILE_HEADERS,
                rows=(_file_row(f) for f in exported),
            )
        context = {"rows": exported, "printed_on": timezone.localdate(), "user": user}
        return _pdf_response("records/files_pdf.html", context, "기록물철등록부")
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    page.object_list = with_record_counts(list(page.object_list))
    context = {
        "form": form,
        "page": page,
        "tab": "files",
        "is_manager": is_records_manager(user),
    }
    return render_page(request, "records/files.html", context, partial="results")


def _visible_file(user: User, pk: int) -> RecordFile:
    record_file = (
        RecordFile.objects.filter(file_visibility_q(user))
        .select_related("department", "unit_task")
        .filter(pk=pk)
        .first()
    )
    if record_file is None:
        raise Http404(_("기록물철을 찾을 수 없습니다."))
    return record_file


@login_required
@require_http_methods(["GET", "POST"])
def file_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A 기록물철: its records (those the person may see) and, for its 처리과, a split file."""
    user = _user(request)
    record_file = _visible_file(user, pk)
    can_handle = may_handle(user, record_file.department) and record_file.status == FileStatus.OPEN
    new_file_form = NewFileForm(request.POST or None)
    if request.method == "POST":
        if not can_handle:
            raise PermissionDenied(_("이 기록물철에 분철할 권한이 없습니다."))
        if new_file_form.is_valid():
            try:
                created = record_file_create(
                    actor=user,
                    unit_task=record_file.unit_task,
                    year=record_file.year,
                    title=new_file_form.cleaned_data["title"] or "",
                    electronic=record_file.is_electronic,
                )
            except ValidationError as error:
                apply_errors(new_file_form, error)
            else:
                return redirect("records:file", created.pk)
    records = (
        visible_records(user)
        .filter(record_file=record_file)
        .select_related("department", "unit_task")
        .order_by("registered_on", "id")
    )
    context = {
        "record_file": record_file,
        "records": records,
        "tab": "files",
        "can_handle": can_handle,
        "new_file_form": new_file_form,
    }
    return render_page(request, "records/file_detail.html", context, status=422 if new_file_form.errors else 200)


def _visible_record(user: User, pk: int) -> Record:
    record = (
        visible_records(user)
        .select_related("department", "unit_task", "record_file__unit_task", "record_file__department", "drafter")
        .filter(pk=pk)
        .first()
    )
    if record is None:
        raise Http404(_("기록물을 찾을 수 없습니다."))
    return record


def _record_context(user: User, record: Record, **forms: Any) -> dict[str, Any]:
    handles = may_handle(user, record.department)
    file_open = record.record_file is not None and record.record_file.status == FileStatus.OPEN
    move_choices = RecordFile.objects.none()
    if record.record_file is not None:
        move_choices = (
            RecordFile.objects.filter(department=record.record_file.department, status=FileStatus.OPEN)
            .exclude(pk=record.record_file.pk)
            .select_related("department", "unit_task")
        )
    return {
        "record": record,
        "tab": "register",
        "file_under_form": forms.get("file_under_form")
        or (FileUnderForm(user=user) if handles and record.record_file is None else None),
        "move_form": forms.get("move_form") or (MoveForm(choices=move_choices) if handles and file_open else None),
    }


@login_required
@require_GET
def record_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A record's 등록정보 (its content is opened separately: that is what 열람 logs)."""
    user = _user(request)
    return render_page(request, "records/record_detail.html", _record_context(user, _visible_record(user, pk)))


@login_required
@require_GET
def record_content(request: HttpRequest, pk: int) -> HttpResponse:
    """The record's content; opening a 비공개 record's content is logged (열람 기록)."""
    user = _user(request)
    record = _visible_record(user, pk)
    record_open_content(record=record, user=user, ip_address=request.META.get("REMOTE_ADDR"))
    return render_page(request, "records/record_content.html", {"record": record, "tab": "register"})


@login_required
@require_POST
def record_file_under_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    record = _visible_record(user, pk)
    form = FileUnderForm(request.POST, user=user)
    if form.is_valid():
        try:
            record_file_under(actor=user, record=record, unit_task=form.cleaned_data["unit_task"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return redirect("records:record", record.pk)
    context = _record_context(user, record, file_under_form=form)
    return render_page(request, "records/record_detail.html", context, status=422)


@login_required
@require_POST
def record_move_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    record = _visible_record(user, pk)
    if record.record_file is None:
        raise Http404(_("편철되지 않은 기록물입니다."))
    # Every file of the department is a choice here, so the service (not the form) says why a file
    # of another unit task or a closed file is refused.
    choices = RecordFile.objects.filter(department=record.record_file.department).select_related(
        "department", "unit_task"
    )
    form = MoveForm(request.POST, choices=choices)
    if form.is_valid():
        try:
            record_move(actor=user, record=record, target=form.cleaned_data["target"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return redirect("records:record", record.pk)
    record = _visible_record(user, pk)
    context = _record_context(user, record, move_form=form)
    return render_page(request, "records/record_detail.html", context, status=422)


@login_required
@require_http_methods(["GET", "POST"])
def paper_new(request: HttpRequest) -> HttpResponse:
    """비전자기록물 수기 등록."""
    user = _user(request)
    form = PaperRecordForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            record = record_register_paper(
                actor=user,
                title=data["title"] or "",
                registered_on=data["registered_on"],
                unit_task=data["unit_task"],
                record_type=data["record_type"] or "",
                pages=data["pages"],
                location=data["location"] or "",
                kept_in_office=bool(data["kept_in_office"]),
                disclosure=data["disclosure"],
                disclosure_ground=data["disclosure_ground"] or "",
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return redirect("records:record", record.pk)
    status = 422 if form.errors else 200
    return render_page(request, "records/paper_form.html", {"form": form, "tab": "paper"}, status=status)


# --- the legal calendar, 정리, 이관, 열람 기록 ---------------------------------------------------


def _handled_departments(user: User) -> Any:
    """The departments whose duties this person sees: every one for the 기록관, their own and those
    they head for everyone else."""
    from org.models import Department

    departments = Department.objects.filter(is_active=True).order_by("path")
    if is_records_manager(user):
        return departments
    from org.visibility import viewer_for

    return departments.filter(viewer_for(user).department_q(""))


@login_required
@require_GET
def calendar(request: HttpRequest) -> HttpResponse:
    """기록관리 일정: 정리, 생산현황 통보 and 이관 due for the departments this person handles."""
    user = _user(request)
    today = timezone.localdate()
    context = {
        "duties": due_duties(_handled_departments(user), today),
        "today": today,
        "tab": "calendar",
        "dates": {
            "arrangement": duties.arrangement_due(today.year - 1),
            "production_report": duties.production_report_due(today.year - 1),
            "transfer_electronic": duties.transfer_due(today.year - 1, electronic=True),
            "transfer_paper": duties.transfer_due(today.year - 1, electronic=False),
        },
    }
    return render_page(request, "records/calendar.html", context)


@login_required
@require_POST
def arrangement(request: HttpRequest) -> HttpResponse:
    """정리: close a department's files of a past year."""
    from org.models import Department

    user = _user(request)
    department_id = parse_id(request.POST.get("department"), label="부서")
    year = parse_int(request.POST.get("year"), label="연도")
    department = Department.objects.filter(pk=department_id).first() if department_id else None
    if department is None or year is None:
        raise Http404(_("부서를 찾을 수 없습니다."))
    try:
        closed = arrangement_close(actor=user, department=department, year=year)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(year)d년 기록물철 %(n)d철을 정리(종결)했습니다.") % {"year": year, "n": closed})
    return redirect("records:calendar")


@login_required
@require_http_methods(["GET", "POST"])
def transfers(request: HttpRequest) -> HttpResponse:
    """이관: the transfers of the departments this person handles, and a new transfer list of the
    closed files of their own department."""
    user = _user(request)
    departments = _handled_departments(user)
    department = user.department
    form = TransferForm(request.POST or None, department=department)
    if request.method == "POST":
        if department is None:
            raise PermissionDenied(_("소속 부서가 없어 이관할 수 없습니다."))
        if form.is_valid():
            try:
                transfer = transfer_request(
                    actor=user, department=department, files=list(form.cleaned_data["record_files"])
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                return redirect("records:transfer", transfer.pk)
    rows = Transfer.objects.filter(department__in=departments).select_related("department", "requested_by")
    context = {
        "transfers": rows.annotate(file_count=Count("files")).order_by("-requested_at")[:100],
        "form": form if department is not None and may_handle(user, department) else None,
        "tab": "transfers",
    }
    return render_page(request, "records/transfers.html", context, status=422 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def transfer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    transfer = (
        Transfer.objects.filter(department__in=_handled_departments(user))
        .select_related("department", "requested_by", "accepted_by")
        .filter(pk=pk)
        .first()
    )
    if transfer is None:
        raise Http404(_("이관을 찾을 수 없습니다."))
    error = ""
    if request.method == "POST":
        try:
            transfer_accept(actor=user, transfer=transfer)
        except ValidationError as refused:
            error = " ".join(refused.messages)
        else:
            messages.success(request, _("이관을 인수했습니다. 구성파일 체크섬을 모두 확인했습니다."))
            return redirect("records:transfer", transfer.pk)
    files = transfer.files.select_related("department", "unit_task").annotate(record_count=Count("records"))
    context = {
        "transfer": transfer,
        "files": files,
        "error": error,
        "can_accept": is_records_manager(user) and transfer.status == TransferStatus.REQUESTED,
        "tab": "transfers",
    }
    return render_page(request, "records/transfer_detail.html", context, status=422 if error else 200)


@login_required
@require_GET
def readings(request: HttpRequest) -> HttpResponse:
    """열람 기록 of 비공개 records, for the 기록관 (and auditors)."""
    user = _user(request)
    if not sees_every_record(user):
        raise PermissionDenied(_("열람 기록은 기록물관리전문요원과 감사 담당만 볼 수 있습니다."))
    rows = ReadingLog.objects.select_related("record__department", "user").order_by("-read_at", "-id")
    context = {"page": Paginator(rows, PER_PAGE).get_page(request.GET.get("page")), "tab": "readings"}
    return render_page(request, "records/readings.html", context)


@login_required
@require_GET
def fixity(request: HttpRequest) -> HttpResponse:
    """무결성 점검 for the 기록관 (and auditors): how much of the holding was checked, and every
    record whose checksums no longer match."""
    user = _user(request)
    if not sees_every_record(user):
        raise PermissionDenied(_("무결성 점검 결과는 기록물관리전문요원과 감사 담당만 볼 수 있습니다."))
    summary = Record.objects.aggregate(
        total=Count("pk"),
        checked=Count("pk", filter=Q(fixity_checked_at__isnull=False)),
        failed=Count("pk", filter=Q(fixity_ok=False)),
        last=Max("fixity_checked_at"),
    )
    failures = Record.objects.filter(fixity_ok=False).select_related("department").order_by("-fixity_checked_at", "id")
    context = {
        "summary": summary,
        "page": Paginator(failures, PER_PAGE).get_page(request.GET.get("page")),
        "tab": "fixity",
    }
    return render_page(request, "records/fixity.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def production_report(request: HttpRequest) -> HttpResponse:
    """생산현황 통보: a department's year counted by unit task, retention and disclosure, reviewed
    here and submitted through e-approval."""
    from records.forms import ProductionReportForm
    from records.models import ProductionReport
    from records.reports import production_counts, production_report_submit

    user = _user(request)
    departments = _handled_departments(user)
    department_id = parse_id(request.GET.get("department"), label="부서") or user.department_id
    department = departments.filter(pk=department_id).first() if department_id else None
    year = parse_int(request.GET.get("year"), label="연도") or timezone.localdate().year - 1
    form = ProductionReportForm(request.POST or None, user=user)
    if department is None:
        raise Http404(_("부서를 찾을 수 없습니다."))
    if request.method == "POST" and form.is_valid():
        try:
            production_report_submit(
                actor=user, department=department, year=year, unit_task=form.cleaned_data["unit_task"]
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("생산현황 통보를 상신했습니다."))
            return redirect(f"{request.path}?department={department.pk}&year={year}")
    report = ProductionReport.objects.filter(department=department, year=year).first()
    context = {
        "department": department,
        "departments": departments,
        "year": year,
        "counts": production_counts(department, year),
        "report": report,
        "due": duties.production_report_due(year),
        "form": form,
        "tab": "calendar",
    }
    return render_page(request, "records/production_report.html", context, status=422 if form.errors else 200)
