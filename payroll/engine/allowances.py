"""The public-institution pay items that are pure arithmetic (kr-payroll-rules §3): ordinary wage
and overtime (근로기준법 §56 floor and the 공무원 model), 정근수당 and its 가산금 by seniority,
가족수당, 명절휴가비 eligibility, 비과세 limits and the mid-month pro-rata (일할 계산)."""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from .parameters import MONTHLY_HOURS
from .rounding import floor10, floor_won

Hours = Decimal | int


def _exact(hours: Hours) -> Fraction:
    return Fraction(hours) if isinstance(hours, int) else Fraction(str(hours))


def ordinary_hourly(monthly_ordinary_wage: int) -> Fraction:
    """통상시급 = 월 통상임금 ÷ 209, kept exact (rounded only in the amount it pays)."""
    return Fraction(monthly_ordinary_wage, MONTHLY_HOURS)


@dataclass(frozen=True, slots=True)
class OvertimeHours:
    """A month's overtime as the attendance close will report it (plain inputs until then).

    `extended`: 연장근로 hours on working days; `night`: hours worked between 22:00 and 06:00
    (whether or not they are also 연장); `holiday_days`: hours worked on each 휴일, one entry a day."""

    extended: Hours = 0
    night: Hours = 0
    holiday_days: tuple[Hours, ...] = ()


def statutory_overtime_pay(monthly_ordinary_wage: int, hours: OvertimeHours) -> int:
    """The 근로기준법 §56 minimum: 연장 × 1.5, 야간 +0.5, 휴일 1.5 for a day's first 8 h and 2.0
    beyond, of the 통상시급; 원 미만 절사 once, on the total."""
    hourly = ordinary_hourly(monthly_ordinary_wage)
    weighted = _exact(hours.extended) * Fraction(3, 2) + _exact(hours.night) * Fraction(1, 2)
    for day in hours.holiday_days:
        worked = _exact(day)
        weighted += min(worked, Fraction(8)) * Fraction(3, 2) + max(worked - 8, Fraction(0)) * 2
    return floor_won(hourly * weighted)


@dataclass(frozen=True, slots=True)
class ModelOvertimeDay:
    hours: Hours
    rest_day: bool  # 토요일·공휴일: no hour is deducted


MODEL_DAILY_CAP = 4  # 1일 4시간
MODEL_MONTHLY_CAP = 57  # 월 57시간


def model_overtime_hourly(step10_base_pay: int, *, grade_eight_or_below: bool) -> int:
    """공무원 model: 봉급기준액 (the grade's 10호봉 봉급 × 55 %, 8급 이하 60 %) ÷ 209 × 150 %,
    원 미만 절사 (E15: 2,800,000 → 11,052원)."""
    share = Fraction(60 if grade_eight_or_below else 55, 100)
    return floor_won(step10_base_pay * share / MONTHLY_HOURS * Fraction(3, 2))


def model_overtime_hours(days: Iterable[ModelOvertimeDay]) -> Fraction:
    """Hours the 공무원 model pays: on a working day 1 hour is deducted and at most 4 count; on a
    rest day none is deducted and the daily cap does not apply (the reference's E15 counts a
    Saturday's 5 hours in full); at most 57 a month."""
    total = Fraction(0)
    for day in days:
        if day.rest_day:
            total += _exact(day.hours)
        else:
            total += min(max(_exact(day.hours) - 1, Fraction(0)), Fraction(MODEL_DAILY_CAP))
    return min(total, Fraction(MODEL_MONTHLY_CAP))


def model_overtime_pay(hourly: int, days: Iterable[ModelOvertimeDay]) -> int:
    """Model hours × the model rate, cut to 10원 (E15: 11 × 11,052 = 121,572 → 121,570)."""
    return floor10(model_overtime_hours(days) * hourly)


def overtime_pay(*, model_amount: int, statutory_amount: int) -> int:
    """Our staff are 근로기준법 workers: the institution's model pays, but never less than §56."""
    return max(model_amount, statutory_amount)


def years_of_service(hired_on: datetime.date, on: datetime.date) -> int:
    """Completed years of service on `on`."""
    years = on.year - hired_on.year
    if (on.month, on.day) < (hired_on.month, hired_on.day):
        years -= 1
    return max(0, years)


LONG_SERVICE_MONTHS = (1, 7)


def long_service_allowance(base_pay: int, years: int, month: int) -> int:
    """정근수당, paid in January and July: 5 %p of 봉급월액 per year of service, 50 % from 10
    years ([VERIFY] the rates, kr-payroll-rules §3); under one year nothing. Cut to 10원."""
    if month not in LONG_SERVICE_MONTHS or years < 1:
        return 0
    return floor10(Fraction(base_pay * min(years, 10) * 5, 100))


def long_service_bonus(years: int) -> int:
    """정근수당가산금, monthly, by years of service (kr-payroll-rules §3, [VERIFY]; the 20/25년
    추가가산금 is not modelled)."""
    if years < 5:
        return 30_000
    if years < 10:
        return 50_000
    if years < 15:
        return 60_000
    if years < 20:
        return 80_000
    return 100_000


def family_allowance(*, spouse: bool, children: int, others: int) -> int:
    """가족수당: 배우자 40,000; 자녀 1st 50,000, 2nd 80,000, 3rd and later 120,000 each; other
    dependants 20,000 each; spouse and other dependants together at most 4 (자녀는 제한 없음)."""
    counted_others = max(0, min(others, 4 - (1 if spouse else 0)))
    amount = (40_000 if spouse else 0) + counted_others * 20_000
    for n in range(1, children + 1):
        amount += 50_000 if n == 1 else 80_000 if n == 2 else 120_000
    return amount


def _last_day_of_previous_month(month: datetime.date) -> datetime.date:
    return month.replace(day=1) - datetime.timedelta(days=1)


def holiday_bonus_eligible(
    *, month: datetime.date, hired_on: datetime.date, left_on: datetime.date | None, festival_months: Sequence[int]
) -> bool:
    """명절휴가비 is paid in the months of 설 and 추석 (the institution's calendar names them, e.g.
    2026: February and September) to staff employed on the last day of the previous month."""
    if month.month not in festival_months:
        return False
    cutoff = _last_day_of_previous_month(month)
    return hired_on <= cutoff and (left_on is None or left_on >= cutoff)


def holiday_bonus(base_pay: int) -> int:
    """명절휴가비 = 봉급월액 × 60 %, cut to 10원."""
    return floor10(Fraction(base_pay * 60, 100))


def days_employed(month: datetime.date, hired_on: datetime.date, left_on: datetime.date | None) -> tuple[int, int]:
    """(days employed in the month, calendar days of the month); both ends inclusive."""
    days = calendar.monthrange(month.year, month.month)[1]
    first = month.replace(day=1)
    last = month.replace(day=days)
    start = max(first, hired_on)
    end = last if left_on is None else min(last, left_on)
    return max(0, (end - start).days + 1), days


def pro_rata(monthly_amount: int, month: datetime.date, hired_on: datetime.date, left_on: datetime.date | None) -> int:
    """일할 계산 for a mid-month hire or leaver: monthly amount × days employed ÷ calendar days of
    that month (역일 기준), 원 미만 절사.

    Why calendar days: it is the rule of the 공무원 보수 model the institutions copy (a day is a day,
    weekends included), it needs no holiday calendar, and a whole month always gives exactly the
    monthly amount, whatever its length. Working-day counting would pay a different daily value in
    each month and make the result depend on the holiday table."""
    employed, days = days_employed(month, hired_on, left_on)
    if employed >= days:
        return monthly_amount
    return floor_won(Fraction(monthly_amount * employed, days))


# 비과세 limits per month (소득세법 시행령 §12, §17조의2 and others; kr-payroll-rules §3).
# None: no monthly limit (실비변상적 급여 such as 실비 여비, or an amount already determined as
# 비과세 elsewhere, as `payroll_simulate --non-taxable` gives it).
NON_TAXABLE_LIMITS: dict[str, int | None] = {
    "meal": 200_000,  # 정액급식비 (식사를 제공받지 않는 경우)
    "car": 200_000,  # 자가운전보조금
    "childcare": 200_000,  # 출산·보육수당 (6세 이하)
    "other": None,
}
NON_TAXABLE_LABELS: dict[str, str] = {
    "meal": "식대",
    "car": "자가운전보조금",
    "childcare": "출산·보육수당",
    "other": "기타 비과세(실비변상 등)",
}
