"""Reads for the meeting pages, the rooms view and the calendar. Each runs a fixed number of
queries, whatever the number of meetings, attendees or bookings."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from core.people import person_label
from org.models import User
from org.visibility import Viewer
from tasks.models import Meeting, MeetingAttendee, MeetingDecision, MeetingStatus, Minutes, Room, RoomBooking
from tasks.permissions.meetings import can_manage_meeting, meetings_visible_to

DEFAULT_ORDER_OF_BUSINESS = "1. 개회\n2. 안건 심의\n3. 결정사항 확인\n4. 폐회"


def _party(user: User):
    return Exists(MeetingAttendee.objects.filter(meeting=OuterRef("pk"), user=user))


def meetings_for(user: User, start: datetime, end: datetime) -> list[Meeting]:
    """Meetings the person organises or is invited to (attendee or observer), not cancelled,
    overlapping [start, end)."""
    return list(
        Meeting.objects.filter(Q(organiser=user) | _party(user), starts_at__lt=end, ends_at__gt=start)
        .exclude(status=MeetingStatus.CANCELLED)
        .select_related("department", "booking__room")
        .order_by("starts_at", "id")
    )


def department_meetings(viewer: Viewer, start: datetime, end: datetime) -> list[Meeting]:
    """Meetings hosted by the viewer's department (and, for a head, their tree) in a period."""
    return list(
        Meeting.objects.filter(viewer.department_q("department"), starts_at__lt=end, ends_at__gt=start)
        .exclude(status=MeetingStatus.CANCELLED)
        .select_related("department", "booking__room")
        .order_by("starts_at", "id")
    )


# --- The list ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class MeetingFilters:
    q: str = ""
    scope: str = "all"  # all | mine | department
    period: str = "upcoming"  # upcoming | past | all
    date_from: date | None = None
    date_to: date | None = None
    status: str = ""


SCOPES = ("all", "mine", "department")
PERIODS = ("upcoming", "past", "all")


def _local_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def meeting_list(viewer: Viewer, filters: MeetingFilters, *, now: datetime | None = None) -> QuerySet[Meeting]:
    now = now or timezone.now()
    user = viewer.user
    meetings = (
        meetings_visible_to(viewer)
        .select_related("department", "organiser", "booking__room")
        .annotate(
            people=Count("attendees"),
            my_rsvp=Subquery(MeetingAttendee.objects.filter(meeting=OuterRef("pk"), user=user).values("rsvp")[:1]),
            minutes_status=F("minutes__status"),
        )
    )
    if filters.scope == "mine":
        meetings = meetings.filter(Q(organiser=user) | _party(user))
    elif filters.scope == "department":
        meetings = meetings.filter(viewer.department_q("department"))
    if filters.q:
        meetings = meetings.filter(
            Q(title__icontains=filters.q) | Q(place__icontains=filters.q) | Q(department__name__icontains=filters.q)
        )
    if filters.status in MeetingStatus.values:
        meetings = meetings.filter(status=filters.status)
    if filters.date_from:
        meetings = meetings.filter(starts_at__gte=_local_midnight(filters.date_from))
    if filters.date_to:
        meetings = meetings.filter(starts_at__lt=_local_midnight(filters.date_to + timedelta(days=1)))
    if filters.period == "upcoming":
        return meetings.filter(ends_at__gte=now).order_by("starts_at", "id")
    if filters.period == "past":
        meetings = meetings.filter(ends_at__lt=now)
    return meetings.order_by("-starts_at", "-id")


# --- One meeting -------------------------------------------------------------------------------


@dataclass
class MeetingPage:
    meeting: Meeting
    can_manage: bool
    agenda: list
    attendees: list[MeetingAttendee]
    observers: list[MeetingAttendee]
    mine: MeetingAttendee | None
    minutes: Minutes | None
    attachments: list
    decisions: list[MeetingDecision]
    rsvp_counts: dict[str, int] = field(default_factory=dict)


def meeting_page(viewer: Viewer, meeting: Meeting) -> MeetingPage:
    people = list(meeting.attendees.select_related("user__department", "user__position"))
    minutes = Minutes.objects.filter(meeting=meeting).first()
    counts = dict.fromkeys(MeetingAttendee.Rsvp.values, 0)
    for row in people:
        if row.role == MeetingAttendee.Role.ATTENDEE:
            counts[row.rsvp] += 1
    return MeetingPage(
        meeting=meeting,
        can_manage=can_manage_meeting(viewer, meeting),
        agenda=list(meeting.agenda_items.all()),
        attendees=[p for p in people if p.role == MeetingAttendee.Role.ATTENDEE],
        observers=[p for p in people if p.role == MeetingAttendee.Role.OBSERVER],
        mine=next((p for p in people if p.user_id == viewer.user.pk), None),
        minutes=minutes,
        attachments=list(minutes.attachments.all()) if minutes else [],
        decisions=list(meeting.decisions.select_related("directive")),
        rsvp_counts=counts,
    )


def attendee_row(meeting: Meeting, user: User) -> MeetingAttendee | None:
    return MeetingAttendee.objects.select_related("user").filter(meeting=meeting, user=user).first()


def minutes_prefill(meeting: Meeting) -> dict:
    """Draft minutes filled in from the meeting: who said they would come as 참석자, the observers
    as 배석자, the agenda as 상정안건, the decisions recorded so far as 결정사항."""
    people = list(meeting.attendees.select_related("user__position"))
    agenda = list(meeting.agenda_items.all())
    decisions = list(meeting.decisions.all())
    attendees = [
        p.user for p in people if p.role == MeetingAttendee.Role.ATTENDEE and p.rsvp == MeetingAttendee.Rsvp.YES
    ]
    observers = [p.user for p in people if p.role == MeetingAttendee.Role.OBSERVER]
    return {
        "title": meeting.title,
        "department_name": meeting.department.name,
        "held_from": meeting.starts_at,
        "held_to": meeting.ends_at,
        "place": meeting.place,
        "attendees_text": ", ".join(person_label(u) for u in attendees),
        "observers_text": ", ".join(person_label(u) for u in observers),
        "order_of_business": DEFAULT_ORDER_OF_BUSINESS,
        "agenda_text": "\n".join(
            f"{i}. {a.title}" + (f" ({a.presenter})" if a.presenter else "") for i, a in enumerate(agenda, start=1)
        ),
        "decisions_text": "\n".join(f"{i}. {d.text}" for i, d in enumerate(decisions, start=1)),
    }


# --- Rooms -------------------------------------------------------------------------------------


@dataclass
class RoomRow:
    room: Room
    days: list[list[RoomBooking]]


@dataclass
class RoomSchedule:
    days: list[date]
    rows: list[RoomRow]


def room_schedule(start: date, days: int) -> RoomSchedule:
    """Live bookings of every active room for `days` days from `start`: one row per room, one
    cell per day (a booking across midnight shows on each day it touches). Two queries."""
    dates = [start + timedelta(days=i) for i in range(days)]
    period_start, period_end = _local_midnight(start), _local_midnight(start + timedelta(days=days))
    rooms = list(Room.objects.filter(is_active=True).order_by("name"))
    bookings = (
        RoomBooking.objects.filter(
            room__is_active=True, cancelled_at__isnull=True, starts_at__lt=period_end, ends_at__gt=period_start
        )
        .select_related("booked_by", "meeting")
        .order_by("starts_at", "id")
    )
    cells: dict[int, list[list[RoomBooking]]] = {room.pk: [[] for _ in dates] for room in rooms}
    for booking in bookings:
        first = timezone.localtime(booking.starts_at).date()
        last = timezone.localtime(booking.ends_at - timedelta(microseconds=1)).date()
        for i, day in enumerate(dates):
            if first <= day <= last and booking.room_id in cells:
                cells[booking.room_id][i].append(booking)
    return RoomSchedule(days=dates, rows=[RoomRow(room=room, days=cells[room.pk]) for room in rooms])


@dataclass(frozen=True)
class RoomChoice:
    room: Room
    clash: RoomBooking | None


def room_availability(
    starts_at: datetime | None, ends_at: datetime | None, *, keep_booking_id: int | None = None
) -> list[RoomChoice]:
    """Every active room and, for the period asked, the first live booking in the way (the
    meeting's own booking, `keep_booking_id`, is not in its way). Two queries."""
    rooms = list(Room.objects.filter(is_active=True).order_by("name"))
    clashes: dict[int, RoomBooking] = {}
    if starts_at and ends_at and ends_at > starts_at:
        for booking in (
            RoomBooking.objects.filter(cancelled_at__isnull=True, starts_at__lt=ends_at, ends_at__gt=starts_at)
            .exclude(pk=keep_booking_id)
            .order_by("starts_at", "id")
        ):
            clashes.setdefault(booking.room_id, booking)
    return [RoomChoice(room=room, clash=clashes.get(room.pk)) for room in rooms]
