"""A 폐기 destroys the originals too (issue 15, disposal): the approval document a 생산 record
registers and the received document of a 접수 record share its stored files. After the 심의회's
approval their text, 붙임 and PDFs are gone, their pages say so, the downloads answer 404, and
their 등록정보 (numbers, titles, dates, decision path) stay. A paper record has no original."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, transaction
from django.urls import reverse

from approval.models import (
    Attachment,
    Document,
    DocumentComment,
    DocumentEvent,
    DocumentPdf,
    DocumentStatus,
    DocumentVersion,
)
from approval.services import (
    circulation_mark_read,
    document_approve,
    document_attach,
    document_circulate,
    document_comment,
    document_draft,
    document_submit,
)
from audit.models import AuditEvent
from audit.services import audit_verify_chain
from org.models import User
from receipts.models import ReceivedAttachment, ReceivedDocument
from receipts.services import receipt_circulate, receipt_register
from records.disposal import Proposal, disposal_create, disposal_opinion, disposal_submit, parse_committee
from records.models import FileStatus, Record, RecordSource
from records.services import arrangement_close, record_file_under, record_register_paper
from tests.factories import UserFactory
from tests.factories.approval import standard_line
from tests.factories.exchange import HWP_BYTES, pdf_stored, received
from tests.factories.records import sign_all
from tests.factories.tasks_cards import unit_task
from tests.support import ADMIN, login

pytestmark = pytest.mark.django_db

KST = ZoneInfo("Asia/Seoul")
IN_2020 = datetime(2020, 3, 5, 10, 0, tzinfo=KST)
CLOSED_AT = datetime(2021, 2, 10, tzinfo=KST)
NOW = datetime(2026, 3, 5, 10, 0, tzinfo=KST)
NOTICE = "이 문서는 2026. 3. 5. 기록물 폐기 절차에 따라 폐기되었습니다. 등록 정보만 남아 있습니다."
COMMITTEE = parse_committee(
    "김위원 / 알파개발공사 / 내부\n이위원 / 알파개발공사 / 내부\n박교수 / 한국기록대학교 / 외부"
)


def _approved_with_attachment(org) -> Document:
    draft = document_draft(
        actor=org.drafter, title="2020년 사무용품 구매", body="<p>사무용품을 구매합니다.</p>", unit_task=org.task
    )
    document_attach(document=draft, actor=org.drafter, files=[SimpleUploadedFile("구매계획.hwp", HWP_BYTES)])
    document = document_submit(document=draft, actor=org.drafter, line=standard_line(org), now=IN_2020)
    document_comment(document=document, actor=org.lead, body="단가를 비교한 견적서를 붙여 주세요.", now=IN_2020)
    document_approve(document=document, actor=org.lead, now=IN_2020)
    return document_approve(document=document, actor=org.manager, now=IN_2020)


@pytest.fixture
def disposed(org, django_capture_on_commit_callbacks):
    """An approved 폐기 of 총무팀's 2020 electronic file (an approval document with a 붙임 and its
    PDF, a received document with a 붙임) and of its 2020 paper file (a hand-registered 대장)."""
    document = _approved_with_attachment(org)
    pdf_stored(document)
    attachment = Attachment.objects.get(document=document)
    document_pdf = DocumentPdf.objects.get(document=document)
    registrar = User.objects.get(username=ADMIN)
    incoming = receipt_register(actor=registrar, received=received(now=IN_2020), now=IN_2020)
    received_record = Record.objects.get(source=RecordSource.RECEIVED, source_id=incoming.pk)
    record_file_under(actor=org.lead, record=received_record, unit_task=org.task, now=IN_2020)
    incoming_attachment = ReceivedAttachment.objects.get(received=incoming)
    incoming.refresh_from_db()
    paper = record_register_paper(
        actor=org.drafter,
        title="2020년 비품 대장",
        registered_on=date(2020, 3, 5),
        unit_task=org.task,
        record_type="ledger",
        pages=12,
        location="서고 A-3",
        now=IN_2020,
    )
    stored = [attachment.file.name, document_pdf.file.name, incoming.pdf.name, incoming_attachment.file.name]
    assert incoming.stamped_pdf.name == ""  # the stamp job runs on a worker; the sender's PDF is what is kept here
    assert all(default_storage.exists(p) for p in stored)
    arrangement_close(actor=org.lead, department=org.team, year=2020, now=CLOSED_AT)
    electronic = Record.objects.get(source=RecordSource.PRODUCED, source_id=document.pk).record_file
    paper_file = Record.objects.get(pk=paper.pk).record_file
    assert Record.objects.get(pk=received_record.pk).record_file_id == electronic.pk
    assert paper_file.pk != electronic.pk

    archivist = UserFactory(
        username="archivist", name="기록관", department=org.root, roles=["staff", "records_manager"]
    )
    records_task = unit_task(department=org.root, name="기록물관리", retention_period="permanent")
    disposal = disposal_create(actor=archivist, files=[electronic, paper_file], now=NOW)
    items = list(disposal.items.all())
    for item in items:
        disposal_opinion(actor=org.drafter, item=item, opinion="dispose", reason="", now=NOW)
    disposal = disposal_submit(
        actor=archivist,
        disposal=disposal,
        proposals={i.pk: Proposal("dispose") for i in items},
        committee=COMMITTEE,
        unit_task=records_task,
        now=NOW,
    )
    sign_all(archivist, disposal, now=NOW)
    with django_capture_on_commit_callbacks(execute=True):
        document_approve(document=Document.objects.get(pk=disposal.document_id), actor=org.ceo, now=NOW)
    return {
        "document": Document.objects.get(pk=document.pk),
        "attachment": attachment,
        "received": ReceivedDocument.objects.get(pk=incoming.pk),
        "received_attachment": incoming_attachment,
        "stored": stored,
        "files": (electronic, paper_file),
        "paper": paper,
        "registrar": registrar,
    }


def test_the_originals_lose_their_content_and_keep_their_registration(org, disposed):
    document = disposed["document"]
    assert document.disposed_at == NOW
    assert (document.body, document.status, document.title) == ("", DocumentStatus.COMPLETED, "2020년 사무용품 구매")
    assert document.registration_number  # 등록정보 kept
    assert list(DocumentVersion.objects.filter(document=document).values_list("body", flat=True)) == [""]
    # The 의견 goes with the text: who remarked and when stay, the words are gone everywhere.
    comment = DocumentComment.objects.get(document=document)
    assert (comment.author_id, comment.created_at, comment.body) == (org.lead.pk, IN_2020, "")
    remark = DocumentEvent.objects.get(document=document, action="comment")
    assert (remark.actor_id, remark.comment) == (org.lead.pk, "")
    assert not DocumentComment.objects.filter(body__contains="견적서").exists()
    assert not DocumentEvent.objects.filter(comment__contains="견적서").exists()
    assert not Attachment.objects.filter(document=document).exists()
    assert not DocumentPdf.objects.filter(document=document).exists()
    actions = list(DocumentEvent.objects.filter(document=document).values_list("action", flat=True))
    assert actions[-1] == "dispose"
    assert "complete" in actions

    incoming = disposed["received"]
    assert incoming.disposed_at == NOW
    assert (incoming.body, incoming.pdf.name, incoming.stamped_pdf.name) == ("", "", "")
    assert incoming.registration_number
    assert incoming.title == "도 산하기관 협조 요청"
    assert not ReceivedAttachment.objects.filter(received=incoming).exists()

    assert not any(default_storage.exists(p) for p in disposed["stored"])  # overwritten and removed
    electronic, paper_file = disposed["files"]
    electronic.refresh_from_db()
    paper_file.refresh_from_db()
    assert (electronic.status, paper_file.status) == (FileStatus.DISPOSED, FileStatus.DISPOSED)
    paper = Record.objects.get(pk=disposed["paper"].pk)
    assert (paper.title, paper.body, paper.components) == ("2020년 비품 대장", "", [])
    audited = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"document.dispose", "receipt.dispose", "record_file.destroy"} <= audited
    assert audit_verify_chain().ok


def test_the_pages_show_the_notice_and_the_downloads_answer_404(org, disposed, alpha, client_for):
    document, incoming = disposed["document"], disposed["received"]
    drafter = client_for(alpha)
    login(drafter, org.drafter.username)
    page = drafter.get(reverse("approval:detail", args=[document.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert NOTICE in html
    assert "사무용품을 구매합니다" not in html
    assert "구매계획.hwp" not in html
    assert reverse("approval:pdf", args=[document.pk]) not in html
    assert document.registration_display in html
    assert NOTICE in drafter.get(reverse("approval:version", args=[document.pk, 1])).content.decode()
    assert drafter.get(reverse("approval:attachment", args=[document.pk, disposed["attachment"].pk])).status_code == 404
    assert drafter.get(reverse("approval:pdf", args=[document.pk])).status_code == 404
    assert drafter.get(reverse("approval:pdf", args=[document.pk]) + "?inline=1").status_code == 404

    registrar = client_for(alpha)
    login(registrar, ADMIN)
    page = registrar.get(reverse("receipts:detail", args=[incoming.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert NOTICE in html
    assert "협조를 요청합니다" not in html
    assert reverse("receipts:pdf", args=[incoming.pk]) not in html
    assert registrar.get(reverse("receipts:pdf", args=[incoming.pk])).status_code == 404
    assert registrar.get(reverse("receipts:pdf", args=[incoming.pk]) + "?original=1").status_code == 404
    url = reverse("receipts:attachment", args=[incoming.pk, disposed["received_attachment"].pk])
    assert registrar.get(url).status_code == 404


def test_nothing_more_is_done_on_a_disposed_original(org, disposed):
    document, incoming = disposed["document"], disposed["received"]
    with pytest.raises(ValidationError, match="폐기된 문서는 공람할 수 없습니다"):
        document_circulate(document=document, actor=org.drafter, users=[org.lead], now=NOW)
    with pytest.raises(ValidationError, match="폐기된 문서에는 의견을 남길 수 없습니다"):
        document_comment(document=document, actor=org.drafter, body="확인", now=NOW)
    assert circulation_mark_read(document=document, user=org.lead) is not None  # opening it never crashes
    with pytest.raises(ValidationError, match="폐기된 문서입니다"):
        receipt_circulate(actor=disposed["registrar"], received=incoming, users=[org.lead], now=NOW)


def test_the_database_allows_only_the_lawful_disposal_of_a_registered_document(org, disposed):
    """The guard of approval migration 0002/0005 learns one exception: emptying the text in the
    same change that marks the document disposed. Nothing else, and never undone."""
    document = disposed["document"]
    with pytest.raises(DatabaseError, match="cannot be undone"), transaction.atomic():
        Document.objects.filter(pk=document.pk).update(disposed_at=None)
    with pytest.raises(DatabaseError, match="cannot be changed"), transaction.atomic():
        Document.objects.filter(pk=document.pk).update(body="<p>되살린 본문</p>")
    kept = _approved_with_attachment(org)
    pdf_stored(kept)
    with pytest.raises(DatabaseError, match="cannot be changed"), transaction.atomic():
        Document.objects.filter(pk=kept.pk).update(body="")  # emptied without being disposed
    with pytest.raises(DatabaseError, match="cannot be changed or deleted"), transaction.atomic():
        DocumentPdf.objects.filter(document=kept).delete()  # the PDF of a document still held
    with pytest.raises(DatabaseError, match="cannot be changed"), transaction.atomic():
        Document.objects.filter(pk=kept.pk).update(body="<p>다른 본문</p>", disposed_at=NOW)
    assert DocumentPdf.objects.filter(document=kept).exists()
    assert Document.objects.get(pk=kept.pk).body == "<p>사무용품을 구매합니다.</p>"
