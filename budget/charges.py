"""How other apps charge the budget (payroll, trips, and budget's own execution chain).

Budget never imports the apps that charge it: they name what caused a charge with a `SourceRef`
(app label, model name, id) and call these functions inside their own transaction. Every write
here

- runs in the caller's transaction (a savepoint, not a durable transaction of its own), so it
  commits or rolls back with the caller's decision;
- locks the lines it touches in pk order (budget.locks) — two callers charging the same lines in
  opposite orders queue instead of deadlocking — and checks the balance under those locks;
- is idempotent by source: a line already charged by the same source and kind is not charged
  again (the same call made twice returns the first call's postings; the same source with a
  different amount is refused);
- raises `BudgetShortfall` (a ValidationError) naming each line short of money, its balance and
  the shortfall in Korean, and Korean ValidationErrors for bad input (amount, date outside the
  line's fiscal year, a line that is not a 통계목, a year not open for execution);
- writes one audit event per call that posted something.

Balance = 예산현액 (or, with allotment on, the allotted amount) − committed − executed.

    commit(line, amount, source)          지출원인행위: reserve an amount on a line
    release(source, amount=None)          give back what a commitment still holds (once)
    execute(source, amount, line=None,    집행: settle a commitment (partly or fully) into 집행액,
            commitment_source=None)       or execute directly (small fixed costs)
    reverse(source)                       반납·정정: undo a source's execution (or release its
                                          commitment); the balance is restored
    refund_many(charges, source)          지출 반납 of part of what was executed (a payroll
                                          correction's 환수): lower the lines' 집행액 by amounts
    balance(line) / balances(lines)       read the figures, no lock (O(1) queries)
    commitment_figures(source)            what a commitment reserved, executed, released, holds

`commit_many` and `execute_many` take several `Charge(line, amount)` for one source (a payroll
run charges 101-01, 304-01 … at once).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from budget.ledger import SourceRef, post_postings, posting
from budget.locks import lock_lines
from budget.models import BudgetItem, BudgetPosting, BudgetSettings, Level, PostingKind, YearStatus
from budget.status.figures import execution_rate, posting_sums
from core.money import MAX_AMOUNT
from core.templatetags.korean import kdate, won
from org.models import User

__all__ = [
    "Balance",
    "BudgetShortfall",
    "Charge",
    "CodeFigures",
    "CommitmentFigures",
    "Shortfall",
    "SourceRef",
    "balance",
    "balances",
    "commit",
    "commit_many",
    "commitment_figures",
    "commitment_figures_many",
    "commitment_left",
    "execute",
    "execute_many",
    "execution_rate",
    "lines_for_standard_codes",
    "refund_many",
    "release",
    "reverse",
    "standard_code_figures",
]


@dataclass(frozen=True)
class Charge:
    line: BudgetItem | int
    amount: int


@dataclass(frozen=True)
class Balance:
    line_id: int
    label: str
    current_amount: int  # 예산현액
    allotted_amount: int
    committed_amount: int
    executed_amount: int
    uses_allotment: bool

    @property
    def limit_amount(self) -> int:
        """What may be committed and executed in all: 예산현액, or the allotted part of it."""
        if self.uses_allotment:
            return min(self.allotted_amount, self.current_amount)
        return self.current_amount

    @property
    def available_amount(self) -> int:
        return self.limit_amount - self.committed_amount - self.executed_amount


def _balance_of(line: BudgetItem, settings: BudgetSettings) -> Balance:
    return Balance(
        line_id=line.pk,
        label=line.label,
        current_amount=line.current_amount,
        allotted_amount=line.allotted_amount,
        committed_amount=line.committed_amount,
        executed_amount=line.executed_amount,
        uses_allotment=settings.allotment_enabled,
    )


@dataclass(frozen=True)
class Shortfall:
    line_id: int
    label: str
    available_amount: int
    requested_amount: int
    uses_allotment: bool

    @property
    def shortfall_amount(self) -> int:
        return self.requested_amount - self.available_amount

    @property
    def message(self) -> str:
        template = (
            _("배정 잔액이 부족합니다: %(line)s — 배정 잔액 %(available)s, 요청 %(requested)s, 부족 %(short)s")
            if self.uses_allotment
            else _("예산 잔액이 부족합니다: %(line)s — 잔액 %(available)s, 요청 %(requested)s, 부족 %(short)s")
        )
        return template % {
            "line": self.label,
            "available": won(self.available_amount),
            "requested": won(self.requested_amount),
            "short": won(self.shortfall_amount),
        }


class BudgetShortfall(ValidationError):
    """A charge refused because a line's balance does not cover it; one message per line short."""

    def __init__(self, shortfalls: list[Shortfall]):
        self.shortfalls = shortfalls
        super().__init__([shortfall.message for shortfall in shortfalls], code="budget_shortfall")


# --- reading ----------------------------------------------------------------------------------


def balances(lines: Iterable[BudgetItem | int]) -> dict[int, Balance]:
    """The current figures of the lines by pk, read fresh in one query (plus the settings). No
    lock: a page or a drafter's check before 상신 reads this; the charge itself checks again under
    the lock."""
    ids = {_line_id(line) for line in lines}
    settings = BudgetSettings.load()
    rows = BudgetItem.objects.filter(pk__in=ids).only("pk", "code", "name", *_TOTALS)
    return {line.pk: _balance_of(line, settings) for line in rows}


def balance(line: BudgetItem | int) -> Balance:
    found = balances([line])
    if not found:
        raise ValidationError(_("없는 예산과목입니다."))
    return next(iter(found.values()))


def commitment_left(source: SourceRef) -> int:
    """What the commitment of `source` still holds over all its lines (0 when it has none): its
    amount less its settlements and release. No lock: read before 상신; the charge that settles it
    checks again under the line's lock."""
    return sum(_outstanding(BudgetPosting.objects.filter(**source.filter(), kind=PostingKind.COMMIT)).values())


@dataclass(frozen=True)
class CommitmentFigures:
    """A commitment (지출원인행위) over all its lines: what it reserved, what expenditures settled
    out of it into 집행액, what was given back (해제: the drafter's "settle fully", a reversal
    before any execution, or the year-end close), and what it still holds."""

    committed_amount: int
    settled_amount: int
    released_amount: int

    @property
    def open_amount(self) -> int:
        return self.committed_amount - self.settled_amount - self.released_amount


def commitment_figures(source: SourceRef) -> CommitmentFigures | None:
    """The figures of `source`'s commitment, or None when it committed nothing. No lock: a page
    reads this."""
    return commitment_figures_many([source]).get(source)


def commitment_figures_many(sources: Iterable[SourceRef]) -> dict[SourceRef, CommitmentFigures]:
    """`commitment_figures` of many sources (a list page's rows), by source; a source that
    committed nothing is absent. Three queries whatever the number of sources, lines and
    settlements (none for no source)."""
    wanted: dict[tuple[str, str], set[str]] = defaultdict(set)
    for source in sources:
        wanted[(source.app, source.model)].add(source.id)
    if not wanted:
        return {}
    by_source = Q()
    for (app, model), ids in wanted.items():
        by_source |= Q(source_app=app, source_model=model, source_id__in=sorted(ids))
    commits = list(
        BudgetPosting.objects.filter(by_source, kind=PostingKind.COMMIT).only(
            "pk", "line_id", "amount", "source_app", "source_model", "source_id"
        )
    )
    if not commits:
        return {}
    source_of = {c.pk: SourceRef(c.source_app, c.source_model, c.source_id) for c in commits}
    committed: dict[SourceRef, int] = defaultdict(int)
    settled: dict[SourceRef, int] = defaultdict(int)
    released: dict[SourceRef, int] = defaultdict(int)
    for c in commits:
        committed[source_of[c.pk]] += c.amount
    for row in (
        BudgetPosting.objects.filter(settles__in=list(source_of)).values("settles_id").annotate(total=Sum("amount"))
    ):
        settled[source_of[row["settles_id"]]] -= row["total"]
    # A source's own releases, and those the year-end close made under its own name for a
    # commitment the source had already part-released (budget.year_end: "budget.yearend:<close>-<commit>").
    lines = {c.line_id for c in commits}
    for row in (
        BudgetPosting.objects.filter(
            by_source | Q(source_app="budget", source_model="yearend"), kind=PostingKind.RELEASE, line_id__in=lines
        )
        .values("source_app", "source_model", "source_id")
        .annotate(total=Sum("amount"))
    ):
        if (row["source_app"], row["source_model"]) == ("budget", "yearend"):
            owner = source_of.get(int(row["source_id"].rsplit("-", 1)[-1]))
        else:
            owner = SourceRef(row["source_app"], row["source_model"], row["source_id"])
        if owner is not None:
            released[owner] -= row["total"]
    return {
        source: CommitmentFigures(
            committed_amount=amount, settled_amount=settled[source], released_amount=released[source]
        )
        for source, amount in committed.items()
    }


def lines_for_standard_codes(year: int, codes: Iterable[str]) -> dict[str, int]:
    """The budget line (통계목) to charge for each province standard code in `year`, by code: for
    an app that knows what it pays by 통계목 (payroll: 101-01 보수, 304-01 연금부담금 …) but not
    the institution's tree. Where several 통계목 of the year carry the code, the first in the
    tree's order is taken (an institution that splits one code over several 세부사업 picks the
    line itself). A code with no line is absent from the result. One query."""
    wanted = {code for code in codes if code}
    found: dict[str, int] = {}
    rows = (
        BudgetItem.objects.filter(fiscal_year__year=year, level=Level.ITEM, standard_code__in=wanted)
        .order_by("path")
        .values_list("standard_code", "pk")
    )
    for code, pk in rows:
        found.setdefault(code, pk)
    return found


@dataclass(frozen=True)
class CodeFigures:
    """What the year's 통계목 lines of one province standard code hold as of a day, summed."""

    current_amount: int  # 예산현액 (본예산 ± 추경·전용·이월)
    executed_amount: int  # 집행액 (net of 반납)


def standard_code_figures(year: int, codes: Iterable[str], *, on: date) -> dict[str, CodeFigures]:
    """예산현액 and 집행액 of the `year`'s 통계목 lines by standard code (all lines carrying a code,
    summed), counted from the postings dated on or before `on`, so a past day reads as it stood
    then: for an app that reports how its own 통계목 are executed (payroll's 인건비 KPI) without
    knowing the tree. A code with no line or no posting by `on` is absent. One query."""
    wanted = {code for code in codes if code}
    rows = (
        BudgetPosting.objects.filter(
            line__fiscal_year__year=year, line__level=Level.ITEM, line__standard_code__in=wanted, posted_on__lte=on
        )
        .values("line__standard_code")
        .annotate(**posting_sums())
        .order_by()
    )
    return {
        row["line__standard_code"]: CodeFigures(
            current_amount=row["original_amount"] + row["amended_amount"], executed_amount=row["executed_amount"]
        )
        for row in rows
    }


_TOTALS = ("original_amount", "amended_amount", "allotted_amount", "committed_amount", "executed_amount")


# --- writing ----------------------------------------------------------------------------------


def commit(
    *,
    line: BudgetItem | int,
    amount: int,
    source: SourceRef,
    actor: User | None,
    on: date | None = None,
    memo: str = "",
) -> list[BudgetPosting]:
    """지출원인행위: reserve `amount` on `line` for `source`. Returns the commit postings."""
    return commit_many(charges=[Charge(line, amount)], source=source, actor=actor, on=on, memo=memo)


def commit_many(
    *, charges: Iterable[Charge], source: SourceRef, actor: User | None, on: date | None = None, memo: str = ""
) -> list[BudgetPosting]:
    requested = _requested(charges)
    day = _day(on)
    with transaction.atomic():
        lines = lock_lines(requested)
        done, todo = _already(source, PostingKind.COMMIT, requested)
        if not todo:
            return done
        for line_id in todo:
            _check_open(lines[line_id], day)
        _check_balances(lines, todo, BudgetSettings.load())
        created = post_postings(
            [
                posting(line_id=pk, kind=PostingKind.COMMIT, amount=amt, on=day, actor=actor, source=source, memo=memo)
                for pk, amt in todo.items()
            ]
        )
        _audit("budget.commit", actor, lines, source, todo, day)
    return done + created


def release(
    *,
    source: SourceRef,
    actor: User | None,
    amount: int | None = None,
    line: BudgetItem | int | None = None,
    on: date | None = None,
) -> list[BudgetPosting]:
    """Give back what the commitment of `source` still holds: all of it, or `amount` (then name
    the `line` if the commitment spans several). A commitment is released once: later calls for
    the same source and line return the first release."""
    if amount is not None:
        _check_amount(amount)
    day = _day(on)
    found = BudgetPosting.objects.filter(**source.filter(), kind=PostingKind.COMMIT)
    if line is not None:
        found = found.filter(line_id=_line_id(line))
    commits = list(found)
    if not commits:
        raise ValidationError(_("해제할 지출원인행위가 없습니다: %(source)s") % {"source": source})
    if amount is not None and len(commits) > 1:
        raise ValidationError(_("여러 예산과목에 걸친 원인행위의 일부를 해제하려면 예산과목을 지정하세요."))
    with transaction.atomic():
        lines = lock_lines(c.line_id for c in commits)
        released = {
            p.line_id: p
            for p in BudgetPosting.objects.filter(
                **source.filter(), kind=PostingKind.RELEASE, line_id__in=[c.line_id for c in commits]
            )
        }
        outstanding = _outstanding(commits)
        todo: dict[int, int] = {}
        for commitment in commits:
            if commitment.line_id in released:
                continue
            left = outstanding[commitment.pk]
            wanted = left if amount is None else amount
            if wanted > left:
                raise ValidationError(
                    {
                        "amount": _("해제할 금액 %(wanted)s이(가) 원인행위 잔액 %(left)s보다 큽니다: %(line)s")
                        % {"wanted": won(wanted), "left": won(left), "line": lines[commitment.line_id].label}
                    }
                )
            if wanted > 0:
                _check_open(lines[commitment.line_id], day)
                todo[commitment.line_id] = wanted
        created = post_postings(
            [
                posting(line_id=pk, kind=PostingKind.RELEASE, amount=-amt, on=day, actor=actor, source=source)
                for pk, amt in todo.items()
            ]
        )
        if created:
            _audit("budget.release", actor, lines, source, {pk: -amt for pk, amt in todo.items()}, day)
    return list(released.values()) + created


def execute(
    *,
    source: SourceRef,
    amount: int,
    actor: User | None,
    line: BudgetItem | int | None = None,
    commitment_source: SourceRef | None = None,
    on: date | None = None,
    memo: str = "",
    excess_from_balance: bool = False,
) -> list[BudgetPosting]:
    """집행: move `amount` into the line's 집행액 for `source`. With `commitment_source` the amount
    settles that commitment (its line, unless `line` picks one of several) and needs no fresh
    balance; without it the line's balance must cover it (small fixed costs). With
    `excess_from_balance`, an amount above what the commitment still holds settles all of it and
    takes the rest from the line's balance (a trip's 여비 settled above its estimate), instead
    of being refused."""
    if line is None:
        if commitment_source is None:
            raise ValidationError(_("집행할 예산과목이나 지출원인행위를 지정하세요."))
        lines = set(
            BudgetPosting.objects.filter(**commitment_source.filter(), kind=PostingKind.COMMIT).values_list(
                "line_id", flat=True
            )
        )
        if len(lines) != 1:
            raise ValidationError(
                _("지출원인행위(%(source)s)의 예산과목이 하나가 아닙니다: 예산과목을 지정하세요.")
                % {"source": commitment_source}
            )
        line = lines.pop()
    return execute_many(
        charges=[Charge(line, amount)],
        source=source,
        actor=actor,
        commitment_source=commitment_source,
        on=on,
        memo=memo,
        excess_from_balance=excess_from_balance,
    )


def execute_many(
    *,
    charges: Iterable[Charge],
    source: SourceRef,
    actor: User | None,
    commitment_source: SourceRef | None = None,
    on: date | None = None,
    memo: str = "",
    excess_from_balance: bool = False,
) -> list[BudgetPosting]:
    requested = _requested(charges)
    day = _day(on)
    with transaction.atomic():
        lines = lock_lines(requested)
        done, todo = _already(source, PostingKind.EXECUTE, requested)
        if not todo:
            return done
        for line_id in todo:
            _check_open(lines[line_id], day)
        new: list[BudgetPosting] = []
        if commitment_source is None:
            _check_balances(lines, todo, BudgetSettings.load())
        else:
            commits = {
                c.line_id: c
                for c in BudgetPosting.objects.filter(
                    **commitment_source.filter(), kind=PostingKind.COMMIT, line_id__in=list(todo)
                )
            }
            outstanding = _outstanding(commits.values())
            excess: dict[int, int] = {}
            for line_id, amt in todo.items():
                commitment = commits.get(line_id)
                if commitment is None:
                    raise ValidationError(
                        _("지출원인행위(%(source)s)에 이 예산과목이 없습니다: %(line)s")
                        % {"source": commitment_source, "line": lines[line_id].label}
                    )
                left = outstanding[commitment.pk]
                if amt > left and excess_from_balance:
                    excess[line_id] = amt - left
                elif amt > left:
                    raise ValidationError(
                        _(
                            "지출원인행위 잔액이 부족합니다: %(line)s — 원인행위 잔액 %(left)s, "
                            "요청 %(requested)s, 부족 %(short)s"
                        )
                        % {
                            "line": lines[line_id].label,
                            "left": won(left),
                            "requested": won(amt),
                            "short": won(amt - left),
                        }
                    )
                if amt == excess.get(line_id):
                    continue  # the commitment holds nothing more: all of it from the balance
                new.append(
                    posting(
                        line_id=line_id,
                        kind=PostingKind.SETTLE,
                        amount=-(amt - excess.get(line_id, 0)),
                        on=day,
                        actor=actor,
                        source=source,
                        settles_id=commitment.pk,
                        memo=memo,
                    )
                )
            if excess:
                _check_balances(lines, excess, BudgetSettings.load())
        new += [
            posting(line_id=pk, kind=PostingKind.EXECUTE, amount=amt, on=day, actor=actor, source=source, memo=memo)
            for pk, amt in todo.items()
        ]
        created = post_postings(new)
        _audit(
            "budget.execute",
            actor,
            lines,
            source,
            dict(todo),
            day,
            commitment=str(commitment_source) if commitment_source else None,
        )
    return done + [p for p in created if p.kind == PostingKind.EXECUTE]


def reverse(*, source: SourceRef, actor: User | None, on: date | None = None, memo: str = "") -> list[BudgetPosting]:
    """반납·정정: undo what `source` executed, restoring the lines' balances (a commitment it
    settled stays settled); for a source that only committed, release what it still holds. Once:
    a second call returns the first reversal."""
    executed = list(BudgetPosting.objects.filter(**source.filter(), kind=PostingKind.EXECUTE))
    if not executed:
        if BudgetPosting.objects.filter(**source.filter(), kind=PostingKind.COMMIT).exists():
            return release(source=source, actor=actor, on=on)
        raise ValidationError(_("취소할 집행 내역이 없습니다: %(source)s") % {"source": source})
    day = _day(on)
    with transaction.atomic():
        lines = lock_lines(p.line_id for p in executed)
        reversed_ = {p.line_id: p for p in BudgetPosting.objects.filter(**source.filter(), kind=PostingKind.REVERSE)}
        todo = {p.line_id: p.amount for p in executed if p.line_id not in reversed_}
        for line_id in todo:
            _check_open(lines[line_id], day)
        created = post_postings(
            [
                posting(
                    line_id=pk, kind=PostingKind.REVERSE, amount=-amt, on=day, actor=actor, source=source, memo=memo
                )
                for pk, amt in todo.items()
            ]
        )
        if created:
            _audit("budget.reverse", actor, lines, source, {pk: -amt for pk, amt in todo.items()}, day)
    return list(reversed_.values()) + created


def refund_many(
    *, charges: Iterable[Charge], source: SourceRef, actor: User | None, on: date | None = None, memo: str = ""
) -> list[BudgetPosting]:
    """지출 반납 within the year: money paid from the lines in error is to come back (a payroll
    correction that lowers pay: 환수), so each line's 집행액 goes down by its `Charge.amount` and
    the balance is restored by as much. Unlike `reverse`, the amounts are the caller's and the
    execution being returned may belong to other sources (the month's earlier payroll runs); a
    line is never taken below what it has executed. Idempotent by source like the rest: the same
    call again returns the first call's postings."""
    requested = _requested(charges)
    day = _day(on)
    with transaction.atomic():
        lines = lock_lines(requested)
        wanted = {pk: -amt for pk, amt in requested.items()}
        done, todo = _already(source, PostingKind.REVERSE, wanted)
        if not todo:
            return done
        for line_id, amt in todo.items():
            _check_open(lines[line_id], day)
            if -amt > lines[line_id].executed_amount:
                raise ValidationError(
                    _("반납할 금액 %(amount)s이(가) 집행액 %(executed)s보다 큽니다: %(line)s")
                    % {
                        "amount": won(-amt),
                        "executed": won(lines[line_id].executed_amount),
                        "line": lines[line_id].label,
                    }
                )
        created = post_postings(
            [
                posting(line_id=pk, kind=PostingKind.REVERSE, amount=amt, on=day, actor=actor, source=source, memo=memo)
                for pk, amt in todo.items()
            ]
        )
        _audit("budget.refund", actor, lines, source, dict(todo), day)
    return done + created


# --- checks -----------------------------------------------------------------------------------


def _line_id(line: BudgetItem | int) -> int:
    if isinstance(line, BudgetItem):
        return line.pk
    if isinstance(line, bool) or not isinstance(line, int):
        raise ValidationError(_("예산과목을 지정하세요."))
    return line


def _check_amount(amount: object) -> None:
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise ValidationError({"amount": _("금액은 원 단위 정수로 입력하세요.")})
    if amount <= 0:
        raise ValidationError({"amount": _("금액은 1원 이상이어야 합니다.")})
    if amount > MAX_AMOUNT:
        raise ValidationError({"amount": _("금액이 너무 큽니다. 자릿수를 확인하세요.")})


def _requested(charges: Iterable[Charge]) -> dict[int, int]:
    requested: dict[int, int] = {}
    for charge in charges:
        _check_amount(charge.amount)
        line_id = _line_id(charge.line)
        if line_id in requested:
            raise ValidationError(_("같은 예산과목이 두 번 들어 있습니다: 한 번에 합쳐서 요청하세요."))
        requested[line_id] = charge.amount
    if not requested:
        raise ValidationError(_("예산과목과 금액을 지정하세요."))
    return requested


def _day(on: date | None) -> date:
    if on is None:
        return timezone.localdate()
    if isinstance(on, datetime) or not isinstance(on, date):
        raise ValidationError({"on": _("일자를 날짜로 지정하세요.")})
    return on


def _check_open(line: BudgetItem, day: date) -> None:
    year = line.fiscal_year
    if line.level != Level.ITEM:
        raise ValidationError(_("예산은 통계목에만 집행할 수 있습니다: %(line)s") % {"line": line.label})
    if year.status == YearStatus.DRAFTING:
        raise ValidationError(
            _("%(year)d 회계연도는 아직 확정되지 않아 집행할 수 없습니다: %(line)s")
            % {"year": year.year, "line": line.label}
        )
    if year.status == YearStatus.CLOSED:
        raise ValidationError(
            _("%(year)d 회계연도는 마감되어 집행할 수 없습니다: %(line)s") % {"year": year.year, "line": line.label}
        )
    if not year.contains(day):
        raise ValidationError(
            {
                "on": _("%(day)s은(는) %(year)d 회계연도(1. 1.~12. 31.) 밖의 날짜입니다.")
                % {"day": kdate(day), "year": year.year}
            }
        )


def _check_balances(lines: dict[int, BudgetItem], todo: dict[int, int], settings: BudgetSettings) -> None:
    shortfalls = []
    for line_id, amount in sorted(todo.items()):
        current = _balance_of(lines[line_id], settings)
        if amount > current.available_amount:
            shortfalls.append(
                Shortfall(
                    line_id=line_id,
                    label=current.label,
                    available_amount=current.available_amount,
                    requested_amount=amount,
                    uses_allotment=current.uses_allotment,
                )
            )
    if shortfalls:
        raise BudgetShortfall(shortfalls)


def _already(source: SourceRef, kind: str, requested: dict[int, int]) -> tuple[list[BudgetPosting], dict[int, int]]:
    """(postings this source already made of this kind on the requested lines, what is left to
    post). Asked again with another amount for a line it already charged, it refuses."""
    done = list(BudgetPosting.objects.filter(**source.filter(), kind=kind, line_id__in=list(requested)))
    for existing in done:
        if existing.amount != requested[existing.line_id]:
            raise ValidationError(
                _("같은 출처(%(source)s)로 이 예산과목에 이미 %(amount)s이(가) 처리되었습니다.")
                % {"source": source, "amount": won(existing.amount)}
            )
    charged = {p.line_id for p in done}
    return done, {pk: amt for pk, amt in requested.items() if pk not in charged}


def _outstanding(commits: Iterable[BudgetPosting]) -> dict[int, int]:
    """What each commitment posting (all of one source) still holds: its amount, less its
    release and the settlements that drew on it (two queries)."""
    commits = list(commits)
    left = {c.pk: c.amount for c in commits}
    if not commits:
        return left
    settled = BudgetPosting.objects.filter(settles__in=list(left)).values("settles_id").annotate(total=Sum("amount"))
    for row in settled:
        left[row["settles_id"]] += row["total"]
    first = commits[0]
    released = (
        BudgetPosting.objects.filter(
            source_app=first.source_app,
            source_model=first.source_model,
            source_id=first.source_id,
            kind=PostingKind.RELEASE,
            line_id__in=[c.line_id for c in commits],
        )
        .values("line_id")
        .annotate(total=Sum("amount"))
    )
    by_line = {row["line_id"]: row["total"] for row in released}
    for commitment in commits:
        left[commitment.pk] += by_line.get(commitment.line_id, 0)
    return left


def _audit(
    action: str,
    actor: User | None,
    lines: dict[int, BudgetItem],
    source: SourceRef,
    amounts: dict[int, int],
    day: date,
    **extra: str | None,
) -> None:
    first = lines[min(amounts)]
    audit_record(
        action=action,
        actor=actor,
        target=first,
        data={
            "source": str(source),
            "on": day.isoformat(),
            "lines": [{"id": pk, "line": lines[pk].label, "amount": amt} for pk, amt in sorted(amounts.items())],
            **{k: v for k, v in extra.items() if v is not None},
        },
    )
