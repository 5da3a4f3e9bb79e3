"""The legal calendar (issue 15 item 4): each due date as a pure function, worked by hand from
the rules (기산일 = 1 January after production; 정리 by the end of February; 생산현황 통보 by
31 May; 이관 within 1 year (electronic) or 2 years (non-electronic) of the 기산일), the due list,
the transfer with its checksum verification (a flipped byte refuses it), and the reminder."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from audit.models import AuditEvent
from audit.services import audit_verify_chain
from notifications.models import Notification
from records import duties
from records.due import due_duties
from records.models import FileStatus, Record, RecordFile, TransferStatus
from records.services import arrangement_close, record_move
from records.tasks import remind_duties
from records.transfers import transfer_accept, transfer_request
from tests.factories import UserFactory
from tests.factories.records import completed, record_of

KST = ZoneInfo("Asia/Seoul")
MARCH_5 = datetime(2026, 3, 5, 10, 0, tzinfo=KST)
NEXT_MARCH = datetime(2027, 3, 2, 9, 0, tzinfo=KST)


@pytest.mark.parametrize(
    ("produced", "start"),
    [
        (date(2026, 3, 5), date(2027, 1, 1)),
        (date(2026, 12, 31), date(2027, 1, 1)),
        (date(2027, 1, 1), date(2028, 1, 1)),
    ],
)
def test_start_date_is_the_first_of_january_after_production(produced, start):
    assert duties.start_date(produced) == start


def test_arrangement_is_due_at_the_end_of_february_leap_years_included():
    assert duties.arrangement_due(2026) == date(2027, 2, 28)
    assert duties.arrangement_due(2027) == date(2028, 2, 29)  # 2028 is a leap year


def test_the_production_report_is_due_on_31_may():
    assert duties.production_report_due(2026) == date(2027, 5, 31)


def test_transfer_is_due_one_year_after_the_start_date_or_two_for_paper():
    # 2026 records: 기산일 2027-01-01; electronic within 1 year → 2027-12-31; paper within 2 → 2028-12-31.
    assert duties.transfer_due(2026, electronic=True) == date(2027, 12, 31)
    assert duties.transfer_due(2026, electronic=False) == date(2028, 12, 31)


def test_retention_ends_and_disclosure_dates():
    assert duties.retention_ends(2026, "5") == date(2031, 12, 31)  # 2027-01-01 + 5 years − 1 day
    assert duties.retention_ends(2026, "1") == date(2027, 12, 31)
    assert duties.retention_ends(2026, "permanent") is None
    assert duties.retention_ends(2026, "semi_permanent") is None
    assert duties.disclosure_review_due(date(2027, 1, 1)) == date(2032, 1, 1)
    assert duties.disclosure_review_due(date(2028, 2, 29)) == date(2033, 2, 28)
    assert duties.opens_by_default(2026) == date(2057, 1, 1)  # 30 years from the 기산일


@pytest.mark.django_db
def test_the_due_list_names_arrangement_report_and_transfer(org):
    completed(org, now=MARCH_5)
    from org.models import Department

    departments = Department.objects.all()
    february = date(2027, 2, 10)
    assert [(d.kind, d.department_name, d.year, d.due, d.overdue) for d in due_duties(departments, february)] == [
        ("arrangement", "총무팀", 2026, date(2027, 2, 28), False),
    ]
    april = date(2027, 4, 15)
    assert [(d.kind, d.due, d.overdue) for d in due_duties(departments, april)] == [
        ("arrangement", date(2027, 2, 28), True),
        ("production_report", date(2027, 5, 31), False),
    ]
    arrangement_close(actor=org.lead, department=org.team, year=2026, now=NEXT_MARCH)
    october = date(2027, 10, 1)
    assert [(d.kind, d.label, d.due, d.files) for d in due_duties(departments, october)] == [
        ("transfer", "이관(전자)", date(2027, 12, 31), 1),
    ]
    assert [(d.kind, d.overdue) for d in due_duties(departments, date(2028, 1, 2))] == [("transfer", True)]


def _archivist(org):
    return UserFactory(username="archivist", name="기록관", department=org.root, roles=["staff", "records_manager"])


@pytest.fixture
def closed_file(org):
    document = completed(org, now=MARCH_5)
    arrangement_close(actor=org.lead, department=org.team, year=2026, now=NEXT_MARCH)
    return record_of(document).record_file


@pytest.mark.django_db
def test_a_transfer_is_accepted_after_its_checksums_are_verified(org, closed_file):
    path = "records-test/plan.hwp"
    default_storage.save(path, ContentFile(b"HWP-CONTENT"))
    record = closed_file.records.get()
    import hashlib

    record.components = [{"name": "계획.hwp", "path": path, "sha256": hashlib.sha256(b"HWP-CONTENT").hexdigest()}]
    record.save()

    with pytest.raises(PermissionDenied):
        transfer_request(actor=org.accountant, department=org.team, files=[closed_file])
    transfer = transfer_request(actor=org.drafter, department=org.team, files=[closed_file])
    closed_file.refresh_from_db()
    assert closed_file.status == FileStatus.TRANSFERRING
    with pytest.raises(PermissionDenied, match="기록물관리전문요원만"):
        transfer_accept(actor=org.lead, transfer=transfer)

    archivist = _archivist(org)
    accepted = transfer_accept(actor=archivist, transfer=transfer)
    assert (accepted.status, accepted.checked_components) == (TransferStatus.ACCEPTED, 2)  # the body and the file
    closed_file.refresh_from_db()
    assert closed_file.status == FileStatus.ARCHIVED
    assert Notification.objects.filter(recipient=org.drafter, category="records_transfer").exists()
    assert list(
        AuditEvent.objects.filter(action__startswith="record_transfer").order_by("id").values_list("action", flat=True)
    ) == [
        "record_transfer.request",
        "record_transfer.accept",
    ]
    assert audit_verify_chain().ok
    # Held by the 기록관: the 처리과 can no longer move its records.
    with pytest.raises(ValidationError, match="정리가 끝난"):
        record_move(actor=org.drafter, record=record, target=closed_file)


@pytest.mark.django_db
def test_a_flipped_byte_refuses_the_transfer_and_changes_nothing(org, closed_file):
    path = "records-test/photo.jpg"
    default_storage.save(path, ContentFile(b"\xff\xd8original"))
    import hashlib

    record = closed_file.records.get()
    record.components = [{"name": "사진.jpg", "path": path, "sha256": hashlib.sha256(b"\xff\xd8original").hexdigest()}]
    record.save()
    transfer = transfer_request(actor=org.drafter, department=org.team, files=[closed_file])
    with default_storage.open(path, "wb") as handle:  # one byte flipped in storage
        handle.write(b"\xff\xd8origina!")

    with pytest.raises(
        ValidationError, match=r"체크섬 검증에 실패한 구성파일이 1건.*총무팀-1 사진.jpg\(체크섬 불일치\)"
    ):
        transfer_accept(actor=_archivist(org), transfer=transfer)
    transfer.refresh_from_db()
    closed_file.refresh_from_db()
    assert (transfer.status, closed_file.status) == (TransferStatus.REQUESTED, FileStatus.TRANSFERRING)


@pytest.mark.django_db
def test_only_closed_files_are_transferred(org):
    record = record_of(completed(org, now=MARCH_5))
    with pytest.raises(ValidationError, match="정리가 끝난\\(이관 전\\) 기록물철만"):
        transfer_request(actor=org.drafter, department=org.team, files=[record.record_file])
    assert RecordFile.objects.get().status == FileStatus.OPEN


@pytest.mark.django_db
def test_the_reminder_notifies_the_head_and_the_archivist_once_a_day(org):
    completed(org, now=MARCH_5)
    archivist = _archivist(org)
    result = remind_duties(today="2027-02-10")
    assert result == {"duties": 1, "notified": 2}
    titles = set(Notification.objects.filter(category="records_due").values_list("recipient__username", "title"))
    title = "[기록관리] 총무팀 2026년 기록물 정리 기한 임박 (2027. 2. 28.까지)"
    assert titles == {(org.lead.username, title), (archivist.username, title)}
    assert remind_duties(today="2027-02-10")["notified"] == 0  # delivered twice: nobody hears twice
    assert Record.objects.count() == 1
