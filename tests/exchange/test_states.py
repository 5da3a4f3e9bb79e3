"""An envelope's honest state: PDF 생성 대기 until the sender's PDF is stored, 발송 대기 with its
tries and next try, 수신 완료 with its time, 접수 완료 with the receiver's 접수등록번호 and date, 실패
with its tries and last error. The model's rule and the console filter's SQL rule agree."""

from __future__ import annotations

from datetime import datetime, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from celery.exceptions import Retry
from django.core.exceptions import SuspiciousFileOperation
from django.utils import timezone
from django_tenants.utils import schema_context

from approval.models import DocumentPdf
from exchange.files import FileCheckError
from exchange.models import EnvelopeState, MessageStatus, OutboxMessage
from exchange.services import message_deliver
from exchange.tasks import deliver_message
from org.models import User
from receipts.services import receipt_register
from tests.factories.approval import org_chart
from tests.factories.exchange import pdf_stored, sent_document
from tests.support import ADMIN

pytestmark = pytest.mark.django_db

SEOUL = ZoneInfo("Asia/Seoul")
DELIVERED_AT = datetime(2026, 3, 5, 15, 0, tzinfo=SEOUL)
REGISTERED_AT = datetime(2026, 3, 6, 10, 0, tzinfo=SEOUL)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.MULTITENANT_RELATIVE_MEDIA_ROOT = "%s"
    return tmp_path


@pytest.fixture
def org(in_alpha, media):
    return org_chart()


def _to_beta(alpha, document) -> OutboxMessage:
    return OutboxMessage.objects.get(sender=alpha, sender_document_id=document.pk, recipient__code="beta")


def _state(message: OutboxMessage) -> OutboxMessage:
    """The message re-read, with the console's SQL state beside the model's."""
    fresh = OutboxMessage.objects.with_state().get(pk=message.pk)
    assert fresh.state == fresh.state_value
    return fresh


def _break_pdf(media, document) -> None:
    record = DocumentPdf.objects.get(document=document)
    (media / "alpha" / record.file.name).write_bytes(b"%PDF-1.7 changed after it was recorded")


def test_an_envelope_goes_from_waiting_for_the_pdf_to_registered(org, alpha, django_capture_on_commit_callbacks):
    document = sent_document(org, files=False)
    message = _state(_to_beta(alpha, document))
    assert (message.state, message.state_label) == (EnvelopeState.AWAITING_PDF, "PDF 생성 대기")
    assert (message.attempts, message.next_attempt_at) == (0, None)

    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=False) as sends:
        pdf_stored(document)
    message = _state(message)
    assert (message.state, message.state_label) == (EnvelopeState.QUEUED, "발송 대기")
    assert message.attempts == 0
    assert before <= message.next_attempt_at <= timezone.now()  # sent now: its next try is now
    assert len(sends) == 2  # one delivery per recipient (beta, the province), after commit

    with schema_context("beta"):
        received, created = message_deliver(message.pk, now=DELIVERED_AT)
        assert created
    message = _state(message)
    assert (message.state, message.state_label) == (EnvelopeState.DELIVERED, "수신 완료")
    assert (message.delivered_at, message.attempts, message.next_attempt_at) == (DELIVERED_AT, 1, None)

    with schema_context("beta"), django_capture_on_commit_callbacks(execute=False):
        registrar = User.objects.get(username=ADMIN)
        registered = receipt_register(actor=registrar, received=received, now=REGISTERED_AT)
    message = _state(message)
    assert (message.state, message.state_label) == (EnvelopeState.REGISTERED, "접수 완료")
    assert message.receipt_number == registered.registration_number
    assert message.receipt_registered_at == REGISTERED_AT


def test_a_failed_try_with_a_retry_due_is_still_queued_and_the_last_one_fails(org, alpha, media):
    document = sent_document(org, files=False)
    pdf_stored(document)
    _break_pdf(media, document)
    message = _to_beta(alpha, document)
    retry_at = timezone.now() + timedelta(seconds=30)

    with schema_context("beta"), pytest.raises(FileCheckError):
        message_deliver(message.pk, retry_at=retry_at)
    message = _state(message)
    assert (message.state, message.status) == (EnvelopeState.QUEUED, MessageStatus.QUEUED)
    assert (message.attempts, message.next_attempt_at) == (1, retry_at)
    assert message.last_error.startswith("FileCheckError: sender file changed")
    assert message.failure_reason == "발신 파일을 확인하지 못했습니다"

    with schema_context("beta"), pytest.raises(FileCheckError):
        message_deliver(message.pk)  # the last try: no retry is due after it
    message = _state(message)
    assert (message.state, message.state_label) == (EnvelopeState.FAILED, "실패")
    assert (message.attempts, message.next_attempt_at) == (2, None)


def test_an_error_no_retry_can_mend_fails_at_once(org, alpha):
    document = sent_document(org, files=False)
    pdf_stored(document)
    message = _to_beta(alpha, document)
    message.payload = {**message.payload, "pdf": {"path": "../beta/x.pdf", "sha256": "0" * 64, "size": 1}}
    message.save()
    with schema_context("beta"), pytest.raises(SuspiciousFileOperation):
        message_deliver(message.pk, retry_at=timezone.now() + timedelta(seconds=30))
    message = _state(message)
    assert (message.state, message.attempts, message.next_attempt_at) == (EnvelopeState.FAILED, 1, None)
    assert message.failure_reason == "발신 파일 경로가 올바르지 않습니다"


def test_the_delivery_job_schedules_its_retry_and_shows_when(org, alpha, media):
    document = sent_document(org, files=False)
    pdf_stored(document)
    _break_pdf(media, document)
    message = _to_beta(alpha, document)

    before = timezone.now()
    with (
        mock.patch.object(deliver_message, "retry", side_effect=Retry()) as retry,
        schema_context("beta"),
        pytest.raises(Retry),
    ):
        deliver_message(str(message.pk))
    assert retry.call_args.kwargs["countdown"] == 30
    assert isinstance(retry.call_args.kwargs["exc"], FileCheckError)
    message = _state(message)
    assert message.state == EnvelopeState.QUEUED
    assert before + timedelta(seconds=30) <= message.next_attempt_at <= timezone.now() + timedelta(seconds=30)

    with mock.patch.object(deliver_message, "max_retries", 0), schema_context("beta"), pytest.raises(FileCheckError):
        deliver_message(str(message.pk))  # retries used up
    message = _state(message)
    assert (message.state, message.attempts) == (EnvelopeState.FAILED, 2)


def test_sending_again_puts_a_failed_message_back_in_the_queue(org, alpha, django_capture_on_commit_callbacks):
    from exchange.services import deliveries_send

    document = sent_document(org, files=False)
    pdf_stored(document)
    message = _to_beta(alpha, document)
    OutboxMessage.objects.filter(pk=message.pk).update(status=MessageStatus.FAILED, attempts=6, last_error="OSError: x")
    with django_capture_on_commit_callbacks(execute=False) as sends:
        deliveries_send(messages=[OutboxMessage.objects.get(pk=message.pk)])
    message = _state(message)
    assert (message.state, message.attempts) == (EnvelopeState.QUEUED, 6)  # the tries so far stay counted
    assert message.next_attempt_at is not None
    assert len(sends) == 1
