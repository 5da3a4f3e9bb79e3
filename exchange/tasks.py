"""Celery jobs of document exchange.

`deliver_message` is sent from inside the recipient's schema and runs there; the province
receives in the public schema, so the job is declared province-level and checks for itself that it
runs in its message's recipient schema (exchange.services.message_deliver), which is stricter than
the decorator's public-schema guard. `record_receipt` runs in the sender's schema (an institution:
the province sends no e-approval documents) and checks that too."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.utils import timezone

from core.jobs import job
from exchange.services import RETRYABLE_ERRORS

logger = logging.getLogger(__name__)

MAX_RETRIES = 5
RETRY_SECONDS = 30  # the first retry; each later one waits twice as long (30 s … 8 min)


def retry_countdown(retries: int) -> int:
    return RETRY_SECONDS * 2**retries


@job("exchange.deliver_message", province_level=True, bind=True, max_retries=MAX_RETRIES)
def deliver_message(self, message_id: str) -> dict:
    """Deliver one message. A retryable failure (RETRYABLE_ERRORS) is tried again after
    `retry_countdown`, and the message shows that next try; after the last retry it is 실패, and
    the nightly sweep sends whatever is still undelivered."""
    from exchange.services import message_deliver

    retries = self.request.retries or 0
    countdown = retry_countdown(retries)
    retry_at = timezone.now() + timedelta(seconds=countdown) if retries < self.max_retries else None
    try:
        received, created = message_deliver(message_id, retry_at=retry_at)
    except RETRYABLE_ERRORS as exc:
        if retry_at is None:
            raise
        raise self.retry(exc=exc, countdown=countdown) from exc
    logger.info(
        "document delivered" if created else "document delivery had nothing to do",
        extra={"outbox_message": message_id, "receipt": received.pk if received else None},
    )
    return {"message": message_id, "receipt": received.pk if received else None, "created": created}


@job("exchange.record_receipt")
def record_receipt(message_id: str) -> bool:
    """The receiver registered (접수) the document: put it on the sender's audit chain, once."""
    from exchange.services import message_receipt_record

    recorded = message_receipt_record(message_id)
    logger.info(
        "recipient registration recorded" if recorded else "recipient registration had nothing to do",
        extra={"outbox_message": message_id},
    )
    return recorded


@job("exchange.redeliver_pending", province_level=True)
def redeliver_pending() -> int:
    """The nightly sweep: every undelivered message whose PDF is stored is sent again (발송 대기,
    next try now), each from inside its recipient's schema. (Messages still waiting for the PDF are
    the sender's business: approval's missing-PDF sweep renders or re-announces the PDF, which
    sends their delivery.)"""
    from exchange.selectors import messages_to_redeliver
    from exchange.services import deliveries_send

    sent = deliveries_send(messages=list(messages_to_redeliver()))
    logger.info("undelivered documents sent again", extra={"count": len(sent)})
    return len(sent)
