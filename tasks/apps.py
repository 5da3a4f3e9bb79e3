from django.apps import AppConfig


class TasksConfig(AppConfig):
    """업무관리 (work management): function classification, unit-task cards, memo reports,
    directives, meetings and schedules."""

    name = "tasks"
    verbose_name = "업무관리"
    default_auto_field = "django.db.models.BigAutoField"
    plugin = "tasks.plugin.PLUGIN"
