"""생산현황 통보 (issue 15 item 4): a department's year counted by unit task, retention and
disclosure, by hand; submitted through e-approval (`records.production_report`), whose callbacks
mark it 통보 완료 (the report's own document then becomes a record too) or returned for a next
round."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from approval.models import Document, DocumentStatus
from approval.services import document_approve, document_reject
from records.models import ProductionReport, Record, ReportStatus
from records.reports import production_counts, production_report_submit
from records.services import record_register_paper
from tests.factories.records import completed
from tests.factories.tasks_cards import unit_task
from tests.support import login

pytestmark = pytest.mark.django_db

KST = ZoneInfo("Asia/Seoul")
MARCH_5 = datetime(2026, 3, 5, 10, 0, tzinfo=KST)
NEXT_APRIL = datetime(2027, 4, 1, 9, 0, tzinfo=KST)


@pytest.fixture
def year_of_records(org):
    completed(org, title="물품 구매", now=MARCH_5)
    completed(org, title="사무용품", now=MARCH_5)
    personnel = unit_task(department=org.team, name="인사관리", retention_period="10")
    completed(org, title="인사 발령", unit_task=personnel, disclosure="private", disclosure_ground="6", now=MARCH_5)
    record_register_paper(
        actor=org.drafter, title="비품대장", registered_on=date(2026, 3, 4), unit_task=org.task,
        record_type="ledger", pages=30, location="문서고 B-1", now=MARCH_5,
    )  # fmt: skip
    return personnel


def test_the_counts_by_unit_task_retention_and_disclosure(org, year_of_records):
    counts = production_counts(org.team, 2026)
    assert counts["by_task"] == [
        {"unit_task": "일반서무", "code": org.task.code, "retention": "5년", "public": 3, "partial": 0, "private": 0,
         "paper": 1, "total": 3},
        {"unit_task": "인사관리", "code": year_of_records.code, "retention": "10년", "public": 0, "partial": 0,
         "private": 1, "paper": 0, "total": 1},
    ]  # fmt: skip
    assert counts["by_retention"] == {"5년": 3, "10년": 1}
    assert counts["by_disclosure"] == {"public": 3, "partial": 0, "private": 1}
    assert counts["total"] == 4


def _decide_all(document: Document, org) -> Document:
    for approver in (org.lead, org.manager, org.director, org.ceo):  # up to the institution head
        document = document_approve(document=document, actor=approver, now=NEXT_APRIL)
    return document


def test_the_report_goes_through_e_approval_and_is_marked_reported(org, year_of_records):
    with pytest.raises(ValidationError, match="지난해까지의"):
        production_report_submit(actor=org.drafter, department=org.team, year=2026, unit_task=org.task, now=MARCH_5)
    with pytest.raises(PermissionDenied):
        production_report_submit(
            actor=org.accountant, department=org.team, year=2026, unit_task=org.task, now=NEXT_APRIL
        )
    report = production_report_submit(
        actor=org.drafter, department=org.team, year=2026, unit_task=org.task, now=NEXT_APRIL
    )
    assert report.status == ReportStatus.SUBMITTED
    document = Document.objects.get(pk=report.document_id)
    assert (document.kind, document.title) == ("records.production_report", "2026년 기록물 생산현황 통보(총무팀)")
    assert "인사관리" in document.body
    with pytest.raises(ValidationError, match="이미 상신했거나"):
        production_report_submit(actor=org.drafter, department=org.team, year=2026, unit_task=org.task, now=NEXT_APRIL)

    document = _decide_all(document, org)
    assert document.status == DocumentStatus.COMPLETED
    report.refresh_from_db()
    assert (report.status, report.registration_number) == (ReportStatus.APPROVED, document.registration_display)
    # The report's own document is a record of 2027, like every completed document.
    assert Record.objects.filter(source="produced", source_id=document.pk, year=2027).exists()


def test_a_returned_report_is_submitted_again_as_the_next_round(org, year_of_records):
    report = production_report_submit(
        actor=org.drafter, department=org.team, year=2026, unit_task=org.task, now=NEXT_APRIL
    )
    document_reject(
        document=Document.objects.get(pk=report.document_id), actor=org.lead, reason="수정 필요", now=NEXT_APRIL
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED
    again = production_report_submit(
        actor=org.drafter, department=org.team, year=2026, unit_task=org.task, now=NEXT_APRIL
    )
    assert again.status == ReportStatus.SUBMITTED
    assert Document.objects.get(pk=again.document_id).round == 2
    assert ProductionReport.objects.count() == 1


def test_the_report_page_shows_the_counts_and_submits(org, year_of_records, client_for, alpha):
    client = client_for(alpha)
    login(client, org.drafter.username)
    page = client.get("/records/production-report/", {"year": "2026"})
    assert page.status_code == 200
    assert "인사관리" in page.content.decode()
    refused = client.post("/records/production-report/?year=2025", {"unit_task": ""})  # a past year
    assert refused.status_code == 422
    assert "결재 문서를 편철할 단위과제를 선택하세요." in refused.content.decode()
    assert not ProductionReport.objects.exists()


def test_the_report_counts_meetings_with_minutes_and_every_verbatim_meeting_incl_zero(org, client_for, alpha):
    """총무팀 held three meetings in 2026: a weekly one with final minutes, a 속기록-designated one
    whose minutes were never written (listed with 0), and one cancelled (not counted); 재무부's
    meeting is not 총무팀's."""
    from tasks.services.meetings import meeting_cancel, minutes_finalise, minutes_save
    from tests.factories.tasks_meetings import kst, make_meeting

    weekly = make_meeting(org.drafter, title="주간업무회의", starts_at=kst(2026, 3, 2, 10), ends_at=kst(2026, 3, 2, 11))
    minutes = minutes_save(
        meeting=weekly, actor=org.drafter, title="주간업무회의", department_name="총무팀",
        held_from=weekly.starts_at, held_to=weekly.ends_at, place="소회의실", attendees_text="문기안",
        order_of_business="1. 개회", agenda_text="1. 실적", remarks="보고함", decisions_text="없음",
    )  # fmt: skip
    minutes_finalise(minutes=minutes, actor=org.drafter, now=kst(2026, 3, 3, 9))
    make_meeting(org.drafter, title="이사회 준비회의", is_verbatim=True, starts_at=kst(2026, 5, 7, 14),
                 ends_at=kst(2026, 5, 7, 15))  # fmt: skip
    cancelled = make_meeting(
        org.drafter, title="취소된 회의", starts_at=kst(2026, 6, 1, 10), ends_at=kst(2026, 6, 1, 11)
    )
    meeting_cancel(meeting=cancelled, actor=org.drafter)
    make_meeting(org.accountant, title="재무 회의", department=org.finance, starts_at=kst(2026, 4, 1, 10),
                 ends_at=kst(2026, 4, 1, 11), attendees=[org.accountant])  # fmt: skip

    meetings = production_counts(org.team, 2026)["meetings"]
    assert meetings == {
        "meetings": 2,
        "with_minutes": 1,
        "verbatim_designated": 1,
        "verbatim": [{"title": "이사회 준비회의", "date": "2026. 5. 7.", "minutes": 0, "verbatim_files": 0}],
    }
    assert production_counts(org.team, 2025)["meetings"]["meetings"] == 0
    client = client_for(alpha)
    login(client, org.drafter.username)
    page = client.get("/records/production-report/", {"year": "2026"}).content.decode()
    assert "개최한 회의 2건 중 회의록 확정 1건, 속기록 작성 대상 1건" in page
    assert "이사회 준비회의" in page
