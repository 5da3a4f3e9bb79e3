"""The working-day calendar: the one place that says whether a day is worked.

A day is not worked when it is a Saturday or Sunday, a public holiday (the `holidays` package's
KR calendar in Korean: 대체공휴일, 선거일 and 임시공휴일 included), a holiday the province declared
(standards.HolidayOverride, which may also strike a listed holiday), or a closure of the
institution (attendance.Closure). 근로자의 날 (5월 1일) is a 관공서 holiday only from 2026
(노동절); before that it is a paid day off for staff under the 근로기준법 only, which
`AttendanceSettings.labour_day_off` says our institution's staff are (reference §4.1, §5).

`working_days` without a person is the 관공서 calendar (what the province and the
`working_days` command count); with a person it is that person's calendar.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from typing import Any

import holidays
from django.db import connection
from django.utils.translation import gettext as _
from django_tenants.utils import get_public_schema_name

from standards.models import HolidayOverride

LABOUR_DAY = (5, 1)
MAX_SPAN_DAYS = 3660  # ten years: longer ranges are a typo, refused by callers


@cache
def public_holidays(year: int) -> dict[date, str]:
    """The KR public holidays of `year`, in Korean (one name per day; two on one day joined)."""
    calendar = holidays.country_holidays("KR", years=year, language="ko")
    return {day: name.replace("; ", "·") for day, name in calendar.items()}


@dataclass(frozen=True)
class Skipped:
    day: date
    name: str

    def as_json(self) -> dict[str, str]:
        return {"date": self.day.isoformat(), "name": self.name}


@dataclass(frozen=True)
class WorkingDays:
    count: int
    days: tuple[date, ...]
    skipped: tuple[Skipped, ...]  # weekday holidays and closures, in date order

    def as_json(self) -> dict[str, Any]:
        return {"working_days": self.count, "skipped": [item.as_json() for item in self.skipped]}


def _in_institution() -> bool:
    return connection.schema_name != get_public_schema_name()  # type: ignore[attr-defined]  # django-tenants


def _labour_day_off(person: Any) -> bool:
    if person is None or not _in_institution():
        return False
    from attendance.models import AttendanceSettings

    return AttendanceSettings.current().labour_day_off


def days_off(start: date, end: date, *, person: Any = None) -> dict[date, str]:
    """Every non-weekend day in [start, end] that is not worked, with its name (three queries at
    most: the province's overrides, the institution's closures, its settings)."""
    off: dict[date, str] = {}
    for year in range(start.year, end.year + 1):
        off.update({day: name for day, name in public_holidays(year).items() if start <= day <= end})
    labour_day_off = _labour_day_off(person)
    if labour_day_off:
        for year in range(start.year, end.year + 1):
            day = date(year, *LABOUR_DAY)
            if start <= day <= end:
                off.setdefault(day, _("근로자의 날"))
    for override in HolidayOverride.objects.filter(date__range=(start, end)):
        if override.is_holiday:
            off[override.date] = override.name
        else:
            off.pop(override.date, None)
    if _in_institution():
        from attendance.models import Closure

        for closure in Closure.objects.filter(date__range=(start, end)):
            off.setdefault(closure.date, closure.name)
    return {day: name for day, name in sorted(off.items()) if day.weekday() < 5}


def working_days(start: date, end: date, *, person: Any = None) -> WorkingDays:
    """The working days in [start, end] (both included) and the weekday holidays skipped."""
    if end < start:
        return WorkingDays(0, (), ())
    off = days_off(start, end, person=person)
    worked = []
    day = start
    while day <= end:
        if day.weekday() < 5 and day not in off:
            worked.append(day)
        day += timedelta(days=1)
    return WorkingDays(len(worked), tuple(worked), tuple(Skipped(d, name) for d, name in off.items()))


def is_working_day(person: Any, day: date) -> bool:
    """Whether `person` works on `day` (None: by the 관공서 calendar)."""
    return day.weekday() < 5 and day not in days_off(day, day, person=person)
