"""문서유통: a completed document sent out becomes one outbox message per recipient institution in
the completing transaction, and is delivered (with its PDF and attachments, checked by SHA-256)
into the receiver's own schema exactly once."""

from __future__ import annotations

import hashlib

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import get_public_schema_name, schema_context

from approval.models import Attachment, DocumentPdf
from audit.models import AuditEvent
from exchange.models import MessageStatus, OutboxMessage
from exchange.selectors import delivery_status, documents_awaiting_pdf
from exchange.services import WrongRecipientSchemaError, message_deliver
from receipts.models import ReceiptStatus, ReceivedDocument
from tests.factories.approval import org_chart
from tests.factories.exchange import HWP_BYTES, PDF_BYTES, TO_BETA, pdf_stored, sent_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.MULTITENANT_RELATIVE_MEDIA_ROOT = "%s"
    return tmp_path


@pytest.fixture
def org(in_alpha, media):
    return org_chart()


def _messages(alpha, document):
    return OutboxMessage.objects.filter(sender=alpha, sender_document_id=document.pk).select_related("recipient")


def test_completion_posts_one_message_per_recipient_institution(org, alpha):
    document = sent_document(
        org, recipients=[TO_BETA, {"institution_code": "province", "name": "경상북도지사"},
                         {"institution_code": "nowhere", "name": "문서24 수신처"}],
    )  # fmt: skip
    messages = list(_messages(alpha, document).order_by("recipient__code"))
    assert [m.recipient.code for m in messages] == ["beta", "province"]
    beta_message = messages[0]
    assert beta_message.status == MessageStatus.QUEUED
    assert beta_message.attempts == 0
    assert beta_message.created_at == document.registered_at  # sent when it was registered
    payload = beta_message.payload
    assert payload["title"] == "2026년 도 산하기관 협조 요청"
    assert payload["registration_number"] == f"총무팀-{document.registration_serial}"
    assert payload["recipient_name"] == "베타문화재단이사장"
    assert payload["sender_title"] == "알파개발공사 기관장"  # 발신명의: the top department head's title
    assert payload["pdf"] is None  # renders after commit
    assert [a["name"] for a in payload["attachments"]] == ["협조계획.hwp", "붙임자료.pdf"]
    assert payload["attachments"][0]["sha256"] == hashlib.sha256(HWP_BYTES).hexdigest()
    sent = AuditEvent.objects.get(action="document.send")
    assert sent.target_id == str(document.pk)
    assert sent.data["recipients"] == ["beta", "province"]


def test_a_rolled_back_completion_posts_nothing(org, alpha):
    completed: list[int] = []

    def complete_then_fail():
        with transaction.atomic():
            completed.append(sent_document(org).pk)
            raise RuntimeError("the completing transaction fails after the approval")

    with pytest.raises(RuntimeError):
        complete_then_fail()
    assert completed
    assert not OutboxMessage.objects.filter(sender=alpha, sender_document_id=completed[0]).exists()


def test_internal_documents_are_not_sent(org, alpha):
    from approval.services import document_approve
    from tests.factories.approval import submitted

    document = submitted(org)
    document_approve(document=document, actor=org.lead)
    document_approve(document=document, actor=org.manager)
    assert not OutboxMessage.objects.filter(sender=alpha).exists()


def test_the_stored_pdf_is_recorded_and_awaited_messages_are_listed(org, alpha):
    document = sent_document(org)
    assert documents_awaiting_pdf(alpha) == [document.pk]
    pdf_stored(document)
    record = DocumentPdf.objects.get(document=document)
    for message in _messages(alpha, document):
        assert message.payload["pdf"] == {"path": record.file.name, "sha256": record.sha256, "size": record.size}
    assert documents_awaiting_pdf(alpha) == []


def test_delivery_into_beta_creates_one_receipt_with_identical_files(org, alpha, media):
    document = sent_document(org)
    message = _messages(alpha, document).get(recipient__code="beta")
    with schema_context("beta"):
        assert message_deliver(message.pk) == (None, False)  # no PDF yet: nothing to deliver
    message.refresh_from_db()
    assert message.status == MessageStatus.QUEUED

    pdf_stored(document)
    sender_pdf = DocumentPdf.objects.get(document=document)
    sender_files = {a.sha256 for a in Attachment.objects.filter(document=document)}
    with schema_context("beta"):
        received, created = message_deliver(message.pk)
        assert created
        again, created_again = message_deliver(message.pk)
        assert (again.pk, created_again) == (received.pk, False)
        # Even a message whose delivered mark was lost (delivered again from scratch) finds the
        # receipt by its message id and creates nothing.
        OutboxMessage.objects.filter(pk=message.pk).update(status=MessageStatus.QUEUED, delivered_at=None)
        third, created_third = message_deliver(message.pk)
        assert (third.pk, created_third) == (received.pk, False)
        assert ReceivedDocument.objects.count() == 1
        assert received.status == ReceiptStatus.WAITING
        assert received.title == document.title
        assert received.sender_code == "alpha"
        assert received.sender_registration_number == document.registration_display
        assert received.pdf_sha256 == sender_pdf.sha256
        stored_pdf = (media / "beta" / received.pdf.name).read_bytes()
        assert hashlib.sha256(stored_pdf).hexdigest() == sender_pdf.sha256
        copies = list(received.attachments.order_by("order"))
        assert [c.original_name for c in copies] == ["협조계획.hwp", "붙임자료.pdf"]
        for copy in copies:
            content = (media / "beta" / copy.file.name).read_bytes()
            assert hashlib.sha256(content).hexdigest() == copy.sha256
        assert {c.sha256 for c in copies} == sender_files
        assert (media / "beta" / copies[1].file.name).read_bytes() == PDF_BYTES
        arrival = AuditEvent.objects.get(action="receipt.arrive")
        assert arrival.actor_label == "알파개발공사"
        assert arrival.data["message"] == str(message.pk)
    message.refresh_from_db()
    assert message.status == MessageStatus.DELIVERED
    assert message.delivered_at is not None
    assert message.attempts == 2
    # Alpha's own schema received nothing.
    assert not ReceivedDocument.objects.exists()


def test_delivery_to_the_province_lands_in_the_public_schema(org, alpha):
    document = sent_document(org)
    pdf_stored(document)
    message = _messages(alpha, document).get(recipient__code="province")
    with schema_context(get_public_schema_name()):
        received, created = message_deliver(message.pk)
        assert created
        assert ReceivedDocument.objects.filter(message_id=message.pk).count() == 1
        assert received.addressed_to == "경상북도지사(기획조정실장)"
    with schema_context("beta"):
        assert not ReceivedDocument.objects.exists()


def test_a_delivery_running_in_another_schema_refuses(org, alpha):
    document = sent_document(org)
    pdf_stored(document)
    message = _messages(alpha, document).get(recipient__code="beta")
    with pytest.raises(WrongRecipientSchemaError):
        message_deliver(message.pk)  # still in alpha
    assert not ReceivedDocument.objects.exists()


def test_a_changed_sender_file_fails_the_delivery_and_keeps_nothing(org, alpha, media):
    document = sent_document(org)
    pdf_stored(document)
    attachment = Attachment.objects.filter(document=document).order_by("order").first()
    (media / "alpha" / attachment.file.name).write_bytes(b"tampered")
    message = _messages(alpha, document).get(recipient__code="beta")
    with schema_context("beta"):
        with pytest.raises(Exception, match="sender file changed"):
            message_deliver(message.pk)
        assert not ReceivedDocument.objects.exists()
    message.refresh_from_db()
    assert message.status == MessageStatus.FAILED
    assert message.attempts == 1
    assert "sender file changed" in message.last_error


def test_delivery_status_for_the_senders_document_page(org, alpha):
    document = sent_document(org)
    pdf_stored(document)
    with schema_context("beta"):
        message_deliver(_messages(alpha, document).get(recipient__code="beta").pk)
    rows = delivery_status(alpha, document.pk)
    assert [(r.recipient_code, r.status, r.addressed_to) for r in rows] == [
        ("beta", MessageStatus.DELIVERED, "베타문화재단이사장"),
        ("province", MessageStatus.QUEUED, "경상북도지사(기획조정실장)"),
    ]
    assert [r.state_label for r in rows] == ["수신 완료", "발송 대기"]
    assert rows[0].delivered_at is not None
    assert rows[1].delivered_at is None


def test_the_completing_transaction_never_touches_the_receivers_schema(org, alpha):
    """Only the public outbox is written: no query switches to or qualifies beta's schema, and no
    receipts table (they are per-schema; the sender's would be alpha's anyway) is touched."""
    from approval.services import document_approve, document_draft, document_submit
    from tests.factories.approval import standard_line

    document = document_draft(
        actor=org.drafter, title="두 번째 발송", body="<p>본문</p>", unit_task=org.task, is_internal=False,
        recipients=[TO_BETA],
    )  # fmt: skip
    document = document_submit(document=document, actor=org.drafter, line=standard_line(org))
    document_approve(document=document, actor=org.lead)
    with CaptureQueriesContext(connection) as queries:
        document_approve(document=document, actor=org.manager)
    statements = [q["sql"].lower() for q in queries.captured_queries]
    assert any('insert into "exchange_outboxmessage"' in sql for sql in statements)
    for sql in statements:
        assert "search_path" not in sql or "beta" not in sql
        assert '"beta".' not in sql
        assert " beta." not in sql
        assert "receipts_" not in sql


def test_a_payload_path_outside_the_senders_folder_is_refused(org, alpha, media):
    """A file path in the payload is read only inside the sender's own media folder."""
    from django.core.exceptions import SuspiciousFileOperation

    document = sent_document(org, files=False)
    pdf_stored(document)
    (media / "beta" / "secret").mkdir(parents=True)
    (media / "beta" / "secret" / "x.pdf").write_bytes(PDF_BYTES)
    message = _messages(alpha, document).get(recipient__code="beta")
    message.payload = {**message.payload, "pdf": {"path": "../beta/secret/x.pdf", "sha256": "0" * 64, "size": 1}}
    message.save()
    with schema_context("beta"), pytest.raises(SuspiciousFileOperation):
        message_deliver(message.pk)
    message.refresh_from_db()
    assert message.status == MessageStatus.FAILED
