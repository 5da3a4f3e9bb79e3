"""Writes of the budget structure: fiscal years (create, confirm, close), the items of the
expenditure and revenue trees, copying last year's structure, and the budget settings.

Every service is keyword-only with an explicit actor, atomic, and audited. Structure rules the
database cannot see are checked here: a child is one level below its parent in the same year; a
편성목 carries a 편성목 code of the province's list and a 통계목 a 통계목 code under its 편성목's
code; amounts are drafted only on 통계목 lines while the year is in 편성; a closed year changes
no more.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_chain_lock, audit_record
from budget.ledger import SourceRef, post_postings, posting
from budget.locks import lock_lines
from budget.models import (
    CODED_LEVELS,
    BudgetItem,
    BudgetSettings,
    FiscalYear,
    Level,
    PostingKind,
    RevenueItem,
    RevenueLevel,
    YearStatus,
)
from budget.models.structure import PATH_STEP
from core.money import MAX_AMOUNT
from org.models import User
from standards.models import CodeLevel, StandardBudgetCode
from standards.services import standard_codes_by_code


def path_segment(pk: int) -> str:
    return f"{pk:0{PATH_STEP}d}."


# --- fiscal years -----------------------------------------------------------------------------


def fiscal_year_create(*, actor: User, year: int) -> FiscalYear:
    if isinstance(year, bool) or not isinstance(year, int) or not 2000 <= year <= 2100:
        raise ValidationError({"year": _("연도를 2000에서 2100 사이로 입력하세요.")})
    with transaction.atomic():
        if FiscalYear.objects.filter(year=year).exists():
            raise ValidationError({"year": _("%(year)d 회계연도는 이미 있습니다.") % {"year": year}})
        fiscal_year = FiscalYear.objects.create(year=year)
        audit_record(action="fiscal_year.create", actor=actor, target=fiscal_year, data={"year": year})
    return fiscal_year


@dataclass(frozen=True)
class ConfirmProblem:
    item_id: int
    label: str
    message: str


def fiscal_year_confirm_problems(fiscal_year: FiscalYear) -> list[ConfirmProblem]:
    """What stops the year from being confirmed, line by line (empty: it may be)."""
    items = list(BudgetItem.objects.filter(fiscal_year=fiscal_year).order_by("path"))
    lines = [item for item in items if item.level == Level.ITEM]
    problems = []
    if not lines:
        problems.append(ConfirmProblem(0, "", _("통계목(예산 라인)이 하나도 없습니다.")))
    standard = standard_codes_by_code(item.standard_code for item in items if item.level in CODED_LEVELS)
    by_pk = {item.pk: item for item in items}
    for item in items:
        if item.level in CODED_LEVELS:
            parent_code = by_pk[item.parent_id].standard_code if item.level == Level.ITEM and item.parent_id else ""
            message = standard_code_problem(item.level, item.standard_code, parent_code, standard)
            if message:
                problems.append(ConfirmProblem(item.pk, item.label, message))
        if item.level == Level.ITEM and item.planned_amount is None:
            problems.append(ConfirmProblem(item.pk, item.label, _("본예산(편성액)을 입력하세요(없으면 0).")))
    return problems


def fiscal_year_confirm(*, actor: User, fiscal_year: FiscalYear) -> FiscalYear:
    """확정: post every line's 본예산 (its drafted amount, dated 1 January) and open the year for
    execution. Refused while another year is open, or while a line lacks its amount or a valid
    standard code (the ValidationError lists them)."""
    with transaction.atomic():
        audit_chain_lock()  # before any row lock, as every budget write does (budget.locks)
        fiscal_year = FiscalYear.objects.select_for_update().get(pk=fiscal_year.pk)
        if fiscal_year.status != YearStatus.DRAFTING:
            raise ValidationError(_("편성 중인 회계연도만 확정할 수 있습니다."))
        problems = fiscal_year_confirm_problems(fiscal_year)
        if problems:
            raise ValidationError([f"{p.label}: {p.message}" if p.label else p.message for p in problems])
        open_year = FiscalYear.objects.filter(status=YearStatus.CONFIRMED).first()
        if open_year is not None:
            raise ValidationError(
                _("%(year)d 회계연도가 집행 중입니다. 그 연도를 마감한 뒤에 확정하세요.") % {"year": open_year.year}
            )
        lines = lock_lines(
            BudgetItem.objects.filter(fiscal_year=fiscal_year, level=Level.ITEM).values_list("pk", flat=True)
        )
        source = SourceRef.of(fiscal_year)
        post_postings(
            [
                posting(
                    line_id=line.pk,
                    kind=PostingKind.ORIGINAL,
                    amount=line.planned_amount,
                    on=fiscal_year.starts_on,
                    actor=actor,
                    source=source,
                    memo=_("본예산"),
                )
                for line in lines.values()
                if line.planned_amount
            ]
        )
        try:
            # The partial UNIQUE constraint is the backstop if another year was confirmed meanwhile.
            with transaction.atomic():
                FiscalYear.objects.filter(pk=fiscal_year.pk).update(
                    status=YearStatus.CONFIRMED, confirmed_at=timezone.now()
                )
        except IntegrityError:
            raise ValidationError(_("다른 회계연도가 이미 집행 중입니다. 그 연도를 마감한 뒤에 확정하세요.")) from None
        fiscal_year.refresh_from_db()
        total = sum(line.planned_amount or 0 for line in lines.values())
        audit_record(
            action="fiscal_year.confirm",
            actor=actor,
            target=fiscal_year,
            data={"year": fiscal_year.year, "lines": len(lines), "original_amount": total},
        )
    return fiscal_year


def fiscal_year_close(*, actor: User, fiscal_year: FiscalYear) -> FiscalYear:
    """마감: the year takes no more charges or amendments. Its lines are locked first, so a charge
    already under way finishes before the year closes and none starts after. (The books' year-end
    — 불용, balances carried forward — builds on this.)"""
    with transaction.atomic():
        audit_chain_lock()  # before any row lock, as every budget write does (budget.locks)
        FiscalYear.objects.select_for_update().filter(pk=fiscal_year.pk).first()
        lock_lines(BudgetItem.objects.filter(fiscal_year=fiscal_year, level=Level.ITEM).values_list("pk", flat=True))
        changed = FiscalYear.objects.filter(pk=fiscal_year.pk, status=YearStatus.CONFIRMED).update(
            status=YearStatus.CLOSED, closed_at=timezone.now()
        )
        if not changed:
            raise ValidationError(_("집행 중(확정)인 회계연도만 마감할 수 있습니다."))
        fiscal_year.refresh_from_db()
        totals = BudgetItem.objects.filter(fiscal_year=fiscal_year).aggregate(
            original=Sum("original_amount"), amended=Sum("amended_amount"), executed=Sum("executed_amount")
        )
        audit_record(
            action="fiscal_year.close",
            actor=actor,
            target=fiscal_year,
            data={"year": fiscal_year.year, **{k: v or 0 for k, v in totals.items()}},
        )
    return fiscal_year


# --- the expenditure tree ---------------------------------------------------------------------


def standard_code_problem(level: int, code: str, parent_code: str, standard: dict[str, StandardBudgetCode]) -> str:
    """Why `code` cannot stand on an item of `level` (whose parent 편성목 carries
    `parent_code`), or "" when it can."""
    if not code:
        return _("표준 예산과목을 지정하세요.")
    found = standard.get(code)
    if found is None:
        return _("도 표준 예산과목에 없는 코드입니다: %(code)s") % {"code": code}
    if not found.is_active:
        return _("사용이 중지된 표준 예산과목입니다: %(code)s") % {"code": code}
    if found.level != level:
        wanted = CodeLevel(level).label
        return _("%(level)s에는 %(level)s 코드를 지정하세요: %(code)s") % {"level": wanted, "code": code}
    if level == Level.ITEM and found.object_code != parent_code:
        return _("통계목 %(code)s은(는) 상위 편성목의 표준코드 %(parent)s에 속하지 않습니다.") % {
            "code": code,
            "parent": parent_code or "-",
        }
    return ""


def _check_amount(amount: object, field: str) -> None:
    if amount is None:
        return
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise ValidationError({field: _("금액은 원 단위 정수로 입력하세요.")})
    if amount < 0:
        raise ValidationError({field: _("금액은 0원 이상이어야 합니다.")})
    if amount > MAX_AMOUNT:
        raise ValidationError({field: _("금액이 너무 큽니다. 자릿수를 확인하세요.")})


def budget_item_clean(item: BudgetItem, *, standard: dict[str, StandardBudgetCode] | None = None) -> None:
    """Check one item against the structure rules (not its siblings' codes: the database's
    UNIQUE does that). Raises ValidationError keyed by field, in Korean."""
    errors: dict[str, str] = {}
    item.code = (item.code or "").strip()
    item.name = (item.name or "").strip()
    item.standard_code = (item.standard_code or "").strip()
    year = item.fiscal_year
    if not item.code:
        errors["code"] = _("코드를 입력하세요.")
    if not item.name:
        errors["name"] = _("과목명을 입력하세요.")
    if item.department_id is None:
        errors["department"] = _("소관 부서를 지정하세요.")
    parent = item.parent
    if parent is None:
        item.level = Level.PROGRAM
    elif parent.fiscal_year_id != year.pk:
        errors["parent"] = _("상위 과목은 같은 회계연도의 과목이어야 합니다.")
    elif parent.level >= Level.ITEM:
        errors["parent"] = _("통계목 아래에는 과목을 둘 수 없습니다.")
    else:
        item.level = parent.level + 1
    if item.level in CODED_LEVELS and "parent" not in errors:
        codes = standard if standard is not None else standard_codes_by_code([item.standard_code])
        parent_code = parent.standard_code if item.level == Level.ITEM and parent is not None else ""
        message = standard_code_problem(item.level, item.standard_code, parent_code, codes)
        if message:
            errors["standard_code"] = message
    elif item.standard_code:
        errors["standard_code"] = _("표준 예산과목은 편성목과 통계목에만 지정합니다.")
    if item.level != Level.ITEM:
        if item.planned_amount is not None:
            errors["planned_amount"] = _("금액은 통계목에만 입력합니다.")
    else:
        try:
            _check_amount(item.planned_amount, "planned_amount")
        except ValidationError as exc:
            errors.update({k: v[0] for k, v in exc.message_dict.items()})
    if errors:
        raise ValidationError(errors)


def budget_item_check(item: BudgetItem) -> None:
    """Every rule for saving `item` as it stands, in Korean keyed by field: the structure rules
    (budget_item_clean) and what the year's status allows. While the year is in 편성 anything but
    the year and the parent may change; once it is confirmed, names, codes, order and the owning
    department may (new items too, with no amount: amounts then come by amendment); a closed year
    changes no more. The console's form calls this; the service again under the year's lock."""
    year = item.fiscal_year
    if year.status == YearStatus.CLOSED:
        raise ValidationError(_("마감된 회계연도의 예산과목은 바꿀 수 없습니다."))
    before = BudgetItem.objects.filter(pk=item.pk).first() if item.pk else None
    if before is not None:
        if before.fiscal_year_id != item.fiscal_year_id or before.parent_id != item.parent_id:
            raise ValidationError({"parent": _("과목의 회계연도와 상위 과목은 바꿀 수 없습니다. 새로 만드세요.")})
        if year.status != YearStatus.DRAFTING and before.planned_amount != item.planned_amount:
            raise ValidationError(
                {"planned_amount": _("확정된 회계연도의 본예산은 바꿀 수 없습니다. 추경이나 전용으로 변경하세요.")}
            )
    elif year.status != YearStatus.DRAFTING and item.planned_amount is not None:
        raise ValidationError({"planned_amount": _("확정된 회계연도에 새로 만든 과목의 예산은 추경으로 편성하세요.")})
    budget_item_clean(item)


def budget_item_save(*, actor: User, item: BudgetItem) -> BudgetItem:
    """Create or change an item of the expenditure tree (rules: budget_item_check)."""
    with transaction.atomic():
        audit_chain_lock()  # before any row lock, as every budget write does (budget.locks)
        item.fiscal_year = FiscalYear.objects.select_for_update().get(pk=item.fiscal_year_id)
        if item.pk:
            BudgetItem.objects.select_for_update(of=("self",)).filter(pk=item.pk).first()
        is_new = item.pk is None
        budget_item_check(item)
        try:
            with transaction.atomic():
                item.save()
        except IntegrityError:
            raise ValidationError({"code": _("같은 상위 과목 아래에 같은 코드가 이미 있습니다.")}) from None
        path = (item.parent.path if item.parent is not None else "") + path_segment(item.pk)
        if item.path != path:
            item.path = path
            BudgetItem.objects.filter(pk=item.pk).update(path=path)
        audit_record(
            action="budget_item.create" if is_new else "budget_item.update",
            actor=actor,
            target=item,
            data={
                "year": item.fiscal_year.year,
                "level": item.level,
                "code": item.code,
                "name": item.name,
                "standard_code": item.standard_code,
                "planned_amount": item.planned_amount,
            },
        )
    return item


def budget_item_delete(*, actor: User, item: BudgetItem) -> None:
    """Remove an item that nothing depends on: no children, no postings, no amendment names it,
    in a year that is not closed."""
    with transaction.atomic():
        audit_chain_lock()  # before any row lock, as every budget write does (budget.locks)
        item = BudgetItem.objects.select_for_update(of=("self",)).select_related("fiscal_year").get(pk=item.pk)
        problem = budget_item_delete_problem(item)
        if problem:
            raise ValidationError(problem)
        label, year = item.label, item.fiscal_year.year
        audit_record(action="budget_item.delete", actor=actor, target=item, data={"year": year, "item": label})
        item.delete()


def budget_item_delete_problem(item: BudgetItem) -> str:
    if item.fiscal_year.status == YearStatus.CLOSED:
        return _("마감된 회계연도의 예산과목은 지울 수 없습니다.")
    if item.children.exists():
        return _("하위 과목이 있는 과목은 지울 수 없습니다: %(item)s") % {"item": item.label}
    if item.postings.exists() or item.amendment_lines.exists() or item.allotments.exists():
        return _("예산이 반영되었거나 변경 내역이 있는 과목은 지울 수 없습니다: %(item)s") % {"item": item.label}
    return ""


# --- the revenue tree -------------------------------------------------------------------------


def revenue_item_check(item: RevenueItem) -> None:
    """Every rule for saving a revenue item (관 > 항 > 목; the budgeted amount on 목, drafted while
    the year is in 편성), in Korean keyed by field."""
    errors: dict[str, str] = {}
    item.code = (item.code or "").strip()
    item.name = (item.name or "").strip()
    if not item.code:
        errors["code"] = _("코드를 입력하세요.")
    if not item.name:
        errors["name"] = _("과목명을 입력하세요.")
    parent = item.parent
    if parent is None:
        item.level = RevenueLevel.SECTION
    elif parent.fiscal_year_id != item.fiscal_year_id:
        errors["parent"] = _("상위 과목은 같은 회계연도의 과목이어야 합니다.")
    elif parent.level >= RevenueLevel.ITEM:
        errors["parent"] = _("목 아래에는 과목을 둘 수 없습니다.")
    else:
        item.level = parent.level + 1
    if item.budgeted_amount is None:
        item.budgeted_amount = 0
    if item.level != RevenueLevel.ITEM and item.budgeted_amount:
        errors["budgeted_amount"] = _("금액은 목에만 입력합니다.")
    try:
        _check_amount(item.budgeted_amount, "budgeted_amount")
    except ValidationError as exc:
        errors.update({k: v[0] for k, v in exc.message_dict.items()})
    if errors:
        raise ValidationError(errors)
    year = item.fiscal_year
    before = RevenueItem.objects.filter(pk=item.pk).first() if item.pk else None
    if year.status == YearStatus.CLOSED:
        raise ValidationError(_("마감된 회계연도의 예산과목은 바꿀 수 없습니다."))
    if before is not None and (before.parent_id != item.parent_id or before.fiscal_year_id != item.fiscal_year_id):
        raise ValidationError({"parent": _("과목의 회계연도와 상위 과목은 바꿀 수 없습니다. 새로 만드세요.")})
    if year.status != YearStatus.DRAFTING and (before.budgeted_amount if before else 0) != item.budgeted_amount:
        raise ValidationError({"budgeted_amount": _("확정된 회계연도의 세입예산액은 바꿀 수 없습니다.")})


def revenue_item_save(*, actor: User, item: RevenueItem) -> RevenueItem:
    """Create or change an item of the revenue tree (rules: revenue_item_check)."""
    with transaction.atomic():
        audit_chain_lock()  # before any row lock, as every budget write does (budget.locks)
        item.fiscal_year = FiscalYear.objects.select_for_update().get(pk=item.fiscal_year_id)
        is_new = item.pk is None
        revenue_item_check(item)
        try:
            with transaction.atomic():
                item.save()
        except IntegrityError:
            raise ValidationError({"code": _("같은 상위 과목 아래에 같은 코드가 이미 있습니다.")}) from None
        path = (item.parent.path if item.parent is not None else "") + path_segment(item.pk)
        if item.path != path:
            item.path = path
            RevenueItem.objects.filter(pk=item.pk).update(path=path)
        audit_record(
            action="revenue_item.create" if is_new else "revenue_item.update",
            actor=actor,
            target=item,
            data={
                "year": item.fiscal_year.year,
                "code": item.code,
                "name": item.name,
                "budgeted_amount": item.budgeted_amount,
            },
        )
    return item


# --- copying a year's structure ---------------------------------------------------------------


def fiscal_year_copy_structure(*, actor: User, source: FiscalYear, year: int, with_amounts: bool = False) -> FiscalYear:
    """Start the `year` (in 편성) with `source`'s expenditure and revenue trees: same codes,
    names, departments, standard codes and order. With `with_amounts` each line's drafted amount
    starts from its 예산현액 in `source` (each revenue 목 from its budgeted amount); otherwise
    amounts are left to be drafted."""
    with transaction.atomic():
        target = fiscal_year_create(actor=actor, year=year)
        items = list(BudgetItem.objects.filter(fiscal_year=source).order_by("level", "path"))
        copied = _copy_tree(
            items,
            BudgetItem,
            target,
            amount=lambda item: (item.current_amount if with_amounts else None) if item.level == Level.ITEM else None,
            fields=("level", "code", "name", "department_id", "standard_code", "order"),
            amount_field="planned_amount",
        )
        revenue = list(RevenueItem.objects.filter(fiscal_year=source).order_by("level", "path"))
        copied_revenue = _copy_tree(
            revenue,
            RevenueItem,
            target,
            amount=lambda item: item.budgeted_amount if with_amounts else 0,
            fields=("level", "code", "name", "department_id", "order"),
            amount_field="budgeted_amount",
        )
        audit_record(
            action="fiscal_year.copy_structure",
            actor=actor,
            target=target,
            data={
                "from": source.year,
                "to": year,
                "items": copied,
                "revenue_items": copied_revenue,
                "with_amounts": with_amounts,
            },
        )
    return target


_Tree = TypeVar("_Tree", BudgetItem, RevenueItem)


def _copy_tree(
    items: Iterable[_Tree],
    model: type[_Tree],
    target: FiscalYear,
    *,
    amount: Callable[[_Tree], int | None],
    fields: tuple[str, ...],
    amount_field: str,
) -> int:
    """Copy `items` (ordered parents first) into `target`: one INSERT per level, one UPDATE for
    the paths."""
    new_pk: dict[int, int] = {}
    new_path: dict[int, str] = {}
    by_level: dict[int, list[_Tree]] = {}
    for item in items:
        by_level.setdefault(item.level, []).append(item)
    copies_all: list[_Tree] = []
    for level in sorted(by_level):
        olds = by_level[level]
        copies = [
            model(
                fiscal_year=target,
                parent_id=new_pk[old.parent_id] if old.parent_id else None,
                **{name: getattr(old, name) for name in fields},
                **{amount_field: amount(old)},
            )
            for old in olds
        ]
        model.objects.bulk_create(copies)
        for old, copy in zip(olds, copies, strict=True):
            new_pk[old.pk] = copy.pk
            copy.path = (new_path[old.parent_id] if old.parent_id else "") + path_segment(copy.pk)
            new_path[old.pk] = copy.path
        copies_all += copies
    model.objects.bulk_update(copies_all, ["path"], batch_size=500)
    return len(copies_all)


# --- settings ---------------------------------------------------------------------------------


def budget_settings_save(*, actor: User, settings: BudgetSettings) -> BudgetSettings:
    with transaction.atomic():
        audit_chain_lock()  # before any row lock, as every budget write does (budget.locks)
        current = BudgetSettings.objects.select_for_update().first()
        if current is not None:
            settings.pk = current.pk
        settings.save()
        audit_record(
            action="budget_settings.save",
            actor=actor,
            target=settings,
            data={
                "allotment_enabled": settings.allotment_enabled,
                "transfer_limit_percent": str(settings.transfer_limit_percent),
            },
        )
    return settings
