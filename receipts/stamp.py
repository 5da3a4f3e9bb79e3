"""The 접수 stamp: the received official PDF with this institution's receipt mark — 접수, the
institution, the 접수등록번호 and the date — on its last page (where the 결문 ends), as a paper
office stamps a document it receives. Made once, after 접수 commits, by a job on the `pdf` queue;
stored beside the sender's file with its own SHA-256, so the sender's record stays byte-identical
and the stamped copy is a record of its own, never made again."""

from __future__ import annotations

import hashlib
import io

from django.core.files.base import ContentFile
from django.db import connection
from django.template.loader import render_to_string
from pypdf import PdfReader, PdfWriter

from core.pdf import FONT_URL, html_to_pdf
from core.templatetags.korean import kdate
from receipts.models import ReceiptStatus, ReceivedDocument
from tenants.models import Institution


def stamped_pdf_bytes(original: bytes, *, institution: str, number: str, date: str) -> bytes:
    """`original` with the stamp drawn on its last page, the other pages untouched."""
    reader = PdfReader(io.BytesIO(original))
    last = reader.pages[-1]
    width, height = float(last.mediabox.width), float(last.mediabox.height)
    overlay_html = render_to_string(
        "receipts/stamp.html",
        {
            "font_url": FONT_URL,
            "width": width,
            "height": height,
            "institution": institution,
            "number": number,
            "date": date,
        },
    )
    overlay = PdfReader(io.BytesIO(html_to_pdf(overlay_html))).pages[0]
    writer = PdfWriter(clone_from=reader)
    writer.pages[-1].merge_page(overlay)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def receipt_stamp_pdf(received_id: int) -> bool:
    """Make and store the stamped copy of a registered document, once. Returns whether this call
    made it (a second delivery of the job, or a document not yet registered, does nothing).

    The render runs without a row lock (배부 and the other actions lock the row and must not wait
    for WeasyPrint); the number and date it prints never change once given. The copy is then
    recorded with a compare-and-set: of two runs at once, the second deletes its file."""
    received = ReceivedDocument.objects.get(pk=received_id)
    if received.status == ReceiptStatus.WAITING or received.stamped_pdf:
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
    recorded = ReceivedDocument.objects.filter(pk=received_id, stamped_pdf="").update(
        stamped_pdf=received.stamped_pdf.name, stamped_pdf_sha256=hashlib.sha256(content).hexdigest()
    )
    if not recorded:
        received.stamped_pdf.delete(save=False)
    return bool(recorded)
