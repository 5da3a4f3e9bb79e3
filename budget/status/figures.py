"""A year's budget execution as of a date (예산집행현황), read from the posting ledger.

Every figure here is the sum of the postings dated on or before the as-of date, so a report (or a
KPI backfilled for a past day) shows the year exactly as it stood then; on today's date it equals
the running totals on the lines (`manage.py budget_reconcile` keeps those honest). One aggregate
query groups the postings by line and month — at most lines × 12 rows whatever the number of
postings — and everything else (the tree's subtotals, departments, months, standard codes, the
신속집행 check) is added up from those rows here.

집행률 (execution rate) = 집행액 / 예산현액 × 100, rounded half up to one decimal (17,200,000 of
58,000,000 = 29.655… → 29.7 %). The gap to a 신속집행 target is taken from the exact rate and
rounded the same way, in percentage points (29.655… − 55.50 = −25.84… → −25.8 %p), and a target
counts as met only when the exact rate reaches it: rounding never makes a miss look like a hit.
A line or group without 예산현액 has no rate (None, shown as "—"), not 0 %.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property

from django.db.models import BigIntegerField, Q, Sum
from django.db.models.functions import Coalesce, ExtractMonth
from django.utils.translation import gettext_lazy as _

from budget.models import TOTAL_OF_KIND, BudgetItem, BudgetPosting, FiscalYear, Level
from org.models import Department
from standards.models import ExecutionTarget, StandardBudgetCode

RATE_STEP = Decimal("0.1")
HALF_LABELS = {1: _("상반기"), 2: _("하반기")}
HALF_LAST_MONTH = {1: 6, 2: 12}

# The running totals a report shows; 배정 (allotment) is a ceiling, not an amount spent or budgeted.
REPORTED_TOTALS = ("original_amount", "amended_amount", "committed_amount", "executed_amount")


def _exact_percent(part: int, whole: int) -> Decimal:
    return Decimal(part) * 100 / Decimal(whole)


def execution_rate(executed_amount: int, current_amount: int) -> Decimal | None:
    """집행률 in percent, rounded half up to 0.1; None without 예산현액."""
    if current_amount <= 0:
        return None
    return _exact_percent(executed_amount, current_amount).quantize(RATE_STEP, rounding=ROUND_HALF_UP)


def rate_gap(executed_amount: int, current_amount: int, target_rate: Decimal) -> Decimal | None:
    """The exact 집행률 minus `target_rate`, in %p rounded half up to 0.1; None without 예산현액."""
    if current_amount <= 0:
        return None
    return (_exact_percent(executed_amount, current_amount) - target_rate).quantize(RATE_STEP, rounding=ROUND_HALF_UP)


def half_of(month: int) -> int:
    """1 for January–June, 2 for July–December."""
    return 1 if month <= HALF_LAST_MONTH[1] else 2


def half_end(year: int, half: int) -> date:
    return date(year, 6, 30) if half == 1 else date(year, 12, 31)


@dataclass(slots=True)
class Figures:
    """The money of a line or of a group of lines: 본예산, 증감 (추경·전용·이월), 원인행위 잔액
    (committed, not yet executed), 집행액; 예산현액, 잔액 and 집행률 follow from them. A year's
    report adds these a few thousand times, hence slots and the four fields spelt out in `add`."""

    original_amount: int = 0
    amended_amount: int = 0
    committed_amount: int = 0
    executed_amount: int = 0

    @classmethod
    def stored(cls, line: BudgetItem) -> Figures:
        """The line's running totals as they stand now (every posting, whatever its date)."""
        return cls(**{name: getattr(line, name) for name in REPORTED_TOTALS})

    @property
    def current_amount(self) -> int:
        """예산현액 = 본예산 ± 증감."""
        return self.original_amount + self.amended_amount

    @property
    def available_amount(self) -> int:
        """잔액 = 예산현액 − 원인행위 잔액 − 집행액."""
        return self.current_amount - self.committed_amount - self.executed_amount

    @property
    def rate(self) -> Decimal | None:
        return execution_rate(self.executed_amount, self.current_amount)

    def add(self, other: Figures) -> None:
        self.original_amount += other.original_amount
        self.amended_amount += other.amended_amount
        self.committed_amount += other.committed_amount
        self.executed_amount += other.executed_amount

    @classmethod
    def total(cls, many: Iterable[Figures]) -> Figures:
        result = cls()
        for figures in many:
            result.add(figures)
        return result


def posting_sums() -> dict[str, Coalesce]:
    """SUM(amount) per running total (FILTER by the kinds that move it), for `.annotate()`."""
    return {
        total: Coalesce(
            Sum("amount", filter=Q(kind__in=[kind for kind, moved in TOTAL_OF_KIND.items() if moved == total])),
            0,
            output_field=BigIntegerField(),
        )
        for total in REPORTED_TOTALS
    }


@dataclass
class TreeRow:
    """An item of the tree with the sums of the lines in scope beneath it (its own, for a line)."""

    item: BudgetItem
    figures: Figures = field(default_factory=Figures)
    level_label: str = ""

    @property
    def depth(self) -> int:
        return self.item.level - 1

    @property
    def is_line(self) -> bool:
        return self.item.level == Level.ITEM


@dataclass
class DepartmentRow:
    department: Department
    figures: Figures
    rank: int | None = None  # by 집행률, highest first (재정집행 평가 ranks departments so)


@dataclass
class CodeRow:
    """A province standard code (편성목 "201" with its 통계목 "201-01" … under it) and the sums of
    every line mapped to it."""

    code: str
    name: str
    level: int
    figures: Figures

    @property
    def is_object(self) -> bool:
        return self.level == Level.OBJECT


@dataclass(frozen=True)
class MonthRow:
    """One month of the year: what was executed in it (net of reversals), the cumulative 집행액
    and the 예산현액 at its end (or at the as-of date in the as-of month), and the 신속집행 target
    on the last month of a half."""

    month: int
    executed_amount: int
    cumulative_executed_amount: int
    current_amount: int
    target_rate: Decimal | None = None

    @property
    def rate(self) -> Decimal | None:
        return execution_rate(self.cumulative_executed_amount, self.current_amount)

    @property
    def gap(self) -> Decimal | None:
        if self.target_rate is None:
            return None
        return rate_gap(self.cumulative_executed_amount, self.current_amount, self.target_rate)


@dataclass(frozen=True)
class TargetCheck:
    """집행률 against the province's 신속집행 target of a half, measured on `measured_on` (the
    as-of date, or 30 June for a first half already over)."""

    half: int
    measured_on: date
    target_rate: Decimal
    executed_amount: int
    current_amount: int
    final: bool  # the half had ended by the as-of date

    @property
    def label(self) -> str:
        return str(HALF_LABELS[self.half])

    @property
    def rate(self) -> Decimal | None:
        return execution_rate(self.executed_amount, self.current_amount)

    @property
    def gap(self) -> Decimal | None:
        return rate_gap(self.executed_amount, self.current_amount, self.target_rate)

    @property
    def met(self) -> bool:
        return self.current_amount > 0 and self.executed_amount * 100 >= self.target_rate * self.current_amount


@dataclass
class ExecutionStatus:
    """A year's execution as of `as_of` over the lines of `department_ids` (None: every line).
    Build it with `execution_status()`; each view of the report is a method."""

    fiscal_year: FiscalYear
    as_of: date
    department_ids: frozenset[int] | None
    items: list[BudgetItem]  # every item of the year, in tree order
    lines: list[BudgetItem]  # the lines in scope, in tree order
    line_figures: dict[int, Figures]  # by line, as of `as_of`
    movements: dict[tuple[int, int], Figures]  # by (line, month): what moved in that month
    targets: dict[int, Decimal]  # 신속집행 target by half

    @cached_property
    def totals(self) -> Figures:
        return Figures.total(self.line_figures.values())

    @property
    def month_count(self) -> int:
        """The months the as-of date has reached (0 before the year begins)."""
        if self.as_of < self.fiscal_year.starts_on:
            return 0
        if self.as_of > self.fiscal_year.ends_on:
            return 12
        return self.as_of.month

    def tree(self, max_level: int = Level.ITEM) -> list[TreeRow]:
        """The items down to `max_level`, parents first, each with the subtotal of the lines in
        scope beneath it. With every line in scope every item is listed (an item without lines
        shows zeros); within a department only the branches that lead to its lines."""
        by_pk = {item.pk: item for item in self.items}
        labels = {value: str(label) for value, label in Level.choices}  # translated once, not per row
        rows = {item.pk: TreeRow(item=item, level_label=labels[item.level]) for item in self.items}
        reached: set[int] = set()
        for line in self.lines:
            figures = self.line_figures[line.pk]
            node: BudgetItem | None = line
            while node is not None:
                rows[node.pk].figures.add(figures)
                reached.add(node.pk)
                node = by_pk.get(node.parent_id) if node.parent_id else None
        everything = self.department_ids is None
        return [rows[item.pk] for item in self.items if item.level <= max_level and (everything or item.pk in reached)]

    def by_department(self) -> list[DepartmentRow]:
        """Each department owning lines in scope, in the organisation's order, with its rank by
        집행률 (equal rates share a rank; departments without 예산현액 are not ranked)."""
        sums: dict[int, Figures] = {}
        departments: dict[int, Department] = {}
        for line in self.lines:
            departments[line.department_id] = line.department
            sums.setdefault(line.department_id, Figures()).add(self.line_figures[line.pk])
        rows = [
            DepartmentRow(department=departments[pk], figures=sums[pk])
            for pk in sorted(departments, key=lambda pk: (departments[pk].path, pk))
        ]
        rated = sorted((row for row in rows if row.figures.rate is not None), key=lambda row: -(row.figures.rate or 0))
        for position, row in enumerate(rated, start=1):
            before = rated[position - 2] if position > 1 else None
            row.rank = before.rank if before is not None and before.figures.rate == row.figures.rate else position
        return rows

    def by_standard_code(self) -> list[CodeRow]:
        """Every 편성목 of the lines in scope with its sum, each followed by its 통계목: the
        province's codes, so institutions compare. One query for the codes' names."""
        items: dict[str, Figures] = defaultdict(Figures)
        for line in self.lines:
            items[line.standard_code].add(self.line_figures[line.pk])
        objects: dict[str, Figures] = defaultdict(Figures)
        for code, figures in items.items():
            objects[code[:3]].add(figures)
        names = dict(
            StandardBudgetCode.objects.filter(code__in=[*items, *objects]).values_list("code", "name").order_by()
        )
        rows = []
        for object_code in sorted(objects):
            rows.append(CodeRow(object_code, names.get(object_code, ""), Level.OBJECT, objects[object_code]))
            rows += [
                CodeRow(code, names.get(code, ""), Level.ITEM, items[code])
                for code in sorted(items)
                if code[:3] == object_code
            ]
        return rows

    @cached_property
    def _month_sums(self) -> dict[int, Figures]:
        sums: dict[int, Figures] = defaultdict(Figures)
        for (_line, month), figures in self.movements.items():
            sums[month].add(figures)
        return sums

    def by_month(self) -> list[MonthRow]:
        """Months 1 to the as-of month."""
        rows = []
        cumulative = Figures()
        for month in range(1, self.month_count + 1):
            moved = self._month_sums.get(month, Figures())
            cumulative.add(moved)
            last_of_half = next((half for half, last in HALF_LAST_MONTH.items() if last == month), None)
            rows.append(
                MonthRow(
                    month=month,
                    executed_amount=moved.executed_amount,
                    cumulative_executed_amount=cumulative.executed_amount,
                    current_amount=cumulative.current_amount,
                    target_rate=self.targets.get(last_of_half) if last_of_half else None,
                )
            )
        return rows

    def target_checks(self) -> list[TargetCheck]:
        """The 신속집행 check of the as-of date's half, and of the first half (at 30 June) once
        it is over; only halves the province has set a target for."""
        if self.month_count == 0:
            return []
        checks = []
        as_of = min(self.as_of, self.fiscal_year.ends_on)
        current_half = half_of(as_of.month)
        if current_half == 2 and 1 in self.targets:
            june = Figures.total(figures for (_line, month), figures in self.movements.items() if month <= 6)
            checks.append(
                TargetCheck(
                    half=1,
                    measured_on=half_end(self.fiscal_year.year, 1),
                    target_rate=self.targets[1],
                    executed_amount=june.executed_amount,
                    current_amount=june.current_amount,
                    final=True,
                )
            )
        if current_half in self.targets:
            checks.append(
                TargetCheck(
                    half=current_half,
                    measured_on=as_of,
                    target_rate=self.targets[current_half],
                    executed_amount=self.totals.executed_amount,
                    current_amount=self.totals.current_amount,
                    final=as_of >= half_end(self.fiscal_year.year, current_half),
                )
            )
        return checks

    def chart(self) -> dict:
        """The monthly series the budget home's chart draws (and its table shows): executed per
        month in won, the cumulative 집행률 and the half's 신속집행 target in percent. Rates are
        strings of Decimals, so no float is made here."""
        rows = self.by_month()
        return {
            "year": self.fiscal_year.year,
            "labels": [f"{row.month}월" for row in rows],
            "executed": [row.executed_amount for row in rows],
            "rate": [_text(row.rate) for row in rows],
            "target": [_text(self.targets.get(half_of(row.month))) for row in rows],
        }


def _text(rate: Decimal | None) -> str | None:
    return None if rate is None else str(rate)


def tree_order(items: list[BudgetItem]) -> list[BudgetItem]:
    """Parents first, siblings by their order, code and pk (as the console's tree)."""
    children: dict[int | None, list[BudgetItem]] = defaultdict(list)
    for item in items:
        children[item.parent_id].append(item)
    ordered: list[BudgetItem] = []
    stack = sorted(children[None], key=lambda i: (i.order, i.code, i.pk), reverse=True)
    while stack:
        item = stack.pop()
        ordered.append(item)
        stack += sorted(children[item.pk], key=lambda i: (i.order, i.code, i.pk), reverse=True)
    return ordered


def execution_status(
    *, fiscal_year: FiscalYear, as_of: date, department_ids: Iterable[int] | None = None
) -> ExecutionStatus:
    """The year as of `as_of` over the lines of `department_ids` (None: all). Three queries
    whatever the number of postings: the year's items, the postings summed by line and month, the
    province's targets for the year."""
    scope = None if department_ids is None else frozenset(department_ids)
    items = tree_order(list(BudgetItem.objects.filter(fiscal_year=fiscal_year).select_related("department")))
    lines = [item for item in items if item.level == Level.ITEM and (scope is None or item.department_id in scope)]
    movements: dict[tuple[int, int], Figures] = {}
    if lines:
        rows = (
            BudgetPosting.objects.filter(line_id__in=[line.pk for line in lines], posted_on__lte=as_of)
            .annotate(month=ExtractMonth("posted_on"))
            .values("line_id", "month")
            .annotate(**posting_sums())
            .values_list("line_id", "month", *REPORTED_TOTALS)
            .order_by()
        )
        for line_id, month, *totals in rows:
            movements[line_id, month] = Figures(*totals)
    line_figures = {line.pk: Figures() for line in lines}
    for (line_id, _month), figures in movements.items():
        line_figures[line_id].add(figures)
    targets = dict(ExecutionTarget.objects.filter(year=fiscal_year.year).values_list("half", "target_rate"))
    return ExecutionStatus(
        fiscal_year=fiscal_year,
        as_of=as_of,
        department_ids=scope,
        items=items,
        lines=lines,
        line_figures=line_figures,
        movements=movements,
        targets=targets,
    )
