"""비공개 재분류 (issue 15 item 6), dates by hand: a 비공개 record produced on 2020-03-05 counts
from its 기산일 2021-01-01 and is first due on 2026-01-01 (5 years); reviewed on 2026-03-05 and
kept 비공개 it is due again on 2031-03-05; it becomes 공개 by default on 2051-01-01 (30 years).
A 비공개 record whose file the 기록관 accepted (이관) is due at once."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from approval.models import Document
from approval.services import document_approve, document_reject
from audit.models import AuditEvent
from audit.services import audit_verify_chain
from records.models import DisclosureReview, ReclassificationItem, ReclassificationStatus, Record
from records.reclassify import (
    due_records,
    open_reclassification,
    reclassification_submit,
    reclassify_propose,
    why_due,
)
from records.services import arrangement_close
from records.transfers import transfer_accept, transfer_request
from tests.factories import UserFactory
from tests.factories.records import completed, record_of
from tests.factories.tasks_cards import unit_task
from tests.support import login

pytestmark = pytest.mark.django_db

KST = ZoneInfo("Asia/Seoul")
IN_2020 = datetime(2020, 3, 5, 10, 0, tzinfo=KST)
REVIEWED = datetime(2026, 3, 5, 10, 0, tzinfo=KST)


@pytest.fixture
def archivist(org):
    return UserFactory(username="archivist", name="기록관", department=org.root, roles=["staff", "records_manager"])


def _due(on: date) -> list[Record]:
    return list(due_records(on))


@pytest.fixture
def records_task(org):
    return unit_task(department=org.root, name="기록물관리", retention_period="permanent")


def _reclassify(org, archivist, records_task, record, disclosure, ground, reason, now=REVIEWED):
    """The 기록관 decides, submits the 재분류안, and the head of the institution approves it."""
    reclassify_propose(actor=archivist, record=record, disclosure=disclosure, ground=ground, reason=reason, now=now)
    plan = reclassification_submit(
        actor=archivist, reclassification=open_reclassification(), unit_task=records_task, now=now
    )
    document_approve(document=Document.objects.get(pk=plan.document_id), actor=org.ceo, now=now)
    plan.refresh_from_db()
    return plan


def test_five_years_from_the_start_date_then_five_from_the_last_review(org, archivist, records_task):
    private = record_of(completed(org, title="인사 평정", disclosure="private", disclosure_ground="6", now=IN_2020))
    record_of(completed(org, title="공개 문서", now=IN_2020))  # 공개: never listed
    assert _due(date(2025, 12, 31)) == []
    assert _due(date(2026, 1, 1)) == [private]
    assert why_due(_due(date(2026, 1, 1))[0], date(2026, 1, 1)) == "5년 주기 재분류"

    with pytest.raises(PermissionDenied):
        reclassify_propose(
            actor=org.drafter, record=private, disclosure="private", ground="6", reason="유지", now=REVIEWED
        )
    with pytest.raises(ValidationError, match="재분류 사유"):
        reclassify_propose(actor=archivist, record=private, disclosure="private", ground="6", reason=" ", now=REVIEWED)
    with pytest.raises(ValidationError, match="근거 호수"):
        reclassify_propose(
            actor=archivist, record=private, disclosure="private", ground="9", reason="유지", now=REVIEWED
        )
    with pytest.raises(ValidationError, match="500자 이내"):
        reclassify_propose(
            actor=archivist, record=private, disclosure="private", ground="6", reason="가" * 501, now=REVIEWED
        )
    assert not DisclosureReview.objects.exists()  # nothing written by a refusal
    assert not ReclassificationItem.objects.exists()

    plan = _reclassify(org, archivist, records_task, private, "private", "6", "개인 평정 정보 포함")
    review = DisclosureReview.objects.get()
    assert (review.reviewed_on, review.disclosure_before, review.disclosure) == (date(2026, 3, 5), "private", "private")
    assert (review.reviewed_by, review.reclassification) == (archivist, plan)
    assert _due(date(2031, 3, 4)) == []
    assert _due(date(2031, 3, 5)) == [private]
    listed = _due(date(2051, 1, 1))[0]
    assert why_due(listed, date(2051, 1, 1)) == "5년 주기 재분류, 30년 경과(공개 원칙)"

    _reclassify(org, archivist, records_task, private, "public", "6", "평정 기간 종료")
    private.refresh_from_db()
    assert (private.disclosure, private.disclosure_ground) == ("public", "")
    assert _due(date(2031, 3, 5)) == []
    event = AuditEvent.objects.filter(action="record.reclassify").latest("id")
    assert event.data["to"] == "public()"
    assert event.data["reason"] == "평정 기간 종료"
    assert audit_verify_chain().ok


def test_nothing_changes_before_the_approval_and_a_return_comes_back_as_the_draft(org, archivist, records_task):
    private = record_of(completed(org, title="감사 자료", disclosure="private", disclosure_ground="5", now=IN_2020))
    reclassify_propose(
        actor=archivist, record=private, disclosure="public", ground="", reason="감사 종료", now=REVIEWED
    )
    # A second decision on the same record replaces the first in the one open 재분류안.
    item = reclassify_propose(
        actor=archivist, record=private, disclosure="partial", ground="5", reason="일부 공개", now=REVIEWED
    )
    assert ReclassificationItem.objects.count() == 1
    assert (item.disclosure, item.ground) == ("partial", "5")
    with pytest.raises(ValidationError, match="단위과제"):
        reclassification_submit(actor=archivist, reclassification=item.reclassification, unit_task=None, now=REVIEWED)

    plan = reclassification_submit(
        actor=archivist, reclassification=item.reclassification, unit_task=records_task, now=REVIEWED
    )
    assert plan.status == ReclassificationStatus.SUBMITTED
    private.refresh_from_db()
    assert (private.disclosure, private.disclosure_ground) == ("private", "5")  # not before the approval
    with pytest.raises(ValidationError, match="결재 중인 재분류안"):
        reclassify_propose(actor=archivist, record=private, disclosure="public", ground="", reason="x", now=REVIEWED)

    document_reject(document=Document.objects.get(pk=plan.document_id), actor=org.ceo, reason="근거 보완", now=REVIEWED)
    plan.refresh_from_db()
    private.refresh_from_db()
    assert plan.status == ReclassificationStatus.DRAFT  # back to the 기록관, its items kept
    assert (private.disclosure, private.disclosure_ground) == ("private", "5")
    assert not DisclosureReview.objects.exists()
    assert AuditEvent.objects.filter(action="record_reclassification.return").count() == 1

    resubmitted = reclassification_submit(actor=archivist, reclassification=plan, unit_task=records_task, now=REVIEWED)
    second = Document.objects.get(pk=resubmitted.document_id)
    assert second.pk != plan.document_id  # the next round (재기안)
    document_approve(document=second, actor=org.ceo, now=REVIEWED)
    private.refresh_from_db()
    resubmitted.refresh_from_db()
    assert (private.disclosure, private.disclosure_ground) == ("partial", "5")
    assert resubmitted.status == ReclassificationStatus.APPROVED
    second.refresh_from_db()
    assert resubmitted.registration_number == second.registration_display  # 처리과명-연번, as printed
    assert {"record_reclassification.submit", "record_reclassification.approve", "record.reclassify"} <= set(
        AuditEvent.objects.values_list("action", flat=True)
    )
    assert audit_verify_chain().ok


def test_a_private_record_is_due_at_transfer(org, archivist):
    private = record_of(completed(org, title="감사 자료", disclosure="private", disclosure_ground="5", now=REVIEWED))
    arrangement_close(actor=org.lead, department=org.team, year=2026, now=datetime(2027, 2, 1, tzinfo=KST))
    assert _due(date(2027, 3, 1)) == []  # still in the 처리과: first due 2032-01-01
    transfer = transfer_request(
        actor=org.lead, department=org.team, files=[private.record_file], now=datetime(2027, 3, 1, tzinfo=KST)
    )
    transfer_accept(actor=archivist, transfer=transfer, now=datetime(2027, 3, 2, tzinfo=KST))
    due = _due(date(2027, 3, 2))
    assert due == [private]
    assert why_due(due[0], date(2027, 3, 2)) == "이관 시 재분류"


def test_the_page_lists_due_records_and_reclassifies(org, archivist, records_task, alpha, client_for):
    private = record_of(completed(org, title="인사 평정", disclosure="private", disclosure_ground="6", now=IN_2020))
    client = client_for(alpha)
    login(client, archivist.username)
    page = client.get("/records/reclassification/").content.decode()
    assert "인사 평정" in page
    assert "5년 주기 재분류" in page
    response = client.post(
        f"/records/reclassification/{private.pk}/", {"disclosure": "partial", "ground": "6", "reason": "일부 공개 가능"}
    )
    assert response.status_code == 302
    private.refresh_from_db()
    assert (private.disclosure, private.disclosure_ground) == ("private", "6")  # only in the 재분류안 yet
    plan = open_reclassification()
    assert "일부 공개 가능" in client.get("/records/reclassification/").content.decode()
    response = client.post(f"/records/reclassification/plans/{plan.pk}/submit/", {"unit_task": str(records_task.pk)})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == "submitted"
    document_approve(document=Document.objects.get(pk=plan.document_id), actor=org.ceo)
    private.refresh_from_db()
    assert (private.disclosure, private.disclosure_ground) == ("partial", "6")

    staff = client_for(alpha)
    login(staff, org.drafter.username)
    assert staff.get("/records/reclassification/").status_code == 403
    assert staff.post(f"/records/reclassification/{private.pk}/", {"disclosure": "public"}).status_code == 403
    assert staff.post(f"/records/reclassification/plans/{plan.pk}/submit/", {}).status_code == 403
