"""A year's expenditure structure out to XLSX and back in through core's import frame: the outline
round-trips, and a malformed file is refused row by row and column by column in Korean with
nothing half-imported."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from audit.models import AuditEvent
from budget.models import BudgetItem, FiscalYear, Level
from budget.structure import fiscal_year_close, fiscal_year_create
from budget.structure_io import COLUMNS, EXPORT_COLUMNS, ImportFileError, structure_export, structure_import
from core.xlsx import xlsx_bytes
from tests.factories.budget_lines import budget_officer, small_budget
from tests.support import login

pytestmark = pytest.mark.django_db


def sheet(rows: list[list], headers=COLUMNS) -> bytes:
    return xlsx_bytes(title="세출", headers=headers, rows=rows)


def read(content: bytes) -> list[tuple]:
    return list(load_workbook(io.BytesIO(content), read_only=True).active.iter_rows(values_only=True))


@pytest.fixture
def budget(in_alpha):
    return small_budget()


def test_the_export_is_the_tree_as_an_outline(budget):
    rows = read(structure_export(budget.year))
    code = budget.department.code

    assert rows[0] == EXPORT_COLUMNS
    assert rows[1:6] == [
        ("정책사업", "1000", "행정지원", code, None, None, 0, 47_000_000, 0),
        ("단위사업", "1100", "기관운영", code, None, None, 0, 47_000_000, 0),
        ("세부사업", "1110", "기본경비", code, None, None, 0, 17_000_000, 0),
        ("편성목", "201", "일반운영비", code, "201", None, 0, 15_000_000, 0),
        ("통계목", "201-01", "사무관리비", code, "201-01", 10_000_000, 0, 10_000_000, 0),
    ]
    assert len(rows) == 12


def test_an_exported_structure_imports_into_a_new_year_and_again_changes_nothing(budget):
    content = structure_export(budget.year)
    target = fiscal_year_create(actor=budget.officer, year=2027)

    result = structure_import(fiscal_year=target, filename="세출.xlsx", content=content, actor=budget.officer)

    assert (result.ok, result.created, result.updated) == (True, 11, 0)
    copied = {item.code: item for item in BudgetItem.objects.filter(fiscal_year=target)}
    assert copied["201-01"].parent_id == copied["201"].pk
    assert copied["201"].parent_id == copied["1110"].pk
    assert (copied["401-01"].planned_amount, copied["401-01"].level) == (30_000_000, Level.ITEM)
    assert AuditEvent.objects.filter(action="budget_structure.import").latest("id").data["created"] == 11

    again = structure_import(fiscal_year=target, filename="세출.xlsx", content=content, actor=budget.officer)
    assert (again.ok, again.created, again.updated) == (True, 0, 0)


def test_an_import_updates_by_code_path_and_adds_new_lines(budget):
    target = fiscal_year_create(actor=budget.officer, year=2027)
    code = budget.department.code
    base = [
        ["정책사업", "1000", "행정지원", code, "", "", ""],
        ["단위사업", "1100", "기관운영", code, "", "", ""],
        ["세부사업", "1110", "기본경비", code, "", "", ""],
        ["편성목", "201", "일반운영비", code, "201", "", ""],
        ["통계목", "201-01", "사무관리비", code, "201-01", "10,000,000", ""],
    ]
    structure_import(fiscal_year=target, filename="a.xlsx", content=sheet(base), actor=budget.officer)

    changed = [*base[:4], ["통계목", "201-01", "사무관리비", code, "201-01", "12,500,000원", ""]]
    changed.append(["통계목", "201-15", "복리후생비", code, "201-15", 3_000_000, "5"])
    result = structure_import(fiscal_year=target, filename="b.xlsx", content=sheet(changed), actor=budget.officer)

    assert (result.created, result.updated) == (1, 1)
    lines = dict(BudgetItem.objects.filter(fiscal_year=target, level=Level.ITEM).values_list("code", "planned_amount"))
    assert lines == {"201-01": 12_500_000, "201-15": 3_000_000}


def test_a_malformed_file_reports_every_row_and_column_and_writes_nothing(budget):
    target = fiscal_year_create(actor=budget.officer, year=2027)
    code = budget.department.code
    rows = [
        ["정책사업", "1000", "행정지원", code, "", "", ""],  # 2
        ["편성목", "201", "일반운영비", code, "201", "", ""],  # 3: no 세부사업 above it
        ["단위사업", "1100", "기관운영", "X999", "", "", ""],  # 4: unknown department
        ["세부사업", "1110", "기본경비", code, "201", "", ""],  # 5: a standard code on a 세부사업
        ["편성목", "202", "여비", code, "202", "", ""],  # 6
        ["통계목", "201-01", "사무관리비", code, "201-01", "", ""],  # 7: 201-01 is not under 202
        ["통계목", "202-01", "국내여비", code, "202-01", "12,5OO", "첫째"],  # 8: amount and order
        ["통계목", "202-01", "국내여비2", code, "202-01", "1000", ""],  # 9: same code twice
        ["관", "9", "세입", code, "", "", ""],  # 10: not a level
        ["통계목", "", "", code, "202-08", "", ""],  # 11: no code, no name
    ]

    result = structure_import(fiscal_year=target, filename="bad.xlsx", content=sheet(rows), actor=budget.officer)

    assert [(e.row, e.column, e.message) for e in result.errors] == [
        (3, "구분", "이 편성목의 상위 세부사업 행이 위에 없습니다."),
        (4, "소관부서코드", "등록되지 않은 부서코드입니다: X999"),
        (5, "표준예산과목", "표준 예산과목은 편성목과 통계목에만 적습니다."),
        (7, "표준예산과목", "통계목 201-01은(는) 상위 편성목의 표준코드 202에 속하지 않습니다."),
        (8, "본예산", "금액은 숫자로 입력하세요. 만·억 단위도 됩니다. 예: 1,250,000 또는 125만"),
        (8, "순서", "순서는 0 이상의 정수로 적으세요."),
        (9, "코드", "같은 상위 과목 아래 같은 코드가 8행에 이미 있습니다: 202-01"),
        (10, "구분", "구분은 정책사업, 단위사업, 세부사업, 편성목, 통계목 중 하나여야 합니다."),
        (11, "코드", "필수 항목이 비어 있습니다."),
        (11, "과목명", "필수 항목이 비어 있습니다."),
    ]
    assert not BudgetItem.objects.filter(fiscal_year=target).exists()


def test_a_rule_only_the_service_knows_rolls_the_whole_file_back(budget):
    content = structure_export(budget.year)
    rows = read(content)
    changed = [list(row[:7]) for row in rows[1:]]
    changed[4][5] = 11_000_000  # 201-01's 본예산 in a confirmed year
    changed.insert(6, ["통계목", "201-03", "행사운영비", budget.department.code, "201-03", "", ""])  # new: fine

    result = structure_import(fiscal_year=budget.year, filename="c.xlsx", content=sheet(changed), actor=budget.officer)

    assert [(e.row, e.column, e.message) for e in result.errors] == [
        (6, "본예산", "확정된 회계연도의 본예산은 바꿀 수 없습니다. 추경이나 전용으로 변경하세요.")
    ]
    assert not BudgetItem.objects.filter(code="201-03").exists()


def test_files_that_cannot_be_read_are_refused_whole(budget):
    with pytest.raises(ImportFileError) as caught:
        structure_import(fiscal_year=budget.year, filename="a.csv", content=b"a,b\n", actor=budget.officer)
    assert caught.value.messages == ["엑셀(.xlsx) 파일만 올릴 수 있습니다."]
    with pytest.raises(ImportFileError) as caught:
        structure_import(fiscal_year=budget.year, filename="a.xlsx", content=b"PK\x03\x04 broken", actor=budget.officer)
    assert caught.value.messages == ["XLSX 파일을 읽을 수 없습니다. 파일이 손상되지 않았는지 확인하세요."]
    with pytest.raises(ImportFileError) as caught:
        structure_import(
            fiscal_year=budget.year,
            filename="a.xlsx",
            content=sheet([["통계목"]], headers=("구분",)),
            actor=budget.officer,
        )
    assert caught.value.messages == ["첫 줄에 필수 열이 없습니다: 코드, 과목명, 소관부서코드"]
    fiscal_year_close(actor=budget.officer, fiscal_year=budget.year)
    with pytest.raises(ImportFileError) as caught:
        structure_import(
            fiscal_year=FiscalYear.objects.get(pk=budget.year.pk),
            filename="a.xlsx",
            content=structure_export(budget.year),
            actor=budget.officer,
        )
    assert caught.value.messages == ["마감된 회계연도에는 예산과목을 올릴 수 없습니다."]


def test_the_console_exports_and_imports(alpha, client_for, in_alpha):
    officer = budget_officer(username="budgeteer")
    budget = small_budget(officer=officer)
    target = fiscal_year_create(actor=officer, year=2027)
    client = client_for(alpha)
    login(client, "budgeteer")

    exported = client.get(f"/admin/budget/budgetitem/export/?fiscal_year__id__exact={budget.year.pk}")
    assert exported.status_code == 200
    assert "attachment" in exported["Content-Disposition"]
    content = exported.content

    bad = client.post(
        "/admin/budget/budgetitem/import/",
        {"fiscal_year": target.pk, "file": SimpleUploadedFile("x.xlsx", sheet([["관", "1", "x", "D100", "", "", ""]]))},
    )
    assert bad.status_code == 422
    assert "구분은 정책사업" in bad.content.decode()
    good = client.post(
        "/admin/budget/budgetitem/import/", {"fiscal_year": target.pk, "file": SimpleUploadedFile("s.xlsx", content)}
    )
    assert good.status_code == 302
    assert BudgetItem.objects.filter(fiscal_year=target).count() == 11
    assert client.get("/admin/budget/budgetitem/export/?fiscal_year__id__exact=abc").status_code == 200
