"""문서유통 end to end with a real Celery worker: a document completed in one institution is
rendered on the `pdf` queue in the sender's schema, whose job announces the stored PDF and sends
the delivery, which the worker runs in the receiver's schema (default queue) and which lands one
received document there with the files copied byte for byte. When the receiver registers (접수)
it, the report job runs in the sender's schema and puts it on the sender's audit chain.

The worker sees committed data only, so this module provisions its own sender and receiver and
drops both afterwards (the session's alpha and beta stay untouched by committed rows).
"""

from __future__ import annotations

import hashlib
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.test import override_settings
from django.utils import timezone
from django_tenants.utils import schema_context

from audit.models import AuditEvent
from exchange.models import EnvelopeState, MessageStatus, OutboxMessage
from receipts.models import ReceiptStatus, ReceivedDocument
from receipts.services import receipt_register
from tenants.models import Institution, InstitutionKind
from tenants.services import institution_create
from tests.factories import DepartmentFactory, UserFactory
from tests.factories.approval import org_chart
from tests.factories.exchange import HWP_BYTES, sent_document
from tests.races import in_thread
from tests.workers import WAIT_SECONDS, celery_worker
from tests.workers import json_lines as _json_lines

SENDER, RECEIVER = "xsender", "xreceiver"

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


@pytest.fixture(scope="module")
def media_root(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("exchange-media")


@pytest.fixture(scope="module")
def sent(django_db_setup, django_db_blocker, media_root):
    """A document completed (committed) in a fresh sender, addressed to a fresh receiver: its
    render job is queued on `pdf` and its outbox message waits for the PDF."""
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media_root, MULTITENANT_RELATIVE_MEDIA_ROOT="%s"):
        made = [
            institution_create(code=SENDER, name="발신시험원", kind=InstitutionKind.AGENCY).institution,
            institution_create(code=RECEIVER, name="수신시험재단", kind=InstitutionKind.CONTRIBUTED).institution,
        ]
        try:
            with schema_context(SENDER):
                org = org_chart()
                document = sent_document(
                    org,
                    recipients=[{"institution_code": RECEIVER, "name": "수신시험재단이사장"}],
                    now=timezone.now() - timedelta(minutes=5),
                )
                document_pk = document.pk
            connection.set_schema_to_public()
            yield document_pk
        finally:
            connection.set_schema_to_public()
            OutboxMessage.objects.filter(sender__schema_name=SENDER).delete()
            for institution in made:
                Institution.objects.get(pk=institution.pk).delete(force_drop=True)


@pytest.fixture
def worker(tmp_path: Path, media_root: Path):
    """A worker on the pdf queue and the default queue (where deliveries run)."""
    with celery_worker(tmp_path / "worker.log", name="exchange", queues="pdf,celery", media_root=media_root) as log:
        yield log


def _wait_for_receipt(worker: Path) -> ReceivedDocument:
    deadline = time.monotonic() + WAIT_SECONDS * 2
    received = None
    while time.monotonic() < deadline and received is None:
        with schema_context(RECEIVER):
            received = ReceivedDocument.objects.prefetch_related("attachments").first()
        connection.set_schema_to_public()
        if received is None:
            time.sleep(0.5)
    assert received is not None, worker.read_text()[-4000:]
    return received


def test_the_worker_renders_then_delivers_into_the_receivers_schema(sent, worker, media_root):
    received = _wait_for_receipt(worker)

    message = OutboxMessage.objects.get(sender__schema_name=SENDER, sender_document_id=sent)
    assert message.status == MessageStatus.DELIVERED
    assert received.message_id == message.pk
    assert received.status == ReceiptStatus.WAITING
    assert received.sender_code == SENDER
    pdf = (media_root / RECEIVER / received.pdf.name).read_bytes()
    assert pdf.startswith(b"%PDF")
    assert hashlib.sha256(pdf).hexdigest() == received.pdf_sha256 == message.payload["pdf"]["sha256"]
    hwp = next(a for a in received.attachments.all() if a.original_name == "협조계획.hwp")
    assert (media_root / RECEIVER / hwp.file.name).read_bytes() == HWP_BYTES
    delivered = [e for e in _json_lines(worker) if e.get("message") == "document delivered"]
    assert [e.get("schema") for e in delivered] == [RECEIVER]


def test_the_receivers_registration_reaches_the_senders_audit_chain(sent, worker):
    received = _wait_for_receipt(worker)

    def register():
        records = DepartmentFactory(name="문서팀", code="X100")
        registrar = UserFactory(username="xregistrar", name="접수자", department=records, roles=["institution_admin"])
        return receipt_register(actor=registrar, received=ReceivedDocument.objects.get(pk=received.pk))

    registered = in_thread(register, schema=RECEIVER)  # committed, as a real 접수 is
    message = OutboxMessage.objects.get(pk=received.message_id)
    assert message.state == EnvelopeState.REGISTERED
    assert message.receipt_number == registered.registration_number == "문서팀-1"

    deadline = time.monotonic() + WAIT_SECONDS
    event = None
    while time.monotonic() < deadline and event is None:
        with schema_context(SENDER):
            event = AuditEvent.objects.filter(action="document.recipient_register").first()
        connection.set_schema_to_public()
        if event is None:
            time.sleep(0.5)
    assert event is not None, worker.read_text()[-4000:]
    assert event.data["receipt_number"] == "문서팀-1"
    assert event.actor_label == "수신시험재단"
    recorded = [e for e in _json_lines(worker) if e.get("message") == "recipient registration recorded"]
    assert [e.get("schema") for e in recorded] == [SENDER]
