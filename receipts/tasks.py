"""Jobs of the receipts app."""

from __future__ import annotations

from django.db import transaction

from core.jobs import job

PDF_QUEUE = "pdf"  # where the official PDFs render (a warm worker with the font loaded)


# Province-level in the decorator's sense only: it may run in the public schema, because the
# province receives and registers documents too; it always runs in the schema it was sent from.
@job("receipts.stamp_pdf", province_level=True, queue=PDF_QUEUE)
def stamp_pdf(received_id: int) -> bool:
    from receipts.stamp import receipt_stamp_pdf

    return receipt_stamp_pdf(received_id)


def enqueue_stamp_pdf(received_id: int) -> None:
    """Send the stamp job once the 접수 has committed; a lost send leaves the sender's PDF served."""
    transaction.on_commit(lambda: stamp_pdf.delay(received_id), robust=True)
