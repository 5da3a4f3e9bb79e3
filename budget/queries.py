"""Reads of the budget structure and its ledger, for the console and the pages built on them:
a line's 예산현액 history, and a year's tree with subtotals. Each runs a fixed number of queries
whatever the number of lines or postings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from budget.models import TOTAL_OF_KIND, BudgetItem, BudgetPosting, FiscalYear, Level


@dataclass(frozen=True)
class HistoryRow:
    posting: BudgetPosting
    current_amount: int  # 예산현액 after this posting
    committed_amount: int
    executed_amount: int

    @property
    def posted_on(self) -> date:
        return self.posting.posted_on

    @property
    def available_amount(self) -> int:
        """잔액 after this posting: 예산현액 − committed − executed."""
        return self.current_amount - self.committed_amount - self.executed_amount


def line_history(line: BudgetItem) -> list[HistoryRow]:
    """The line's postings in the order they count (date, then entry), each with the line's
    예산현액, committed and executed amounts right after it. One query."""
    running = {"original_amount": 0, "amended_amount": 0, "committed_amount": 0, "executed_amount": 0}
    rows = []
    for posting in BudgetPosting.objects.filter(line=line).select_related("actor").order_by("posted_on", "pk"):
        total = TOTAL_OF_KIND[posting.kind]
        if total in running:
            running[total] += posting.amount
        rows.append(
            HistoryRow(
                posting=posting,
                current_amount=running["original_amount"] + running["amended_amount"],
                committed_amount=running["committed_amount"],
                executed_amount=running["executed_amount"],
            )
        )
    return rows


@dataclass
class TreeRow:
    """An item of the tree with the sums of the lines beneath it (itself, for a line)."""

    item: BudgetItem
    depth: int
    original_amount: int = 0
    amended_amount: int = 0
    allotted_amount: int = 0
    committed_amount: int = 0
    executed_amount: int = 0

    @property
    def current_amount(self) -> int:
        return self.original_amount + self.amended_amount

    @property
    def available_amount(self) -> int:
        return self.current_amount - self.committed_amount - self.executed_amount


_SUMMED = ("original_amount", "amended_amount", "allotted_amount", "committed_amount", "executed_amount")


def budget_tree(fiscal_year: FiscalYear) -> list[TreeRow]:
    """Every item of the year in tree order (parents first, siblings by their order and code),
    with subtotals. One query; the sums are added up here (a year has hundreds of items)."""
    items = list(BudgetItem.objects.filter(fiscal_year=fiscal_year).select_related("department"))
    rows = {item.pk: TreeRow(item=item, depth=item.level - 1) for item in items}
    for item in items:
        if item.level != Level.ITEM:
            continue
        node: BudgetItem | None = item
        while node is not None:
            row = rows[node.pk]
            for name in _SUMMED:
                setattr(row, name, getattr(row, name) + getattr(item, name))
            node = rows[node.parent_id].item if node.parent_id else None
    children: dict[int | None, list[BudgetItem]] = {}
    for item in items:
        children.setdefault(item.parent_id, []).append(item)
    ordered: list[TreeRow] = []

    def walk(parent_id: int | None) -> None:
        for child in sorted(children.get(parent_id, []), key=lambda i: (i.order, i.code, i.pk)):
            ordered.append(rows[child.pk])
            walk(child.pk)

    walk(None)
    return ordered
