"""Registration (issue 15 item 1-2): every completed document and registered receipt becomes a
record in the completing transaction, filed into the 기록물철 of its unit task, department and
year, with the retention from the unit task (never shorter), and a file keeps the longest
retention of its records."""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction

from approval.models import DocumentStatus
from approval.services import document_approve
from approval.signals import document_completed
from records.models import FileStatus, Record, RecordFile, RecordSource
from records.registration import parse_disclosure
from tests.factories.approval import submitted
from tests.factories.records import completed, record_of
from tests.factories.tasks_cards import unit_task

pytestmark = pytest.mark.django_db

KST = ZoneInfo("Asia/Seoul")
MARCH_5 = datetime(2026, 3, 5, 10, 0, tzinfo=KST)


def test_a_completed_document_becomes_a_record_in_its_file(org):
    document = completed(org, now=MARCH_5)

    record = record_of(document)
    assert (record.source, record.registration_number, record.title) == (
        RecordSource.PRODUCED,
        "총무팀-1",
        "2026년 사무용품 구매 계획",
    )
    assert (record.department, record.drafter, record.unit_task) == (org.team, org.drafter, org.task)
    assert (record.registered_on, record.year, record.start_date) == (date(2026, 3, 5), 2026, date(2027, 1, 1))
    assert (record.retention_period, record.disclosure_label, record.is_electronic) == ("5", "공개", True)
    assert record.body_sha256 == hashlib.sha256("<p>사무용품을 구매하고자 합니다.</p>".encode()).hexdigest()
    file = record.record_file
    assert (file.unit_task, file.department, file.year, file.is_electronic, file.sequence) == (
        org.task,
        org.team,
        2026,
        True,
        1,
    )
    assert (file.title, file.retention_period, file.retention_reason, file.status) == (
        "일반서무",
        "5",
        "기록관리기준표",
        FileStatus.OPEN,
    )
    assert file.number == f"A111-{org.task.code}-2026-전1"


def test_documents_of_one_task_and_year_share_a_file_and_a_new_year_opens_another(org):
    first = record_of(completed(org, now=MARCH_5))
    second = record_of(completed(org, title="두 번째", now=datetime(2026, 12, 31, 23, 0, tzinfo=KST)))
    next_year = record_of(completed(org, title="해가 바뀜", now=datetime(2027, 1, 1, 0, 30, tzinfo=KST)))

    assert first.record_file_id == second.record_file_id != next_year.record_file_id
    assert (next_year.record_file.year, next_year.start_date) == (2027, date(2028, 1, 1))
    assert RecordFile.objects.count() == 2


def test_retention_comes_from_the_unit_task_and_a_file_keeps_the_longest(org):
    # A drafter may keep a document longer than the schedule, never shorter.
    shorter = record_of(completed(org, retention_period="3", now=MARCH_5))
    assert shorter.retention_period == "5"
    longer = record_of(completed(org, retention_period="10", now=MARCH_5))
    assert longer.retention_period == "10"
    longer.record_file.refresh_from_db()
    assert longer.record_file.retention_period == "10"  # the longest of its records
    # Another unit task keeps its own file and its own schedule entry.
    audit_task = unit_task(department=org.team, name="감사수감", retention_period="permanent")
    other = record_of(completed(org, unit_task=audit_task, now=MARCH_5))
    assert (other.retention_period, other.record_file.retention_period) == ("permanent", "permanent")
    assert other.record_file_id != longer.record_file_id


def test_a_rolled_back_completion_registers_nothing(org):
    document = submitted(org, now=MARCH_5)
    document_approve(document=document, actor=org.lead, now=MARCH_5)

    inside = []

    def complete_then_fail():
        with transaction.atomic():
            document_approve(document=document, actor=org.manager, now=MARCH_5)
            inside.append(Record.objects.count())  # registered inside the completing transaction
            raise RuntimeError("the completing transaction fails after the signal")

    with pytest.raises(RuntimeError):
        complete_then_fail()
    assert inside == [1]

    assert (Record.objects.count(), RecordFile.objects.count()) == (0, 0)
    document.refresh_from_db()
    assert document.status == DocumentStatus.IN_PROGRESS


def test_a_failing_registration_rolls_the_completion_back(org):
    document = submitted(org, now=MARCH_5)
    document_approve(document=document, actor=org.lead, now=MARCH_5)

    def broken(**kwargs):
        raise RuntimeError("기록물 등록 실패")

    document_completed.connect(broken, dispatch_uid="test.broken")
    try:
        with pytest.raises(RuntimeError, match="기록물 등록 실패"):
            document_approve(document=document, actor=org.manager, now=MARCH_5)
    finally:
        document_completed.disconnect(dispatch_uid="test.broken")
    document.refresh_from_db()
    assert (document.status, document.registration_number) == (DocumentStatus.IN_PROGRESS, "")
    assert not Record.objects.exists()


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("공개", ("public", "")),
        ("부분공개(5)", ("partial", "5")),
        ("비공개 (5,6)", ("private", "5,6")),
        ("비공개", ("private", "")),
        ("", ("public", "")),
    ],
)
def test_a_received_documents_disclosure_as_printed(printed, expected):
    assert parse_disclosure(printed) == expected
