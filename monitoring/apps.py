from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    """도 모니터링 (province monitoring): the figures every institution's apps report
    (core.kpis), rolled up by Celery inside each institution's schema into snapshots in the
    public schema; the planning office's dashboard, extraction and alerts, and each institution's
    own view, all read only those snapshots."""

    name = "monitoring"
    verbose_name = "도 모니터링"
    default_auto_field = "django.db.models.BigAutoField"
    plugin = "monitoring.plugin.PLUGIN"
