"""Preservation copies (문서보존포맷, 공공기록물법 시행령 제36조①): an electronic record kept 10 years
or longer gets a PDF/A-1b copy (ISO 19005-1, WeasyPrint's "pdf/a-1b" variant) of its registered
content with its 등록정보 as preservation metadata (the document's own title and keywords in
the PDF's XMP), stored in the institution's storage and added to the record's components with its
SHA-256 — so fixity and 이관 verify it like every other component. Made by a nightly Celery
batch (records.make_preservation_copies), never twice for one record.

Checked here (tests/records/test_preservation.py): the file declares PDF/A-1 part 1 level B in
its XMP metadata (pdfaid:part/conformance), embeds its font, and carries the text. veraPDF is not
available on this machine, so no full validator run is claimed."""

from __future__ import annotations

import gc
import hashlib
import warnings
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models import Q
from django.template.loader import render_to_string

from core.pdf import FONT_URL, html_to_pdf
from records.models import FileStatus, Record
from tasks.models import RetentionPeriod

VARIANT = "pdf/a-1b"
COMPONENT = "보존본(PDF-A).pdf"
LONG_RETENTIONS = (
    RetentionPeriod.YEARS_10,
    RetentionPeriod.YEARS_30,
    RetentionPeriod.SEMI_PERMANENT,
    RetentionPeriod.PERMANENT,
)
BATCH = 200


def needs_copy_q() -> Q:
    # A destroyed file's records (평가·폐기) keep their metadata only: nothing to preserve.
    return (
        Q(is_electronic=True, retention_period__in=LONG_RETENTIONS)
        & ~Q(components__contains=[{"name": COMPONENT}])
        & ~Q(record_file__status=FileStatus.DISPOSED)
    )


def preservation_pdf(record: Record) -> bytes:
    html = render_to_string("records/pdfa.html", {"record": record, "font_url": FONT_URL})
    with warnings.catch_warnings():
        # WeasyPrint 70 opens its sRGB ICC profile for the PDF/A output intent and never closes
        # it; collect that file here, where its ResourceWarning is expected, not at a random time.
        warnings.simplefilter("ignore", ResourceWarning)
        content = html_to_pdf(html, variant=VARIANT)
        gc.collect()
    return content


def make_copy(record: Record) -> dict[str, Any] | None:
    """Render, store and register one record's PDF/A copy (None if it already has one)."""
    if any(c.get("name") == COMPONENT for c in record.components or []):
        return None
    content = preservation_pdf(record)
    path = default_storage.save(f"records/pdfa/{record.pk}.pdf", ContentFile(content))
    component = {"name": COMPONENT, "path": path, "sha256": hashlib.sha256(content).hexdigest()}
    record.components = [*(record.components or []), component]
    Record.objects.filter(pk=record.pk).update(components=record.components)
    return component


def make_copies(*, batch: int = BATCH) -> int:
    """One batch of records kept 10 years or longer that have no copy yet; returns how many."""
    made = 0
    for record in (
        Record.objects.filter(needs_copy_q()).select_related("department", "unit_task").order_by("id")[:batch]
    ):
        if make_copy(record) is not None:
            made += 1
    return made
