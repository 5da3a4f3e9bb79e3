"""Fetch-and-authorise for attendance's objects (STYLE: access_<entity>)."""

from __future__ import annotations

from django.http import Http404

from approval.permissions import visible_document_ids
from attendance.models import LeaveRequest
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
