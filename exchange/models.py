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
from django.db.models import Case, Q, Value, When
from django.utils.translation import gettext_lazy as _


class MessageStatus(models.TextChoices):
    QUEUED = "queued", _("발송 대기")
    DELIVERED = "delivered", _("수신 완료")
    FAILED = "failed", _("전달 실패")


class EnvelopeState(models.TextChoices):
    """What an envelope shows (province console, the sender's 발송 현황): the stored status told
    apart by whether the PDF is there yet and whether the receiver has registered (접수) it."""

    AWAITING_PDF = "awaiting_pdf", _("PDF 생성 대기")
    QUEUED = "queued", _("발송 대기")
    DELIVERED = "delivered", _("수신 완료")
    REGISTERED = "registered", _("접수 완료")
    FAILED = "failed", _("실패")


# Why a delivery failed, in Korean, by the exception type `_record_failure` writes first in
# `last_error` (the console shows the technical text, the sender's page only this).
FAILURE_REASONS = {
    "FileCheckError": _("발신 파일을 확인하지 못했습니다"),
    "SuspiciousFileOperation": _("발신 파일 경로가 올바르지 않습니다"),
    "FileNotFoundError": _("발신 파일을 찾지 못했습니다"),
    "OSError": _("파일을 읽거나 쓰지 못했습니다"),
}
DEFAULT_FAILURE_REASON = _("수신 기관에서 처리하지 못했습니다")


class OutboxMessageQuerySet(models.QuerySet):
    def with_state(self) -> OutboxMessageQuerySet:
        """Annotate `state_value` (an EnvelopeState) in SQL, for the console's filter."""
        return self.annotate(
            state_value=Case(
                When(status=MessageStatus.DELIVERED, receipt_registered_at__isnull=False,
                     then=Value(EnvelopeState.REGISTERED)),
                When(status=MessageStatus.DELIVERED, then=Value(EnvelopeState.DELIVERED)),
                When(status=MessageStatus.FAILED, then=Value(EnvelopeState.FAILED)),
                When(payload__pdf=None, then=Value(EnvelopeState.AWAITING_PDF)),
                default=Value(EnvelopeState.QUEUED),
                output_field=models.CharField(),
            )
        )  # fmt: skip


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
    # When the delivery job was last sent, or when its retry is due: the "next try" of a message
    # still queued. Cleared once it is delivered or has failed for good.
    next_attempt_at = models.DateTimeField(_("다음 시도"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("수신일시"), null=True, blank=True)
    # The receiver's 접수, written by the receiver's registering transaction on this row (its own
    # outbox row: nothing reads the receiver's schema to learn it).
    receipt_number = models.CharField(_("접수등록번호"), max_length=120, blank=True)
    receipt_registered_at = models.DateTimeField(_("접수일시"), null=True, blank=True)
    # When the sender's audit chain recorded that 접수 (a job in the sender's schema, once).
    receipt_reported_at = models.DateTimeField(_("접수 기록일시"), null=True, blank=True)

    objects = OutboxMessageQuerySet.as_manager()

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
            # Only a delivered document is registered by its receiver, and 접수 has its number.
            models.CheckConstraint(
                condition=Q(receipt_registered_at__isnull=True, receipt_number="")
                | Q(status="delivered", receipt_registered_at__isnull=False) & ~Q(receipt_number=""),
                name="outbox_receipt_only_when_delivered",
            ),
        ]
        indexes = [models.Index(fields=["sender", "sender_document_id"])]

    def __str__(self) -> str:
        # The envelope only: the title is the institutions' content, not the province console's.
        return f"{self.sender.code} → {self.recipient.code} #{self.sender_document_id}"

    @property
    def pdf_ready(self) -> bool:
        return bool(self.payload.get("pdf"))

    @property
    def state(self) -> str:
        """The EnvelopeState (the same rule as `OutboxMessageQuerySet.with_state`)."""
        if self.status == MessageStatus.DELIVERED:
            return EnvelopeState.REGISTERED if self.receipt_registered_at else EnvelopeState.DELIVERED
        if self.status == MessageStatus.FAILED:
            return EnvelopeState.FAILED
        return EnvelopeState.QUEUED if self.pdf_ready else EnvelopeState.AWAITING_PDF

    @property
    def state_label(self) -> str:
        return str(EnvelopeState(self.state).label)

    @property
    def failure_reason(self) -> str:
        """The last error in Korean, without its technical detail (empty when there is none)."""
        if not self.last_error:
            return ""
        kind = self.last_error.split(":", 1)[0]
        return str(FAILURE_REASONS.get(kind, DEFAULT_FAILURE_REASON))
