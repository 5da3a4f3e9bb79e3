"""A registered receipt (접수) becomes a record in the 접수 transaction, unfiled until its 처리과
files it under a unit task; a rolled-back 접수 registers nothing."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction

from receipts.services import receipt_register
from records.models import Record, RecordSource
from tests.factories.exchange import received

pytestmark = pytest.mark.django_db

KST = ZoneInfo("Asia/Seoul")


def test_a_registered_receipt_becomes_an_unfiled_record(office):
    at = datetime(2026, 4, 2, 9, 0, tzinfo=KST)
    doc = receipt_register(actor=office.registrar, received=received(), now=at)

    record = Record.objects.get(source=RecordSource.RECEIVED, source_id=doc.pk)
    assert (record.registration_number, record.title, record.author_label) == (
        "경영지원부-1",
        "도 산하기관 협조 요청",
        "알파개발공사",
    )
    assert (record.department, record.drafter, record.registered_on, record.start_date) == (
        office.records,
        office.registrar,
        date(2026, 4, 2),
        date(2027, 1, 1),
    )
    assert (record.unit_task, record.record_file, record.retention_period) == (None, None, "")
    assert [c["name"] for c in record.components] == ["공문서.pdf", "계획.hwp"]
    assert record.components[0]["sha256"] == doc.pdf_sha256


def test_a_rolled_back_receipt_registers_nothing(office):
    doc = received()

    def register_then_fail():
        with transaction.atomic():
            receipt_register(actor=office.registrar, received=doc)
            raise RuntimeError("rolled back")

    with pytest.raises(RuntimeError):
        register_then_fail()
    assert not Record.objects.exists()


def test_the_provinces_receipts_register_no_record(db):
    """Receipts exists in the public schema too (the province receives); records does not."""
    from django.db import connection

    from records.registration import on_receipt_registered

    connection.set_schema_to_public()
    # Returns before reading anything of the received document (none of its attributes exist).
    assert on_receipt_registered(None, received=object(), actor=None, at=datetime(2026, 4, 2, tzinfo=KST)) is None
