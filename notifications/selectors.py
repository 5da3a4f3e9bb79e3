from __future__ import annotations

from django.db.models import QuerySet

from notifications.models import Notification


def unread_count(user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def notifications_for(user, *, unread_only: bool = False, category: str = "") -> QuerySet[Notification]:
    rows = Notification.objects.filter(recipient=user).select_related("actor")
    if unread_only:
        rows = rows.filter(read_at__isnull=True)
    if category:
        rows = rows.filter(category=category)
    return rows.order_by("-created_at", "-id")
