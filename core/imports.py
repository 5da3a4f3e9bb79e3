"""The import frame: every bulk upload of a table (staff, the function classification; budget and
pay tables next) is read, checked and written the same way, in three steps.

1. ``read_table`` reads a CSV or XLSX file into rows of text by column name. It streams: nothing
   is built for what a file merely declares (an XLSX may say its sheet is ``A1:XFD2000``, 32
   million cells, in 1.6 KB), only for cells that hold a value, and it stops with a Korean message
   at the first value past the caps (rows, columns, characters) or the first sign of a damaged or
   hostile file. Its memory is bounded by those caps, whatever the file says about itself.
2. ``check_rows`` hands every row to the importer's ``parse``, which reports each problem against
   its row and column and returns a plan for a good row. Every row is checked, so the person sees
   all their errors at once.
3. ``apply_all_or_nothing`` writes the plans in one transaction, each row in a savepoint so a
   rule only the services know (a ValidationError) is reported against its row and the next rows
   are still tried; if any row failed, the whole transaction is rolled back. Nothing is ever
   half-imported.

The XLSX reader is our own small streaming parser (expat, no element tree) over the parts a
sheet needs: the workbook and its relationships, the shared strings, the number formats (to tell
dates from numbers) and the first worksheet. openpyxl's readers build the sheet's declared
dimension, every shared string and the whole style sheet in memory; its conversions (Excel serial
dates, ISO dates, date formats) are reused here.
"""

from __future__ import annotations

import csv
import io
import posixpath
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import IO, Any, Generic, TypeVar
from xml.parsers import expat

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from openpyxl.styles.numbers import builtin_format_code, is_date_format, is_timedelta_format
from openpyxl.utils.cell import column_index_from_string, coordinate_from_string, get_column_letter
from openpyxl.utils.datetime import MAC_EPOCH, WINDOWS_EPOCH, from_excel, from_ISO8601
from openpyxl.utils.exceptions import CellCoordinatesException

P = TypeVar("P")
ErrorSink = Callable[[str, str], None]  # error(column, message)

MAX_COLUMNS = 64
MAX_CELL_CHARS = 32_767  # Excel's own limit for one cell
MAX_TEXT_CHARS = 8_000_000  # all retained text of one file (shared strings and kept cells)
MAX_UNPACKED_BYTES = 64 * 1024 * 1024  # the whole package unpacked, as the ZIP declares it (zipfile enforces it)
MAX_STYLES = 65_536  # Excel allows 64,000 cell formats
MAX_ZIP_ENTRIES = 1_000  # an XLSX holds a few dozen parts
MAX_CSV_LINE_CHARS = 200_000
_CHUNK = 64 * 1024


@dataclass(frozen=True)
class ImportSpec:
    """What one import accepts. `columns` are every column it knows (in any order in the file);
    other columns are ignored."""

    columns: tuple[str, ...]
    required: tuple[str, ...]
    max_rows: int
    max_bytes: int
    formats: tuple[str, ...] = ("xlsx",)
    max_columns: int = MAX_COLUMNS


@dataclass(frozen=True)
class RowError:
    row: int  # 1-based, as the spreadsheet shows it (the header is usually row 1)
    column: str
    message: str


class ImportFileError(ValidationError):
    """The file as a whole cannot be read (wrong type, too big, damaged, no header, past a cap)."""


@dataclass(frozen=True)
class Row:
    number: int
    cells: dict[str, str]  # known columns the file has -> stripped text
    errors: tuple[RowError, ...] = ()  # what the frame itself found wrong in this row

    def __getitem__(self, column: str) -> str:
        return self.cells.get(column, "")


@dataclass(frozen=True)
class Table:
    present: frozenset[str]  # known columns the header has
    rows: list[Row]  # rows with at least one value, in order


def cell_text(value: object) -> str:
    """A cell's value as the text the importers parse: dates as ISO dates, whole numbers without
    the `.0` a number typed in Excel comes back with (a 사번 1001 is read as 1001.0)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


# --- 1. read ---------------------------------------------------------------------------------------


def read_table(*, filename: str, content: bytes, spec: ImportSpec) -> Table:
    extension = filename.lower().rpartition(".")[2] if "." in filename else ""
    if extension not in spec.formats:
        raise ImportFileError(
            _("CSV(.csv) 또는 엑셀(.xlsx) 파일만 올릴 수 있습니다.")
            if "csv" in spec.formats
            else _("엑셀(.xlsx) 파일만 올릴 수 있습니다.")
        )
    if len(content) > spec.max_bytes:
        raise ImportFileError(_("파일은 %(mb)dMB까지 올릴 수 있습니다.") % {"mb": spec.max_bytes // (1024 * 1024)})
    budget = _TextBudget()
    raw_rows = _csv_rows(content, spec) if extension == "csv" else _xlsx_rows(content, spec, budget)
    return _table(raw_rows, spec, budget)


def _table(raw_rows: Iterator[tuple[int, dict[int, str]]], spec: ImportSpec, budget: _TextBudget) -> Table:
    """Header = the first row with a value; the rows after it keep the known columns only."""
    index: dict[str, int] | None = None
    rows: list[Row] = []
    for number, values in raw_rows:
        if not any(values.values()):
            continue
        if index is None:
            index = {}
            for position in sorted(values):
                index.setdefault(values[position], position)
            missing = [name for name in spec.required if name not in index]
            if missing:
                raise ImportFileError(_("첫 줄에 필수 열이 없습니다: %(cols)s") % {"cols": ", ".join(missing)})
            index = {name: position for name, position in index.items() if name in spec.columns}
            continue
        if len(rows) == spec.max_rows:
            raise ImportFileError(
                _("한 번에 %(n)s행까지 올릴 수 있습니다. 파일을 나누어 올리세요.") % {"n": f"{spec.max_rows:,}"}
            )
        cells = {name: values.get(position, "") for name, position in index.items()}
        budget.spend(sum(len(text) for text in cells.values()))
        errors = tuple(
            RowError(number, name, _("NUL 문자는 쓸 수 없습니다. 해당 칸을 다시 입력하세요."))
            for name, text in cells.items()
            if "\x00" in text
        )
        rows.append(Row(number=number, cells=cells, errors=errors))
    if index is None:
        raise ImportFileError(_("파일이 비어 있습니다."))
    return Table(present=frozenset(index), rows=rows)


class _TextBudget:
    """Counts the characters a file makes us keep; past MAX_TEXT_CHARS the file is refused."""

    def __init__(self) -> None:
        self.left = MAX_TEXT_CHARS

    def spend(self, chars: int) -> None:
        self.left -= chars
        if self.left < 0:
            raise ImportFileError(
                _("파일에 글자가 너무 많습니다(최대 %(n)s자). 파일을 나누어 올리세요.") % {"n": f"{MAX_TEXT_CHARS:,}"}
            )


def _beyond_columns(spec: ImportSpec, column: int, row: int) -> ImportFileError:
    return ImportFileError(
        _("표는 %(last)s열까지만 읽습니다. %(cell)s 칸에 값이 있으니 지우고 다시 올리세요.")
        % {"last": get_column_letter(spec.max_columns), "cell": f"{get_column_letter(min(column, 18278))}{row}"}
    )


def _too_long(cell: str) -> ImportFileError:
    return ImportFileError(
        _("%(cell)s 칸의 글자가 너무 깁니다(최대 %(n)s자).") % {"cell": cell, "n": f"{MAX_CELL_CHARS:,}"}
    )


# --- CSV ---


def _csv_rows(content: bytes, spec: ImportSpec) -> Iterator[tuple[int, dict[int, str]]]:
    # Korean Excel saves CSV as CP949; UTF-8 (with or without BOM) is the other common case.
    for encoding in ("utf-8-sig", "cp949"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ImportFileError(_("CSV 파일의 문자 인코딩을 알 수 없습니다. UTF-8 또는 CP949로 저장하세요."))
    reader = csv.reader(_bounded_lines(text))
    try:
        for number, fields in enumerate(reader, start=1):
            values: dict[int, str] = {}
            for column, raw in enumerate(fields, start=1):
                if len(raw) > MAX_CELL_CHARS:
                    raise _too_long(f"{get_column_letter(min(column, 18278))}{number}")
                value = raw.strip()
                if not value:
                    continue
                if column > spec.max_columns:
                    raise _beyond_columns(spec, column, number)
                values[column] = value
            yield number, values
    except csv.Error as exc:
        raise ImportFileError(_("CSV 파일을 읽을 수 없습니다(%(line)d번째 줄).") % {"line": reader.line_num}) from exc


def _bounded_lines(text: str) -> Iterator[str]:
    """The text's lines, refusing one so long that the csv module would build a huge row from it."""
    for line in io.StringIO(text, newline=""):
        if len(line) > MAX_CSV_LINE_CHARS:
            raise ImportFileError(_("CSV 파일의 한 줄이 너무 깁니다. 열 구분이 올바른지 확인하세요."))
        yield line


# --- XLSX ---

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_DOC_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_SEP = "}"


def _name(namespace: str, local: str) -> str:
    return f"{namespace}{_SEP}{local}"


_ROW, _CELL, _VALUE = _name(_MAIN, "row"), _name(_MAIN, "c"), _name(_MAIN, "v")
_TEXT, _PHONETIC = _name(_MAIN, "t"), _name(_MAIN, "rPh")
_SI, _XF, _CELL_XFS, _NUM_FMT = _name(_MAIN, "si"), _name(_MAIN, "xf"), _name(_MAIN, "cellXfs"), _name(_MAIN, "numFmt")
_SHEET, _WORKBOOK_PR = _name(_MAIN, "sheet"), _name(_MAIN, "workbookPr")
_RELATIONSHIP = _name(_PKG_REL, "Relationship")


class _Unreadable(Exception):
    """A structural problem in the XLSX package; becomes the one "cannot read" message."""


def _unreadable() -> ImportFileError:
    return ImportFileError(_("XLSX 파일을 읽을 수 없습니다. 파일이 손상되지 않았는지 확인하세요."))


def _xlsx_rows(content: bytes, spec: ImportSpec, budget: _TextBudget) -> Iterator[tuple[int, dict[int, str]]]:
    if _zip_entries(content) > MAX_ZIP_ENTRIES:
        raise _unreadable()
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise _unreadable() from exc
    try:
        if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
            raise ImportFileError(
                _("파일 내용이 너무 큽니다(압축을 풀면 %(mb)dMB 초과). 필요한 행과 열만 남기고 다시 올리세요.")
                % {"mb": MAX_UNPACKED_BYTES // (1024 * 1024)}
            )
        package = _Package(archive)
        yield from _SheetReader(package, spec, budget).rows()
    except (
        _Unreadable,
        expat.ExpatError,  # malformed XML
        zipfile.BadZipFile,  # also a part longer than the ZIP declares (CRC check)
        OSError,
        ValueError,  # a number, index or reference that is not one
        KeyError,  # a part the package names but does not contain
        IndexError,  # a shared-string index past the table
        CellCoordinatesException,
    ) as exc:
        raise _unreadable() from exc
    finally:
        archive.close()


def _zip_entries(content: bytes) -> int:
    """How many files the ZIP's end record says it holds, read before zipfile builds an object for
    each of them (a small upload can declare hundreds of thousands)."""
    tail = content[-(0xFFFF + 22) :]
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) < at + 22:
        raise _unreadable()
    return int.from_bytes(tail[at + 10 : at + 12], "little")


def _parse(
    source: IO[bytes],
    *,
    start: Callable[[str, dict[str, str]], None] | None = None,
    end: Callable[[str], None] | None = None,
    text: Callable[[str], None] | None = None,
) -> Iterator[None]:
    """Stream one XML part through expat with the given handlers. A document type declaration is
    refused: a spreadsheet never has one, and it is how entity tricks begin."""
    parser = expat.ParserCreate(namespace_separator=_SEP)

    def doctype(*_args: object) -> None:
        raise _Unreadable("DOCTYPE")

    parser.StartDoctypeDeclHandler = doctype
    if start:
        parser.StartElementHandler = start
    if end:
        parser.EndElementHandler = end
    if text:
        parser.CharacterDataHandler = text
    while chunk := source.read(_CHUNK):
        parser.Parse(chunk, False)
        yield
    parser.Parse(b"", True)
    yield


def _drain(steps: Iterable[None]) -> None:
    for _step in steps:
        pass


def _relationships(archive: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """A part's relationships: id -> (type, target path inside the package)."""
    folder, name = posixpath.split(part)
    rels_path = posixpath.join(folder, "_rels", f"{name}.rels")
    found: dict[str, tuple[str, str]] = {}

    def start(tag: str, attrs: dict[str, str]) -> None:
        if tag != _RELATIONSHIP or attrs.get("TargetMode") == "External":
            return
        target = attrs.get("Target", "")
        path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        found[attrs.get("Id", "")] = (attrs.get("Type", ""), path)
        if len(found) > 10_000:
            raise _Unreadable("relationships")

    with archive.open(rels_path) as source:
        _drain(_parse(source, start=start))
    return found


class _Package:
    """Where the first worksheet, the shared strings and the styles are, and the date epoch."""

    def __init__(self, archive: zipfile.ZipFile):
        self.archive = archive
        office = [path for kind, path in _relationships(archive, "").values() if kind.endswith("/officeDocument")]
        if not office:
            raise _Unreadable("no workbook")
        workbook = office[0]
        parts = _relationships(archive, workbook)
        sheet_ids: list[str] = []
        self.epoch = WINDOWS_EPOCH

        def start(tag: str, attrs: dict[str, str]) -> None:
            if tag == _SHEET:
                sheet_ids.append(attrs.get(_name(_DOC_REL, "id"), ""))
                if len(sheet_ids) > 10_000:
                    raise _Unreadable("sheets")
            elif tag == _WORKBOOK_PR and attrs.get("date1904") in {"1", "true"}:
                self.epoch = MAC_EPOCH

        with archive.open(workbook) as source:
            _drain(_parse(source, start=start))
        worksheets = [parts[i][1] for i in sheet_ids if i in parts and parts[i][0].endswith("/worksheet")]
        if not worksheets:
            raise _Unreadable("no worksheet")
        self.sheet = worksheets[0]
        by_kind = {kind.rpartition("/")[2]: path for kind, path in parts.values()}
        self.shared_strings = by_kind.get("sharedStrings")
        self.styles = by_kind.get("styles")


class _SheetReader:
    def __init__(self, package: _Package, spec: ImportSpec, budget: _TextBudget):
        self.package = package
        self.spec = spec
        self.budget = budget
        self.strings = self._shared_strings(package.shared_strings) if package.shared_strings else []
        self.date_styles, self.timedelta_styles = (
            self._date_styles(package.styles) if package.styles else (set(), set())
        )

    def _shared_strings(self, part: str) -> list[str]:
        strings: list[str] = []
        parts: list[str] = []
        limit = (self.spec.max_rows + 1) * self.spec.max_columns
        state: dict[str, Any] = {"in_t": False, "phonetic": 0, "chars": 0}

        def start(tag: str, _attrs: dict[str, str]) -> None:
            if tag == _SI:
                parts.clear()
                state["chars"] = 0
            elif tag == _PHONETIC:
                state["phonetic"] += 1
            elif tag == _TEXT and not state["phonetic"]:
                state["in_t"] = True

        def end(tag: str) -> None:
            if tag == _SI:
                if len(strings) >= limit:
                    raise ImportFileError(
                        _("파일에 서로 다른 글자 칸이 너무 많습니다(최대 %(n)s개).") % {"n": f"{limit:,}"}
                    )
                strings.append("".join(parts))
                parts.clear()
            elif tag == _PHONETIC:
                state["phonetic"] -= 1
            elif tag == _TEXT:
                state["in_t"] = False

        def text(data: str) -> None:
            if state["in_t"]:
                state["chars"] += len(data)
                if state["chars"] > MAX_CELL_CHARS:
                    raise _too_long(_("공유 문자열"))
                self.budget.spend(len(data))
                parts.append(data)

        with self.package.archive.open(part) as source:
            _drain(_parse(source, start=start, end=end, text=text))
        return strings

    def _date_styles(self, part: str) -> tuple[set[int], set[int]]:
        custom: dict[int, str] = {}
        formats: list[int] = []
        state = {"in_xfs": False}

        def start(tag: str, attrs: dict[str, str]) -> None:
            if tag == _NUM_FMT:
                if len(custom) >= MAX_STYLES:
                    raise _Unreadable("numFmts")
                custom[int(attrs.get("numFmtId", "0"))] = attrs.get("formatCode", "")[:255]
            elif tag == _CELL_XFS:
                state["in_xfs"] = True
            elif tag == _XF and state["in_xfs"]:
                if len(formats) >= MAX_STYLES:
                    raise _Unreadable("cellXfs")
                formats.append(int(attrs.get("numFmtId", "0")))

        def end(tag: str) -> None:
            if tag == _CELL_XFS:
                state["in_xfs"] = False

        with self.package.archive.open(part) as source:
            _drain(_parse(source, start=start, end=end))
        dates: set[int] = set()
        timedeltas: set[int] = set()
        for style, number_format in enumerate(formats):
            code = custom.get(number_format) or builtin_format_code(number_format)
            if is_date_format(code):
                dates.add(style)
            if is_timedelta_format(code):
                timedeltas.add(style)
        return dates, timedeltas

    def rows(self) -> Iterator[tuple[int, dict[int, str]]]:
        """(row number, {column: text}) for each row of the first sheet that has a cell element,
        keeping only non-empty values within the column cap."""
        done: list[tuple[int, dict[int, str]]] = []
        row: dict[str, Any] = {"number": 0, "column": 0, "values": {}}
        cell: dict[str, Any] = {}

        def start(tag: str, attrs: dict[str, str]) -> None:
            if tag == _ROW:
                number = attrs.get("r")
                row["number"] = int(number) if number else row["number"] + 1
                row["column"] = 0
                row["values"] = {}
            elif tag == _CELL:
                reference = attrs.get("r")
                if reference:
                    letters, number = coordinate_from_string(reference)
                    if number != row["number"]:
                        raise _Unreadable("cell outside its row")
                    row["column"] = column_index_from_string(letters)
                else:
                    row["column"] += 1
                cell.clear()
                cell.update(type=attrs.get("t", "n"), style=int(attrs.get("s", "0")), parts=[], chars=0, collect=0)
                cell["phonetic"] = 0
            elif cell:
                if tag == _PHONETIC:
                    cell["phonetic"] += 1
                elif (tag == _VALUE or (tag == _TEXT and cell["type"] == "inlineStr")) and not cell["phonetic"]:
                    cell["collect"] += 1

        def end(tag: str) -> None:
            if tag == _CELL:
                self._keep(row, cell)
                cell.clear()
            elif tag == _ROW:
                done.append((row["number"], row["values"]))
            elif cell:
                if tag == _PHONETIC:
                    cell["phonetic"] -= 1
                elif (tag == _VALUE or (tag == _TEXT and cell["type"] == "inlineStr")) and not cell["phonetic"]:
                    cell["collect"] -= 1

        def text(data: str) -> None:
            if cell and cell["collect"]:
                cell["chars"] += len(data)
                if cell["chars"] > MAX_CELL_CHARS:
                    raise _too_long(f"{get_column_letter(min(row['column'], 18278))}{row['number']}")
                cell["parts"].append(data)

        with self.package.archive.open(self.package.sheet) as source:
            for _step in _parse(source, start=start, end=end, text=text):
                yield from done
                done.clear()

    def _keep(self, row: dict[str, Any], cell: dict[str, Any]) -> None:
        raw = "".join(cell["parts"])
        if not raw:
            return
        value = self._value(cell["type"], cell["style"], raw)
        text = cell_text(value)
        if not text:
            return
        if row["column"] > self.spec.max_columns:
            raise _beyond_columns(self.spec, row["column"], row["number"])
        row["values"][row["column"]] = text

    def _value(self, kind: str, style: int, raw: str) -> object:
        if kind == "s":
            return self.strings[int(raw)]
        if kind in {"inlineStr", "str", "e"}:
            return raw
        if kind == "b":
            return raw.strip() in {"1", "true"}
        if kind == "d":
            return from_ISO8601(raw.strip())
        number = float(raw) if any(c in raw for c in ".eE") else int(raw)
        if style in self.date_styles:
            try:
                return from_excel(number, self.package.epoch, timedelta=style in self.timedelta_styles)
            except (OverflowError, ValueError):
                return raw  # not a date Excel can show either: the importer reports it against its cell
        return number


# --- 2. check ------------------------------------------------------------------------------------------


def check_rows(
    table: Table, parse: Callable[[Row, Callable[[str, str], None]], P | None]
) -> tuple[list[P], list[RowError]]:
    """Run `parse(row, error)` over every row; `error(column, message)` reports a problem. Plans of
    rows without errors are returned with every error of the file, in row order."""
    plans: list[P] = []
    errors: list[RowError] = []
    for row in table.rows:
        if row.errors:
            errors.extend(row.errors)
            continue
        count = len(errors)

        def error(column: str, message: str, number: int = row.number) -> None:
            errors.append(RowError(number, column, message))

        plan = parse(row, error)
        if len(errors) == count and plan is not None:
            plans.append(plan)
    return plans, errors


# --- 3. write --------------------------------------------------------------------------------------------


@dataclass
class Writer(Generic[P]):
    """How an import writes: `apply` one plan (raising ValidationError for a rule the services
    enforce), `row_of` a plan, `finish` once all rows are written (the audit entry), and optionally
    `errors_of` to point a service's field errors at the file's columns."""

    apply: Callable[[P], None]
    row_of: Callable[[P], int]
    finish: Callable[[], None]
    errors_of: Callable[[P, ValidationError], list[RowError]] | None = None


def apply_all_or_nothing(plans: Sequence[P], writer: Writer[P]) -> list[RowError]:
    """Write every plan in one transaction; any failing row rolls all of them back."""
    errors: list[RowError] = []
    with transaction.atomic():
        for plan in plans:
            try:
                with transaction.atomic():
                    writer.apply(plan)
            except ValidationError as exc:
                if writer.errors_of is not None:
                    errors.extend(writer.errors_of(plan, exc))
                else:
                    errors.extend(RowError(writer.row_of(plan), "", message) for message in exc.messages)
            except IntegrityError:  # a concurrent edit took a unique value between check and write
                errors.append(
                    RowError(writer.row_of(plan), "", _("저장하는 동안 다른 변경과 충돌했습니다. 다시 올려 주세요."))
                )
        if errors:
            transaction.set_rollback(True)
            return errors
        writer.finish()
    return errors
