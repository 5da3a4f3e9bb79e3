"""Posting to the double-entry books (복식부기) — the one way anything is journalised.

Other apps (payroll, trips) call `post_entry` inside their own transaction with the lines they
generated; budget's own flows (지출결의, 지급, 수입결의, 수납, 반납·정정, 대체전표) call it too.

    post_entry(kind=EntryKind.EXTERNAL, entry_date=date(2026, 4, 25), memo="4월 급여",
               source=SourceRef("payroll", "payrollrun", 12), actor=user,
               lines=[EntryLine("5110", debit=3_000_000),          # 계정코드, or an Account
                      EntryLine(role="withholding", credit=373_300),
                      EntryLine(role="bank", credit=2_626_700)])

- runs in the caller's transaction (a savepoint), so it commits or rolls back with the caller;
- is idempotent by source and kind: the same call again returns the first entry (a different
  total under the same source is refused);
- refuses in Korean an entry that does not balance, has fewer than two lines, a line with both or
  neither side, an unknown or unused account, or a date in a closed (마감) fiscal year. The
  database checks the balance again at COMMIT (a deferred constraint trigger);
- entries are never edited: `reverse_entry` posts the mirror entry (역분개).

The chart of accounts is created from the standard template for 출자·출연기관 the first time it is
needed (`ensure_chart`); each 통계목 books to the expense account whose `standard_codes` holds
its code or its 편성목's (`expense_account_for`); a 세입 목 to the revenue account naming its code,
its 항's or its 관's (budget.revenue.revenue_account_for).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import audit_record
from budget.ledger import SourceRef
from budget.models import Account, AccountType, EntryKind, FiscalYear, JournalEntry, JournalLine, YearStatus
from core.money import MAX_AMOUNT
from core.templatetags.korean import won
from org.models import User

__all__ = [
    "STANDARD_ACCOUNTS",
    "EntryKind",
    "EntryLine",
    "account_for_role",
    "check_entry",
    "ensure_chart",
    "expense_account_for",
    "expense_accounts_for",
    "post_entry",
    "reverse_entry",
]

# The standard chart for 출자·출연기관 (code, name, type, role, standard codes it books).
STANDARD_ACCOUNTS: tuple[tuple[str, str, str, str, str], ...] = (
    ("1101", "현금", AccountType.ASSET, "cash", ""),
    ("1102", "보통예금", AccountType.ASSET, "bank", ""),
    ("1110", "미수금", AccountType.ASSET, "receivable", ""),
    ("1120", "선급금", AccountType.ASSET, "", ""),
    ("1210", "비품", AccountType.ASSET, "", ""),
    ("2101", "미지급금", AccountType.LIABILITY, "payable", ""),
    ("2102", "예수금", AccountType.LIABILITY, "withholding", ""),
    ("2103", "선수금", AccountType.LIABILITY, "", ""),
    ("2201", "퇴직급여충당부채", AccountType.LIABILITY, "", ""),
    ("3101", "기본순자산", AccountType.EQUITY, "", ""),
    ("3201", "적립순자산", AccountType.EQUITY, "retained", ""),
    ("4101", "출연금수익", AccountType.REVENUE, "", "100, 110"),
    ("4201", "사업수익", AccountType.REVENUE, "", "200, 210"),
    ("4301", "이자수익", AccountType.REVENUE, "", "300, 310"),
    ("4901", "기타수익", AccountType.REVENUE, "other_revenue", ""),
    ("5101", "급여", AccountType.EXPENSE, "", "101"),
    ("5102", "퇴직급여", AccountType.EXPENSE, "", "107"),
    ("5103", "상여금", AccountType.EXPENSE, "", "109"),
    ("5104", "법정부담금", AccountType.EXPENSE, "", "304"),
    ("5105", "복리후생비", AccountType.EXPENSE, "", "201-15"),
    ("5201", "일반운영비", AccountType.EXPENSE, "", "201"),
    ("5202", "여비교통비", AccountType.EXPENSE, "", "202"),
    ("5203", "업무추진비", AccountType.EXPENSE, "", "203"),
    ("5204", "직무수행경비", AccountType.EXPENSE, "", "204"),
    ("5301", "사업비", AccountType.EXPENSE, "", "301, 307, 308"),
    ("5401", "시설유지비", AccountType.EXPENSE, "", "401, 405"),
    ("5901", "기타비용", AccountType.EXPENSE, "other_expense", ""),
)


def ensure_chart() -> None:
    """Create the standard chart in this institution's schema if it has no account yet (two
    callers at once insert it once: conflicts are ignored)."""
    if Account.objects.exists():
        return
    Account.objects.bulk_create(
        [
            Account(code=code, name=name, type=type_, role=role, standard_codes=codes, order=order)
            for order, (code, name, type_, role, codes) in enumerate(STANDARD_ACCOUNTS)
        ],
        ignore_conflicts=True,
    )


def account_for_role(role: str) -> Account:
    ensure_chart()
    account = Account.objects.filter(role=role).first()
    if account is None:
        raise ValidationError(_("계정과목표에 '%(role)s' 용도의 계정이 없습니다.") % {"role": role})
    return account


def expense_account_for(standard_code: str) -> Account:
    """The expense account a 통계목 of `standard_code` books to: the account naming the longest
    prefix of it (201-01, else 201), else the 기타비용 account."""
    return expense_accounts_for([standard_code])[standard_code]


def expense_accounts_for(standard_codes: Iterable[str]) -> dict[str, Account]:
    """`expense_account_for` of many codes at once, in two queries (for bulk writers)."""
    ensure_chart()
    accounts = list(Account.objects.filter(type=AccountType.EXPENSE, is_active=True).exclude(standard_codes=""))
    found: dict[str, Account] = {}
    other: Account | None = None
    for standard_code in standard_codes:
        best: tuple[int, Account] | None = None
        for account in accounts:
            for code in account.codes():
                if (standard_code == code or standard_code.startswith(code + "-")) and (
                    best is None or len(code) > best[0]
                ):
                    best = (len(code), account)
        if best is None:
            other = other or account_for_role("other_expense")
        found[standard_code] = best[1] if best else other  # type: ignore[assignment]
    return found


@dataclass(frozen=True)
class EntryLine:
    """One line of an entry to post: the account (an Account, its code, or `role=`), and a
    debit or a credit in won."""

    account: Account | str | None = None
    debit: int = 0
    credit: int = 0
    memo: str = ""
    role: str = ""
    budget_line_id: int | None = None


def _account(line: EntryLine, accounts: dict[str, Account]) -> Account:
    if isinstance(line.account, Account):
        return line.account
    if line.role:
        return account_for_role(line.role)
    found = accounts.get(line.account or "")
    if found is None:
        raise ValidationError(_("없는 계정과목입니다: %(code)s") % {"code": line.account})
    return found


def _check_side(amount: object) -> bool:
    return not isinstance(amount, bool) and isinstance(amount, int) and 0 <= amount <= MAX_AMOUNT


def check_entry(*, entry_date: date, lines: Sequence[EntryLine]) -> list[tuple[Account, EntryLine]]:
    """Every check `post_entry` makes before writing (Korean ValidationErrors): each line one
    side of a positive amount, known and used accounts, two lines or more, debits = credits, the
    date not in a closed year. Returns the lines with their accounts."""
    ensure_chart()
    accounts = {a.code: a for a in Account.objects.all()}
    resolved: list[tuple[Account, EntryLine]] = []
    for line in lines:
        if not (_check_side(line.debit) and _check_side(line.credit)) or (line.debit > 0) == (line.credit > 0):
            raise ValidationError(_("분개의 각 줄은 차변이나 대변 한쪽에만 1원 이상의 금액을 적어야 합니다."))
        account = _account(line, accounts)
        if not account.is_active:
            raise ValidationError(_("사용하지 않는 계정과목입니다: %(account)s") % {"account": account})
        resolved.append((account, line))
    if len(resolved) < 2:
        raise ValidationError(_("분개는 차변과 대변 두 줄 이상이어야 합니다."))
    debits = sum(line.debit for _a, line in resolved)
    credits = sum(line.credit for _a, line in resolved)
    if debits != credits:
        raise ValidationError(
            _("차변 합계 %(debits)s과(와) 대변 합계 %(credits)s이(가) 다릅니다.")
            % {"debits": won(debits), "credits": won(credits)}
        )
    year = FiscalYear.objects.filter(year=entry_date.year).first()
    if year is not None and year.status == YearStatus.CLOSED:
        raise ValidationError(
            {"entry_date": _("%(year)d 회계연도는 마감되어 전표를 기록할 수 없습니다.") % {"year": year.year}}
        )
    return resolved


def post_entry(
    *,
    kind: str,
    entry_date: date,
    memo: str,
    source: SourceRef,
    lines: Sequence[EntryLine],
    actor: User | None,
    reverses: JournalEntry | None = None,
) -> JournalEntry:
    """Post one balanced entry (see the module's doc). Returns the entry (the first one when the
    same source posted this kind before)."""
    if kind not in EntryKind.values:
        raise ValidationError(_("전표 구분이 올바르지 않습니다."))
    resolved = check_entry(entry_date=entry_date, lines=lines)
    debits = sum(line.debit for _a, line in resolved)
    with transaction.atomic():
        existing = JournalEntry.objects.filter(**source.filter(), kind=kind).first()
        if existing is not None:
            total = sum(line.debit for line in existing.lines.all())
            if total != debits:
                raise ValidationError(
                    _("같은 출처(%(source)s)로 이미 %(amount)s의 전표가 기록되어 있습니다.")
                    % {"source": source, "amount": won(total)}
                )
            return existing
        entry = JournalEntry.objects.create(
            entry_date=entry_date,
            kind=kind,
            memo=memo[:200],
            reverses=reverses,
            actor=actor if getattr(actor, "pk", None) else None,
            **source.filter(),
        )
        JournalLine.objects.bulk_create(
            [
                JournalLine(
                    entry=entry,
                    account=account,
                    debit=line.debit,
                    credit=line.credit,
                    memo=line.memo[:200],
                    budget_line_id=line.budget_line_id,
                )
                for account, line in resolved
            ]
        )
        audit_record(
            action="journal.post",
            actor=actor,
            target=entry,
            data={
                "kind": kind,
                "source": str(source),
                "on": entry_date.isoformat(),
                "amount": debits,
                "lines": [
                    {"account": account.code, "debit": line.debit, "credit": line.credit} for account, line in resolved
                ],
            },
        )
    return entry


def reverse_entry(*, entry: JournalEntry, entry_date: date, actor: User | None, memo: str = "") -> JournalEntry:
    """역분개: post the mirror of `entry` (debits and credits swapped) on `entry_date`; once per
    entry (a second call returns the first reversal)."""
    lines = [
        EntryLine(
            account=line.account,
            debit=line.credit,
            credit=line.debit,
            memo=line.memo,
            budget_line_id=line.budget_line_id,
        )
        for line in entry.lines.select_related("account")
    ]
    return post_entry(
        kind=EntryKind.REVERSAL,
        entry_date=entry_date,
        memo=memo or _("역분개: %(memo)s") % {"memo": entry.memo},
        source=SourceRef("budget", "journalentry", str(entry.pk)),
        lines=lines,
        actor=actor,
        reverses=entry,
    )
