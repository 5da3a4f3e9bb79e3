"""The calendar as an iCalendar file (RFC 5545), for Outlook, Google Calendar, phones.

Times are written in Asia/Seoul with its VTIMEZONE, all-day items as dates (DTEND the day after the
last, as the RFC has it), and every item gets a UID that stays the same between exports (kind,
row id, institution host), so a calendar that re-imports the file updates instead of duplicating.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from icalendar import Calendar, Event

from tasks.selectors.calendar import CalendarItem

PRODID = "-//province-works//tasks calendar//KO"


def calendar_ics(items: Iterable[CalendarItem], *, name: str, host: str, now: datetime, base_url: str = "") -> bytes:
    seoul = ZoneInfo(settings.TIME_ZONE)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    stamp = now.astimezone(UTC)
    for item in items:
        event = Event()
        event.add("uid", f"{item.key}@{host}")
        event.add("dtstamp", stamp)
        event.add("summary", item.title)
        if item.all_day:
            event.add("dtstart", item.first_day)
            event.add("dtend", item.end.astimezone(seoul).date())
        else:
            event.add("dtstart", item.start.astimezone(seoul))
            event.add("dtend", item.end.astimezone(seoul))
        event.add("categories", [item.label])
        if item.place:
            event.add("location", item.place)
        if item.url and base_url:
            event.add("url", base_url + item.url)
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
