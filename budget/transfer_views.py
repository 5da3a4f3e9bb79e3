"""전용 (transfer) drafted by a department's staff on /budget/: money moved between two of their
department's 통계목 within one 세부사업, sent for approval (`budget.transfer`) at once. The rules —
same 세부사업, the institution's 전용 limit, the giving line's balance — are budget.amendments'
(checked at 상신 and again at the decision); the 예산 담당 drafts many-line amendments (추경,
이월) in the console."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from budget.amendments import LineChange, amendment_create, amendment_submit
from budget.drafting import lines_for_drafting
from budget.forms import BudgetLineChoiceField, UnitTaskChoiceField
from budget.models import AmendmentKind, BudgetItem
from core.fields import LimitedCharField
from core.forms import apply_errors
from core.htmx import render_page
from core.money import WonField
from org.models import User
from tasks.models import UnitTask
from tasks.selectors.cards import unit_tasks_for_filing


class TransferForm(forms.Form):
    title = LimitedCharField(label=gettext_lazy("건명"), max_length=200)
    reason = forms.CharField(label=gettext_lazy("전용 사유"), widget=forms.Textarea(attrs={"rows": 4}))
    from_line = BudgetLineChoiceField(label=gettext_lazy("줄이는 과목"), queryset=BudgetItem.objects.none())
    to_line = BudgetLineChoiceField(label=gettext_lazy("늘리는 과목"), queryset=BudgetItem.objects.none())
    amount = WonField(
        label=gettext_lazy("전용액(원)"),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    unit_task = UnitTaskChoiceField(label=gettext_lazy("단위과제"), queryset=UnitTask.objects.none())

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        lines = lines_for_drafting(user)
        self.fields["from_line"].queryset = lines  # type: ignore[attr-defined]
        self.fields["to_line"].queryset = lines  # type: ignore[attr-defined]
        self.fields["unit_task"].queryset = unit_tasks_for_filing(user)  # type: ignore[attr-defined]

    def clean(self) -> dict:
        data = super().clean() or {}
        if data.get("from_line") and data.get("from_line") == data.get("to_line"):
            self.add_error("to_line", _("줄이는 과목과 다른 과목을 고르세요."))
        return data


@require_http_methods(["GET", "POST"])
def transfer_new(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)  # signed in: the login middleware sends anyone else away
    form = TransferForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        giver, taker, amount = data["from_line"], data["to_line"], data["amount"]
        try:
            # One transaction: a refusal at 상신 leaves no amendment in 작성 behind.
            with transaction.atomic():
                amendment = amendment_create(
                    actor=user,
                    fiscal_year=giver.fiscal_year,
                    kind=AmendmentKind.TRANSFER,
                    title=data["title"],
                    reason=data["reason"],
                    changes=[
                        LineChange(giver, -amount, memo=_("전용(감)")),
                        LineChange(taker, amount, memo=_("전용(증)")),
                    ],
                    unit_task=data["unit_task"],
                )
                amendment = amendment_submit(actor=user, amendment=amendment)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("예산 전용을 결재에 올렸습니다."))
            return redirect("approval:detail", amendment.document_id)
    status = 422 if request.method == "POST" else 200
    return render_page(request, "budget/transfer_form.html", {"form": form}, status=status)
