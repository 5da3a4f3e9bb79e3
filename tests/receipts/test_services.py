"""접수 → 배부 → 처리담당자 지정 → 공람 → 처리 완료, with who may do each step, and receipt
numbers per registering department and calendar year without gaps."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from audit.models import AuditEvent
from receipts.models import ReceiptAction, ReceiptCirculation, ReceiptStatus
from receipts.services import (
    receipt_assign,
    receipt_circulate,
    receipt_complete,
    receipt_distribute,
    receipt_mark_read,
    receipt_register,
)
from tests.factories.exchange import received

pytestmark = pytest.mark.django_db

SEOUL = ZoneInfo("Asia/Seoul")


def test_registration_numbers_run_per_department_and_year_without_gaps(office):
    at = datetime(2026, 12, 31, 23, 50, tzinfo=SEOUL)
    numbers = [
        receipt_register(actor=office.registrar, received=received(title=f"문서 {i}"), now=at).registration_number
        for i in range(3)
    ]
    assert numbers == ["경영지원부-1", "경영지원부-2", "경영지원부-3"]
    other = receipt_register(actor=office.registrar, received=received(), department=office.planning, now=at)
    assert (other.registration_number, other.registration_serial) == ("기획팀-1", 1)
    # A new calendar year (Seoul time) starts again at 1.
    new_year = receipt_register(
        actor=office.registrar, received=received(), now=datetime(2027, 1, 1, 0, 5, tzinfo=SEOUL)
    )
    assert (new_year.registration_year, new_year.registration_number) == (2027, "경영지원부-1")


def test_a_refused_registration_gives_its_number_back(office):
    first = receipt_register(actor=office.registrar, received=received())
    with pytest.raises(ValidationError, match="이미 접수된 문서입니다"):
        receipt_register(actor=office.registrar, received=first)
    nxt = receipt_register(actor=office.registrar, received=received())
    assert nxt.registration_serial == first.registration_serial + 1


def test_only_registrars_register_and_distribute(office):
    doc = received()
    with pytest.raises(PermissionDenied):
        receipt_register(actor=office.staff, received=doc)
    with pytest.raises(PermissionDenied):
        receipt_register(actor=office.planning_head, received=doc)
    doc = receipt_register(actor=office.registrar, received=doc)
    with pytest.raises(PermissionDenied):
        receipt_distribute(actor=office.planning_head, received=doc, department=office.planning)


def test_the_whole_way_from_arrival_to_done(office):
    doc = received()
    assert doc.status == ReceiptStatus.WAITING
    with pytest.raises(ValidationError, match="접수한 뒤에"):
        receipt_distribute(actor=office.registrar, received=doc, department=office.planning)
    doc = receipt_register(actor=office.registrar, received=doc)
    doc = receipt_distribute(actor=office.registrar, received=doc, department=office.records)
    # 재배부: handed on until a handler is named.
    doc = receipt_distribute(actor=office.registrar, received=doc, department=office.planning)
    assert (doc.status, doc.department) == (ReceiptStatus.DISTRIBUTED, office.planning)

    with pytest.raises(PermissionDenied):
        receipt_assign(actor=office.planner, received=doc, handler=office.planner)
    with pytest.raises(ValidationError) as outside:
        receipt_assign(actor=office.planning_head, received=doc, handler=office.staff)
    assert "handler" in outside.value.error_dict
    doc = receipt_assign(actor=office.planning_head, received=doc, handler=office.planner)
    assert (doc.status, doc.handler) == (ReceiptStatus.ASSIGNED, office.planner)
    with pytest.raises(ValidationError, match="다시 배부할 수 없습니다"):
        receipt_distribute(actor=office.registrar, received=doc, department=office.records)

    with pytest.raises(PermissionDenied):
        receipt_circulate(actor=office.planner2, received=doc, users=[office.staff])
    created = receipt_circulate(actor=office.planner, received=doc, users=[office.planner2, office.staff])
    assert len(created) == 2
    assert receipt_circulate(actor=office.planning_head, received=doc, users=[office.staff]) == []
    assert receipt_mark_read(received=doc, user=office.staff)
    assert not receipt_mark_read(received=doc, user=office.staff)  # the first reading stays
    assert not receipt_mark_read(received=doc, user=office.peer)  # not a recipient
    assert ReceiptCirculation.objects.get(received=doc, user=office.staff).read_at is not None

    with pytest.raises(PermissionDenied):
        receipt_complete(actor=office.planning_head, received=doc)
    doc = receipt_complete(actor=office.planner, received=doc)
    assert doc.status == ReceiptStatus.DONE
    with pytest.raises(ValidationError):
        receipt_complete(actor=office.planner, received=doc)

    assert list(doc.events.values_list("action", flat=True)) == [
        ReceiptAction.ARRIVE, ReceiptAction.REGISTER, ReceiptAction.DISTRIBUTE, ReceiptAction.DISTRIBUTE,
        ReceiptAction.ASSIGN, ReceiptAction.CIRCULATE, ReceiptAction.COMPLETE,
    ]  # fmt: skip
    audited = list(
        AuditEvent.objects.filter(target_type="receipts.ReceivedDocument", target_id=str(doc.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert audited == [
        "receipt.arrive", "receipt.register", "receipt.distribute", "receipt.distribute",
        "receipt.assign", "receipt.circulate", "receipt.complete",
    ]  # fmt: skip


def test_the_received_body_is_cleaned_again(office):
    from exchange.files import CarriedFile  # noqa: F401 - the factory builds them
    from receipts.services import receipt_receive
    from tests.factories.exchange import PDF_BYTES, carried

    doc, _created = receipt_receive(
        message_id="7f6c4f44-8a43-4a39-9f0e-5d9e2f5b1a01",
        sender_code="alpha",
        sender_name="알파개발공사",
        payload={"title": "스크립트", "body": '<p onclick="x()">본문<script>alert(1)</script></p>'},
        pdf=carried("a.pdf", PDF_BYTES),
        attachments=[],
        now=datetime(2026, 3, 5, 10, tzinfo=SEOUL),
    )
    assert doc.body == "<p>본문</p>"
