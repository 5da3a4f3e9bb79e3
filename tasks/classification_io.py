"""The whole function classification as one XLSX sheet, out and back in.

One row per unit task with its 대기능/중기능/소기능 codes and names; a function node without unit
tasks under it has a row of its own with the unit-task columns empty, so an export imported again
rebuilds the same tree. Columns (first row, any order; * = required):

    대기능코드*, 대기능명*, 중기능코드, 중기능명, 소기능코드, 소기능명, 단위과제코드, 단위과제명,
    처리과코드, 보존기간, 보존기간 책정 사유, 공개구분, 비공개 근거, 담당자 사번, 부담당자 사번,
    처리과공통, 사용, 설명

The import creates the nodes and unit tasks it does not know and updates the ones it does, by
code, through the classification services, so every rename, move (a changed parent, 소기능 or
처리과), retirement and hand-over is recorded as if made by hand. Every row is tried inside one
transaction; if any row fails, the whole import is rolled back and every failing row is reported
(row, column, reason, in Korean): nothing is ever half-imported. An empty 담당자/부담당자 cell
leaves the current holder in place (a holder changes by hand-over, which the import records).
Reading the file (streamed, with caps), checking every row and the all-or-nothing write are the
import frame's (core.imports).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
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
from core.xlsx import xlsx_bytes
from org.models import Department, User
from tasks.models import Disclosure, FunctionClass, FunctionLevel, RetentionPeriod, UnitTask
from tasks.services.classification import (
    function_create,
    function_update,
    unit_task_assign_holders,
    unit_task_create,
    unit_task_reactivate,
    unit_task_retire,
    unit_task_update,
)

# The frame's error types are this import's too (the console and the tests name them from here).
__all__ = ["COLUMNS", "ImportFileError", "ImportResult", "RowError", "classification_export", "classification_import"]

MAX_ROWS = 10000
MAX_BYTES = 10 * 1024 * 1024
LEVEL_COLUMNS = {
    FunctionLevel.FUNCTION: ("대기능코드", "대기능명"),
    FunctionLevel.SUB_FUNCTION: ("중기능코드", "중기능명"),
    FunctionLevel.ACTIVITY: ("소기능코드", "소기능명"),
}
TASK_COLUMNS = (
    "단위과제코드",
    "단위과제명",
    "처리과코드",
    "보존기간",
    "보존기간 책정 사유",
    "공개구분",
    "비공개 근거",
    "담당자 사번",
    "부담당자 사번",
    "처리과공통",
    "사용",
    "설명",
)
COLUMNS = (*(c for pair in LEVEL_COLUMNS.values() for c in pair), *TASK_COLUMNS)
REQUIRED = ("대기능코드", "대기능명")
SPEC = ImportSpec(columns=COLUMNS, required=REQUIRED, max_rows=MAX_ROWS, max_bytes=MAX_BYTES)
# Which column a service's field error belongs to.
_TASK_FIELD_COLUMNS = {
    "code": "단위과제코드",
    "name": "단위과제명",
    "function": "소기능코드",
    "department": "처리과코드",
    "retention_period": "보존기간",
    "retention_reason": "보존기간 책정 사유",
    "disclosure": "공개구분",
    "disclosure_ground": "비공개 근거",
    "owner": "담당자 사번",
    "deputy": "부담당자 사번",
    "is_common": "처리과공통",
    "is_active": "사용",
    "description": "설명",
}
_YES = {"y", "yes", "예", "o", "1", "true", "사용"}
_NO = {"n", "no", "아니오", "x", "0", "false", "폐지", "미사용"}
_RETENTION = {str(label): value for value, label in RetentionPeriod.choices} | {v: v for v in RetentionPeriod.values}
_DISCLOSURE = {str(label): value for value, label in Disclosure.choices} | {v: v for v in Disclosure.values}


# --- Export --------------------------------------------------------------------------------------------


def export_rows() -> Iterator[list]:
    functions = {f.pk: f for f in FunctionClass.objects.order_by("level", "order", "code")}
    tasks_by_function: dict[int, list[UnitTask]] = {}
    for task in UnitTask.objects.select_related("department", "owner", "deputy").order_by("code"):
        tasks_by_function.setdefault(task.function_id, []).append(task)
    children: dict[int | None, list[FunctionClass]] = {}
    for function in functions.values():
        children.setdefault(function.parent_id, []).append(function)

    def chain(function: FunctionClass) -> list[str]:
        path: list[FunctionClass] = []
        node: FunctionClass | None = function
        while node is not None:
            path.insert(0, node)
            node = functions.get(node.parent_id) if node.parent_id else None
        cells: list[str] = []
        for node in path:
            cells += [node.code, node.name]
        return cells + ["", ""] * (3 - len(path))

    def walk(function: FunctionClass) -> Iterator[list]:
        below = children.get(function.pk, [])
        tasks = tasks_by_function.get(function.pk, [])
        if not below and not tasks:
            yield chain(function) + [""] * len(TASK_COLUMNS)
        for task in tasks:
            yield [
                *chain(function),
                task.code,
                task.name,
                task.department.code,
                task.get_retention_period_display(),
                task.retention_reason,
                task.get_disclosure_display(),
                task.disclosure_ground,
                task.owner.employee_number if task.owner else "",
                task.deputy.employee_number if task.deputy else "",
                "Y" if task.is_common else "N",
                "사용" if task.is_active else "폐지",
                task.description,
            ]
        for child in below:
            yield from walk(child)

    for root in children.get(None, []):
        yield from walk(root)


def classification_export() -> bytes:
    """The whole classification as XLSX bytes (four queries)."""
    return xlsx_bytes(title=_("기능분류체계"), headers=COLUMNS, rows=list(export_rows()))


# --- Import --------------------------------------------------------------------------------------------


@dataclass
class ImportResult:
    functions_created: int = 0
    functions_updated: int = 0
    tasks_created: int = 0
    tasks_updated: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class _Node:
    level: int
    code: str
    name: str
    parent_code: str | None


@dataclass
class _Row:
    number: int
    nodes: list[_Node]
    task: dict | None  # parsed unit-task values, or None for a function-only row
    present: frozenset[str]  # optional columns the file has


def _flag(text: str) -> bool | None:
    lowered = text.strip().lower()
    if lowered in _YES:
        return True
    if lowered in _NO:
        return False
    return None


class _Parser:
    """Turns the sheet's rows into plans, collecting every error that needs no database write."""

    def __init__(self, present: frozenset[str]):
        self.present = present
        self.departments = {d.code: d for d in Department.objects.all()}
        self.people = {u.employee_number: u for u in User.objects.exclude(employee_number=None)}
        self.seen_nodes: dict[str, tuple[int, _Node]] = {}
        self.seen_tasks: dict[str, int] = {}

    def parse(self, row: Row, error: ErrorSink) -> _Row | None:
        number, cell = row.number, row.__getitem__
        nodes: list[_Node] = []
        parent_code: str | None = None
        for level, (code_col, name_col) in LEVEL_COLUMNS.items():
            code, name = cell(code_col), cell(name_col)
            if not code and not name:
                break
            if not code:
                error(code_col, _("%(col)s가 비어 있습니다.") % {"col": code_col})
                break
            node = _Node(level=level, code=code, name=name, parent_code=parent_code)
            seen = self.seen_nodes.get(code)
            if seen is not None:
                first, other = seen
                if other.level != level:
                    message = _("%(row)d행에서 다른 단계로 쓴 코드입니다: %(code)s")
                    error(code_col, message % {"row": first, "code": code})
                elif name and other.name and name != other.name:
                    error(name_col, _("%(row)d행과 기능명이 다릅니다: %(code)s") % {"row": first, "code": code})
                elif other.parent_code != parent_code:
                    error(code_col, _("%(row)d행과 상위 기능이 다릅니다: %(code)s") % {"row": first, "code": code})
            else:
                self.seen_nodes[code] = (number, node)
            nodes.append(node)
            parent_code = code
        for level, (code_col, name_col) in LEVEL_COLUMNS.items():
            if level > len(nodes) + 1 and (cell(code_col) or cell(name_col)):
                error(code_col, _("상위 단계 기능이 비어 있습니다."))
        if not nodes:
            error("대기능코드", _("필수 항목이 비어 있습니다."))

        task_code = cell("단위과제코드")
        task: dict | None = None
        if task_code:
            if len(nodes) < 3:
                error("소기능코드", _("단위과제는 소기능 아래에만 둘 수 있습니다. 소기능코드를 적으세요."))
            if task_code in self.seen_tasks:
                error(
                    "단위과제코드",
                    _("%(row)d행과 단위과제코드가 중복됩니다.") % {"row": self.seen_tasks[task_code]},
                )
            self.seen_tasks.setdefault(task_code, number)
            task = self._task(cell, error, task_code)
        elif any(cell(name) for name in TASK_COLUMNS):
            error("단위과제코드", _("단위과제코드를 입력하세요."))
        present = frozenset(name for name in TASK_COLUMNS if name in self.present)
        return _Row(number=number, nodes=nodes, task=task, present=present)

    def _task(self, cell, error, code: str) -> dict:
        values: dict = {"code": code, "name": cell("단위과제명")}
        department = self.departments.get(cell("처리과코드"))
        if not cell("처리과코드"):
            error("처리과코드", _("필수 항목이 비어 있습니다."))
        elif department is None:
            error("처리과코드", _("등록되지 않은 부서코드입니다: %(code)s") % {"code": cell("처리과코드")})
        values["department"] = department
        retention = cell("보존기간")
        values["retention_period"] = _RETENTION.get(retention) or _RETENTION.get(retention.removesuffix("년"))
        if values["retention_period"] is None:
            error("보존기간", _("보존기간은 영구, 준영구, 30년, 10년, 5년, 3년, 1년 중 하나여야 합니다."))
        values["retention_reason"] = cell("보존기간 책정 사유")
        disclosure = cell("공개구분") or str(Disclosure.PUBLIC.label)
        values["disclosure"] = _DISCLOSURE.get(disclosure)
        if values["disclosure"] is None:
            error("공개구분", _("공개구분은 공개, 부분공개, 비공개 중 하나여야 합니다."))
        values["disclosure_ground"] = cell("비공개 근거")
        for column, key in (("담당자 사번", "owner"), ("부담당자 사번", "deputy")):
            number = cell(column)
            values[key] = None
            if number:
                values[key] = self.people.get(number)
                if values[key] is None:
                    error(column, _("등록되지 않은 사번입니다: %(n)s") % {"n": number})
        for column, key, default in (("처리과공통", "is_common", False), ("사용", "is_active", True)):
            text = cell(column)
            values[key] = default if not text else _flag(text)
            if values[key] is None:
                error(column, _("Y 또는 N으로 적으세요(사용 여부는 사용/폐지도 됩니다)."))
        values["description"] = cell("설명")
        return values


def classification_import(*, filename: str, content: bytes, actor) -> ImportResult:
    """Import the sheet: all rows or nothing (see the module docstring)."""
    table = read_table(filename=filename, content=content, spec=SPEC)
    plans, errors = check_rows(table, _Parser(table.present).parse)
    result = ImportResult(errors=errors)
    if errors:
        return result
    applier = _Applier(actor=actor, result=result)

    def finish() -> None:
        audit_record(
            action="classification.import",
            actor=actor,
            data={
                "file": filename[:100],
                "functions_created": result.functions_created,
                "functions_updated": result.functions_updated,
                "tasks_created": result.tasks_created,
                "tasks_updated": result.tasks_updated,
            },
        )

    writer = Writer(
        apply=applier.apply,
        row_of=lambda plan: plan.number,
        finish=finish,
        errors_of=lambda plan, exc: _row_errors(plan, exc, applier.stage),
    )
    result.errors = apply_all_or_nothing(plans, writer)
    if result.errors:
        result.functions_created = result.functions_updated = result.tasks_created = result.tasks_updated = 0
    return result


def _row_errors(plan: _Row, exc: ValidationError, stage: tuple[str, int | str]) -> list[RowError]:
    kind, detail = stage
    if kind == "function":
        code_col, name_col = LEVEL_COLUMNS[FunctionLevel(detail)]
        columns = {"code": code_col, "name": name_col, "parent": code_col, "level": code_col}
    else:
        columns = dict(_TASK_FIELD_COLUMNS)
        if kind == "handover":
            # Which role failed is in the message (it names 담당자 or 부담당자); point at both columns.
            columns["to_user"] = "담당자 사번·부담당자 사번"
    if not hasattr(exc, "error_dict"):
        return [RowError(plan.number, "", message) for message in exc.messages]
    return [
        RowError(plan.number, columns.get(name, ""), message)
        for name, messages in exc.message_dict.items()
        for message in messages
    ]


class _Applier:
    """Writes one planned row through the services, remembering what it has done this import."""

    def __init__(self, *, actor, result: ImportResult):
        self.actor = actor
        self.result = result
        self.today = timezone.localdate()
        self.done_nodes: set[str] = set()
        self.stage: tuple[str, int | str] = ("task", "")

    def apply(self, plan: _Row) -> None:
        parent: FunctionClass | None = None
        for node in plan.nodes:
            self.stage = ("function", node.level)
            parent = self._node(node, parent)
        if plan.task is not None:
            self._task(plan, parent)

    def _node(self, node: _Node, parent: FunctionClass | None) -> FunctionClass:
        existing = FunctionClass.objects.select_related("parent").filter(code=node.code).first()
        if existing is None:
            self.result.functions_created += 1
            self.done_nodes.add(node.code)
            return function_create(code=node.code, name=node.name, level=node.level, parent=parent, actor=self.actor)
        if existing.level != node.level:
            raise ValidationError(
                {"code": _("이미 %(level)s으로 등록된 코드입니다.") % {"level": FunctionLevel(existing.level).label}}
            )
        if node.code in self.done_nodes:
            return existing
        self.done_nodes.add(node.code)
        changes: dict = {}
        if node.name and node.name != existing.name:
            changes["name"] = node.name
        if (parent.pk if parent else None) != existing.parent_id:
            changes["parent"] = parent
        if changes:
            self.result.functions_updated += 1
            return function_update(function=existing, actor=self.actor, **changes)
        return existing

    def _task(self, plan: _Row, function: FunctionClass | None) -> None:
        self.stage = ("task", "")
        values = dict(plan.task)
        owner, deputy, is_active = values.pop("owner"), values.pop("deputy"), values.pop("is_active")
        existing = UnitTask.objects.filter(code=values["code"]).first()
        if existing is None:
            task = unit_task_create(function=function, owner=owner, deputy=deputy, actor=self.actor, **values)
            self.result.tasks_created += 1
            if not is_active:
                unit_task_retire(unit_task=task, actor=self.actor)
            return
        values.pop("code")
        values["function"] = function
        # Optional columns the file does not have leave those fields as they are.
        for column, key in (("처리과공통", "is_common"), ("설명", "description"), ("공개구분", "disclosure")):
            if column not in plan.present:
                values.pop(key)
        if "비공개 근거" not in plan.present:
            values.pop("disclosure_ground")
        changed = any(getattr(existing, key) != value for key, value in values.items())
        if changed:
            unit_task_update(unit_task=existing, actor=self.actor, **values)
        self.stage = ("handover", "")
        changed |= bool(
            unit_task_assign_holders(
                unit_task=existing,
                owner=owner,
                deputy=deputy,
                handed_over_on=self.today,
                note=_("기능분류 일괄 등록"),
                actor=self.actor,
                empty_clears_deputy=False,
            )
        )
        if is_active != existing.is_active:
            self.stage = ("task", "")
            if is_active:
                unit_task_reactivate(unit_task=existing, actor=self.actor)
            else:
                unit_task_retire(unit_task=existing, actor=self.actor)
            changed = True
        if changed:
            self.result.tasks_updated += 1
