"""Reads of the outbox (public schema): what the sender's document page shows about delivery, and
what the sweeps look for. None of these reads another institution's schema."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from exchange.models import MessageStatus, OutboxMessage


@dataclass(frozen=True)
class DeliveryStatus:
    recipient_code: str
    recipient_name: str  # the institution's name
    addressed_to: str  # the 수신자 as written on the document
    status: str
    status_label: str
    attempts: int
    last_error: str
    sent_at: datetime
    delivered_at: datetime | None


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
            status_label=str(m.get_status_display()),
            attempts=m.attempts,
            last_error=m.last_error,
            sent_at=m.created_at,
            delivered_at=m.delivered_at,
        )
        for m in messages
    ]


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
