from django.apps import AppConfig


class AttendanceConfig(AppConfig):
    """복무 (attendance): the working-day calendar, leave entitlements and the leave ledger, leave
    requests decided through e-approval (`attendance.leave`), and clock records (출근·퇴근)."""

    name = "attendance"
    verbose_name = "복무"
    default_auto_field = "django.db.models.BigAutoField"
    plugin = "attendance.plugin.PLUGIN"
