"""Factories and helpers for meetings, rooms and schedules. Meetings are made through
`tasks.services.meetings.meeting_create`, as the application makes them; rooms are set up by
admins in the console, so a plain model factory is that path."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import factory
from factory.django import DjangoModelFactory

from org.models import Department
from tasks.models import Meeting, Room
from tasks.services.meetings import meeting_create

SEOUL = ZoneInfo("Asia/Seoul")


def kst(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """A wall-clock time in Korea (the institution's time zone)."""
    return datetime(year, month, day, hour, minute, tzinfo=SEOUL)


class RoomFactory(DjangoModelFactory):
    class Meta:
        model = Room

    name = factory.Sequence(lambda n: f"회의실{n}")
    location = factory.Sequence(lambda n: f"본관 {n}층")
    capacity = 12


def make_meeting(actor, **fields) -> Meeting:
    """A meeting of the actor's department, 2031-03-05 10:00-11:00, with one agenda item and the
    actor's colleagues passed as `attendees` (override any field)."""
    values = {
        "title": "주간업무회의",
        "department": actor.department or Department.objects.order_by("pk").first(),
        "starts_at": kst(2031, 3, 5, 10),
        "ends_at": kst(2031, 3, 5, 11),
        "place": "",
        "agenda": [("주간 추진 실적 보고", "이직원")],
        "attendees": [actor],
    }
    values.update(fields)
    if values.get("room") is None and not values["place"]:
        values["place"] = "소회의실"
    return meeting_create(actor=actor, **values)
