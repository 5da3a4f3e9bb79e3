from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    """알림: what reached someone's queue or concerns them (a document to decide, returned,
    completed, circulated; a received document …), listed in the app with an unread count and
    sent by e-mail. Exists in every schema, the province's too; apps above call
    `notifications.services.notify` and this app imports none of them."""

    name = "notifications"
    verbose_name = "알림"
    default_auto_field = "django.db.models.BigAutoField"
