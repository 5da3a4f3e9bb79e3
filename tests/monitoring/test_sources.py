"""The KPI sources (<app>/kpis.py) count an institution's figures as they stood on the day asked
for, from rows built through the services, in a fixed number of queries whatever the size.

Rows are moved to fixed days of November 2026 (a queryset update: the services stamp "now"), so
the expectations are worked by hand from the dates below, not read from the code."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from approval.kpis import figures as approval_figures
from approval.kpis import working_days_before
from approval.models import Document
from approval.services import document_approve
from audit.kpis import figures as audit_figures
from audit.services import audit_record
from org.kpis import figures as org_figures
from org.models import EmploymentStatus, User
from org.services import org_settings_save
from receipts.kpis import figures as receipts_figures
from receipts.models import ReceivedDocument
from tasks.kpis import figures as tasks_figures
from tasks.models import CardEntryKind, Directive, Meeting, MeetingStatus, MemoReport, TaskCard, TaskCardEntry
from tasks.services.cards import card_entry_add
from tasks.services.directives import directive_issue
from tasks.services.memos import memo_send
from tests.factories import DepartmentFactory, GradeFactory, UserFactory
from tests.factories.approval import org_chart, submitted
from tests.factories.exchange import received
from tests.factories.tasks_cards import card_for, unit_task
from tests.factories.tasks_meetings import kst as meeting_kst
from tests.factories.tasks_meetings import make_meeting
from tests.support import ADMIN, STAFF

pytestmark = pytest.mark.django_db


def kst(day: date, hour: int = 0, minute: int = 0) -> datetime:
    return meeting_kst(day.year, day.month, day.day, hour, minute)


def values(figures) -> dict[str, Decimal]:
    return {figure.key: figure.value for figure in figures}


def queries(func, on: date) -> int:
    with CaptureQueriesContext(connection) as captured:
        list(func(on=on))
    return len(captured)


# --- org ---------------------------------------------------------------------------------------------


def test_org_counts_staff_as_they_stood_on_the_day(in_alpha):
    # alpha already has admin, staff and peer: 재직, with a 사번, no hire date.
    fifth = GradeFactory(name="5급", rank=5)
    UserFactory(grade=fifth, hire_date=date(2026, 11, 3))  # joined in November
    UserFactory(grade=fifth, employment_status=EmploymentStatus.ON_LEAVE, hire_date=date(2019, 4, 1))
    UserFactory(employment_status=EmploymentStatus.RETIRED, hire_date=date(2015, 1, 1), retired_on=date(2026, 11, 20))
    UserFactory(employment_status=EmploymentStatus.RETIRED, hire_date=date(2015, 1, 1))  # left, day unknown
    UserFactory(employee_number=None)  # an account, not a member of staff
    org_settings_save(authorised_headcount=8, actor=None)

    late_november = values(org_figures(on=date(2026, 11, 25)))
    assert late_november == {
        "org.headcount": 5,  # 3 + the newcomer + the one on leave
        "org.active": 4,
        "org.on_leave": 1,
        "org.hires_month": 1,
        "org.leavers_month": 1,
        "org.authorised": 8,
        "org.staffing_rate": Decimal("62.5"),
    }
    mid_november = values(org_figures(on=date(2026, 11, 10)))
    assert mid_november["org.headcount"] == 6  # the leaver was still there
    assert mid_november["org.leavers_month"] == 0
    october = values(org_figures(on=date(2026, 10, 31)))
    assert october["org.headcount"] == 5  # the newcomer not yet, the leaver still
    assert october["org.hires_month"] == 0

    headcount = next(f for f in org_figures(on=date(2026, 11, 25)) if f.key == "org.headcount")
    assert headcount.breakdown == (("5급", 2), ("직급 없음", 3))


def test_org_reports_no_rate_without_a_staffing_level(in_alpha):
    found = values(org_figures(on=timezone.localdate()))
    assert "org.authorised" not in found
    assert "org.staffing_rate" not in found
    assert found["org.headcount"] == 3


def test_org_query_count_does_not_grow_with_staff(in_alpha):
    org_settings_save(authorised_headcount=10, actor=None)
    today = timezone.localdate()
    list(org_figures(on=today))  # warm: the schema's first query sets its search path
    small = queries(org_figures, today)
    for n in range(30):
        UserFactory(grade=GradeFactory(), hire_date=today - timedelta(days=n))
    assert queries(org_figures, today) == small == 4


# --- tasks -------------------------------------------------------------------------------------------


@pytest.fixture
def work(in_alpha):
    """admin (institution admin) owns a unit task in D100 with a card (개요 and 근거 written), one
    milestone due 2026-11-10 still open, one met on 11-05, and a performance entry of 11-12;
    every row dated 2026-11-01 unless said."""
    admin = User.objects.get(username=ADMIN)
    staff = User.objects.get(username=STAFF)
    task = unit_task(department=admin.department, owner=admin)
    card = card_for(task, admin, summary="민원 처리 기간 단축", legal_basis="민원처리법")
    late = card_entry_add(
        card=card, kind=CardEntryKind.PLAN, title="1차 점검", body="", entry_date=date(2026, 11, 10), actor=admin
    )
    card_entry_add(
        card=card,
        kind=CardEntryKind.PLAN,
        title="착수",
        body="",
        entry_date=date(2026, 11, 5),
        completed_on=date(2026, 11, 5),
        actor=admin,
    )
    result = card_entry_add(
        card=card, kind=CardEntryKind.PERFORMANCE, title="실적", body="", entry_date=date(2026, 11, 12), actor=admin
    )
    TaskCard.objects.filter(pk=card.pk).update(created_at=kst(date(2026, 11, 1)))
    TaskCardEntry.objects.filter(card=card).update(created_at=kst(date(2026, 11, 1)))
    TaskCardEntry.objects.filter(pk=result.pk).update(created_at=kst(date(2026, 11, 12), 9))

    tomorrow = timezone.localdate() + timedelta(days=1)
    overdue = directive_issue(
        actor=admin, title="보고서 제출", body="기한 내 제출", due_on=tomorrow, department=admin.department,
        assignees=[staff],
    )  # fmt: skip
    directive_issue(
        actor=admin, title="현황 조사", body="조사", due_on=tomorrow, department=admin.department, assignees=[staff]
    )
    Directive.objects.filter(pk=overdue.pk).update(issued_at=kst(date(2026, 11, 2), 9), due_on=date(2026, 11, 9))
    Directive.objects.exclude(pk=overdue.pk).update(issued_at=kst(date(2026, 11, 16), 9), due_on=date(2026, 11, 30))

    memo = memo_send(actor=staff, kind=MemoReport.Kind.REPORT, title="주간 보고", body="보고합니다", recipients=[admin])
    MemoReport.objects.filter(pk=memo.pk).update(sent_at=kst(date(2026, 11, 12), 15))
    meeting = make_meeting(admin)
    Meeting.objects.filter(pk=meeting.pk).update(
        status=MeetingStatus.HELD, starts_at=kst(date(2026, 11, 13), 10), ends_at=kst(date(2026, 11, 13), 11)
    )
    return late


def test_tasks_count_cards_directives_memos_and_meetings_of_the_day(work):
    found = values(tasks_figures(on=date(2026, 11, 20)))
    # Ten fixed items: 개요, 근거, a plan, a recent 실적 and the 담당자 are met (5); no goal, no
    # 부담당자, no 품질/홍보/고객 entry. Two milestones due, one met: 6 of 12 = 50 %.
    assert found == {
        "tasks.cards": 1,
        "tasks.card_completeness": Decimal("50.0"),
        "tasks.cards_behind": 1,
        "tasks.directives_open": 2,
        "tasks.directives_overdue": 1,
        "tasks.memos_month": 1,
        "tasks.meetings_month": 1,
    }


def test_tasks_on_an_earlier_day_see_only_what_was_written_by_then(work):
    found = values(tasks_figures(on=date(2026, 11, 8)))
    # On 11-08 the 실적 (written 11-12) did not exist and neither milestone was due yet... but the
    # one of 11-05 was due and met: 개요, 근거, plan, 담당자 (4) + 1 met milestone = 5 of 11.
    assert found["tasks.card_completeness"] == Decimal("45.0")
    assert found["tasks.cards_behind"] == 0
    assert found["tasks.directives_open"] == 1  # the second was issued on 11-16
    assert found["tasks.directives_overdue"] == 0  # due 11-09
    assert found["tasks.memos_month"] == 0
    assert found["tasks.meetings_month"] == 0
    assert values(tasks_figures(on=date(2026, 10, 31)))["tasks.cards"] == 0


def test_tasks_query_count_does_not_grow_with_cards(work):
    on = date(2026, 11, 20)
    list(tasks_figures(on=on))
    small = queries(tasks_figures, on)
    admin = User.objects.get(username=ADMIN)
    for _ in range(10):
        card = card_for(unit_task(department=admin.department, owner=admin), admin, summary="개요")
        card_entry_add(card=card, kind=CardEntryKind.QUALITY, title="품질", body="", entry_date=on, actor=admin)
    assert queries(tasks_figures, on) == small == 6


# --- approval ----------------------------------------------------------------------------------------


def test_working_days_skip_weekends():
    friday, monday = date(2026, 11, 20), date(2026, 11, 23)
    assert working_days_before(friday, 3) == date(2026, 11, 17)
    assert working_days_before(monday, 3) == date(2026, 11, 18)
    assert working_days_before(date(2026, 11, 22), 1) == friday  # from a Sunday


@pytest.fixture
def papers(in_alpha):
    """Three documents of alpha's org chart (lead reviews, manager decides):
    A submitted Mon 11-16 09:00, completed 19:00 (10 h); B submitted Tue 11-17 09:00, completed
    Wed 11-18 15:00 (30 h); C submitted Fri 11-13 09:00, still waiting."""
    org = org_chart()

    def complete(document: Document, reviewed: datetime, decided: datetime) -> Document:
        document = document_approve(document=document, actor=org.lead, now=reviewed)
        return document_approve(document=document, actor=org.manager, now=decided)

    a = submitted(org, title="A", now=kst(date(2026, 11, 16), 9))
    complete(a, kst(date(2026, 11, 16), 10), kst(date(2026, 11, 16), 19))
    b = submitted(org, title="B", now=kst(date(2026, 11, 17), 9))
    complete(b, kst(date(2026, 11, 17), 13), kst(date(2026, 11, 18), 15))
    submitted(org, title="C", now=kst(date(2026, 11, 13), 9))
    return org


def test_approval_lead_times_waiting_and_use_per_head(papers):
    found = values(approval_figures(on=date(2026, 11, 20)))
    assert found == {
        "approval.submitted_month": 3,
        "approval.completed_month": 2,
        "approval.waiting": 1,  # C: submitted before Tue 11-17, three working days before Fri 11-20
        "approval.proxy_month": 0,
        "approval.sent_month": 0,
        "approval.lead_time_median": Decimal("20.0"),  # halfway between 10 h and 30 h
        "approval.lead_time_p90": Decimal("28.0"),  # 10 + 0.9 × 20
        "approval.delegated_ratio": Decimal("100.0"),  # the 부서장 decides 일반 사항 (전결) both times
        "approval.per_staff_month": Decimal("0.3"),  # 3 documents, 11 people (3 + the org chart's 8)
    }


def test_approval_on_an_earlier_day(papers):
    found = values(approval_figures(on=date(2026, 11, 16)))
    assert found["approval.submitted_month"] == 2  # C and A; B came on 11-17
    assert found["approval.completed_month"] == 1
    assert found["approval.waiting"] == 0  # C was two working days old
    assert found["approval.lead_time_median"] == Decimal("10.0")
    assert "approval.lead_time_median" not in values(approval_figures(on=date(2026, 11, 15)))


def test_approval_query_count_does_not_grow_with_documents(papers):
    on = date(2026, 11, 20)
    list(approval_figures(on=on))
    small = queries(approval_figures, on)
    for n in range(10):
        submitted(papers, title=f"추가 {n}", now=kst(date(2026, 11, 19), 9, n))
    assert queries(approval_figures, on) == small == 4


# --- receipts and audit ------------------------------------------------------------------------------


def test_receipts_count_arrivals_and_the_backlog_as_it_stood(in_alpha):
    first = received(title="첫 문서", now=kst(date(2026, 11, 10), 9))
    received(title="둘째 문서", now=kst(date(2026, 11, 18), 9))
    ReceivedDocument.objects.filter(pk=first.pk).update(registered_at=kst(date(2026, 11, 12), 9))

    assert values(receipts_figures(on=date(2026, 11, 20))) == {"receipts.received_month": 2, "receipts.backlog": 1}
    assert values(receipts_figures(on=date(2026, 11, 11))) == {"receipts.received_month": 1, "receipts.backlog": 1}
    assert queries(receipts_figures, date(2026, 11, 20)) == 1


def test_audit_counts_todays_sign_ins_and_the_people_active_in_30_days(in_alpha):
    admin, staff = User.objects.get(username=ADMIN), User.objects.get(username=STAFF)
    for user in (admin, staff, admin):
        audit_record(action="auth.login", actor=user)
    audit_record(action="document.submit", actor=User.objects.get(username="peer"))
    DepartmentFactory()  # an entry without a person (department.create by nobody) counts nobody

    found = values(audit_figures(on=timezone.localdate()))
    assert found == {"audit.logins_day": 3, "audit.active_users": 3}
    assert queries(audit_figures, timezone.localdate()) == 1
