"""Pages of the books (회계 장부), for those who read the whole institution's budget (예산·회계
담당, auditors, admins): 분개장, 총계정원장 per account, 합계잔액시산표 and the basic 재무상태표·
운영계산서 for a date range, each as a page and an XLSX."""

from __future__ import annotations

from datetime import date

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from budget.books import EntryLine, ensure_chart
from budget.books_reports import account_ledger, journal_entries, statements, trial_balance
from budget.execution import is_accounting_officer
from budget.execution_access import require_payment_reader
from budget.manual_journal import manual_journal_submit
from budget.models import Account
from core.downloads import generated_download
from core.fields import LimitedCharField
from core.forms import apply_errors
from core.htmx import render_page
from core.money import WonField
from core.params import DateField
from core.pdf import FONT_URL, html_to_pdf
from core.xlsx import xlsx_response
from tasks.models import UnitTask
from tasks.selectors.cards import unit_tasks_for_filing


class RangeForm(forms.Form):
    start = DateField(label=gettext_lazy("시작일"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = DateField(label=gettext_lazy("종료일"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    account = forms.ModelChoiceField(label=gettext_lazy("계정과목"), queryset=Account.objects.all(), required=False)

    def clean(self) -> dict:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            self.add_error("end", _("종료일이 시작일보다 앞섭니다."))
        return data


def _range(request: HttpRequest) -> tuple[RangeForm, date, date]:
    today = timezone.localdate()
    form = RangeForm(request.GET or None)
    start, end = date(today.year, 1, 1), today
    if form.is_bound and form.is_valid():
        start = form.cleaned_data["start"] or start
        end = form.cleaned_data["end"] or end
    return form, start, end


def _pdf(request: HttpRequest, template: str, filename: str, context: dict) -> HttpResponse:
    """A books report as an A4 PDF in Korean (WeasyPrint, the embedded font), downloaded."""
    html = render_to_string(
        template,
        {
            **context,
            "font_url": FONT_URL,
            "institution_name": getattr(request.tenant, "name", ""),
            "printed_on": timezone.localdate(),
            "printed_by": request.user,
        },
    )
    name = f"{filename}_{context['start']:%Y%m%d}-{context['end']:%Y%m%d}.pdf"
    return generated_download(html_to_pdf(html), filename=name, content_type="application/pdf")


@require_GET
def journal(request: HttpRequest) -> HttpResponse:
    require_payment_reader(request.user)
    ensure_chart()
    form, start, end = _range(request)
    entries = journal_entries(start, end)
    if request.GET.get("export") == "xlsx":
        return xlsx_response(
            filename=_("분개장"),
            title=_("분개장"),
            headers=[
                _("전표일자"),
                _("전표번호"),
                _("구분"),
                _("적요"),
                _("계정코드"),
                _("계정과목"),
                _("차변"),
                _("대변"),
            ],
            rows=(
                [
                    e.entry_date,
                    e.number,
                    e.get_kind_display(),
                    e.memo,
                    line.account.code,
                    line.account.name,
                    line.debit or None,
                    line.credit or None,
                ]
                for e in entries
                for line in e.lines.all()
            ),
        )
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render_page(request, "budget/books/journal.html", {"form": form, "page": page, "start": start, "end": end})


@require_GET
def ledger(request: HttpRequest) -> HttpResponse:
    require_payment_reader(request.user)
    ensure_chart()
    form, start, end = _range(request)
    account = form.cleaned_data.get("account") if form.is_bound and form.is_valid() else None
    account = account or Account.objects.filter(role="bank").first()
    book = account_ledger(account, start, end) if account else None
    if book is not None and request.GET.get("export") == "xlsx":
        return xlsx_response(
            filename=_("총계정원장_%(code)s") % {"code": book.account.code},
            title=str(book.account),
            headers=[_("일자"), _("전표번호"), _("적요"), _("차변"), _("대변"), _("잔액")],
            rows=[
                [start, "", _("전기이월"), None, None, book.opening],
                *(
                    [r.entry_date, r.entry_number, r.memo, r.debit or None, r.credit or None, r.balance]
                    for r in book.rows
                ),
            ],
        )
    context = {"form": form, "book": book, "start": start, "end": end}
    if book is not None and request.GET.get("export") == "pdf":
        return _pdf(
            request, "budget/books/pdf/ledger.html", _("총계정원장_%(code)s") % {"code": book.account.code}, context
        )
    return render_page(request, "budget/books/ledger.html", context)


@require_GET
def trial_balance_page(request: HttpRequest) -> HttpResponse:
    require_payment_reader(request.user)
    ensure_chart()
    form, start, end = _range(request)
    tb = trial_balance(start, end)
    if request.GET.get("export") == "xlsx":
        return xlsx_response(
            filename=_("합계잔액시산표"),
            title=_("합계잔액시산표"),
            headers=[_("차변 잔액"), _("차변 합계"), _("계정코드"), _("계정과목"), _("대변 합계"), _("대변 잔액")],
            rows=[
                *(
                    [r.debit_balance, r.debit_total, r.account.code, r.account.name, r.credit_total, r.credit_balance]
                    for r in tb.rows
                ),
                [tb.debit_balance, tb.debit_total, "", _("합계"), tb.credit_total, tb.credit_balance],
            ],
        )
    context = {"form": form, "tb": tb, "statement": statements(start, end), "start": start, "end": end}
    if request.GET.get("export") == "pdf":
        return _pdf(request, "budget/books/pdf/trial_balance.html", _("합계잔액시산표_재무제표"), context)
    return render_page(request, "budget/books/trial_balance.html", context)


# --- 대체전표 ---------------------------------------------------------------------------------

MANUAL_ROWS = 6


class ManualJournalForm(forms.Form):
    title = LimitedCharField(label=gettext_lazy("적요"), max_length=200)
    reason = forms.CharField(label=gettext_lazy("사유"), widget=forms.Textarea(attrs={"rows": 3}))
    entry_date = DateField(label=gettext_lazy("전표일자"), widget=forms.DateInput(attrs={"type": "date"}))
    unit_task = forms.ModelChoiceField(label=gettext_lazy("단위과제"), queryset=UnitTask.objects.none())

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit_task"].queryset = unit_tasks_for_filing(user)
        accounts = Account.objects.filter(is_active=True).order_by("code")
        for i in range(MANUAL_ROWS):
            self.fields[f"account_{i}"] = forms.ModelChoiceField(
                label=gettext_lazy("계정과목 %(n)d") % {"n": i + 1}, queryset=accounts, required=False
            )
            self.fields[f"debit_{i}"] = WonField(label=gettext_lazy("차변 %(n)d") % {"n": i + 1}, required=False)
            self.fields[f"credit_{i}"] = WonField(label=gettext_lazy("대변 %(n)d") % {"n": i + 1}, required=False)
        for name in ("title", "reason", "entry_date", "unit_task"):
            self.fields[name].error_messages["required"] = _("필수 항목입니다.")

    def rows(self) -> list[tuple]:
        return [(self[f"account_{i}"], self[f"debit_{i}"], self[f"credit_{i}"]) for i in range(MANUAL_ROWS)]

    def entry_lines(self) -> list[EntryLine]:
        data = self.cleaned_data
        return [
            EntryLine(data[f"account_{i}"], debit=data[f"debit_{i}"] or 0, credit=data[f"credit_{i}"] or 0)
            for i in range(MANUAL_ROWS)
            if data.get(f"account_{i}")
        ]


@require_http_methods(["GET", "POST"])
def manual_journal_new(request: HttpRequest) -> HttpResponse:
    require_payment_reader(request.user)
    if not is_accounting_officer(request.user):
        raise PermissionDenied(_("회계 담당만 대체전표를 올릴 수 있습니다."))
    ensure_chart()
    form = ManualJournalForm(request.POST or None, user=request.user)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                manual_journal_submit(
                    actor=request.user,
                    title=data["title"],
                    reason=data["reason"],
                    entry_date=data["entry_date"],
                    unit_task=data["unit_task"],
                    lines=form.entry_lines(),
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("대체전표를 상신했습니다. 승인되면 분개장에 기록됩니다."))
                return redirect("budget:journal")
        status = 422
    return render_page(request, "budget/books/manual_form.html", {"form": form}, status=status)
