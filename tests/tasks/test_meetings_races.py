"""Races between two real database connections: two bookings of one room for overlapping times
(the exclusion constraint lets one win), and two conversions of one decision into a directive
(the decision's row lock lets one happen).

These tests commit: each thread has its own database connection (Django keeps one per thread),
outside the test's rolled-back transaction. The main thread touches none of the rows involved (it
would hold locks the threads wait on), and the `committed` fixture removes everything the threads
committed, in the alpha schema, including the audit entries they appended (the audit table
refuses DELETE through a trigger, which is switched off for that one statement inside one
transaction, so no other session ever sees it off), and checks the audit chain is intact after.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django_tenants.utils import schema_context

from audit.models import AuditEvent
from audit.services import audit_verify_chain
from org.models import User
from tasks.models import Directive, Meeting, MeetingDecision, Room, RoomBooking
from tasks.services.meetings import meeting_decision_add, meeting_decision_to_directive, room_book
from tests.factories.tasks_meetings import kst, make_meeting
from tests.support import ADMIN, PEER, STAFF

pytestmark = pytest.mark.django_db

WAIT = 20
POLL_SECONDS = 0.05


def _in_alpha(fn):
    """Run fn in the alpha schema on this thread's own connection, then close that connection
    (a connection left open would keep the test database from being dropped)."""
    try:
        with schema_context("alpha"):
            return fn()
    finally:
        connection.close()


def _in_thread(fn) -> tuple[threading.Thread, dict]:
    result: dict = {}

    def target():
        try:
            result["value"] = _in_alpha(fn)
        except BaseException as exc:  # handed to the test thread, which re-raises or inspects it
            result["error"] = exc

    thread = threading.Thread(target=target)
    thread.start()
    return thread, result


def _run(fn):
    thread, result = _in_thread(fn)
    thread.join(WAIT)
    if "error" in result:
        raise result["error"]
    return result.get("value")


def _wait_until_waiting_on_a_lock(pid_box: dict) -> None:
    """Poll, from inside the holder's open transaction, until the other connection is blocked on a
    lock: then it has passed every check that runs before its write and is waiting on ours."""
    with connection.cursor() as cursor:
        for _attempt in range(int(WAIT / POLL_SECONDS)):
            cursor.execute("SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", [pid_box.get("pid")])
            row = cursor.fetchone()
            if row and row[0] == "Lock":
                return
            threading.Event().wait(POLL_SECONDS)
    raise AssertionError("the second connection never waited on the first one's lock")


def _backend_pid() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


@pytest.fixture
def committed(alpha):
    """A list the test appends cleanup callables to (run in reverse, in one transaction, in
    alpha); afterwards the audit chain is cut back to where it was and verified."""
    last_event = _run(lambda: AuditEvent.objects.order_by("-id").values_list("id", flat=True).first())
    cleanups: list[Callable[[], None]] = []
    yield cleanups

    def cleanup():
        with transaction.atomic():
            for undo in reversed(cleanups):
                undo()
            with connection.cursor() as cursor:
                cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_no_delete")
                cursor.execute("DELETE FROM audit_auditevent WHERE id > %s", [last_event])
                cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER audit_event_no_delete")
        assert AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() == last_event
        assert audit_verify_chain().ok

    _run(cleanup)


# --- Two bookings of one room ------------------------------------------------------------------------


@pytest.fixture
def committed_room(committed):
    room = _run(lambda: Room.objects.create(name="경합 시험 회의실"))

    def undo():
        RoomBooking.objects.filter(room_id=room.pk).delete()
        Room.objects.filter(pk=room.pk).delete()

    committed.append(undo)
    return room


def _booker(room_id, username, start_hour, end_hour, purpose):
    def go():
        return room_book(
            room=Room.objects.get(pk=room_id),
            starts_at=kst(2031, 3, 5, start_hour),
            ends_at=kst(2031, 3, 5, end_hour),
            purpose=purpose,
            actor=User.objects.get(username=username),
        ).pk

    return go


def test_two_connections_booking_at_once_one_wins(committed_room):
    """Both threads start together; whichever commits first wins, the other is refused in Korean."""
    barrier = threading.Barrier(2, timeout=WAIT)

    def racer(username, purpose):
        book_it = _booker(committed_room.pk, username, 10, 11, purpose)

        def go():
            barrier.wait()
            return book_it()

        return go

    threads = [_in_thread(racer(STAFF, "주간업무회의")), _in_thread(racer(PEER, "예산 협의"))]
    for thread, _result in threads:
        thread.join(WAIT)
    results = [result for _thread, result in threads]

    winners = [r for r in results if "value" in r]
    losers = [r for r in results if "error" in r]
    assert len(winners) == 1
    assert len(losers) == 1
    error = losers[0]["error"]
    assert isinstance(error, ValidationError)
    winner_purpose = "주간업무회의" if "value" in results[0] else "예산 협의"
    assert error.message_dict == {"room": [f"선택한 시간에 이미 예약이 있습니다: 10:00~11:00 {winner_purpose}"]}
    live = _run(lambda: list(RoomBooking.objects.filter(room_id=committed_room.pk).values_list("pk", flat=True)))
    assert live == [winners[0]["value"]]


def test_the_constraint_turns_away_a_booking_the_precheck_passed(committed_room):
    """First books and keeps its transaction open; second's pre-check sees nothing (uncommitted),
    its INSERT waits on the first's row; the first commits; the second is refused by the
    exclusion constraint, and the refusal is the same Korean message naming the winner."""
    second_pid: dict = {}
    first_holds = threading.Event()

    def first():
        with transaction.atomic():
            booking_pk = _booker(committed_room.pk, STAFF, 10, 11, "주간업무회의")()
            first_holds.set()
            _wait_until_waiting_on_a_lock(second_pid)
        return booking_pk

    def second():
        assert first_holds.wait(WAIT)
        second_pid["pid"] = _backend_pid()
        return _booker(committed_room.pk, PEER, 10, 12, "예산 협의")()

    first_thread, first_result = _in_thread(first)
    second_thread, second_result = _in_thread(second)
    first_thread.join(WAIT)
    second_thread.join(WAIT)

    assert "error" not in first_result, first_result.get("error")
    error = second_result.get("error")
    assert isinstance(error, ValidationError), second_result
    assert error.message_dict == {"room": ["선택한 시간에 이미 예약이 있습니다: 10:00~11:00 주간업무회의"]}
    assert isinstance(error.__cause__, IntegrityError)  # it came from the database, not the pre-check


# --- Two conversions of one decision -----------------------------------------------------------------


@pytest.fixture
def committed_decision(committed):
    def setup():
        admin = User.objects.get(username=ADMIN)
        meeting = make_meeting(
            admin, title="경합 시험 회의", starts_at=kst(2026, 3, 5, 10), ends_at=kst(2026, 3, 5, 11)
        )
        return meeting_decision_add(meeting=meeting, actor=admin, text="경합 시험 결정사항")

    decision = _run(setup)

    def undo():
        directive_ids = list(
            MeetingDecision.objects.filter(meeting_id=decision.meeting_id).values_list("directive_id", flat=True)
        )
        MeetingDecision.objects.filter(meeting_id=decision.meeting_id).delete()
        Directive.objects.filter(title="경합 시험 결정사항").delete()
        Directive.objects.filter(pk__in=[pk for pk in directive_ids if pk]).delete()
        Meeting.objects.filter(pk=decision.meeting_id).delete()

    committed.append(undo)
    return decision


def _converter(decision_id):
    def go():
        return meeting_decision_to_directive(
            decision=MeetingDecision.objects.get(pk=decision_id),
            actor=User.objects.get(username=ADMIN),
            assignees=[User.objects.get(username=STAFF)],
            due_on=timezone.localdate() + timedelta(days=7),
        ).pk

    return go


def test_a_decision_converted_from_two_connections_becomes_one_directive(committed_decision):
    """First converts and keeps its transaction open; second waits on the decision's row lock;
    when the first commits, the second re-reads the row, finds the directive and is refused."""
    second_pid: dict = {}
    first_holds = threading.Event()

    def first():
        with transaction.atomic():
            directive_pk = _converter(committed_decision.pk)()
            first_holds.set()
            _wait_until_waiting_on_a_lock(second_pid)
        return directive_pk

    def second():
        assert first_holds.wait(WAIT)
        second_pid["pid"] = _backend_pid()
        return _converter(committed_decision.pk)()

    first_thread, first_result = _in_thread(first)
    second_thread, second_result = _in_thread(second)
    first_thread.join(WAIT)
    second_thread.join(WAIT)

    assert "error" not in first_result, first_result.get("error")
    error = second_result.get("error")
    assert isinstance(error, ValidationError), second_result
    assert error.messages == ["이미 지시사항으로 전환된 결정사항입니다."]
    directives = _run(lambda: list(Directive.objects.filter(title="경합 시험 결정사항").values_list("pk", flat=True)))
    assert directives == [first_result["value"]]
    assert _run(lambda: MeetingDecision.objects.get(pk=committed_decision.pk).directive_id) == first_result["value"]
