from django.apps import AppConfig


class ReceiptsConfig(AppConfig):
    """접수·배부 (receipt and distribution): documents other institutions sent here, delivered by the
    exchange into this schema, registered with a receipt number, distributed to a department,
    assigned to a handler and circulated. Exists in every schema, the province's too."""

    name = "receipts"
    verbose_name = "문서 접수"
    default_auto_field = "django.db.models.BigAutoField"
    plugin = "receipts.plugin.PLUGIN"
