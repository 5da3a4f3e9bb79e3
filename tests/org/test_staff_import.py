"""Bulk staff import: every row is checked first, and a file with any error imports nothing."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from org import roles
from org.models import EmploymentStatus, User
from org.staff_import import ImportFileError, RowError, staff_import
from tests.factories import DepartmentFactory, GradeFactory, PositionFactory
from tests.support import ADMIN, STAFF, login

pytestmark = pytest.mark.django_db

HEADER = "사번,성명,아이디,부서코드,직위,직급,입사일,재직상태"

BAD_ROWS = "\n".join(
    [
        HEADER,
        "2001,홍길동,hong,P100,팀장,3급,2024-03-02,재직",  # row 2: fine
        "2002,,noname,P100,,,,",  # row 3: no 성명
        "2003,김부서,kimdept,ZZ9,,,,",  # row 4: unknown 부서코드
        "2004,이날짜,leedate,P100,,,2024-13-40,",  # row 5: no 13th month
        "2001,박중복,parkdup,P100,,,,",  # row 6: 사번 of row 2 again
        "2006,최아이디,staff,P100,,,,",  # row 7: 'staff' belongs to employee 1002
        "2007,정상태,jungstat,P100,,,,파견",  # row 8: not a status
    ]
)
BAD_ROW_ERRORS = [
    RowError(3, "성명", "필수 항목이 비어 있습니다."),
    RowError(4, "부서코드", "등록되지 않은 부서코드입니다: ZZ9"),
    RowError(5, "입사일", "날짜 형식이 올바르지 않습니다(예: 2024-03-02)."),
    RowError(6, "사번", "2행과 사번이 중복됩니다."),
    RowError(7, "아이디", "이미 다른 직원이 사용하는 아이디입니다."),
    RowError(8, "재직상태", "재직, 휴직, 퇴직 중 하나여야 합니다."),
]

GOOD_ROWS = [
    ["2001", "홍길동", "hong", "P100", "팀장", "3급", "2024-03-02", "재직"],
    ["2002", "성춘향", "sung", "P200", "팀원", "5급", "2023.7.1", "휴직"],
    ["2003", "이몽룡", "lee", "P200", "", "", "", "퇴직"],
]


@pytest.fixture
def organisation(in_alpha):
    """Departments P100 (기획팀) and P200 (총무팀), positions 팀장/팀원, grades 3급/5급, in alpha."""
    planning = DepartmentFactory(name="기획팀", code="P100")
    general = DepartmentFactory(name="총무팀", code="P200")
    PositionFactory(name="팀장", rank=10)
    PositionFactory(name="팀원", rank=20)
    GradeFactory(name="3급", rank=3)
    GradeFactory(name="5급", rank=5)
    return {"P100": planning, "P200": general}


def _csv(rows: list[list[str]]) -> str:
    return "\n".join([HEADER, *(",".join(row) for row in rows)]) + "\n"


def _xlsx(rows: list[list]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER.split(","))
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _assert_good_rows_imported(organisation):
    hong = User.objects.get(employee_number="2001")
    assert (hong.name, hong.username, hong.department, hong.position.name, hong.grade.name) == (
        "홍길동",
        "hong",
        organisation["P100"],
        "팀장",
        "3급",
    )
    assert hong.hire_date == date(2024, 3, 2)
    assert hong.employment_status == EmploymentStatus.ACTIVE
    assert hong.is_active
    assert not hong.has_usable_password()
    assert set(hong.groups.values_list("name", flat=True)) == {roles.STAFF}

    sung = User.objects.get(employee_number="2002")
    assert (sung.department, sung.position.name, sung.grade.name) == (organisation["P200"], "팀원", "5급")
    assert sung.hire_date == date(2023, 7, 1)
    assert sung.employment_status == EmploymentStatus.ON_LEAVE
    assert sung.is_active

    lee = User.objects.get(employee_number="2003")
    assert (lee.position, lee.grade, lee.hire_date) == (None, None, None)
    assert lee.employment_status == EmploymentStatus.RETIRED
    assert not lee.is_active  # a retired person may not sign in


def test_bad_rows_are_all_reported_and_nothing_is_imported(organisation):
    before = User.objects.count()

    result = staff_import(filename="직원.csv", content=BAD_ROWS.encode("utf-8"))

    assert result.errors == BAD_ROW_ERRORS
    assert (result.created, result.updated, result.ok) == (0, 0, False)
    assert User.objects.count() == before
    assert not User.objects.filter(username="hong").exists()  # row 2 was fine, and still not written


def test_utf8_csv_with_bom(organisation):
    before = User.objects.count()

    result = staff_import(filename="직원.csv", content=_csv(GOOD_ROWS).encode("utf-8-sig"))

    assert (result.ok, result.created, result.updated) == (True, 3, 0)
    assert User.objects.count() == before + 3
    _assert_good_rows_imported(organisation)


def test_cp949_csv_from_korean_excel(organisation):
    content = _csv(GOOD_ROWS).encode("cp949")
    with pytest.raises(UnicodeDecodeError):
        content.decode("utf-8")  # make sure this really is the CP949 case

    result = staff_import(filename="직원.CSV", content=content)

    assert (result.ok, result.created) == (True, 3)
    _assert_good_rows_imported(organisation)


def test_xlsx(organisation):
    # 사번 as a number and 입사일 as a date, the way Excel stores what people type.
    rows = [
        [2001, "홍길동", "hong", "P100", "팀장", "3급", date(2024, 3, 2), "재직"],
        ["2002", "성춘향", "sung", "P200", "팀원", "5급", "2023.7.1", "휴직"],
        ["2003", "이몽룡", "lee", "P200", None, None, None, "퇴직"],
    ]

    result = staff_import(filename="직원.xlsx", content=_xlsx(rows))

    assert (result.ok, result.created) == (True, 3)
    _assert_good_rows_imported(organisation)


def test_reimport_with_the_same_employee_number_updates(organisation):
    staff_import(filename="직원.csv", content=_csv(GOOD_ROWS).encode())
    count = User.objects.count()
    changed = [["2001", "홍길순", "hong", "P200", "팀원", "5급", "2024-03-02", "휴직"]]

    result = staff_import(filename="직원.csv", content=_csv(changed).encode())

    assert (result.ok, result.created, result.updated) == (True, 0, 1)
    assert User.objects.count() == count
    hong = User.objects.get(employee_number="2001")
    assert (hong.name, hong.department, hong.position.name, hong.employment_status) == (
        "홍길순",
        organisation["P200"],
        "팀원",
        EmploymentStatus.ON_LEAVE,
    )


def test_roles_column(organisation):
    # 감사 담당 is the province's to appoint (tests/org/test_auditor_role.py); the others are the admin's.
    rows = "\n".join([HEADER + ",역할", '2001,홍길동,hong,P100,,,,,"부서장, 기관 관리자"'])

    result = staff_import(filename="직원.csv", content=rows.encode())

    assert result.ok
    assert set(User.objects.get(username="hong").groups.values_list("name", flat=True)) == {
        roles.STAFF,
        roles.DEPARTMENT_HEAD,
        roles.INSTITUTION_ADMIN,
    }


def test_missing_required_column_is_a_file_error(organisation):
    with pytest.raises(ImportFileError) as raised:
        staff_import(filename="직원.csv", content="사번,성명\n1,홍길동\n".encode())
    assert raised.value.messages == ["첫 줄에 필수 열이 없습니다: 아이디, 부서코드"]


# --- through the console ------------------------------------------------------------------------


@pytest.fixture
def admin_client(alpha, client_for, organisation):
    client = client_for(alpha)
    login(client, ADMIN)
    return client


def _upload(client, name: str, content: bytes):
    return client.post("/admin/org/user/import/", {"file": SimpleUploadedFile(name, content)})


def test_console_shows_the_error_table_with_422(admin_client):
    before = User.objects.count()

    response = _upload(admin_client, "직원.csv", BAD_ROWS.encode())

    assert response.status_code == 422
    page = response.content.decode()
    assert "오류 6건 — 아무것도 등록하지 않았습니다" in page
    assert 'id="import-errors"' in page
    for error in BAD_ROW_ERRORS:
        assert f"<tr><td>{error.row}</td><td>{error.column}</td><td>{error.message}</td></tr>" in page
    assert User.objects.count() == before


def test_console_imports_a_good_file_and_goes_to_the_list(admin_client):
    response = _upload(admin_client, "직원.csv", _csv(GOOD_ROWS).encode("utf-8-sig"))

    assert response.status_code == 302
    assert response["Location"] == "/admin/org/user/"
    assert User.objects.filter(employee_number__in=["2001", "2002", "2003"]).count() == 3


def test_console_refuses_a_file_over_5mb(admin_client):
    big = (HEADER + "\n").encode() + b"x" * (5 * 1024 * 1024)

    response = _upload(admin_client, "직원.csv", big)

    assert response.status_code == 200
    assert "파일이 너무 큽니다(최대 5MB)." in response.content.decode()


def test_console_refuses_other_file_types(admin_client):
    response = _upload(admin_client, "직원.txt", _csv(GOOD_ROWS).encode())

    assert response.status_code == 200
    assert "CSV(.csv) 또는 엑셀(.xlsx) 파일만 올릴 수 있습니다." in response.content.decode()
    assert not User.objects.filter(employee_number="2001").exists()


def test_staff_cannot_open_the_import_page(alpha, client_for, organisation):
    client = client_for(alpha)
    login(client, STAFF)

    response = _upload(client, "직원.csv", _csv(GOOD_ROWS).encode())

    assert response.status_code == 302
    assert not User.objects.filter(employee_number="2001").exists()
