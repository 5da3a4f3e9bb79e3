"""The expense plans in the institution's admin console: read-only (they change only through
their approval), for the admins' overview."""

from __future__ import annotations

from django.contrib import admin

from budget.models import ExpensePlan
from org.admin import institution_site


@admin.register(ExpensePlan, site=institution_site)
class ExpensePlanAdmin(admin.ModelAdmin):
    list_display = ["title", "amount", "budget_item", "planned_date", "department", "drafter", "status"]
    list_filter = ["status"]
    search_fields = ["title", "budget_item"]
    list_select_related = ["department", "drafter"]
    readonly_fields = [field.name for field in ExpensePlan._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
