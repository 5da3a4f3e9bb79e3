"""The one rule for values that arrive in a query string or a form and reach the database or date
arithmetic without a Django form field in between (and, through DateField/DateTimeField below,
for the date fields of forms too).

- Numbers and ids are ASCII digits only: `str.isdigit()` also takes "²", which `int()` refuses,
  and "٣", which `int()` quietly reads as 3.
- Dates are ISO (2026-03-05), months are 2026-03, and both lie in the years 1900–2100, so a page
  can step a day, a week, a month or a year either way and convert to UTC without leaving
  Python's date range (year 1 or 9999 overflow on the first step).
- Text never carries NUL (PostgreSQL refuses it in text columns), is trimmed and has a length cap.

A refused value raises `BadInput`, which `core.bad_input.BadInputMiddleware` answers with a Korean
page in the site's layout: 400 for a GET, 422 for a form POST. Absent or empty values are not
errors: each parser returns its `default` for them.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import TypeVar, overload

from django import forms
from django.core.exceptions import BadRequest, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

MIN_YEAR = 1900
MAX_YEAR = 2100
MAX_ID = 2**63 - 1  # BIGINT, the widest key column
TEXT_MAX_LENGTH = 200  # search boxes: longer than any name, title or code they look for

_NUMBER = re.compile(r"[0-9]+")  # [0-9], not \d: \d matches every script's digits
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_MONTH = re.compile(r"([0-9]{4})-([0-9]{1,2})")
_DATETIME = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})[T ]([0-9]{2}):([0-9]{2})(?::([0-9]{2}))?")

# What a parser gives for an absent value: None unless the caller passes its own default, whose
# type the result then takes instead of None (the overloads below say so to the type checker).
_Default = TypeVar("_Default")


class BadInput(BadRequest):
    """A query-string or form value the page cannot use. `message` is Korean and names the value
    (`label`), for the person who typed or followed it."""

    def __init__(self, message: str, *, label: str = ""):
        super().__init__(message)
        self.message = message
        self.label = label


def _present(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    return value or None


def check_year(year: int, label: str) -> None:
    """Refuse (BadInput) a year outside MIN_YEAR–MAX_YEAR."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise BadInput(
            _("%(label)s: %(low)d년부터 %(high)d년 사이의 날짜만 다룰 수 있습니다.")
            % {"label": label, "low": MIN_YEAR, "high": MAX_YEAR},
            label=label,
        )


@overload
def parse_int(
    value: str | None, *, label: str, minimum: int = ..., maximum: int = ..., default: None = None
) -> int | None: ...
@overload
def parse_int(
    value: str | None, *, label: str, minimum: int = ..., maximum: int = ..., default: _Default
) -> int | _Default: ...
def parse_int(
    value: str | None, *, label: str, minimum: int = 0, maximum: int = MAX_ID, default: _Default | None = None
) -> int | _Default | None:
    """A whole number written in ASCII digits within [minimum, maximum]; `default` when absent."""
    text = _present(value)
    if text is None:
        return default
    if not _NUMBER.fullmatch(text):
        raise BadInput(_("%(label)s: 숫자(0–9)로만 입력하세요.") % {"label": label}, label=label)
    # Past 19 digits it is out of every range; int() of thousands of digits is refused anyway.
    number = int(text) if len(text) <= 19 else None
    if number is None or not minimum <= number <= maximum:
        message = _("%(label)s: %(low)d부터 %(high)d 사이의 값이어야 합니다.")
        raise BadInput(message % {"label": label, "low": minimum, "high": maximum}, label=label)
    return number


@overload
def parse_id(value: str | None, *, label: str, default: None = None) -> int | None: ...
@overload
def parse_id(value: str | None, *, label: str, default: _Default) -> int | _Default: ...
def parse_id(value: str | None, *, label: str, default: _Default | None = None) -> int | _Default | None:
    """The id of a row (a positive integer key); `default` when absent."""
    return parse_int(value, label=label, minimum=1, maximum=MAX_ID, default=default)


@overload
def parse_date(value: str | None, *, label: str, default: None = None) -> date | None: ...
@overload
def parse_date(value: str | None, *, label: str, default: _Default) -> date | _Default: ...
def parse_date(value: str | None, *, label: str, default: _Default | None = None) -> date | _Default | None:
    """A day as YYYY-MM-DD within the years MIN_YEAR–MAX_YEAR; `default` when absent."""
    text = _present(value)
    if text is None:
        return default
    match = _DATE.fullmatch(text)
    try:
        if match is None:
            raise ValueError(text)
        day = date(*(int(part) for part in match.groups()))
    except ValueError:
        raise BadInput(_("%(label)s: 날짜는 2026-03-05처럼 입력하세요.") % {"label": label}, label=label) from None
    check_year(day.year, label)
    return day


@overload
def parse_month(value: str | None, *, label: str, default: None = None) -> tuple[int, int] | None: ...
@overload
def parse_month(value: str | None, *, label: str, default: _Default) -> tuple[int, int] | _Default: ...
def parse_month(value: str | None, *, label: str, default: _Default | None = None) -> tuple[int, int] | _Default | None:
    """A month as YYYY-MM (or YYYY-M) within the years MIN_YEAR–MAX_YEAR, as (year, month);
    `default` when absent."""
    text = _present(value)
    if text is None:
        return default
    match = _MONTH.fullmatch(text)
    if match is None or not 1 <= int(match.group(2)) <= 12:
        raise BadInput(_("%(label)s: 월은 2026-03처럼 입력하세요.") % {"label": label}, label=label)
    year, month = int(match.group(1)), int(match.group(2))
    check_year(year, label)
    return year, month


@overload
def parse_datetime(value: str | None, *, label: str, default: None = None) -> datetime | None: ...
@overload
def parse_datetime(value: str | None, *, label: str, default: _Default) -> datetime | _Default: ...
def parse_datetime(value: str | None, *, label: str, default: _Default | None = None) -> datetime | _Default | None:
    """A local date and time as a browser's datetime-local sends it (2026-03-05T10:00), in the
    years MIN_YEAR–MAX_YEAR, made aware in the current time zone; `default` when absent."""
    text = _present(value)
    if text is None:
        return default
    match = _DATETIME.fullmatch(text)
    try:
        if match is None:
            raise ValueError(text)
        year, month, day, hour, minute, second = (int(part or 0) for part in match.groups())
        moment = datetime(year, month, day, hour, minute, second, tzinfo=timezone.get_current_timezone())
    except ValueError:
        raise BadInput(
            _("%(label)s: 날짜와 시각은 2026-03-05T10:00처럼 입력하세요.") % {"label": label}, label=label
        ) from None
    check_year(moment.year, label)
    return moment


def parse_text(value: str | None, *, label: str, max_length: int = TEXT_MAX_LENGTH, default: str = "") -> str:
    """Free text (a search box): trimmed, without NUL, at most `max_length` characters;
    `default` when absent."""
    text = _present(value)
    if text is None:
        return default
    if "\x00" in text:
        raise BadInput(_("%(label)s: 입력할 수 없는 문자가 들어 있습니다.") % {"label": label}, label=label)
    if len(text) > max_length:
        raise BadInput(_("%(label)s: %(n)d자까지 입력할 수 있습니다.") % {"label": label, "n": max_length}, label=label)
    return text


# --- Form fields: the same year range for dates typed into Django forms ----------------------------


def validate_year_in_range(value: date | datetime) -> None:
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise ValidationError(
            gettext_lazy("%(low)d년부터 %(high)d년 사이의 날짜를 입력하세요."),
            code="year_out_of_range",
            params={"low": MIN_YEAR, "high": MAX_YEAR},
        )


class DateField(forms.DateField):
    """forms.DateField within the years MIN_YEAR–MAX_YEAR."""

    default_validators = [validate_year_in_range]


class DateTimeField(forms.DateTimeField):
    """forms.DateTimeField within the years MIN_YEAR–MAX_YEAR (checked on the local wall-clock
    year, before anything converts the value to UTC)."""

    default_validators = [validate_year_in_range]
