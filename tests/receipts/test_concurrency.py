"""접수 and delivery under real concurrency: threads with their own connections, committing.

Works in a fresh institution made for this module and dropped afterwards (like
tests/approval/test_concurrency.py), so nothing committed stays in the shared alpha/beta."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Q
from django.test import override_settings
from django.utils import timezone

from audit.models import AuditEvent
from exchange.models import MessageStatus, OutboxMessage
from exchange.services import message_deliver, message_receipt_record
from org.models import User
from receipts.models import ReceiptCounter, ReceivedDocument
from receipts.services import receipt_register
from tenants.models import Institution, InstitutionKind
from tenants.services import institution_create
from tests import races
from tests.factories import DepartmentFactory, UserFactory
from tests.factories.exchange import PDF_BYTES, received

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

CODE = "receiptrace"


def in_thread(func: Callable, *, schema: str | None = CODE):
    return races.in_thread(func, schema=schema)


def at_once(calls: list[Callable]) -> list:
    return races.at_once(calls, schema=CODE)


def _drop() -> None:
    OutboxMessage.objects.filter(Q(recipient__schema_name=CODE) | Q(sender__schema_name=CODE)).delete()
    races.drop_institution(CODE)


@pytest.fixture(scope="module")
def media_root(tmp_path_factory):
    root = tmp_path_factory.mktemp("receipt-race-media")
    with override_settings(MEDIA_ROOT=root, MULTITENANT_RELATIVE_MEDIA_ROOT="%s"):
        yield root


@pytest.fixture(scope="module")
def race(django_db_setup, django_db_blocker, media_root):
    with django_db_blocker.unblock():
        database = in_thread(lambda: connection.settings_dict["NAME"], schema=None)
        if not database.startswith("test_"):
            raise RuntimeError(f"refusing to commit test data into {database!r}")
        in_thread(lambda: institution_create(code=CODE, name="접수경합기관", kind=InstitutionKind.AGENCY), schema=None)
        try:

            def people():
                records = DepartmentFactory(name="문서팀", code="R100")
                registrars = [
                    UserFactory(username=f"reg{n}", name=f"접수{n}", department=records, roles=["institution_admin"])
                    for n in range(2)
                ]
                return records, registrars

            yield in_thread(people)
        finally:
            in_thread(_drop, schema=None)


def test_concurrent_registrations_get_unique_gap_free_numbers(race):
    records, registrars = race
    documents = in_thread(lambda: [received(title=f"동시 접수 {n}") for n in range(16)])
    registrar = in_thread(lambda: User.objects.get(pk=registrars[0].pk))

    outcomes = at_once([lambda d=d: receipt_register(actor=registrar, received=d) for d in documents])
    errors = [o for o in outcomes if isinstance(o, BaseException)]
    assert not errors, errors

    def check():
        serials = sorted(
            ReceivedDocument.objects.filter(registered_department=records).values_list("registration_serial", flat=True)
        )
        return serials, ReceiptCounter.objects.get(department=records, year=timezone.localdate().year).last

    serials, last = in_thread(check)
    assert serials == list(range(1, 17)), "gap or duplicate"
    assert last == 16


def test_two_registrars_on_one_document_one_wins(race):
    _records, registrars = race
    document = in_thread(lambda: received(title="한 건"))
    actors = in_thread(lambda: list(User.objects.filter(pk__in=[r.pk for r in registrars]).order_by("pk")))

    outcomes = at_once([lambda a=a: receipt_register(actor=a, received=document) for a in actors])
    wins = [o for o in outcomes if isinstance(o, ReceivedDocument)]
    losses = [o for o in outcomes if isinstance(o, ValidationError)]
    assert (len(wins), len(losses)) == (1, 1), outcomes
    assert "이미 접수된 문서입니다." in losses[0].messages


def test_one_message_delivered_twice_at_once_makes_one_receipt(race, media_root):
    """Two deliveries of the same message race (a redelivered job beside the sweep): one creates
    the receipt, the other waits on the outbox row and then finds it delivered."""
    pdf_path = "approval/pdf/1/race.pdf"
    (media_root / "alpha" / "approval/pdf/1").mkdir(parents=True, exist_ok=True)
    (media_root / "alpha" / pdf_path).write_bytes(PDF_BYTES)

    def post():
        return OutboxMessage.objects.create(
            id=uuid.uuid4(),
            sender=Institution.objects.get(schema_name="alpha"),
            recipient=Institution.objects.get(schema_name=CODE),
            sender_document_id=1,
            payload={
                "title": "경합 배달",
                "registration_number": "총무팀-1",
                "attachments": [],
                "pdf": {"path": pdf_path, "sha256": hashlib.sha256(PDF_BYTES).hexdigest(), "size": len(PDF_BYTES)},
            },
            created_at=timezone.now(),
        ).pk

    message_id = in_thread(post, schema=None)
    outcomes = at_once([lambda: message_deliver(message_id), lambda: message_deliver(message_id)])
    assert not [o for o in outcomes if isinstance(o, BaseException)], outcomes
    assert sorted(created for _received, created in outcomes) == [False, True]
    assert in_thread(lambda: ReceivedDocument.objects.filter(message_id=message_id).count()) == 1
    assert in_thread(lambda: OutboxMessage.objects.get(pk=message_id).status, schema=None) == MessageStatus.DELIVERED


def test_the_receipt_report_run_twice_at_once_is_recorded_once(race):
    """Two runs of the sender's receipt report at once (a redelivered job): the outbox row lock
    lets one put 수신 기관 접수 on the sender's chain; the other finds it recorded. The fresh
    institution is the sender here, so the chain written is the one dropped afterwards."""

    def post():
        now = timezone.now()
        return OutboxMessage.objects.create(
            id=uuid.uuid4(),
            sender=Institution.objects.get(schema_name=CODE),
            recipient=Institution.objects.get(schema_name="alpha"),
            sender_document_id=2,
            payload={"title": "접수 통보 경합", "pdf": None},
            status=MessageStatus.DELIVERED,
            delivered_at=now,
            receipt_number="총무팀-9",
            receipt_registered_at=now,
            created_at=now,
        ).pk

    message_id = in_thread(post, schema=None)
    outcomes = at_once([lambda: message_receipt_record(message_id), lambda: message_receipt_record(message_id)])
    assert sorted(outcomes) == [False, True], outcomes
    assert in_thread(lambda: AuditEvent.objects.filter(action="document.recipient_register").count()) == 1
