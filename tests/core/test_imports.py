"""The import frame (core.imports): a file is read as a stream with caps, whatever it declares
about itself; past a cap, or damaged, it is refused whole with a Korean message; every row is
checked and reported by row and column; writing is all or nothing.

The spreadsheets here are built by hand, part by part, because what matters is what a hostile or
odd file says (a declared dimension of A1:XFD2000, a cell at XFD2000, rich text, a DOCTYPE), which
no spreadsheet program would write for us.
"""

from __future__ import annotations

import io
import tracemalloc
import zipfile

import pytest
from django.core.exceptions import ValidationError

from core.imports import (
    ImportFileError,
    ImportSpec,
    RowError,
    Writer,
    apply_all_or_nothing,
    check_rows,
    read_table,
)
from org.models import User
from org.staff_import import staff_import
from tasks.classification_io import classification_import
from tests.support import ADMIN

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
SPEC = ImportSpec(columns=("코드", "이름", "날짜"), required=("코드",), max_rows=5, max_bytes=1024 * 1024)


def xlsx(
    sheet_data: str, *, dimension: str | None = None, shared: list[str] | None = None, styles: str = "", omit: str = ""
) -> bytes:
    """A minimal XLSX package: one sheet with the given <sheetData> content (`omit` leaves a part out)."""
    parts = {
        "[Content_Types].xml": (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>'
        ),
        "_rels/.rels": (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>'
            '<sheet name="시트1" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
            f'<Relationship Id="rId3" Type="{REL}/styles" Target="/xl/styles.xml"/></Relationships>'
        ),
        "xl/worksheets/sheet1.xml": (
            f'<worksheet xmlns="{MAIN}">'
            + (f'<dimension ref="{dimension}"/>' if dimension else "")
            + f"<sheetData>{sheet_data}</sheetData></worksheet>"
        ),
        "xl/sharedStrings.xml": f'<sst xmlns="{MAIN}">' + "".join(shared or []) + "</sst>",
        "xl/styles.xml": f'<styleSheet xmlns="{MAIN}">{styles}</styleSheet>',
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            if name == omit:
                continue
            archive.writestr(name, '<?xml version="1.0" encoding="UTF-8"?>' + text)
    return buffer.getvalue()


def text(ref: str, value: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>'


def row(number: int, *cells: str) -> str:
    return f'<row r="{number}">{"".join(cells)}</row>'


STAFF_HEADER = row(
    1, *(text(f"{col}1", name) for col, name in zip("ABCD", ("사번", "성명", "아이디", "부서코드"), strict=True))
)


def peak_bytes(call):
    tracemalloc.start()
    try:
        outcome = call()
    except ImportFileError as exc:
        outcome = exc
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return outcome, peak


# --- a declared size is not a reason to build anything --------------------------------------------------


@pytest.mark.django_db
def test_staff_import_ignores_a_declared_dimension_and_reads_only_real_cells(in_alpha):
    """2 KB declaring A1:XFD2000 (32 million cells) with one styled, empty cell at XFD2000: read
    as the two rows it has, in well under the memory of one page."""
    good = row(2, text("A2", "3001"), text("B2", "홍길동"), text("C2", "hong"), text("D2", "D100"))
    content = xlsx(STAFF_HEADER + good + '<row r="2000"><c r="XFD2000" s="0"/></row>', dimension="A1:XFD2000")
    assert len(content) < 2500

    result, peak = peak_bytes(lambda: staff_import(filename="직원.xlsx", content=content))

    assert (result.ok, result.created) == (True, 1)
    assert User.objects.get(employee_number="3001").name == "홍길동"
    assert peak < 3 * 1024 * 1024, f"peak {peak:,} bytes"


@pytest.mark.django_db
@pytest.mark.parametrize("importer", ["staff", "classification"])
def test_a_value_far_out_is_refused_with_the_cell_named(in_alpha, importer):
    header = STAFF_HEADER if importer == "staff" else row(1, text("A1", "대기능코드"), text("B1", "대기능명"))
    content = xlsx(header + row(2000, text("XFD2000", "끝")), dimension="A1:XFD2000")
    admin = User.objects.get(username=ADMIN)

    def run():
        if importer == "staff":
            return staff_import(filename="a.xlsx", content=content, actor=admin)
        return classification_import(filename="a.xlsx", content=content, actor=admin)

    outcome, peak = peak_bytes(run)

    assert isinstance(outcome, ImportFileError)
    assert outcome.messages == ["표는 BL열까지만 읽습니다. XFD2000 칸에 값이 있으니 지우고 다시 올리세요."]
    assert peak < 3 * 1024 * 1024, f"peak {peak:,} bytes"


def test_rows_past_the_cap_stop_the_read():
    rows = row(1, text("A1", "코드")) + "".join(row(n, text(f"A{n}", f"C{n}")) for n in range(2, 8))  # 6 rows, cap 5
    with pytest.raises(ImportFileError) as raised:
        read_table(filename="a.xlsx", content=xlsx(rows), spec=SPEC)
    assert raised.value.messages == ["한 번에 5행까지 올릴 수 있습니다. 파일을 나누어 올리세요."]


def test_rows_far_apart_are_numbered_as_the_sheet_shows_them():
    content = xlsx(row(1, text("A1", "코드")) + row(3, text("A3", "가")) + row(900000, text("A900000", "나")))
    table = read_table(filename="a.xlsx", content=content, spec=SPEC)
    assert [(r.number, r["코드"]) for r in table.rows] == [(3, "가"), (900000, "나")]


def test_one_cell_longer_than_excel_allows_is_refused():
    content = xlsx(row(1, text("A1", "코드")) + row(2, text("A2", "가" * 32_768)))
    with pytest.raises(ImportFileError) as raised:
        read_table(filename="a.xlsx", content=content, spec=SPEC)
    assert raised.value.messages == ["A2 칸의 글자가 너무 깁니다(최대 32,767자)."]


def test_too_many_shared_strings_are_refused():
    strings = [f"<si><t>{n}</t></si>" for n in range((SPEC.max_rows + 1) * SPEC.max_columns + 1)]
    content = xlsx(row(1, '<c r="A1" t="s"><v>0</v></c>'), shared=strings)
    with pytest.raises(ImportFileError) as raised:
        read_table(filename="a.xlsx", content=content, spec=SPEC)
    assert raised.value.messages == ["파일에 서로 다른 글자 칸이 너무 많습니다(최대 384개)."]


@pytest.mark.parametrize(
    "content",
    [
        b"not a zip",
        xlsx(row(1, '<c r="A1" t="s"><v>7</v></c>')),  # a shared string that is not there
        xlsx(row(1, '<c r="1A" t="inlineStr"><is><t>x</t></is></c>')),  # not a cell reference
        xlsx("<row><c><v>1</v></row>"),  # malformed XML
        xlsx(row(1, text("A1", "코드")), omit="xl/worksheets/sheet1.xml"),  # a part the workbook names is missing
    ],
)
def test_damaged_files_are_refused_whole(content):
    with pytest.raises(ImportFileError) as raised:
        read_table(filename="a.xlsx", content=content, spec=SPEC)
    assert raised.value.messages == ["XLSX 파일을 읽을 수 없습니다. 파일이 손상되지 않았는지 확인하세요."]


def test_a_doctype_is_refused():
    entity = '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>'
    content = xlsx(row(1, text("A1", "코드")))
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, zipfile.ZipFile(buffer, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/sharedStrings.xml":
                data = data.replace(b"?><sst", b"?>" + entity.encode() + b"<sst")
            target.writestr(info, data)
    with pytest.raises(ImportFileError):
        read_table(filename="a.xlsx", content=buffer.getvalue(), spec=SPEC)


def test_values_as_excel_writes_them():
    """Shared strings with rich runs (phonetic guides left out), numbers typed as numbers, dates
    by their number format, and a header that is not on the first row."""
    styles = (
        '<numFmts><numFmt numFmtId="164" formatCode="yyyy. m. d."/></numFmts>'
        '<cellXfs><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="14"/></cellXfs>'
    )
    shared = ["<si><t>코드</t></si>", "<si><r><t>홍</t></r><r><t>길동</t></r><rPh><t>ホン</t></rPh></si>"]
    content = xlsx(
        row(2, '<c r="A2" t="s"><v>0</v></c>', text("B2", "이름"), text("C2", "날짜"))
        + row(3, '<c r="A3"><v>1001</v></c>', '<c r="B3" t="s"><v>1</v></c>', '<c r="C3" s="1"><v>45353</v></c>')
        + row(4, '<c r="A4"><v>12.5</v></c>', '<c r="B4" t="b"><v>1</v></c>', '<c r="C4" s="2"><v>45108.5</v></c>'),
        shared=shared,
        styles=styles,
    )
    table = read_table(filename="a.xlsx", content=content, spec=SPEC)
    assert table.present == frozenset({"코드", "이름", "날짜"})
    assert [(r.number, r.cells) for r in table.rows] == [
        (3, {"코드": "1001", "이름": "홍길동", "날짜": "2024-03-02"}),
        (4, {"코드": "12.5", "이름": "True", "날짜": "2023-07-01"}),
    ]


# --- CSV -----------------------------------------------------------------------------------------------------

CSV_SPEC = ImportSpec(
    columns=SPEC.columns, required=SPEC.required, max_rows=5, max_bytes=SPEC.max_bytes, formats=("csv",)
)


def test_csv_caps():
    with pytest.raises(ImportFileError) as raised:
        read_table(filename="a.csv", content=("코드" + "," * 70 + "끝\n").encode(), spec=CSV_SPEC)
    assert raised.value.messages == ["표는 BL열까지만 읽습니다. BS1 칸에 값이 있으니 지우고 다시 올리세요."]
    with pytest.raises(ImportFileError) as raised:
        read_table(filename="a.csv", content=("코드\n" + "," * 300_000 + "\n").encode(), spec=CSV_SPEC)
    assert raised.value.messages == ["CSV 파일의 한 줄이 너무 깁니다. 열 구분이 올바른지 확인하세요."]
    with pytest.raises(ImportFileError) as raised:
        read_table(filename="a.csv", content="코드\n1\n2\n3\n4\n5\n6\n".encode(), spec=CSV_SPEC)
    assert raised.value.messages == ["한 번에 5행까지 올릴 수 있습니다. 파일을 나누어 올리세요."]
    with pytest.raises(ImportFileError) as raised:
        read_table(filename="a.xlsx", content=b"", spec=CSV_SPEC)
    assert raised.value.messages == ["CSV(.csv) 또는 엑셀(.xlsx) 파일만 올릴 수 있습니다."]


def test_csv_nul_is_a_row_error_not_a_database_crash():
    table = read_table(filename="a.csv", content="코드,이름\n가\x00나,홍\n다,김\n".encode(), spec=CSV_SPEC)
    plans, errors = check_rows(table, lambda row, error: row["코드"])
    assert errors == [RowError(2, "코드", "NUL 문자는 쓸 수 없습니다. 해당 칸을 다시 입력하세요.")]
    assert plans == ["다"]


# --- check and write ---------------------------------------------------------------------------------------------


def test_every_row_is_checked_and_a_row_failing_at_write_time_undoes_the_others(in_alpha):
    table = read_table(filename="a.csv", content="코드,이름\n1,가\n,나\n3,다\n4,\n".encode(), spec=CSV_SPEC)

    def parse(row, error):
        if not row["코드"]:
            error("코드", "코드가 없습니다.")
        return row

    plans, errors = check_rows(table, parse)
    assert errors == [RowError(3, "코드", "코드가 없습니다.")]
    assert [plan.number for plan in plans] == [2, 4, 5]

    written, finished = [], []

    def apply(plan):
        if not plan["이름"]:
            raise ValidationError("이름이 없습니다.")
        User.objects.filter(username=ADMIN).update(name=plan["이름"])
        written.append(plan.number)

    before = User.objects.get(username=ADMIN).name
    errors = apply_all_or_nothing(
        plans, Writer(apply=apply, row_of=lambda plan: plan.number, finish=lambda: finished.append(True))
    )

    assert errors == [RowError(5, "", "이름이 없습니다.")]
    assert written == [2, 4]  # every row was tried …
    assert User.objects.get(username=ADMIN).name == before  # … and all of it undone
    assert finished == []
