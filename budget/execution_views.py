"""Pages of the execution chain: 지출결의 (list with search, status filter and XLSX; drafting;
detail with its evidence and approval document; 재기안), the 회계 담당's payment page (pay a
batch, download its transfer file) and the vendor register (거래처)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q, Sum
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from approval.selectors import subject_approval
from budget.drafting import line_path_label
from budget.execution import (
    expenditure_resubmit,
    expenditure_submit,
    is_accounting_officer,
    payment_make,
    transfer_file,
)
from budget.execution_access import (
    access_expenditure,
    expenditures_visible_to,
    may_see_evidence,
    require_payment_reader,
)
from budget.execution_forms import ExpenditureFilterForm, ExpenditureForm, PaymentForm, VendorForm
from budget.models import DecisionStatus, Expenditure, ExpenditureStatus, PaymentBatch, Vendor
from budget.reversals import reversal_submit
from budget.vendors import vendor_save
from core.downloads import generated_download, private_file_response
from core.forms import apply_errors
from core.htmx import render_page
from core.params import parse_id
from core.people import person_label
from core.xlsx import xlsx_response
from tasks.models import UnitTask
from tasks.selectors.cards import unit_tasks_for_filing

PER_PAGE = 50


def _filtered(request: HttpRequest, form: ExpenditureFilterForm):
    rows = expenditures_visible_to(request.user).select_related(
        "drafter__position", "department", "line", "vendor", "payment"
    )
    if form.is_valid():
        data = form.cleaned_data
        if data["status"]:
            rows = rows.filter(status=data["status"])
        if data["paid"] == "no":
            rows = rows.filter(payment__isnull=True)
        elif data["paid"] == "yes":
            rows = rows.filter(payment__isnull=False)
        q = data["q"].strip()
        if q:
            rows = rows.filter(
                Q(title__icontains=q)
                | Q(vendor__name__icontains=q)
                | Q(payee_name__icontains=q)
                | Q(line__name__icontains=q)
                | Q(line__code=q)
            )
    return rows.order_by("-created_at", "-pk")


@require_GET
def expenditure_list(request: HttpRequest) -> HttpResponse:
    form = ExpenditureFilterForm(request.GET)
    rows = _filtered(request, form)
    if request.GET.get("export") == "xlsx":
        return xlsx_response(
            filename=_("지출결의"),
            title=_("지출결의"),
            headers=[
                _("건명"),
                _("금액(원)"),
                _("예산과목"),
                _("거래처"),
                _("지급 예정일"),
                _("부서"),
                _("기안자"),
                _("상태"),
                _("집행일"),
                _("지급일"),
                _("생산등록번호"),
            ],
            rows=(
                [
                    e.title,
                    e.amount,
                    e.line.label,
                    e.payee_label,
                    e.pay_date,
                    e.department.name,
                    person_label(e.drafter),
                    e.get_status_display(),
                    e.executed_on,
                    e.payment.paid_on if e.payment else None,
                    e.registration,
                ]
                for e in rows
            ),
        )
    context = {"form": form, "page": Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))}
    return render_page(request, "budget/expenditure_list.html", context, partial="results")


def _submit_form(request: HttpRequest, expenditure: Expenditure | None) -> HttpResponse:
    user = request.user
    once = expenditure is None
    if request.method == "POST":
        form = ExpenditureForm(request.POST, request.FILES, user=user, once=once)
        if form.is_valid():
            data = form.cleaned_data
            fields = {
                "title": data["title"],
                "purpose": data["purpose"],
                "amount": data["amount"],
                "vendor": data["vendor"],
                "pay_date": data["pay_date"],
                "unit_task": data["unit_task"],
                "plan": data["plan"],
                "line": None if data["plan"] else data["line"],
                "settle_fully": data["settle_fully"],
                "files": data["evidence"],
            }
            try:
                if expenditure is None:
                    expenditure = expenditure_submit(actor=user, submission_token=data["submission_token"], **fields)
                else:
                    expenditure = expenditure_resubmit(actor=user, expenditure=expenditure, **fields)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("지출결의를 상신했습니다."))
                return redirect("budget:expenditure_detail", expenditure.pk)
        status = 422
    else:
        initial = ExpenditureForm.initial_from(expenditure) if expenditure else None
        plan_id = parse_id(request.GET.get("plan"), label=_("지출 품의"))
        if expenditure is None and plan_id is not None:
            initial = {"plan": plan_id}
        form = ExpenditureForm(initial=initial, user=user, once=once)
        status = 200
    context = {"form": form, "expenditure": expenditure}
    return render_page(request, "budget/expenditure_form.html", context, status=status)


@require_http_methods(["GET", "POST"])
def expenditure_new(request: HttpRequest) -> HttpResponse:
    return _submit_form(request, None)


@require_http_methods(["GET", "POST"])
def expenditure_redraft(request: HttpRequest, pk: int) -> HttpResponse:
    expenditure = access_expenditure(request.user, pk, for_write=True)
    if not expenditure.can_resubmit:
        messages.error(request, _("반려되거나 회수된 지출결의만 다시 상신할 수 있습니다."))
        return redirect("budget:expenditure_detail", expenditure.pk)
    return _submit_form(request, expenditure)


@require_GET
def expenditure_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, access_expenditure(request.user, pk))


def _detail(request: HttpRequest, expenditure: Expenditure, reversal_form=None, status: int = 200) -> HttpResponse:
    may_reverse = (
        _may_reverse(request.user, expenditure)
        and not expenditure.reversals.filter(status=DecisionStatus.IN_PROGRESS).exists()
    )
    show_evidence = may_see_evidence(request.user, expenditure)
    context = {
        "e": expenditure,
        "line_label": line_path_label(expenditure.line),
        "approval": subject_approval(expenditure),
        "is_drafter": expenditure.drafter_id == request.user.pk,
        "show_evidence": show_evidence,
        "evidence": list(expenditure.evidence.all()) if show_evidence else [],
        "reversals": list(expenditure.reversals.select_related("drafter")),
        "reversal_form": (reversal_form or ReversalForm(user=request.user)) if may_reverse else None,
    }
    return render_page(request, "budget/expenditure_detail.html", context, status=status)


class ReversalForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("반납·정정 사유"), widget=forms.Textarea(attrs={"rows": 3}))
    unit_task = forms.ModelChoiceField(label=gettext_lazy("단위과제"), queryset=UnitTask.objects.none())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit_task"].queryset = unit_tasks_for_filing(user)
        for field in self.fields.values():
            field.error_messages["required"] = _("필수 항목입니다.")


def _may_reverse(user, expenditure: Expenditure) -> bool:
    return expenditure.status == ExpenditureStatus.APPROVED and (
        expenditure.drafter_id == user.pk or is_accounting_officer(user)
    )


@require_http_methods(["POST"])
def expenditure_reverse(request: HttpRequest, pk: int) -> HttpResponse:
    """반납·정정 상신 from the expenditure's page (its drafter or the 회계 담당)."""
    expenditure = access_expenditure(request.user, pk)
    if not _may_reverse(request.user, expenditure):
        raise PermissionDenied(_("지출결의를 작성한 사람이나 회계 담당만 반납·정정을 올릴 수 있습니다."))
    form = ReversalForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            reversal_submit(
                actor=request.user,
                expenditure=expenditure,
                reason=form.cleaned_data["reason"],
                unit_task=form.cleaned_data["unit_task"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("반납·정정을 상신했습니다. 승인되면 집행이 취소되고 예산 잔액이 돌아옵니다."))
            return redirect("budget:expenditure_detail", expenditure.pk)
    return _detail(request, expenditure, reversal_form=form, status=422)


@require_GET
def evidence_download(request: HttpRequest, pk: int, evidence_pk: int) -> FileResponse:
    """Evidence is never a public media URL: each download is authorised like the page."""
    expenditure = access_expenditure(request.user, pk)
    if not may_see_evidence(request.user, expenditure):
        raise Http404(_("증빙 서류를 찾을 수 없습니다."))
    stored = expenditure.evidence.filter(pk=evidence_pk).first()
    if stored is None:
        raise Http404(_("증빙 서류를 찾을 수 없습니다."))
    return private_file_response(
        stored.file, filename=stored.original_name, content_type=stored.content_type, missing=_("파일이 없습니다.")
    )


# --- payments ---------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def payments(request: HttpRequest) -> HttpResponse:
    """The 회계 담당's page: approved expenditures not yet paid (pick some, pay them as one batch)
    and the recent batches with their transfer files."""
    require_payment_reader(request.user)
    can_pay = is_accounting_officer(request.user)
    unpaid = (
        Expenditure.objects.filter(status=ExpenditureStatus.APPROVED, payment__isnull=True)
        .select_related("vendor", "line", "department")
        .order_by("pay_date", "pk")
    )
    form = PaymentForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not can_pay:
            raise PermissionDenied(_("회계 담당만 지급할 수 있습니다."))
        ids = [int(v) for v in request.POST.getlist("expenditures") if v.isascii() and v.isdigit()]
        if form.is_valid():
            data = form.cleaned_data
            try:
                payment_make(
                    actor=request.user,
                    expenditure_ids=ids,
                    paid_on=data["paid_on"],
                    from_account=data["from_account"],
                    memo=data["memo"],
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(
                    request, _("%(n)d건을 지급 처리했습니다. 이체 파일을 내려받아 은행에 올리세요.") % {"n": len(ids)}
                )
                return redirect("budget:payments")
        status = 422
    batches = PaymentBatch.objects.annotate(total=Sum("expenditures__amount")).select_related("actor")[:20]
    context = {
        "unpaid": unpaid,
        "unpaid_total": sum(e.amount for e in unpaid),
        "batches": batches,
        "form": form,
        "can_pay": can_pay,
        "selected": set(request.POST.getlist("expenditures")),
    }
    return render_page(request, "budget/payments.html", context, status=status)


@require_GET
def transfer_download(request: HttpRequest, pk: int) -> HttpResponse:
    require_payment_reader(request.user)
    batch = PaymentBatch.objects.filter(pk=pk).first()
    if batch is None:
        raise Http404(_("지급 내역을 찾을 수 없습니다."))
    try:
        content = transfer_file(batch)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("budget:payments")
    return generated_download(
        content,
        filename=f"이체파일_{batch.paid_on:%Y%m%d}_{batch.pk}.csv",
        content_type="text/csv; charset=cp949",
    )


# --- vendors ----------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def vendors(request: HttpRequest) -> HttpResponse:
    require_payment_reader(request.user)
    can_edit = is_accounting_officer(request.user)
    form = VendorForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied(_("회계 담당만 거래처를 등록할 수 있습니다."))
        if form.is_valid():
            try:
                vendor = vendor_save(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("거래처를 등록했습니다: %(vendor)s") % {"vendor": vendor})
                return redirect("budget:vendors")
        status = 422
    q = request.GET.get("q", "").strip()[:100]
    rows = Vendor.objects.all()
    if q:
        digits = q.replace("-", "")
        rows = rows.filter(Q(name__icontains=q) | Q(business_number__startswith=digits))
    context = {"form": form, "vendors": rows[:200], "q": q, "can_edit": can_edit}
    return render_page(request, "budget/vendors.html", context, status=status)
