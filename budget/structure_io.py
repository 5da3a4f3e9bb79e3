"""A year's expenditure structure as one XLSX sheet, out and back in.

The sheet is an outline: one row per item in tree order, its level in 구분, and an item's parent is
the nearest row above it one level up (a 통계목 row belongs to the 편성목 row above it). Columns
(first row, any order; * = required):

    구분*, 코드*, 과목명*, 소관부서코드*, 표준예산과목, 본예산, 순서

표준예산과목 is required on 편성목 and 통계목 rows (a code of the province's list; a 통계목's under
its 편성목's), 본예산 is read on 통계목 rows only ("1,250,000", "1250000원"; empty = not drafted
yet). The export adds 예산현액 and 집행액 for reading; the import ignores them.

The import creates the items it does not know and updates the ones it does (same codes from the
root down), through budget.structure's services, so every rule of the console holds (amounts only
while the year is in 편성, a closed year changes no more); it removes nothing. Every row is
checked first and all errors are reported at once (row, column, reason); the rows are then written
in one transaction, and if any fails nothing is written. Reading the file (streamed, with caps),
checking and the all-or-nothing write are the import frame's (core.imports).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from audit.services import audit_record
from budget.models import CODED_LEVELS, BudgetItem, FiscalYear, Level, YearStatus
from budget.queries import budget_tree
from budget.structure import budget_item_save, standard_code_problem
from core.imports import (
    ErrorSink,
    ImportFileError,
    ImportSpec,
    Row,
    RowError,
    Writer,
    apply_all_or_nothing,
    check_rows,
    read_table,
)
from core.money import WonField
from core.xlsx import xlsx_bytes
from org.models import Department, User
from standards.services import standard_codes_by_code

__all__ = ["COLUMNS", "ImportFileError", "ImportResult", "RowError", "structure_export", "structure_import"]

COLUMNS = ("구분", "코드", "과목명", "소관부서코드", "표준예산과목", "본예산", "순서")
EXPORT_COLUMNS = (*COLUMNS, "예산현액", "집행액")
REQUIRED = ("구분", "코드", "과목명", "소관부서코드")
MAX_ROWS = 5000
MAX_BYTES = 5 * 1024 * 1024
SPEC = ImportSpec(columns=COLUMNS, required=REQUIRED, max_rows=MAX_ROWS, max_bytes=MAX_BYTES)
_LEVELS = {str(label): value for value, label in Level.choices}
# Which column a service's field error belongs to.
_FIELD_COLUMNS = {
    "code": "코드",
    "name": "과목명",
    "department": "소관부서코드",
    "standard_code": "표준예산과목",
    "planned_amount": "본예산",
    "parent": "구분",
    "order": "순서",
}


# --- export ---------------------------------------------------------------------------------------


def export_rows(fiscal_year: FiscalYear) -> Iterator[list]:
    for row in budget_tree(fiscal_year):
        item = row.item
        is_line = item.level == Level.ITEM
        yield [
            item.get_level_display(),
            item.code,
            item.name,
            item.department.code,
            item.standard_code,
            item.planned_amount if is_line and item.planned_amount is not None else "",
            item.order,
            row.current_amount,
            row.executed_amount,
        ]


def structure_export(fiscal_year: FiscalYear) -> bytes:
    """The year's structure as XLSX bytes (two queries)."""
    return xlsx_bytes(
        title=_("%(year)d 세출 예산과목") % {"year": fiscal_year.year},
        headers=EXPORT_COLUMNS,
        rows=list(export_rows(fiscal_year)),
    )


# --- import ---------------------------------------------------------------------------------------


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class _Plan:
    number: int
    level: int
    path: tuple[str, ...]  # codes from the root down to this item
    values: dict  # code, name, department, standard_code, planned_amount, order


class _Parser:
    """Turns the outline's rows into plans, collecting every error that needs no write."""

    def __init__(self, fiscal_year: FiscalYear, present: frozenset[str]):
        self.fiscal_year = fiscal_year
        self.present = present
        self.departments = {d.code: d for d in Department.objects.filter(is_active=True)}
        self.standard = standard_codes_by_code()
        # Per level, the last row seen: (its path of codes, its standard code, its row number).
        self.stack: list[tuple[tuple[str, ...], str, int] | None] = []
        self.seen: dict[tuple[str, ...], int] = {}
        self.amount_field = WonField(required=False)

    def parse(self, row: Row, error: ErrorSink) -> _Plan | None:
        cell = row.__getitem__
        level = _LEVELS.get(cell("구분"))
        if level is None:
            error("구분", _("구분은 정책사업, 단위사업, 세부사업, 편성목, 통계목 중 하나여야 합니다."))
            return None
        code, name = cell("코드"), cell("과목명")
        if not code:
            error("코드", _("필수 항목이 비어 있습니다."))
        elif len(code) > 20:
            error("코드", _("코드는 20자까지 쓸 수 있습니다."))
        if not name:
            error("과목명", _("필수 항목이 비어 있습니다."))
        elif len(name) > 200:
            error("과목명", _("과목명은 200자까지 쓸 수 있습니다."))
        parent = self.stack[level - 2] if level > Level.PROGRAM and len(self.stack) >= level - 1 else None
        if level > Level.PROGRAM and parent is None:
            error(
                "구분",
                _("이 %(level)s의 상위 %(parent)s 행이 위에 없습니다.")
                % {
                    "level": Level(level).label,
                    "parent": Level(level - 1).label,
                },
            )
        path = (*(parent[0] if parent else ()), code)
        first = self.seen.get(path)
        if first is not None and code:
            error(
                "코드",
                _("같은 상위 과목 아래 같은 코드가 %(row)d행에 이미 있습니다: %(code)s") % {"row": first, "code": code},
            )
        department = self.departments.get(cell("소관부서코드"))
        if not cell("소관부서코드"):
            error("소관부서코드", _("필수 항목이 비어 있습니다."))
        elif department is None:
            error("소관부서코드", _("등록되지 않은 부서코드입니다: %(code)s") % {"code": cell("소관부서코드")})
        standard_code = cell("표준예산과목")
        if level in CODED_LEVELS:
            parent_code = parent[1] if parent and level == Level.ITEM else ""
            problem = standard_code_problem(level, standard_code, parent_code, self.standard)
            if problem:
                error("표준예산과목", problem)
        elif standard_code:
            error("표준예산과목", _("표준 예산과목은 편성목과 통계목에만 적습니다."))
        planned = None
        if cell("본예산"):
            if level != Level.ITEM:
                error("본예산", _("금액은 통계목에만 적습니다."))
            else:
                try:
                    planned = self.amount_field.clean(cell("본예산"))
                except forms.ValidationError as exc:
                    error("본예산", exc.messages[0])
        order = 0
        if cell("순서"):
            if cell("순서").isascii() and cell("순서").isdigit() and int(cell("순서")) < 100_000:
                order = int(cell("순서"))
            else:
                error("순서", _("순서는 0 이상의 정수로 적으세요."))
        # The rows below find their parent here even when this row has errors, so theirs are their own.
        self.stack = self.stack[: level - 1]
        self.stack += [None] * (level - 1 - len(self.stack))
        self.stack.append((path, standard_code, row.number))
        self.seen.setdefault(path, row.number)
        return _Plan(
            number=row.number,
            level=level,
            path=path,
            values={
                "code": code,
                "name": name,
                "department": department,
                "standard_code": standard_code if level in CODED_LEVELS else "",
                "planned_amount": planned,
                "order": order,
                "planned_given": "본예산" in self.present,
            },
        )


def structure_import(*, fiscal_year: FiscalYear, filename: str, content: bytes, actor: User) -> ImportResult:
    """Import the outline into `fiscal_year`: all rows or nothing (see the module docstring)."""
    if fiscal_year.status == YearStatus.CLOSED:
        raise ImportFileError(_("마감된 회계연도에는 예산과목을 올릴 수 없습니다."))
    table = read_table(filename=filename, content=content, spec=SPEC)
    plans, errors = check_rows(table, _Parser(fiscal_year, table.present).parse)
    result = ImportResult(errors=errors)
    if errors:
        return result
    existing = {item.pk: item for item in BudgetItem.objects.filter(fiscal_year=fiscal_year)}
    paths: dict[int, tuple[str, ...]] = {}

    def path_of(item: BudgetItem) -> tuple[str, ...]:
        if item.pk not in paths:
            parent = existing.get(item.parent_id) if item.parent_id else None
            paths[item.pk] = (*(path_of(parent) if parent else ()), item.code)
        return paths[item.pk]

    by_path = {path_of(item): item for item in existing.values()}

    def apply(plan: _Plan) -> None:
        values = dict(plan.values)
        planned_given = values.pop("planned_given")
        parent = by_path.get(plan.path[:-1]) if plan.level > Level.PROGRAM else None
        item = by_path.get(plan.path)
        if item is None:
            item = BudgetItem(fiscal_year=fiscal_year, parent=parent, **values)
            result.created += 1
        else:
            if item.level != plan.level:
                raise ValidationError(
                    {"parent": _("이미 %(level)s으로 등록된 코드입니다.") % {"level": item.get_level_display()}}
                )
            if not planned_given:
                values["planned_amount"] = item.planned_amount
            changed = any(getattr(item, name) != value for name, value in values.items())
            if not changed:
                return
            for name, value in values.items():
                setattr(item, name, value)
            result.updated += 1
        by_path[plan.path] = budget_item_save(actor=actor, item=item)

    def finish() -> None:
        audit_record(
            action="budget_structure.import",
            actor=actor,
            target=fiscal_year,
            data={
                "file": filename[:100],
                "year": fiscal_year.year,
                "created": result.created,
                "updated": result.updated,
            },
        )

    writer = Writer(apply=apply, row_of=lambda plan: plan.number, finish=finish, errors_of=_row_errors)
    result.errors = apply_all_or_nothing(plans, writer)
    if result.errors:
        result.created = result.updated = 0
    return result


def _row_errors(plan: _Plan, exc: ValidationError) -> list[RowError]:
    if not hasattr(exc, "error_dict"):
        return [RowError(plan.number, "", message) for message in exc.messages]
    return [
        RowError(plan.number, _FIELD_COLUMNS.get(name, ""), message)
        for name, messages in exc.message_dict.items()
        for message in messages
    ]
