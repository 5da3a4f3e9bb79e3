from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "공통"
    plugin = "core.plugins.PLANNED_AREAS"

    def ready(self) -> None:
        from core.plugins import registry

        # Collect and check every app's declaration at start-up, so that a bad one stops the
        # process instead of failing the first page that reads it.
        registry()
