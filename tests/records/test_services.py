"""Filing by hand (issue 15 items 1-2 and bad input): paper records with their required fields,
filing a received record, moving a record only within its unit task and before 정리, a second
file of a unit task, and 정리 of a past year — each refusal in Korean with nothing changed."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from audit.models import AuditEvent
from audit.services import audit_verify_chain
from receipts.services import receipt_register
from records.models import FileStatus, Record, RecordCounter, RecordFile
from records.services import (
    arrangement_close,
    record_file_create,
    record_file_under,
    record_move,
    record_register_paper,
)
from tests.factories.exchange import received
from tests.factories.records import completed, record_of
from tests.factories.tasks_cards import unit_task

pytestmark = pytest.mark.django_db

KST = ZoneInfo("Asia/Seoul")
MARCH_5 = datetime(2026, 3, 5, 10, 0, tzinfo=KST)
NEXT_MARCH = datetime(2027, 3, 2, 9, 0, tzinfo=KST)


def paper(org, **overrides):
    fields = {
        "actor": org.drafter,
        "title": "청사 배치 도면",
        "registered_on": date(2026, 3, 4),
        "unit_task": org.task,
        "record_type": "drawing",
        "pages": 12,
        "location": "문서고 A-3",
        "kept_in_office": True,
        "now": MARCH_5,
    }
    return record_register_paper(**{**fields, **overrides})


def test_a_paper_record_goes_into_the_non_electronic_file_with_its_number(org):
    record = paper(org)
    second = paper(org, title="사진첩", record_type="photo", pages=40)

    assert (record.registration_number, second.registration_number) == ("총무팀-비전자1", "총무팀-비전자2")
    assert (record.pages, record.location, record.kept_in_office) == (12, "문서고 A-3", True)
    assert not record.is_electronic
    assert (record.retention_period, record.start_date) == ("5", date(2027, 1, 1))
    file = record.record_file
    assert (file.is_electronic, file.title, file.year) == (False, "일반서무(비전자)", 2026)
    assert second.record_file_id == file.pk
    assert AuditEvent.objects.filter(action="record.register_paper").count() == 2


def test_a_paper_record_without_its_required_fields_is_refused_in_korean(org):
    with pytest.raises(ValidationError) as raised:
        paper(org, title=" ", registered_on=None, unit_task=None, pages=0, location="", record_type="")
    assert raised.value.message_dict == {
        "title": ["제목을 입력하세요."],
        "registered_on": ["생산(등록)일자를 입력하세요."],
        "unit_task": ["단위과제를 선택하세요."],
        "record_type": ["기록물 형태를 선택하세요."],
        "pages": ["쪽수(매수)를 1 이상으로 입력하세요."],
        "location": ["보존 위치(서고·캐비닛 등)를 입력하세요."],
    }
    with pytest.raises(ValidationError) as raised:
        paper(org, disclosure="private", disclosure_ground="")
    assert list(raised.value.message_dict) == ["disclosure_ground"]
    with pytest.raises(ValidationError, match="관할 부서"):
        paper(org, actor=org.accountant)  # 재무부 may not file under 총무팀's task
    assert not Record.objects.exists()
    assert not RecordFile.objects.exists()


def test_a_received_record_is_filed_under_a_unit_task(org, media):
    from org.models import User

    registrar = User.objects.get(username="admin")
    doc = receipt_register(actor=registrar, received=received(), department=org.team, now=MARCH_5)
    record = Record.objects.get(source="received", source_id=doc.pk)

    filed = record_file_under(actor=org.drafter, record=record, unit_task=org.task)
    assert (filed.unit_task, filed.retention_period, filed.record_file.unit_task) == (org.task, "5", org.task)
    with pytest.raises(ValidationError, match="이미 편철된"):
        record_file_under(actor=org.drafter, record=record, unit_task=org.task)


def test_a_record_moves_only_within_its_unit_task_and_before_arrangement(org):
    record = record_of(completed(org, now=MARCH_5))
    split = record_file_create(actor=org.drafter, unit_task=org.task, year=2026, title="일반서무(물품)")
    assert (split.sequence, split.retention_period) == (2, "5")

    other_task = unit_task(department=org.team, name="인사관리", retention_period="10")
    foreign = record_of(completed(org, unit_task=other_task, now=MARCH_5)).record_file
    with pytest.raises(ValidationError, match="같은 단위과제의 기록물철로만"):
        record_move(actor=org.drafter, record=record, target=foreign)
    with pytest.raises(PermissionDenied):
        record_move(actor=org.accountant, record=record, target=split)
    record.refresh_from_db()
    assert record.record_file_id != split.pk

    moved = record_move(actor=org.drafter, record=record, target=split)
    assert moved.record_file_id == split.pk
    assert AuditEvent.objects.filter(action="record.move").count() == 1

    arrangement_close(actor=org.lead, department=org.team, year=2026, now=NEXT_MARCH)
    with pytest.raises(ValidationError, match="정리가 끝난 기록물철"):
        record_move(actor=org.drafter, record=moved, target=RecordFile.objects.get(unit_task=org.task, sequence=1))
    moved.refresh_from_db()
    assert moved.record_file_id == split.pk


def test_a_file_keeps_the_longest_retention_of_what_remains_after_a_move(org):
    kept_longer = record_of(completed(org, retention_period="10", now=MARCH_5))
    first = kept_longer.record_file
    assert first.retention_period == "10"
    split = record_file_create(actor=org.drafter, unit_task=org.task, year=2026, title="일반서무(중요)")
    record_move(actor=org.drafter, record=kept_longer, target=split)
    first.refresh_from_db()
    split.refresh_from_db()
    assert (first.retention_period, split.retention_period) == ("5", "10")


def test_arrangement_closes_a_past_years_files_once_everything_is_filed(org):
    record_of(completed(org, now=MARCH_5))
    paper(org)
    with pytest.raises(ValidationError, match="지난해까지의"):
        arrangement_close(actor=org.lead, department=org.team, year=2026, now=MARCH_5)
    with pytest.raises(PermissionDenied):
        arrangement_close(actor=org.accountant, department=org.team, year=2026, now=NEXT_MARCH)

    assert arrangement_close(actor=org.lead, department=org.team, year=2026, now=NEXT_MARCH) == 2
    assert set(RecordFile.objects.values_list("status", flat=True)) == {FileStatus.CLOSED}
    with pytest.raises(ValidationError, match="정리가 끝나"):
        paper(org, registered_on=date(2026, 5, 1), now=NEXT_MARCH)
    assert AuditEvent.objects.filter(action="record_file.close").count() == 2
    assert audit_verify_chain().ok


def test_arrangement_waits_for_unfiled_received_records(org):
    from org.models import User

    registrar = User.objects.get(username="admin")
    receipt_register(actor=registrar, received=received(), department=org.team, now=MARCH_5)
    record = Record.objects.get(source="received")
    record.department = org.team
    record.save()
    with pytest.raises(ValidationError, match="단위과제를 정하지 않은 기록물이 1건"):
        arrangement_close(actor=org.lead, department=org.team, year=2026, now=NEXT_MARCH)


def test_paper_and_work_records_keep_their_own_series_in_one_counter(org):
    """One RecordCounter holds each department's yearly series side by side (series "paper" and
    "work"): a paper record and a memo of the same department and year both start at 1, and a bulk
    registration continues the 업무관리 series where the signal left it."""
    from records.registration import register_works
    from tasks.services.memos import memo_send
    from tasks.signals import ProducedWork

    assert paper(org, registered_on=date(2026, 3, 4)).registration_number == "총무팀-비전자1"
    memo = memo_send(
        actor=org.drafter, kind="report", title="실적", body="보고", recipients=[org.lead], unit_task=org.task
    )
    year = timezone.localdate().year
    assert Record.objects.get(source="memo", source_id=memo.pk).registration_number == "총무팀-메모보고1"
    assert paper(org, title="사진첩", record_type="photo").registration_number == "총무팀-비전자2"
    work = [
        ProducedWork(
            kind="minutes",
            source_id=source_id,
            title="주간회의",
            body="결정사항",
            department=org.team,
            author=org.drafter,
            produced_at=timezone.now(),
            unit_task=None,
        )
        for source_id in (901, 902)
    ]
    assert register_works(work) == 2
    assert register_works(work) == 0  # registered once
    numbers = (
        Record.objects.filter(source="minutes").order_by("source_id").values_list("registration_number", flat=True)
    )
    assert list(numbers) == ["총무팀-회의록2", "총무팀-회의록3"]
    counters = {(c.year, c.series): c.last for c in RecordCounter.objects.filter(department=org.team)}
    assert counters == {(2026, "paper"): 2, (year, "work"): 3}
