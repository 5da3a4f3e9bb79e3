"""Drafting pages (기안): choosing the form, the draft editor with autosave, the approval-line
editor, attachments, 상신 and discarding a draft.

Every write goes through approval.services / approval.lines; these views parse, call, render.
Only the drafter reaches a draft: anyone else gets 404 (a draft is invisible to them,
approval.permissions) or 403 (someone on a submitted document's line). Saving always comes
first: 상신 saves what was typed before checking it, so a refused 상신 loses nothing.

Two tabs on one draft: the last save wins. Each save posts the whole form, so the later tab's
text replaces the earlier one's; the line and the attachments are saved by their own actions and
are not overwritten by a text save. We accept that (one drafter, their own draft) rather than
refuse saves and leave a tab unable to save at all.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from approval.forms.drafting import (
    DraftForm,
    LineEditForm,
    NewDraftForm,
    attachment_help,
)
from approval.kinds import get_kind
from approval.lines import (
    ApprovalLine,
    approval_line_suggest,
    approval_line_validate,
    line_from_json,
    saved_line_delete,
    saved_line_load,
    saved_line_save,
)
from approval.models import Attachment, Document, DocumentStatus, SavedLine, StepKind
from approval.permissions import access_document
from approval.services import (
    document_attach,
    document_detach,
    document_discard_draft,
    document_draft,
    document_submit,
    document_update_draft,
)
from core.forms import apply_errors
from core.htmx import render_page
from core.money import won_official
from core.params import parse_text
from core.people import person_label
from core.sanitise import clean_body
from org.forms import people_choices
from org.models import User
from org.selectors import active_staff
from tasks.selectors.cards import unit_tasks_for_filing

EDIT_TEMPLATE = "approval/drafting/edit.html"
SEARCH_LIMIT = 20


def _draft_for(user, pk: int) -> Document:
    """The document `pk` for its drafter: 404 when the user may not see it, 403 when they may
    see it but did not draft it. Whether it is still a draft the services check."""
    document = access_document(user, pk)
    if document.drafter_id != user.pk:
        raise PermissionDenied(_("기안자만 고칠 수 있습니다."))
    return document


def _partial(request: HttpRequest, name: str, context: dict, *, status: int = 200) -> TemplateResponse:
    """Endpoints the editor's scripts and htmx call answer with one part of the editor, always."""
    return TemplateResponse(request, f"{EDIT_TEMPLATE}#{name}", context, status=status)


def _detail_url(document: Document) -> str:
    return reverse("approval:detail", args=[document.pk])


def _bound_draft_form(request: HttpRequest, document: Document) -> DraftForm:
    data = request.POST.copy()
    # The body comes back into the editor if the save fails: show it as it would be stored.
    data["body"] = clean_body(data.get("body", ""))
    return DraftForm(data, user=request.user, document=document)


def _add_service_errors(form: DraftForm, exc: ValidationError) -> list[str]:
    """Put a service's errors next to their fields; return the approval-line ones."""
    fields = getattr(exc, "error_dict", None)
    if fields is None or "line" not in fields:
        apply_errors(form, exc)
        return []
    apply_errors(form, ValidationError({field: errors for field, errors in fields.items() if field != "line"}))
    return ValidationError(fields["line"]).messages


def _kind_label(name: str) -> str:
    """The form's (양식) name; a kind no longer registered shows its code rather than failing."""
    try:
        return get_kind(name).label
    except ValidationError:
        return name


def _suggested_line(drafter, kind: str, amount: int | None, importance: str) -> ApprovalLine:
    """The kind's own default line when it registered one, else the department chain up to whom
    the delegation table lets decide."""
    default_line = get_kind(kind).default_line
    if default_line is not None:
        return default_line(drafter, amount, importance)
    return approval_line_suggest(drafter, kind, amount=amount, importance=importance)


# --- 기안 시작 ------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def new(request: HttpRequest) -> HttpResponse:
    """Choose the form (양식) and start a draft with the line suggested for the drafter."""
    user = request.user
    form = NewDraftForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            kind = get_kind(form.cleaned_data["kind"])
            try:
                document = document_draft(
                    actor=user,
                    kind=kind.name,
                    importance=kind.default_importance,
                    line=_suggested_line(user, kind.name, None, kind.default_importance),
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                return redirect("approval:edit", document.pk)
        status = 422
    return render_page(request, "approval/drafting/new.html", {"form": form}, status=status)


# --- 편집기 ---------------------------------------------------------------------------------------


def _line_check(document: Document, line: ApprovalLine) -> tuple[list[str], str]:
    """The line's problems before 상신 (approval_line_validate), or what it decides under."""
    try:
        rule = approval_line_validate(
            drafter=document.drafter,
            kind=document.kind,
            line=line,
            amount=document.decision_amount,
            importance=document.importance,
        )
    except ValidationError as exc:
        return exc.message_dict.get("line", exc.messages), ""
    final = line.final_approver
    if rule is None:
        return [], _("기관장 결재 문서입니다. 결재권자: %(name)s") % {"name": person_label(final, "department")}
    return [], _("위임전결 규정(%(rule)s)에 따라 %(position)s 이상이 결재합니다. 결재권자: %(name)s") % {
        "rule": rule.label,
        "position": rule.deciding_position.name,
        "name": person_label(final, "department"),
    }


def _line_context(request: HttpRequest, document: Document, *, line_error: str = "", notice: str = "") -> dict:
    line = line_from_json(document.draft_line or {})
    errors, ok = _line_check(document, line)
    groups = line.groups()
    return {
        "document": document,
        "line_rows": [{"index": index, "step": step, "group": groups[index]} for index, step in enumerate(line.steps)],
        "line_cc": list(enumerate(line.cc)),
        "line_errors": errors,
        "line_ok": ok,
        "line_error": line_error,
        "line_notice": notice,
        "step_kinds": StepKind.choices,
        "saved_lines": list(SavedLine.objects.filter(owner=request.user).only("pk", "name").order_by("name")),
    }


def _attachments_context(document: Document, errors: list[str] | None = None) -> dict:
    return {
        "document": document,
        "attachments": list(document.attachments.order_by("order")),
        "attach_errors": errors or [],
        "attachment_help": attachment_help(),
    }


def _unit_task_label(form: DraftForm, document: Document) -> str:
    task = None
    if form.is_bound:
        task = form.cleaned_data.get("unit_task") if hasattr(form, "cleaned_data") else None
    elif document.unit_task_id:
        task = document.unit_task
    return _task_label(task) if task else ""


def _task_label(task) -> str:
    return f"[{task.department.name}] {task.name} ({task.code})"


def _amount_label(form: DraftForm, document: Document) -> str:
    """결재 금액 as it was read, beside the field: what is stored, or what was just typed when it
    could be read (an unreadable amount has its message under the field instead)."""
    if not form.is_bound:
        amount = document.decision_amount
    elif "decision_amount" in getattr(form, "cleaned_data", {}):
        amount = form.cleaned_data["decision_amount"]
    else:
        amount = None
    return won_official(amount) if amount is not None else ""


def _line_add_form(drafter: User) -> LineEditForm:
    """The line editor's 추가: the people picker (everyone at work but the drafter) and the kind."""
    form = LineEditForm(auto_id="line_add_%s", initial={"op": "add", "kind": StepKind.REVIEW})
    form.fields["user"].choices = people_choices(active_staff().exclude(pk=drafter.pk))
    return form


def _edit_page(
    request: HttpRequest, document: Document, form: DraftForm, *, status: int = 200, line_errors=None
) -> HttpResponse:
    context = {
        "form": form,
        "line_add_form": _line_add_form(request.user),
        "amount_label": _amount_label(form, document),
        "kind_label": _kind_label(document.kind),
        "unit_task_label": _unit_task_label(form, document),
        **_line_context(request, document),
        **_attachments_context(document),
    }
    if line_errors:
        context["line_errors"] = line_errors
    return render_page(request, EDIT_TEMPLATE, context, status=status)


@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The draft editor. A POST is 임시 저장 without JavaScript (the page saves by itself with it)."""
    document = _draft_for(request.user, pk)
    if document.status != DocumentStatus.DRAFT:
        messages.info(request, _("상신한 문서입니다. 문서 화면으로 이동했습니다."))
        return redirect(_detail_url(document))
    if request.method == "GET":
        return _edit_page(request, document, DraftForm(user=request.user, document=document))
    form = _bound_draft_form(request, document)
    if form.is_valid():
        try:
            document_update_draft(document=document, actor=request.user, **form.update_fields())
        except ValidationError as exc:
            _add_service_errors(form, exc)
        else:
            messages.success(request, _("임시 저장했습니다."))
            return redirect("approval:edit", document.pk)
    return _edit_page(request, document, form, status=422)


@require_POST
def autosave(request: HttpRequest, pk: int) -> HttpResponse:
    """자동 저장 (and the 임시 저장 button with JavaScript): the whole form, answered with the
    status line and, out of band, the line check (the amount or importance may have changed who
    must decide)."""
    document = _draft_for(request.user, pk)
    form = _bound_draft_form(request, document)
    if form.is_valid():
        try:
            document = document_update_draft(document=document, actor=request.user, **form.update_fields())
        except ValidationError as exc:
            _add_service_errors(form, exc)
        else:
            context = {**_line_context(request, document), "saved_at": timezone.now(), "oob": True}
            return _partial(request, "autosave", context)
    errors = [f"{form.fields[f].label}: {e}" if f in form.fields else e for f, es in form.errors.items() for e in es]
    return _partial(request, "autosave", {"document": document, "save_errors": errors}, status=422)


@require_POST
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    """상신: save what was typed, then submit along the line saved with the draft. A refusal
    (no unit task, a line the delegation table does not allow, a missing 비공개 근거 …) shows the
    page again with the messages next to the fields and everything as it was typed."""
    document = _draft_for(request.user, pk)
    if document.status != DocumentStatus.DRAFT:
        return _submitted_already(request, document)
    form = _bound_draft_form(request, document)
    line_errors: list[str] = []
    if form.is_valid():
        try:
            document = document_update_draft(document=document, actor=request.user, **form.update_fields())
            document = document_submit(document=document, actor=request.user)
        except ValidationError as exc:
            document.refresh_from_db(fields=["status"])
            if document.status != DocumentStatus.DRAFT:
                return _submitted_already(request, document)
            line_errors = _add_service_errors(form, exc)
        else:
            messages.success(request, _("상신했습니다."))
            return redirect(_detail_url(document))
    form.add_error(None, _("상신하지 못했습니다. 표시된 곳을 고친 뒤 다시 상신하세요."))
    return _edit_page(request, document, form, status=422, line_errors=line_errors)


def _submitted_already(request: HttpRequest, document: Document) -> HttpResponse:
    """A second 상신 of a draft that is no longer one (a double click, a form sent again, the
    browser's resend) goes to the document as the first one did, instead of an error page over a
    document that was in fact submitted."""
    messages.info(request, _("이미 상신한 문서입니다."))
    return redirect(_detail_url(document))


@require_http_methods(["GET", "POST"])
def discard(request: HttpRequest, pk: int) -> HttpResponse:
    """Delete a draft that was never submitted, after a confirmation page."""
    document = _draft_for(request.user, pk)
    if request.method == "POST":
        try:
            document_discard_draft(document=document, actor=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            if document.status == DocumentStatus.DRAFT:
                return redirect("approval:edit", document.pk)
            return redirect(_detail_url(document))
        messages.success(request, _("임시 저장한 기안을 삭제했습니다."))
        return redirect("approval:new")
    return render_page(request, "approval/drafting/discard.html", {"document": document})


# --- 결재선 지정 ----------------------------------------------------------------------------------


@require_POST
def line_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """One operation of the line editor, answered with the editor. The line is stored with the
    draft at once (it is part of what autosave keeps). 'suggest' also saves the draft's fields
    when they come along, so the suggestion follows the amount and importance just typed."""
    user = request.user
    document = _draft_for(user, pk)
    form = LineEditForm(request.POST)
    error, notice = "", ""
    if not form.is_valid():
        error = _("결재선을 바꾸지 못했습니다. 새로 고친 뒤 다시 하세요.")
    else:
        data = form.cleaned_data
        op = data["op"]
        try:
            current = line_from_json(document.draft_line or {})
            new_line = None
            if op == "suggest":
                draft_form = _bound_draft_form(request, document) if "title" in request.POST else None
                if draft_form is not None and draft_form.is_valid():
                    document = document_update_draft(document=document, actor=user, **draft_form.update_fields())
                suggested = _suggested_line(user, document.kind, document.decision_amount, document.importance)
                new_line = ApprovalLine(steps=suggested.steps, cc=current.cc)
                notice = _("제안 결재선으로 바꿨습니다.")
            elif op == "load":
                new_line = saved_line_load(owner=user, pk=data.get("saved") or 0)
                notice = _("저장한 결재선을 불러왔습니다.")
            elif op == "save":
                saved_line_save(owner=user, name=data.get("name") or "", line=current)
                notice = _("결재선을 저장했습니다.")
            elif op == "delete_saved":
                saved_line_delete(owner=user, pk=data.get("saved") or 0)
                notice = _("저장한 결재선을 삭제했습니다.")
            else:
                new_line = form.apply(current, user)
            if new_line is not None:
                document = document_update_draft(document=document, actor=user, line=new_line)
        except ValidationError as exc:
            error = " ".join(exc.messages)
    if not request.htmx:
        # The line editor's forms post without JavaScript too: back to the editor, with the outcome.
        if error:
            messages.error(request, error)
        elif notice:
            messages.success(request, notice)
        return redirect(reverse("approval:edit", args=[document.pk]) + "#line-heading")
    context = _line_context(request, document, line_error=error, notice=notice)
    return _partial(request, "line", context, status=422 if error else 200)


@require_GET
def amount_preview(request: HttpRequest) -> HttpResponse:
    """결재 금액 as the save will read it (the draft form's own field), shown while it is typed:
    "5백만원" → 금5,000,000원(금오백만원), or why it cannot be read. Nothing is saved here."""
    field = DraftForm.base_fields["decision_amount"]
    context: dict = {}
    try:
        amount = field.clean(request.GET.get("decision_amount", ""))
    except ValidationError as exc:
        context["amount_error"] = " ".join(exc.messages)
    else:
        context["amount_label"] = won_official(amount) if amount is not None else ""
    return _partial(request, "amount_preview", context)


@require_GET
def unit_tasks(request: HttpRequest) -> HttpResponse:
    """Unit tasks the user may file under, by name, code or department (search as you type)."""
    query = parse_text(request.GET.get("q"), label=_("검색어"))
    tasks = unit_tasks_for_filing(request.user)
    if query:
        tasks = tasks.filter(Q(name__icontains=query) | Q(code__icontains=query) | Q(department__name__icontains=query))
    rows = [(task, _task_label(task)) for task in tasks[:SEARCH_LIMIT]]
    return render_page(request, "approval/drafting/unit_tasks.html", {"rows": rows, "query": query})


# --- 붙임 ----------------------------------------------------------------------------------------


def _attachments_answer(request: HttpRequest, document: Document, errors: list[str], done: str) -> HttpResponse:
    if not request.htmx:
        for error in errors:
            messages.error(request, error)
        if not errors:
            messages.success(request, done)
        return redirect(reverse("approval:edit", args=[document.pk]) + "#attachments")
    return render_page(
        request,
        EDIT_TEMPLATE,
        _attachments_context(document, errors),
        partial="attachments",
        status=422 if errors else 200,
    )


@require_POST
def attach(request: HttpRequest, pk: int) -> HttpResponse:
    document = _draft_for(request.user, pk)
    files = request.FILES.getlist("files")
    errors: list[str] = []
    if not files:
        errors = [_("올릴 파일을 고르세요.")]
    else:
        try:
            document_attach(document=document, actor=request.user, files=files)
        except ValidationError as exc:
            errors = exc.messages
    return _attachments_answer(request, document, errors, _("파일을 붙였습니다."))


@require_POST
def detach(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponse:
    document = _draft_for(request.user, pk)
    attachment = get_object_or_404(Attachment, pk=attachment_pk, document=document)
    errors: list[str] = []
    try:
        document_detach(document=document, actor=request.user, attachment=attachment)
    except ValidationError as exc:
        errors = exc.messages
    return _attachments_answer(request, document, errors, _("붙임에서 뺐습니다."))
