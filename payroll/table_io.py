"""보수표 XLSX in and out: one row per 직급 × 호봉 with its 봉급월액. The import reads the whole
file through the import frame (core.imports), reports every problem against its row and column in
Korean, and writes a new pay table with all its cells or nothing."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from audit.services import audit_record
from core.imports import ImportSpec, RowError, Writer, apply_all_or_nothing, check_rows, read_table
from core.money import MAX_AMOUNT, AmountError, parse_won
from org.models import Grade
from payroll.models import PayTable, PayTableCell

GRADE, STEP, AMOUNT = "직급", "호봉", "봉급월액"
COLUMNS = (GRADE, STEP, AMOUNT)
SPEC = ImportSpec(columns=COLUMNS, required=COLUMNS, max_rows=5_000, max_bytes=2 * 1024 * 1024)


@dataclass(frozen=True)
class _Plan:
    row: int
    grade: Grade
    step: int
    amount: int


def export_rows(table: PayTable) -> list[list[Any]]:
    return [
        [cell.grade.name, cell.pay_step, cell.base_amount]
        for cell in table.cells.select_related("grade").order_by("grade__rank", "pay_step")
    ]


def pay_table_import(
    *, actor: Any, name: str, effective_from: datetime.date, filename: str, content: bytes
) -> tuple[PayTable | None, list[RowError]]:
    """A new pay table from the file, or (None, every error). Raises ImportFileError when the file
    as a whole cannot be read."""
    if PayTable.objects.filter(effective_from=effective_from).exists():
        return None, [RowError(0, "", f"{effective_from:%Y. %-m. %-d.}부터 적용하는 보수표가 이미 있습니다.")]
    table = read_table(filename=filename, content=content, spec=SPEC)
    grades = {g.name: g for g in Grade.objects.all()}
    seen: set[tuple[int, int]] = set()

    def parse(row: Any, error: Any) -> _Plan | None:
        grade = grades.get(row[GRADE])
        if grade is None:
            error(GRADE, f"없는 직급입니다: {row[GRADE]!r} (조직의 직급명과 같게 적습니다)")
        step_text = row[STEP].removesuffix("호봉").strip()
        step = int(step_text) if step_text.isascii() and step_text.isdigit() else 0
        if not 1 <= step <= 60:
            error(STEP, "호봉은 1부터 60까지의 정수로 적습니다.")
        try:
            amount = parse_won(row[AMOUNT])
        except AmountError:
            amount = None
        if amount is None or amount > MAX_AMOUNT:
            error(AMOUNT, "봉급월액은 0 이상의 원 단위 금액으로 적습니다.")
        if grade is None or not 1 <= step <= 60 or amount is None:
            return None
        if (grade.pk, step) in seen:
            error(STEP, f"{grade.name} {step}호봉이 두 번 나옵니다.")
            return None
        seen.add((grade.pk, step))
        return _Plan(row.number, grade, step, amount)

    plans, errors = check_rows(table, parse)
    if errors:
        return None, errors
    if not plans:
        return None, [RowError(0, "", "보수표 파일에 금액이 적힌 행이 없습니다.")]
    created: dict[str, PayTable] = {}

    def apply(plan: _Plan) -> None:
        if "table" not in created:
            created["table"] = PayTable.objects.create(name=name, effective_from=effective_from)
        PayTableCell.objects.create(
            table=created["table"], grade=plan.grade, pay_step=plan.step, base_amount=plan.amount
        )

    def finish() -> None:
        audit_record(
            action="pay_table.import",
            actor=actor,
            target=created.get("table"),
            data={"cells": len(plans), "effective_from": effective_from.isoformat()},
        )

    errors = apply_all_or_nothing(plans, Writer(apply=apply, row_of=lambda plan: plan.row, finish=finish))
    if errors:
        return None, errors
    return created["table"], []
