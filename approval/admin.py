"""E-approval in the institution admin console: the delegation table (위임전결 규정), which the
institution's admins keep. Rows are deactivated, never deleted (documents point at the row they
were decided under); every save is audited."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from approval.kinds import kind_choices
from approval.models import DelegationRule
from approval.services import delegation_rule_check, delegation_rule_save
from core.forms import apply_errors
from org.admin import institution_site


class DelegationRuleForm(forms.ModelForm):
    kind = forms.ChoiceField(label="문서 종류(양식)", choices=())

    class Meta:
        model = DelegationRule
        fields = [
            "kind",
            "label",
            "min_amount",
            "max_amount",
            "importance",
            "deciding_position",
            "post_approval_required",
            "is_active",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = kind_choices()
        current = self.instance.kind if self.instance.pk else None
        if current and current not in dict(choices):
            choices.append((current, current))  # a kind whose app is gone keeps its rows readable
        self.fields["kind"].choices = choices

    def clean(self):
        cleaned = super().clean()
        if not self.errors:
            for name, value in cleaned.items():
                setattr(self.instance, name, value)
            try:
                delegation_rule_check(self.instance)
            except ValidationError as exc:
                apply_errors(self, exc)
        return cleaned


@admin.register(DelegationRule, site=institution_site)
class DelegationRuleAdmin(admin.ModelAdmin):
    form = DelegationRuleForm
    list_display = (
        "kind",
        "label",
        "min_amount",
        "max_amount",
        "importance",
        "deciding_position",
        "post_approval_required",
        "is_active",
    )
    list_filter = ("kind", "importance", "is_active", "post_approval_required")
    search_fields = ("label", "kind")
    list_select_related = ("deciding_position",)
    ordering = ("kind", "importance", "min_amount")

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        delegation_rule_save(rule=obj, actor=request.user)
