"""The outbox of document exchange (문서유통). One row per (sender document, recipient): written
by e-approval in the transaction that completes a document sent out, delivered by the
`exchange.deliver_message` job into the recipient's schema.

It lives in the public schema (a shared app), which every institution's connection can reach (its
search_path includes public), so the sender writes it in its own completing transaction and the
delivery job, running in the receiver's schema, reads it there. The payload carries everything the
receiver keeps — never a reference the receiver would have to follow into the sender's tables:
files are named by their path in the sender's media folder and copied by the job.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class MessageStatus(models.TextChoices):
    QUEUED = "queued", _("발송 대기")
    DELIVERED = "delivered", _("수신 완료")
    FAILED = "failed", _("전달 실패")


class OutboxMessage(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    sender = models.ForeignKey(
        "tenants.Institution", verbose_name=_("발신 기관"), on_delete=models.PROTECT, related_name="+"
    )
    recipient = models.ForeignKey(
        "tenants.Institution", verbose_name=_("수신 기관"), on_delete=models.PROTECT, related_name="+"
    )
    sender_document_id = models.PositiveBigIntegerField(_("발신 문서 ID"))
    # title, body, registration_number, registered_at, department, sender_title (발신명의),
    # disclosure, recipient_name, attachments [{name, sha256, size, content_type, path}], and
    # pdf {path, sha256, size} — None until the official PDF is stored (it renders after commit).
    payload = models.JSONField(_("내용"))
    status = models.CharField(
        _("상태"), max_length=10, choices=MessageStatus.choices, default=MessageStatus.QUEUED, db_index=True
    )
    attempts = models.PositiveIntegerField(_("전달 시도"), default=0)
    last_error = models.TextField(_("마지막 오류"), blank=True)
    created_at = models.DateTimeField(_("발송일시"))
    delivered_at = models.DateTimeField(_("수신일시"), null=True, blank=True)

    class Meta:
        verbose_name = _("유통 문서")
        verbose_name_plural = _("유통 문서")
        ordering = ["created_at", "id"]
        constraints = [
            # A document goes to each recipient once, however often its completion is replayed.
            models.UniqueConstraint(
                fields=["sender", "sender_document_id", "recipient"], name="outbox_message_once_per_recipient"
            ),
            models.CheckConstraint(
                condition=Q(status="delivered", delivered_at__isnull=False)
                | ~Q(status="delivered") & Q(delivered_at__isnull=True),
                name="outbox_delivered_at_iff_delivered",
            ),
        ]
        indexes = [models.Index(fields=["sender", "sender_document_id"])]

    def __str__(self) -> str:
        # The envelope only: the title is the institutions' content, not the province console's.
        return f"{self.sender.code} → {self.recipient.code} #{self.sender_document_id}"

    @property
    def pdf_ready(self) -> bool:
        return bool(self.payload.get("pdf"))
