"""What the 업무관리시스템 produces becomes a record (issue 15, registration): a sent 메모보고, finalised
회의록 with the 속기록 of a designated meeting, and a finished year of a 과제관리카드. tasks announces
them (tasks.signals.work_produced) and never imports records; records never reads tasks' memo,
meeting or card models. Each is numbered in its department's yearly 업무관리 series, filed under
its unit task with the task's retention (or left unfiled for 정리), in the producing transaction."""

from __future__ import annotations

import ast
import hashlib
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from records.models import Record, RecordFile, RecordSource
from records.services import arrangement_close, record_file_under
from tasks.models import TaskCardYear
from tasks.services.cards import card_entry_add, task_card_register_year, task_goal_add
from tasks.services.meetings import minutes_attach, minutes_finalise, minutes_save
from tasks.services.memos import memo_send
from tasks.signals import PUBLIC_API
from tests.factories.tasks_cards import card_for
from tests.factories.tasks_meetings import kst, make_meeting
from tests.support import login

pytestmark = pytest.mark.django_db

KST = ZoneInfo("Asia/Seoul")
WAV = b"RIFF\x24\x00\x00\x00WAVEfmt " + b"\x00" * 40
MEMO_TEXT = "3월 민원 처리 실적을 보고드립니다."


def _memo(org, **changes):
    values = {
        "actor": org.drafter,
        "kind": "report",
        "title": "3월 민원 처리 실적",
        "body": MEMO_TEXT,
        "recipients": [org.lead],
        "unit_task": org.task,
    }
    values.update(changes)
    return memo_send(**values)


def test_a_sent_memo_is_a_record_filed_under_its_unit_task(org):
    memo = _memo(org, files=[SimpleUploadedFile("실적.txt", "민원 12건 처리".encode())])
    this_year = timezone.localdate().year

    record = Record.objects.get(source=RecordSource.MEMO, source_id=memo.pk)
    assert record.registration_number == "총무팀-메모보고1"
    assert (record.title, record.body, record.year) == ("[보고] 3월 민원 처리 실적", MEMO_TEXT, this_year)
    assert record.body_sha256 == hashlib.sha256(MEMO_TEXT.encode()).hexdigest()
    assert (record.department, record.drafter, record.unit_task) == (org.team, org.drafter, org.task)
    assert record.retention_period == "5"  # the unit task's schedule entry, never typed
    assert record.start_date == date(this_year + 1, 1, 1)  # 기산일
    assert record.record_file == RecordFile.objects.get(unit_task=org.task, department=org.team, year=this_year)
    [component] = record.components
    assert component["name"] == "실적.txt"
    assert component["sha256"] == hashlib.sha256("민원 12건 처리".encode()).hexdigest()
    assert component["path"] == memo.attachments.get().file.name

    second = _memo(org, title="4월 민원 처리 실적")
    assert Record.objects.get(source=RecordSource.MEMO, source_id=second.pk).registration_number == "총무팀-메모보고2"


def test_a_memo_without_a_unit_task_waits_unfiled_for_arrangement(org):
    memo = _memo(org, unit_task=None)

    record = Record.objects.get(source=RecordSource.MEMO, source_id=memo.pk)
    assert (record.record_file, record.unit_task, record.retention_period) == (None, None, "")
    # Internal review (정보공개법 제9조①5호) until its 처리과 files it and checks disclosure at 정리.
    assert (record.disclosure, record.disclosure_ground) == ("private", "5")
    filed = record_file_under(actor=org.lead, record=record, unit_task=org.task)
    assert (filed.retention_period, filed.record_file.unit_task) == ("5", org.task)


def test_a_memo_rolled_back_registers_nothing(org):
    def send_then_fail() -> None:
        with transaction.atomic():
            _memo(org)
            raise RuntimeError("the sender's transaction fails after the memo")

    with pytest.raises(RuntimeError):
        send_then_fail()
    assert not Record.objects.filter(source=RecordSource.MEMO).exists()


def _minutes(org, **meeting_fields):
    meeting = make_meeting(
        org.drafter, unit_task=org.task, starts_at=kst(2026, 3, 5, 10), ends_at=kst(2026, 3, 5, 11), **meeting_fields
    )
    return minutes_save(
        meeting=meeting,
        actor=org.drafter,
        title="주간업무회의",
        department_name="총무팀",
        held_from=kst(2026, 3, 5, 10),
        held_to=kst(2026, 3, 5, 11),
        place="소회의실",
        attendees_text="문기안, 도팀장",
        order_of_business="1. 개회\n2. 안건 심의\n3. 폐회",
        agenda_text="1. 주간 추진 실적 보고",
        remarks="문기안: 실적 보고.",
        decisions_text="1. 다음 주까지 일정표 확정",
    )


def test_finalised_minutes_are_registered_with_their_verbatim_record(org):
    minutes = _minutes(org, is_verbatim=True)
    minutes_attach(minutes=minutes, file=SimpleUploadedFile("녹음.wav", WAV), is_verbatim=True, actor=org.drafter)
    assert not Record.objects.filter(source=RecordSource.MINUTES).exists()  # a draft is not a record yet

    finalised_at = datetime(2026, 3, 6, 9, 0, tzinfo=KST)
    minutes_finalise(minutes=minutes, actor=org.drafter, now=finalised_at)

    record = Record.objects.get(source=RecordSource.MINUTES, source_id=minutes.pk)
    assert (record.registration_number, record.title) == ("총무팀-회의록1", "주간업무회의 회의록")
    assert (record.registered_on, record.year, record.start_date) == (date(2026, 3, 6), 2026, date(2027, 1, 1))
    assert record.record_file.unit_task == org.task
    # Every field the records rules require, in their order (FAQ 96688).
    for label in ("[회의명]", "[개최 부서]", "[일시]", "[장소]", "[참석자]", "[진행순서]", "[상정안건]"):
        assert label in record.body
    assert "[발언요지]\n문기안: 실적 보고." in record.body
    assert "[일시]\n2026. 3. 5. 10:00 ~ 2026. 3. 5. 11:00" in record.body
    assert record.components == [
        {
            "name": "[속기록·녹음] 녹음.wav",
            "path": minutes.attachments.get().file.name,
            "sha256": hashlib.sha256(WAV).hexdigest(),
        }
    ]


def test_a_finished_year_of_a_task_card_is_registered_as_written(org):
    last_year = timezone.localdate().year - 1
    card = card_for(org.task, org.drafter, summary="총무팀의 일반 서무", legal_basis="사무관리규정")
    task_goal_add(
        card=card,
        year=last_year,
        title="서무 처리 기한 준수",
        indicator="기한 내 처리율",
        target="95%",
        actor=org.drafter,
    )
    card_entry_add(
        card=card,
        kind="performance",
        title="비품 정리",
        body="창고 비품 120점 정리",
        entry_date=date(last_year, 6, 1),
        actor=org.drafter,
    )
    today = timezone.localdate()
    card_entry_add(card=card, kind="performance", title="올해 일", body="", entry_date=today, actor=org.drafter)

    registered = task_card_register_year(card=card, actor=org.drafter, year=last_year)

    record = Record.objects.get(source=RecordSource.TASK_CARD, source_id=registered.pk)
    assert record.registration_number == "총무팀-과제관리카드1"
    assert record.title == f"{last_year}년 과제관리카드(일반서무)"
    assert record.body == registered.body
    assert "[과제 개요]\n총무팀의 일반 서무" in record.body
    assert "- 서무 처리 기한 준수 / 기한 내 처리율 / 목표 95% / 실적 -" in record.body
    assert f"- {last_year}. 6. 1. 비품 정리 (v1)\n  창고 비품 120점 정리" in record.body
    assert "올해 일" not in record.body  # only the registered year's entries
    assert record.record_file.unit_task == org.task
    assert AuditEvent.objects.filter(action="task_card.register_year").count() == 1

    with pytest.raises(ValidationError, match="이미 기록물로 등록했습니다"):
        task_card_register_year(card=card, actor=org.drafter, year=last_year)
    with pytest.raises(ValidationError, match="끝난 연도의 과제관리카드만"):
        task_card_register_year(card=card, actor=org.drafter, year=last_year + 1)
    assert Record.objects.filter(source=RecordSource.TASK_CARD).count() == 1
    assert TaskCardYear.objects.count() == 1


def test_the_card_page_registers_a_year_and_refuses_an_outsider(org, alpha, client_for):
    last_year = timezone.localdate().year - 1
    card_for(org.task, org.drafter)
    url = reverse("tasks:card_register_year", args=[org.task.pk])

    outsider = client_for(alpha)
    login(outsider, org.accountant.username)
    assert outsider.post(url, {"year": str(last_year)}).status_code in (403, 404)

    owner = client_for(alpha)
    login(owner, org.drafter.username)
    assert owner.post(url, {"year": "이천"}).status_code == 422  # a Korean 4xx, nothing registered
    assert not TaskCardYear.objects.exists()
    response = owner.post(url, {"year": str(last_year)}, follow=True)
    html = response.content.decode()
    assert f"{last_year}년 과제관리카드를 기록물로 등록했습니다." in html
    assert Record.objects.filter(source=RecordSource.TASK_CARD).count() == 1


def test_unfiled_work_records_hold_back_arrangement_until_filed(org):
    memo = _memo(org, unit_task=None)
    record = Record.objects.get(source=RecordSource.MEMO, source_id=memo.pk)
    next_year = datetime(record.year + 1, 2, 1, tzinfo=KST)
    with pytest.raises(ValidationError, match="단위과제를 정하지 않은 기록물이 1건"):
        arrangement_close(actor=org.lead, department=org.team, year=record.year, now=next_year)


def _imports(path: Path, app: str) -> list[tuple[str, str]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and (node.module or "").split(".")[0] == app:
            found += [(node.module or "", alias.name) for alias in node.names]
        elif isinstance(node, ast.Import):
            found += [(alias.name, "") for alias in node.names if alias.name.split(".")[0] == app]
    return found


def test_tasks_never_imports_records_and_records_reads_no_work_models():
    base = Path(settings.BASE_DIR)
    tasks_sources = [p for p in (base / "tasks").rglob("*.py") if "migrations" not in p.parts]
    assert [str(p) for p in tasks_sources if _imports(p, "records")] == []
    work_models = {
        "MemoReport",
        "MemoAttachment",
        "Meeting",
        "Minutes",
        "MinutesAttachment",
        "TaskCard",
        "TaskCardYear",
    }
    offenders = []
    for path in (base / "records").rglob("*.py"):
        for module, name in _imports(path, "tasks"):
            if module == "tasks.signals" and name not in PUBLIC_API["tasks.signals"]:
                offenders.append(f"{path.name}: {module}.{name}")
            if name in work_models or module.startswith(
                ("tasks.models.memos", "tasks.models.meetings", "tasks.models.cards")
            ):
                offenders.append(f"{path.name}: {module}.{name}")
    assert offenders == []
