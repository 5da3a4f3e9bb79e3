"""The work-management demo seed (tasks.demo) on a real demo institution: 독도재단 is provisioned
fresh and seeded by org's seed, then by ours, inside the test's transaction (the new schema goes
away with the rollback). Checked: determinism, idempotency, every model invariant and service
rule the seed must respect, and the lived-in day of the demo `staff` and their team head.
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from datetime import datetime, time, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django_tenants.utils import schema_context

from audit.models import AuditEvent
from core.plugins import Registry, registry
from org import demo as org_demo
from org import demo_data as org_data
from org.management.commands import seed_demo
from org.models import Department, User
from org.visibility import viewer_for
from tasks import demo
from tasks.models import (
    CardEntryKind,
    Directive,
    DirectiveStatus,
    DirectiveUpdate,
    FunctionClass,
    Meeting,
    MeetingAttendee,
    MeetingStatus,
    MemoRecipient,
    MemoReply,
    MemoReport,
    Minutes,
    RelatedDocument,
    RetentionPeriod,
    RoomBooking,
    ScheduleEntry,
    ScheduleScope,
    TaskCard,
    TaskCardEntry,
    TaskCardEntryVersion,
    UnitTask,
)
from tasks.selectors.directives import directives_due_for, overdue_directives
from tasks.selectors.meetings import meetings_for
from tasks.selectors.memos import unread_memo_count
from tasks.selectors.schedules import schedule_entries_for
from tasks.services.cards import card_completeness
from tasks.services.meetings import MINUTES_REQUIRED
from tenants.models import Institution
from tests.support import login

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

SEOUL = ZoneInfo("Asia/Seoul")
SPEC = next(s for s in org_data.INSTITUTIONS if s.code == "dokdo")  # the smallest: 30 staff
WEDNESDAY_MORNING = datetime(2026, 3, 18, 10, 30, tzinfo=SEOUL)
SUNDAY_NIGHT = datetime(2026, 3, 22, 23, 10, tzinfo=SEOUL)
STAFF_MEETING = "지연 일정 점검과 대책 협의"  # the end of the description of staff's review meeting
MODELS = (
    FunctionClass,
    UnitTask,
    TaskCard,
    TaskCardEntry,
    TaskCardEntryVersion,
    MemoReport,
    MemoRecipient,
    MemoReply,
    Directive,
    DirectiveUpdate,
    Meeting,
    MeetingAttendee,
    Minutes,
    RoomBooking,
    ScheduleEntry,
    RelatedDocument,
)


def _seed(now: datetime) -> tuple[Institution, demo.TasksSeedResult]:
    """A fresh 독도재단: provisioned and filled by org's seed, then by the work-management seed."""
    org_result = org_demo.institution_seed(spec=SPEC, password_hash=lambda: "!")  # "!": unusable password
    assert org_result.created
    institution = Institution.objects.get(code=SPEC.code)
    with schema_context(institution.schema_name):
        return institution, demo.institution_seed(institution=institution, now=now)


@pytest.fixture
def seeded():
    institution, result = _seed(WEDNESDAY_MORNING)
    with schema_context(institution.schema_name):
        yield institution, result


def _snapshot() -> dict:
    return {
        "functions": list(FunctionClass.objects.order_by("code").values_list("code", "name", "level", "parent__code")),
        "tasks": list(
            UnitTask.objects.order_by("code").values_list(
                "code", "name", "department__code", "owner__username", "deputy__username", "retention_period"
            )
        ),
        "cards": list(TaskCard.objects.order_by("unit_task__code").values_list("unit_task__code", "completeness")),
        "entries": list(
            TaskCardEntry.objects.order_by("card__unit_task__code", "entry_date", "kind", "title").values_list(
                "card__unit_task__code", "kind", "title", "entry_date", "completed_on", "version"
            )
        ),
        "memos": list(
            MemoReport.objects.order_by("sent_at", "title").values_list("title", "author__username", "sent_at")
        ),
        "directives": list(Directive.objects.order_by("issued_at", "title").values_list("title", "status", "due_on")),
        "meetings": list(Meeting.objects.order_by("starts_at", "title").values_list("title", "starts_at", "status")),
        "schedule": ScheduleEntry.objects.count(),
    }


def test_two_fresh_institutions_from_one_spec_get_the_same_work():
    runs = []
    for _ in range(2):
        with transaction.atomic():
            institution, result = _seed(WEDNESDAY_MORNING)
            with schema_context(institution.schema_name):
                runs.append((result.counts, _snapshot()))
            transaction.set_rollback(True)  # drop the institution and its schema before the second run

    (counts, first), (counts_again, second) = runs
    assert counts == counts_again
    assert first == second
    assert counts["unit_tasks"] == len(first["tasks"])


def test_a_second_run_writes_nothing(seeded):
    institution, first = seeded
    rows = {model: model.objects.count() for model in MODELS}
    events = AuditEvent.objects.count()

    again = demo.institution_seed(institution=institution, now=WEDNESDAY_MORNING + timedelta(days=1))

    assert first.created
    assert not again.created
    assert again.note == "already has a classification"
    assert {model: model.objects.count() for model in MODELS} == rows
    assert AuditEvent.objects.count() == events
    assert AuditEvent.objects.filter(action="demo.seed", data__app="tasks").count() == 1


def test_the_classification_covers_the_mission_and_every_department(seeded):
    departments = list(Department.objects.filter(is_active=True))
    top = set(FunctionClass.objects.filter(level=1).values_list("name", flat=True))
    regular = UnitTask.objects.filter(is_common=False)

    assert top == {"기관운영", "경영지원", "독도 교육·연구", "처리과공통"}  # 3 from the mission + 처리과공통
    assert 30 <= regular.count() <= 80
    assert set(regular.filter(department__name="독도교육팀").values_list("name", flat=True)) >= {
        "독도 바로알기 교육",
        "독도 탐방 프로그램 운영",
    }
    for department in departments:
        common = UnitTask.objects.filter(department=department, is_common=True).order_by("code")
        assert [t.code for t in common] == [f"{department.code}-C0{i}" for i in range(1, 6)]
        assert [t.name for t in common] == [
            "서무관리",
            "복무관리",
            "예산편성및집행",
            "감사수감및결과조치",
            "업무계획수립및보고",
        ]
        assert all(t.function.parent.parent.name == "처리과공통" for t in common)
    assert UnitTask.objects.get(name="복무관리", department=departments[0]).retention_period == RetentionPeriod.YEARS_3
    assert UnitTask.objects.get(name="이사회 운영").retention_period == RetentionPeriod.PERMANENT


@pytest.mark.parametrize("now", [WEDNESDAY_MORNING, SUNDAY_NIGHT], ids=["wednesday-morning", "sunday-night"])
def test_every_row_keeps_the_rules(now):
    institution, _result = _seed(now)
    today = timezone.localdate(now)
    with schema_context(institution.schema_name):
        for task in UnitTask.objects.select_related("owner", "deputy", "function"):
            assert task.department_id
            assert task.retention_period in RetentionPeriod.values
            assert task.retention_reason
            assert task.function.level == 3
            assert task.owner is not None
            assert task.owner.department_id == task.department_id
            assert task.deputy is None or (
                task.deputy_id != task.owner_id and task.deputy.department_id == task.department_id
            )
            assert (task.disclosure == "public") == (task.disclosure_ground == "")

        for card in TaskCard.objects.select_related("unit_task"):
            assert 0 <= card.completeness <= 100
            assert card.completeness == card_completeness(card, today), card.unit_task.code
            assert card.completeness_checked_on == today
        for entry in TaskCardEntry.objects.prefetch_related("versions"):
            versions = sorted(entry.versions.all(), key=lambda v: v.version)
            assert [v.version for v in versions] == list(range(1, entry.version + 1))
            latest = versions[-1]
            assert (latest.title, latest.body, latest.entry_date, latest.completed_on) == (
                entry.title,
                entry.body,
                entry.entry_date,
                entry.completed_on,
            )
            assert all(a.edited_at < b.edited_at for a, b in itertools.pairwise(versions))
            assert latest.edited_at <= now
            assert entry.updated_at == latest.edited_at
            if entry.kind == CardEntryKind.PLAN:
                assert entry.completed_on is None or entry.completed_on <= today
            else:
                assert entry.completed_on is None
                assert entry.entry_date <= today

        for memo in MemoReport.objects.prefetch_related("recipients", "replies"):
            assert memo.sent_at <= now
            for receipt in memo.recipients.all():
                assert receipt.recipient_id != memo.author_id
                assert receipt.read_at is None or memo.sent_at < receipt.read_at <= now
            assert all(memo.sent_at < reply.created_at <= now for reply in memo.replies.all())

        for directive in Directive.objects.prefetch_related("updates", "assignees"):
            assert (directive.status == DirectiveStatus.COMPLETED) == (directive.completed_at is not None)
            assert 0 <= directive.progress <= 100
            assert directive.due_on >= timezone.localdate(directive.issued_at)
            assert directive.assignees.all(), directive.title
            updates = list(directive.updates.all())
            assert updates[0].kind == DirectiveUpdate.Kind.ISSUE
            assert updates[0].created_at == directive.issued_at
            assert all(u.created_at <= now for u in updates)
            assert directive.updated_at == updates[-1].created_at

        live = list(RoomBooking.objects.filter(cancelled_at__isnull=True).order_by("room", "starts_at"))
        for a, b in itertools.pairwise(live):
            assert a.room_id != b.room_id or a.ends_at <= b.starts_at, "a room booked twice at once"

        for meeting in Meeting.objects.select_related("booking"):
            minutes = Minutes.objects.filter(meeting=meeting).first()
            final = minutes is not None and minutes.status == Minutes.Status.FINAL
            assert (meeting.status == MeetingStatus.HELD) == final
            assert not (final and meeting.is_verbatim), "속기록 meetings need the record attached before finalising"
            if meeting.booking:
                assert (meeting.booking.starts_at, meeting.booking.ends_at) == (meeting.starts_at, meeting.ends_at)
                assert (meeting.booking.cancelled_at is not None) == (meeting.status == MeetingStatus.CANCELLED)
            if minutes is not None:
                assert meeting.ends_at <= now
                assert all(str(getattr(minutes, field)).strip() for field in MINUTES_REQUIRED), meeting.title
                assert (minutes.finalised_at is not None) == final
                assert minutes.finalised_at is None or meeting.ends_at < minutes.finalised_at <= now
        engaged = defaultdict(list)
        for row in MeetingAttendee.objects.select_related("meeting"):
            assert (row.rsvp == MeetingAttendee.Rsvp.PENDING) == (row.responded_at is None)
            if row.meeting.status != MeetingStatus.CANCELLED:
                engaged[row.user_id].append((row.meeting.starts_at, row.meeting.ends_at))
        for periods in engaged.values():
            periods.sort()
            assert all(a[1] <= b[0] for a, b in itertools.pairwise(periods)), "someone in two meetings at once"

        for document in RelatedDocument.objects.select_related("unit_task"):
            if document.source == "memo":
                filed = MemoReport.objects.get(pk=document.source_id).unit_task_id
                assert document.url == reverse("memos:detail", args=[document.source_id])
            elif document.source == "directive":
                filed = Directive.objects.get(pk=document.source_id).unit_task_id
            else:
                filed = Minutes.objects.select_related("meeting").get(pk=document.source_id).meeting.unit_task_id
            assert filed == document.unit_task_id
        assert not ScheduleEntry.objects.filter(ends_at__lt=F("starts_at")).exists()


def test_staff_has_a_lived_in_day_and_their_head_has_work_waiting(seeded):
    now = WEDNESDAY_MORNING
    today = timezone.localdate(now)
    staff = User.objects.get(username="staff")
    head = User.objects.get(pk=staff.department.head_id)

    own = UnitTask.objects.filter(owner=staff, is_common=False)
    assert own.count() >= 3
    behind = TaskCard.objects.filter(
        unit_task__owner=staff,
        entries__kind=CardEntryKind.PLAN,
        entries__entry_date__lt=today,
        entries__completed_on__isnull=True,
    ).distinct()
    assert behind.exists()
    assert all(card.completeness < 100 for card in behind)

    answered = MemoReply.objects.filter(memo__author=staff, author=head, created_at__lte=now)
    assert answered.exists()
    assert unread_memo_count(staff) >= 1
    assert unread_memo_count(head) >= 2  # reports waiting to be read

    open_directives = directives_due_for(staff, today - timedelta(days=60), today + timedelta(days=3))
    assert any(today <= d.due_on <= today + timedelta(days=3) for d in open_directives)
    assert any(d.due_on < today for d in open_directives)
    overdue = overdue_directives(viewer_for(head), today).directives
    assert any(d.department_id == staff.department_id for d in overdue)

    day_start = datetime.combine(today, time.min, tzinfo=SEOUL)
    soon = [m for m in meetings_for(staff, now, now + timedelta(days=2)) if m.starts_at > now]
    pending = MeetingAttendee.objects.filter(meeting__in=soon, user=staff, rsvp=MeetingAttendee.Rsvp.PENDING)
    assert pending.exists()
    review = pending.get(meeting__description__endswith=STAFF_MEETING)
    # Before 13:00 on a working day, the review is this afternoon, with staff's own unit task.
    assert timezone.localtime(review.meeting.starts_at) == datetime(2026, 3, 18, 15, 0, tzinfo=SEOUL)
    assert review.meeting.unit_task.owner_id == staff.pk
    assert review.meeting.booking is not None
    week = schedule_entries_for(staff, day_start, day_start + timedelta(days=7))
    assert len([e for e in week if e.scope == ScheduleScope.PERSONAL]) >= 2


def test_staff_meets_tomorrow_when_the_day_is_over():
    institution, _result = _seed(datetime(2026, 3, 18, 17, 0, tzinfo=SEOUL))
    with schema_context(institution.schema_name):
        staff = User.objects.get(username="staff")
        row = MeetingAttendee.objects.get(user=staff, meeting__description__endswith=STAFF_MEETING)
        assert row.rsvp == MeetingAttendee.Rsvp.PENDING
        assert timezone.localtime(row.meeting.starts_at) == datetime(2026, 3, 19, 10, 0, tzinfo=SEOUL)


def test_the_seeded_pages_open_for_staff(seeded, client_for):
    institution, _result = seeded
    staff = User.objects.get(username="staff")
    staff.set_password("demo-test-pass")
    staff.save(update_fields=["password"])
    client = client_for(institution)
    login(client, "staff", "demo-test-pass")

    for name in ("tasks:unit_task_list", "memos:inbox", "directives:list", "meetings:list", "calendar:month"):
        assert client.get(reverse(name)).status_code == 200, name


def test_seed_demo_runs_the_seeders_after_org(monkeypatch):
    monkeypatch.setattr(org_demo.data, "INSTITUTIONS", (SPEC,))
    # Only this app's seeder: the apps above have their own tests.
    only_tasks = Registry([d for d in registry().declarations if d.app_label == "tasks"])
    monkeypatch.setattr(seed_demo, "registry", lambda: only_tasks)
    out = StringIO()

    call_command("seed_demo", stdout=out)
    call_command("seed_demo", stdout=out)

    lines = out.getvalue().splitlines()
    assert len(lines) == 10  # per run: the province, dokdo, dokdo's tasks, and the two totals
    first, second = lines[:5], lines[5:]
    assert first[1].startswith("dokdo")
    assert "30 staff" in first[1]
    # Its budget is for a quiet machine: on a loaded one the line says it went over, which is not
    # what this test is about.
    assert re.fullmatch(
        r" +tasks: \d+ functions \d+ unit tasks \d+ cards .* \d+\.\d\ds( \(over its budget of [\d.]+s\))?", first[2]
    )
    assert re.fullmatch(r"tasks: seeded 1 institutions in \d+\.\ds", first[4])
    assert "already seeded" in second[1]
    assert second[2].strip() == "tasks: already has a classification"
    assert re.fullmatch(r"tasks: seeded 0 institutions in \d+\.\ds \(1 left as they were\)", second[4])
    with schema_context(SPEC.code):
        assert UnitTask.objects.exists()
