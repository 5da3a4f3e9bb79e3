from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _


class ReceiptsConfig(AppConfig):
    """접수·배부 (receipt and distribution): documents other institutions sent here, delivered by the
    exchange into this schema, registered with a receipt number, distributed to a department,
    assigned to a handler and circulated. Exists in every schema, the province's too."""

    name = "receipts"
    verbose_name = "문서 접수"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from audit.models import ACTION_LABELS
        from receipts.audit_actions import ACTION_LABELS as RECEIPT_LABELS

        ACTION_LABELS.update(RECEIPT_LABELS)
        if apps.is_installed("notifications"):
            from notifications.models import register_category

            register_category("receipt", _("문서 접수"))
            register_category("receipt_assigned", _("처리담당 지정"))
