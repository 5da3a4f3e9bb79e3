"""Room bookings: the exclusion constraint keeps a room from being booked twice, even when two
people book at the same moment from two connections; back-to-back is fine; a cancelled booking
frees its slot; different rooms never clash."""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django_tenants.utils import schema_context

from audit.models import AuditEvent
from audit.services import audit_verify_chain
from org.models import User
from tasks.models import Room, RoomBooking
from tasks.services.meetings import room_book, room_booking_cancel
from tests.factories.tasks_meetings import RoomFactory, kst, make_meeting
from tests.support import ADMIN, PEER, STAFF

pytestmark = pytest.mark.django_db

CLASH_10_11 = "선택한 시간에 이미 예약이 있습니다: 10:00~11:00 주간업무회의"


@pytest.fixture
def people(in_alpha):
    return {u.username: u for u in User.objects.filter(username__in=[ADMIN, STAFF, PEER])}


@pytest.fixture
def room(in_alpha):
    return RoomFactory(name="대회의실", location="본관 3층")


def book(room, actor, start_hour, end_hour, purpose="주간업무회의", day=5):
    return room_book(
        room=room,
        starts_at=kst(2031, 3, day, start_hour),
        ends_at=kst(2031, 3, day, end_hour),
        purpose=purpose,
        actor=actor,
    )


def test_overlap_is_refused_with_the_clash_named(room, people):
    book(room, people[STAFF], 10, 11)

    with pytest.raises(ValidationError) as caught:
        book(room, people[PEER], 10, 12, purpose="예산 협의")

    assert caught.value.message_dict == {"room": [CLASH_10_11]}
    assert RoomBooking.objects.filter(room=room).count() == 1


def test_a_clash_on_another_day_names_the_date(room, people):
    room_book(
        room=room, starts_at=kst(2031, 3, 4, 22), ends_at=kst(2031, 3, 5, 1), purpose="야간 점검", actor=people[STAFF]
    )

    with pytest.raises(ValidationError) as caught:
        book(room, people[PEER], 0, 2)

    assert caught.value.message_dict["room"] == [
        "선택한 시간에 이미 예약이 있습니다: 2031. 3. 4. 22:00~2031. 3. 5. 01:00 야간 점검"
    ]


def test_back_to_back_bookings_are_allowed(room, people):
    first = book(room, people[STAFF], 10, 11)
    second = book(room, people[PEER], 11, 12)

    assert [b.pk for b in RoomBooking.objects.filter(room=room)] == [first.pk, second.pk]


def test_different_rooms_never_clash(room, people):
    other = RoomFactory(name="소회의실")
    book(room, people[STAFF], 10, 11)
    book(other, people[PEER], 10, 11)

    assert RoomBooking.objects.filter(cancelled_at__isnull=True, starts_at=kst(2031, 3, 5, 10)).count() == 2


def test_a_cancelled_booking_frees_the_slot(room, people):
    first = book(room, people[STAFF], 10, 11)

    room_booking_cancel(booking=first, actor=people[STAFF])
    again = book(room, people[PEER], 10, 11, purpose="예산 협의")

    first.refresh_from_db()
    assert first.cancelled_at is not None
    assert again.cancelled_at is None
    assert list(
        AuditEvent.objects.filter(target_id=str(first.pk), target_type="tasks.RoomBooking")
        .values_list("action", flat=True)
        .order_by("id")
    ) == ["room.book", "room.cancel"]


def test_only_the_booker_or_an_admin_cancels(room, people):
    booking = book(room, people[STAFF], 10, 11)

    with pytest.raises(PermissionDenied):
        room_booking_cancel(booking=booking, actor=people[PEER])
    room_booking_cancel(booking=booking, actor=people[ADMIN])

    with pytest.raises(ValidationError, match="이미 취소된 예약입니다"):
        room_booking_cancel(booking=booking, actor=people[ADMIN])


def test_a_meetings_booking_is_cancelled_with_the_meeting_not_alone(room, people):
    meeting = make_meeting(people[STAFF], room=room)

    with pytest.raises(ValidationError, match="회의에 딸린 예약입니다"):
        room_booking_cancel(booking=meeting.booking, actor=people[STAFF])


def test_bad_input_is_refused_by_field(room, people):
    room.is_active = False
    room.save()

    with pytest.raises(ValidationError) as caught:
        room_book(
            room=room, starts_at=kst(2031, 3, 5, 11), ends_at=kst(2031, 3, 5, 10), purpose=" ", actor=people[STAFF]
        )

    assert caught.value.message_dict == {
        "purpose": ["사용 목적을 입력하세요."],
        "ends_at": ["종료 시각은 시작 시각보다 뒤여야 합니다."],
        "room": ["사용하지 않는 회의실입니다."],
    }


def test_the_database_refuses_an_overlap_the_code_let_through(room, people):
    """The constraint itself, written to behind the service's back."""
    book(room, people[STAFF], 10, 11)

    with pytest.raises(IntegrityError, match="room_booking_no_overlap"), transaction.atomic():
        RoomBooking.objects.create(
            room=room,
            starts_at=kst(2031, 3, 5, 10, 30),
            ends_at=kst(2031, 3, 5, 11, 30),
            purpose="x",
            booked_by=people[PEER],
        )


# --- Two real connections ------------------------------------------------------------------------
#
# These tests commit: each thread has its own database connection (Django keeps one per thread),
# outside the test's rolled-back transaction. The main thread touches none of the rows involved
# (it would hold locks the threads wait on), and the fixture removes everything committed: the
# room, its bookings and the audit entries the bookings appended (the audit table refuses DELETE
# through a trigger, which is switched off for that one statement inside one transaction, so no
# other session ever sees it off).

WAIT = 20


def _in_alpha(fn):
    """Run fn in the alpha schema on this thread's own connection, then close that connection
    (a connection left open would keep the test database from being dropped)."""
    try:
        with schema_context("alpha"):
            return fn()
    finally:
        connection.close()


def _in_thread(fn):
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


@pytest.fixture
def committed_room(alpha):
    def setup():
        last_event = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
        return Room.objects.create(name="경합 시험 회의실"), last_event

    room, last_event = _run(setup)
    yield room

    def cleanup():
        with transaction.atomic():
            RoomBooking.objects.filter(room_id=room.pk).delete()
            Room.objects.filter(pk=room.pk).delete()
            with connection.cursor() as cursor:
                cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_no_delete")
                cursor.execute("DELETE FROM audit_auditevent WHERE id > %s", [last_event])
                cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER audit_event_no_delete")
        assert not Room.objects.filter(pk=room.pk).exists()
        assert AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() == last_event
        assert audit_verify_chain().ok

    _run(cleanup)


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
    assert _run(lambda: list(RoomBooking.objects.filter(room_id=committed_room.pk).values_list("pk", flat=True))) == [
        winners[0]["value"]
    ]


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
            with connection.cursor() as cursor:
                for _attempt in range(WAIT * 20):
                    cursor.execute(
                        "SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", [second_pid.get("pid")]
                    )
                    row = cursor.fetchone()
                    if row and row[0] == "Lock":
                        break
                    threading.Event().wait(0.05)
                else:
                    raise AssertionError("the second booking never waited on the first one's row")
        return booking_pk

    def second():
        assert first_holds.wait(WAIT)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            second_pid["pid"] = cursor.fetchone()[0]
        return _booker(committed_room.pk, PEER, 10, 12, "예산 협의")()

    first_thread, first_result = _in_thread(first)
    second_thread, second_result = _in_thread(second)
    first_thread.join(WAIT)
    second_thread.join(WAIT)

    assert "error" not in first_result, first_result.get("error")
    error = second_result.get("error")
    assert isinstance(error, ValidationError), second_result
    assert error.message_dict == {"room": [CLASH_10_11]}
    assert isinstance(error.__cause__, IntegrityError)  # it came from the database, not the pre-check
