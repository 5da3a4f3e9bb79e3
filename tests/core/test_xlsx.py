"""The one XLSX writer: text is always text (no formula, whatever it starts with), dates stay
dates, and text XML cannot carry does not break the export."""

from __future__ import annotations

import ast
import csv
import io
from datetime import date
from decimal import Decimal
from pathlib import Path

from openpyxl import load_workbook

from core.xlsx import csv_response, xlsx_bytes
from tests.exports import FORMULA, assert_text_only

ROOT = Path(__file__).resolve().parents[2]


def test_text_that_looks_like_a_formula_stays_text():
    dangerous = [FORMULA, "+1+2", "-2+3", "@SUM(A1:A2)", "\t=1+1", "=1+1"]
    content = xlsx_bytes(title="목록", headers=["=제목", "값"], rows=[[text, 1] for text in [*dangerous, "\r=1+1"]])

    rows = assert_text_only(content, "=제목", *dangerous)

    assert [row[0] for row in rows[1:-1]] == dangerous
    assert [row[1] for row in rows[1:]] == [1] * (len(dangerous) + 1)  # numbers stay numbers
    carriage_return = load_workbook(io.BytesIO(content)).active.cell(row=len(rows), column=1)
    # XML reads a bare CR back as LF; what matters is that the cell is text, marked to stay text.
    assert (carriage_return.data_type, carriage_return.quotePrefix) == ("s", True)


def test_plain_text_dates_and_empty_cells():
    content = xlsx_bytes(title="목록", headers=["제목", "날짜", "비고"], rows=[["보통 제목", date(2026, 3, 5), None]])
    sheet = load_workbook(io.BytesIO(content)).active
    title, day, note = next(sheet.iter_rows(min_row=2))
    assert (title.value, title.data_type, title.quotePrefix) == ("보통 제목", "s", False)
    assert day.is_date
    assert day.value.date() == date(2026, 3, 5)
    assert note.value is None


def test_control_characters_do_not_break_the_export():
    content = xlsx_bytes(title="목록", headers=["제목"], rows=[["앞\x01뒤\x00끝"]])
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet["A2"].value == "앞\ufffd뒤\ufffd끝"


def test_csv_keeps_formula_looking_text_as_text_and_dates_plain():
    response = csv_response(
        filename="추출",
        headers=["기관명", "일자", "값"],
        rows=[['=HYPERLINK("http://x")', date(2026, 3, 5), Decimal("12.5")], ["알파", date(2026, 3, 6), None]],
    )

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "filename*=UTF-8''%EC%B6%94%EC%B6%9C_" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")  # so Excel reads the Hangul
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    assert rows == [
        ["기관명", "일자", "값"],
        ['\'=HYPERLINK("http://x")', "2026-03-05", "12.5"],
        ["알파", "2026-03-06", ""],
    ]


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_every_spreadsheet_is_written_through_core_xlsx():
    """Exports go through core.xlsx (and imports through core.imports); no app writes a workbook
    or a CSV file of its own, so no export can skip the text-only rule."""
    allowed = {
        "core/xlsx.py",
        "core/imports.py",
        "approval/demo/story.py",  # builds the demo's attached spreadsheets (files people attached), not an export
        # the banks' bulk-transfer upload: CP949 CSV in their layout, not a spreadsheet export; its
        # cells go through the same formula guard (budget/transfers.py transfer_csv, which budget's
        # payments and payroll's 지급 both call)
        "budget/transfers.py",
    }
    packages = [p for p in ROOT.iterdir() if (p / "__init__.py").exists() and p.name not in {"tests", "bench"}]
    assert {"core", "org", "tasks", "approval", "budget", "receipts"} <= {p.name for p in packages}
    offenders = []
    for path in (path for package in packages for path in package.rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if relative not in allowed and any(n == "csv" or n.startswith("openpyxl") for n in _imports(path)):
            offenders.append(relative)
    assert offenders == []
