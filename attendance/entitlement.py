"""연차유급휴가 entitlement under 근로기준법 §60, as pure functions of dates (no database).

- First year of service (or a year attended under 80%): 1 day on each monthly anniversary of the
  hire date, for the month just fully attended, at most 11.
- On each yearly anniversary n ≥ 1 with ≥ 80% attendance: min(25, 15 + ⌊(n−1)/2⌋) days
  (15, 15, 16, 16, 17 … 25 from 21 years). With under 80%: one day per fully attended month of
  the past year; from a ratio we can only assume the absences fall in as few months as
  possible, so ⌊12 × ratio⌋ months.
- A day arises only if the person is still employed on it: a fixed-term contract of exactly one
  year (last day = the day before the anniversary) gets the 11 monthly days and not the 15
  (대법원 2021다227100); employed one day longer, the 15 also arise.
- 회계연도 기준 (fiscal basis, the year starting 1 January): the monthly days of the first year as
  above; on the first 1 January after hiring, 15 × (days served in the hire year ÷ days of that
  year), rounded up to the half day; on the following 1 January and each one after, the days of
  the year of service it counts as (the second 1 January counts as the first full year, 15).
  `reconcile_at_leaving` then compares the fiscal grants with what the hire-date basis would have
  given, so nobody leaves with less than the statute.

`entitlement()` answers the `leave_entitlement` command, and the yearly grant job writes
`grants_on()` into the ledger: both call the same `grants()` schedule.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

FIRST_YEAR_CAP = 11
BASE_DAYS = 15
CAP_DAYS = 25
FULL_ATTENDANCE = Decimal("0.8")
HIRE = "hire"
FISCAL = "fiscal"


def add_months(day: date, months: int) -> date:
    """The same day `months` later, clamped to the month's last day (1/31 + 1 month = 2/28)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def add_years(day: date, years: int) -> date:
    return add_months(day, 12 * years)


def annual_days(years_of_service: int) -> int:
    """The days on the n-th anniversary (n ≥ 1) with full attendance: 15 + ⌊(n−1)/2⌋, cap 25."""
    return min(CAP_DAYS, BASE_DAYS + (years_of_service - 1) // 2)


@dataclass(frozen=True)
class Grant:
    on: date
    days: Decimal
    note: str  # "월차 3개월", "근속 2년", "회계연도 비례"
    key: str  # stable per person: the ledger's source ("grant:2026-03-02")


@dataclass(frozen=True)
class Entitlement:
    granted: Decimal  # the days arising on the date
    year_total: Decimal  # the days of the leave year the date falls in, up to the date

    def as_json(self) -> dict[str, int | float]:
        return {"granted": _number(self.granted), "year_total": _number(self.year_total)}


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _employed(day: date, hired: date, left_on: date | None) -> bool:
    return hired <= day and (left_on is None or day <= left_on)


def _anniversary_days(years: int, attended_ratio: Decimal) -> tuple[Decimal, str]:
    if attended_ratio >= FULL_ATTENDANCE:
        return Decimal(annual_days(years)), f"근속 {years}년"
    months = min(FIRST_YEAR_CAP, int((Decimal(12) * attended_ratio).to_integral_value(rounding=ROUND_FLOOR)))
    return Decimal(months), f"근속 {years}년(출근율 80% 미만: 개근 {months}개월)"


def grants(
    *,
    hired: date,
    until: date,
    basis: str = HIRE,
    attended_ratio: Decimal = Decimal(1),
    left_on: date | None = None,
) -> list[Grant]:
    """Every grant from hiring up to `until` (inclusive), in date order."""
    result: list[Grant] = []
    for month in range(1, FIRST_YEAR_CAP + 1):
        day = add_months(hired, month)
        if day > until or not _employed(day, hired, left_on):
            break
        result.append(Grant(day, Decimal(1), f"월차 {month}개월", f"grant:{day.isoformat()}"))
    if basis == FISCAL:
        result.extend(_fiscal_grants(hired=hired, until=until, attended_ratio=attended_ratio, left_on=left_on))
    else:
        years = 1
        while (day := add_years(hired, years)) <= until and _employed(day, hired, left_on):
            days, note = _anniversary_days(years, attended_ratio)
            if days:
                result.append(Grant(day, days, note, f"grant:{day.isoformat()}"))
            years += 1
    merged: dict[date, Grant] = {}
    for grant in sorted(result, key=lambda g: g.on):
        if grant.on in merged:  # a monthly day and a yearly grant on one date: one ledger row
            first = merged[grant.on]
            merged[grant.on] = Grant(grant.on, first.days + grant.days, f"{first.note}, {grant.note}", first.key)
        else:
            merged[grant.on] = grant
    return list(merged.values())


def _fiscal_grants(*, hired: date, until: date, attended_ratio: Decimal, left_on: date | None) -> list[Grant]:
    result = []
    first_january = date(hired.year + 1, 1, 1)
    if first_january <= until and _employed(first_january, hired, left_on) and hired.timetuple().tm_yday > 1:
        days_in_year = 366 if calendar.isleap(hired.year) else 365
        served = (first_january - hired).days
        days = (Decimal(BASE_DAYS) * served / days_in_year * 2).to_integral_value(rounding=ROUND_CEILING) / 2
        result.append(Grant(first_january, days, "회계연도 비례", f"grant:{first_january.isoformat()}"))
    offset = 1 if hired.timetuple().tm_yday > 1 else 0  # hired on 1 January: fiscal = hire basis
    years = 1
    while True:
        day = date(hired.year + offset + years, 1, 1)
        if day > until or not _employed(day, hired, left_on):
            break
        days, note = _anniversary_days(years, attended_ratio)
        if days:
            result.append(Grant(day, days, note, f"grant:{day.isoformat()}"))
        years += 1
    return result


def leave_year_start(*, hired: date, on: date, basis: str = HIRE) -> date:
    """The first day of the leave year `on` falls in (the hire date in the first year)."""
    if basis == FISCAL:
        return max(hired, date(on.year, 1, 1))
    years = 0
    while add_years(hired, years + 1) <= on:
        years += 1
    return add_years(hired, years)


def entitlement(
    *,
    hired: date,
    on: date,
    basis: str = HIRE,
    attended_ratio: Decimal = Decimal(1),
    left_on: date | None = None,
) -> Entitlement:
    """The days arising on `on`, and the days of `on`'s leave year up to `on`."""
    if on < hired:
        return Entitlement(Decimal(0), Decimal(0))
    schedule = grants(hired=hired, until=on, basis=basis, attended_ratio=attended_ratio, left_on=left_on)
    start = leave_year_start(hired=hired, on=on, basis=basis)
    granted = sum((g.days for g in schedule if g.on == on), Decimal(0))
    year_total = sum((g.days for g in schedule if start <= g.on <= on), Decimal(0))
    return Entitlement(granted, year_total)


def grants_on(*, hired: date, day: date, basis: str = HIRE, left_on: date | None = None) -> list[Grant]:
    """The grants arising exactly on `day` (what the daily grant job writes)."""
    return [g for g in grants(hired=hired, until=day, basis=basis, left_on=left_on) if g.on == day]


def reconcile_at_leaving(*, hired: date, left_on: date) -> Decimal:
    """Days to add when someone on the fiscal basis leaves: what the hire-date basis would have
    given over the whole service, less what the fiscal basis gave (never negative)."""
    by_hire = sum((g.days for g in grants(hired=hired, until=left_on, left_on=left_on)), Decimal(0))
    by_fiscal = sum((g.days for g in grants(hired=hired, until=left_on, basis=FISCAL, left_on=left_on)), Decimal(0))
    return max(Decimal(0), by_hire - by_fiscal)


def last_day_of_exactly_one_year(hired: date) -> date:
    """The last day of a fixed-term contract of exactly one year from `hired`."""
    return add_years(hired, 1) - timedelta(days=1)
