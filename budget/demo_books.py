"""The demo budget year's books (issue 11 item 9): the journal, the ledger and the revenue side of
the eleven months budget.demo_year executes, written in bulk as 이관 데이터 — what an
institution carries over from e호조 when it starts on this system in December: the year's
postings already happened elsewhere, under approval documents that live in the old system, so
nothing here has an e-approval document, and every row says so (`[이관]` in its title or memo,
sources named `budget.demo_*`).

From the year's execution postings (kept in memory by budget.demo_year) and its revenue tree:

- 1월 1일 기초 잔액 (a 대체전표: the books start here): 보통예금 = last year's 순세계잉여금
  (적립순자산) + a working reserve of about a month's spending (기본순자산);
- per month and line of running costs and projects, the 지출결의 entry on the execution day
  (Dr 비용 of the line's 통계목 / Cr 미지급금, the budget line named on the debit), and on the
  month's 28th (or the Friday before) one 지급 of all of them (Dr 미지급금 / Cr 보통예금);
- per month the pay: Dr the payroll lines' accounts / Cr 미지급금 on the pay day, paid the same
  day net of what is withheld (Cr 예수금, Cr 보통예금), the withholding paid over on the 10th of
  the next month;
- 수입결의 (`RevenueResolution`, approved and collected, without a document) on the 세입 목 by
  their real rhythm — 도 출연금 quarterly in advance, 시·군 출연금 and 국고보조금 by half-year,
  사업수익 and 이자 monthly — each booked (Dr 미수금 / Cr 수익) and collected (Dr 보통예금 / Cr
  미수금) as budget.revenue books it, the 목's 수납액 raised by what was collected; 순세계잉여금
  is the opening cash (no revenue in the books), its 수입결의 collected without an entry;
- 대체전표 (MANUAL): January's 일상경비 전도금 (Dr 현금 / Cr 보통예금) and, at each quarter's
  end, the quarter's 자산취득비 (405-01) moved from 비용 to 비품 (Dr 비품 / Cr 시설유지비).

Every entry balances (the database's deferred trigger checks each at COMMIT), entries are
numbered in date order (they are inserted sorted by date), and each month brought over is one
`journal.migrate` audit event naming its entries (number range, and per entry its id, kind,
source and amount; audit_record_many) — the migration is the decisive act, not each old entry.
Revenue accounts: the demo institution maps its own revenue codes onto the standard chart
(출연금 21 → 출연금수익, 사업수익 11 → 사업수익, 이자 121 → 이자수익), the edit an accountant
makes in the console.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from django.db.models import F
from django.utils import timezone

from audit.services import AuditEntry, audit_record_many
from budget.books import account_for_role, ensure_chart, expense_accounts_for
from budget.ledger import SourceRef
from budget.models import (
    Account,
    BudgetPosting,
    DecisionStatus,
    EntryKind,
    JournalEntry,
    JournalLine,
    PostingKind,
    RevenueItem,
    RevenueLevel,
    RevenueResolution,
)
from budget.revenue import revenue_account_for
from core.bulk import backdate

if TYPE_CHECKING:
    from org.models import User
    from tasks.models import UnitTask

MIGRATED = "[이관]"
# The demo institution's revenue codes on the standard chart's revenue accounts.
REVENUE_CODES = {"4101": "21", "4201": "11", "4301": "121"}
WITHHOLDING_PERCENT = 9  # 소득세·4대보험 근로자분, withheld from 101-01 보수
PAY_RUN_DAY, WITHHOLDING_DAY = 28, 10
PETTY_CASH = 1_000_000
ASSET_CODE = "405-01"  # 자산취득비: bought assets, moved to 비품 at each quarter's end
# (목 code, payer, months collected, share of the 목's 본예산 per collection in percent). Below the
# whole 본예산 with room for December, and for the walk-through's 4분기 출연금 (10 %) and 11월 이자
# (budget.demo_execution) on top.
REVENUE_PLAN: tuple[tuple[str, str, tuple[int, ...], int], ...] = (
    ("211", "경상북도", (1, 4, 7, 10), 22),
    ("212", "관할 시·군", (2, 8), 45),
    ("221", "국고(주무부처)", (3, 9), 42),
    ("111", "사업 이용자", tuple(range(1, 12)), 7),
    ("121", "농협은행", tuple(range(1, 12)), 7),
)
SURPLUS_CODE = "311"


@dataclass
class _Entry:
    kind: str
    on: date
    memo: str
    source: SourceRef
    lines: list[tuple[Account, int, int, str, int | None]] = field(default_factory=list)

    def debit(self, account: Account, amount: int, memo: str = "", line_id: int | None = None) -> None:
        if amount > 0:
            self.lines.append((account, amount, 0, memo, line_id))

    def credit(self, account: Account, amount: int, memo: str = "") -> None:
        if amount > 0:
            self.lines.append((account, 0, amount, memo, None))

    @property
    def total(self) -> int:
        return sum(debit for _a, debit, _c, _m, _l in self.lines)


def _weekday(day: date) -> date:
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day


class _Books:
    def __init__(
        self,
        *,
        year: int,
        today: date,
        postings: list[BudgetPosting],
        codes: dict[int, tuple[str, str]],
        actor: User,
        task: UnitTask,
        rng: random.Random,
        budget_total: int,
    ) -> None:
        self.budget_total = budget_total
        self.year, self.today, self.actor, self.task, self.rng = year, today, actor, task, rng
        self.postings = postings
        self.codes = codes  # line id → (standard code, name)
        self.entries: list[_Entry] = []
        self.counts: dict[str, int] = defaultdict(int)
        ensure_chart()
        for code, extra in REVENUE_CODES.items():
            account = Account.objects.filter(code=code).first()
            if account is not None and extra not in account.codes():
                account.standard_codes = ", ".join([*account.codes(), extra])
                account.save(update_fields=["standard_codes"])
        self.role = {
            role: account_for_role(role)
            for role in ("bank", "cash", "payable", "withholding", "retained", "receivable")
        }
        by_code = {a.code: a for a in Account.objects.filter(code__in=("1210", "3101"))}
        self.fixtures, self.base_equity = by_code.get("1210"), by_code.get("3101")
        self.expense = expense_accounts_for({code for code, _name in codes.values()})

    def day(self, month: int, day: int) -> date:
        return _weekday(date(self.year, month, min(day, 28)))

    def add(self, kind: str, on: date, memo: str, source: SourceRef) -> _Entry:
        entry = _Entry(kind, on, memo[:200], source)
        self.entries.append(entry)
        return entry

    # -- expenditure side --

    def execution(self) -> None:
        monthly: dict[tuple[str, str], list[BudgetPosting]] = defaultdict(list)
        for row in self.postings:
            if row.kind == PostingKind.EXECUTE and row.source_model in ("demo_expenditure", "demo_payroll"):
                monthly[(row.source_model, row.source_id)].append(row)
        assets: dict[int, int] = defaultdict(int)  # quarter → 자산취득비 executed
        for (model, month_id), rows in sorted(monthly.items(), key=lambda kv: (kv[0][1], kv[0][0])):
            month = int(month_id[-2:])
            rows.sort(key=lambda r: self.codes[r.line_id][0])
            if model == "demo_payroll":
                self.payroll(month, month_id, rows)
                continue
            payable = 0
            for row in rows:
                code, name = self.codes[row.line_id]
                entry = self.add(
                    EntryKind.EXPENDITURE,
                    row.posted_on,
                    f"{MIGRATED} {month}월 {name} 지출결의",
                    SourceRef("budget", "demo_expenditure", f"{month_id}-{row.line_id}"),
                )
                entry.debit(self.expense[code], row.amount, f"{code} {name}", row.line_id)
                entry.credit(self.role["payable"], row.amount)
                payable += row.amount
                self.counts["expenditure_entries"] += 1
                if code == ASSET_CODE:
                    assets[(month - 1) // 3 + 1] += row.amount
            paid_on = self.day(month, PAY_RUN_DAY)
            if payable and paid_on <= self.today:
                entry = self.add(
                    EntryKind.PAYMENT,
                    paid_on,
                    f"{MIGRATED} {month}월 지출 일괄 지급",
                    SourceRef("budget", "demo_payment", month_id),
                )
                entry.debit(self.role["payable"], payable)
                entry.credit(self.role["bank"], payable)
        self.asset_transfers(assets)

    def payroll(self, month: int, month_id: str, rows: list[BudgetPosting]) -> None:
        pay_day = rows[0].posted_on
        entry = self.add(
            EntryKind.EXPENDITURE,
            pay_day,
            f"{MIGRATED} {month}월 급여 지출결의",
            SourceRef("budget", "demo_payroll", month_id),
        )
        pay = 0
        for row in rows:
            code, name = self.codes[row.line_id]
            entry.debit(self.expense[code], row.amount, f"{code} {name}", row.line_id)
            if code == "101-01":
                pay = row.amount
        total = entry.total
        entry.credit(self.role["payable"], total)
        withheld = pay * WITHHOLDING_PERCENT // 100 // 10 * 10
        paid = self.add(
            EntryKind.PAYMENT, pay_day, f"{MIGRATED} {month}월 급여 지급", SourceRef("budget", "demo_pay_run", month_id)
        )
        paid.debit(self.role["payable"], total)
        paid.credit(self.role["withholding"], withheld, "소득세·4대보험 근로자분")
        paid.credit(self.role["bank"], total - withheld)
        remit_on = _weekday(date(self.year + month // 12, month % 12 + 1, WITHHOLDING_DAY))
        if withheld and remit_on <= self.today:
            remit = self.add(
                EntryKind.PAYMENT,
                remit_on,
                f"{MIGRATED} {month}월 급여 원천세·4대보험 납부",
                SourceRef("budget", "demo_withholding", month_id),
            )
            remit.debit(self.role["withholding"], withheld)
            remit.credit(self.role["bank"], withheld)
        self.counts["payroll_months"] += 1

    def asset_transfers(self, assets: dict[int, int]) -> None:
        """대체전표: January's petty cash, and each quarter's 자산취득비 moved to 비품."""
        petty = self.add(
            EntryKind.MANUAL,
            self.day(1, 5),
            f"{MIGRATED} 대체전표: 일상경비 전도금 교부",
            SourceRef("budget", "demo_journal", f"{self.year}-petty-cash"),
        )
        petty.debit(self.role["cash"], PETTY_CASH, "전도금")
        petty.credit(self.role["bank"], PETTY_CASH)
        self.counts["manual_entries"] += 1
        asset_expense = self.expense.get(ASSET_CODE)
        for quarter, amount in sorted(assets.items()):
            end = _weekday(date(self.year + quarter // 4, quarter * 3 % 12 + 1, 1) - timedelta(days=1))
            if self.fixtures is None or asset_expense is None or amount <= 0 or end > self.today:
                continue
            entry = self.add(
                EntryKind.MANUAL,
                end,
                f"{MIGRATED} 대체전표: {quarter}분기 자산취득비 비품 대체",
                SourceRef("budget", "demo_journal", f"{self.year}-Q{quarter}-assets"),
            )
            entry.debit(self.fixtures, amount, "자본적 지출 자산 계상")
            entry.credit(asset_expense, amount, f"{ASSET_CODE} 자산취득비")
            self.counts["manual_entries"] += 1

    # -- revenue side --

    def revenue(self) -> list[tuple[RevenueResolution, RevenueItem, date, date]]:
        items = {
            item.code: item
            for item in RevenueItem.objects.filter(fiscal_year__year=self.year, level=RevenueLevel.ITEM).select_related(
                "parent__parent"
            )
        }
        department_id = self.task.department_id
        made: list[tuple[RevenueResolution, RevenueItem, date, date]] = []

        def resolution(item: RevenueItem, title: str, payer: str, amount: int, booked: date, collected: date) -> None:
            made.append(
                (
                    RevenueResolution(
                        title=f"{MIGRATED} {title}",
                        revenue_item=item,
                        payer=payer,
                        amount=amount,
                        due_date=collected,
                        status=DecisionStatus.APPROVED,
                        department_id=department_id,
                        drafter=self.actor,
                        unit_task=self.task,
                        approved_at=timezone.make_aware(datetime.combine(booked, time(10))),
                        booked_on=booked,
                        collected_on=collected,
                        collected_by=self.actor,
                    ),
                    item,
                    booked,
                    collected,
                )
            )

        surplus = items.get(SURPLUS_CODE)
        if surplus is not None and surplus.budgeted_amount > 0:
            # Last year's surplus is this year's opening cash: a 수입결의 on the budget side only.
            on = self.day(2, 27)
            title = f"{self.year - 1}회계연도 순세계잉여금 이월"
            resolution(surplus, title, "전년도 결산", surplus.budgeted_amount, on, on)
        for code, payer, months, share in REVENUE_PLAN:
            item = items.get(code)
            if item is None or item.budgeted_amount <= 0:
                continue
            for month in months:
                booked = self.day(month, 10) if len(months) < 11 else self.day(month, 25)
                collected = _weekday(booked + timedelta(days=4))
                if collected > self.today:
                    continue
                wobble = 100 if len(months) < 11 else self.rng.randint(80, 115)
                amount = item.budgeted_amount * share * wobble // 10_000 // 1_000 * 1_000
                if amount <= 0:
                    continue
                label = f"{(month - 1) // 3 + 1}분기" if len(months) == 4 else f"{month}월"
                resolution(item, f"{label} {item.name} 수입", payer, amount, booked, collected)
        return made

    # -- writing --

    def write(self) -> dict[str, int]:

        resolutions = self.revenue()
        RevenueResolution.objects.bulk_create([r for r, _item, _b, _c in resolutions])
        backdate(
            RevenueResolution,
            [(r, timezone.make_aware(datetime.combine(booked, time(9)))) for r, _i, booked, _c in resolutions],
        )
        collected: dict[int, int] = defaultdict(int)
        opening_cash = 0
        accounts: dict[int, Account] = {}
        for resolution, item, booked_on, collected_on in resolutions:
            collected[item.pk] += resolution.amount
            if item.code == SURPLUS_CODE:
                opening_cash += resolution.amount
                continue
            account = accounts.get(item.pk) or accounts.setdefault(item.pk, revenue_account_for(item))
            source = SourceRef.of(resolution)
            booked = self.add(EntryKind.REVENUE, booked_on, resolution.title, source)
            booked.debit(self.role["receivable"], resolution.amount, resolution.payer)
            booked.credit(account, resolution.amount, f"{item.code} {item.name}")
            received = self.add(EntryKind.RECEIPT, collected_on, f"수납: {resolution.title}", source)
            received.debit(self.role["bank"], resolution.amount, resolution.payer)
            received.credit(self.role["receivable"], resolution.amount, resolution.payer)
        for pk, amount in collected.items():
            RevenueItem.objects.filter(pk=pk).update(collected_amount=F("collected_amount") + amount)
        reserve = self.budget_total // 12 // 1_000_000 * 1_000_000  # about a month's spending
        # A 대체전표, not an OPENING entry: the books start here, so no earlier history holds these
        # balances (budget.books_reports leaves opening entries out of the ledger for that reason).
        opening = self.add(
            EntryKind.MANUAL,
            date(self.year, 1, 1),
            f"{MIGRATED} {self.year}회계연도 기초 잔액",
            SourceRef("budget", "demo_opening", str(self.year)),
        )
        opening.debit(self.role["bank"], opening_cash + reserve, "전년도 말 예금 잔액")
        opening.credit(self.role["retained"], opening_cash, "전년도 순세계잉여금")
        if self.base_equity is not None:
            opening.credit(self.base_equity, reserve, "기본순자산")
        self.execution()
        self._insert()
        self.counts["revenue_resolutions"] = len(resolutions)
        return dict(self.counts)

    def _insert(self) -> None:
        entries = sorted((e for e in self.entries if e.total > 0), key=lambda e: e.on)  # stable: the order made
        rows = JournalEntry.objects.bulk_create(
            [
                JournalEntry(
                    entry_date=e.on, kind=e.kind, memo=e.memo, actor=self.actor, reverses=None, **e.source.filter()
                )
                for e in entries
            ]
        )
        # created_at stays the moment of the migration: when this system recorded them (and append-only).
        JournalLine.objects.bulk_create(
            [
                JournalLine(
                    entry=row,
                    account=account,
                    debit=debit,
                    credit=credit,
                    memo=memo[:200],
                    budget_line_id=line_id,
                )
                for row, e in zip(rows, entries, strict=True)
                for account, debit, credit, memo, line_id in e.lines
            ]
        )

        # One `journal.migrate` event per month (the decisive act is bringing the month over): the
        # month's entries by number with kind, source and amount, and the month's totals.
        months: dict[str, list[tuple[JournalEntry, _Entry]]] = defaultdict(list)
        for row, e in zip(rows, entries, strict=True):
            months[f"{e.on.year}-{e.on.month:02d}"].append((row, e))
        audit_record_many(
            [
                AuditEntry(
                    action="journal.migrate",
                    actor=self.actor,
                    target=batch[0][0],
                    data={
                        "month": month,
                        "entries": len(batch),
                        "amount": sum(e.total for _row, e in batch),
                        "first": batch[0][0].number,
                        "last": batch[-1][0].number,
                        "rows": [[row.pk, e.kind, str(e.source), e.total] for row, e in batch],
                    },
                )
                for month, batch in sorted(months.items())
            ]
        )
        self.counts["journal_entries"] = len(rows)


def books_seed(
    *,
    year: int,
    today: date,
    postings: list[BudgetPosting],
    codes: dict[int, tuple[str, str]],
    actor: User,
    task: UnitTask,
    rng: random.Random,
    budget_total: int,
) -> dict[str, int]:
    """Write the year's migrated books (see the module's doc); returns what was made."""
    books = _Books(
        year=year,
        today=today,
        postings=postings,
        codes=codes,
        actor=actor,
        task=task,
        rng=rng,
        budget_total=budget_total,
    )
    return books.write()
