"""Documents sent between institutions, and received documents, built through the services.

`sent_document(org)` completes (in the current schema, e.g. alpha) a document addressed to beta
and the province, with two attachments; `pdf_stored(document)` renders and stores its official PDF
and announces it to the outbox, as the pdf-queue job does. `received(...)` lands a received
document straight into the current schema (as the delivery job would), for receipt tests.
"""

from __future__ import annotations

import hashlib
import uuid
from datetime import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from approval.dispatch import document_pdf_stored
from approval.models import Document
from approval.pdf import document_pdf_render
from approval.services import document_approve, document_attach, document_draft, document_submit
from exchange.files import CarriedFile
from receipts.models import ReceivedDocument
from receipts.services import receipt_receive
from tests.factories.approval import Org, standard_line

PDF_BYTES = b"%PDF-1.7\n" + b"0" * 100
HWP_BYTES = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"1" * 100
TO_BETA = {"institution_code": "beta", "name": "베타문화재단이사장"}
TO_PROVINCE = {"institution_code": "province", "name": "경상북도지사(기획조정실장)"}


def sent_document(
    org: Org, *, recipients: list[dict] | None = None, files: bool = True, now: datetime | None = None, **fields
) -> Document:
    document = document_draft(
        actor=org.drafter,
        title=fields.pop("title", "2026년 도 산하기관 협조 요청"),
        body=fields.pop("body", "<p>아래와 같이 협조를 요청합니다.</p>"),
        unit_task=org.task,
        is_internal=False,
        recipients=recipients if recipients is not None else [TO_BETA, TO_PROVINCE],
        **fields,
    )
    if files:
        document_attach(
            document=document,
            actor=org.drafter,
            files=[SimpleUploadedFile("협조계획.hwp", HWP_BYTES), SimpleUploadedFile("붙임자료.pdf", PDF_BYTES)],
        )
    document = document_submit(document=document, actor=org.drafter, line=standard_line(org), now=now)
    document_approve(document=document, actor=org.lead, now=now)
    return document_approve(document=document, actor=org.manager, now=now)


def pdf_stored(document: Document) -> None:
    record, _created = document_pdf_render(document.pk)
    document_pdf_stored(record)


def carried(name: str, content: bytes, content_type: str = "application/pdf") -> CarriedFile:
    return CarriedFile(
        name=name, content_type=content_type, sha256=hashlib.sha256(content).hexdigest(), content=content
    )


def received(
    *, title: str = "도 산하기관 협조 요청", sender_code: str = "alpha", now: datetime | None = None, attachments=None
) -> ReceivedDocument:
    document, _created = receipt_receive(
        message_id=uuid.uuid4(),
        sender_code=sender_code,
        sender_name="알파개발공사",
        payload={
            "title": title,
            "body": "<p>협조를 요청합니다.</p>",
            "registration_number": "총무팀-7",
            "registered_at": "2026-03-05T10:00:00+09:00",
            "department": "총무팀",
            "sender_title": "알파개발공사사장",
            "disclosure": "공개",
            "recipient_name": "베타문화재단이사장",
        },
        pdf=carried("총무팀-7.pdf", PDF_BYTES),
        attachments=attachments if attachments is not None else [carried("계획.hwp", HWP_BYTES, "application/x-hwp")],
        now=now or timezone.now(),
    )
    return document
