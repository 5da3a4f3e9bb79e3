"""The calendar: one sorted list of items from every source a person's work has dates in, and the
month/week grids the pages draw from it.

Sources, by scope:
- 나 (me): their schedule entries (personal, their department's, the institution's), the meetings
  they organise or are invited to, the open milestones (추진계획) of their unit tasks and the open
  directives assigned to them, by due date;
- 부서 (department): their department's entries and the meetings it hosts (a head: their tree's);
- 기관 (institution): the institution's entries.

One query per source, whatever the number of items.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from org.models import User
from org.visibility import Viewer, viewer_for
from tasks.models import Meeting, ScheduleEntry
from tasks.permissions.schedules import can_edit_entry
from tasks.selectors.cards import milestones_due_for
from tasks.selectors.directives import directives_due_for
from tasks.selectors.meetings import department_meetings, meetings_for
from tasks.selectors.schedules import department_entries, institution_entries, schedule_entries_for

SCOPES = ("me", "department", "institution")
WEEKDAY_LABELS = ("월", "화", "수", "목", "금", "토", "일")


def local_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


@dataclass(frozen=True)
class CalendarItem:
    kind: str  # schedule | meeting | milestone | directive
    key: str  # unique and stable per source row ("meeting-12"): the iCalendar UID is built on it
    title: str
    start: datetime  # aware; an all-day item runs from local midnight
    end: datetime  # aware; an all-day item ends at local midnight after its last day (exclusive)
    all_day: bool
    label: str  # 개인 / 부서 / 기관 / 회의 / 추진계획 / 지시사항
    url: str = ""
    place: str = ""
    tone: str = ""  # chip class: "info" for meetings, "overdue" for what is past due

    @property
    def first_day(self) -> date:
        return timezone.localtime(self.start).date()

    @property
    def last_day(self) -> date:
        if self.end <= self.start:
            return self.first_day
        return timezone.localtime(self.end - timedelta(microseconds=1)).date()

    def falls_on(self, day: date) -> bool:
        return self.first_day <= day <= self.last_day

    def sort_key(self) -> tuple:
        return (self.first_day, not self.all_day, self.start, self.kind, self.title, self.key)


def _whole_days(first: date, last: date) -> tuple[datetime, datetime]:
    return local_midnight(first), local_midnight(last + timedelta(days=1))


def _entry_item(viewer: Viewer, entry: ScheduleEntry) -> CalendarItem:
    editable = can_edit_entry(viewer, entry)
    return CalendarItem(
        kind="schedule",
        key=f"schedule-{entry.pk}",
        title=entry.title,
        start=entry.starts_at,
        end=entry.ends_at,
        all_day=entry.all_day,
        label=entry.get_scope_display(),
        url=reverse("calendar:entry_edit", args=[entry.pk]) if editable else "",
        place=entry.location,
    )


def _meeting_item(meeting: Meeting) -> CalendarItem:
    return CalendarItem(
        kind="meeting",
        key=f"meeting-{meeting.pk}",
        title=meeting.title,
        start=meeting.starts_at,
        end=meeting.ends_at,
        all_day=False,
        label=_("회의"),
        url=reverse("meetings:detail", args=[meeting.pk]),
        place=meeting.place,
        tone="info",
    )


def _milestone_items(user: User, first: date, last: date, today: date) -> list[CalendarItem]:
    items = []
    for entry in milestones_due_for(user, first, last):
        start, end = _whole_days(entry.entry_date, entry.entry_date)
        items.append(
            CalendarItem(
                kind="milestone",
                key=f"milestone-{entry.pk}",
                title=f"{entry.title} ({entry.card.unit_task.name})",
                start=start,
                end=end,
                all_day=True,
                label=_("추진계획"),
                url=reverse("tasks:unit_task_detail", args=[entry.card.unit_task_id]),
                tone="overdue" if entry.entry_date < today else "",
            )
        )
    return items


def _directive_items(user: User, first: date, last: date, today: date) -> list[CalendarItem]:
    items = []
    for directive in directives_due_for(user, first, last):
        start, end = _whole_days(directive.due_on, directive.due_on)
        items.append(
            CalendarItem(
                kind="directive",
                key=f"directive-{directive.pk}",
                title=directive.title,
                start=start,
                end=end,
                all_day=True,
                label=_("지시사항"),
                url=reverse("directives:detail", args=[directive.pk]),
                tone="overdue" if directive.due_on < today else "warn",
            )
        )
    return items


def calendar_items(
    user: User, first: date, last: date, *, scope: str = "me", today: date | None = None
) -> list[CalendarItem]:
    """Everything on the person's calendar from `first` to `last` (both included), sorted by day,
    all-day items first, then by time."""
    today = today or timezone.localdate()
    viewer = viewer_for(user)
    start, end = _whole_days(first, last)
    items: list[CalendarItem] = []
    if scope == "department":
        items += [_entry_item(viewer, e) for e in department_entries(viewer, start, end)]
        items += [_meeting_item(m) for m in department_meetings(viewer, start, end)]
    elif scope == "institution":
        items += [_entry_item(viewer, e) for e in institution_entries(start, end)]
    else:
        items += [_entry_item(viewer, e) for e in schedule_entries_for(user, start, end)]
        items += [_meeting_item(m) for m in meetings_for(user, start, end)]
        items += _milestone_items(user, first, last, today)
        items += _directive_items(user, first, last, today)
    return sorted(items, key=CalendarItem.sort_key)


# --- Grids -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Day:
    date: date
    in_month: bool
    is_today: bool
    items: list[CalendarItem]

    @property
    def weekday_label(self) -> str:
        return WEEKDAY_LABELS[self.date.weekday()]


def month_bounds(year: int, month: int) -> tuple[date, date]:
    """The first Monday on or before the 1st and the last Sunday on or after the month's end:
    the days a Monday-first month grid shows."""
    first = date(year, month, 1)
    following = date(year + (month == 12), month % 12 + 1, 1)
    grid_first = first - timedelta(days=first.weekday())
    last = following - timedelta(days=1)
    grid_last = last + timedelta(days=6 - last.weekday())
    return grid_first, grid_last


def _days(first: date, last: date, items: list[CalendarItem], today: date, month: int | None) -> list[Day]:
    days = []
    day = first
    while day <= last:
        days.append(
            Day(
                date=day,
                in_month=month is None or day.month == month,
                is_today=day == today,
                items=[item for item in items if item.falls_on(day)],
            )
        )
        day += timedelta(days=1)
    return days


def month_grid(year: int, month: int, items: list[CalendarItem], today: date) -> list[list[Day]]:
    """Weeks (Monday to Sunday) covering the month; days of the neighbouring months included."""
    first, last = month_bounds(year, month)
    days = _days(first, last, items, today, month)
    return [days[i : i + 7] for i in range(0, len(days), 7)]


def week_days(monday: date, items: list[CalendarItem], today: date) -> list[Day]:
    return _days(monday, monday + timedelta(days=6), items, today, None)
