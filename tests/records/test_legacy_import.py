"""자료이관 (issue 15 item 10): a legacy register (CSV/XLSX in the 기록물등록대장 layout) and a ZIP
of its files registered as records of their original numbers, dates, departments and unit tasks,
files kept with their SHA-256; every row error reported in Korean and nothing saved on any."""

from __future__ import annotations

import hashlib
import io
import zipfile
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from audit.models import AuditEvent
from records.fixity import fixity_check
from records.legacy_import import legacy_import
from records.models import Record
from tests.factories import UserFactory
from tests.factories.tasks_cards import unit_task
from tests.support import login

pytestmark = pytest.mark.django_db

HEADER = "등록번호,제목,등록일자,처리과,단위과제코드,공개구분,전자/비전자,쪽수,보존위치,생산자,파일명\n"
PDF = b"%PDF-1.4 legacy scan"


def archivist(org):
    return UserFactory(username="archivist", name="기록관", department=org.root, roles=["staff", "records_manager"])


def _zip(**files: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(f"scans/{name}", data)
    return buffer.getvalue()


def test_a_clean_register_is_registered_with_its_original_numbers_dates_and_files(org):
    personnel = unit_task(department=org.team, name="인사관리", code="LT01", retention_period="10")
    csv = (
        HEADER
        + "총무과-512,2019년 채용 계획,2019-03-05,총무팀,LT01,공개,전자,,,총무과장,plan.pdf\n"
        + f"총무과-513,인사기록 대장,2019. 4. 1.,{org.team.code},LT01,비공개(6),비전자,120,서고 A-3,총무과장,\n"
    )
    result = legacy_import(actor=archivist(org), filename="대장.csv", content=csv.encode(),
                           zip_content=_zip(**{"plan.pdf": PDF}))  # fmt: skip
    assert (result.errors, result.created, result.files) == ([], 2, 1)
    plan, ledger = Record.objects.filter(source="legacy").order_by("registration_number")
    assert (plan.registration_number, plan.registered_on, plan.year) == ("총무과-512", date(2019, 3, 5), 2019)
    assert (plan.department, plan.unit_task, plan.retention_period) == (org.team, personnel, "10")
    assert plan.start_date == date(2020, 1, 1)
    assert plan.record_file.year == 2019
    assert plan.components[0]["sha256"] == hashlib.sha256(PDF).hexdigest()
    assert (ledger.is_electronic, ledger.pages, ledger.location) == (False, 120, "서고 A-3")
    assert (ledger.disclosure, ledger.disclosure_ground) == ("private", "6")
    assert ledger.record_file != plan.record_file  # the year's 비전자 file
    assert AuditEvent.objects.filter(action="record.legacy_import").count() == 1
    run = fixity_check()
    assert run.failed == 0
    assert run.components >= 1


def test_every_bad_row_is_reported_and_nothing_is_saved(org):
    unit_task(department=org.team, name="인사관리", code="LT01")
    manager = archivist(org)
    legacy_import(actor=manager, filename="a.csv",
                  content=(HEADER + "총무과-1,이미 있음,2019-01-02,총무팀,LT01,,,,,,\n").encode())  # fmt: skip
    before = Record.objects.count()
    csv = (
        HEADER
        + "총무과-2,좋은 줄,2019-01-03,총무팀,LT01,,,,,,\n"
        + "총무과-3,모르는 과제,2019-01-03,총무팀,OLD-77,,,,,,\n"
        + "총무과-4,날짜 틀림,2019-13-40,총무팀,LT01,,,,,,\n"
        + "총무과-1,번호 중복,2019-01-04,총무팀,LT01,,,,,,\n"
        + "총무과-5,종이,2019-01-04,총무팀,LT01,,비전자,3,,,\n"
        + "총무과-6,파일 없음,2019-01-04,총무팀,LT01,,,,,,missing.pdf\n"
        + "총무과-7,근거 없음,2019-01-04,없는부서,LT01,비공개,,,,,\n"
        + "총무과-8,경로,2019-01-04,총무팀,LT01,,,,,,../../settings.py\n"
    )
    result = legacy_import(actor=manager, filename="b.csv", content=csv.encode(),
                           zip_content=_zip(**{"other.pdf": PDF}))  # fmt: skip
    assert result.created == 0
    assert result.unknown_unit_tasks == ["OLD-77"]
    messages = {(e.row, e.column): e.message for e in result.errors}
    assert "기록관리기준표" in messages[(3, "단위과제코드")]
    assert "등록일자" in messages[(4, "등록일자")]
    assert messages[(5, "등록번호")] == "이미 등록된 등록번호입니다."
    assert "보존위치" in messages[(6, "보존위치")]
    assert messages[(7, "파일명")] == "파일 'missing.pdf'가 ZIP에 없습니다."
    assert "없는부서" in messages[(8, "처리과")]
    assert "근거" in messages[(8, "공개구분")]
    assert messages[(9, "파일명")] == "파일명에는 폴더 없이 파일 이름만 적으세요."
    assert Record.objects.count() == before  # the good row (2) is not saved either


def test_only_the_archivist_imports_and_the_page_lists_errors(org, alpha, client_for):
    with pytest.raises(PermissionDenied):
        legacy_import(actor=org.drafter, filename="a.csv", content=HEADER.encode())
    client = client_for(alpha)
    login(client, org.drafter.username)
    assert client.get("/records/legacy-import/").status_code == 403
    archivist(org)
    client = client_for(alpha)
    login(client, "archivist")
    assert client.get("/records/legacy-import/").status_code == 200
    bad = SimpleUploadedFile("대장.csv", (HEADER + "총무과-9,제목,2019-01-03,총무팀,NOPE,,,,,,\n").encode())
    response = client.post("/records/legacy-import/", {"register": bad})
    assert response.status_code == 422
    page = response.content.decode()
    assert "NOPE" in page
    assert "아무것도 저장하지 않았습니다" in page
    wrong = client.post("/records/legacy-import/", {"register": SimpleUploadedFile("a.txt", b"x")})
    assert "CSV(.csv) 또는 엑셀(.xlsx)" in wrong.content.decode()
