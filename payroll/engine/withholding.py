"""소득세 from the 근로소득 간이세액표 (kr-payroll-rules §2), shipped as data (`data/`, with its
provenance), never rebuilt from today's rates (pitfall 1).

Order of operations, as the table's footnotes and both independent implementations apply it:
table value for (월급여액, 공제대상가족) → minus the 8–20세 child deduction, floored at 0 → × the
employee's 80/100/120 % → cut to 10원 → nothing under 1,000원 (소액부징수, 소득세법 §86)."""

from __future__ import annotations

import bisect
import datetime
import json
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

from .rounding import floor10, floor_won

DATA = Path(__file__).resolve().parent / "data" / "kr-income-tax-withholding-2026.json"
RATIOS = (80, 100, 120)
TABLE_FLOOR = 770_000  # below 770천원 the table withholds nothing
TEN_MILLION = 10_000_000
SMALL_AMOUNT = 1_000  # 소액부징수


class WithholdingMissing(LookupError):
    """No table version covers the payment month."""


@dataclass(frozen=True, slots=True)
class ChildDeduction:
    one: int
    two: int
    per_extra: int  # each child beyond two

    def amount(self, children: int) -> int:
        if children <= 0:
            return 0
        if children == 1:
            return self.one
        return self.two + (children - 2) * self.per_extra


@dataclass(frozen=True, slots=True)
class TableVersion:
    valid_from: datetime.date
    valid_until: datetime.date | None
    children: ChildDeduction
    basis: str


@dataclass(frozen=True, slots=True)
class _Grid:
    lows: tuple[int, ...]  # band lower bounds in won
    high: int  # the last band's upper bound in won (10,000,000)
    cells: tuple[tuple[int, ...], ...]  # per band, tax for 1..11 family members
    at_ten_million: tuple[int, ...]
    over: tuple[tuple[int, int, Decimal], ...]  # (lower bound in won, 가산액, rate)


@cache
def _grid() -> _Grid:
    raw = json.loads(DATA.read_text(encoding="utf-8"))
    rows = raw["rows"]
    return _Grid(
        lows=tuple(int(lo) * 1000 for lo, _hi, _cells in rows),
        high=int(rows[-1][1]) * 1000,
        cells=tuple(tuple(int(c) for c in cells) for _lo, _hi, cells in rows),
        at_ten_million=tuple(int(v) for v in raw["at10000"]),
        # The rates are JSON numbers: read through their shortest text ("0.343"), never as floats.
        over=tuple((int(lo) * 1000, int(add), Decimal(repr(rate))) for lo, add, rate in raw["over10000"]),
    )


VERSIONS: tuple[TableVersion, ...] = (
    TableVersion(
        datetime.date(2024, 3, 1),
        datetime.date(2026, 2, 28),
        ChildDeduction(12_500, 29_160, 25_000),
        "소득세법 시행령 [별표 2] <개정 2024. 2. 29.> (자녀공제 12,500 / 29,160 / +25,000)",
    ),
    TableVersion(
        datetime.date(2026, 3, 1),
        None,
        ChildDeduction(20_830, 45_830, 33_330),
        "소득세법 시행령 [별표 2] <개정 2026. 2. 27.> (자녀공제 20,830 / 45,830 / +33,330)",
    ),
)


def version_for(paid_in: datetime.date) -> TableVersion:
    day = paid_in.replace(day=1)
    for version in VERSIONS:
        if version.valid_from <= day and (version.valid_until is None or day <= version.valid_until):
            return version
    raise WithholdingMissing(f"{day.year}년 {day.month}월에 적용할 간이세액표가 없습니다.")


def _cell_for_family(values: tuple[int, ...], family: int) -> int:
    """The column for `family` (1..11); beyond 11 the table's footnote: T11 − (T10 − T11) × (n − 11),
    floored at 0 (kr-payroll-rules §2.1, [VERIFY] against the footnote of 별표 2)."""
    if family <= 11:
        return values[family - 1]
    t10, t11 = values[9], values[10]
    return max(0, t11 - (t10 - t11) * (family - 11))


def table_amount(monthly_taxable: int, family: int) -> int:
    """The table's value (before the child deduction and the ratio) for 월급여액 in won."""
    if family < 1:
        raise ValueError("공제대상가족 수는 본인을 포함해 1명 이상이어야 합니다.")
    grid = _grid()
    if monthly_taxable < TABLE_FLOOR:
        return 0
    if monthly_taxable < grid.high:
        band = bisect.bisect_right(grid.lows, monthly_taxable) - 1
        return _cell_for_family(grid.cells[band], family)
    base = _cell_for_family(grid.at_ten_million, family)
    if monthly_taxable == TEN_MILLION:
        return base
    lower, addition, rate = next(b for b in reversed(grid.over) if monthly_taxable > b[0])
    return base + floor_won(addition + (monthly_taxable - lower) * rate)


def income_tax(*, monthly_taxable: int, family: int, children: int, ratio: int, paid_in: datetime.date) -> int:
    """The month's 소득세 to withhold, in won."""
    if ratio not in RATIOS:
        raise ValueError("원천징수 비율은 80, 100, 120% 중 하나여야 합니다.")
    if children < 0 or children > family - 1:
        raise ValueError("8~20세 자녀 수는 0 이상, 공제대상가족 수(본인 포함)보다 적어야 합니다.")
    version = version_for(paid_in)
    after_children = max(0, table_amount(monthly_taxable, family) - version.children.amount(children))
    tax = floor10(Decimal(after_children) * ratio / 100)
    return 0 if tax < SMALL_AMOUNT else tax


def local_income_tax(income_tax_amount: int) -> int:
    """지방소득세 (특별징수): 10 % of 소득세, cut to 10원 (지방세법; pitfall 7)."""
    return floor10(Decimal(income_tax_amount) / 10)


def bonus_income_tax(
    *,
    bonus: int,
    period_pay: int,
    months: int,
    withheld: int,
    family: int,
    children: int,
    ratio: int,
    paid_in: datetime.date,
) -> int:
    """소득세 on a month that pays a bonus (정근수당, 명절휴가비, 성과상여금), by 소득세법 §136
    (kr-payroll-rules §2.5, [VERIFY] the 시행령 wording): the bonus is not simply added to the
    month's pay (pitfall 8). Over the 지급대상기간 of `months` months (from January or the previous
    bonus to this month), whose regular pay including this month's is `period_pay`:

    1. average monthly pay = (bonus + period_pay) ÷ months, 원 미만 절사;
    2. the period's tax = the table's monthly tax for that average (children and ratio as every
       month) × months;
    3. minus the tax already withheld in the period (`withheld`, this month's regular pay
       included if it was computed), never below 0.

    The slip engine calls it for the bonus lines of a month given their period (slip.BonusPeriod,
    read by payroll.bonus from the year's finalised slips)."""
    if months < 1:
        raise ValueError("지급대상기간은 1개월 이상이어야 합니다.")
    average = (bonus + period_pay) // months
    monthly = income_tax(monthly_taxable=average, family=family, children=children, ratio=ratio, paid_in=paid_in)
    return max(0, monthly * months - withheld)
