"""Celery jobs of e-approval. The official PDF renders on its own `pdf` queue: a slow first render
(font loading) never holds up the other jobs, and the worker that listens to it stays warm."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import transaction

from approval.dispatch import document_awaits_delivery, document_pdf_stored, documents_awaiting_delivery_pdf
from approval.pdf import document_pdf_render
from core.jobs import fan_out, job

logger = logging.getLogger(__name__)

PDF_QUEUE = "pdf"
# Renders of a bulk history (the demo seed's thousands of completions) wait on their own queue, so
# a document someone completes meanwhile is not rendered behind all of them: the worker takes from
# its queues in turn.
PDF_BACKLOG_QUEUE = "pdf_backlog"
# The history's documents sent to other institutions have their own backlog queue: their delivery
# starts when their PDF is stored, and in the one backlog they waited behind every internal
# document seeded before them (the demo's ~3,800 renders, 8% sent out: its ~300 deliveries
# trickled in over ~17 minutes). Served in turn with the others they all went within 2¼ minutes
# (docs/PERFORMANCE.md), and a live render still gets its turn before any backlog.
PDF_BACKLOG_SENT_QUEUE = "pdf_backlog_sent"
_local = threading.local()


@contextmanager
def pdf_renders_in_backlog() -> Iterator[None]:
    """Completions inside this block send their PDF render to the backlog queue."""
    previous = getattr(_local, "backlog", False)
    _local.backlog = True
    try:
        yield
    finally:
        _local.backlog = previous


@job("approval.render_pdf", queue=PDF_QUEUE)
def render_pdf(document_id: int) -> dict:
    """Render and store the official PDF of a completed document. A repeated delivery (acks_late,
    a worker lost mid-job) finds the stored record and does nothing: the PDF is rendered once."""
    record, created = document_pdf_render(document_id)
    logger.info(
        "document pdf rendered" if created else "document pdf already stored",
        extra={"document": document_id, "render_ms": record.render_ms, "size": record.size},
    )
    # A document sent out is delivered with its PDF: record it on the outbox messages and send
    # their delivery (also on a repeated run, which the nightly sweep uses to resume a lost send).
    document_pdf_stored(record)
    return {"document": document_id, "created": created, "sha256": record.sha256}


def enqueue_render_pdf(document_id: int) -> None:
    """Send the render job once the completing transaction has committed (the worker must see the
    completed document); sent from inside the institution's schema, which travels in the message."""
    # robust: the document is completed whatever the broker says; a lost send is logged, and
    # the nightly approval.render_all_missing_pdfs sweep sends what is missing again.
    queue = _render_queue(document_id)
    transaction.on_commit(lambda: render_pdf.apply_async((document_id,), queue=queue), robust=True)


def _render_queue(document_id: int) -> str:
    if not getattr(_local, "backlog", False):
        return PDF_QUEUE
    # Asked in the completing transaction, after the dispatch wrote the outbox messages.
    return PDF_BACKLOG_SENT_QUEUE if document_awaits_delivery(document_id) else PDF_BACKLOG_QUEUE


@job("approval.render_missing_pdfs")
def render_missing_pdfs() -> int:
    """Send a render job for every completed document of this institution without its PDF (a
    send lost after commit, a worker that failed). Rendering stays once-only in render_pdf."""
    from approval.models import Document, DocumentStatus

    missing = list(
        Document.objects.filter(
            status=DocumentStatus.COMPLETED, pdf__isnull=True, disposed_at__isnull=True
        ).values_list("pk", flat=True)
    )
    # Documents sent out whose PDF is stored but whose outbox messages never heard of it (the
    # render job stopped between storing and announcing): a run of render_pdf announces it again.
    missing = sorted(set(missing) | set(documents_awaiting_delivery_pdf()))
    for document_id in missing:
        render_pdf.delay(document_id)
    logger.info("missing document pdfs sent", extra={"count": len(missing)})
    return len(missing)


@job("approval.render_all_missing_pdfs", province_level=True)
def render_all_missing_pdfs() -> list[str]:
    """The nightly sweep: one render_missing_pdfs per active institution, sent from inside its
    schema. The province's own schema has no e-approval documents."""
    return fan_out(render_missing_pdfs)


@job("approval.discard_abandoned_drafts")
def discard_abandoned_drafts() -> int:
    """Throw away this institution's drafts started and left empty (approval.abandoned). Each is
    tested again under its lock, so a repeated delivery, or a drafter writing meanwhile, is safe."""
    from django.utils import timezone

    from approval.abandoned import abandoned_draft_discard, abandoned_drafts

    now = timezone.now()
    found = list(abandoned_drafts(now=now).order_by("pk").values_list("pk", flat=True))
    discarded = sum(abandoned_draft_discard(document_id=pk, now=now) for pk in found)
    logger.info("abandoned drafts discarded", extra={"count": discarded})
    return discarded


@job("approval.discard_all_abandoned_drafts", province_level=True)
def discard_all_abandoned_drafts() -> list[str]:
    """The nightly clean-up: one discard_abandoned_drafts per active institution, sent from inside
    its schema."""
    return fan_out(discard_abandoned_drafts)
