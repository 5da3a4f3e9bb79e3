"""The nightly sweeps that make delivery robust: approval's missing-PDF sweep also re-announces a
stored PDF that the outbox never heard of (the render job stopped in between), and the exchange's
sweep resends every undelivered message whose PDF is known, each from its recipient's schema."""

from __future__ import annotations

from unittest import mock

import pytest
from django.db import connection

from approval.models import DocumentPdf
from approval.pdf import document_pdf_render
from approval.tasks import render_missing_pdfs
from exchange.models import MessageStatus, OutboxMessage
from exchange.tasks import redeliver_pending
from tests.factories.approval import org_chart
from tests.factories.exchange import pdf_stored, sent_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.MULTITENANT_RELATIVE_MEDIA_ROOT = "%s"
    return tmp_path


@pytest.fixture
def org(in_alpha, media):
    return org_chart()


def test_a_pdf_the_outbox_never_heard_of_is_announced_again(org, alpha):
    document = sent_document(org, files=False)
    document_pdf_render(document.pk)  # stored, but the job stopped before telling the outbox
    assert DocumentPdf.objects.filter(document=document).exists()
    with mock.patch("approval.tasks.render_pdf.delay") as delay:
        assert render_missing_pdfs() == 1
    delay.assert_called_once_with(document.pk)


def test_the_exchange_sweep_resends_undelivered_messages_from_each_recipients_schema(
    org, alpha, django_capture_on_commit_callbacks
):
    waiting = sent_document(org, files=False, title="PDF 대기")  # no PDF yet: not the sweep's to send
    ready = sent_document(org, files=False, title="PDF 있음")
    pdf_stored(ready)
    OutboxMessage.objects.filter(sender=alpha, sender_document_id=ready.pk, recipient__code="beta").update(
        status=MessageStatus.FAILED, attempts=2, last_error="OSError: disk"
    )
    sent: list[tuple[str, str]] = []

    def record(message_id):
        sent.append((connection.schema_name, message_id))

    with (
        mock.patch("exchange.tasks.deliver_message.delay", side_effect=record),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert redeliver_pending() == 2
    expected = {
        ("beta", str(OutboxMessage.objects.get(sender_document_id=ready.pk, recipient__code="beta").pk)),
        ("public", str(OutboxMessage.objects.get(sender_document_id=ready.pk, recipient__code="province").pk)),
    }
    assert set(sent) == expected
    assert not OutboxMessage.objects.filter(sender_document_id=waiting.pk).exclude(payload__pdf=None).exists()
