"""One notification for one person. Lean on purpose: the list and the unread badge read these rows
on every page, so they carry a title and a link, never the subject itself."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.plugins import registry


def category_labels() -> dict:
    """How each category reads: every app that notifies declares its categories
    (core.plugins.Plugin.notification_categories)."""
    return registry().notification_categories


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("받는 사람"), on_delete=models.CASCADE, related_name="notifications"
    )
    category = models.CharField(_("구분"), max_length=40)
    title = models.CharField(_("제목"), max_length=300)
    body = models.CharField(_("내용"), max_length=300, blank=True)
    url = models.CharField(_("바로가기"), max_length=300, help_text=_("같은 사이트 안의 경로"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("보낸 사람"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("알림 일시"), db_index=False)
    read_at = models.DateTimeField(_("읽은 일시"), null=True, blank=True)

    class Meta:
        verbose_name = _("알림")
        verbose_name_plural = _("알림")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notification_list"),
            models.Index(fields=["recipient"], condition=models.Q(read_at__isnull=True), name="notification_unread"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def category_label(self) -> str:
        return str(category_labels().get(self.category, self.category))
