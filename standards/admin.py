"""The standard lists in the province console, kept by the planning office. Codes are never
deleted (institutions refer to them by their string); a code no longer used is switched off."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from core.forms import apply_errors
from standards.models import ExecutionTarget, StandardBudgetCode
from standards.services import execution_target_save, standard_code_clean, standard_code_save
from tenants.admin import province_site


class StandardBudgetCodeForm(forms.ModelForm):
    class Meta:
        model = StandardBudgetCode
        fields = ("code", "name", "level", "parent", "is_active", "order", "description")

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        # On change the code, level and parent are read-only (not in the form): check the stored ones.
        candidate = StandardBudgetCode(
            pk=self.instance.pk,
            code=cleaned.get("code", self.instance.code),
            level=cleaned.get("level", self.instance.level),
            parent=cleaned.get("parent", self.instance.parent),
        )
        try:
            standard_code_clean(candidate)
        except ValidationError as exc:
            apply_errors(self, exc)
        return cleaned


@admin.register(StandardBudgetCode, site=province_site)
class StandardBudgetCodeAdmin(admin.ModelAdmin):
    form = StandardBudgetCodeForm
    list_display = ("code", "name", "level", "parent", "is_active", "order")
    list_filter = ("level", "is_active")
    search_fields = ("code", "name")
    list_select_related = ("parent",)
    ordering = ("code",)
    list_per_page = 200

    def get_readonly_fields(self, request, obj=None):
        return ("code", "level", "parent") if obj is not None else ()

    def has_delete_permission(self, request, obj=None):
        return False  # institutions' lines name codes by their string: switch a code off instead

    def save_model(self, request, obj, form, change):
        standard_code_save(code=obj, actor=request.user)


class ExecutionTargetForm(forms.ModelForm):
    class Meta:
        model = ExecutionTarget
        fields = ("year", "half", "target_rate", "note")


@admin.register(ExecutionTarget, site=province_site)
class ExecutionTargetAdmin(admin.ModelAdmin):
    form = ExecutionTargetForm
    list_display = ("year", "half", "target_rate", "note", "updated_at")
    list_filter = ("year",)
    ordering = ("-year", "half")

    def has_delete_permission(self, request, obj=None):
        return False  # a target once set is what institutions were measured against

    def save_model(self, request, obj, form, change):
        execution_target_save(target=obj, actor=request.user)
