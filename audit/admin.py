from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from audit.models import AuditEvent
from core.plugins import registry


class ActionFilter(admin.SimpleListFilter):
    """The actions recorded here, by the names the apps declare (not their codes)."""

    title = _("행위")
    parameter_name = "action"

    def lookups(self, request, model_admin):
        labels = registry().audit_labels
        actions = model_admin.get_queryset(request).order_by().values_list("action", flat=True).distinct()
        return sorted(((a, str(labels.get(a, a))) for a in actions), key=lambda pair: pair[1])

    def queryset(self, request, queryset):
        return queryset.filter(action=self.value()) if self.value() else queryset


class AuditEventAdmin(admin.ModelAdmin):
    """Read-only view of the chain: nothing here can add, change or delete an entry."""

    list_display = ("occurred_at", "action_display", "actor_label", "target_label", "ip_address")
    list_filter = (ActionFilter,)
    search_fields = ("actor_label", "target_label", "action")
    date_hierarchy = "occurred_at"
    # The action by its declared name, not its code (auth.login), on the entry's page too.
    fields = readonly_fields = ["action_display" if f.name == "action" else f.name for f in AuditEvent._meta.fields]
    list_per_page = 50
    show_full_result_count = False

    @admin.display(description=_("행위"), ordering="action")
    def action_display(self, obj):
        return obj.action_label

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
