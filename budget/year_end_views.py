"""The 결산 page (회계연도 마감) of the 회계 담당: what still blocks the close, the open
commitments to carry into next year (명시이월/사고이월, amount, next year's line) or leave to lapse,
and — once closed — the year's 불용·이월 per line and the entries the close posted. Readers of the
books (예산 담당, auditors) see it; only the 회계 담당 closes."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from budget.execution import is_accounting_officer
from budget.execution_access import require_payment_reader
from budget.models import CarryoverType, FiscalYear, YearEnd, YearStatus
from budget.year_end import Carry, OpenCommitment, year_end_close, year_end_review
from core.htmx import render_page
from core.money import WonField
from org.models import User

NO_CARRY = ""


class CarryForm(forms.Form):
    """One field trio per open commitment: 이월 구분 (or none: it lapses), amount, target line."""

    def __init__(self, *args: Any, commitments: list[OpenCommitment], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.commitments = commitments
        for c in commitments:
            pk = c.line.pk
            self.fields[f"type_{pk}"] = forms.ChoiceField(
                label=gettext_lazy("%(line)s 이월 구분") % {"line": c.line.label},
                choices=[(NO_CARRY, _("이월하지 않음(불용)")), *CarryoverType.choices],
                required=False,
            )
            self.fields[f"amount_{pk}"] = WonField(
                label=gettext_lazy("%(line)s 이월액") % {"line": c.line.label}, required=False
            )
            self.fields[f"target_{pk}"] = forms.TypedChoiceField(
                label=gettext_lazy("%(line)s 이월 받는 과목") % {"line": c.line.label},
                choices=[("", "—"), *((t.pk, t.label) for t in c.targets)],
                coerce=int,
                required=False,
            )
            if not self.is_bound:
                self.initial[f"amount_{pk}"] = c.committed
                if len(c.targets) == 1:
                    self.initial[f"target_{pk}"] = c.targets[0].pk

    def rows(self) -> list[tuple]:
        return [
            (c, self[f"type_{c.line.pk}"], self[f"amount_{c.line.pk}"], self[f"target_{c.line.pk}"])
            for c in self.commitments
        ]

    def clean(self) -> dict:
        data = super().clean() or {}
        for c in self.commitments:
            pk = c.line.pk
            if not data.get(f"type_{pk}"):
                continue
            if not data.get(f"amount_{pk}"):
                self.add_error(f"amount_{pk}", _("이월액을 입력하세요."))
            if not data.get(f"target_{pk}"):
                self.add_error(f"target_{pk}", _("이월 받는 다음 연도 과목을 고르세요."))
        return data

    def carries(self) -> list[Carry]:
        data = self.cleaned_data
        return [
            Carry(c.line.pk, data[f"type_{c.line.pk}"], data[f"amount_{c.line.pk}"], data[f"target_{c.line.pk}"])
            for c in self.commitments
            if data.get(f"type_{c.line.pk}")
        ]


def _year(request: HttpRequest) -> FiscalYear | None:
    wanted = request.GET.get("year", "")
    years = FiscalYear.objects.exclude(status=YearStatus.DRAFTING)
    if wanted.isascii() and wanted.isdigit():
        return years.filter(year=int(wanted)).first()
    return years.filter(status=YearStatus.CONFIRMED).first() or years.first()


@require_http_methods(["GET", "POST"])
def year_end(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)  # signed in: the login middleware sends anyone else away
    require_payment_reader(user)
    fiscal_year = _year(request)
    context: dict = {
        "fiscal_year": fiscal_year,
        "years": FiscalYear.objects.exclude(status=YearStatus.DRAFTING).order_by("-year"),
        "may_close": is_accounting_officer(user),
    }
    if fiscal_year is None:
        return render_page(request, "budget/books/year_end.html", context)
    done = YearEnd.objects.filter(fiscal_year=fiscal_year).select_related("closing_entry", "opening_entry").first()
    if done is not None:
        context["done"] = done
        context["done_lines"] = done.lines.select_related("line", "target_line").order_by("line__path")
        return render_page(request, "budget/books/year_end.html", context)
    review = year_end_review(fiscal_year)
    form = CarryForm(request.POST or None, commitments=review.commitments)
    status = 200
    if request.method == "POST":
        if not context["may_close"]:
            raise PermissionDenied(_("회계 담당만 회계연도를 결산(마감)할 수 있습니다."))
        if form.is_valid():
            try:
                year_end_close(actor=user, fiscal_year=fiscal_year, carries=form.carries())
            except ValidationError as exc:
                for message in exc.messages:
                    form.add_error(None, message)
            else:
                messages.success(request, _("%(year)d 회계연도를 결산하고 마감했습니다.") % {"year": fiscal_year.year})
                return redirect(reverse("budget:year_end") + f"?year={fiscal_year.year}")
        status = 422
    context |= {"review": review, "form": form}
    return render_page(request, "budget/books/year_end.html", context, status=status)
