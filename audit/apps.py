from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = "감사 기록"
    plugin = "audit.plugin.PLUGIN"

    def ready(self) -> None:
        from audit import receivers  # noqa: F401 - connects auth signal receivers
