"""Room bookings: the exclusion constraint keeps a room from being booked twice (the race between
two connections is in test_meetings_races.py); back-to-back is fine; a cancelled booking frees
its slot; different rooms never clash."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from audit.models import AuditEvent
from org.models import User
from tasks.models import RoomBooking
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
