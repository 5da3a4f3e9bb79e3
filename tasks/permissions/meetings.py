"""Who may see and change meetings, their minutes and room bookings.

A meeting is visible to its organiser, its attendees and observers, the members of the hosting
department, the heads of that department's tree, admins and auditors. Only the organiser and
admins change it (edit, cancel, minutes, decisions). Room bookings are institution-wide facts
(who holds which room when), so every signed-in colleague sees them; only the booker or an admin
cancels one.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from org.visibility import Viewer, viewer_for
from tasks.models import Meeting, MeetingAttendee, MinutesAttachment, RoomBooking


def meetings_visible_to(viewer: Viewer) -> QuerySet[Meeting]:
    meetings = Meeting.objects.all()
    if viewer.sees_everything:
        return meetings
    # EXISTS rather than a join on attendees: a join would repeat a meeting once per attendee.
    party = MeetingAttendee.objects.filter(meeting=OuterRef("pk"), user=viewer.user)
    return meetings.filter(Q(organiser=viewer.user) | Exists(party) | viewer.department_q("department"))


def can_manage_meeting(viewer: Viewer, meeting: Meeting) -> bool:
    """Edit, cancel, write minutes, add decisions: the organiser and admins (auditors only read)."""
    return viewer.is_admin or meeting.organiser_id == viewer.user.pk


def require_manage_meeting(viewer: Viewer, meeting: Meeting) -> None:
    if not can_manage_meeting(viewer, meeting):
        raise PermissionDenied(_("회의를 등록한 사람이나 관리자만 변경할 수 있습니다."))


def can_host_for(viewer: Viewer, department) -> bool:
    """May this person register a meeting hosted by `department`? Its members, the heads of its
    tree, admins."""
    return viewer.is_admin or viewer.in_scope(department)


def access_meeting(user, pk, *, for_write: bool = False) -> Meeting:
    viewer = viewer_for(user)
    meeting = (
        meetings_visible_to(viewer)
        .select_related("department", "organiser", "booking__room", "unit_task")
        .filter(pk=pk)
        .first()
    )
    if meeting is None:
        raise Http404
    if for_write:
        require_manage_meeting(viewer, meeting)
    return meeting


def access_minutes_attachment(user, pk) -> MinutesAttachment:
    """An attachment is readable by whoever may see its meeting."""
    viewer = viewer_for(user)
    attachment = MinutesAttachment.objects.select_related("minutes").filter(pk=pk).first()
    if attachment is None or not meetings_visible_to(viewer).filter(pk=attachment.minutes.meeting_id).exists():
        raise Http404
    return attachment


def can_cancel_booking(viewer: Viewer, booking: RoomBooking) -> bool:
    return viewer.is_admin or booking.booked_by_id == viewer.user.pk


def access_room_booking(user, pk, *, for_write: bool = False) -> RoomBooking:
    booking = RoomBooking.objects.select_related("room").filter(pk=pk).first()
    if booking is None:
        raise Http404
    if for_write and not can_cancel_booking(viewer_for(user), booking):
        raise PermissionDenied(_("예약한 사람이나 관리자만 취소할 수 있습니다."))
    return booking
