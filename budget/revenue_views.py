"""수입결의 pages: the list (search, status filter, XLSX), drafting, and the detail where the 회계
담당 records 수납. Shown as expenditures are (budget.execution_access): to those who may open the
document, and to those who read the whole institution's budget."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from approval.permissions import visible_document_ids
from approval.selectors import subject_approval
from budget.execution import is_accounting_officer
from budget.models import DecisionStatus, RevenueItem, RevenueLevel, RevenueResolution, YearStatus
from budget.revenue import revenue_collect, revenue_submit
from budget.status.access import sees_whole_institution
from core.fields import LimitedCharField
from core.forms import apply_errors
from core.htmx import render_page
from core.money import WonField
from core.params import DateField
from core.people import person_label
from core.xlsx import xlsx_response
from tasks.models import UnitTask
from tasks.selectors.cards import unit_tasks_for_filing


def revenue_visible_to(user) -> QuerySet[RevenueResolution]:
    if not user.is_authenticated:
        return RevenueResolution.objects.none()
    if sees_whole_institution(user):
        return RevenueResolution.objects.all()
    return RevenueResolution.objects.filter(document_id__in=visible_document_ids(user))


class RevenueItemChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: RevenueItem) -> str:
        return f"{obj.code} {obj.name}"


class RevenueForm(forms.Form):
    title = LimitedCharField(label=gettext_lazy("건명"), max_length=200)
    revenue_item = RevenueItemChoiceField(label=gettext_lazy("세입 과목(목)"), queryset=RevenueItem.objects.none())
    payer = forms.CharField(label=gettext_lazy("납부자"), max_length=100)
    amount = WonField(label=gettext_lazy("금액(원)"), widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    due_date = DateField(label=gettext_lazy("납부 기한"), widget=forms.DateInput(attrs={"type": "date"}))
    unit_task = forms.ModelChoiceField(label=gettext_lazy("단위과제"), queryset=UnitTask.objects.none())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["revenue_item"].queryset = RevenueItem.objects.filter(
            level=RevenueLevel.ITEM, fiscal_year__status=YearStatus.CONFIRMED
        ).order_by("path")
        self.fields["unit_task"].queryset = unit_tasks_for_filing(user)
        for field in self.fields.values():
            field.error_messages["required"] = _("필수 항목입니다.")


class CollectForm(forms.Form):
    collected_on = DateField(label=gettext_lazy("수납일"), widget=forms.DateInput(attrs={"type": "date"}))


class FilterForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("검색"), required=False, widget=forms.TextInput(attrs={"type": "search"}))
    status = forms.ChoiceField(
        label=gettext_lazy("상태"), required=False, choices=[("", gettext_lazy("전체")), *DecisionStatus.choices]
    )


@require_GET
def revenue_list(request: HttpRequest) -> HttpResponse:
    form = FilterForm(request.GET)
    rows = revenue_visible_to(request.user).select_related("revenue_item", "drafter", "department")
    if form.is_valid():
        if form.cleaned_data["status"]:
            rows = rows.filter(status=form.cleaned_data["status"])
        q = form.cleaned_data["q"].strip()
        if q:
            rows = rows.filter(Q(title__icontains=q) | Q(payer__icontains=q))
    rows = rows.order_by("-created_at", "-pk")
    if request.GET.get("export") == "xlsx":
        return xlsx_response(
            filename=_("수입결의"),
            title=_("수입결의"),
            headers=[
                _("건명"),
                _("세입 과목"),
                _("납부자"),
                _("금액(원)"),
                _("납부 기한"),
                _("기안자"),
                _("상태"),
                _("수납일"),
            ],
            rows=(
                [
                    r.title,
                    f"{r.revenue_item.code} {r.revenue_item.name}",
                    r.payer,
                    r.amount,
                    r.due_date,
                    person_label(r.drafter),
                    r.get_status_display(),
                    r.collected_on,
                ]
                for r in rows
            ),
        )
    context = {"form": form, "page": Paginator(rows, 50).get_page(request.GET.get("page"))}
    return render_page(request, "budget/revenue_list.html", context, partial="results")


@require_http_methods(["GET", "POST"])
def revenue_new(request: HttpRequest) -> HttpResponse:
    form = RevenueForm(request.POST or None, user=request.user)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                resolution = revenue_submit(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("수입결의를 상신했습니다."))
                return redirect("budget:revenue_detail", resolution.pk)
        status = 422
    return render_page(request, "budget/revenue_form.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
def revenue_detail(request: HttpRequest, pk: int) -> HttpResponse:
    resolution = (
        revenue_visible_to(request.user).select_related("revenue_item", "drafter", "department").filter(pk=pk).first()
    )
    if resolution is None:
        raise Http404(_("수입결의를 찾을 수 없습니다."))
    can_collect = (
        is_accounting_officer(request.user)
        and resolution.status == DecisionStatus.APPROVED
        and resolution.collected_on is None
    )
    form = CollectForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not can_collect:
            raise Http404(_("수납할 수 없는 수입결의입니다."))
        if form.is_valid():
            try:
                revenue_collect(
                    actor=request.user, resolution=resolution, collected_on=form.cleaned_data["collected_on"]
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("수납을 기록했습니다."))
                return redirect("budget:revenue_detail", resolution.pk)
        status = 422
    context = {"r": resolution, "approval": subject_approval(resolution), "form": form, "can_collect": can_collect}
    return render_page(request, "budget/revenue_detail.html", context, status=status)
