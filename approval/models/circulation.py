"""공람: a completed (or received) document circulated to named people, each reading recorded."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Circulation(models.Model):
    document = models.ForeignKey("approval.Document", on_delete=models.PROTECT, related_name="circulations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("공람자"), on_delete=models.PROTECT, related_name="circulations"
    )
    circulated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("공람 지정자"), on_delete=models.PROTECT, related_name="+"
    )
    circulated_at = models.DateTimeField(_("공람 지정일시"))
    read_at = models.DateTimeField(_("열람일시"), null=True, blank=True)

    class Meta:
        verbose_name = _("공람")
        verbose_name_plural = _("공람")
        ordering = ["document", "circulated_at", "id"]
        constraints = [models.UniqueConstraint(fields=["document", "user"], name="circulation_once")]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return f"{self.document_id} {self.user_id}"
