"""The institution console's books: the chart of accounts (edited by the 예산 담당) and the journal,
read only; split from budget.console along its seams."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.services import audit_record
from budget.books import ensure_chart
from budget.models import (
    Account,
    JournalEntry,
    JournalLine,
)
from org.admin import institution_site

# --- the books: the chart of accounts (edited by the 예산 담당), the journal read only ----------------


class AccountForm(forms.ModelForm):
    class Meta:
        model = Account
        fields = ("code", "name", "type", "standard_codes", "is_active", "order")

    def clean_standard_codes(self):
        codes = [c.strip() for c in self.cleaned_data["standard_codes"].split(",") if c.strip()]
        bad = [c for c in codes if not all(ch.isdigit() or ch == "-" for ch in c)]
        if bad:
            raise forms.ValidationError(
                _("표준코드는 숫자와 '-'로만 씁니다(예: 201-01, 202): %(bad)s") % {"bad": ", ".join(bad)}
            )
        return ", ".join(codes)


@admin.register(Account, site=institution_site)
class AccountAdmin(admin.ModelAdmin):
    """계정과목: made from the standard template for 출자·출연기관 the first time the list opens;
    names, the 통계목 codes an expense account books and whether it is in use may change; an
    account that has entries is never deleted (nor is any: stop using it instead)."""

    form = AccountForm
    # `role` names the accounts the generated entries need (bank, payable …): internal, not listed.
    list_display = ("code", "name", "type", "standard_codes", "is_active")
    list_filter = ("type", "is_active")
    search_fields = ("code", "name", "standard_codes")
    actions = None

    def changelist_view(self, request, extra_context=None):
        ensure_chart()
        return super().changelist_view(request, extra_context)

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        # The accounts the generated entries need keep their code and kind.
        return ("code", "type") if obj is not None and obj.role else ()

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        audit_record(
            action="account.save",
            actor=request.user,
            target=obj,
            data={"code": obj.code, "name": obj.name, "codes": obj.standard_codes, "active": obj.is_active},
        )


class JournalLineInline(admin.TabularInline):
    model = JournalLine
    fields = ("account", "debit", "credit", "memo", "budget_line")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(JournalEntry, site=institution_site)
class JournalEntryAdmin(admin.ModelAdmin):
    list_display = ("entry_date", "number_display", "kind", "memo", "source_label", "actor")
    list_filter = ("kind",)
    search_fields = ("memo", "source_id")
    date_hierarchy = "entry_date"
    list_select_related = ("actor",)
    inlines = (JournalLineInline,)
    readonly_fields = ("entry_date", "kind", "memo", "source_app", "source_model", "source_id", "reverses", "actor")
    actions = None

    @admin.display(description=gettext_lazy("전표번호"), ordering="pk")
    def number_display(self, obj):
        return obj.number

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # the database refuses it too: entries are corrected by a reversing entry
