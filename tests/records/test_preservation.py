"""Preservation (issue 15 item 7): a record kept 10 years or longer gets a PDF/A-1b copy with its
등록정보 as metadata, stored and added to its components with its SHA-256 (so fixity covers it);
shorter-kept records get none; a copy is never made twice."""

from __future__ import annotations

import hashlib
import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.files.storage import default_storage
from pypdf import PdfReader

from records.fixity import fixity_check
from records.preservation import COMPONENT, make_copies
from tests.factories.records import completed, record_of
from tests.factories.tasks_cards import unit_task

pytestmark = pytest.mark.django_db

KST = ZoneInfo("Asia/Seoul")
MARCH_5 = datetime(2026, 3, 5, 10, 0, tzinfo=KST)


def test_records_kept_ten_years_or_longer_get_a_pdf_a_copy(org):
    short = record_of(completed(org, title="5년 문서", now=MARCH_5))
    audit_task = unit_task(department=org.team, name="감사수감", retention_period="10")
    long = record_of(completed(org, title="감사 결과 보고", unit_task=audit_task, now=MARCH_5))

    assert make_copies() == 1
    long.refresh_from_db()
    short.refresh_from_db()
    assert [c["name"] for c in short.components] == []
    (copy,) = [c for c in long.components if c["name"] == COMPONENT]
    with default_storage.open(copy["path"], "rb") as handle:
        content = handle.read()
    assert hashlib.sha256(content).hexdigest() == copy["sha256"]
    assert content.startswith(b"%PDF-1.4")  # PDF/A-1 is based on PDF 1.4
    reader = PdfReader(io.BytesIO(content))
    xmp = reader.xmp_metadata
    assert (xmp.pdfaid_part, xmp.pdfaid_conformance) == ("1", "B")  # PDF/A-1b (ISO 19005-1)
    assert reader.metadata.title == "감사 결과 보고"
    text = "".join(page.extract_text() or "" for page in reader.pages)
    assert "총무팀-2" in text
    assert "사무용품을 구매하고자 합니다." in text.replace("\n", "")
    fonts = [
        page["/Resources"]["/Font"][name].get_object() for page in reader.pages for name in page["/Resources"]["/Font"]
    ]
    descriptors = [
        f["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object() for f in fonts if "/DescendantFonts" in f
    ]
    assert any("/FontFile3" in d for d in descriptors)  # the Korean font is embedded (PDF/A needs every font)

    assert make_copies() == 0  # never twice
    run = fixity_check(now=MARCH_5)
    assert (run.components, run.failed) == (3, 0)  # two bodies and the copy, all matching
