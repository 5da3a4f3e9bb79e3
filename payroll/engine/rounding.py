"""The payroll engine's rounding, in one place (STYLE: one rounding helper whose docstring states
the rule). Amounts are integer won; rates are exact `Decimal`s; nothing here ever sees a float."""

from __future__ import annotations

from decimal import ROUND_FLOOR, Decimal
from fractions import Fraction

Exact = Decimal | Fraction | int


def floor_won(value: Exact) -> int:
    """Whole won, 원 미만 절사 (toward zero for the non-negative amounts payroll deals in)."""
    if isinstance(value, int):
        return value
    if isinstance(value, Fraction):
        return value.numerator // value.denominator
    return int(value.to_integral_value(rounding=ROUND_FLOOR))


def floor10(value: Exact) -> int:
    """10원 미만 절사: the rule for every statutory deduction (국민연금 by default, 건강보험,
    장기요양, 고용보험, the 80/120 % and over-10,000천원 income tax, 지방소득세)."""
    return floor_won(value) // 10 * 10


def floor1000(value: Exact) -> int:
    """천원 미만 절사: the rule for the pension's 기준소득월액."""
    return floor_won(value) // 1000 * 1000
