from django.apps import AppConfig


class ApprovalConfig(AppConfig):
    """전자결재 (e-approval): documents, approval lines, every approval action, registration numbers,
    and the approval kinds other apps register (approval.kinds)."""

    name = "approval"
    verbose_name = "전자결재"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from approval.audit_actions import ACTION_LABELS as APPROVAL_LABELS
        from approval.kinds import register_builtin_kinds
        from audit.models import ACTION_LABELS

        ACTION_LABELS.update(APPROVAL_LABELS)
        register_builtin_kinds()
