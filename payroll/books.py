"""A payroll run's journal entry (급여 전표), posted through budget's books at the run's final
approval (budget.books.post_entry: the one way anything is journalised).

    Dr 급여·제수당 (by the 통계목 each earning line carries)    gross
        Cr 예수금 (role "withholding"), one line per deduction  deductions
        Cr 미지급금 (role "payable")                            net
    Dr 법정부담금 (by the employer lines' 통계목, else 304)      employer share
        Cr 미지급금 (role "payable")                            employer share

A correction run (payroll.corrections) may lower amounts: a negative total books on the other
side (Cr 급여 for pay recovered, Dr 예수금 for tax and insurance withheld in excess, Cr 법정부담금 /
Dr 미지급금 for the employer's share owed less), and a person's negative net is the 환수액 owed
back: Dr 미수금 (role "receivable") instead of Cr 미지급금.

Idempotent by SourceRef("payroll", "payrollrun", run.pk): posting twice returns the first entry.
It runs in the caller's transaction (a savepoint), so the decision and the entry commit together;
a refusal (a closed fiscal year, an unused account) raises ValidationError and rolls both back.

The approval kind `payroll.run` (payroll.flow.run_approved) calls `run_journal_post` in the
deciding transaction, after charging the budget lines.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from typing import TYPE_CHECKING, Any

from django.db.models import Q, Sum
from django.utils import timezone

from budget.books import EntryKind, EntryLine, expense_account_for, post_entry
from budget.charges import SourceRef
from payroll.models import LineKind, PayrollRun, Payslip, PayslipLine

if TYPE_CHECKING:
    from budget.models import JournalEntry

PAY_CODE = "101"  # an earning line without a 통계목 books as 급여 (101 인건비)
EMPLOYER_CODE = "304"  # an employer line without a 통계목 books as 법정부담금 (304 연금부담금 등)


def run_source(run: PayrollRun) -> SourceRef:
    return SourceRef("payroll", "payrollrun", str(run.pk))


def _signed(amount: int, memo: str, *, debit_when_positive: bool, code: str = "", role: str = "") -> EntryLine:
    """A line on the side `amount`'s sign puts it (a correction's negative difference reverses
    the side: a lowered earning credits its expense account, a lowered deduction debits 예수금)."""
    debit = (amount > 0) == debit_when_positive
    size = abs(amount)
    account = None if role else code
    return EntryLine(account, debit=size if debit else 0, credit=0 if debit else size, memo=memo, role=role)


def run_journal_lines(run: PayrollRun) -> list[EntryLine]:
    """The entry's lines from the run's slip lines (one grouped query, one for the slips' nets,
    then one account lookup per 통계목). Debits equal credits by construction: a slip's net is its
    gross less its deductions, and the nets are split into what is paid (미지급금) and what a
    correction recovers (미수금, a person's negative net)."""
    pay: dict[str, int] = defaultdict(int)  # expense account code → earnings booked there (signed)
    employer: dict[str, int] = defaultdict(int)  # expense account code → employer share (signed)
    names: dict[str, str] = {}
    withheld: dict[str, int] = defaultdict(int)  # deduction label → total (signed)
    rows = (
        PayslipLine.objects.filter(slip__run=run)
        .values("kind", "code", "label", "budget_code")
        .annotate(total=Sum("amount"))
        .order_by("kind", "budget_code", "code")
    )
    for row in rows:
        kind, total = row["kind"], row["total"]
        if kind == LineKind.DEDUCTION:
            withheld[row["label"]] += total
            continue
        default = PAY_CODE if kind == LineKind.EARNING else EMPLOYER_CODE
        account = expense_account_for(row["budget_code"] or default)
        names[account.code] = account.name
        (pay if kind == LineKind.EARNING else employer)[account.code] += total
    nets = Payslip.objects.filter(run=run).aggregate(
        payable=Sum("net_amount", filter=Q(net_amount__gt=0)), recovery=Sum("net_amount", filter=Q(net_amount__lt=0))
    )
    payable, recovery = nets["payable"] or 0, -(nets["recovery"] or 0)
    month = f"{run.month.year}년 {run.month.month}월"
    employer_total = sum(employer.values())
    lines = [
        _signed(total, f"{month} 급여: {names[code]}", debit_when_positive=True, code=code)
        for code, total in pay.items()
        if total
    ]
    lines += [
        _signed(t, f"예수금: {label}", debit_when_positive=False, role="withholding")
        for label, t in withheld.items()
        if t
    ]
    if payable:
        lines.append(EntryLine(role="payable", credit=payable, memo=f"{month} 급여 실지급액"))
    if recovery:
        lines.append(EntryLine(role="receivable", debit=recovery, memo=f"{month} 급여 환수액"))
    lines += [
        _signed(total, f"{month} 기관 부담금", debit_when_positive=True, code=code)
        for code, total in employer.items()
        if total
    ]
    if employer_total:
        lines.append(_signed(employer_total, f"{month} 기관 부담금 미지급", debit_when_positive=False, role="payable"))
    return lines


def run_journal_post(*, run: PayrollRun, actor: Any, on: datetime.date | None = None) -> JournalEntry:
    """Post the run's entry (see the module's doc) dated `on` (the decision's day by default)."""
    return post_entry(
        kind=EntryKind.EXTERNAL,
        entry_date=on or timezone.localdate(),
        memo=f"{run.month.year}년 {run.month.month}월 {run.get_kind_display()} 급여",
        source=run_source(run),
        lines=run_journal_lines(run),
        actor=actor,
    )
