"""Directive pages (지시사항): the tabbed list, the overdue report, issuing, and one directive with
its timeline and the actions the viewer may take (htmx forms that swap the directive in place)."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.forms import apply_errors
from core.htmx import render_page
from core.xlsx import xlsx_response
from org.visibility import viewer_for
from tasks.forms.directives import ACTION_FORMS, DirectiveFilterForm, DirectiveForm, OverdueFilterForm
from tasks.models import Directive
from tasks.permissions.directives import access_directive, directive_rights, may_issue
from tasks.selectors.directives import TAB_DEPARTMENT, TAB_ISSUED, TAB_RECEIVED, directive_list, directive_page
from tasks.selectors.directives import overdue_directives as overdue_report
from tasks.services import directives as services

PER_PAGE = 50
TAB_LABELS = [
    (TAB_RECEIVED, gettext_lazy("내가 받은 지시")),
    (TAB_ISSUED, gettext_lazy("내가 한 지시")),
    (TAB_DEPARTMENT, gettext_lazy("부서 지시사항")),
]
ACTION_SERVICES = {
    "plan": services.directive_submit_plan,
    "progress": services.directive_report_progress,
    "complete": services.directive_complete,
    "reopen": services.directive_reopen,
    "cancel": services.directive_cancel,
    "comment": services.directive_comment,
}
ACTION_DONE = {
    "plan": gettext_lazy("이행계획을 제출했습니다."),
    "progress": gettext_lazy("추진상황을 보고했습니다."),
    "complete": gettext_lazy("완료 보고를 했습니다."),
    "reopen": gettext_lazy("보완을 요구했습니다."),
    "cancel": gettext_lazy("지시를 취소했습니다."),
    "comment": gettext_lazy("의견을 남겼습니다."),
}


def dday(directive: Directive, today: date) -> str:
    """D-3 (three days left), D-day, D+2 (two days overdue); empty once closed."""
    if not directive.is_open:
        return ""
    days = (directive.due_on - today).days
    if days == 0:
        return "D-day"
    return f"D-{days}" if days > 0 else f"D+{-days}"


def _annotate(directives, today: date) -> list[Directive]:
    rows = list(directives)
    for d in rows:
        d.dday = dday(d, today)
        d.overdue = d.is_overdue(today)
    return rows


def _names(directive: Directive) -> str:
    return ", ".join(a.user.name for a in directive.assignees.all())


def _export(directives, today: date, filename: str, title: str) -> HttpResponse:
    return xlsx_response(
        filename=filename,
        title=title,
        headers=[
            _("제목"),
            _("상태"),
            _("주관 부서"),
            _("지시자"),
            _("이행 담당자"),
            _("지시일시"),
            _("처리기한"),
            _("진척률(%)"),
            _("기한 경과(일)"),
            _("완료일시"),
        ],
        rows=(
            [
                d.title,
                d.get_status_display(),
                d.department.name,
                d.issued_by.name,
                _names(d),
                d.issued_at,
                d.due_on,
                d.progress,
                (today - d.due_on).days if d.is_overdue(today) else "",
                d.completed_at,
            ]
            for d in directives
        ),
    )


@require_GET
def list_(request: HttpRequest) -> HttpResponse:
    user, today = request.user, timezone.localdate()
    viewer = viewer_for(user)
    form = DirectiveFilterForm(request.GET, user=user)
    filters = form.filters()
    directives = directive_list(viewer, filters, today)
    if request.GET.get("export") == "xlsx":
        return _export(directives, today, _("지시사항"), _("지시사항"))
    page = Paginator(directives, PER_PAGE).get_page(request.GET.get("page"))
    page.object_list = _annotate(page.object_list, today)
    context = {
        "form": form,
        "page": page,
        "tab": filters.tab,
        "tabs": TAB_LABELS,
        "today": today,
        "may_issue": may_issue(viewer),
    }
    return render_page(request, "tasks/directives/list.html", context, partial="results")


@require_GET
def overdue(request: HttpRequest) -> HttpResponse:
    user, today = request.user, timezone.localdate()
    viewer = viewer_for(user)
    form = OverdueFilterForm(request.GET, user=user)
    form.is_valid()
    department = form.cleaned_data.get("department")
    report = overdue_report(
        viewer, today, department_id=department.pk if department else None, q=(form.cleaned_data.get("q") or "").strip()
    )
    if request.GET.get("export") == "xlsx":
        return _export(report.directives, today, _("기한경과_지시사항"), _("기한 경과 지시사항"))
    page = Paginator(report.directives, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "report": report,
        "page": page,
        "today": today,
        "scope": "all" if viewer.sees_everything else "tree" if viewer.is_head else "own",
        "may_issue": may_issue(viewer),
    }
    return render_page(request, "tasks/directives/overdue.html", context, partial="results")


@require_http_methods(["GET", "POST"])
def new(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not may_issue(viewer_for(user)):
        # A clear answer rather than the generic 403 page: who can issue, and what to do instead.
        return TemplateResponse(request, "tasks/directives/forbidden.html", {}, status=403)
    status = 200
    if request.method == "POST":
        form = DirectiveForm(request.POST, user=user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                directive = services.directive_issue(
                    actor=user,
                    title=data["title"],
                    body=data["body"],
                    due_on=data["due_on"],
                    department=data["department"],
                    assignees=list(data["assignees"]),
                    unit_task=data["unit_task"],
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("지시사항을 등록했습니다."))
                return redirect("directives:detail", directive.pk)
        status = 422
    else:
        form = DirectiveForm(user=user)
    return render_page(request, "tasks/directives/new.html", {"form": form}, status=status)


def _detail_context(request: HttpRequest, directive: Directive, bound: tuple[str, object] | None = None) -> dict:
    today = timezone.localdate()
    page = directive_page(directive)
    rights = directive_rights(request.user, directive, page.assignee_ids)
    forms = {name: form_class(prefix=name) for name, form_class in ACTION_FORMS.items()}
    if bound is not None:
        forms[bound[0]] = bound[1]
    else:
        forms["plan"].initial = {"plan": directive.plan, "planned_on": directive.planned_on}
        forms["progress"].initial = {"progress": directive.progress}
    directive.dday = dday(directive, today)
    directive.overdue = directive.is_overdue(today)
    return {
        "directive": directive,
        "page": page,
        "rights": rights,
        "forms": forms,
        "open_form": bound[0] if bound else "",
        "action_errors": bound[1].non_field_errors() if bound else [],
        "today": today,
    }


@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    directive = access_directive(request.user, pk)
    return render_page(request, "tasks/directives/detail.html", _detail_context(request, directive))


@require_POST
def act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """One of the directive's actions (plan, progress, complete, reopen, cancel, comment)."""
    directive = access_directive(request.user, pk, for_write=True)
    form = ACTION_FORMS[action](request.POST, prefix=action)
    if form.is_valid():
        try:
            ACTION_SERVICES[action](directive=directive, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            if not request.htmx:
                messages.success(request, ACTION_DONE[action])
                return redirect("directives:detail", directive.pk)
            fresh = access_directive(request.user, pk)
            return render_page(request, "tasks/directives/detail.html", _detail_context(request, fresh), partial="work")
    # Show the directive as it is now (after a race it changed under the actor), with the
    # refused form and its messages.
    fresh = access_directive(request.user, pk)
    return render_page(
        request,
        "tasks/directives/detail.html",
        _detail_context(request, fresh, (action, form)),
        partial="work",
        status=422,
    )
