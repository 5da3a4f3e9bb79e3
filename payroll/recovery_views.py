"""환수 현황: every 환수 booked by a correction, what was collected of it and what is still owed,
for the 급여 담당 and auditors; the 급여 담당 records a collection (payroll.recoveries)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from core.htmx import render_page
from core.money import WonField
from core.params import DateField
from payroll.models import CollectionMethod, PayrollRun, Payslip, RecoveryCollection
from payroll.permissions import is_payroll_officer, sees_all_payroll
from payroll.recoveries import later_runs_for, recoveries, recovery_collect
from payroll.services import PayrollError


class CollectionForm(forms.Form):
    collected_on = DateField(label=gettext_lazy("회수일"), widget=forms.DateInput(attrs={"type": "date"}))
    # As every amount typed in this project: "89,210", "8만 9,210" … read by core.money (the service
    # refuses 0 and anything over what is still owed, in Korean).
    amount = WonField(
        label=gettext_lazy("회수액(원)"), widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"})
    )
    method = forms.ChoiceField(label=gettext_lazy("회수 방법"), choices=CollectionMethod.choices)
    deducted_in = forms.ModelChoiceField(
        label=gettext_lazy("공제한 급여"),
        queryset=PayrollRun.objects.none(),
        required=False,
        help_text=gettext_lazy("급여공제일 때: 환수금을 공제한 뒤 달의 급여"),
    )
    memo = forms.CharField(label=gettext_lazy("비고"), max_length=200, required=False)

    def __init__(self, *args: object, slip: Payslip, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = cast(forms.ModelChoiceField, self.fields["deducted_in"])
        field.queryset = later_runs_for(slip)


def _recovery(pk: int) -> Any:
    slip = recoveries().filter(pk=pk).first()
    if slip is None:
        raise Http404(_("환수 내역을 찾을 수 없습니다."))
    return slip


@require_GET
def recovery_list(request: HttpRequest) -> HttpResponse:
    if not sees_all_payroll(request.user):
        raise Http404(_("환수 현황을 찾을 수 없습니다."))
    show_all = request.GET.get("all") == "1"
    rows_list = list(recoveries(outstanding_only=not show_all))
    return render_page(
        request,
        "payroll/recovery_list.html",
        {
            "rows": rows_list,
            "show_all": show_all,
            "outstanding_total": sum(row.outstanding for row in rows_list),
            "officer": is_payroll_officer(request.user),
            "sees_all": True,
        },
    )


@require_http_methods(["GET", "POST"])
def recovery_detail(request: HttpRequest, pk: int) -> HttpResponse:
    if not sees_all_payroll(request.user):
        raise Http404(_("환수 내역을 찾을 수 없습니다."))
    slip = _recovery(pk)
    officer = is_payroll_officer(request.user)
    form = CollectionForm(request.POST if request.method == "POST" else None, slip=slip)
    if request.method == "GET":
        form.initial = {"collected_on": timezone.localdate(), "amount": slip.outstanding or None}
    elif not officer:
        messages.error(request, _("급여 담당만 환수금 회수를 기록할 수 있습니다."))
        return redirect("payroll:recovery_detail", pk=slip.pk)
    elif form.is_valid():
        data = form.cleaned_data
        try:
            recovery_collect(
                actor=request.user,
                slip=slip,
                amount=data["amount"],
                collected_on=data["collected_on"],
                method=data["method"],
                deducted_in=data["deducted_in"],
                memo=data["memo"],
            )
        except PayrollError as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, _("환수금 회수를 기록했습니다. 미수금이 그만큼 정리되었습니다."))
            return redirect("payroll:recovery_detail", pk=slip.pk)
    collections = RecoveryCollection.objects.filter(slip=slip).select_related("deducted_in", "recorded_by")
    return render_page(
        request,
        "payroll/recovery_detail.html",
        {
            "slip": slip,
            "collections": list(collections.order_by("collected_on", "pk")),
            "form": form,
            "officer": officer,
            "sees_all": True,
        },
        status=422 if request.method == "POST" else 200,
    )
