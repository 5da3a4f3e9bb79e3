from django.apps import AppConfig


class ApprovalConfig(AppConfig):
    """전자결재 (e-approval): documents, approval lines, every approval action, registration numbers,
    and the approval kinds other apps register (approval.kinds)."""

    name = "approval"
    verbose_name = "전자결재"
    default_auto_field = "django.db.models.BigAutoField"
    plugin = "approval.plugin.PLUGIN"

    def ready(self) -> None:
        from django.utils.module_loading import import_string

        from core.plugins import registry

        # Every app declares the kinds it decides through e-approval (Plugin.approval_kinds), so
        # this app registers them without importing those apps itself.
        for register in registry().approval_kinds:
            import_string(register)()
