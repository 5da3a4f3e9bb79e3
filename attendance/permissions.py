"""Fetch-and-authorise for attendance's objects (STYLE: access_<entity>)."""

from __future__ import annotations

from django.http import Http404

from approval.permissions import visible_document_ids
from attendance.models import LeaveRequest, Trip
from org.models import User


def access_leave(user: User, pk: int, *, for_write: bool = False) -> LeaveRequest:
    """A leave request its applicant may open and act on, and anyone who may open its approval
    document may read (the approvers, those the document is shared with, the institution's
    admins and auditors as the engine says). Anyone else gets 404: they never learn it exists."""
    leave = LeaveRequest.objects.select_related("leave_type", "applicant", "proxy", "document").filter(pk=pk).first()
    if leave is None:
        raise Http404
    if leave.applicant_id == user.pk:
        return leave
    readable = LeaveRequest.objects.filter(pk=leave.pk, document_id__in=visible_document_ids(user))
    if not for_write and readable.exists():
        return leave
    raise Http404


def may_read_all(user: User) -> bool:
    """HR (인사 담당), the institution's admins and auditors read every person's attendance."""
    from attendance.plugin import ATTENDANCE_OFFICER
    from org.roles import AUDITOR, INSTITUTION_ADMIN

    return user.is_superuser or bool({ATTENDANCE_OFFICER, AUDITOR, INSTITUTION_ADMIN} & set(user.role_names()))


def access_trip(user: User, pk: int, *, for_write: bool = False) -> Trip:
    """A trip its traveller may open and settle; anyone who may open its approval document, and
    HR, admins and auditors, may read it (HR may also settle). Anyone else gets 404."""
    trip = (
        Trip.objects.select_related("person", "proxy", "budget_line", "document", "expenditure").filter(pk=pk).first()
    )
    if trip is None:
        raise Http404
    if trip.person_id == user.pk:
        return trip
    from attendance.plugin import ATTENDANCE_OFFICER

    if for_write:
        if ATTENDANCE_OFFICER in user.role_names():
            return trip
        raise Http404
    if may_read_all(user) or Trip.objects.filter(pk=trip.pk, document_id__in=visible_document_ids(user)).exists():
        return trip
    raise Http404
