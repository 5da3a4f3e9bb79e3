"""Reads of the outbox (public schema): what the sender's document page shows about delivery, and
what the sweeps look for. None of these reads another institution's schema."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import connection

from exchange.models import MessageStatus, OutboxMessage


@dataclass(frozen=True)
class DeliveryStatus:
    recipient_code: str
    recipient_name: str  # the institution's name
    addressed_to: str  # the 수신자 as written on the document
    status: str
    state: str  # an EnvelopeState: what the page shows
    state_label: str
    attempts: int
    next_attempt_at: datetime | None
    failure_reason: str  # the last error in Korean, without technical detail
    sent_at: datetime
    delivered_at: datetime | None
    receipt_number: str  # the receiver's 접수등록번호, once registered
    receipt_registered_at: datetime | None


def delivery_status(sender, document_id: int) -> list[DeliveryStatus]:
    """The delivery of one of `sender`'s documents to each recipient, in recipient-code order
    (one query). `sender` is an Institution (e.g. request.tenant)."""
    messages = (
        OutboxMessage.objects.filter(sender=sender, sender_document_id=document_id)
        .select_related("recipient")
        .order_by("recipient__code")
    )
    return [
        DeliveryStatus(
            recipient_code=m.recipient.code,
            recipient_name=m.recipient.name,
            addressed_to=m.payload.get("recipient_name", ""),
            status=m.status,
            state=m.state,
            state_label=m.state_label,
            attempts=m.attempts,
            next_attempt_at=m.next_attempt_at,
            failure_reason=m.failure_reason,
            sent_at=m.created_at,
            delivered_at=m.delivered_at,
            receipt_number=m.receipt_number,
            receipt_registered_at=m.receipt_registered_at,
        )
        for m in messages
    ]


def document_is_sent(document_id: int) -> bool:
    """Whether the current schema's document has outbox messages: a receiver waits for its PDF."""
    return OutboxMessage.objects.filter(
        sender__schema_name=connection.schema_name, sender_document_id=document_id
    ).exists()


def documents_awaiting_pdf(sender) -> list[int]:
    """Ids of `sender`'s documents with an undelivered message still waiting for the PDF."""
    return list(
        OutboxMessage.objects.filter(sender=sender, payload__pdf=None)
        .exclude(status=MessageStatus.DELIVERED)
        .order_by("sender_document_id")
        .values_list("sender_document_id", flat=True)
        .distinct()
    )


def messages_to_redeliver():
    """Undelivered messages whose PDF is stored: the nightly sweep sends them again."""
    return (
        OutboxMessage.objects.exclude(status=MessageStatus.DELIVERED)
        .exclude(payload__pdf=None)
        .select_related("recipient")
        .order_by("created_at", "pk")
    )
