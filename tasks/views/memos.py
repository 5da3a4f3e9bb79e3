"""Memo-report pages (메모보고): inbox, sent list, writing, reading with replies, attachments."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.downloads import private_file_response
from core.forms import apply_errors
from core.htmx import render_page
from core.people import person_label
from core.templatetags.korean import kdatetime
from core.xlsx import xlsx_response
from tasks.forms.memos import MemoFilterForm, MemoForm, MemoReplyForm
from tasks.models import MemoReport
from tasks.permissions.memos import access_memo, access_memo_attachment
from tasks.selectors.memos import memo_detail, memo_inbox, memo_replies, memo_sent, unread_memo_count
from tasks.services.memos import memo_mark_read, memo_reply, memo_send

PER_PAGE = 50


@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    form = MemoFilterForm(request.GET)
    rows = memo_inbox(request.user, form.filters())
    if request.GET.get("export") == "xlsx":
        return xlsx_response(
            filename=_("받은메모"),
            title=_("받은 메모"),
            headers=[_("구분"), _("제목"), _("보낸 사람"), _("부서"), _("보낸 일시"), _("읽은 일시"), _("단위과제")],
            rows=(
                [
                    r.memo.get_kind_display(),
                    r.memo.title,
                    person_label(r.memo.author),
                    r.memo.department.name if r.memo.department_id else "",
                    r.memo.sent_at,
                    r.read_at,
                    str(r.memo.unit_task) if r.memo.unit_task_id else "",
                ]
                for r in rows
            ),
        )
    context = {
        "form": form,
        "page": Paginator(rows, PER_PAGE).get_page(request.GET.get("page")),
        "unread": unread_memo_count(request.user),
        "tab": "inbox",
    }
    return render_page(request, "tasks/memos/inbox.html", context, partial="results")


def _read_summary(memo: MemoReport) -> str:
    parts = []
    for r in memo.recipients.all():
        state = _("읽음 %(at)s") % {"at": kdatetime(r.read_at)} if r.read_at else _("안읽음")
        parts.append(f"{r.recipient.name}({state})")
    return ", ".join(parts)


@require_GET
def sent(request: HttpRequest) -> HttpResponse:
    form = MemoFilterForm(request.GET, sent=True)
    memos = memo_sent(request.user, form.filters())
    if request.GET.get("export") == "xlsx":
        return xlsx_response(
            filename=_("보낸메모"),
            title=_("보낸 메모"),
            headers=[_("구분"), _("제목"), _("보낸 일시"), _("받는 사람(읽음 확인)"), _("단위과제")],
            rows=(
                [
                    m.get_kind_display(),
                    m.title,
                    m.sent_at,
                    _read_summary(m),
                    str(m.unit_task) if m.unit_task_id else "",
                ]
                for m in memos
            ),
        )
    context = {
        "form": form,
        "page": Paginator(memos, PER_PAGE).get_page(request.GET.get("page")),
        "unread": unread_memo_count(request.user),
        "tab": "sent",
    }
    return render_page(request, "tasks/memos/sent.html", context, partial="results")


@require_http_methods(["GET", "POST"])
def new(request: HttpRequest) -> HttpResponse:
    user = request.user
    if request.method == "POST":
        form = MemoForm(request.POST, request.FILES, user=user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                memo = memo_send(
                    actor=user,
                    kind=data["kind"],
                    title=data["title"],
                    body=data["body"],
                    recipients=list(data["recipients"]),
                    unit_task=data["unit_task"],
                    files=data["files"],
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("메모보고를 보냈습니다."))
                return redirect("memos:detail", memo.pk)
        status = 422
    else:
        form = MemoForm(user=user)
        status = 200
    return render_page(
        request, "tasks/memos/new.html", {"form": form, "unread": unread_memo_count(user)}, status=status
    )


def _detail_context(request: HttpRequest, memo: MemoReport, reply_form: MemoReplyForm) -> dict:
    detail = memo_detail(memo)
    user = request.user
    is_party = memo.author_id == user.pk or any(r.recipient_id == user.pk for r in detail.receipts)
    return {
        "memo": memo,
        "detail": detail,
        "replies": detail.replies,
        "reply_form": reply_form,
        "can_reply": is_party,
        "is_author": memo.author_id == user.pk,
        "unread": unread_memo_count(user),
    }


@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    memo = access_memo(request.user, pk)
    # Opening the memo is reading it: the first opening by a recipient is its 읽음 확인.
    memo_mark_read(memo=memo, actor=request.user)
    return render_page(request, "tasks/memos/detail.html", _detail_context(request, memo, MemoReplyForm()))


@require_POST
def reply(request: HttpRequest, pk: int) -> HttpResponse:
    memo = access_memo(request.user, pk, for_write=True)
    form = MemoReplyForm(request.POST)
    if form.is_valid():
        try:
            memo_reply(memo=memo, actor=request.user, body=form.cleaned_data["body"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            if not request.htmx:
                messages.success(request, _("답글을 달았습니다."))
                return redirect(reverse("memos:detail", args=[memo.pk]) + "#replies")
            context = {"memo": memo, "replies": memo_replies(memo), "reply_form": MemoReplyForm(), "can_reply": True}
            return render_page(request, "tasks/memos/detail.html", context, partial="replies")
    return render_page(
        request, "tasks/memos/detail.html", _detail_context(request, memo, form), partial="replies", status=422
    )


@require_GET
def attachment(request: HttpRequest, pk: int, attachment_pk: int) -> FileResponse:
    """Attachments are never public media URLs: each download is authorised like its memo."""
    stored = access_memo_attachment(request.user, pk, attachment_pk)
    return private_file_response(
        stored.file,
        filename=stored.original_name,
        content_type=stored.content_type,
        missing=_("첨부파일을 찾을 수 없습니다."),
    )
