"""The append-only, hash-chained event log. One chain per schema (per institution; the public
schema has the province's own chain). UPDATE and DELETE are refused by database triggers
(see migration 0002), so the application cannot rewrite history even by mistake."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.plugins import registry


class AuditEvent(models.Model):
    occurred_at = models.DateTimeField(_("일시"), db_index=True)
    action = models.CharField(_("행위"), max_length=64, db_index=True)
    actor_id = models.BigIntegerField(_("행위자 ID"), null=True, blank=True)
    actor_label = models.CharField(_("행위자"), max_length=150, blank=True)
    target_type = models.CharField(_("대상 유형"), max_length=100, blank=True)
    target_id = models.CharField(_("대상 ID"), max_length=64, blank=True)
    target_label = models.CharField(_("대상"), max_length=200, blank=True)
    ip_address = models.GenericIPAddressField(_("IP 주소"), null=True, blank=True)
    data = models.JSONField(_("내용"), default=dict, blank=True)
    prev_hash = models.CharField(_("앞 기록의 해시"), max_length=64)
    hash = models.CharField(_("해시"), max_length=64, unique=True)

    class Meta:
        verbose_name = _("감사 기록")
        verbose_name_plural = _("감사 기록")
        ordering = ["-id"]
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.action_label} {self.actor_label}"

    @property
    def action_label(self) -> str:
        # Every app declares how its actions read (core.plugins.Plugin.audit_labels).
        return str(registry().audit_labels.get(self.action, self.action))
