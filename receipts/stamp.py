"""The 접수 mark on the received official PDF: the 접수등록번호 and date written into the 결문's
접수 line, after "접수", where the form (별지 제1호서식) has them — the sender's 기안문 leaves that
place blank and names it (core.pdf.RECEIPT_SLOT). A PDF without that place (made before it was
named, or by another system) gets a stamp instead — 접수, the institution, the number and the
date — at the foot of its last page, as a paper office stamps what it receives. Made once, after
접수 commits, by a job on the `pdf` queue; stored beside the sender's file with its own SHA-256,
so the sender's record stays byte-identical and the marked copy is a record of its own, never
made again."""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import connection
from django.template.loader import render_to_string
from pypdf import PdfReader, PdfWriter

from core.pdf import FONT_URL, RECEIPT_SLOT, html_to_pdf
from core.templatetags.korean import kdate
from receipts.models import ReceiptStatus, ReceivedDocument
from tenants.models import Institution


@dataclass(frozen=True)
class Slot:
    """Where the 접수 line's blank is: the page and its top-left corner in PDF points."""

    page: int
    left: float
    top: float


def receipt_slot(reader: PdfReader) -> Slot | None:
    destination = reader.named_destinations.get(RECEIPT_SLOT)
    if destination is None:
        return None
    page = reader.get_destination_page_number(destination)
    if page < 0 or destination.left is None or destination.top is None:
        return None
    return Slot(page=page, left=float(destination.left), top=float(destination.top))


def stamped_pdf_bytes(original: bytes, *, institution: str, number: str, date: str) -> bytes:
    """`original` with the 접수 line filled in (or, without a 접수 line, the stamp drawn on its
    last page); the other pages untouched."""
    reader = PdfReader(io.BytesIO(original))
    slot = receipt_slot(reader)
    index = slot.page if slot else len(reader.pages) - 1
    page = reader.pages[index]
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    overlay_html = render_to_string(
        "receipts/stamp.html",
        {
            "font_url": FONT_URL,
            "width": width,
            "height": height,
            "slot_left": slot.left if slot else None,
            "slot_top": height - slot.top if slot else None,
            "institution": institution,
            "number": number,
            "date": date,
        },
    )
    overlay = PdfReader(io.BytesIO(html_to_pdf(overlay_html))).pages[0]
    writer = PdfWriter(clone_from=reader)
    writer.pages[index].merge_page(overlay)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def receipt_stamp_pdf(received_id: int) -> bool:
    """Make and store the marked copy of a registered document, once. Returns whether this call
    made it (a second delivery of the job, or a document not yet registered, does nothing).

    The render runs without a row lock (배부 and the other actions lock the row and must not wait
    for WeasyPrint); the number and date it prints never change once given. The copy is then
    recorded with a compare-and-set: of two runs at once, the second deletes its file."""
    received = ReceivedDocument.objects.get(pk=received_id)
    if received.status == ReceiptStatus.WAITING or received.stamped_pdf or received.disposed_at:
        return False
    with received.pdf.open("rb") as handle:
        original = handle.read()
    institution = (
        Institution.objects.filter(schema_name=connection.schema_name).values_list("name", flat=True).first() or ""
    )
    content = stamped_pdf_bytes(
        original, institution=institution, number=received.registration_number, date=kdate(received.registered_at)
    )
    received.stamped_pdf.save("stamped.pdf", ContentFile(content), save=False)
    recorded = ReceivedDocument.objects.filter(pk=received_id, stamped_pdf="", disposed_at__isnull=True).update(
        stamped_pdf=received.stamped_pdf.name, stamped_pdf_sha256=hashlib.sha256(content).hexdigest()
    )
    if not recorded:
        received.stamped_pdf.delete(save=False)
    return bool(recorded)
