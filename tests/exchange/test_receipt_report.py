"""The sender hears of the receiver's 접수 through the public outbox: beta's registering transaction
writes the 접수 number and date on its own outbox row (never reading alpha's schema), and once it
commits a job in alpha's schema puts "수신 기관 접수" on alpha's audit chain, once."""

from __future__ import annotations

from datetime import datetime
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import get_public_schema_name, schema_context

from audit.models import AuditEvent
from exchange.models import EnvelopeState, OutboxMessage
from exchange.services import WrongSenderSchemaError, message_deliver, outbox_receipt_register
from exchange.tasks import record_receipt
from org.models import User
from receipts.services import receipt_register
from tests.factories import DepartmentFactory
from tests.factories.approval import org_chart
from tests.factories.exchange import pdf_stored, received, sent_document
from tests.support import ADMIN, PLANNER

pytestmark = pytest.mark.django_db

REGISTERED_AT = datetime(2026, 3, 6, 10, 0, tzinfo=ZoneInfo("Asia/Seoul"))


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.MULTITENANT_RELATIVE_MEDIA_ROOT = "%s"
    return tmp_path


@pytest.fixture
def org(in_alpha, media):
    return org_chart()


@pytest.fixture
def delivered(org, alpha):
    """A document alpha sent, delivered into beta (접수대기 there): (alpha's document, message,
    beta's received document)."""
    document = sent_document(org, files=False)
    pdf_stored(document)
    message = OutboxMessage.objects.get(sender=alpha, sender_document_id=document.pk, recipient__code="beta")
    with schema_context("beta"):
        receipt, _created = message_deliver(message.pk)
    return document, message, receipt


def _record_sends():
    """Capture record_receipt sends with the schema each was sent from."""
    sent: list[tuple[str, str]] = []
    patch = mock.patch(
        "exchange.tasks.record_receipt.delay", side_effect=lambda mid: sent.append((connection.schema_name, mid))
    )
    return patch, sent


def test_beta_registers_and_alphas_envelope_and_chain_learn_it(delivered, alpha, django_capture_on_commit_callbacks):
    document, message, receipt = delivered
    patch, sent = _record_sends()
    with schema_context("beta"):
        registrar = User.objects.get(username=ADMIN)
        with patch:
            with (
                django_capture_on_commit_callbacks(execute=False) as callbacks,
                CaptureQueriesContext(connection) as queries,
            ):
                registered = receipt_register(actor=registrar, received=receipt, now=REGISTERED_AT)
            assert sent == []  # nothing leaves before the 접수 commits
            for callback in callbacks:
                callback()
        own = AuditEvent.objects.get(action="receipt.register", target_id=str(receipt.pk))
        assert own.data["registration_number"] == registered.registration_number
    for query in queries.captured_queries:
        sql = query["sql"].lower()
        assert '"alpha".' not in sql  # nothing of alpha's schema is read
        assert "approval_" not in sql

    message.refresh_from_db()
    assert message.state == EnvelopeState.REGISTERED
    assert (message.receipt_number, message.receipt_registered_at) == (registered.registration_number, REGISTERED_AT)
    assert message.receipt_reported_at is None  # alpha's chain has not heard yet
    assert sent == [("alpha", str(message.pk))]  # sent from inside alpha's schema

    assert record_receipt(str(message.pk)) is True  # the job, in alpha
    assert record_receipt(str(message.pk)) is False  # delivered twice: recorded once
    event = AuditEvent.objects.get(action="document.recipient_register")
    assert event.actor_label == "베타문화재단"
    assert event.target_id == str(message.pk)
    assert event.data == {
        "document": document.pk,
        "recipient": "beta",
        "receipt_number": registered.registration_number,
        "registered_at": REGISTERED_AT.isoformat(),
    }
    message.refresh_from_db()
    assert message.receipt_reported_at is not None

    with schema_context("beta"):
        with pytest.raises(WrongSenderSchemaError):
            record_receipt(str(message.pk))  # beta's chain is not the sender's
        assert not AuditEvent.objects.filter(action="document.recipient_register").exists()


def test_only_the_receiver_writes_the_receipt_on_its_own_row(delivered):
    _document, message, _receipt = delivered
    patch, sent = _record_sends()
    with patch:
        assert not outbox_receipt_register(  # alpha (the sender) is not the receiver
            message_id=message.pk, receipt_number="가짜-1", registered_at=REGISTERED_AT
        )
        with schema_context("public"):  # neither is the province
            assert not outbox_receipt_register(
                message_id=message.pk, receipt_number="가짜-1", registered_at=REGISTERED_AT
            )
    message.refresh_from_db()
    assert (message.receipt_number, message.receipt_registered_at) == ("", None)
    assert sent == []


def test_a_document_that_came_by_no_message_registers_without_a_report(
    in_beta, media, django_capture_on_commit_callbacks
):
    document = received(title="문서24로 온 문서")
    patch, sent = _record_sends()
    with patch, django_capture_on_commit_callbacks(execute=True):
        registered = receipt_register(actor=User.objects.get(username=ADMIN), received=document)
    assert registered.registration_number
    assert sent == []


def test_the_provinces_registration_reaches_the_sender_too(org, alpha, django_capture_on_commit_callbacks):
    """The province receives and registers in the public schema; its 접수 reaches alpha the same way."""
    document = sent_document(org, files=False)
    pdf_stored(document)
    message = OutboxMessage.objects.get(sender=alpha, sender_document_id=document.pk, recipient__code="province")
    patch, sent = _record_sends()
    with schema_context(get_public_schema_name()):
        receipt, _created = message_deliver(message.pk)
        office = DepartmentFactory(name="기획조정실", code="P100")
        planner = User.objects.get(username=PLANNER)
        with patch, django_capture_on_commit_callbacks(execute=True):
            registered = receipt_register(actor=planner, received=receipt, department=office, now=REGISTERED_AT)
    message.refresh_from_db()
    assert (message.state, message.receipt_number) == (EnvelopeState.REGISTERED, "기획조정실-1")
    assert registered.registration_number == "기획조정실-1"
    assert sent == [("alpha", str(message.pk))]
