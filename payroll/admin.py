"""Payroll's structure in the institution's admin console, kept by the 급여 담당 (payroll_officer):
the settings, pay tables (직급 × 호봉, by effective date), pay items and each staff member's pay
profile (dated 호봉, insurance bases per year, own amounts). Auditors read. Rights come from the
roles' permissions on payroll's models (payroll.plugin); institution admins get none, since pay
is personal.

The 주민등록번호 and account number are encrypted at rest and never shown whole in a list or a
form: the form takes a new value (blank keeps the stored one) and shows the masked one; seeing
the whole value is a separate POST that records an audit event (services.pay_profile_reveal)."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from core.imports import ImportFileError
from core.xlsx import xlsx_response
from org.admin import institution_site
from payroll.imports import (
    ITEM_COLUMNS,
    PROFILE_COLUMNS,
    item_export_rows,
    pay_items_import,
    pay_profiles_import,
    profile_export_rows,
)
from payroll.models import (
    InsuranceBase,
    PayItem,
    PayProfile,
    PayrollSettings,
    PayStep,
    PayTable,
    PayTableCell,
    ProfileItem,
)
from payroll.services import pay_profile_reveal
from payroll.table_io import COLUMNS, export_rows, pay_table_import

RRN = re.compile(r"^\d{6}-?[1-8]\d{6}$")
ACCOUNT = re.compile(r"^[0-9][0-9-]{5,38}[0-9]$")


@admin.register(PayrollSettings, site=institution_site)
class PayrollSettingsAdmin(admin.ModelAdmin):
    list_display = ["__str__", "size_band", "accident_rate", "pension_rounding", "care_method", "updated_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return super().has_add_permission(request) and not PayrollSettings.objects.exists()

    def has_delete_permission(self, request: HttpRequest, obj: PayrollSettings | None = None) -> bool:
        return False


class PayTableCellInline(admin.TabularInline):
    model = PayTableCell
    extra = 0
    fields = ["grade", "pay_step", "base_amount"]
    ordering = ["grade__rank", "pay_step"]


class PayTableImportForm(forms.Form):
    name = forms.CharField(label="이름", max_length=100, initial="보수표")
    effective_from = forms.DateField(label="적용 시작일", help_text="예: 2027-01-01")
    file = forms.FileField(label="보수표 파일 (XLSX: 직급, 호봉, 봉급월액)")


@admin.register(PayTable, site=institution_site)
class PayTableAdmin(admin.ModelAdmin):
    list_display = ["name", "effective_from", "created_at"]
    inlines = [PayTableCellInline]

    def get_urls(self) -> list[URLPattern]:
        return [
            path("import/", self.admin_site.admin_view(self.import_view), name="payroll_paytable_import"),
            path("<int:pk>/export/", self.admin_site.admin_view(self.export_view), name="payroll_paytable_export"),
            *super().get_urls(),
        ]

    def export_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        table = get_object_or_404(PayTable, pk=pk)
        return xlsx_response(
            filename=f"보수표_{table.effective_from:%Y%m%d}",
            title=table.name,
            headers=list(COLUMNS),
            rows=export_rows(table),
        )

    def import_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = PayTableImportForm(request.POST or None, request.FILES or None)
        errors: list[Any] = []
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                table, errors = pay_table_import(
                    actor=request.user,
                    name=form.cleaned_data["name"],
                    effective_from=form.cleaned_data["effective_from"],
                    filename=upload.name,
                    content=upload.read(),
                )
            except ImportFileError as refused:
                form.add_error("file", refused.messages[0])
            else:
                if table is not None:
                    self.message_user(request, _("보수표를 등록했습니다."))
                    return HttpResponseRedirect(reverse("institution_admin:payroll_paytable_change", args=[table.pk]))
        failed = bool(errors) or bool(form.errors)
        return TemplateResponse(
            request,
            "admin/payroll/paytable/import.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": _("보수표 일괄 등록"),
                "form": form,
                "errors": errors,
            },
            status=422 if failed and request.method == "POST" else 200,
        )


class BulkImportForm(forms.Form):
    file = forms.FileField(label="파일 (XLSX)")


def _bulk_import(
    model_admin: admin.ModelAdmin, request: HttpRequest, *, title: str, columns: tuple[str, ...], run: Any, done: str
) -> HttpResponse:
    """The import page of an XLSX upload through payroll.imports: every row error in Korean, or
    back to the list with what was added and changed."""
    form = BulkImportForm(request.POST or None, request.FILES or None)
    errors: list[Any] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            added, updated, errors = run(actor=request.user, filename=upload.name, content=upload.read())
        except ImportFileError as refused:
            form.add_error("file", refused.messages[0])
        else:
            if not errors:
                model_admin.message_user(request, done.format(added=added, updated=updated))
                opts = model_admin.model._meta
                return HttpResponseRedirect(reverse(f"institution_admin:{opts.app_label}_{opts.model_name}_changelist"))
    failed = bool(errors) or bool(form.errors)
    return TemplateResponse(
        request,
        "admin/payroll/bulk_import.html",
        {
            **model_admin.admin_site.each_context(request),
            "opts": model_admin.model._meta,
            "title": title,
            "columns": columns,
            "form": form,
            "errors": errors,
        },
        status=422 if failed and request.method == "POST" else 200,
    )


@admin.register(PayItem, site=institution_site)
class PayItemAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "name",
        "kind",
        "computation",
        "non_taxable",
        "is_ordinary_wage",
        "amount",
        "budget_code",
        "account",
        "paid_as_bonus",
        "is_active",
    ]
    list_filter = ["kind", "computation", "paid_as_bonus", "is_active"]
    search_fields = ["code", "name", "budget_code"]

    def get_urls(self) -> list[URLPattern]:
        return [
            path("import/", self.admin_site.admin_view(self.import_view), name="payroll_payitem_import"),
            path("export/", self.admin_site.admin_view(self.export_view), name="payroll_payitem_export"),
            *super().get_urls(),
        ]

    def export_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        return xlsx_response(
            filename="급여항목", title="급여 항목", headers=list(ITEM_COLUMNS), rows=item_export_rows()
        )

    def import_view(self, request: HttpRequest) -> HttpResponse:
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        return _bulk_import(
            self,
            request,
            title=_("급여 항목 일괄 등록"),
            columns=ITEM_COLUMNS,
            run=pay_items_import,
            done=_("급여 항목 {added}건을 추가하고 {updated}건을 고쳤습니다."),
        )


class PayStepInline(admin.TabularInline):
    model = PayStep
    extra = 0
    fields = ["effective_from", "grade", "pay_step"]


class InsuranceBaseInline(admin.TabularInline):
    model = InsuranceBase
    extra = 0
    fields = ["year", "pension_base_amount", "health_base_amount"]


class ProfileItemInline(admin.TabularInline):
    model = ProfileItem
    extra = 0
    fields = ["item", "amount"]


class PayProfileForm(forms.ModelForm):
    """The encrypted fields are write-only here: a new value replaces the stored one, blank keeps it."""

    new_rrn = forms.CharField(
        label="주민등록번호 변경",
        required=False,
        max_length=14,
        help_text="새 값을 적을 때만 바뀝니다 (생년월일 6자리-뒤 7자리).",
    )
    new_bank_account = forms.CharField(
        label="계좌번호 변경", required=False, max_length=40, help_text="새 값을 적을 때만 바뀝니다 (숫자와 -)."
    )

    class Meta:
        model = PayProfile
        fields = [
            "user",
            "family",
            "children_8_20",
            "spouse",
            "children",
            "other_dependants",
            "withholding_ratio",
            "employment_insured",
            "bank_name",
        ]

    def clean_new_rrn(self) -> str:
        value = self.cleaned_data["new_rrn"].strip()
        if value and not RRN.match(value):
            raise forms.ValidationError("주민등록번호는 앞 6자리와 뒤 7자리 숫자로 적습니다.")
        if value and "-" not in value:
            value = f"{value[:6]}-{value[6:]}"
        return value

    def clean_new_bank_account(self) -> str:
        value = self.cleaned_data["new_bank_account"].strip()
        if value and not ACCOUNT.match(value):
            raise forms.ValidationError("계좌번호는 숫자와 하이픈(-)으로 적습니다.")
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        family, children = data.get("family"), data.get("children_8_20")
        if family is not None and family < 1:
            self.add_error("family", "공제대상가족 수는 본인을 포함해 1명 이상입니다.")
        elif family is not None and children is not None and children >= family:
            self.add_error("children_8_20", "8~20세 자녀 수는 공제대상가족 수(본인 포함)보다 적어야 합니다.")
        return data


@admin.register(PayProfile, site=institution_site)
class PayProfileAdmin(admin.ModelAdmin):
    form = PayProfileForm
    list_display = ["user", "family", "children_8_20", "withholding_ratio", "bank_name", "masked_account", "masked_rrn"]
    list_select_related = ["user"]
    search_fields = ["user__name", "user__username", "user__employee_number"]
    readonly_fields = ["masked_rrn", "masked_account"]
    inlines = [PayStepInline, InsuranceBaseInline, ProfileItemInline]
    autocomplete_fields = ["user"]

    @admin.display(description="주민등록번호")
    def masked_rrn(self, obj: PayProfile) -> str:
        return obj.masked_rrn

    @admin.display(description="계좌번호")
    def masked_account(self, obj: PayProfile) -> str:
        return obj.masked_account

    def save_model(self, request: HttpRequest, obj: PayProfile, form: Any, change: bool) -> None:
        changed = list(form.changed_data)
        if form.cleaned_data.get("new_rrn"):
            obj.rrn = form.cleaned_data["new_rrn"]
        if form.cleaned_data.get("new_bank_account"):
            obj.bank_account = form.cleaned_data["new_bank_account"]
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            # Which fields changed, never their values (the encrypted ones stay out of the log).
            audit_record(action="pay_profile.save", actor=request.user, target=obj, data={"fields": sorted(changed)})

    def get_urls(self) -> list[URLPattern]:
        return [
            path("import/", self.admin_site.admin_view(self.import_view), name="payroll_payprofile_import"),
            path("export/", self.admin_site.admin_view(self.export_view), name="payroll_payprofile_export"),
            path(
                "<int:pk>/reveal/",
                self.admin_site.admin_view(self.reveal_view),
                name="payroll_payprofile_reveal",
            ),
            *super().get_urls(),
        ]

    def export_view(self, request: HttpRequest) -> HttpResponse:
        """급여 정보 XLSX: 주민등록번호 and 계좌번호 masked (the file may travel; the numbers must not)."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        year = timezone.localdate().year
        return xlsx_response(
            filename=f"급여정보_{year}",
            title="급여 정보",
            headers=list(PROFILE_COLUMNS),
            rows=profile_export_rows(year),
        )

    def import_view(self, request: HttpRequest) -> HttpResponse:
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        return _bulk_import(
            self,
            request,
            title=_("급여 정보 일괄 등록"),
            columns=PROFILE_COLUMNS,
            run=pay_profiles_import,
            done=_("급여 정보 {added}건을 추가하고 {updated}건을 고쳤습니다."),
        )

    def reveal_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        profile = get_object_or_404(PayProfile.objects.select_related("user"), pk=pk)
        if not self.has_change_permission(request, profile):
            raise PermissionDenied(_("급여 담당만 개인정보 원문을 볼 수 있습니다."))
        values = pay_profile_reveal(actor=request.user, profile=profile, ip_address=request.META.get("REMOTE_ADDR"))
        return TemplateResponse(
            request,
            "admin/payroll/payprofile/reveal.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": _("개인정보 열람"),
                "profile": profile,
                "values": values,
            },
        )
