from django.contrib import admin

from audit.models import AuditEvent


class AuditEventAdmin(admin.ModelAdmin):
    """Read-only view of the chain: nothing here can add, change or delete an entry."""

    list_display = ("occurred_at", "action_display", "actor_label", "target_label", "ip_address")
    list_filter = ("action",)
    search_fields = ("actor_label", "target_label", "action")
    date_hierarchy = "occurred_at"
    readonly_fields = [f.name for f in AuditEvent._meta.fields]
    list_per_page = 50
    show_full_result_count = False

    @admin.display(description="행위", ordering="action")
    def action_display(self, obj):
        return obj.action_label

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
