"""결산: closing a fiscal year (회계연도 마감) — the 회계 담당's year end.

`year_end_review` lists what stands in the way (documents still in approval, entries that do not
balance, the year not over yet) and what the officer must decide: each line's commitment still
open (지출원인행위 잔액), which may be carried into next year or left to lapse.

`year_end_close` then, in one transaction under the year's lines' row locks:

1. releases every open commitment on the year's lines (dated 31 December), so nothing stays
   reserved in a closed year;
2. carries what the officer chose (`Carry`: 명시이월 up to the line's unexecuted amount, 사고이월
   up to its open commitment) into next year's line of the same standard code (an 이월 posting
   dated 1 January on the target line);
3. records per line 불용액 = 예산현액 − 집행액 − 이월액 (`YearEnd`, `YearEndLine`);
4. posts the closing entry (수익·비용 accounts to 적립순자산, dated 31 December) and next year's
   opening entry (each 자산·부채·순자산 account's balance, dated 1 January);
5. closes the year (budget.structure.fiscal_year_close): from then on every posting dated in it
   is refused — charges and amendments (budget.charges, budget.amendments) and entries
   (budget.books.check_entry) — with a Korean message naming the closed year.

Each step is an audit event (budget.release-like postings are summed in `fiscal_year.year_end`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_chain_lock, audit_record
from budget.books import EntryLine, account_for_role, ensure_chart, post_entry
from budget.books_reports import unbalanced_entries
from budget.execution import is_accounting_officer
from budget.ledger import SourceRef, post_postings, posting
from budget.locks import lock_lines
from budget.models import (
    Account,
    AccountType,
    Amendment,
    AmendmentStatus,
    BudgetItem,
    BudgetPosting,
    CarryoverType,
    DecisionStatus,
    EntryKind,
    Expenditure,
    ExpenditureReversal,
    ExpenditureStatus,
    FiscalYear,
    JournalEntry,
    JournalLine,
    Level,
    ManualJournal,
    PostingKind,
    RevenueResolution,
    YearEnd,
    YearEndLine,
    YearStatus,
)
from budget.models.plans import ExpensePlan, PlanStatus
from budget.structure import fiscal_year_close
from core.templatetags.korean import kdate, won
from org.models import User

__all__ = ["Carry", "OpenCommitment", "YearEndReview", "year_end_close", "year_end_review"]


@dataclass(frozen=True)
class Carry:
    """The officer's choice for one line: carry `amount` into next year's `target` line."""

    line: BudgetItem | int
    carryover_type: str
    amount: int
    target: BudgetItem | int


@dataclass(frozen=True)
class OpenCommitment:
    """A line of the closing year with money still to decide: its open commitment and what is
    unexecuted, and the next year's lines of the same standard code it may be carried into."""

    line: BudgetItem
    committed: int
    unexecuted: int
    targets: list[BudgetItem]


@dataclass
class YearEndReview:
    fiscal_year: FiscalYear
    next_year: FiscalYear | None
    blocking: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    commitments: list[OpenCommitment] = field(default_factory=list)
    current_total: int = 0
    executed_total: int = 0
    committed_total: int = 0

    @property
    def can_close(self) -> bool:
        return not self.blocking

    @property
    def unexecuted_total(self) -> int:
        return self.current_total - self.executed_total


def _lines(fiscal_year: FiscalYear):  # type: ignore[no-untyped-def]
    return BudgetItem.objects.filter(fiscal_year=fiscal_year, level=Level.ITEM)


def _blocking(fiscal_year: FiscalYear, today: date) -> list[str]:
    """What must be settled before the year may close (Korean sentences; empty when nothing)."""
    problems: list[str] = []
    if fiscal_year.status != YearStatus.CONFIRMED:
        problems.append(_("집행 중(확정)인 회계연도만 결산할 수 있습니다."))
        return problems
    if today <= fiscal_year.ends_on:
        problems.append(
            _("%(year)d 회계연도가 끝난 뒤(%(day)s부터) 결산할 수 있습니다.")
            % {"year": fiscal_year.year, "day": kdate(date(fiscal_year.year + 1, 1, 1))}
        )
    in_progress = [
        (
            _("지출 품의"),
            ExpensePlan.objects.filter(line__fiscal_year=fiscal_year, status=PlanStatus.IN_PROGRESS).count(),
        ),
        (
            _("지출결의"),
            Expenditure.objects.filter(line__fiscal_year=fiscal_year, status=ExpenditureStatus.IN_PROGRESS).count(),
        ),
        (
            _("반납·정정"),
            ExpenditureReversal.objects.filter(
                expenditure__line__fiscal_year=fiscal_year, status=DecisionStatus.IN_PROGRESS
            ).count(),
        ),
        (
            _("수입결의"),
            RevenueResolution.objects.filter(
                revenue_item__fiscal_year=fiscal_year, status=DecisionStatus.IN_PROGRESS
            ).count(),
        ),
        (
            _("대체전표"),
            ManualJournal.objects.filter(
                entry_date__year=fiscal_year.year, status__in=("draft", "in_progress")
            ).count(),
        ),
        (
            _("예산 변경(추경·전용·이월)"),
            Amendment.objects.filter(fiscal_year=fiscal_year, status=AmendmentStatus.IN_PROGRESS).count(),
        ),
    ]
    problems += [
        _("결재 중이거나 상신하지 않은 %(what)s %(count)d건을 먼저 끝내세요(승인·반려·회수).")
        % {"what": what, "count": count}
        for what, count in in_progress
        if count
    ]
    unbalanced = [u for u in unbalanced_entries() if u.entry_date.year == fiscal_year.year]
    if unbalanced:
        problems.append(
            _("대차가 맞지 않는 전표 %(count)d건이 있습니다(전표 ID %(ids)s). budget_reconcile로 확인하세요.")
            % {"count": len(unbalanced), "ids": ", ".join(str(u.entry_id) for u in unbalanced[:10])}
        )
    return problems


def _notes(fiscal_year: FiscalYear) -> list[str]:
    notes = []
    unpaid = Expenditure.objects.filter(
        line__fiscal_year=fiscal_year, status=ExpenditureStatus.APPROVED, payment__isnull=True
    ).aggregate(n=Count("pk"), total=Coalesce(Sum("amount"), 0))
    if unpaid["n"]:
        notes.append(
            _("지급하지 않은 지출결의 %(count)d건(%(amount)s)은 미지급금으로 다음 연도에 넘어갑니다.")
            % {"count": unpaid["n"], "amount": won(unpaid["total"])}
        )
    uncollected = RevenueResolution.objects.filter(
        revenue_item__fiscal_year=fiscal_year, status=DecisionStatus.APPROVED, collected_on__isnull=True
    ).aggregate(n=Count("pk"), total=Coalesce(Sum("amount"), 0))
    if uncollected["n"]:
        notes.append(
            _("수납하지 않은 수입결의 %(count)d건(%(amount)s)은 미수금으로 다음 연도에 넘어갑니다.")
            % {"count": uncollected["n"], "amount": won(uncollected["total"])}
        )
    return notes


def year_end_review(fiscal_year: FiscalYear, *, today: date | None = None) -> YearEndReview:
    """What the 결산 page shows before the officer closes `fiscal_year`."""
    today = today or timezone.localdate()
    next_year = FiscalYear.objects.filter(year=fiscal_year.year + 1).first()
    totals = _lines(fiscal_year).aggregate(
        original=Coalesce(Sum("original_amount"), 0),
        amended=Coalesce(Sum("amended_amount"), 0),
        executed=Coalesce(Sum("executed_amount"), 0),
        committed=Coalesce(Sum("committed_amount"), 0),
    )
    review = YearEndReview(
        fiscal_year=fiscal_year,
        next_year=next_year,
        blocking=_blocking(fiscal_year, today),
        notes=_notes(fiscal_year),
        current_total=totals["original"] + totals["amended"],
        executed_total=totals["executed"],
        committed_total=totals["committed"],
    )
    targets: dict[str, list[BudgetItem]] = defaultdict(list)
    if next_year is not None and next_year.status != YearStatus.CLOSED:
        for item in _lines(next_year).order_by("path"):
            targets[item.standard_code].append(item)
    review.commitments = [
        OpenCommitment(
            line=line,
            committed=line.committed_amount,
            unexecuted=line.current_amount - line.executed_amount,
            targets=targets.get(line.standard_code, []),
        )
        for line in _lines(fiscal_year).filter(committed_amount__gt=0).select_related("department").order_by("path")
    ]
    if review.commitments and next_year is None:
        review.notes.append(
            _(
                "%(year)d 회계연도 예산이 없어 원인행위 잔액을 이월할 수 없습니다(모두 불용 처리). "
                "이월하려면 먼저 다음 연도 예산과목을 만드세요."
            )
            % {"year": fiscal_year.year + 1}
        )
    return review


# --- closing ----------------------------------------------------------------------------------


def _pk(value: BudgetItem | int) -> int:
    if isinstance(value, BudgetItem):
        return value.pk
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(_("예산과목을 지정하세요."))
    return value


def _check_carries(
    fiscal_year: FiscalYear, carries: list[Carry], lines: dict[int, BudgetItem]
) -> dict[int, tuple[Carry, int]]:
    """Validate the officer's choices under the locks; returns {line pk: (carry, target pk)}."""
    errors: list[str] = []
    chosen: dict[int, tuple[Carry, int]] = {}
    for carry in carries:
        line = lines.get(_pk(carry.line))
        target = lines.get(_pk(carry.target))
        if line is None or line.fiscal_year_id != fiscal_year.pk or line.level != Level.ITEM:
            errors.append(_("%(year)d 회계연도의 통계목만 이월할 수 있습니다.") % {"year": fiscal_year.year})
            continue
        label = line.label
        if line.pk in chosen:
            errors.append(_("%(line)s: 한 과목은 한 번만 이월합니다.") % {"line": label})
            continue
        amount = carry.amount
        if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
            errors.append(_("%(line)s: 이월액은 1원 이상의 정수로 입력하세요.") % {"line": label})
            continue
        if carry.carryover_type not in CarryoverType.values:
            errors.append(_("%(line)s: 명시이월인지 사고이월인지 고르세요.") % {"line": label})
            continue
        if target is None or target.fiscal_year.year != fiscal_year.year + 1 or target.level != Level.ITEM:
            errors.append(
                _("%(line)s: 이월 받는 과목은 %(year)d 회계연도의 통계목이어야 합니다.")
                % {"line": label, "year": fiscal_year.year + 1}
            )
            continue
        if target.fiscal_year.status == YearStatus.CLOSED:
            errors.append(_("%(year)d 회계연도는 마감되어 이월 받을 수 없습니다.") % {"year": target.fiscal_year.year})
            continue
        if target.standard_code != line.standard_code:
            errors.append(
                _("%(line)s: 이월 받는 과목(%(target)s)의 표준 예산과목이 다릅니다.")
                % {"line": label, "target": target.label}
            )
            continue
        if carry.carryover_type == CarryoverType.ACCIDENT:
            limit, what = line.committed_amount, _("원인행위 잔액")
        else:
            limit, what = line.current_amount - line.executed_amount, _("미집행액")
        if amount > limit:
            errors.append(
                _("%(line)s: %(type)s은 %(what)s %(limit)s까지 할 수 있습니다 — 요청 %(amount)s, 초과 %(over)s")
                % {
                    "line": label,
                    "type": CarryoverType(carry.carryover_type).label,
                    "what": what,
                    "limit": won(limit),
                    "amount": won(amount),
                    "over": won(amount - limit),
                }
            )
            continue
        chosen[line.pk] = (carry, target.pk)
    if errors:
        raise ValidationError(errors)
    return chosen


def _open_commitments(line_ids: list[int]) -> list[tuple[BudgetPosting, int, bool]]:
    """Each commitment posting on the lines that still holds money: (posting, what it holds,
    whether its source already released on that line). Three queries."""
    commits = list(BudgetPosting.objects.filter(line_id__in=line_ids, kind=PostingKind.COMMIT).order_by("pk"))
    if not commits:
        return []
    left = {c.pk: c.amount for c in commits}
    settled = BudgetPosting.objects.filter(settles_id__in=list(left)).values("settles_id").annotate(total=Sum("amount"))
    for row in settled:
        left[row["settles_id"]] += row["total"]
    released: dict[tuple[str, str, str, int], int] = {}
    for row in (
        BudgetPosting.objects.filter(line_id__in=line_ids, kind=PostingKind.RELEASE)
        .values("source_app", "source_model", "source_id", "line_id")
        .annotate(total=Sum("amount"))
    ):
        released[(row["source_app"], row["source_model"], row["source_id"], row["line_id"])] = row["total"]
    found = []
    for c in commits:
        key = (c.source_app, c.source_model, c.source_id, c.line_id)
        holds = left[c.pk] + released.get(key, 0)
        if holds > 0:
            found.append((c, holds, key in released))
    return found


def _account_nets(*, types: Iterable[str], until: date, since: date | None = None) -> list[tuple[Account, int]]:
    """(account, debit − credit) of the accounts of `types` over the entries dated up to `until`
    (and from `since`), opening entries left out (they repeat the balances closed before)."""
    lines = JournalLine.objects.filter(account__type__in=list(types), entry__entry_date__lte=until).exclude(
        entry__kind=EntryKind.OPENING
    )
    if since is not None:
        lines = lines.filter(entry__entry_date__gte=since)
    nets = {
        row["account_id"]: row["d"] - row["c"]
        for row in lines.values("account_id").annotate(d=Coalesce(Sum("debit"), 0), c=Coalesce(Sum("credit"), 0))
    }
    accounts = Account.objects.filter(pk__in=[pk for pk, net in nets.items() if net]).order_by("code")
    return [(account, nets[account.pk]) for account in accounts]


def _side(account: Account, net: int, memo: str) -> EntryLine:
    """The entry line that puts `net` (debit − credit) on `account`."""
    return EntryLine(account, debit=net, memo=memo) if net > 0 else EntryLine(account, credit=-net, memo=memo)


def _closing_entry(fiscal_year: FiscalYear, year_end: YearEnd, actor: User) -> JournalEntry | None:
    """수익·비용 accounts to zero, the difference (운영차익 or 차손) to 적립순자산."""
    nets = _account_nets(
        types=(AccountType.REVENUE, AccountType.EXPENSE), since=fiscal_year.starts_on, until=fiscal_year.ends_on
    )
    if not nets:
        return None
    memo = _("%(year)d 회계연도 결산 마감") % {"year": fiscal_year.year}
    lines = [_side(account, -net, memo) for account, net in nets]
    result = sum(net for _a, net in nets)  # debit − credit of what is closed: negative = 운영차익
    if result:
        lines.append(_side(account_for_role("retained"), result, memo))
    return post_entry(
        kind=EntryKind.CLOSING,
        entry_date=fiscal_year.ends_on,
        memo=memo,
        source=SourceRef.of(year_end),
        lines=lines,
        actor=actor,
    )


def _opening_entry(fiscal_year: FiscalYear, year_end: YearEnd, actor: User) -> JournalEntry | None:
    nets = _account_nets(
        types=(AccountType.ASSET, AccountType.LIABILITY, AccountType.EQUITY), until=fiscal_year.ends_on
    )
    if len(nets) < 2:
        return None
    memo = _("%(year)d 회계연도 기초 잔액(전기이월)") % {"year": fiscal_year.year + 1}
    return post_entry(
        kind=EntryKind.OPENING,
        entry_date=date(fiscal_year.year + 1, 1, 1),
        memo=memo,
        source=SourceRef.of(year_end),
        lines=[_side(account, net, memo) for account, net in nets],
        actor=actor,
    )


def year_end_close(
    *, actor: User, fiscal_year: FiscalYear, carries: Iterable[Carry] = (), today: date | None = None
) -> YearEnd:
    """Close `fiscal_year` (see the module's doc). Only a 회계 담당 may. Refused, with nothing
    written, while anything of `year_end_review`'s blocking list stands or a carry is not allowed."""
    if not is_accounting_officer(actor):
        raise PermissionDenied(_("회계 담당만 회계연도를 결산(마감)할 수 있습니다."))
    today = today or timezone.localdate()
    carries = list(carries)
    ensure_chart()
    with transaction.atomic():
        audit_chain_lock()
        fiscal_year = FiscalYear.objects.select_for_update().get(pk=fiscal_year.pk)
        problems = _blocking(fiscal_year, today)
        if problems:
            raise ValidationError(problems)
        line_ids = list(_lines(fiscal_year).values_list("pk", flat=True))
        target_ids = [_pk(c.target) for c in carries]
        lines = lock_lines([*line_ids, *target_ids])
        chosen = _check_carries(fiscal_year, carries, lines)
        close_day = fiscal_year.ends_on
        opening_day = date(fiscal_year.year + 1, 1, 1)

        open_commitments = _open_commitments(line_ids)
        released_by_line: dict[int, int] = defaultdict(int)
        for commit, holds, _done in open_commitments:
            released_by_line[commit.line_id] += holds
        drifted = [lines[pk].label for pk in line_ids if released_by_line.get(pk, 0) != lines[pk].committed_amount]
        if drifted:
            raise ValidationError(
                _("원인행위 잔액이 예산 원장과 다른 과목이 있습니다(%(lines)s). budget_reconcile로 먼저 확인하세요.")
                % {"lines": ", ".join(drifted[:5])}
            )

        rows = []
        for pk in line_ids:
            line = lines[pk]
            carry, target_id = chosen.get(pk, (None, None))
            carried = carry.amount if carry else 0
            rows.append(
                YearEndLine(
                    line_id=pk,
                    current_amount=line.current_amount,
                    executed_amount=line.executed_amount,
                    released_amount=released_by_line.get(pk, 0),
                    carryover_type=carry.carryover_type if carry else "",
                    carried_amount=carried,
                    target_line_id=target_id,
                    lapsed_amount=line.current_amount - line.executed_amount - carried,
                )
            )
        year_end = YearEnd.objects.create(
            fiscal_year=fiscal_year,
            closed_on=close_day,
            actor=actor,
            current_total=sum(r.current_amount for r in rows),
            executed_total=sum(r.executed_amount for r in rows),
            released_total=sum(r.released_amount for r in rows),
            carried_total=sum(r.carried_amount for r in rows),
            lapsed_total=sum(r.lapsed_amount for r in rows),
        )
        for row in rows:
            row.year_end = year_end
        YearEndLine.objects.bulk_create(rows)

        source = SourceRef.of(year_end)
        memo = _("%(year)d 회계연도 결산") % {"year": fiscal_year.year}
        releases = [
            posting(
                line_id=commit.line_id,
                kind=PostingKind.RELEASE,
                amount=-holds,
                on=close_day,
                actor=actor,
                # The commitment's own source releases it (its outstanding figure then reads 0);
                # one its source already part-released is released under the close's name.
                source=SourceRef("budget", "yearend", f"{year_end.pk}-{commit.pk}")
                if done
                else SourceRef(commit.source_app, commit.source_model, commit.source_id),
                memo=memo,
            )
            for commit, holds, done in open_commitments
        ]
        into: dict[int, int] = defaultdict(int)
        for carry, target_id in chosen.values():
            into[target_id] += carry.amount
        carried_in = [
            posting(
                line_id=target_id,
                kind=PostingKind.CARRYOVER,
                amount=amount,
                on=opening_day,
                actor=actor,
                source=source,
                memo=_("%(year)d 회계연도에서 이월") % {"year": fiscal_year.year},
            )
            for target_id, amount in sorted(into.items())
        ]
        post_postings([*releases, *carried_in])

        year_end.closing_entry = _closing_entry(fiscal_year, year_end, actor)
        year_end.opening_entry = _opening_entry(fiscal_year, year_end, actor)
        year_end.save(update_fields=["closing_entry", "opening_entry"])
        fiscal_year_close(actor=actor, fiscal_year=fiscal_year)
        audit_record(
            action="fiscal_year.year_end",
            actor=actor,
            target=fiscal_year,
            data={
                "year": fiscal_year.year,
                "current": year_end.current_total,
                "executed": year_end.executed_total,
                "released": year_end.released_total,
                "carried": year_end.carried_total,
                "lapsed": year_end.lapsed_total,
                "carries": [
                    {
                        "line": lines[pk].label,
                        "type": carry.carryover_type,
                        "amount": carry.amount,
                        "target": lines[target_id].label,
                    }
                    for pk, (carry, target_id) in chosen.items()
                ],
                "closing_entry": year_end.closing_entry_id,
                "opening_entry": year_end.opening_entry_id,
            },
        )
    return year_end


def carried_by_year_end(source_line_ids: Iterable[int]) -> dict[int, int]:
    """What the 결산 carried from each of these (closed-year) lines."""
    rows = (
        YearEndLine.objects.filter(line_id__in=list(source_line_ids), carried_amount__gt=0)
        .values("line_id")
        .annotate(total=Sum("carried_amount"))
    )
    return {row["line_id"]: row["total"] for row in rows}


def has_year_end(fiscal_year_id: int) -> bool:
    return YearEnd.objects.filter(fiscal_year_id=fiscal_year_id).exists()
