from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# What e-approval notifies people of (approval.notify), as the 알림 list names it.
NOTIFICATION_CATEGORIES = {
    "approval_waiting": _("결재 요청"),
    "approval_returned": _("반려"),
    "approval_held": _("보류"),
    "approval_resumed": _("보류 해제"),
    "approval_withdrawn": _("회수"),
    "approval_completed": _("결재 완료"),
    "approval_post": _("후결 요청"),
    "circulation": _("공람"),
}


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
        from notifications.models import register_category

        ACTION_LABELS.update(APPROVAL_LABELS)
        register_builtin_kinds()
        for category, label in NOTIFICATION_CATEGORIES.items():
            register_category(category, label)
