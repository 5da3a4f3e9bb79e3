"""Rooms in the institution admin console: admins add and change them; a booked room cannot be
deleted (it is taken out of use instead); staff cannot open the page."""

from __future__ import annotations

import pytest

from org.models import User
from tasks.models import Room
from tasks.services.meetings import room_book
from tests.factories.tasks_meetings import RoomFactory, kst
from tests.support import ADMIN, STAFF, login

pytestmark = pytest.mark.django_db


@pytest.fixture
def console(alpha, client_for):
    client = client_for(alpha)
    assert login(client, ADMIN).status_code == 302
    return client


def test_an_admin_adds_a_room(console, in_alpha):
    assert console.get("/admin/tasks/room/").status_code == 200

    response = console.post(
        "/admin/tasks/room/add/", {"name": "대회의실", "location": "본관 3층", "capacity": "30", "is_active": "on"}
    )

    assert response.status_code == 302
    room = Room.objects.get(name="대회의실")
    assert (room.location, room.capacity, room.is_active) == ("본관 3층", 30, True)


def test_a_booked_room_is_deactivated_not_deleted(console, in_alpha):
    booked = RoomFactory(name="대회의실")
    room_book(
        room=booked,
        starts_at=kst(2031, 3, 5, 10),
        ends_at=kst(2031, 3, 5, 11),
        purpose="회의",
        actor=User.objects.get(username=STAFF),
    )
    unused = RoomFactory(name="창고 회의실")

    assert console.get(f"/admin/tasks/room/{booked.pk}/delete/").status_code == 403
    assert console.post(f"/admin/tasks/room/{booked.pk}/delete/", {"post": "yes"}).status_code == 403
    assert console.post(f"/admin/tasks/room/{unused.pk}/delete/", {"post": "yes"}).status_code == 302
    response = console.post(
        "/admin/tasks/room/", {"action": "deactivate", "_selected_action": [booked.pk]}, follow=True
    )

    assert "회의실 1곳을 사용 해제했습니다." in response.content.decode()
    booked.refresh_from_db()
    assert not booked.is_active
    assert list(Room.objects.values_list("name", flat=True)) == ["대회의실"]


def test_staff_cannot_manage_rooms(alpha, client_for, in_alpha):
    client = client_for(alpha)
    login(client, STAFF)
    assert client.get("/admin/tasks/room/").status_code in {302, 403}
    assert client.post("/admin/tasks/room/add/", {"name": "몰래 만든 회의실", "capacity": "5"}).status_code in {
        302,
        403,
    }
    assert not Room.objects.filter(name="몰래 만든 회의실").exists()
