"""The 접수 mark: on 접수 a job writes the 접수등록번호 and date into a 기안문's 접수 line, or draws
the receiving institution's stamp (접수, the institution, the number and the date) on the last
page of a PDF without that line; stored once beside the sender's byte-identical file; the receipt
page serves the marked copy, and the original on request."""

from __future__ import annotations

import hashlib
import io
import re
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from approval.pdf import render_document_pdf
from approval.services import document_approve
from core.pdf import FONT_URL, html_to_pdf
from receipts.services import receipt_receive, receipt_register
from receipts.stamp import stamped_pdf_bytes
from receipts.tasks import stamp_pdf
from tests.factories.approval import org_chart, submitted
from tests.factories.exchange import carried
from tests.support import PASSWORD, login

pytestmark = pytest.mark.django_db

SENDER_PAGES = (
    f'<html><head><style>@font-face {{ font-family: K; src: url("{FONT_URL}"); }} body {{ font-family: K; }}'
    "</style></head><body><p>첫 쪽 본문</p><p style='break-before: page'>마지막 쪽 결문</p></body></html>"
)


def _text(content: bytes) -> list[str]:
    return ["".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(content)).pages]


@pytest.fixture
def arrived(office):
    original = html_to_pdf(SENDER_PAGES)
    document, _created = receipt_receive(
        message_id=uuid.uuid4(),
        sender_code="alpha",
        sender_name="알파개발공사",
        payload={"title": "합동 점검 협조 요청", "body": "<p>협조 바랍니다.</p>", "registration_number": "총무팀-7"},
        pdf=carried("총무팀-7.pdf", original),
        attachments=[],
        now=timezone.now(),
    )
    return document, original


def test_registration_stamps_the_last_page_once_and_keeps_the_original(
    office, arrived, django_capture_on_commit_callbacks
):
    document, original = arrived
    with django_capture_on_commit_callbacks() as callbacks:
        registered = receipt_register(actor=office.registrar, received=document)
    assert any("enqueue_stamp_pdf" in c.__qualname__ for c in callbacks)  # sent after the 접수 commits

    assert stamp_pdf(document.pk) is True
    assert stamp_pdf(document.pk) is False  # a second delivery makes nothing more
    document.refresh_from_db()
    with document.stamped_pdf.open("rb") as handle:
        stamped = handle.read()
    with document.pdf.open("rb") as handle:
        assert handle.read() == original  # the sender's record, byte for byte
    assert document.stamped_pdf_sha256 == hashlib.sha256(stamped).hexdigest()

    first, last = _text(stamped)
    assert "접수" not in first  # only the last page carries the mark
    assert "첫쪽본문" in first
    assert "마지막쪽결문" in last
    date = timezone.localtime(registered.registered_at)
    for part in ("접수", "베타문화재단", registered.registration_number, f"{date.year}.{date.month}.{date.day}."):
        assert part in last


def test_a_waiting_document_is_not_stamped(office, arrived):
    document, _original = arrived
    assert stamp_pdf(document.pk) is False
    document.refresh_from_db()
    assert not document.stamped_pdf


def test_the_receipt_page_serves_the_stamped_copy_and_the_original_on_request(client_for, beta, office, arrived):
    document, original = arrived
    receipt_register(actor=office.registrar, received=document)
    stamp_pdf(document.pk)
    client = client_for(beta)
    assert login(client, office.registrar.username, PASSWORD).status_code == 302
    url = reverse("receipts:pdf", args=[document.pk])

    stamped = b"".join(client.get(url).streaming_content)
    assert "접수" in _text(stamped)[-1]
    assert b"".join(client.get(url, {"original": "1"}).streaming_content) == original
    assert "발신 원본" in client.get(reverse("receipts:detail", args=[document.pk])).content.decode()


def test_a_gian_mun_gets_its_receipt_line_filled_instead_of_a_stamp(in_alpha, media):
    """On a 기안문 from this system the number and date go on the 결문's 접수 line, beside the
    sender's 시행 (별지 제1호서식), and no separate stamp is drawn."""
    org = org_chart()
    document = submitted(org, decision_amount=2_000_000)
    document_approve(document=document, actor=org.lead)
    document = document_approve(document=document, actor=org.manager)
    original = render_document_pdf(document)

    stamped = stamped_pdf_bytes(original, institution="베타문화재단", number="기획팀-12", date="2026. 12. 5.")

    layout = PdfReader(io.BytesIO(stamped)).pages[-1].extract_text(extraction_mode="layout")
    enforcement = next(line for line in layout.splitlines() if "시행" in line)
    enforced = r"시행 총무팀-1 \(\d{4}\. \d{1,2}\. \d{1,2}\.\)"
    assert re.search(enforced + r"\s+접수\s+기획팀-12 \(2026\. 12\. 5\.\)", enforcement)
    assert "베타문화재단" not in layout  # the line says it all: no stamp box beside it
    # The sender's copy keeps the line blank.
    original_layout = PdfReader(io.BytesIO(original)).pages[-1].extract_text(extraction_mode="layout")
    assert "기획팀-12" not in original_layout
    assert re.search(r"접수\s*$", next(line for line in original_layout.splitlines() if "시행" in line))
