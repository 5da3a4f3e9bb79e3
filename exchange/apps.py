from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    """문서유통 (document exchange between institutions): the public-schema outbox that carries a
    completed document to the institutions it is addressed to, delivered by Celery into each
    receiver's own schema (the receipts app). Nothing in a request reads another schema."""

    name = "exchange"
    verbose_name = "문서유통"
    default_auto_field = "django.db.models.BigAutoField"
    plugin = "exchange.plugin.PLUGIN"
