"""The classification as XLSX: a good file creates and updates (moves and hand-overs recorded), a
bad file reports every failing row and column in Korean and writes nothing, and an export
imported again changes nothing. Plus the admin console pages that drive them."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from audit.models import AuditEvent
from org.models import Department, User
from tasks.classification_io import COLUMNS, ImportFileError, RowError, classification_export, classification_import
from tasks.models import ClassificationChange, FunctionClass, UnitTask, UnitTaskHandover
from tests.exports import FORMULA, assert_text_only
from tests.factories import DepartmentFactory
from tests.factories.tasks_cards import function_path, unit_task
from tests.support import ADMIN, DEPARTMENT_CODE, STAFF, login

pytestmark = pytest.mark.django_db

HEADER = list(COLUMNS)


def _xlsx(rows: list[list], header: list[str] = HEADER) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _row(**cells) -> list:
    return [cells.get(column, "") for column in COLUMNS]


BASE = {"대기능코드": "IO", "대기능명": "경영관리", "중기능코드": "IO-1", "중기능명": "인사", "소기능코드": "IO-1-1"}


@pytest.fixture
def people(in_alpha):
    dept = Department.objects.get(code=DEPARTMENT_CODE)
    other = DepartmentFactory(name="사업부", code="D200")
    users = {u.username: u for u in User.objects.all()}
    return dept, other, users[ADMIN], users[STAFF], users["peer"]


def test_good_file_creates_the_tree_and_tasks(people):
    _dept, _other, admin, staff, peer = people
    content = _xlsx(
        [
            _row(**BASE, 소기능명="복무관리", 단위과제코드="IO-T1", 단위과제명="직원 복무관리",
                 처리과코드=DEPARTMENT_CODE, 보존기간="3년", 처리과공통="Y", 사용="사용",
                 **{"보존기간 책정 사유": "처리과공통 3년", "담당자 사번": "1002", "부담당자 사번": "1003"}),
            _row(**BASE, 소기능명="복무관리", 단위과제코드="IO-T2", 단위과제명="인사 비밀", 처리과코드=DEPARTMENT_CODE,
                 보존기간=10, **{"보존기간 책정 사유": "인사기록", "비공개 근거": 6}, 공개구분="비공개", 사용="N"),
            _row(대기능코드="IO", 대기능명="경영관리", 중기능코드="IO-2", 중기능명="예산"),  # a bare 중기능
        ]
    )  # fmt: skip
    result = classification_import(filename="기능분류.xlsx", content=content, actor=admin)

    assert result.errors == []
    assert (result.functions_created, result.tasks_created) == (4, 2)
    first = UnitTask.objects.get(code="IO-T1")
    assert (first.function.code, first.function.parent.code, first.function.parent.parent.code) == (
        "IO-1-1",
        "IO-1",
        "IO",
    )
    assert (first.retention_period, first.owner, first.deputy, first.is_common, first.is_active) == (
        "3",
        staff,
        peer,
        True,
        True,
    )
    second = UnitTask.objects.get(code="IO-T2")
    assert (second.retention_period, second.disclosure, second.disclosure_ground, second.is_active) == (
        "10",
        "private",
        "6",
        False,
    )
    assert FunctionClass.objects.get(code="IO-2").parent.code == "IO"
    assert AuditEvent.objects.filter(action="classification.import").count() == 1


def test_bad_file_reports_each_row_and_column_and_writes_nothing(people):
    _dept, _other, admin, _staff, _peer = people
    existing = unit_task(department=people[0], code="KEEP-1", name="그대로")
    before = (FunctionClass.objects.count(), UnitTask.objects.count(), ClassificationChange.objects.count())
    content = _xlsx(
        [
            _row(**BASE, 소기능명="복무", 단위과제코드="OK-1", 단위과제명="정상 행", 처리과코드=DEPARTMENT_CODE,
                 보존기간="5년", **{"보존기간 책정 사유": "기준표"}),  # row 2 is fine
            _row(**BASE, 소기능명="복무", 단위과제코드="B-3", 단위과제명="부서 없음", 처리과코드="ZZ9",
                 보존기간="20년", **{"보존기간 책정 사유": "x"}),  # row 3
            _row(**BASE, 소기능명="복무", 단위과제코드="OK-1", 단위과제명="중복", 처리과코드=DEPARTMENT_CODE,
                 보존기간="1년", **{"보존기간 책정 사유": "x", "담당자 사번": "9999"}),  # row 4
            _row(**BASE, 소기능명="다른 이름", 단위과제코드="B-5", 단위과제명="이름 충돌", 처리과코드=DEPARTMENT_CODE,
                 보존기간="1년", **{"보존기간 책정 사유": "x"}),  # row 5
            _row(대기능코드="IO", 대기능명="경영관리", 중기능코드="IO-1", 중기능명="인사", 단위과제코드="B-6",
                 단위과제명="소기능 없음", 처리과코드=DEPARTMENT_CODE, 보존기간="1년", **{"보존기간 책정 사유": "x"}),
        ]
    )  # fmt: skip
    result = classification_import(filename="bad.xlsx", content=content, actor=admin)

    assert result.errors == [
        RowError(3, "처리과코드", "등록되지 않은 부서코드입니다: ZZ9"),
        RowError(3, "보존기간", "보존기간은 영구, 준영구, 30년, 10년, 5년, 3년, 1년 중 하나여야 합니다."),
        RowError(4, "단위과제코드", "2행과 단위과제코드가 중복됩니다."),
        RowError(4, "담당자 사번", "등록되지 않은 사번입니다: 9999"),
        RowError(5, "소기능명", "2행과 기능명이 다릅니다: IO-1-1"),
        RowError(6, "소기능코드", "단위과제는 소기능 아래에만 둘 수 있습니다. 소기능코드를 적으세요."),
    ]
    assert (FunctionClass.objects.count(), UnitTask.objects.count(), ClassificationChange.objects.count()) == before
    assert UnitTask.objects.get(pk=existing.pk).name == "그대로"


def test_errors_found_while_writing_roll_everything_back(people):
    """Rows that parse but break a rule only the services know (a 공개 task with a ground, a
    name left empty) fail where they are; the rows before them are undone too."""
    _dept, _other, admin, _staff, _peer = people
    content = _xlsx(
        [
            _row(**BASE, 소기능명="복무", 단위과제코드="W-1", 단위과제명="먼저 쓴 행", 처리과코드=DEPARTMENT_CODE,
                 보존기간="5년", **{"보존기간 책정 사유": "기준표"}),
            _row(**BASE, 소기능명="복무", 단위과제코드="W-2", 단위과제명="", 처리과코드=DEPARTMENT_CODE,
                 보존기간="5년", **{"보존기간 책정 사유": "기준표", "비공개 근거": "5"}),
        ]
    )  # fmt: skip
    result = classification_import(filename="w.xlsx", content=content, actor=admin)
    assert result.errors == [
        RowError(3, "단위과제명", "단위과제명을 입력하세요."),
        RowError(3, "비공개 근거", "공개 과제에는 비공개 근거를 적지 않습니다."),
    ]
    assert not UnitTask.objects.filter(code__in=["W-1", "W-2"]).exists()
    assert not FunctionClass.objects.filter(code="IO").exists()
    assert not AuditEvent.objects.filter(action="classification.import").exists()


def test_unreadable_files_are_refused_whole(people):
    admin = people[2]
    with pytest.raises(ImportFileError):
        classification_import(filename="a.csv", content=b"x", actor=admin)
    with pytest.raises(ImportFileError):
        classification_import(filename="a.xlsx", content=b"not a zip", actor=admin)
    with pytest.raises(ImportFileError) as exc:
        classification_import(filename="a.xlsx", content=_xlsx([], header=["코드"]), actor=admin)
    assert exc.value.messages == ["첫 줄에 필수 열이 없습니다: 대기능코드, 대기능명"]


def test_export_round_trip_changes_nothing_and_edits_are_moves_and_handovers(people):
    dept, other, admin, staff, peer = people
    leaf = function_path(department=dept, prefix="RT")
    function_path(department=dept, prefix="EMPTY")  # a branch with no unit task
    task = unit_task(department=dept, function=leaf, code="RT-T1", owner=staff, deputy=peer, description="설명 있음")
    unit_task(department=dept, function=leaf, code="RT-T2", disclosure="partial", disclosure_ground="5,6")

    exported = classification_export()
    rows = list(load_workbook(io.BytesIO(exported)).active.iter_rows(values_only=True))
    assert list(rows[0]) == HEADER
    codes = [r[6] for r in rows[1:]]
    assert "RT-T1" in codes
    assert any(r[4] == "EMPTY-1-1" and not r[6] for r in rows[1:])

    before = (ClassificationChange.objects.count(), UnitTaskHandover.objects.count())
    result = classification_import(filename="export.xlsx", content=exported, actor=admin)
    assert result.errors == []
    assert (result.functions_created, result.functions_updated, result.tasks_created, result.tasks_updated) == (
        0,
        0,
        0,
        0,
    )
    assert (ClassificationChange.objects.count(), UnitTaskHandover.objects.count()) == before

    # Edit the export: move RT-T1 to D200 and swap owner and deputy.
    sheet_rows = [list(r) for r in rows[1:]]
    for r in sheet_rows:
        if r[6] == "RT-T1":
            r[8], r[13], r[14] = "D200", "1003", "1002"
    result = classification_import(filename="edited.xlsx", content=_xlsx(sheet_rows), actor=admin)
    assert result.errors == []
    assert result.tasks_updated == 1
    task.refresh_from_db()
    assert (task.department, task.owner, task.deputy, task.description) == (other, peer, staff, "설명 있음")
    move = ClassificationChange.objects.get(unit_task=task, kind="move")
    assert (move.before, move.after) == ({"department": DEPARTMENT_CODE}, {"department": "D200"})
    handovers = list(UnitTaskHandover.objects.filter(unit_task=task).order_by("id").values_list("role", "to_user"))
    assert handovers == [("deputy", None), ("owner", peer.pk), ("deputy", staff.pk)]


# --- the admin console --------------------------------------------------------------------------------


def test_console_import_page_export_and_service_backed_saves(people, alpha, client_for):
    dept, _other, _admin, staff, _peer = people
    client = client_for(alpha)
    login(client, ADMIN)
    assert client.get("/admin/tasks/unittask/").status_code == 200
    assert client.get("/admin/tasks/functionclass/").status_code == 200
    export = client.get("/admin/tasks/unittask/export/")
    assert export.status_code == 200
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")

    bad = _xlsx([_row(**BASE, 소기능명="복무", 단위과제코드="C-1", 단위과제명="x", 처리과코드="NOPE", 보존기간="5년")])
    response = client.post("/admin/tasks/unittask/import/", {"file": SimpleUploadedFile("c.xlsx", bad)})
    assert response.status_code == 422
    assert "등록되지 않은 부서코드입니다: NOPE" in response.content.decode()

    good = _xlsx(
        [_row(**BASE, 소기능명="복무", 단위과제코드="C-1", 단위과제명="콘솔 과제", 처리과코드=DEPARTMENT_CODE,
              보존기간="5년", **{"보존기간 책정 사유": "기준표"})]
    )  # fmt: skip
    response = client.post("/admin/tasks/unittask/import/", {"file": SimpleUploadedFile("c.xlsx", good)})
    assert response.status_code == 302
    task = UnitTask.objects.get(code="C-1")
    change_page = client.get(f"/admin/tasks/unittask/{task.pk}/change/")
    assert change_page.status_code == 200
    assert 'id="changes-group"' in change_page.content.decode()  # the read-only histories are shown
    assert 'id="handovers-group"' in change_page.content.decode()
    assert client.get(f"/admin/tasks/functionclass/{task.function_id}/change/").status_code == 200
    assert client.get("/admin/tasks/classificationchange/").status_code == 200
    assert client.get("/admin/tasks/unittaskhandover/").status_code == 200
    # The unit task's 소기능 picker offers 소기능 only (limit_choices_to on the field).
    picked = client.get(
        "/admin/autocomplete/", {"app_label": "tasks", "model_name": "unittask", "field_name": "function", "term": "IO"}
    )
    assert picked.status_code == 200
    assert [r["text"] for r in picked.json()["results"]] == ["복무(IO-1-1)"]

    # A save in the console goes through the services: a rename and a retirement are recorded.
    form = {
        "name": "콘솔에서 바꾼 이름",
        "function": task.function_id,
        "department": dept.pk,
        "description": "",
        "retention_period": "5",
        "retention_reason": "기준표",
        "disclosure": "public",
        "disclosure_ground": "",
        "owner": staff.pk,
        "deputy": "",
        "is_common": "",
        "is_active": "",
        **{f"{prefix}-{key}": value for prefix in ("handovers", "changes") for key, value in
           (("TOTAL_FORMS", "0"), ("INITIAL_FORMS", "0"), ("MIN_NUM_FORMS", "0"), ("MAX_NUM_FORMS", "0"))},
    }  # fmt: skip
    response = client.post(f"/admin/tasks/unittask/{task.pk}/change/", form)
    assert response.status_code == 302, response.content.decode()[:3000]
    task.refresh_from_db()
    assert (task.name, task.is_active, task.owner) == ("콘솔에서 바꾼 이름", False, staff)
    kinds = set(ClassificationChange.objects.filter(unit_task=task).values_list("kind", flat=True))
    assert kinds == {"create", "update", "retire"}
    assert UnitTaskHandover.objects.filter(unit_task=task, to_user=staff).exists()
    assert client.post(f"/admin/tasks/unittask/{task.pk}/delete/").status_code == 403


def test_console_is_for_admins_only(people, alpha, client_for):
    client = client_for(alpha)
    login(client, STAFF)
    assert client.get("/admin/tasks/unittask/").status_code in {302, 403}
    assert client.get("/admin/tasks/unittask/import/").status_code in {302, 403}


def test_export_writes_formula_text_as_text_and_reads_it_back_unchanged(people, alpha, client_for):
    dept, _other, admin, _staff, _peer = people
    leaf = function_path(department=dept, prefix="FX")
    unit_task(department=dept, function=leaf, code="FX-T1", name=FORMULA, description="-" + FORMULA)
    client = client_for(alpha)
    login(client, ADMIN)

    assert_text_only(client.get("/admin/tasks/unittask/export/").content, FORMULA, "-" + FORMULA)
    exported = classification_export()
    assert_text_only(exported, FORMULA, "-" + FORMULA)
    result = classification_import(filename="export.xlsx", content=exported, actor=admin)
    assert (result.errors, result.tasks_updated) == ([], 0)
    assert UnitTask.objects.get(code="FX-T1").name == FORMULA
