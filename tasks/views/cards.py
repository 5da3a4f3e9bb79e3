"""Unit-task pages (과제관리): the list of unit tasks, the classification tree, and the card
(과제관리카드) with its 표제부, goals, plan, performance and other entries, versions, related
documents, hand-over and participants."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.forms import apply_errors
from core.htmx import render_page
from core.params import parse_id, parse_int
from core.people import person_label
from core.xlsx import xlsx_response
from org.models import User
from org.visibility import viewer_for
from tasks.forms.cards import (
    CardEntryForm,
    EntryReviseForm,
    HandoverForm,
    ParticipantForm,
    TaskCardForm,
    TaskGoalForm,
    TreeFilterForm,
    UnitTaskFilterForm,
)
from tasks.models import CardEntryKind, TaskCard, TaskGoal, UnitTask
from tasks.permissions.cards import UnitTaskRights, access_card_entry, access_unit_task
from tasks.selectors import cards as selectors
from tasks.selectors.cards import CardPage
from tasks.services.cards import (
    card_entry_add,
    card_entry_revise,
    milestone_complete,
    task_card_create,
    task_card_register_year,
    task_card_update,
    task_goal_add,
    task_goal_delete,
    task_goal_update,
)
from tasks.services.classification import unit_task_grant, unit_task_handover, unit_task_revoke

PER_PAGE = 50
MANAGE_REFUSAL = gettext_lazy("담당자, 부서장 또는 관리자만 인수인계와 참여자 지정을 할 수 있습니다.")
DETAIL = "tasks/cards/unit_task_detail.html"
# The card's sections of dated entries other than the plan, in the order of the 2006 card layout.
ENTRY_SECTIONS = (
    CardEntryKind.PERFORMANCE,
    CardEntryKind.QUALITY,
    CardEntryKind.PUBLIC_RELATIONS,
    CardEntryKind.CUSTOMER,
)
SECTION_HINTS = {
    CardEntryKind.PLAN: gettext_lazy("언제까지 무엇을 할지 일정(마일스톤)을 적고, 마치면 완료로 표시합니다."),
    CardEntryKind.PERFORMANCE: gettext_lazy(
        "한 일을 날짜별로 적습니다. 고치면 새 판이 쌓이고 이전 판은 그대로 남습니다."
    ),
    CardEntryKind.QUALITY: gettext_lazy("점검·평가·개선 사항을 적습니다."),
    CardEntryKind.PUBLIC_RELATIONS: gettext_lazy("보도자료, 설명회, 누리집 게시처럼 알린 일을 적습니다."),
    CardEntryKind.CUSTOMER: gettext_lazy("이해관계자, 민원, 만족도 조사 같은 고객 관련 사항을 적습니다."),
}


# --- The list and the tree -----------------------------------------------------------------------------


@require_GET
def unit_task_list(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    form = UnitTaskFilterForm(request.GET or None, **selectors.unit_task_filter_choices(viewer))
    tasks = selectors.unit_task_list(viewer, form.filters())
    if request.GET.get("export") == "xlsx":
        return xlsx_response(
            filename=_("단위과제목록"),
            title=_("단위과제"),
            headers=[
                _("단위과제 코드"), _("단위과제명"), _("대기능"), _("중기능"), _("소기능"), _("처리과"),
                _("보존기간"), _("공개구분"), _("담당자"), _("부담당자"), _("과제관리카드"), _("충실도(%)"),
                _("사용"),
            ],
            rows=(
                [
                    t.code,
                    t.name,
                    t.function.parent.parent.name,
                    t.function.parent.name,
                    t.function.name,
                    t.department.name,
                    t.get_retention_period_display(),
                    t.disclosure_label,
                    person_label(t.owner),
                    person_label(t.deputy),
                    _("있음") if _card_of(t) else _("없음"),
                    _card_of(t).completeness if _card_of(t) else None,
                    _("사용") if t.is_active else _("폐지"),
                ]
                for t in tasks
            ),
        )  # fmt: skip
    context = {
        "form": form,
        "page": Paginator(tasks, PER_PAGE).get_page(request.GET.get("page")),
        "user_id": request.user.pk,
    }
    return render_page(request, "tasks/cards/unit_task_list.html", context, partial="results")


def _card_of(task: UnitTask) -> TaskCard | None:
    try:
        return task.card
    except TaskCard.DoesNotExist:
        return None


@require_GET
def classification(request: HttpRequest) -> HttpResponse:
    form = TreeFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    tree = selectors.classification_tree(
        viewer_for(request.user), include_retired=bool(data.get("retired")), q=(data.get("q") or "").strip()
    )
    return render_page(request, "tasks/cards/classification.html", {"form": form, "tree": tree})


# --- The card page ----------------------------------------------------------------------------------------


def _sections(page: CardPage, forms: dict | None = None) -> dict:
    forms = forms or {}
    sections = {}
    for kind in (CardEntryKind.PLAN, *ENTRY_SECTIONS):
        sections[kind] = {
            "kind": kind,
            "label": CardEntryKind(kind).label,
            "hint": SECTION_HINTS[kind],
            "entries": page.entries.get(kind, []),
            "form": forms.get(kind) or CardEntryForm(kind=kind),
        }
    return sections


def _card_context(request: HttpRequest, unit_task: UnitTask, rights: UnitTaskRights, **extra) -> dict:
    page = selectors.card_page(request.user, unit_task, rights, timezone.localdate())
    sections = _sections(page, extra.pop("entry_forms", None))
    return {
        "task": unit_task,
        "page": page,
        "card": page.card,
        "rights": rights,
        "can_write": rights.can_edit and unit_task.is_active,
        "plan": sections[CardEntryKind.PLAN],
        "sections": [sections[kind] for kind in ENTRY_SECTIONS],
        "sections_by_kind": sections,
        "goal_form": extra.pop("goal_form", None) or TaskGoalForm(),
        "last_year": timezone.localdate().year - 1,
        **extra,
    }


@require_GET
def unit_task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    unit_task, rights = access_unit_task(request.user, pk)
    return render_page(request, DETAIL, _card_context(request, unit_task, rights))


def _card_or_404(unit_task: UnitTask) -> TaskCard:
    card = TaskCard.objects.filter(unit_task=unit_task).first()
    if card is None:
        raise Http404(_("아직 과제관리카드가 없습니다."))
    return card


def _detail_url(unit_task: UnitTask, anchor: str = "") -> str:
    url = reverse("tasks:unit_task_detail", args=[unit_task.pk])
    return f"{url}#{anchor}" if anchor else url


@require_http_methods(["GET", "POST"])
def card_create(request: HttpRequest, pk: int) -> HttpResponse:
    unit_task, _rights = access_unit_task(request.user, pk, for_write=True)
    if TaskCard.objects.filter(unit_task=unit_task).exists():
        return redirect(_detail_url(unit_task))
    form = TaskCardForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            task_card_create(unit_task=unit_task, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("과제관리카드를 만들었습니다. 목표와 추진계획을 적어 보세요."))
            return redirect(_detail_url(unit_task))
    status = 422 if request.method == "POST" else 200
    context = {"task": unit_task, "form": form, "is_new": True}
    return render_page(request, "tasks/cards/card_form.html", context, status=status)


@require_http_methods(["GET", "POST"])
def card_edit(request: HttpRequest, pk: int) -> HttpResponse:
    unit_task, _rights = access_unit_task(request.user, pk, for_write=True)
    card = _card_or_404(unit_task)
    initial = {f: getattr(card, f) for f in ("summary", "legal_basis", "budget_program", "started_on")}
    form = TaskCardForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            task_card_update(card=card, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("표제부를 고쳤습니다."))
            return redirect(_detail_url(unit_task))
    status = 422 if request.method == "POST" else 200
    context = {"task": unit_task, "form": form, "is_new": False}
    return render_page(request, "tasks/cards/card_form.html", context, status=status)


def _section_response(request, unit_task, rights, *, kind: str, status: int = 200, **extra) -> HttpResponse:
    """After an htmx write: the section that changed, plus the completeness meter out of band."""
    context = _card_context(request, unit_task, rights, **extra)
    context["section"] = context["sections_by_kind"][kind]
    context["oob_meter"] = True
    partial = "plan-section" if kind == CardEntryKind.PLAN else "entry-section"
    return render_page(request, DETAIL, context, partial=partial, status=status)


# --- Goals --------------------------------------------------------------------------------------------------------


def _goal_response(request, unit_task, rights, *, status: int = 200, **extra) -> HttpResponse:
    context = _card_context(request, unit_task, rights, **extra)
    context["oob_meter"] = True
    return render_page(request, DETAIL, context, partial="goals-section", status=status)


@require_POST
def goal_add(request: HttpRequest, pk: int) -> HttpResponse:
    unit_task, rights = access_unit_task(request.user, pk, for_write=True)
    card = _card_or_404(unit_task)
    form = TaskGoalForm(request.POST)
    if form.is_valid():
        try:
            task_goal_add(card=card, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            if request.htmx:
                return _goal_response(request, unit_task, rights)
            messages.success(request, _("목표를 추가했습니다."))
            return redirect(_detail_url(unit_task, "goals"))
    if request.htmx:
        return _goal_response(request, unit_task, rights, goal_form=form, status=422)
    return render_page(request, DETAIL, _card_context(request, unit_task, rights, goal_form=form), status=422)


def _access_goal(request, pk: int, goal_pk: int):
    unit_task, rights = access_unit_task(request.user, pk, for_write=True)
    goal = get_object_or_404(TaskGoal, pk=goal_pk, card__unit_task=unit_task)
    return unit_task, rights, goal


@require_http_methods(["GET", "POST"])
def goal_edit(request: HttpRequest, pk: int, goal_pk: int) -> HttpResponse:
    unit_task, _rights, goal = _access_goal(request, pk, goal_pk)
    fields = ("year", "title", "indicator", "target", "result")
    form = TaskGoalForm(request.POST or None, prefix=f"goal-{goal.pk}", initial={f: getattr(goal, f) for f in fields})
    if request.method == "POST" and form.is_valid():
        try:
            task_goal_update(goal=goal, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("목표를 고쳤습니다."))
            return redirect(_detail_url(unit_task, "goals"))
    status = 422 if request.method == "POST" else 200
    return render_page(
        request, "tasks/cards/goal_form.html", {"task": unit_task, "goal": goal, "form": form}, status=status
    )


@require_POST
def goal_delete(request: HttpRequest, pk: int, goal_pk: int) -> HttpResponse:
    unit_task, rights, goal = _access_goal(request, pk, goal_pk)
    task_goal_delete(goal=goal, actor=request.user)
    if request.htmx:
        return _goal_response(request, unit_task, rights)
    messages.success(request, _("목표를 지웠습니다."))
    return redirect(_detail_url(unit_task, "goals"))


@require_POST
def card_register_year(request: HttpRequest, pk: int) -> HttpResponse:
    """과제관리카드 기록물 등록: a finished year of the card becomes a record of its department."""
    unit_task, _rights = access_unit_task(request.user, pk, for_write=True)
    card = _card_or_404(unit_task)
    year = parse_int(request.POST.get("year"), label=_("연도"), minimum=2000, maximum=9999)
    if year is None:
        messages.error(request, _("등록할 연도를 숫자로 적으세요."))
        return redirect(_detail_url(unit_task, "card-records"))
    try:
        task_card_register_year(card=card, actor=request.user, year=year)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("%(year)d년 과제관리카드를 기록물로 등록했습니다.") % {"year": year})
    return redirect(_detail_url(unit_task, "card-records"))


# --- Entries: add, revise, versions, milestone completion -------------------------------------------------------


@require_POST
def entry_add(request: HttpRequest, pk: int) -> HttpResponse:
    unit_task, rights = access_unit_task(request.user, pk, for_write=True)
    card = _card_or_404(unit_task)
    kind = request.POST.get("kind", "")
    if kind not in CardEntryKind.values:
        raise Http404
    form = CardEntryForm(request.POST, kind=kind)
    if form.is_valid():
        try:
            card_entry_add(card=card, kind=kind, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            if request.htmx:
                return _section_response(request, unit_task, rights, kind=kind)
            messages.success(request, _("%(kind)s 항목을 추가했습니다.") % {"kind": CardEntryKind(kind).label})
            return redirect(_detail_url(unit_task, kind))
    if request.htmx:
        return _section_response(request, unit_task, rights, kind=kind, entry_forms={kind: form}, status=422)
    context = _card_context(request, unit_task, rights, entry_forms={kind: form})
    return render_page(request, DETAIL, context, status=422)


@require_http_methods(["GET", "POST"])
def entry_revise(request: HttpRequest, entry_pk: int) -> HttpResponse:
    entry, _rights = access_card_entry(request.user, entry_pk, for_write=True)
    unit_task = entry.card.unit_task
    form = EntryReviseForm(request.POST or None, entry=entry)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            card_entry_revise(
                entry=entry,
                title=data["title"],
                body=data["body"],
                entry_date=data["entry_date"],
                completed_on=data.get("completed_on"),
                expected_version=data["expected_version"],
                actor=request.user,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            if request.htmx:
                full_task, full_rights = access_unit_task(request.user, unit_task.pk)
                return _section_response(request, full_task, full_rights, kind=entry.kind)
            messages.success(request, _("고친 내용을 새 판으로 남겼습니다."))
            return redirect(_detail_url(unit_task, entry.kind))
    status = 422 if request.method == "POST" else 200
    context = {"task": unit_task, "entry": entry, "form": form, "kind_label": CardEntryKind(entry.kind).label}
    return render_page(request, "tasks/cards/entry_revise.html", context, partial="revise-form", status=status)


@require_GET
def entry_versions(request: HttpRequest, entry_pk: int) -> HttpResponse:
    entry, _rights = access_card_entry(request.user, entry_pk)
    context = {
        "task": entry.card.unit_task,
        "entry": entry,
        "versions": selectors.entry_versions(entry),
        "kind_label": CardEntryKind(entry.kind).label,
    }
    return render_page(request, "tasks/cards/entry_versions.html", context, partial="versions")


@require_POST
def milestone_complete_view(request: HttpRequest, entry_pk: int) -> HttpResponse:
    entry, _rights = access_card_entry(request.user, entry_pk, for_write=True)
    unit_task = entry.card.unit_task
    try:
        milestone_complete(entry=entry, actor=request.user)
    except ValidationError as exc:
        if not request.htmx:
            messages.error(request, " ".join(exc.messages))
            return redirect(_detail_url(unit_task, CardEntryKind.PLAN))
        full_task, full_rights = access_unit_task(request.user, unit_task.pk)
        return _section_response(
            request, full_task, full_rights, kind=CardEntryKind.PLAN, plan_error=" ".join(exc.messages), status=422
        )
    if request.htmx:
        full_task, full_rights = access_unit_task(request.user, unit_task.pk)
        return _section_response(request, full_task, full_rights, kind=CardEntryKind.PLAN)
    messages.success(request, _("일정을 완료로 표시했습니다."))
    return redirect(_detail_url(unit_task, CardEntryKind.PLAN))


# --- Hand-over and participants ---------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def handover(request: HttpRequest, pk: int) -> HttpResponse:
    unit_task, rights = access_unit_task(request.user, pk)
    if not rights.can_manage:
        raise PermissionDenied(MANAGE_REFUSAL)
    form = HandoverForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            unit_task_handover(
                unit_task=unit_task,
                role=data["role"],
                to_user=data["to_user"],
                handed_over_on=data["handed_over_on"],
                note=data["note"],
                actor=request.user,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("인수인계를 기록했습니다."))
            return redirect(_detail_url(unit_task, "holders"))
    status = 422 if request.method == "POST" else 200
    return render_page(request, "tasks/cards/handover.html", {"task": unit_task, "form": form}, status=status)


@require_http_methods(["GET", "POST"])
def grant(request: HttpRequest, pk: int) -> HttpResponse:
    """Add (action=add) or remove (action=remove, user=<pk>) a participant (참여자)."""
    unit_task, rights = access_unit_task(request.user, pk)
    if not rights.can_manage:
        raise PermissionDenied(MANAGE_REFUSAL)
    form = ParticipantForm(request.POST if request.POST.get("action") == "add" else None)
    if request.method == "POST" and request.POST.get("action") == "remove":
        person_pk = parse_id(request.POST.get("user"), label=_("참여자"))
        if person_pk is None:
            raise Http404
        person = get_object_or_404(User, pk=person_pk)
        try:
            unit_task_revoke(unit_task=unit_task, user=person, actor=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("%(name)s님을 참여자에서 뺐습니다.") % {"name": person.name})
        return redirect("tasks:grant", unit_task.pk)
    if request.method == "POST" and form.is_valid():
        person = form.cleaned_data["user"]
        try:
            unit_task_grant(unit_task=unit_task, user=person, actor=request.user)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("%(name)s님을 참여자로 지정했습니다.") % {"name": person.name})
            return redirect("tasks:grant", unit_task.pk)
    context = {"task": unit_task, "form": form, "participants": selectors.unit_task_participants(unit_task)}
    status = 422 if request.method == "POST" else 200
    return render_page(request, "tasks/cards/grant.html", context, status=status)
