"""Celery jobs of document exchange.

`deliver_message` is sent from inside the recipient's schema and runs there; the province
receives in the public schema, so the job is declared province-level and checks for itself that it
runs in its message's recipient schema (exchange.services.message_deliver), which is stricter than
the decorator's public-schema guard."""

from __future__ import annotations

import logging

from core.jobs import job
from exchange.files import FileCheckError

logger = logging.getLogger(__name__)


@job(
    "exchange.deliver_message",
    province_level=True,
    # A sender file not yet readable (a shared volume lagging) or a broken database connection:
    # try again later; the nightly sweep sends whatever is still undelivered.
    autoretry_for=(FileCheckError, OSError),
    retry_backoff=30,
    max_retries=5,
)
def deliver_message(message_id: str) -> dict:
    from exchange.services import message_deliver

    received, created = message_deliver(message_id)
    logger.info(
        "document delivered" if created else "document delivery had nothing to do",
        extra={"outbox_message": message_id, "receipt": received.pk if received else None},
    )
    return {"message": message_id, "receipt": received.pk if received else None, "created": created}


@job("exchange.redeliver_pending", province_level=True)
def redeliver_pending() -> int:
    """The nightly sweep: every undelivered message whose PDF is stored is sent again, each from
    inside its recipient's schema. (Messages still waiting for the PDF are the sender's business:
    approval's missing-PDF sweep renders or re-announces the PDF, which sends their delivery.)"""
    from exchange.selectors import messages_to_redeliver
    from exchange.services import enqueue_delivery

    count = 0
    for message in messages_to_redeliver().iterator():
        enqueue_delivery(message)
        count += 1
    logger.info("undelivered documents sent again", extra={"count": count})
    return count
