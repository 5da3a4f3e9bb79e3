"""전용 (transfer) drafted by a department's staff on /budget/: money moved between two of their
department's 통계목 within one 세부사업, sent for approval (`budget.transfer`) at once. The rules —
same 세부사업, the institution's 전용 limit, the giving line's balance — are budget.amendments'
(checked at 상신 and again at the decision); the 예산 담당 drafts many-line amendments (추경,
이월) in the console.

The list of 전용 (/budget/transfers/) searches by 기간 (작성일), 과목 (code, name or standard
code of a giving or receiving line), 상태 and 기안자, and exports what it shows as XLSX or CSV
(core.xlsx: text never becomes a formula). Each 전용 is shown to those who may open its approval
document (the engine's rule: its drafter, the people on its line, the heads above …), its drafter
while it is a draft, and those who read the whole institution's budget (예산·회계 담당, auditors).
Three queries whatever the number of rows: the count, the page, its lines."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from approval.permissions import visible_document_ids
from budget.amendments import LineChange, amendment_create, amendment_submit
from budget.drafting import lines_for_drafting
from budget.forms import BudgetLineChoiceField, UnitTaskChoiceField
from budget.models import Amendment, AmendmentKind, AmendmentLine, AmendmentStatus, BudgetItem
from budget.status.access import sees_whole_institution
from core.fields import LimitedCharField
from core.forms import apply_errors
from core.htmx import render_page
from core.money import WonField
from core.params import DateField
from core.people import person_label
from core.xlsx import csv_response, xlsx_response
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


# -- the list --

PER_PAGE = 50


def transfers_visible_to(user: User) -> QuerySet[Amendment]:
    """The 전용 `user` may see (see the module's doc)."""
    transfers = Amendment.objects.filter(kind=AmendmentKind.TRANSFER)
    if not user.is_authenticated:
        return transfers.none()
    if sees_whole_institution(user):
        return transfers
    return transfers.filter(Q(document_id__in=visible_document_ids(user)) | Q(document__isnull=True, drafter=user))


class TransferFilterForm(forms.Form):
    start = DateField(label=gettext_lazy("기간(부터)"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = DateField(label=gettext_lazy("기간(까지)"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    line = forms.CharField(
        label=gettext_lazy("과목"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": gettext_lazy("코드 또는 과목명")}),
    )
    status = forms.ChoiceField(
        label=gettext_lazy("상태"), required=False, choices=[("", gettext_lazy("전체")), *AmendmentStatus.choices]
    )
    drafter = forms.CharField(
        label=gettext_lazy("기안자"), required=False, max_length=50, widget=forms.TextInput(attrs={"type": "search"})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["start"].error_messages["invalid"] = _("날짜를 2026-03-05처럼 입력하세요.")
        self.fields["end"].error_messages["invalid"] = _("날짜를 2026-03-05처럼 입력하세요.")

    def clean(self) -> dict:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("끝 날짜가 시작 날짜보다 앞섭니다."))
        return data


@dataclass(frozen=True)
class TransferRow:
    transfer: Amendment
    givers: list[AmendmentLine]
    takers: list[AmendmentLine]

    @property
    def amount(self) -> int:
        return sum(line.amount for line in self.takers)

    @staticmethod
    def labels(lines: list[AmendmentLine]) -> str:
        return ", ".join(line.line.label for line in lines)


def _filtered(user: User, form: TransferFilterForm) -> QuerySet[Amendment]:
    rows = transfers_visible_to(user).select_related("drafter__department", "drafter__position")
    if form.is_valid():
        data = form.cleaned_data
        if data["start"]:
            rows = rows.filter(created_at__date__gte=data["start"])
        if data["end"]:
            rows = rows.filter(created_at__date__lte=data["end"])
        if data["status"]:
            rows = rows.filter(status=data["status"])
        if line := data["line"].strip():
            rows = rows.filter(
                Exists(
                    AmendmentLine.objects.filter(amendment=OuterRef("pk")).filter(
                        Q(line__code=line) | Q(line__standard_code=line) | Q(line__name__icontains=line)
                    )
                )
            )
        if drafter := data["drafter"].strip():
            rows = rows.filter(drafter__name__icontains=drafter)
    lines = AmendmentLine.objects.select_related("line").order_by("amount", "pk")
    return rows.prefetch_related(Prefetch("lines", queryset=lines)).order_by("-created_at", "-pk")


def _rows(transfers) -> list[TransferRow]:  # type: ignore[no-untyped-def]
    made = []
    for transfer in transfers:
        lines = list(transfer.lines.all())
        made.append(TransferRow(transfer, [x for x in lines if x.amount < 0], [x for x in lines if x.amount > 0]))
    return made


EXPORT_HEADERS = (
    gettext_lazy("제목"),
    gettext_lazy("줄이는 과목"),
    gettext_lazy("늘리는 과목"),
    gettext_lazy("전용액(원)"),
    gettext_lazy("기안자"),
    gettext_lazy("부서"),
    gettext_lazy("상태"),
    gettext_lazy("작성일"),
    gettext_lazy("반영일"),
    gettext_lazy("생산등록번호"),
    gettext_lazy("사유"),
)


def _export_row(row: TransferRow) -> list[object]:
    t = row.transfer
    department = t.drafter.department
    return [
        t.title,
        row.labels(row.givers),
        row.labels(row.takers),
        row.amount,
        person_label(t.drafter),
        department.name if department else "",
        t.get_status_display(),
        timezone.localdate(t.created_at),
        t.posted_on,
        t.registration,
        t.reason,
    ]


@require_GET
def transfer_list(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    form = TransferFilterForm(request.GET)
    transfers = _filtered(user, form)
    export = request.GET.get("export")
    if export in ("xlsx", "csv"):
        rows = (_export_row(row) for row in _rows(transfers))
        headers = [str(header) for header in EXPORT_HEADERS]
        if export == "csv":
            return csv_response(filename=_("예산전용"), headers=headers, rows=rows)
        return xlsx_response(filename=_("예산전용"), title=_("예산 전용"), headers=headers, rows=rows)
    page = Paginator(transfers, PER_PAGE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "rows": _rows(page.object_list)}
    return render_page(request, "budget/transfer_list.html", context, partial="results")
