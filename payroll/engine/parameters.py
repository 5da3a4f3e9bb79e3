"""The statutory parameters, versioned by effective date (kr-payroll-rules §1).

Rates change on January 1, the pension bounds on July 1, the withholding table on March 1 (that
one is in `withholding.py`). `parameters_for(month)` returns the set in force for a pay month; a
month no set covers is refused, never guessed (the 2027 pension rate is 5.0 % and not loaded)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal


class ParametersMissing(LookupError):
    """No statutory parameter set covers the month: its message is Korean, for the page."""


@dataclass(frozen=True, slots=True)
class StatutoryParameters:
    valid_from: datetime.date  # the first pay month it covers
    valid_until: datetime.date  # the last pay month it covers (first day of that month)
    pension_rate: Decimal  # employee share of 국민연금, of 기준소득월액
    pension_base_min: int  # 기준소득월액 하한
    pension_base_max: int  # 기준소득월액 상한
    health_rate: Decimal  # employee share of 건강보험, of 보수월액
    care_ratio: Decimal  # 장기요양보험료 = 건강보험료 × this
    care_income_rate: Decimal  # the same premium as a share of income (total, both sides)
    employment_rate: Decimal  # 고용보험 실업급여, employee (and the employer's equal part)
    minimum_wage_hourly: int
    basis: str  # what a reader checks the figures against


@dataclass(frozen=True, slots=True)
class _YearRates:
    pension_rate: Decimal
    health_rate: Decimal
    care_ratio: Decimal
    care_income_rate: Decimal
    employment_rate: Decimal
    minimum_wage_hourly: int


_2025 = _YearRates(
    Decimal("0.045"), Decimal("0.03545"), Decimal("0.1295"), Decimal("0.009182"), Decimal("0.009"), 10_030
)
_2026 = _YearRates(
    Decimal("0.0475"), Decimal("0.03595"), Decimal("0.1314"), Decimal("0.009448"), Decimal("0.009"), 10_320
)


def _percent(rate: Decimal) -> str:
    return f"{(rate * 100).normalize():f}%"


def _set(first: str, last: str, rates: _YearRates, bounds: tuple[int, int]) -> StatutoryParameters:
    basis = (
        f"{first}~{last}: 국민연금 {_percent(rates.pension_rate)} (기준소득월액 {bounds[0]:,}~{bounds[1]:,}원), "
        f"건강보험 {_percent(rates.health_rate)}, 장기요양 건강보험료의 {_percent(rates.care_ratio)}, "
        f"고용보험 {_percent(rates.employment_rate)}, 최저임금 {rates.minimum_wage_hourly:,}원"
    )
    return StatutoryParameters(
        valid_from=datetime.date.fromisoformat(first + "-01"),
        valid_until=datetime.date.fromisoformat(last + "-01"),
        pension_rate=rates.pension_rate,
        pension_base_min=bounds[0],
        pension_base_max=bounds[1],
        health_rate=rates.health_rate,
        care_ratio=rates.care_ratio,
        care_income_rate=rates.care_income_rate,
        employment_rate=rates.employment_rate,
        minimum_wage_hourly=rates.minimum_wage_hourly,
        basis=basis,
    )


PARAMETER_SETS: tuple[StatutoryParameters, ...] = (
    _set("2025-01", "2025-06", _2025, (390_000, 6_170_000)),
    _set("2025-07", "2025-12", _2025, (400_000, 6_370_000)),
    _set("2026-01", "2026-06", _2026, (400_000, 6_370_000)),
    _set("2026-07", "2026-12", _2026, (410_000, 6_590_000)),
)


def month_start(month: datetime.date) -> datetime.date:
    return month.replace(day=1)


def parameters_for(month: datetime.date) -> StatutoryParameters:
    first = month_start(month)
    for params in PARAMETER_SETS:
        if params.valid_from <= first <= params.valid_until:
            return params
    raise ParametersMissing(f"{first.year}년 {first.month}월에 적용할 4대보험 요율이 등록되어 있지 않습니다.")


# 고용보험 고용안정·직업능력개발사업 (employer only), by the institution's size band
# (kr-payroll-rules §1.1, [VERIFY] the bands): the band is the institution's setting.
EMPLOYMENT_STABILITY_RATES: dict[str, Decimal] = {
    "under_150": Decimal("0.0025"),
    "priority_150": Decimal("0.0045"),  # 150인 이상 우선지원대상기업
    "150_to_999": Decimal("0.0065"),
    "1000_or_public": Decimal("0.0085"),  # 1,000인 이상, 국가·지방자치단체
}
SIZE_BAND_LABELS: dict[str, str] = {
    "under_150": "150인 미만",
    "priority_150": "150인 이상 우선지원대상기업",
    "150_to_999": "150인 이상 1,000인 미만",
    "1000_or_public": "1,000인 이상·국가·지방자치단체",
}

MONTHLY_HOURS = 209  # (40 + 8 주휴) × 365 / 7 / 12 = 208.57 → 209 (근로기준법 시행령 §6)
