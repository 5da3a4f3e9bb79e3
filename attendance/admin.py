"""Attendance in the institution's console, for its HR role (인사 담당) and admins: the 복무
settings, leave types, closures, and the leave ledger (read only: it changes through services)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest

from attendance.models import AttendanceSettings, Closure, LeaveLedgerEntry, LeaveType, TravelRates
from attendance.services import attendance_settings_save, closure_save, leave_type_save
from attendance.trips import travel_rates_save
from core.forms import apply_errors
from org.admin import institution_site
from org.models import User


def _actor(request: HttpRequest) -> User:
    if not isinstance(request.user, User):
        raise PermissionDenied
    return request.user


class AttendanceSettingsForm(forms.ModelForm):
    class Meta:
        model = AttendanceSettings
        fields = (
            "work_start",
            "work_end",
            "break_minutes",
            "entitlement_basis",
            "smallest_unit",
            "labour_day_off",
            "overtime_deduction_minutes",
            "ip_allowlist",
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.errors:
            return cleaned
        from attendance.clock import parse_allowlist

        try:
            parse_allowlist(cleaned.get("ip_allowlist", ""))
        except ValidationError as exc:
            apply_errors(self, exc)
        start, end = cleaned.get("work_start"), cleaned.get("work_end")
        if start and end and end <= start:
            self.add_error("work_end", "퇴근 시각은 출근 시각보다 늦어야 합니다.")
        return cleaned


@admin.register(AttendanceSettings, site=institution_site)
class AttendanceSettingsAdmin(admin.ModelAdmin):
    form = AttendanceSettingsForm
    list_display = ("__str__", "work_start", "work_end", "entitlement_basis", "smallest_unit", "updated_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return super().has_add_permission(request) and not AttendanceSettings.objects.exists()

    def has_delete_permission(self, request: HttpRequest, obj: AttendanceSettings | None = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: AttendanceSettings, form: forms.ModelForm, change: bool) -> None:
        attendance_settings_save(settings_row=obj, actor=_actor(request))


@admin.register(LeaveType, site=institution_site)
class LeaveTypeAdmin(admin.ModelAdmin):
    # The code is the type's machine name (requests and the ledger keep it): the form shows it, the
    # list shows what people read.
    list_display = (
        "name",
        "is_paid",
        "counts_against_annual",
        "smallest_unit",
        "yearly_max_days",
        "certificate_after_days",
        "is_active",
        "order",
    )
    list_filter = ("is_active", "is_paid")
    ordering = ("order", "pk")

    def has_delete_permission(self, request: HttpRequest, obj: LeaveType | None = None) -> bool:
        return False  # requests keep their type: switch a type off instead

    def get_exclude(self, request: HttpRequest, obj: LeaveType | None = None) -> tuple[str, ...]:
        # A type's code is given when it is made and never changes (requests and the ledger keep it).
        return ("code",) if obj is not None else ()

    def save_model(self, request: HttpRequest, obj: LeaveType, form: forms.ModelForm, change: bool) -> None:
        leave_type_save(leave_type=obj, actor=_actor(request))


@admin.register(Closure, site=institution_site)
class ClosureAdmin(admin.ModelAdmin):
    list_display = ("date", "name")
    ordering = ("-date",)

    def save_model(self, request: HttpRequest, obj: Closure, form: forms.ModelForm, change: bool) -> None:
        closure_save(closure=obj, actor=_actor(request))


@admin.register(LeaveLedgerEntry, site=institution_site)
class LeaveLedgerEntryAdmin(admin.ModelAdmin):
    list_display = ("person", "kind", "days", "effective_on", "reason", "created_at")
    list_filter = ("kind",)
    search_fields = ("person__name", "person__username", "reason")
    list_select_related = ("person",)
    readonly_fields = tuple(field.name for field in LeaveLedgerEntry._meta.fields)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # entries are written by services (grant job, approvals, adjustments)

    def has_change_permission(self, request: HttpRequest, obj: LeaveLedgerEntry | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: LeaveLedgerEntry | None = None) -> bool:
        return False


@admin.register(TravelRates, site=institution_site)
class TravelRatesAdmin(admin.ModelAdmin):
    """여비 기준 (defaults: 공무원 여비 규정 별표2); one row."""

    list_display = ("__str__", "local_long_amount", "daily_allowance_amount", "meal_amount", "updated_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return super().has_add_permission(request) and not TravelRates.objects.exists()

    def has_delete_permission(self, request: HttpRequest, obj: TravelRates | None = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: TravelRates, form: forms.ModelForm, change: bool) -> None:
        travel_rates_save(rates=obj, actor=_actor(request))
