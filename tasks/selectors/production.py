"""Meeting figures for records' 생산현황 통보 (records.reports): the public face through which
records counts a department's meetings of a year without reading this app's models itself.

The 생산현황 lists the meetings held with their minutes (회의록), and every meeting designated for a
속기록 (verbatim record) with its minutes and verbatim files, 0 included — a designated meeting
without them is what the 기록관 must see."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from core.templatetags.korean import kdate
from org.models import Department
from tasks.models import Meeting, MeetingStatus, Minutes


def _year_bounds(year: int) -> tuple[datetime, datetime]:
    return (
        timezone.make_aware(datetime.combine(date(year, 1, 1), time.min)),
        timezone.make_aware(datetime.combine(date(year + 1, 1, 1), time.min)),
    )


def meeting_production_counts(department: Department, year: int) -> dict[str, Any]:
    """The department's meetings of `year` (not cancelled): how many, how many with final minutes,
    how many designated for a 속기록; and each designated one with its minutes (0 or 1) and its
    속기록 files. Two queries."""
    start, end = _year_bounds(year)
    meetings = Meeting.objects.filter(department=department, starts_at__gte=start, starts_at__lt=end).exclude(
        status=MeetingStatus.CANCELLED
    )
    final = Q(minutes__status=Minutes.Status.FINAL)
    totals = meetings.aggregate(
        meetings=Count("pk"),
        with_minutes=Count("pk", filter=final),
        verbatim_designated=Count("pk", filter=Q(is_verbatim=True)),
    )
    designated = (
        meetings.filter(is_verbatim=True)
        .annotate(
            final_minutes=Count("minutes", filter=Q(minutes__status=Minutes.Status.FINAL), distinct=True),
            verbatim_files=Count("minutes__attachments", filter=Q(minutes__attachments__is_verbatim=True)),
        )
        .order_by("starts_at", "pk")
        .values("title", "starts_at", "final_minutes", "verbatim_files")
    )
    return {
        **totals,
        "verbatim": [
            {
                "title": row["title"],
                "date": kdate(timezone.localdate(row["starts_at"])),  # kept as printed: the counts are JSON
                "minutes": row["final_minutes"],
                "verbatim_files": row["verbatim_files"],
            }
            for row in designated
        ],
    }
