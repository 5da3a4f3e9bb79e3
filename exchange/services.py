"""Posting completed documents to the outbox, and delivering them into the receiver's schema.

`outbox_post` runs in the sender's completing transaction (called by e-approval): one message per
recipient institution, UNIQUE per (sender, document, recipient), "문서 발송" on the sender's audit
chain. The official PDF renders after that transaction commits, so a message waits until
`outbox_pdf_ready` (called by the render job once the PDF is stored) records the PDF and sends the
delivery job. `message_deliver` is that job's body: it runs in the recipient's schema, copies the
files and creates the receipt idempotently (receipts.services.receipt_receive).
"""

from __future__ import annotations

import logging
from datetime import datetime

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django_tenants.utils import schema_context

from audit.services import audit_record
from exchange.files import read_sender_file
from exchange.models import MessageStatus, OutboxMessage
from tenants.models import Institution

logger = logging.getLogger(__name__)


class WrongRecipientSchemaError(RuntimeError):
    """The delivery job ran in a schema other than the recipient's: it must not write there."""


def current_institution() -> Institution:
    return Institution.objects.get(schema_name=connection.schema_name)


def outbox_post(
    *, actor, document, recipients: list[tuple[str, str]], payload: dict, now: datetime | None = None
) -> list[OutboxMessage]:
    """Queue a completed document for each recipient `(institution code, 수신자 name)` that is an
    institution of this deployment (other codes are not on this network and are left out).
    Idempotent: a second call for the same document posts nothing new."""
    now = now or timezone.now()
    sender = current_institution()
    names = dict(recipients)
    institutions = list(Institution.objects.filter(code__in=list(names)).exclude(pk=sender.pk).order_by("code"))
    posted = []
    for institution in institutions:
        message, _created = OutboxMessage.objects.get_or_create(
            sender=sender,
            sender_document_id=document.pk,
            recipient=institution,
            defaults={
                "payload": {**payload, "recipient_name": names[institution.code], "pdf": None},
                "created_at": now,
            },
        )
        posted.append(message)
    if posted:
        audit_record(
            action="document.send",
            actor=actor,
            target=document,
            data={"recipients": [m.recipient.code for m in posted], "messages": [str(m.pk) for m in posted]},
        )
    return posted


def enqueue_delivery(message: OutboxMessage) -> None:
    """Send the delivery job from inside the recipient's schema (the schema travels in the message;
    the province's is the public schema)."""
    from exchange.tasks import deliver_message

    with schema_context(message.recipient.schema_name):
        deliver_message.delay(str(message.pk))


def outbox_pdf_ready(*, document_id: int, pdf: dict) -> list[OutboxMessage]:
    """Record the stored official PDF ({path, sha256, size}) on the document's messages and send
    delivery of the undelivered ones once this commits. Called in the sender's schema by the PDF
    job after storing (and again by any later run of it): safe to call twice."""
    sender = current_institution()
    pending = []
    with transaction.atomic():
        # Race: a redelivered render job and the nightly sweep recording the PDF at once; the
        # rows are locked in pk order so one waits for the other and then finds the PDF set.
        messages = (
            OutboxMessage.objects.select_for_update(of=("self",))
            .select_related("recipient")
            .filter(sender=sender, sender_document_id=document_id)
            .order_by("pk")
        )
        for message in messages:
            if not message.pdf_ready:
                message.payload = {**message.payload, "pdf": pdf}
                message.save(update_fields=["payload"])
            if message.status != MessageStatus.DELIVERED:
                pending.append(message)
        for message in pending:
            # robust: the PDF is recorded whatever the broker says; the nightly sweep resends.
            transaction.on_commit(lambda m=message: enqueue_delivery(m), robust=True)
    return pending


def _record_failure(message_id: str, error: Exception) -> None:
    OutboxMessage.objects.filter(pk=message_id).exclude(status=MessageStatus.DELIVERED).update(
        status=MessageStatus.FAILED, attempts=F("attempts") + 1, last_error=f"{type(error).__name__}: {error}"[:2000]
    )


def message_deliver(message_id: str, *, now: datetime | None = None):
    """Deliver one message into the current (the recipient's) schema. Returns the receipt and
    whether this call created it: (receipt, False) when it was delivered before, (None, False)
    while the PDF is not stored yet. Safe to run twice, also at the same time."""
    from receipts.models import ReceivedDocument
    from receipts.services import receipt_receive

    now = now or timezone.now()
    try:
        with transaction.atomic():
            # Race: two deliveries of one message (a redelivered job, the nightly sweep) — the
            # outbox row lock makes the second wait, then it finds the message delivered.
            message = (
                OutboxMessage.objects.select_for_update(of=("self",))
                .select_related("sender", "recipient")
                .get(pk=message_id)
            )
            if message.recipient.schema_name != connection.schema_name:
                raise WrongRecipientSchemaError(
                    f"message {message_id} is for {message.recipient.schema_name}, not {connection.schema_name}"
                )
            if message.status == MessageStatus.DELIVERED:
                return ReceivedDocument.objects.filter(message_id=message.pk).first(), False
            if not message.pdf_ready:
                return None, False
            payload = message.payload
            schema = message.sender.schema_name
            pdf = read_sender_file(schema, payload["pdf"], default_name=f"{payload.get('registration_number')}.pdf")
            attachments = [read_sender_file(schema, entry) for entry in payload.get("attachments", [])]
            received, created = receipt_receive(
                message_id=message.pk,
                sender_code=message.sender.code,
                sender_name=message.sender.name,
                payload=payload,
                pdf=pdf,
                attachments=attachments,
                now=now,
            )
            # Compare-and-set: only a message not yet delivered becomes delivered.
            OutboxMessage.objects.filter(pk=message.pk, status__in=[MessageStatus.QUEUED, MessageStatus.FAILED]).update(
                status=MessageStatus.DELIVERED, delivered_at=now, attempts=F("attempts") + 1, last_error=""
            )
    except WrongRecipientSchemaError:
        raise
    except Exception as exc:
        _record_failure(message_id, exc)
        logger.warning("delivery failed", extra={"outbox_message": str(message_id), "error": str(exc)})
        raise
    return received, created
