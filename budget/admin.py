"""The expense plans in the institution's admin console: read-only (they change only through
their approval), and only those whose approval document the person may open (budget.permissions):
the console never shows a 비공개 plan to an admin the document itself is hidden from."""

from __future__ import annotations

from django.contrib import admin

from budget import console, console_amendments, console_books  # noqa: F401 - the console pages register themselves
from budget.models import ExpensePlan
from budget.permissions import plan_visibility_q
from org.admin import institution_site
from org.visibility import viewer_for


@admin.register(ExpensePlan, site=institution_site)
class ExpensePlanAdmin(admin.ModelAdmin):
    list_display = ["title", "amount", "budget_item", "planned_date", "department", "drafter", "status"]
    list_filter = ["status"]
    search_fields = ["title", "budget_item"]
    list_select_related = ["department", "drafter"]
    readonly_fields = [field.name for field in ExpensePlan._meta.fields]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(plan_visibility_q(request.user))

    # Reading is for those who see everything of the institution (org.visibility: its admins and
    # auditors), as for the other work apps.
    def has_view_permission(self, request, obj=None) -> bool:
        user = request.user
        return user.is_active and viewer_for(user).sees_everything

    def has_module_permission(self, request) -> bool:
        return self.has_view_permission(request)

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
