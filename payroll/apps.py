from django.apps import AppConfig


class PayrollConfig(AppConfig):
    """급여 (payroll): the 2026 statutory engine (payroll.engine, pure), pay tables, pay items and
    pay profiles, payslips and the monthly run. Institution schemas only."""

    name = "payroll"
    verbose_name = "급여"
    default_auto_field = "django.db.models.BigAutoField"
    plugin = "payroll.plugin.PLUGIN"
