"""Receipt pages (문서 접수): 접수대기, every received document, my department's, the detail page
with the PDF and attachments, and the actions as POST forms. Thin: parse, call, render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.downloads import private_file_response
from core.forms import apply_errors
from core.htmx import render_page
from core.particles import particle
from core.people import person_label
from core.xlsx import xlsx_response
from receipts.forms import AssignForm, CirculateForm, DistributeForm, ReceiptFilterForm, RegisterForm
from receipts.models import ReceiptStatus, ReceivedDocument
from receipts.permissions import access_receipt, access_receipt_attachment, heads_department, is_registrar
from receipts.selectors import department_list, receipt_detail, receipt_list, waiting_count, waiting_list
from receipts.services import (
    receipt_assign,
    receipt_circulate,
    receipt_complete,
    receipt_distribute,
    receipt_mark_read,
    receipt_register,
)

PER_PAGE = 50


def _export(rows, *, filename: str, title: str) -> HttpResponse:
    return xlsx_response(
        filename=filename,
        title=title,
        headers=[
            _("상태"), _("접수등록번호"), _("접수일시"), _("제목"), _("발신 기관"), _("생산등록번호"),
            _("시행일자"), _("수신일시"), _("처리과"), _("처리담당자"),
        ],
        rows=(
            [
                r.get_status_display(),
                r.registration_number,
                r.registered_at,
                r.title,
                r.sender_name,
                r.sender_registration_number,
                r.sender_registered_at,
                r.received_at,
                r.department.name if r.department_id else "",
                person_label(r.handler),
            ]
            for r in rows
        ),
    )  # fmt: skip


def _list_page(request: HttpRequest, rows, form, *, tab: str, title: str, filename: str) -> HttpResponse:
    if request.GET.get("export") == "xlsx":
        return _export(rows, filename=filename, title=title)
    context = {
        "form": form,
        "page": Paginator(rows, PER_PAGE).get_page(request.GET.get("page")),
        "tab": tab,
        "title": title,
        "is_registrar": is_registrar(request.user),
        "waiting": waiting_count(request.user),
    }
    return render_page(request, "receipts/list.html", context, partial="results")


@require_GET
def waiting(request: HttpRequest) -> HttpResponse:
    """접수대기. Those who do not register arrivals are sent to their department's documents."""
    if not is_registrar(request.user):
        return redirect("receipts:department")
    form = ReceiptFilterForm(request.GET, with_status=False, with_department=False)
    rows = waiting_list(request.user, form.filters())
    return _list_page(request, rows, form, tab="waiting", title=_("접수대기"), filename=_("접수대기"))


@require_GET
def all_receipts(request: HttpRequest) -> HttpResponse:
    form = ReceiptFilterForm(request.GET)
    rows = receipt_list(request.user, form.filters())
    return _list_page(request, rows, form, tab="all", title=_("접수 문서"), filename=_("접수문서"))


@require_GET
def department(request: HttpRequest) -> HttpResponse:
    form = ReceiptFilterForm(request.GET, with_department=False)
    rows = department_list(request.user, form.filters())
    return _list_page(request, rows, form, tab="department", title=_("우리 부서 수신문서"), filename=_("부서수신문서"))


def _detail_context(request: HttpRequest, received: ReceivedDocument, **forms) -> dict:
    user = request.user
    registrar = is_registrar(user)
    head = heads_department(user, received)
    status = received.status
    can_register = registrar and status == ReceiptStatus.WAITING
    can_distribute = registrar and status in (ReceiptStatus.REGISTERED, ReceiptStatus.DISTRIBUTED)
    can_assign = (head or registrar) and status in (ReceiptStatus.DISTRIBUTED, ReceiptStatus.ASSIGNED)
    can_circulate = (
        (head or received.handler_id == user.pk)
        and status in (ReceiptStatus.ASSIGNED, ReceiptStatus.DONE)
        and received.disposed_at is None
    )
    return {
        "received": received,
        "detail": receipt_detail(received),
        "is_registrar": registrar,
        "waiting": waiting_count(user),
        "tab": "waiting" if status == ReceiptStatus.WAITING else "all",
        "register_form": forms.get("register_form") or (RegisterForm() if can_register else None),
        "distribute_form": forms.get("distribute_form") or (DistributeForm() if can_distribute else None),
        "assign_form": forms.get("assign_form") or (AssignForm(received=received) if can_assign else None),
        "circulate_form": forms.get("circulate_form") or (CirculateForm() if can_circulate else None),
        "can_complete": received.handler_id == user.pk and status == ReceiptStatus.ASSIGNED,
    }


@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    received = access_receipt(request.user, pk)
    # Opening it is reading it: a circulation recipient's first opening is their 공람 record.
    receipt_mark_read(received=received, user=request.user)
    return render_page(request, "receipts/detail.html", _detail_context(request, received))


def _act(request: HttpRequest, pk: int, form_name: str, make_form, action) -> HttpResponse:
    """Run one action form: on success back to the document with a message; an invalid form or a
    refused action re-renders the page with the errors next to the field (422)."""
    received = access_receipt(request.user, pk, for_write=True)
    form = make_form(received, request.POST)
    if form.is_valid():
        try:
            message = action(received, form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, message)
            return redirect("receipts:detail", received.pk)
    received.refresh_from_db()
    context = _detail_context(request, received, **{form_name: form})
    return render_page(request, "receipts/detail.html", context, status=422)


@require_POST
def register(request: HttpRequest, pk: int) -> HttpResponse:
    def action(received, data):
        done = receipt_register(actor=request.user, received=received, department=data["department"])
        number = done.registration_number
        return _("%(number)s%(ro)s 접수했습니다.") % {"number": number, "ro": particle(number, "으로/로")}

    return _act(request, pk, "register_form", lambda r, post: RegisterForm(post), action)


@require_POST
def distribute(request: HttpRequest, pk: int) -> HttpResponse:
    def action(received, data):
        receipt_distribute(actor=request.user, received=received, department=data["department"])
        return _("%(department)s에 배부했습니다.") % {"department": data["department"].name}

    return _act(request, pk, "distribute_form", lambda r, post: DistributeForm(post), action)


@require_POST
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    def action(received, data):
        receipt_assign(actor=request.user, received=received, handler=data["handler"])
        return _("%(name)s 님을 처리담당자로 지정했습니다.") % {"name": data["handler"].name}

    return _act(request, pk, "assign_form", lambda r, post: AssignForm(post, received=r), action)


@require_POST
def circulate(request: HttpRequest, pk: int) -> HttpResponse:
    def action(received, data):
        created = receipt_circulate(actor=request.user, received=received, users=list(data["users"]))
        return _("%(count)d명에게 공람했습니다.") % {"count": len(created)}

    return _act(request, pk, "circulate_form", lambda r, post: CirculateForm(post), action)


@require_POST
def complete(request: HttpRequest, pk: int) -> HttpResponse:
    received = access_receipt(request.user, pk, for_write=True)
    try:
        receipt_complete(actor=request.user, received=received)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("처리 완료로 표시했습니다."))
    return redirect("receipts:detail", received.pk)


@require_GET
def pdf(request: HttpRequest, pk: int) -> FileResponse:
    """The received official PDF, for whoever may see the document (never a public media URL)."""
    received = access_receipt(request.user, pk)
    if received.disposed_at is not None or not received.pdf:
        raise Http404(_("기록물 폐기 절차에 따라 폐기된 문서입니다. 등록 정보만 남아 있습니다."))
    name = f"{received.sender_registration_number} {received.title}"[:100].replace("/", " ")
    if request.GET.get("original") != "1" and received.stamped_pdf:
        # With this institution's 접수 stamp; ?original=1 gives the sender's file as delivered.
        return private_file_response(received.stamped_pdf, filename=f"{name}.pdf", content_type="application/pdf")
    return private_file_response(received.pdf, filename=f"{name}.pdf", content_type="application/pdf")


@require_GET
def attachment(request: HttpRequest, pk: int, attachment_pk: int) -> FileResponse:
    stored = access_receipt_attachment(request.user, pk, attachment_pk)
    return private_file_response(stored.file, filename=stored.original_name, content_type=stored.content_type)
