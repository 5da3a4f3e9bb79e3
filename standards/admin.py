"""The standard lists in the province console, kept by the planning office. Codes are never
deleted (institutions refer to them by their string); a code no longer used is switched off."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest

from core.forms import apply_errors
from org.models import User
from standards.models import ExecutionTarget, HolidayOverride, StandardBudgetCode
from standards.services import execution_target_save, holiday_override_save, standard_code_clean, standard_code_save
from tenants.admin import province_site


def _actor(request: HttpRequest) -> User:
    """Who saves: the console lets only signed-in planning-office staff this far."""
    if not isinstance(request.user, User):
        raise PermissionDenied
    return request.user


class StandardBudgetCodeForm(forms.ModelForm):
    class Meta:
        model = StandardBudgetCode
        fields = ("code", "name", "level", "parent", "is_active", "order", "description")

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
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

    def get_readonly_fields(self, request: HttpRequest, obj: StandardBudgetCode | None = None) -> tuple[str, ...]:
        return ("code", "level", "parent") if obj is not None else ()

    def has_delete_permission(self, request: HttpRequest, obj: StandardBudgetCode | None = None) -> bool:
        return False  # institutions' lines name codes by their string: switch a code off instead

    def save_model(self, request: HttpRequest, obj: StandardBudgetCode, form: forms.ModelForm, change: bool) -> None:
        standard_code_save(code=obj, actor=_actor(request))


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

    def has_delete_permission(self, request: HttpRequest, obj: ExecutionTarget | None = None) -> bool:
        return False  # a target once set is what institutions were measured against

    def save_model(self, request: HttpRequest, obj: ExecutionTarget, form: forms.ModelForm, change: bool) -> None:
        execution_target_save(target=obj, actor=_actor(request))


class HolidayOverrideForm(forms.ModelForm):
    class Meta:
        model = HolidayOverride
        fields = ("date", "name", "is_holiday", "note")


@admin.register(HolidayOverride, site=province_site)
class HolidayOverrideAdmin(admin.ModelAdmin):
    """임시공휴일 declared at short notice: institutions' calendars follow on their next read."""

    form = HolidayOverrideForm
    list_display = ("date", "name", "is_holiday", "note", "updated_at")
    list_filter = ("is_holiday",)
    ordering = ("-date",)

    def save_model(self, request: HttpRequest, obj: HolidayOverride, form: forms.ModelForm, change: bool) -> None:
        holiday_override_save(override=obj, actor=_actor(request))
