"""Expense-plan pages (지출 품의): the list (mine and my department's), writing and submitting a
plan, its detail with the approval document, and resubmitting after 반려/회수."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from approval.selectors import subject_approval
from budget.charges import SourceRef, commitment_figures, commitment_figures_many
from budget.forms import ExpensePlanForm, PlanFilterForm
from budget.models import ExpensePlan
from budget.permissions import access_expense_plan
from budget.selectors import expense_plan_list
from budget.services import expense_plan_resubmit, expense_plan_submit
from core.forms import apply_errors
from core.htmx import render_page
from core.people import person_label
from core.xlsx import xlsx_response

PER_PAGE = 50


@require_GET
def plan_list(request: HttpRequest) -> HttpResponse:
    form = PlanFilterForm(request.GET)
    plans = expense_plan_list(request.user, form.filters())
    if request.GET.get("export") == "xlsx":
        return xlsx_response(
            filename=_("지출품의"),
            title=_("지출 품의"),
            headers=[
                _("건명"),
                _("금액(원)"),
                _("예산과목"),
                _("집행 예정일"),
                _("부서"),
                _("기안자"),
                _("상태"),
                _("생산등록번호"),
                _("승인일시"),
            ],
            rows=(
                [
                    p.title,
                    p.amount,
                    p.budget_item,
                    p.planned_date,
                    p.department.name,
                    person_label(p.drafter),
                    p.get_status_display(),
                    p.registration,
                    p.approved_at,
                ]
                for p in plans
            ),
        )
    page = Paginator(plans, PER_PAGE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    # What each approved plan's commitment (지출원인행위) still holds: three queries for the page.
    held = commitment_figures_many(SourceRef.of(p) for p in page.object_list if p.line_id and p.approved_at)
    for p in page.object_list:
        figures = held.get(SourceRef.of(p))
        p.commitment_open = figures.open_amount if figures is not None else None
    return render_page(request, "budget/plan_list.html", {"form": form, "page": page}, partial="results")


def _submit_form(request: HttpRequest, plan: ExpensePlan | None) -> HttpResponse:
    """The new-plan and resubmit pages share one form; only the service differs. The new-plan
    form carries a submission token (core.once): a double click makes one plan."""
    user = request.user
    template = "budget/plan_form.html"
    once = plan is None
    if request.method == "POST":
        form = ExpensePlanForm(request.POST, user=user, once=once)
        if form.is_valid():
            data = form.cleaned_data
            fields = {
                "title": data["title"],
                "purpose": data["purpose"],
                "amount": data["amount"],
                "budget_item": data.get("budget_item", ""),
                "budget_line": data.get("line"),
                "planned_date": data["planned_date"],
                "unit_task": data["unit_task"],
            }
            try:
                if plan is None:
                    plan = expense_plan_submit(actor=user, submission_token=data["submission_token"], **fields)
                else:
                    plan = expense_plan_resubmit(actor=user, plan=plan, **fields)
            except ValidationError as exc:
                # The line and the filing data the engine checks have no field here: above the form.
                apply_errors(form, exc)
            else:
                messages.success(request, _("지출 품의를 상신했습니다."))
                return redirect("budget:plan_detail", plan.pk)
        status = 422
    else:
        form = ExpensePlanForm(initial=ExpensePlanForm.initial_from(plan) if plan else None, user=user, once=once)
        status = 200
    return render_page(request, template, {"form": form, "plan": plan}, status=status)


@require_http_methods(["GET", "POST"])
def plan_new(request: HttpRequest) -> HttpResponse:
    return _submit_form(request, None)


@require_http_methods(["GET", "POST"])
def plan_resubmit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = access_expense_plan(request.user, pk, for_write=True)
    if not plan.can_resubmit:
        messages.error(request, _("반려되거나 회수된 지출 품의만 다시 상신할 수 있습니다."))
        return redirect("budget:plan_detail", plan.pk)
    return _submit_form(request, plan)


@require_GET
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = access_expense_plan(request.user, pk)
    context = {
        "plan": plan,
        "approval": subject_approval(plan),
        "is_drafter": plan.drafter_id == request.user.pk,
        # Its commitment (지출원인행위), once approved on a real line: reserved, executed, released, open.
        "commitment": commitment_figures(SourceRef.of(plan)) if plan.line_id and plan.approved_at else None,
    }
    return render_page(request, "budget/plan_detail.html", context)
