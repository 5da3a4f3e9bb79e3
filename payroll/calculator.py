"""The slip calculator: a person's pay profile, the pay table's amount for their grade and 호봉,
the institution's pay items and the month's attendance inputs (overtime hours) → slip lines,
through the statutory engine. Pure like the engine (plain dataclasses in and out): the run's
service reads the rows in bulk and hands them here, so a slip costs no query.

Rules it applies, beyond the engine's:
- 일할 계산: a hire or leaver within the month gets each monthly item (기본급, 정액 수당,
  % 수당, 가족수당, 정근수당가산금) × days employed ÷ calendar days (payroll.engine.allowances.
  pro_rata, where the reason for calendar days is written); 정근수당 and 명절휴가비 are paid whole
  to those eligible, and voluntary deductions are taken whole.
- 통상임금 (for 시간외 and the minimum wage check) is the monthly amount of the items marked
  통상임금, with the yearly ones marked so (정근수당, 명절휴가비: the 2024-12-19 en banc rulings)
  counted as a twelfth of their yearly amount.
- 시간외: the institution's model (봉급기준액 ÷ 209 × 150 % per model hour, when the grade's 10호봉
  amount is known) or the 근로기준법 §56 amount, whichever is more; the slip line says how.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from payroll.engine import (
    BonusPeriod,
    Deduction,
    Earning,
    EmployerSettings,
    OvertimeHours,
    SlipInput,
    SlipResult,
    calculate,
)
from payroll.engine.allowances import (
    family_allowance,
    holiday_bonus,
    holiday_bonus_eligible,
    long_service_allowance,
    long_service_bonus,
    model_overtime_hourly,
    ordinary_hourly,
    pro_rata,
    statutory_overtime_pay,
    years_of_service,
)
from payroll.engine.rounding import floor10, floor_won

# 상여 for 소득세법 §136: the items paid as bonuses (정근수당 in January and July, 명절휴가비, and
# whatever the institution marks 상여 항목, e.g. 성과상여금), whose 소득세 is averaged over their
# 지급대상기간 when the run knows it (payroll.bonus).
BONUS_COMPUTATIONS = frozenset({"long_service", "holiday_bonus"})


def is_bonus(item: ItemRule) -> bool:
    return item.paid_as_bonus or item.computation in BONUS_COMPUTATIONS


def items_for_run(items: Sequence[ItemRule], *, bonus_run: bool) -> list[ItemRule]:
    """What a run pays: a 상여 run only the earnings the institution marked 상여 항목 (no
    deduction: 노조비 and the like are taken monthly); any other run everything else."""
    if bonus_run:
        return [item for item in items if item.kind == "earning" and item.paid_as_bonus]
    return [item for item in items if not item.paid_as_bonus]


# The months of 설 and 추석 (the lunar calendar: fixed data, not a rule).
FESTIVAL_MONTHS: dict[int, tuple[int, int]] = {2025: (1, 10), 2026: (2, 9), 2027: (2, 9)}

# The employer's contributions by their own budget lines (kr-payroll-rules §6: 304-01 연금부담금,
# 304-02 국민건강보험부담금등), as the 지자체-style 통계목 names them.
EMPLOYER_LINES: tuple[tuple[str, str, str], ...] = (
    ("national_pension", "국민연금 (기관 부담)", "304-01"),
    ("health_insurance", "건강보험 (기관 부담)", "304-02"),
    ("long_term_care", "장기요양보험 (기관 부담)", "304-02"),
    ("employment_insurance", "고용보험 실업급여 (기관 부담)", "304-02"),
    ("employment_stability", "고용안정·직업능력개발 (기관 부담)", "304-02"),
    ("industrial_accident", "산재보험 (기관 부담)", "304-02"),
)
DEDUCTION_LINES: tuple[tuple[str, str], ...] = (
    ("national_pension", "국민연금"),
    ("health_insurance", "건강보험"),
    ("long_term_care", "장기요양보험"),
    ("employment_insurance", "고용보험"),
    ("income_tax", "소득세"),
    ("local_income_tax", "지방소득세"),
)


@dataclass(frozen=True, slots=True)
class ItemRule:
    """A pay item as the calculator needs it (payroll.models.PayItem's fields)."""

    code: str
    name: str
    kind: str  # "earning" / "deduction"
    computation: str
    non_taxable: str = ""
    is_ordinary_wage: bool = False
    amount: int = 0
    percent: Decimal | None = None
    budget_code: str = ""
    paid_as_bonus: bool = False  # 상여 항목: paid by a 상여 run only


@dataclass(frozen=True, slots=True)
class PersonPay:
    """One person's month as the calculator needs it."""

    user_id: int
    month: datetime.date
    hired_on: datetime.date
    left_on: datetime.date | None
    grade_name: str
    pay_step: int
    base_pay: int  # 봉급월액 from the pay table for the grade and 호봉 in force
    step10_base_pay: int | None = None  # the grade's 10호봉 봉급 (the 시간외 model), if the table has it
    grade_eight_or_below: bool = False
    family: int = 1
    children_8_20: int = 0
    spouse: bool = False
    children: int = 0
    other_dependants: int = 0
    ratio: int = 100
    employment_insured: bool = True
    pension_base: int | None = None
    health_base: int | None = None
    personal_amounts: Mapping[str, int] = field(default_factory=dict)  # item code → own amount


@dataclass(frozen=True, slots=True)
class AttendanceInputs:
    """What the attendance close reports for the person's month (zero until it exists)."""

    overtime: OvertimeHours = field(default_factory=OvertimeHours)
    model_hours: Decimal | int | None = None  # hours the institution's model counts; None: as §56


@dataclass(frozen=True, slots=True)
class Line:
    kind: str  # earning / deduction / employer
    code: str
    label: str
    amount: int
    non_taxable_amount: int = 0
    budget_code: str = ""
    basis: str = ""


@dataclass(frozen=True, slots=True)
class Calculated:
    person: PersonPay
    result: SlipResult
    lines: tuple[Line, ...]
    ordinary_wage: int


def _won(amount: int | Fraction) -> str:
    return f"{floor_won(amount):,}원"


def _hours(value: Decimal | int | Fraction) -> str:
    number = Fraction(str(value)) if isinstance(value, Decimal) else Fraction(value)
    if number.denominator == 1:
        return f"{number.numerator}"
    exact = (Decimal(number.numerator) / Decimal(number.denominator)).quantize(Decimal("0.01"))
    return f"{exact.normalize():f}"


def ordinary_wage(person: PersonPay, items: Sequence[ItemRule]) -> Fraction:
    """월 통상임금 (full month, before any pro-rata)."""
    years = years_of_service(person.hired_on, person.month)
    total = Fraction(0)
    for item in items:
        if item.kind != "earning" or not item.is_ordinary_wage:
            continue
        if item.computation == "base_pay":
            total += person.base_pay
        elif item.computation == "fixed":
            total += person.personal_amounts.get(item.code, item.amount)
        elif item.computation == "percent_of_base" and item.percent is not None:
            total += Fraction(str(item.percent)) * person.base_pay / 100
        elif item.computation == "family":
            total += family_allowance(spouse=person.spouse, children=person.children, others=person.other_dependants)
        elif item.computation == "long_service_bonus":
            total += long_service_bonus(years)
        elif item.computation == "long_service":
            total += Fraction(2 * long_service_allowance(person.base_pay, years, 1), 12)
        elif item.computation == "holiday_bonus":
            total += Fraction(2 * holiday_bonus(person.base_pay), 12)
    return total


def _overtime_line(person: PersonPay, item: ItemRule, ordinary: Fraction, attendance: AttendanceInputs) -> Line | None:
    hours = attendance.overtime
    if not (hours.extended or hours.night or hours.holiday_days):
        return None
    monthly = floor_won(ordinary)
    statutory = statutory_overtime_pay(monthly, hours)
    hourly = ordinary_hourly(monthly)
    parts = [f"통상시급 {_won(hourly)} (통상임금 {monthly:,}원 ÷ 209)"]
    if hours.extended:
        parts.append(f"연장 {_hours(hours.extended)}시간 × 1.5")
    if hours.night:
        parts.append(f"야간 {_hours(hours.night)}시간 × 0.5")
    if hours.holiday_days:
        parts.append(f"휴일 {_hours(sum(Fraction(str(h)) for h in hours.holiday_days))}시간 × 1.5 (8시간 초과 × 2.0)")
    amount, basis = statutory, "근로기준법 제56조: " + ", ".join(parts)
    if person.step10_base_pay:
        model_rate = model_overtime_hourly(person.step10_base_pay, grade_eight_or_below=person.grade_eight_or_below)
        counted: Fraction = (
            Fraction(str(hours.extended)) + sum(Fraction(str(h)) for h in hours.holiday_days)
            if attendance.model_hours is None
            else Fraction(str(attendance.model_hours))
        )
        model = floor10(counted * model_rate)
        if model > statutory:
            amount = model
            basis = f"보수규정: {_hours(counted)}시간 × {model_rate:,}원 (봉급기준액 ÷ 209 × 1.5)"
    return Line("earning", item.code, item.name, amount, 0, item.budget_code, basis)


def calculate_slip(
    person: PersonPay,
    items: Sequence[ItemRule],
    employer: EmployerSettings,
    attendance: AttendanceInputs | None = None,
    bonus_period: BonusPeriod | None = None,
    *,
    bonus_run: bool = False,
) -> Calculated:
    """`bonus_period`: the 지급대상기간 of the month's bonus lines (§136); None taxes them with the
    month, as a first month of the year would anyway. `items` are all the institution's (통상임금
    counts them all); the slip pays those of its run (`items_for_run`): with `bonus_run` (a 상여
    run) the 상여 항목, paid whole (a bonus is not a month's
    pay: no 일할 계산), no minimum wage check applies, and the slip takes no 국민연금 or
    건강·장기요양 (engine.SlipInput.monthly_insurance)."""
    attendance = attendance or AttendanceInputs()
    month = person.month
    years = years_of_service(person.hired_on, month)
    ordinary = ordinary_wage(person, items)

    def monthly(amount: int) -> int:
        if bonus_run:
            return amount
        return pro_rata(amount, month, person.hired_on, person.left_on)

    earnings: list[Line] = []
    deductions: list[Deduction] = []
    for item in items_for_run(items, bonus_run=bonus_run):
        if item.kind == "deduction":
            own = person.personal_amounts.get(item.code, item.amount)
            if own:
                deductions.append(Deduction(item.code, item.name, own))
            continue
        amount, basis = 0, ""
        if item.computation == "base_pay":
            amount = monthly(person.base_pay)
            basis = f"{person.grade_name} {person.pay_step}호봉 봉급월액 {person.base_pay:,}원"
        elif item.computation == "fixed":
            amount = monthly(person.personal_amounts.get(item.code, item.amount))
        elif item.computation == "percent_of_base" and item.percent is not None:
            amount = monthly(floor10(Fraction(str(item.percent)) * person.base_pay / 100))
            basis = f"봉급월액 × {item.percent.normalize():f}%"
        elif item.computation == "family":
            amount = monthly(
                family_allowance(spouse=person.spouse, children=person.children, others=person.other_dependants)
            )
        elif item.computation == "long_service_bonus":
            amount = monthly(long_service_bonus(years))
            basis = f"근무연수 {years}년"
        elif item.computation == "long_service":
            amount = long_service_allowance(person.base_pay, years, month.month)
            basis = f"근무연수 {years}년: 봉급월액 × {min(years, 10) * 5}%" if amount else ""
        elif item.computation == "holiday_bonus":
            festivals = FESTIVAL_MONTHS.get(month.year, ())
            if holiday_bonus_eligible(
                month=month, hired_on=person.hired_on, left_on=person.left_on, festival_months=festivals
            ):
                amount = holiday_bonus(person.base_pay)
                basis = "봉급월액 × 60%"
        elif item.computation == "overtime":
            line = _overtime_line(person, item, ordinary, attendance)
            if line is not None:
                earnings.append(line)
            continue
        if amount:
            earnings.append(Line("earning", item.code, item.name, amount, 0, item.budget_code, basis))

    categories = {item.code: item.non_taxable or None for item in items}
    bonuses = {item.code for item in items if is_bonus(item)}
    slip = SlipInput(
        month=month,
        earnings=tuple(
            Earning(line.code, line.label, line.amount, categories.get(line.code), line.code in bonuses)
            for line in earnings
        ),
        family=person.family,
        children=person.children_8_20,
        ratio=person.ratio,
        pension_base=person.pension_base,
        health_base=person.health_base,
        employment_insured=person.employment_insured,
        ordinary_wage=floor_won(ordinary) if ordinary and not bonus_run else None,
        deductions=tuple(deductions),
        employer=employer,
        bonus_period=bonus_period,
        monthly_insurance=not bonus_run,
    )
    result = calculate(slip)
    lines = [
        Line(line.kind, line.code, line.label, line.amount, split.non_taxable, line.budget_code, line.basis)
        for line, split in zip(earnings, result.earnings, strict=True)
    ]
    lines += [Line("deduction", code, label, getattr(result, code)) for code, label in DEDUCTION_LINES]
    lines += [Line("deduction", d.code, d.label, d.amount) for d in result.voluntary]
    lines += [
        Line("employer", code, label, getattr(result.employer, code), 0, budget)
        for code, label, budget in EMPLOYER_LINES
    ]
    return Calculated(person, result, tuple(line for line in lines if line.amount), floor_won(ordinary))
