"""One person's month: pay lines in, every statutory deduction and employer share out.

Pure (no ORM, no settings): plain frozen dataclasses in, a plain frozen result out, so the run,
`manage.py payroll_simulate`, the bench and the tests all call exactly this."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

from .allowances import NON_TAXABLE_LABELS, NON_TAXABLE_LIMITS
from .parameters import EMPLOYMENT_STABILITY_RATES, MONTHLY_HOURS, parameters_for
from .rounding import floor10, floor1000, floor_won
from .withholding import bonus_income_tax, income_tax, local_income_tax, version_for

PensionRounding = Literal["floor10", "won"]
CareMethod = Literal["premium", "income"]


@dataclass(frozen=True, slots=True)
class EmployerSettings:
    """The institution's choices the engine needs (all have the reference's defaults).

    `pension_rounding`: 국민연금 cut to 10원 (default) or kept to the won (313,025 vs 313,020 at the
    2026 cap, E-B). `care_method`: 장기요양 as 건강보험료 × 13.14 % (default) or as income × 0.9448 %
    ÷ 2 (E-A: 23,610 vs 23,620 at 5,000,000). `size_band`: 고용안정·직업능력개발 rate band.
    `accident_rate`: 산재보험 rate of the institution's industry (employer only)."""

    size_band: str = "under_150"
    accident_rate: Decimal = Decimal("0.0147")
    pension_rounding: PensionRounding = "floor10"
    care_method: CareMethod = "premium"

    def __post_init__(self) -> None:
        if self.size_band not in EMPLOYMENT_STABILITY_RATES:
            raise ValueError("고용보험 사업장 규모 구분이 올바르지 않습니다.")
        if not Decimal(0) <= self.accident_rate < Decimal(1):
            raise ValueError("산재보험요율은 0 이상 1 미만이어야 합니다.")


@dataclass(frozen=True, slots=True)
class Earning:
    """One pay line: `non_taxable` names its 비과세 category (meal, car, childcare) or is None."""

    code: str
    label: str
    amount: int
    non_taxable: str | None = None
    bonus: bool = False  # 상여 (정근수당, 명절휴가비, 성과상여금): withheld by §136 with a BonusPeriod

    def __post_init__(self) -> None:
        if self.amount < 0:
            raise ValueError("지급 항목 금액은 0원 이상이어야 합니다.")
        if self.non_taxable is not None and self.non_taxable not in NON_TAXABLE_LIMITS:
            raise ValueError("비과세 구분이 올바르지 않습니다.")


@dataclass(frozen=True, slots=True)
class Deduction:
    """A voluntary deduction (노조비, 기부금 …): taken from net, changes no statutory amount."""

    code: str
    label: str
    amount: int


@dataclass(frozen=True, slots=True)
class BonusPeriod:
    """소득세법 §136's 지급대상기간 of this month's bonus lines: `months` months ending with this
    one (from January, or from the month after the year's previous bonus), whose earlier months
    paid `earlier_pay` in 과세 급여 and withheld `earlier_tax` in 소득세."""

    months: int
    earlier_pay: int = 0
    earlier_tax: int = 0

    def __post_init__(self) -> None:
        if not 1 <= self.months <= 12:
            raise ValueError("지급대상기간은 1개월부터 12개월까지입니다.")
        if self.earlier_pay < 0 or self.earlier_tax < 0:
            raise ValueError("지급대상기간의 급여와 세액은 0원 이상이어야 합니다.")


@dataclass(frozen=True, slots=True)
class SlipInput:
    month: datetime.date  # the pay month (any day of it)
    earnings: tuple[Earning, ...]
    family: int = 1  # 공제대상가족 수, the employee included
    children: int = 0  # of them, children aged 8–20
    ratio: int = 100  # 80 / 100 / 120
    pension_base: int | None = None  # 기준소득월액 as declared; None: this month's taxable pay
    health_base: int | None = None  # 보수월액 as declared; None: this month's taxable pay
    employment_insured: bool = True  # False for staff hired at 65 or older (실업급여 not covered)
    ordinary_wage: int | None = None  # 월 통상임금, for the minimum wage check
    deductions: tuple[Deduction, ...] = ()
    employer: EmployerSettings = field(default_factory=EmployerSettings)
    # With a period, the bonus lines' 소득세 follows §136 (averaged over it); without one they are
    # taxed as part of the month (what `payroll_simulate` does with a plain taxable pay).
    bonus_period: BonusPeriod | None = None
    # False for a 상여 run's slip: 국민연금 and 건강·장기요양 are charged on the month's declared
    # bases (기준소득월액, 보수월액: kr-payroll-rules §1.1), which the month's regular slip already
    # charged, so a bonus paid on its own adds none (it reaches them through the yearly 보수총액
    # 신고 and 정산); 고용보험 and 산재 are on 보수 as paid (과세 급여), so the bonus pays them.
    monthly_insurance: bool = True


@dataclass(frozen=True, slots=True)
class EarningResult:
    code: str
    label: str
    amount: int
    taxable: int
    non_taxable: int
    category: str | None = None  # the 비과세 category it belongs to
    bonus: bool = False


@dataclass(frozen=True, slots=True)
class EmployerShares:
    national_pension: int
    health_insurance: int
    long_term_care: int
    employment_insurance: int  # 실업급여, the employer's equal part
    employment_stability: int  # 고용안정·직업능력개발 (employer only)
    industrial_accident: int  # 산재보험 (employer only)

    @property
    def total(self) -> int:
        return (
            self.national_pension
            + self.health_insurance
            + self.long_term_care
            + self.employment_insurance
            + self.employment_stability
            + self.industrial_accident
        )


@dataclass(frozen=True, slots=True)
class SlipResult:
    earnings: tuple[EarningResult, ...]
    gross: int
    non_taxable: int
    taxable: int
    national_pension: int
    health_insurance: int
    long_term_care: int
    employment_insurance: int
    income_tax: int
    local_income_tax: int
    voluntary: tuple[Deduction, ...]
    employer: EmployerShares
    warnings: tuple[str, ...]
    basis: tuple[str, ...]

    @property
    def statutory_deductions(self) -> int:
        return (
            self.national_pension
            + self.health_insurance
            + self.long_term_care
            + self.employment_insurance
            + self.income_tax
            + self.local_income_tax
        )

    @property
    def total_deductions(self) -> int:
        return self.statutory_deductions + sum(d.amount for d in self.voluntary)

    @property
    def net(self) -> int:
        return self.gross - self.total_deductions


def split_non_taxable(earnings: tuple[Earning, ...]) -> tuple[EarningResult, ...]:
    """Apply each 비과세 category's monthly limit across the lines of that category, in order:
    the first lines use the limit up, the rest (and any excess) is taxable (pitfall 2)."""
    left = dict(NON_TAXABLE_LIMITS)
    results = []
    for earning in earnings:
        exempt = 0
        if earning.non_taxable is not None:
            limit = left[earning.non_taxable]
            exempt = earning.amount if limit is None else min(earning.amount, limit)
            if limit is not None:
                left[earning.non_taxable] = limit - exempt
        results.append(
            EarningResult(
                earning.code,
                earning.label,
                earning.amount,
                earning.amount - exempt,
                exempt,
                earning.non_taxable,
                earning.bonus,
            )
        )
    return tuple(results)


def pension_contribution(base: int, month: datetime.date, rounding: PensionRounding = "floor10") -> int:
    """국민연금 employee share: 기준소득월액 cut to 천원, clamped to the month's bounds, × rate."""
    params = parameters_for(month)
    clamped = min(max(floor1000(base), params.pension_base_min), params.pension_base_max)
    raw = clamped * params.pension_rate
    return floor10(raw) if rounding == "floor10" else floor_won(raw)


def calculate(slip: SlipInput) -> SlipResult:
    params = parameters_for(slip.month)
    tax_version = version_for(slip.month)
    employer = slip.employer
    lines = split_non_taxable(slip.earnings)
    gross = sum(line.amount for line in lines)
    non_taxable = sum(line.non_taxable for line in lines)
    taxable = gross - non_taxable

    pension_base = taxable if slip.pension_base is None else slip.pension_base
    health_base = taxable if slip.health_base is None else slip.health_base
    pension = pension_contribution(pension_base, slip.month, employer.pension_rounding) if slip.monthly_insurance else 0
    health = floor10(health_base * params.health_rate) if slip.monthly_insurance else 0
    if not slip.monthly_insurance:
        care = 0
    elif employer.care_method == "premium":
        care = floor10(health * params.care_ratio)
    else:
        care = floor10(health_base * params.care_income_rate / 2)
    employment = floor10(taxable * params.employment_rate) if slip.employment_insured else 0
    tax, bonus_basis = _income_tax(slip, taxable, sum(line.taxable for line in lines if line.bonus))
    local_tax = local_income_tax(tax)

    shares = EmployerShares(
        national_pension=pension,
        health_insurance=health,
        long_term_care=care,
        employment_insurance=employment,
        employment_stability=floor10(taxable * EMPLOYMENT_STABILITY_RATES[employer.size_band]),
        industrial_accident=floor10(taxable * employer.accident_rate),
    )

    warnings: list[str] = []
    if slip.ordinary_wage is not None and slip.ordinary_wage < params.minimum_wage_hourly * MONTHLY_HOURS:
        floor = params.minimum_wage_hourly * MONTHLY_HOURS
        warnings.append(
            f"통상임금 {slip.ordinary_wage:,}원이 최저임금 월 환산액 {floor:,}원"
            f"({params.minimum_wage_hourly:,}원 × 209시간)보다 적습니다."
        )
    for line in lines:
        if line.category is not None and line.taxable:
            label = NON_TAXABLE_LABELS[line.category]
            warnings.append(f"{line.label}: {label} 비과세 한도를 넘는 {line.taxable:,}원은 과세됩니다.")

    return SlipResult(
        earnings=lines,
        gross=gross,
        non_taxable=non_taxable,
        taxable=taxable,
        national_pension=pension,
        health_insurance=health,
        long_term_care=care,
        employment_insurance=employment,
        income_tax=tax,
        local_income_tax=local_tax,
        voluntary=slip.deductions,
        employer=shares,
        warnings=tuple(warnings),
        basis=(params.basis, tax_version.basis, *bonus_basis),
    )


def _income_tax(slip: SlipInput, taxable: int, bonus: int) -> tuple[int, tuple[str, ...]]:
    """The month's 소득세: by the table on the whole taxable pay, or, for a month with bonus lines
    and their period, the table on the regular pay plus the bonus's §136 tax (withholding.
    bonus_income_tax: the period's average pay's tax × months, less what the period withheld)."""
    common: dict[str, Any] = {
        "family": slip.family,
        "children": slip.children,
        "ratio": slip.ratio,
        "paid_in": slip.month,
    }
    period = slip.bonus_period
    if period is None or bonus <= 0:
        return income_tax(monthly_taxable=taxable, **common), ()
    regular = taxable - bonus
    regular_tax = income_tax(monthly_taxable=regular, **common)
    bonus_tax = bonus_income_tax(
        bonus=bonus,
        period_pay=period.earlier_pay + regular,
        months=period.months,
        withheld=period.earlier_tax + regular_tax,
        **common,
    )
    average = (bonus + period.earlier_pay + regular) // period.months
    note = (
        f"상여 소득세 (소득세법 제136조): 지급대상기간 {period.months}개월 월평균 {average:,}원의 세액 × "
        f"{period.months} − 기간 중 원천징수 {period.earlier_tax + regular_tax:,}원 = {bonus_tax:,}원"
    )
    return regular_tax + bonus_tax, (note,)
