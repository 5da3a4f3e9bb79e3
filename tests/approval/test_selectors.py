"""The boxes' reads: who finds what in 결재대기함 (including 대결), 결재진행함, 기안함, 반려함 and
the 후결 list, each one query whatever the number of documents."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from approval.models import DocumentStatus, StepKind
from approval.selectors import (
    documents_awaiting_post_approval,
    documents_drafted_by,
    documents_in_progress_for,
    documents_returned_to,
    documents_waiting_for,
    waiting_count,
)
from approval.services import document_approve, document_draft, document_redraft, document_reject
from org.models import Absence
from org.services import absence_create
from tests.factories.approval import line, org_chart, submitted

pytestmark = pytest.mark.django_db

R, A = StepKind.REVIEW, StepKind.APPROVAL
KST = ZoneInfo("Asia/Seoul")
MARCH_5 = datetime(2026, 3, 5, 10, 0, tzinfo=KST)


@pytest.fixture
def org(in_alpha):
    return org_chart()


def _titles(queryset) -> list[str]:
    return list(queryset.values_list("title", flat=True))


def test_the_waiting_box_follows_the_line_and_proxies(org):
    first = submitted(org, title="첫째", now=MARCH_5)
    submitted(org, title="둘째", now=MARCH_5 + timedelta(minutes=1))
    document_approve(document=first, actor=org.lead, now=MARCH_5)

    assert _titles(documents_waiting_for(org.lead, now=MARCH_5)) == ["둘째"]
    assert _titles(documents_waiting_for(org.manager, now=MARCH_5)) == ["첫째"]
    assert waiting_count(org.accountant, now=MARCH_5) == 0

    absence_create(
        user=org.manager,
        proxy=org.accountant,
        starts_at=MARCH_5 - timedelta(hours=1),
        ends_at=MARCH_5 + timedelta(hours=1),
        reason=Absence.Reason.TRAINING,
    )
    assert _titles(documents_waiting_for(org.accountant, now=MARCH_5)) == ["첫째"]
    assert waiting_count(org.accountant, now=MARCH_5 + timedelta(hours=2)) == 0


def test_in_progress_drafts_returned_and_post_approval_boxes(org):
    running = submitted(org, title="진행 중")
    document_approve(document=running, actor=org.lead)
    returned = submitted(org, title="반려됨")
    document_reject(document=returned, actor=org.lead, reason="보완")
    redrafted = submitted(org, title="재기안함")
    document_reject(document=redrafted, actor=org.lead, reason="보완")
    document_redraft(document=redrafted, actor=org.drafter)
    document_draft(actor=org.drafter, title="쓰는 중", unit_task=org.task)

    assert _titles(documents_in_progress_for(org.lead)) == ["진행 중"]
    assert _titles(documents_in_progress_for(org.drafter)) == ["진행 중"]
    assert set(_titles(documents_drafted_by(org.drafter, status=DocumentStatus.DRAFT))) == {"쓰는 중", "재기안함"}
    assert _titles(documents_returned_to(org.drafter)) == ["반려됨"]

    absence_create(
        user=org.director,
        proxy=org.finance_head,
        starts_at=MARCH_5 - timedelta(hours=1),
        ends_at=MARCH_5 + timedelta(hours=1),
        reason=Absence.Reason.TRIP,
    )
    big = submitted(
        org, title="큰 지출", decision_amount=50_000_000, approval_line=line((R, org.manager), (A, org.director))
    )
    document_approve(document=big, actor=org.manager, now=MARCH_5)
    document_approve(document=big, actor=org.finance_head, now=MARCH_5)
    assert _titles(documents_awaiting_post_approval(org.director)) == ["큰 지출"]
    assert _titles(documents_awaiting_post_approval(org.manager)) == []


def test_the_waiting_box_is_two_queries_whatever_its_size(org):
    for n in range(2):
        submitted(org, title=f"문서 {n}")
    with CaptureQueriesContext(connection) as few:
        rows = [(d.title, d.drafter.name, d.department.name, d.unit_task.name) for d in documents_waiting_for(org.lead)]
    assert len(rows) == 2
    for n in range(4):
        submitted(org, title=f"더 {n}")
    with CaptureQueriesContext(connection) as many:
        rows = [(d.title, d.drafter.name, d.department.name, d.unit_task.name) for d in documents_waiting_for(org.lead)]
    assert len(rows) == 6
    # The box itself, and the steps they might stand in for (approval.turn decides which they do).
    assert len(few) == len(many) == 2
