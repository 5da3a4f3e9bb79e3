"""발송: a completed document addressed to other institutions (or the province) is handed to the
exchange (문서유통) in its completing transaction, and its delivery starts once the official PDF is
stored (the PDF renders after commit, on the pdf queue).

approval builds the payload — everything the receiver keeps, nothing it would have to look up in
this schema — and exchange carries it: a public-schema outbox row per recipient institution, then
a delivery job in each receiver's schema.
"""

from __future__ import annotations

from approval.models import Document, DocumentPdf
from exchange.selectors import document_is_sent, documents_awaiting_pdf
from exchange.services import current_institution, outbox_pdf_ready, outbox_post


def document_dispatch(document: Document, actor) -> int:
    """Post a completing document to the outbox for each recipient that is an institution of this
    deployment (in the caller's transaction). Returns how many messages were posted."""
    if document.is_internal:
        return 0
    recipients = [(r.institution_code, r.name) for r in document.recipients.order_by("order")]
    if not recipients:
        return 0
    from approval.pdf import _sender_name

    payload = {
        "title": document.title,
        "body": document.body,
        "registration_number": document.registration_display,
        "registered_at": document.registered_at.isoformat() if document.registered_at else None,
        "department": document.registered_department_name or document.department.name,
        "drafter": document.drafter.name,
        "sender_title": _sender_name(),  # 발신명의
        "disclosure": str(document.disclosure_label),
        "attachments": [
            {
                "name": a.original_name,
                "sha256": a.sha256,
                "size": a.size,
                "content_type": a.content_type,
                "path": a.file.name,
            }
            for a in document.attachments.order_by("order")
        ],
    }
    return len(
        outbox_post(actor=actor, document=document, recipients=recipients, payload=payload, now=document.registered_at)
    )


def document_pdf_stored(record: DocumentPdf) -> int:
    """The official PDF is stored: record it on the document's outbox messages and send their
    delivery (once this commits). Safe to call again. Returns how many deliveries were sent."""
    pdf = {"path": record.file.name, "sha256": record.sha256, "size": record.size}
    return len(outbox_pdf_ready(document_id=record.document_id, pdf=pdf))


def document_awaits_delivery(document_id: int) -> bool:
    """Whether another institution waits for this document (its delivery starts with the PDF)."""
    return document_is_sent(document_id)


def documents_awaiting_delivery_pdf() -> list[int]:
    """This institution's documents whose outbox messages still wait for the PDF."""
    return documents_awaiting_pdf(current_institution())
