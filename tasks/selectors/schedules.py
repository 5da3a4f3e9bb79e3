"""Reads of schedule entries (일정) for the calendar and the home page."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Q, QuerySet

from org.models import User
from org.visibility import Viewer
from tasks.models import ScheduleEntry, ScheduleScope


def overlapping(entries: QuerySet[ScheduleEntry], start: datetime, end: datetime) -> QuerySet[ScheduleEntry]:
    """Entries that share time with [start, end). A moment-long entry (end = start) counts when
    its moment falls inside the period."""
    return entries.filter(Q(starts_at__lt=end) & (Q(ends_at__gt=start) | Q(starts_at__gte=start)))


def schedule_entries_for(user: User, start: datetime, end: datetime) -> list[ScheduleEntry]:
    """The person's own entries, their department's and the institution's, in [start, end)."""
    mine = Q(scope=ScheduleScope.PERSONAL, owner=user) | Q(scope=ScheduleScope.INSTITUTION)
    if user.department_id:
        mine |= Q(scope=ScheduleScope.DEPARTMENT, department_id=user.department_id)
    return list(
        overlapping(ScheduleEntry.objects.filter(mine), start, end)
        .select_related("department")
        .order_by("starts_at", "id")
    )


def department_entries(viewer: Viewer, start: datetime, end: datetime) -> list[ScheduleEntry]:
    """Department entries of the viewer's department (and, for a head, of their tree)."""
    return list(
        overlapping(
            ScheduleEntry.objects.filter(viewer.department_q("department"), scope=ScheduleScope.DEPARTMENT), start, end
        )
        .select_related("department")
        .order_by("starts_at", "id")
    )


def institution_entries(start: datetime, end: datetime) -> list[ScheduleEntry]:
    return list(
        overlapping(ScheduleEntry.objects.filter(scope=ScheduleScope.INSTITUTION), start, end).order_by(
            "starts_at", "id"
        )
    )
