"""The official PDF (기안문/시행문) of a completed document, after 시행규칙 제4조 and 별지 제1호서식.

두문 (institution name, 수신, (경유)), 본문 (제목, body, 붙임 with the "끝." rule) and 결문
(발신명의, the signers' boxes in signing order with 전결/대결 marks and a separate 협조 row,
생산등록번호 and 시행일자, the 접수 place left blank and named for the receiver's number
(receipts.stamp), 우편번호·주소 / 홈페이지, 전화·전송 / 전자우편 / 공개구분, each left out when
empty), A4 with the 규정 margins. Rendered by WeasyPrint with the Noto Serif KR font of `pylopdf-fonts-ko`
embedded, so the Korean text can be extracted (pypdf/pdftotext) and printed anywhere.

`document_pdf_render` stores the file once (approval.models.DocumentPdf); nothing re-renders it:
the stored file is the record. `pdf_response` serves it.
"""

from __future__ import annotations

import hashlib
import re
import time
from dataclasses import dataclass
from datetime import datetime

from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.http import FileResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from approval.models import ApprovalStep, Document, DocumentPdf, DocumentStatus, StepAction, StepKind
from core.downloads import private_file_response
from core.money import won_official
from core.pdf import FONT_URL, RECEIPT_SLOT, RenderError, html_to_pdf
from core.sanitise import body_text

END_MARK = "끝."


@dataclass(frozen=True)
class SignBox:
    """One box of the 결재 or 협조 row: who signed, as what, when, with which mark."""

    position: str
    name: str
    signed_at: datetime | None
    mark: str = ""  # "전결" / "대결" / ""


def _institution():
    """The current institution (name and address for the 두문 and 결문)."""
    tenant = getattr(connection, "tenant", None)
    if getattr(tenant, "name", ""):
        return tenant
    # Outside a request or a job (schema_context) the tenant is a stand-in without a name; the
    # institution row is looked up by schema through django-tenants (approval imports no app above it).
    from django_tenants.utils import get_tenant_model

    return get_tenant_model().objects.filter(schema_name=connection.schema_name).first()


def _institution_name() -> str:
    institution = _institution()
    return institution.name if institution else ""


def _sender_name(name: str | None = None) -> str:
    """발신명의 of a document sent out: the institution's head by title, as in 경북개발공사 사장
    (the title of the person heading the top department; 기관명+장 when nobody does). `name`: the
    institution's name when the caller has it already."""
    from org.models import Department

    name = _institution_name() if name is None else name
    top = (
        Department.objects.filter(parent=None, is_active=True, head__isnull=False)
        .select_related("head__position")
        .order_by("order", "pk")
        .first()
    )
    if top is not None and top.head.position_id:
        return f"{name} {top.head.position.name}"
    return f"{name}장"


def sign_boxes(document: Document, steps: list[ApprovalStep]) -> tuple[list[SignBox], list[SignBox]]:
    """The 결재 row (기안자, 검토, 결재) and the 협조 row, in signing order, with boxes only for
    those who signed. 전결: "전결" in the 전결권자's box. 대결: "대결" in the proxy's box; for a
    delegated decision taken by a proxy (전결의 대결) 시행규칙 제7조 puts "전결" where the
    전결권자 would sign and "대결" in the proxy's box, so both appear."""
    drafter = document.drafter
    main = [
        SignBox(
            position=drafter.position.name if drafter.position_id else "",
            name=drafter.name,
            signed_at=document.submitted_at,
        )
    ]
    concurrence: list[SignBox] = []
    signed = [s for s in steps if s.action == StepAction.APPROVED and s.acted_at is not None]
    signed.sort(key=lambda s: (s.acted_at, s.order))
    for step in signed:
        row = concurrence if step.kind == StepKind.CONCURRENCE else main
        if step.is_proxy:
            if step.delegated:
                row.append(SignBox(position=step.approver_position, name="", signed_at=None, mark="전결"))
            row.append(
                SignBox(position=step.acted_by_position, name=step.acted_by.name, signed_at=step.acted_at, mark="대결")
            )
        else:
            row.append(
                SignBox(
                    position=step.acted_by_position or step.approver_position,
                    name=step.acted_by.name,
                    signed_at=step.acted_at,
                    mark="전결" if step.delegated else "",
                )
            )
    return main, concurrence


_INLINE_TAGS = {"a", "strong", "b", "em", "i", "u", "s", "sub", "sup", "span"}
_TRAILING_CLOSERS = re.compile(r"((?:\s*</[a-z0-9]+>)+)\s*$")
# "끝." the drafter typed at the very end (out of habit), with the spaces before it.
_TYPED_END_MARK = re.compile(r"(?:\s|&nbsp;|\u00a0)*끝\.((?:\s*</[a-z0-9]+>)*)\s*$")
_EMPTY_LAST_PARAGRAPH = re.compile(r"<p>(?:\s|&nbsp;|\u00a0)*</p>\s*$")


def ends_with_end_mark(body: str) -> bool:
    return body_text(body).replace("\u00a0", " ").rstrip().endswith(END_MARK)


def body_without_end_mark(body: str) -> str:
    """The body without a "끝." typed at its end: with 붙임 the mark follows the list instead
    (a paragraph that held only the mark goes with it)."""
    if not ends_with_end_mark(body):
        return body
    body = _TYPED_END_MARK.sub(lambda m: m.group(1), body.strip(), count=1)
    return _EMPTY_LAST_PARAGRAPH.sub("", body)


def body_with_end_mark(body: str) -> str:
    """The "끝." rule: two spaces after the last sentence, on its line; under a closing table on
    a line of its own; nothing more when the drafter already ended with it. `body` is already
    cleaned (core.sanitise)."""
    mark = f'<span class="end-mark">\u00a0\u00a0{END_MARK}</span>'
    body = body.strip()
    if ends_with_end_mark(body):
        return body
    match = _TRAILING_CLOSERS.search(body)
    if not body:
        return f"<p>{END_MARK}</p>"
    if match is None:
        return body + mark
    closers = match.group(1)
    if "</table>" in closers:
        return body + f'<p class="end-line">{END_MARK}</p>'
    # After the inline closers (a link, bold text end where the sentence ends), before the block
    # closers (the mark stays on the last line, inside its paragraph or list item).
    split = match.start(1)
    for closer in re.finditer(r"\s*</([a-z0-9]+)>", closers):
        if closer.group(1) not in _INLINE_TAGS:
            break
        split += len(closer.group(0))
    return body[:split] + mark + body[split:]


def document_context(document: Document) -> dict:
    steps = list(
        ApprovalStep.objects.filter(document=document).select_related("acted_by", "approver").order_by("order")
    )
    main, concurrence = sign_boxes(document, steps)
    recipients = list(document.recipients.order_by("order"))
    attachments = list(document.attachments.order_by("order"))
    vias = [r.via for r in recipients if r.via]
    body = body_with_end_mark(document.body) if not attachments else body_without_end_mark(document.body)
    final = next((s for s in reversed(steps) if s.kind == StepKind.APPROVAL), None)
    department = document.department
    institution = _institution()  # once: in a worker it is a query
    institution_name = institution.name if institution else ""
    postal_code, address = institution.postal_address() if institution else ("", "")
    return {
        "font_url": FONT_URL,
        "institution_name": institution_name,
        "postal_code": postal_code,
        "address": address,
        "homepage": institution.homepage if institution else "",
        "fax": institution.fax if institution else "",
        "amount": won_official(document.decision_amount) if document.decision_amount is not None else "",
        "document": document,
        "recipient_line": "내부결재"
        if document.is_internal or not recipients
        else (recipients[0].name if len(recipients) == 1 else "수신자 참조"),
        "recipient_box": [r.name for r in recipients] if not document.is_internal and len(recipients) > 1 else [],
        "via": ", ".join(vias),
        "body": mark_safe(body),  # noqa: S308 - cleaned to the allowlist on every write (core.sanitise)
        "attachments": attachments,
        "main_boxes": main,
        "concurrence_boxes": concurrence,
        # 발신명의: the institution head's name for documents sent out; none for 내부결재.
        "sender": "" if document.is_internal else _sender_name(institution_name),
        "registration_number": document.registration_display,
        "enforced_on": document.registered_at,
        "phone": department.phone or document.drafter.phone or (institution.phone if institution else ""),
        "email": document.drafter.email,
        "final_step": final,
        "disclosure_label": document.disclosure_label,
        "receipt_slot": RECEIPT_SLOT,
    }


def render_document_pdf(document: Document) -> bytes:
    """The PDF bytes of a completed document (no storing)."""
    if document.status != DocumentStatus.COMPLETED:
        raise RenderError(f"document {document.pk} is not completed")
    html = render_to_string("approval/pdf/document.html", document_context(document))
    return html_to_pdf(html)


def document_pdf_render(document_id: int) -> tuple[DocumentPdf, bool]:
    """Render and store the official PDF of a completed document, once. Returns the stored record
    and whether this call created it. Concurrent calls queue on the document's row lock; the
    second finds the first's record. The UNIQUE one-to-one is the backstop."""
    with transaction.atomic():
        document = (
            Document.objects.select_for_update(of=("self",))
            .select_related("department", "drafter__position")
            .get(pk=document_id)
        )
        existing = DocumentPdf.objects.filter(document=document).first()
        if existing is not None:
            return existing, False
        if document.disposed_at is not None:
            raise RenderError(f"document {document.pk} was disposed (기록물 폐기): nothing to render")
        start = time.perf_counter()
        content = render_document_pdf(document)
        elapsed = round((time.perf_counter() - start) * 1000)
        record = DocumentPdf(
            document=document,
            sha256=hashlib.sha256(content).hexdigest(),
            size=len(content),
            rendered_at=timezone.now(),
            render_ms=elapsed,
        )
        record.file.save(_file_name(document), ContentFile(content), save=False)
        stored = record.file.name
        # A refused insert must not leave an orphan file beside the record that does exist.
        try:
            record.save()
        except Exception:
            record.file.storage.delete(stored)
            raise
    return record, True


def _file_name(document: Document) -> str:
    return f"{document.registration_number or document.pk}.pdf"


def stored_pdf(document: Document) -> DocumentPdf | None:
    """The stored official PDF of a document, or None while it is being rendered (or for a
    document that is not completed)."""
    return DocumentPdf.objects.filter(document=document).first()


def pdf_download_name(document: Document) -> str:
    """The name offered on download: the printed number and the title (e.g. 총무팀-12 제목.pdf)."""
    title = re.sub(r'[\\/:*?"<>|\r\n]+', " ", document.title).strip()[:80]
    return f"{document.registration_display} {title}.pdf".strip()


def pdf_response(document_pdf: DocumentPdf, *, as_attachment: bool = True) -> FileResponse:
    """Serve the stored PDF (the caller has checked the user may read the document)."""
    return private_file_response(
        document_pdf.file,
        filename=pdf_download_name(document_pdf.document),
        content_type="application/pdf",
        as_attachment=as_attachment,
        missing=_("공문서 PDF 파일을 찾을 수 없습니다."),
    )
