"""Reports of the books: 분개장 (the journal), 총계정원장 (one account's ledger with its running
balance) and 합계잔액시산표 (the trial balance) for a date range. Each is a fixed number of
aggregate queries whatever the number of entries (the journal and a ledger page by entries)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from budget.models import Account, AccountType, EntryKind, JournalEntry, JournalLine


@dataclass(frozen=True)
class TrialRow:
    account: Account
    debit_total: int
    credit_total: int

    @property
    def net(self) -> int:
        return self.debit_total - self.credit_total

    @property
    def debit_balance(self) -> int:
        return self.net if self.net > 0 else 0

    @property
    def credit_balance(self) -> int:
        return -self.net if self.net < 0 else 0


@dataclass(frozen=True)
class TrialBalance:
    start: date
    end: date
    rows: list[TrialRow]

    @property
    def debit_total(self) -> int:
        return sum(r.debit_total for r in self.rows)

    @property
    def credit_total(self) -> int:
        return sum(r.credit_total for r in self.rows)

    @property
    def debit_balance(self) -> int:
        return sum(r.debit_balance for r in self.rows)

    @property
    def credit_balance(self) -> int:
        return sum(r.credit_balance for r in self.rows)

    @property
    def balanced(self) -> bool:
        return self.debit_total == self.credit_total and self.debit_balance == self.credit_balance


def trial_balance(start: date, end: date) -> TrialBalance:
    """합계잔액시산표: each account's debits and credits of the entries dated in [start, end] and
    its balance on its side; accounts without movement are left out. Two queries.

    Before the year-end's closing: the 결산 마감분개 (수익·비용 to 순자산) is left out, so the
    운영계산서 of a closed year still shows it; a year's opening entry (기초 잔액) counts only when
    the range starts on its day (a range from 1 January shows the balances brought forward)."""
    sums = {
        row["account_id"]: (row["d"], row["c"])
        for row in JournalLine.objects.filter(entry__entry_date__gte=start, entry__entry_date__lte=end)
        .exclude(entry__kind=EntryKind.CLOSING)
        .exclude(Q(entry__kind=EntryKind.OPENING) & ~Q(entry__entry_date=start))
        .values("account_id")
        .annotate(d=Coalesce(Sum("debit"), 0), c=Coalesce(Sum("credit"), 0))
    }
    rows = [
        TrialRow(account=account, debit_total=sums[account.pk][0], credit_total=sums[account.pk][1])
        for account in Account.objects.filter(pk__in=list(sums)).order_by("code")
    ]
    return TrialBalance(start=start, end=end, rows=rows)


def journal_entries(start: date, end: date) -> QuerySet[JournalEntry]:
    """분개장: the entries dated in [start, end] in order, their lines and accounts prefetched."""
    return (
        JournalEntry.objects.filter(entry_date__gte=start, entry_date__lte=end)
        .prefetch_related("lines__account")
        .order_by("entry_date", "pk")
    )


@dataclass(frozen=True)
class LedgerRow:
    entry_date: date
    entry_number: str
    memo: str
    debit: int
    credit: int
    balance: int


@dataclass(frozen=True)
class Ledger:
    account: Account
    opening: int  # on the account's normal side: debit − credit for 자산·비용, credit − debit else
    rows: list[LedgerRow]

    @property
    def closing(self) -> int:
        return self.rows[-1].balance if self.rows else self.opening


def _signed(account: Account, debit: int, credit: int) -> int:
    return debit - credit if account.debit_normal else credit - debit


def account_ledger(account: Account, start: date, end: date) -> Ledger:
    """총계정원장: the account's balance before `start`, then each of its lines in [start, end]
    with the running balance on the account's normal side. Two queries."""
    # The opening entries repeat balances the history already holds: left out here.
    lines_of = JournalLine.objects.filter(account=account).exclude(entry__kind=EntryKind.OPENING)
    before = lines_of.filter(entry__entry_date__lt=start).aggregate(
        d=Coalesce(Sum("debit"), 0), c=Coalesce(Sum("credit"), 0)
    )
    running = _signed(account, before["d"], before["c"])
    opening = running
    rows = []
    lines = (
        lines_of.filter(entry__entry_date__gte=start, entry__entry_date__lte=end)
        .select_related("entry")
        .order_by("entry__entry_date", "entry_id", "pk")
    )
    for line in lines:
        running += _signed(account, line.debit, line.credit)
        rows.append(
            LedgerRow(
                entry_date=line.entry.entry_date,
                entry_number=line.entry.number,
                memo=line.memo or line.entry.memo,
                debit=line.debit,
                credit=line.credit,
                balance=running,
            )
        )
    return Ledger(account=account, opening=opening, rows=rows)


@dataclass(frozen=True)
class Statement:
    """재무상태표 / 운영계산서 figures from the trial balance up to a day."""

    assets: list[tuple[Account, int]]
    liabilities: list[tuple[Account, int]]
    equity: list[tuple[Account, int]]
    revenue: list[tuple[Account, int]]
    expenses: list[tuple[Account, int]]

    @property
    def net_result(self) -> int:
        """운영차익 (revenue − expenses)."""
        return sum(v for _a, v in self.revenue) - sum(v for _a, v in self.expenses)

    @property
    def total_assets(self) -> int:
        return sum(v for _a, v in self.assets)

    @property
    def total_liabilities_and_equity(self) -> int:
        return sum(v for _a, v in self.liabilities) + sum(v for _a, v in self.equity) + self.net_result


def statements(start: date, end: date) -> Statement:
    groups: dict[str, list[tuple[Account, int]]] = {t: [] for t in AccountType.values}
    for row in trial_balance(start, end).rows:
        groups[row.account.type].append((row.account, _signed(row.account, row.debit_total, row.credit_total)))
    return Statement(
        assets=groups[AccountType.ASSET],
        liabilities=groups[AccountType.LIABILITY],
        equity=groups[AccountType.EQUITY],
        revenue=groups[AccountType.REVENUE],
        expenses=groups[AccountType.EXPENSE],
    )


@dataclass(frozen=True)
class Unbalanced:
    entry_id: int
    entry_date: date
    debits: int
    credits: int
    lines: int


def unbalanced_entries() -> list[Unbalanced]:
    """Entries whose lines do not balance or are fewer than two: none can be written (the
    deferred trigger), so any found means the books were changed behind the application's back —
    `manage.py budget_reconcile` names them. One query."""
    rows = (
        JournalEntry.objects.annotate(
            d=Coalesce(Sum("lines__debit"), 0), c=Coalesce(Sum("lines__credit"), 0), n=Count("lines")
        )
        .values("pk", "entry_date", "d", "c", "n")
        .order_by("pk")
    )
    return [
        Unbalanced(entry_id=r["pk"], entry_date=r["entry_date"], debits=r["d"], credits=r["c"], lines=r["n"])
        for r in rows
        if r["d"] != r["c"] or r["n"] < 2
    ]
