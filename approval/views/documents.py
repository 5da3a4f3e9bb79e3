"""The document page (문서 보기): header and filing data, the body, attachments, the sign table,
협조/참조/수신, the 보고경로, versions, comments, circulation readers, redraft rounds, the PDF —
and the actions the person may take now, each a POST form calling one service."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from approval import services
from approval.forms.documents import (
    ApproveForm,
    CirculateForm,
    CommentForm,
    ConfirmForm,
    EditForm,
    HoldForm,
    ReadGrantForm,
    RejectForm,
    WithdrawForm,
)
from approval.kinds import get_kind
from approval.models import (
    DECISION_LABELS,
    TURN_LABELS,
    ApprovalStep,
    Attachment,
    Document,
    DocumentStatus,
    DocumentVersion,
    StepKind,
)
from approval.pdf import stored_pdf
from approval.permissions import access_document, read_grants
from approval.selectors import available_actions
from core.downloads import private_file_response
from core.forms import apply_errors
from core.htmx import render_page
from core.money import won_official
from core.params import parse_id
from org.forms import people_choices
from org.models import User


def _kind_label(name: str) -> str:
    try:
        return get_kind(name).label
    except ValidationError:
        return name


def _steps(document: Document) -> list[ApprovalStep]:
    return list(
        ApprovalStep.objects.filter(document=document)
        .select_related("approver", "acted_by", "proxy_for")
        .order_by("order")
    )


def _context(request: HttpRequest, document: Document, forms: dict | None = None) -> dict:
    now = timezone.now()
    steps = _steps(document)
    redraft = Document.objects.filter(redraft_of=document).only("pk", "round", "status", "title").first()
    actions = available_actions(request.user, document, now, steps=steps, has_redraft=redraft is not None)
    forms = forms or {}
    if actions.decide:
        forms.setdefault("approve", ApproveForm(auto_id="approve_%s"))
        forms.setdefault("reject", RejectForm(auto_id="reject_%s"))
        forms.setdefault("edit", EditForm(initial={"title": document.title, "body": document.body}, auto_id="edit_%s"))
    if actions.hold:
        forms.setdefault("hold", HoldForm(auto_id="hold_%s"))
    if actions.withdraw:
        forms.setdefault("withdraw", WithdrawForm(auto_id="withdraw_%s"))
    if actions.comment:
        forms.setdefault("comment", CommentForm(auto_id="comment_%s"))
    # Both pickers list the institution's people: build the list once for the page.
    people = people_choices() if actions.circulate or actions.grant_read else None
    if actions.circulate:
        forms.setdefault("circulate", CirculateForm(auto_id="circulate_%s", choices=people))
    if actions.grant_read:
        forms.setdefault("grant_read", ReadGrantForm(auto_id="grant_read_%s", choices=people))
    return {
        "document": document,
        "steps": steps,
        "line_steps": [s for s in steps if s.kind != StepKind.CONCURRENCE],
        "concurrence_steps": [s for s in steps if s.kind == StepKind.CONCURRENCE],
        "carbon_copies": list(document.carbon_copies.select_related("user__position").order_by("pk")),
        "recipients": list(document.recipients.order_by("order")),
        "attachments": list(document.attachments.order_by("order")),
        "events": list(document.events.select_related("actor", "on_behalf_of").order_by("occurred_at", "pk")),
        "versions": list(
            DocumentVersion.objects.filter(document=document)
            .select_related("edited_by")
            .defer("body")
            .order_by("version")
        ),
        "comments": list(document.comments.select_related("author").order_by("created_at", "pk")),
        "readers": (
            list(
                User.objects.filter(pk__in=read_grants(document.pk).values("user_id"))
                .select_related("position")
                .order_by("name")
            )
            if actions.grant_read
            else []
        ),
        "circulations": list(document.circulations.select_related("user__position").order_by("circulated_at", "pk")),
        "previous_round": (
            Document.objects.filter(pk=document.redraft_of_id).only("pk", "round", "status", "title").first()
            if document.redraft_of_id
            else None
        ),
        "next_round": redraft,
        "pdf": stored_pdf(document) if document.status == DocumentStatus.COMPLETED else None,
        "kind_label": _kind_label(document.kind),
        "amount_label": won_official(document.decision_amount) if document.decision_amount is not None else "",
        "actions": actions,
        "decide_label": DECISION_LABELS.get(actions.step.kind, "") if actions.step else "",
        "turn_label": TURN_LABELS.get(actions.step.kind, "") if actions.step else "",
        "forms": forms,
    }


@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    document = access_document(request.user, pk)
    if document.status == DocumentStatus.DRAFT:
        return redirect("approval:edit", document.pk)
    # Opening the document is reading it: the first opening records a 공람 or 참조 reading.
    services.circulation_mark_read(document=document, user=request.user)
    return render_page(request, "approval/documents/detail.html", _context(request, document))


@require_GET
def version(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    document = access_document(request.user, pk)
    old = get_object_or_404(DocumentVersion.objects.select_related("edited_by"), document=document, version=number)
    return render_page(request, "approval/documents/version.html", {"document": document, "old": old})


@require_GET
def attachment(request: HttpRequest, pk: int, attachment_pk: int) -> FileResponse:
    """붙임 are never public media URLs: each download is authorised like its document."""
    document = access_document(request.user, pk)
    if document.disposed_at is not None:
        raise Http404(_("기록물 폐기 절차에 따라 폐기된 문서입니다. 등록 정보만 남아 있습니다."))
    stored = get_object_or_404(Attachment, document=document, pk=attachment_pk)
    return private_file_response(
        stored.file,
        filename=stored.original_name,
        content_type=stored.content_type,
        missing=_("첨부파일을 찾을 수 없습니다."),
    )


def _act(
    request: HttpRequest,
    pk: int,
    form_name: str,
    form_class,
    run: Callable[[Document, dict], object],
    done: str,
    *,
    target: Callable[[object], str] | None = None,
    for_write: bool = True,
) -> HttpResponse:
    """Parse the form, run the service; on success go back to the document (or `target`), on a
    refusal show the service's Korean message at the form (422; htmx swaps the actions part)."""
    document = access_document(request.user, pk, for_write=for_write)
    # Each form on the page has its own ids (several have a "reason").
    form = form_class(request.POST, auto_id=f"{form_name}_%s")
    if form.is_valid():
        try:
            result = run(document, form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            url = target(result) if target else reverse("approval:detail", args=[document.pk])
            messages.success(request, done)
            if request.htmx:
                return HttpResponse(headers={"HX-Redirect": url})
            return redirect(url)
    document.refresh_from_db()
    context = _context(request, document, {form_name: form})
    context["failed"] = form_name
    context["action_errors"] = form.non_field_errors()
    return render_page(request, "approval/documents/detail.html", context, partial="actions", status=422)


def _step(request: HttpRequest, pk: int) -> ApprovalStep | None:
    """The step the page showed, so a decision never lands on a step that moved on meanwhile."""
    step_pk = parse_id(request.POST.get("step"), label=_("결재 단계"))
    if step_pk is None:
        return None
    return ApprovalStep.objects.filter(pk=step_pk, document_id=pk).first()


@require_POST
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    step = _step(request, pk)
    return _act(
        request,
        pk,
        "approve",
        ApproveForm,
        lambda d, data: services.document_approve(document=d, actor=request.user, comment=data["comment"], step=step),
        _("처리했습니다."),
    )


@require_POST
def reject(request: HttpRequest, pk: int) -> HttpResponse:
    step = _step(request, pk)
    return _act(
        request,
        pk,
        "reject",
        RejectForm,
        lambda d, data: services.document_reject(
            document=d, actor=request.user, reason=data["reason"], to=data["to"], step=step
        ),
        _("반려했습니다."),
    )


@require_POST
def hold(request: HttpRequest, pk: int) -> HttpResponse:
    step = _step(request, pk)
    return _act(
        request,
        pk,
        "hold",
        HoldForm,
        lambda d, data: services.document_hold(document=d, actor=request.user, reason=data["reason"], step=step),
        _("보류했습니다."),
    )


@require_POST
def resume(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        "resume",
        ConfirmForm,
        lambda d, data: services.document_resume(document=d, actor=request.user),
        _("보류를 해제했습니다."),
    )


@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        "withdraw",
        WithdrawForm,
        lambda d, data: services.document_withdraw(document=d, actor=request.user, reason=data["reason"]),
        _("회수했습니다."),
    )


@require_POST
def redraft(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        "redraft",
        ConfirmForm,
        lambda d, data: services.document_redraft(document=d, actor=request.user),
        _("재기안할 문서를 만들었습니다. 고친 뒤 다시 상신하세요."),
        target=lambda new: reverse("approval:edit", args=[new.pk]),
    )


@require_POST
def comment(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        "comment",
        CommentForm,
        lambda d, data: services.document_comment(document=d, actor=request.user, body=data["body"]),
        _("의견을 남겼습니다."),
    )


@require_POST
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    step = _step(request, pk)
    return _act(
        request,
        pk,
        "edit",
        EditForm,
        lambda d, data: services.document_edit(
            document=d, actor=request.user, title=data["title"], body=data["body"], note=data["note"], step=step
        ),
        _("본문을 수정했습니다. 새 버전으로 남았습니다."),
    )


@require_POST
def post_approve(request: HttpRequest, pk: int) -> HttpResponse:
    step = _step(request, pk)
    if step is None:
        raise Http404(_("결재 단계를 찾을 수 없습니다."))
    return _act(
        request,
        pk,
        "post_approve",
        ConfirmForm,
        lambda d, data: services.document_post_approve(document=d, actor=request.user, step=step),
        _("후결했습니다."),
    )


@require_POST
def grant_read(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        "grant_read",
        ReadGrantForm,
        lambda d, data: services.document_grant_read(document=d, actor=request.user, user=data["user"]),
        _("열람 권한을 주었습니다."),
        for_write=False,  # the service lets the drafter and the heads over the department
    )


@require_POST
def revoke_read(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        "grant_read",
        ReadGrantForm,
        lambda d, data: services.document_revoke_read(document=d, actor=request.user, user=data["user"]),
        _("열람 권한을 거두었습니다."),
        for_write=False,
    )


@require_POST
def circulate(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        "circulate",
        CirculateForm,
        lambda d, data: services.document_circulate(document=d, actor=request.user, users=list(data["users"])),
        _("공람을 지정했습니다."),
        # The heads over the handling department circulate too without being on the line; the
        # service checks who may.
        for_write=False,
    )
