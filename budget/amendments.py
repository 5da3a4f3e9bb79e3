"""Amendments (추경, 전용, 이월) and allotments (배정): writing them, deciding them through
e-approval, and posting them to the ledger.

An amendment is drafted with its lines (`amendment_create`), submitted (`amendment_submit`) as a
document of kind `budget.amendment` (추경, 이월) or `budget.transfer` (전용), and posted by the
approval callbacks when the final approver approves — checked once more under the lines' row
locks, so a balance that changed while the document travelled refuses the decision (the engine
rolls it back and the document stays where it was). Rejected or withdrawn, nothing is posted.

Rules (checked at 상신 and again at the decision):
- every line is a 통계목 of the amendment's year, and the year is open (확정);
- a decrease leaves the line at least what it has committed and executed;
- 전용: amounts sum to zero, all lines under one 세부사업, and what a line gives away in the year
  stays within the institution's limit (BudgetSettings.transfer_limit_percent) of its 예산현액
  before transfers (본예산 + 추경 + 이월);
- 이월: from a line of the previous year, which must be closed, with the same standard code, for
  no more than that line left unexecuted less what was already carried from it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_FLOOR, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.html import format_html, format_html_join, linebreaks
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from approval.kinds import Decision, register_kind
from approval.lines import ApprovalLine
from approval.services import approval_submit_subject
from audit.services import audit_chain_lock, audit_record
from budget.charges import BudgetShortfall, Charge, Shortfall
from budget.ledger import SourceRef, post_postings, posting
from budget.locks import lock_lines
from budget.models import (
    Allotment,
    Amendment,
    AmendmentKind,
    AmendmentLine,
    AmendmentStatus,
    BudgetItem,
    BudgetPosting,
    BudgetSettings,
    CarryoverType,
    FiscalYear,
    Level,
    PostingKind,
    YearEnd,
    YearStatus,
)
from budget.models.structure import PATH_STEP
from core.money import MAX_AMOUNT
from core.templatetags.korean import kdate, won
from org.models import User
from tasks.models import UnitTask

AMENDMENT_KIND = "budget.amendment"  # 추경 and 이월
TRANSFER_KIND = "budget.transfer"  # 전용


@dataclass(frozen=True)
class LineChange:
    """One line of an amendment being drafted: the line, the signed amount (+ 증액, − 감액), and
    for 이월 the previous year's line it comes from."""

    line: BudgetItem | int
    amount: int
    source_line: BudgetItem | int | None = None
    memo: str = ""


# --- drafting ---------------------------------------------------------------------------------


def _clean_header(*, kind: str, title: str, reason: str, carryover_type: str) -> dict:
    title, reason = (title or "").strip(), (reason or "").strip()
    errors: dict[str, str] = {}
    if kind not in AmendmentKind.values:
        errors["kind"] = _("변경 종류를 고르세요.")
    if not title:
        errors["title"] = _("제목을 입력하세요.")
    elif len(title) > 200:
        errors["title"] = _("제목은 200자까지 쓸 수 있습니다.")
    if not reason:
        errors["reason"] = _("사유를 입력하세요.")
    if kind == AmendmentKind.CARRYOVER and carryover_type not in CarryoverType.values:
        errors["carryover_type"] = _("명시이월인지 사고이월인지 고르세요.")
    if errors:
        raise ValidationError(errors)
    return {
        "kind": kind,
        "title": title,
        "reason": reason,
        "carryover_type": carryover_type if kind == AmendmentKind.CARRYOVER else "",
    }


def amendment_create(
    *,
    actor: User,
    fiscal_year: FiscalYear,
    kind: str,
    title: str,
    reason: str,
    changes: Iterable[LineChange],
    carryover_type: str = "",
    unit_task: UnitTask | None = None,
) -> Amendment:
    """Write an amendment in 작성 with its lines (not yet submitted)."""
    header = _clean_header(kind=kind, title=title, reason=reason, carryover_type=carryover_type)
    changes = list(changes)
    with transaction.atomic():
        amendment = Amendment.objects.create(fiscal_year=fiscal_year, drafter=actor, unit_task=unit_task, **header)
        amendment_set_lines(actor=actor, amendment=amendment, changes=changes)
        audit_record(
            action="amendment.create",
            actor=actor,
            target=amendment,
            data={"kind": kind, "year": fiscal_year.year, "lines": len(changes)},
        )
    return amendment


def amendment_update(
    *,
    actor: User,
    amendment: Amendment,
    fiscal_year: FiscalYear,
    kind: str,
    title: str,
    reason: str,
    carryover_type: str = "",
    unit_task: UnitTask | None = None,
) -> Amendment:
    """Correct a draft's heading (its lines: amendment_set_lines). Only its drafter, only in 작성."""
    header = _clean_header(kind=kind, title=title, reason=reason, carryover_type=carryover_type)
    with transaction.atomic():
        locked = Amendment.objects.select_for_update().get(pk=amendment.pk)
        if not locked.is_editable:
            raise ValidationError(_("상신한 예산 변경은 고칠 수 없습니다."))
        if locked.drafter_id != actor.pk:
            raise PermissionDenied(_("작성자만 고칠 수 있습니다."))
        for name, value in {**header, "fiscal_year": fiscal_year, "unit_task": unit_task}.items():
            setattr(locked, name, value)
        locked.save()
    return locked


def amendment_set_lines(*, actor: User, amendment: Amendment, changes: Iterable[LineChange]) -> list[AmendmentLine]:
    """Replace a draft's lines. Each line appears once; amounts are whole won, not zero."""
    rows = []
    seen = set()
    for change in changes:
        amount = change.amount
        if isinstance(amount, bool) or not isinstance(amount, int) or amount == 0:
            raise ValidationError({"lines": _("변경 금액은 0이 아닌 원 단위 정수로 입력하세요.")})
        if abs(amount) > MAX_AMOUNT:
            raise ValidationError({"lines": _("금액이 너무 큽니다. 자릿수를 확인하세요.")})
        line_id = change.line.pk if isinstance(change.line, BudgetItem) else change.line
        if line_id in seen:
            raise ValidationError({"lines": _("같은 예산과목이 두 번 들어 있습니다: 한 줄로 합치세요.")})
        seen.add(line_id)
        source = change.source_line
        rows.append(
            AmendmentLine(
                amendment=amendment,
                line_id=line_id,
                amount=amount,
                source_line_id=source.pk if isinstance(source, BudgetItem) else source,
                memo=(change.memo or "")[:200],
            )
        )
    with transaction.atomic():
        amendment = Amendment.objects.select_for_update().get(pk=amendment.pk)
        if not amendment.is_editable:
            raise ValidationError(_("상신한 예산 변경은 고칠 수 없습니다."))
        if amendment.drafter_id != actor.pk:
            raise PermissionDenied(_("작성자만 고칠 수 있습니다."))
        amendment.lines.all().delete()
        return AmendmentLine.objects.bulk_create(rows)


# --- the rules --------------------------------------------------------------------------------


def _project_prefix(line: BudgetItem) -> str:
    """The path of the line's 세부사업 (its level-3 ancestor)."""
    return line.path[: (PATH_STEP + 1) * Level.PROJECT]


def _transfer_usage(line_ids: list[int]) -> dict[int, dict[str, int]]:
    """Per line: its 예산현액 before transfers (본예산 + 추경 + 이월) and what it has given away by
    전용 so far, from the ledger in one query."""
    usage: dict[int, dict[str, int]] = defaultdict(lambda: {"base": 0, "out": 0})
    rows = (
        BudgetPosting.objects.filter(
            line_id__in=line_ids,
            kind__in=(PostingKind.ORIGINAL, PostingKind.SUPPLEMENTARY, PostingKind.CARRYOVER, PostingKind.TRANSFER_OUT),
        )
        .values("line_id", "kind")
        .annotate(total=Sum("amount"))
    )
    for row in rows:
        key = "out" if row["kind"] == PostingKind.TRANSFER_OUT else "base"
        usage[row["line_id"]][key] += -row["total"] if key == "out" else row["total"]
    return usage


def _carried_already(source_ids: list[int], exclude: Amendment) -> dict[int, int]:
    rows = (
        AmendmentLine.objects.filter(source_line_id__in=source_ids, amendment__status=AmendmentStatus.APPROVED)
        .exclude(amendment=exclude)
        .values("source_line_id")
        .annotate(total=Sum("amount"))
    )
    return {row["source_line_id"]: row["total"] for row in rows}


def amendment_check(amendment: Amendment, lines: dict[int, BudgetItem] | None = None) -> None:
    """Raise ValidationError (or BudgetShortfall) if the amendment cannot be posted now. `lines`
    are the locked lines by pk when called under the decision's locks; otherwise read fresh."""
    rows = list(amendment.lines.all())
    year = amendment.fiscal_year
    if not rows:
        raise ValidationError(_("변경할 예산과목을 한 줄 이상 넣으세요."))
    if year.status != YearStatus.CONFIRMED:
        raise ValidationError(
            _("%(year)d 회계연도는 집행 중(확정)이 아니어서 예산을 변경할 수 없습니다.") % {"year": year.year}
        )
    if lines is None:
        ids = {r.line_id for r in rows} | {r.source_line_id for r in rows if r.source_line_id}
        lines = {line.pk: line for line in BudgetItem.objects.filter(pk__in=ids).select_related("fiscal_year")}
    errors = []
    for row in rows:
        line = lines[row.line_id]
        if line.fiscal_year_id != year.pk or line.level != Level.ITEM:
            errors.append(
                _("%(line)s: %(year)d 회계연도의 통계목만 변경할 수 있습니다.")
                % {"line": line.label, "year": year.year}
            )
    if errors:
        raise ValidationError(errors)
    if amendment.kind == AmendmentKind.TRANSFER:
        _check_transfer(rows, lines)
    elif amendment.kind == AmendmentKind.CARRYOVER:
        _check_carryover(amendment, rows, lines)
    elif any(row.source_line_id for row in rows):
        raise ValidationError(_("이월 원 과목은 이월에만 지정합니다."))
    shortfalls = []
    for row in rows:
        line = lines[row.line_id]
        if row.amount < 0:
            free = line.current_amount - line.committed_amount - line.executed_amount
            if -row.amount > free:
                shortfalls.append(
                    Shortfall(
                        line_id=line.pk,
                        label=line.label,
                        available_amount=free,
                        requested_amount=-row.amount,
                        uses_allotment=False,
                    )
                )
    if shortfalls:
        raise BudgetShortfall(shortfalls)


def _check_transfer(rows: list[AmendmentLine], lines: dict[int, BudgetItem]) -> None:
    if any(row.source_line_id for row in rows):
        raise ValidationError(_("이월 원 과목은 이월에만 지정합니다."))
    if not any(row.amount < 0 for row in rows) or not any(row.amount > 0 for row in rows):
        raise ValidationError(_("전용은 줄이는 과목(감액)과 늘리는 과목(증액)이 모두 있어야 합니다."))
    total = sum(row.amount for row in rows)
    if total != 0:
        raise ValidationError(
            _("전용의 감액 합계와 증액 합계가 같아야 합니다(차이 %(diff)s).") % {"diff": won(abs(total))}
        )
    projects = {_project_prefix(lines[row.line_id]) for row in rows}
    if len(projects) != 1:
        raise ValidationError(_("전용은 같은 세부사업 안의 통계목·편성목 사이에서만 할 수 있습니다."))
    percent = BudgetSettings.load().transfer_limit_percent
    usage = _transfer_usage([row.line_id for row in rows if row.amount < 0])
    errors = []
    for row in rows:
        if row.amount > 0:
            continue
        line = lines[row.line_id]
        base, out = usage[line.pk]["base"], usage[line.pk]["out"]
        limit = int((Decimal(base) * percent / 100).to_integral_value(rounding=ROUND_FLOOR))
        if out - row.amount > limit:
            errors.append(
                _(
                    "%(line)s: 전용 한도를 넘습니다 — 한도 %(limit)s(예산현액 %(base)s의 %(percent)s%%), "
                    "이미 전용 %(out)s, 요청 %(requested)s, 초과 %(over)s"
                )
                % {
                    "line": line.label,
                    "limit": won(limit),
                    "base": won(base),
                    "percent": f"{percent.normalize():f}",
                    "out": won(out),
                    "requested": won(-row.amount),
                    "over": won(out - row.amount - limit),
                }
            )
    if errors:
        raise ValidationError(errors)


def _check_carryover(amendment: Amendment, rows: list[AmendmentLine], lines: dict[int, BudgetItem]) -> None:
    year = amendment.fiscal_year
    previous = FiscalYear.objects.filter(year=year.year - 1).first()
    if previous is None or previous.status != YearStatus.CLOSED:
        raise ValidationError(
            _("이월은 마감된 전년도(%(year)d) 예산과목에서만 할 수 있습니다.") % {"year": year.year - 1}
        )
    errors = []
    by_source: dict[int, int] = defaultdict(int)  # what the rows carry from each source line
    for row in rows:
        line = lines[row.line_id]
        source = lines.get(row.source_line_id) if row.source_line_id else None
        if row.amount < 0:
            errors.append(_("%(line)s: 이월 금액은 0보다 커야 합니다.") % {"line": line.label})
        elif source is None:
            errors.append(_("%(line)s: 이월 원 과목(전년도)을 지정하세요.") % {"line": line.label})
        elif source.fiscal_year_id != previous.pk or source.level != Level.ITEM:
            errors.append(
                _("%(line)s: 이월 원 과목은 %(year)d 회계연도의 통계목이어야 합니다.")
                % {"line": line.label, "year": previous.year}
            )
        elif source.standard_code != line.standard_code:
            errors.append(
                _("%(line)s: 이월 원 과목(%(source)s)과 표준 예산과목이 같은 과목으로 이월하세요.")
                % {"line": line.label, "source": source.label}
            )
        else:
            by_source[source.pk] += row.amount
    if errors:
        raise ValidationError(errors)
    if YearEnd.objects.filter(fiscal_year=previous).exists():
        raise ValidationError(
            _("%(year)d 회계연도는 결산에서 이월을 이미 정했습니다(결산 내역을 보세요).") % {"year": previous.year}
        )
    carried = _carried_already(list(by_source), amendment)
    for source_id, amount in by_source.items():
        source = lines[source_id]
        left = source.current_amount - source.executed_amount - carried.get(source_id, 0)
        if amount > left:
            errors.append(
                _("%(source)s: 이월할 수 있는 금액을 넘습니다 — 이월 가능 %(left)s, 요청 %(requested)s, 초과 %(over)s")
                % {"source": source.label, "left": won(left), "requested": won(amount), "over": won(amount - left)}
            )
    if errors:
        raise ValidationError(errors)


# --- submitting and deciding ------------------------------------------------------------------


def _approval_kind(amendment: Amendment) -> str:
    return TRANSFER_KIND if amendment.kind == AmendmentKind.TRANSFER else AMENDMENT_KIND


def amendment_body(amendment: Amendment) -> str:
    """The 기안문 body: the reason and a table of the lines before and after (the engine sanitises
    it again)."""
    rows = []
    for row in amendment.lines.select_related("line", "source_line__fiscal_year"):
        line = row.line
        source = row.source_line
        origin = f" ← {source.fiscal_year.year}년 {source.label}" if source is not None else ""
        rows.append(
            (
                f"{line.label}{origin}",
                won(line.current_amount),
                f"{'+' if row.amount > 0 else '−'}{won(abs(row.amount))}",
                won(line.current_amount + row.amount),
            )
        )
    return format_html(
        "<p>{}</p>{}<table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>"
        "<tbody>{}</tbody></table>",
        _("아래와 같이 예산을 변경(%(kind)s)하고자 합니다.") % {"kind": amendment.kind_label},
        mark_safe(linebreaks(amendment.reason, autoescape=True)),  # noqa: S308 - escaped by linebreaks
        _("예산과목"),
        _("현재 예산현액"),
        _("증감"),
        _("변경 후"),
        format_html_join("", "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", rows),
    )


def amendment_submit(
    *,
    actor: User,
    amendment: Amendment,
    unit_task: UnitTask | None = None,
    line: ApprovalLine | None = None,
    now: datetime | None = None,
) -> Amendment:
    """상신: check the amendment against today's figures and send it for approval. Only its
    drafter may; without `line` the line is suggested from the delegation table for the kind."""
    with transaction.atomic():
        audit_chain_lock()  # before any row lock, as every budget write does (budget.locks)
        amendment = Amendment.objects.select_for_update().select_related("fiscal_year").get(pk=amendment.pk)
        if amendment.drafter_id != actor.pk:
            raise PermissionDenied(_("작성자만 상신할 수 있습니다."))
        if amendment.status != AmendmentStatus.DRAFT:
            raise ValidationError(_("작성 중인 예산 변경만 상신할 수 있습니다."))
        unit_task = unit_task or amendment.unit_task
        if unit_task is None:
            raise ValidationError({"unit_task": _("단위과제를 선택하세요.")})
        amendment_check(amendment)
        rows = list(amendment.lines.all())
        increases = sum(row.amount for row in rows if row.amount > 0)
        decreases = -sum(row.amount for row in rows if row.amount < 0)
        document = approval_submit_subject(
            kind=_approval_kind(amendment),
            subject=amendment,
            actor=actor,
            title=_("예산 변경(%(kind)s): %(title)s") % {"kind": amendment.kind_label, "title": amendment.title},
            body=amendment_body(amendment),
            unit_task=unit_task,
            line=line,
            decision_amount=max(increases, decreases),
            form_data={
                "amendment": amendment.pk,
                "kind": amendment.kind,
                "increases": increases,
                "decreases": decreases,
            },
            now=now,
        )
        amendment.unit_task = unit_task
        amendment.document = document
        amendment.status = AmendmentStatus.IN_PROGRESS
        amendment.save(update_fields=["unit_task", "document", "status", "updated_at"])
        audit_record(
            action="amendment.submit",
            actor=actor,
            target=amendment,
            data={"kind": amendment.kind, "document": document.pk, "increases": increases, "decreases": decreases},
        )
    return amendment


def _posting_day(amendment: Amendment, at: datetime) -> date:
    day = timezone.localdate(at)
    year = amendment.fiscal_year
    if day > year.ends_on:
        raise ValidationError(_("%(year)d 회계연도가 지나 예산을 변경할 수 없습니다.") % {"year": year.year})
    return max(day, year.starts_on)


def _current(decision: Decision) -> bool:
    """Only an amendment's own running document moves it."""
    amendment = decision.subject
    return amendment.document_id == decision.document_id and amendment.status == AmendmentStatus.IN_PROGRESS


def amendment_approved(decision: Decision) -> None:
    """The final approval: post the lines, under their row locks, after checking them again."""
    if not _current(decision):
        return
    amendment: Amendment = decision.subject
    rows = list(amendment.lines.all())
    ids = {row.line_id for row in rows} | {row.source_line_id for row in rows if row.source_line_id}
    lines = lock_lines(ids)
    amendment_check(amendment, lines)
    day = _posting_day(amendment, decision.at)
    source = SourceRef.of(amendment)
    post_postings(
        [
            posting(
                line_id=row.line_id,
                kind=_posting_kind(amendment.kind, row.amount),
                amount=row.amount,
                on=day,
                actor=decision.actor,
                source=source,
                memo=amendment.title,
            )
            for row in rows
        ]
    )
    amendment.status = AmendmentStatus.APPROVED
    amendment.approved_at = decision.at
    amendment.posted_on = day
    amendment.registration = decision.registration
    amendment.save(update_fields=["status", "approved_at", "posted_on", "registration", "updated_at"])
    audit_record(
        action="amendment.approve",
        actor=decision.actor,
        target=amendment,
        data={
            "kind": amendment.kind,
            "document": decision.document_id,
            "registration": decision.registration,
            "on": day.isoformat(),
            "lines": [{"line": lines[row.line_id].label, "amount": row.amount} for row in rows],
        },
    )


def _posting_kind(kind: str, amount: int) -> str:
    if kind == AmendmentKind.TRANSFER:
        return PostingKind.TRANSFER_IN if amount > 0 else PostingKind.TRANSFER_OUT
    if kind == AmendmentKind.CARRYOVER:
        return PostingKind.CARRYOVER
    return PostingKind.SUPPLEMENTARY


def _closed_without_posting(status: str) -> Callable[[Decision], None]:
    def callback(decision: Decision) -> None:
        if not _current(decision):
            return
        amendment: Amendment = decision.subject
        amendment.status = status
        amendment.save(update_fields=["status", "updated_at"])

    return callback


def amendment_requester(amendment: Amendment) -> User:
    """Whose request an amendment is: its drafter, who therefore never decides it (not even
    standing in for an absent approver)."""
    return amendment.drafter


amendment_rejected = _closed_without_posting(AmendmentStatus.REJECTED)
amendment_withdrawn = _closed_without_posting(AmendmentStatus.WITHDRAWN)


def register_kinds() -> None:
    """The approval kinds of amendments (called by the engine at start, budget.plugin)."""
    for name, label in (
        (AMENDMENT_KIND, gettext_lazy("예산 변경(추경·이월)")),
        (TRANSFER_KIND, gettext_lazy("예산 전용")),
    ):
        register_kind(
            name,
            label=str(label),
            subject_model="budget.Amendment",
            requester=amendment_requester,
            on_approved=amendment_approved,
            on_rejected=amendment_rejected,
            on_withdrawn=amendment_withdrawn,
        )


# --- allotments (배정) -------------------------------------------------------------------------


def allotment_problem(line: BudgetItem, amount: int, day: date) -> str:
    """Why `amount` cannot be allotted to `line` on `day` ("" when it can)."""
    year = line.fiscal_year
    if line.level != Level.ITEM:
        return _("%(line)s: 배정은 통계목에만 합니다.") % {"line": line.label}
    if year.status != YearStatus.CONFIRMED:
        return _("%(line)s: %(year)d 회계연도는 집행 중(확정)이 아닙니다.") % {"line": line.label, "year": year.year}
    if not year.contains(day):
        return _("%(day)s은(는) %(year)d 회계연도 밖의 날짜입니다.") % {"day": kdate(day), "year": year.year}
    if line.allotted_amount + amount > line.current_amount:
        return _(
            "%(line)s: 배정 누계가 예산현액을 넘습니다 — 예산현액 %(current)s, "
            "배정 누계 %(allotted)s, 요청 %(requested)s"
        ) % {
            "line": line.label,
            "current": won(line.current_amount),
            "allotted": won(line.allotted_amount),
            "requested": won(amount),
        }
    return ""


def allotments_post(
    *, actor: User, quarter: int, charges: Iterable[Charge], on: date | None = None, memo: str = ""
) -> list[Allotment]:
    """배정: release part of each line's 예산현액 for use from `quarter` on. The allotted total of
    a line never exceeds its 예산현액. One Allotment row and one posting per line."""
    if quarter not in (1, 2, 3, 4):
        raise ValidationError({"quarter": _("분기는 1에서 4 사이입니다.")})
    if on is not None and (isinstance(on, datetime) or not isinstance(on, date)):
        raise ValidationError({"on": _("배정일을 날짜로 지정하세요.")})
    day = on or timezone.localdate()
    requested: dict[int, int] = {}
    for charge in charges:
        amount = charge.amount
        if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
            raise ValidationError({"amount": _("배정액은 1원 이상의 원 단위 정수로 입력하세요.")})
        if amount > MAX_AMOUNT:
            raise ValidationError({"amount": _("금액이 너무 큽니다. 자릿수를 확인하세요.")})
        line_id = charge.line.pk if isinstance(charge.line, BudgetItem) else charge.line
        if line_id in requested:
            raise ValidationError(_("같은 예산과목이 두 번 들어 있습니다: 한 번에 합쳐서 배정하세요."))
        requested[line_id] = amount
    if not requested:
        raise ValidationError(_("배정할 예산과목과 금액을 지정하세요."))
    with transaction.atomic():
        lines = lock_lines(requested)
        errors = [
            problem
            for line_id, amount in requested.items()
            if (problem := allotment_problem(lines[line_id], amount, day))
        ]
        if errors:
            raise ValidationError(errors)
        rows = Allotment.objects.bulk_create(
            [
                Allotment(line_id=pk, quarter=quarter, amount=amt, allotted_on=day, actor=actor, memo=memo[:200])
                for pk, amt in requested.items()
            ]
        )
        post_postings(
            [
                posting(
                    line_id=row.line_id,
                    kind=PostingKind.ALLOTMENT,
                    amount=row.amount,
                    on=day,
                    actor=actor,
                    source=SourceRef.of(row),
                    memo=_("%(q)d분기 배정") % {"q": quarter},
                )
                for row in rows
            ]
        )
        audit_record(
            action="allotment.post",
            actor=actor,
            target=lines[min(requested)],
            data={
                "quarter": quarter,
                "on": day.isoformat(),
                "lines": [{"line": lines[pk].label, "amount": amt} for pk, amt in sorted(requested.items())],
            },
        )
    return rows
