"""Every list exports to XLSX through this one function: a header row, typed cells (dates stay
dates, shown as 2026. 3. 5.), a frozen header and a Korean file name."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from urllib.parse import quote

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_DATE_FORMAT = 'yyyy". "m". "d"."'
_DATETIME_FORMAT = 'yyyy". "m". "d". "hh:mm'


def _cell(sheet, value):
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
        cell = WriteOnlyCell(sheet, value=str(text))
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
    response = HttpResponse(xlsx_bytes(title=title, headers=headers, rows=rows), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response
