"""Posting completed documents to the outbox, and delivering them into the receiver's schema.

`outbox_post` runs in the sender's completing transaction (called by e-approval): one message per
recipient institution, UNIQUE per (sender, document, recipient), "문서 발송" on the sender's audit
chain. The official PDF renders after that transaction commits, so a message waits until
`outbox_pdf_ready` (called by the render job once the PDF is stored) records the PDF and sends the
delivery job. `message_deliver` is that job's body: it runs in the recipient's schema, copies the
files and creates the receipt idempotently (receipts.services.receipt_receive).

When the receiver registers (접수) the document, its registering transaction writes the 접수 number
and date on its own outbox row (`outbox_receipt_register`), and a job in the sender's schema puts
"수신 기관 접수" on the sender's audit chain (`message_receipt_record`): the sender learns of it from
the public outbox, never by reading the receiver's schema.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django_tenants.utils import schema_context

from audit.services import audit_record
from core.jobs import send_in_schema
from exchange.files import FileCheckError, read_sender_file
from exchange.models import MessageStatus, OutboxMessage
from tenants.models import Institution

logger = logging.getLogger(__name__)


# Failures worth another try soon: a sender file not yet readable (a shared volume lagging) or a
# broken connection. Anything else waits for the nightly sweep or the province console's resend.
RETRYABLE_ERRORS = (FileCheckError, OSError)


class WrongRecipientSchemaError(RuntimeError):
    """The delivery job ran in a schema other than the recipient's: it must not write there."""


class WrongSenderSchemaError(RuntimeError):
    """The receipt report ran in a schema other than the sender's: its audit chain is not this one."""


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

    send_in_schema(message.recipient.schema_name, deliver_message, str(message.pk))


def deliveries_send(*, messages: Iterable[OutboxMessage], now: datetime | None = None) -> list[OutboxMessage]:
    """Queue the undelivered ones of `messages` for a try now (발송 대기, next try now) and send
    their delivery jobs once the caller's transaction commits."""
    now = now or timezone.now()
    pending = [m for m in messages if m.status != MessageStatus.DELIVERED]
    if not pending:
        return []
    # Compare-and-set: a message delivered meanwhile stays delivered.
    OutboxMessage.objects.filter(pk__in=[m.pk for m in pending]).exclude(status=MessageStatus.DELIVERED).update(
        status=MessageStatus.QUEUED, next_attempt_at=now
    )
    for message in pending:
        message.status, message.next_attempt_at = MessageStatus.QUEUED, now
        # robust: the state is recorded whatever the broker says; the nightly sweep resends.
        transaction.on_commit(lambda m=message: enqueue_delivery(m), robust=True)
    return pending


def messages_resend(*, actor, messages) -> tuple[list[OutboxMessage], int]:
    """The province console's resend: the undelivered messages among `messages` whose PDF is
    stored go again (발송 대기, next try now), on the current (public) schema's audit chain.
    Returns the messages sent and how many were left because their PDF is not stored yet."""
    with transaction.atomic():
        # Race: a delivery finishing while the planner resends; the locked rows are re-read, and
        # a message delivered meanwhile is not sent again.
        undelivered = list(
            OutboxMessage.objects.select_for_update(of=("self",))
            .select_related("sender", "recipient")
            .filter(pk__in=[m.pk for m in messages])
            .exclude(status=MessageStatus.DELIVERED)
            .order_by("pk")
        )
        ready = [m for m in undelivered if m.pdf_ready]
        sent = deliveries_send(messages=ready)
        if sent:
            audit_record(
                action="document.resend",
                actor=actor,
                data={"messages": [str(m.pk) for m in sent], "recipients": sorted({m.recipient.code for m in sent})},
            )
    return sent, len(undelivered) - len(ready)


def outbox_pdf_ready(*, document_id: int, pdf: dict) -> list[OutboxMessage]:
    """Record the stored official PDF ({path, sha256, size}) on the document's messages and send
    delivery of the undelivered ones once this commits. Called in the sender's schema by the PDF
    job after storing (and again by any later run of it): safe to call twice."""
    sender = current_institution()
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
        return deliveries_send(messages=messages)


def _record_failure(message_id: str, error: Exception, *, retry_at: datetime | None) -> None:
    """Count the failed try: still 발송 대기 with its next try when a retry is due, else 실패."""
    status = MessageStatus.QUEUED if retry_at else MessageStatus.FAILED
    OutboxMessage.objects.filter(pk=message_id).exclude(status=MessageStatus.DELIVERED).update(
        status=status,
        next_attempt_at=retry_at,
        attempts=F("attempts") + 1,
        last_error=f"{type(error).__name__}: {error}"[:2000],
    )


def message_deliver(message_id: str, *, now: datetime | None = None, retry_at: datetime | None = None):
    """Deliver one message into the current (the recipient's) schema. Returns the receipt and
    whether this call created it: (receipt, False) when it was delivered before, (None, False)
    while the PDF is not stored yet. Safe to run twice, also at the same time. A failure is
    counted on the message; `retry_at` is when the caller will try again if the error is one of
    RETRYABLE_ERRORS (the message then stays 발송 대기), otherwise the message is 실패."""
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
                status=MessageStatus.DELIVERED,
                delivered_at=now,
                attempts=F("attempts") + 1,
                last_error="",
                next_attempt_at=None,
            )
    except WrongRecipientSchemaError:
        raise
    except Exception as exc:
        _record_failure(message_id, exc, retry_at=retry_at if isinstance(exc, RETRYABLE_ERRORS) else None)
        logger.warning("delivery failed", extra={"outbox_message": str(message_id), "error": str(exc)})
        raise
    return received, created


# --- 접수 reported back to the sender -----------------------------------------------------------


def outbox_receipt_register(*, message_id, receipt_number: str, registered_at: datetime) -> bool:
    """The receiver registered (접수) the document of `message_id`: write the 접수 number and date
    on the receiver's own outbox row, in the registering transaction, and once it commits send a
    job into the sender's schema to put it on the sender's audit chain. Returns whether a row took
    it (a received document that came by no message of this deployment has none)."""
    updated = OutboxMessage.objects.filter(
        pk=message_id,
        recipient__schema_name=connection.schema_name,  # its own row only
        status=MessageStatus.DELIVERED,
        receipt_registered_at__isnull=True,
    ).update(receipt_number=receipt_number, receipt_registered_at=registered_at)
    if not updated:
        return False
    sender_schema = OutboxMessage.objects.filter(pk=message_id).values_list("sender__schema_name", flat=True).get()
    # robust: the 접수 stands whatever the broker says; the sender's page shows it from the row.
    transaction.on_commit(lambda: enqueue_receipt_record(str(message_id), sender_schema), robust=True)
    return True


def enqueue_receipt_record(message_id: str, sender_schema: str) -> None:
    """Send the receipt report from inside the sender's schema (the schema travels in the message)."""
    from exchange.tasks import record_receipt

    with schema_context(sender_schema):
        record_receipt.delay(message_id)


def message_receipt_record(message_id: str, *, now: datetime | None = None) -> bool:
    """Put the receiver's 접수 on the current (the sender's) audit chain, once: a second run finds
    it recorded and does nothing. Returns whether this call recorded it."""
    now = now or timezone.now()
    with transaction.atomic():
        # Race: the job delivered twice at once; the row lock makes the second find it recorded.
        message = (
            OutboxMessage.objects.select_for_update(of=("self",))
            .select_related("sender", "recipient")
            .get(pk=message_id)
        )
        if message.sender.schema_name != connection.schema_name:
            raise WrongSenderSchemaError(
                f"message {message_id} is from {message.sender.schema_name}, not {connection.schema_name}"
            )
        if message.receipt_registered_at is None or message.receipt_reported_at is not None:
            return False
        message.receipt_reported_at = now
        message.save(update_fields=["receipt_reported_at"])
        audit_record(
            action="document.recipient_register",
            actor_label=message.recipient.name,
            target=message,
            data={
                "document": message.sender_document_id,
                "recipient": message.recipient.code,
                "receipt_number": message.receipt_number,
                "registered_at": timezone.localtime(message.receipt_registered_at).isoformat(),
            },
        )
    return True
