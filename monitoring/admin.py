"""Province console (planning office): the alert thresholds (경보 기준) and the rollup's record."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from monitoring import catalogue
from monitoring.forms import AlertRuleForm
from monitoring.models import AlertRule, RollupResult, RollupRun
from monitoring.services import alert_rule_save
from org.models import User
from tenants.admin import province_site


def _actor(request: HttpRequest) -> User:
    """Who saves: the console lets only signed-in planning-office staff this far."""
    if not isinstance(request.user, User):
        raise PermissionDenied
    return request.user


@admin.register(AlertRule, site=province_site)
class AlertRuleAdmin(admin.ModelAdmin):
    form = AlertRuleForm
    list_display = ("rule", "kpi_group", "is_active", "updated_at")
    list_filter = ("is_active",)
    fields = ("code", "operator", "threshold", "against_compare", "is_active")

    @admin.display(description=_("기준"))
    def rule(self, obj: AlertRule) -> str:
        return catalogue.rule_text(obj)

    @admin.display(description=_("분류"))
    def kpi_group(self, obj: AlertRule) -> str:
        kpi = catalogue.kpi_or_none(obj.code)
        return str(kpi.group) if kpi else "-"

    def save_model(self, request: HttpRequest, obj: AlertRule, form: forms.ModelForm, change: bool) -> None:
        alert_rule_save(rule=obj, actor=_actor(request))

    def has_delete_permission(self, request: HttpRequest, obj: AlertRule | None = None) -> bool:
        return False  # switched off (사용 해제), never deleted: past alerts name their rule


class RollupResultInline(admin.TabularInline):
    model = RollupResult
    fields = ("institution", "ok", "milliseconds", "error", "finished_at")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def get_queryset(self, request: HttpRequest) -> QuerySet[RollupResult]:
        return super().get_queryset(request).select_related("institution")

    def has_add_permission(self, request: HttpRequest, obj: RollupRun | None = None) -> bool:
        return False


@admin.register(RollupRun, site=province_site)
class RollupRunAdmin(admin.ModelAdmin):
    list_display = ("started_at", "trigger", "requested_by", "total", "ok_count", "failed_count", "finished_at")
    list_filter = ("trigger",)
    fields = ("trigger", "requested_by", "day", "total", "ok_count", "failed_count", "started_at", "finished_at")
    readonly_fields = fields
    inlines = [RollupResultInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[RollupRun]:
        return super().get_queryset(request).defer("institution_ids")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: RollupRun | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: RollupRun | None = None) -> bool:
        return False
