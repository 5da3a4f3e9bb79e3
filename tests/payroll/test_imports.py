"""급여 항목 and 급여 정보 XLSX in the institution console: every row error in Korean with nothing
written, a good file adds and updates, the sensitive numbers are stored encrypted and exported
masked, and a re-uploaded export keeps them."""

from __future__ import annotations

import datetime
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from openpyxl import load_workbook

from audit.models import AuditEvent
from core.xlsx import xlsx_bytes
from org import roles
from org.models import Grade, User
from payroll.imports import ITEM_COLUMNS, PROFILE_COLUMNS
from payroll.models import InsuranceBase, PayItem, PayProfile, PayStep
from tests.factories import UserFactory
from tests.support import ADMIN, PEER, STAFF, login

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(in_alpha, alpha, client_for):
    Grade.objects.get_or_create(name="6급", defaults={"rank": 60})
    UserFactory(username="payclerk", roles=[roles.STAFF, "payroll_officer"])
    client = client_for(alpha)
    assert login(client, "payclerk").status_code == 302
    return client


def _post(client, url, headers, rows):
    content = xlsx_bytes(title="올림", headers=list(headers), rows=rows)
    return client.post(url, {"file": SimpleUploadedFile("up.xlsx", content, "application/vnd.ms-excel")})


def _sheet(response) -> list[list]:
    sheet = load_workbook(BytesIO(response.content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True) if any(v is not None for v in row)]


ITEM_URL = "/admin/payroll/payitem/import/"
PROFILE_URL = "/admin/payroll/payprofile/import/"


def _item(code="meal", name="정액급식비", kind="지급", computation="정액", tax="식대", amount="140,000", **extra):
    row = dict.fromkeys(ITEM_COLUMNS, "")
    row.update({"코드": code, "항목명": name, "구분": kind, "계산 방식": computation, "과세 구분": tax, "정액": amount})
    row.update(extra)
    return [row[c] for c in ITEM_COLUMNS]


def test_pay_item_errors_are_all_reported_and_nothing_written(officer):
    response = _post(
        officer,
        ITEM_URL,
        ITEM_COLUMNS,
        [
            _item(code="식대"),
            _item(code="union", kind="공제", tax="식대"),
            _item(code="bonus", kind="상여"),
            _item(code="pct", computation="봉급월액의 %"),
            _item(code="x", amount="-5"),
            _item(code="y", **{"비율(%)": "12.345"}),
            _item(code="meal"),
            _item(code="meal"),
        ],
    )
    assert response.status_code == 422
    html = response.content.decode()
    for message in (
        "코드는 영문, 숫자",
        "공제 항목은 비과세로 둘 수 없습니다",
        "구분은 지급 또는 공제로",
        "봉급월액의 % 항목은 비율을 적어야",
        "정액은 0 이상의 원 단위",
        "소수 둘째 자리까지",
        "코드 meal가 두 번 나옵니다",
    ):
        assert message in html
    assert not PayItem.objects.exists()


def test_pay_items_are_added_updated_and_exported_back(officer):
    PayItem.objects.create(code="union", name="노조비", kind="deduction", computation="fixed")
    response = _post(
        officer,
        ITEM_URL,
        ITEM_COLUMNS,
        [
            _item(**{"통상임금": "예", "예산 통계목": "101-02", "회계 계정": "제수당", "정렬 순서": "20"}),
            _item(code="union", name="노동조합비", kind="공제", computation="정액", tax="과세", amount="15000"),
            _item(
                code="position", name="직급보조비", computation="봉급월액의 %", tax="", amount="", **{"비율(%)": "12.5"}
            ),
        ],
    )
    assert response.status_code == 302
    meal = PayItem.objects.get(code="meal")
    assert (meal.non_taxable, meal.amount, meal.is_ordinary_wage, meal.budget_code, meal.order) == (
        "meal",
        140_000,
        True,
        "101-02",
        20,
    )
    assert PayItem.objects.get(code="union").name == "노동조합비"
    position = PayItem.objects.get(code="position")
    assert (position.computation, str(position.percent), position.non_taxable) == ("percent_of_base", "12.50", "")
    event = AuditEvent.objects.get(action="pay_item.import")
    assert event.data == {"added": ["meal", "position"], "updated": ["union"]}
    rows = _sheet(officer.get("/admin/payroll/payitem/export/"))
    assert rows[0] == list(ITEM_COLUMNS)
    by_code = {row[0]: row for row in rows[1:]}
    assert by_code["meal"][:7] == ["meal", "정액급식비", "지급", "정액", "식대", "예", 140000]
    assert by_code["position"][7] == "12.5"
    # The export goes back in unchanged: nothing added, everything updated.
    again = _post(officer, ITEM_URL, ITEM_COLUMNS, list(rows[1:]))
    assert again.status_code == 302
    assert PayItem.objects.count() == 3


def _profile(number, **values):
    row = dict.fromkeys(PROFILE_COLUMNS, "")
    row.update({"사번": number, "공제대상가족 수": "1"})
    row.update(values)
    return [row[c] for c in PROFILE_COLUMNS]


def test_pay_profile_errors_are_all_reported_and_nothing_written(officer):
    response = _post(
        officer,
        PROFILE_URL,
        PROFILE_COLUMNS,
        [
            _profile("9999"),
            _profile("1002", 성명="홍길동"),
            _profile("1003", **{"공제대상가족 수": "2", "8~20세 자녀 수": "2"}),
            _profile("1001", **{"원천징수 비율": "90", "주민등록번호": "12345", "계좌번호": "abc"}),
            _profile("1001"),
        ],
    )
    assert response.status_code == 422
    html = response.content.decode()
    for message in (
        "없는 사번입니다: 9999",
        "사번 1002의 성명은",
        "8~20세 자녀 수는 공제대상가족 수",
        "원천징수 비율은 80, 100, 120",
        "주민등록번호는 앞 6자리",
        "계좌번호는 숫자와 하이픈",
        "사번 1001이 두 번 나옵니다",
    ):
        assert message in html
    assert not PayProfile.objects.exists()


def test_profiles_store_the_numbers_encrypted_export_them_masked_and_keep_them_on_reupload(officer):
    staff, peer = User.objects.get(username=STAFF), User.objects.get(username=PEER)
    response = _post(
        officer,
        PROFILE_URL,
        PROFILE_COLUMNS,
        [
            _profile(
                staff.employee_number,
                성명=staff.name,
                **{
                    "공제대상가족 수": "3",
                    "8~20세 자녀 수": "1",
                    "배우자": "예",
                    "자녀 수": "1",
                    "원천징수 비율": "120%",
                    "은행": "농협은행",
                    "계좌번호": "302-1234-5678-91",
                    "주민등록번호": "9001011234567",
                    "직급": "6급",
                    "호봉": "5호봉",
                    "적용 시작일": "2026-01-01",
                    "보험 연도": "2026",
                    "기준소득월액": "3,000,000",
                    "보수월액": "300만",
                },
            ),
            _profile(peer.employee_number),
        ],
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    profile = PayProfile.objects.get(user=staff)
    assert (profile.family, profile.children_8_20, profile.spouse, profile.withholding_ratio) == (3, 1, True, 120)
    assert (profile.rrn, profile.bank_account) == ("900101-1234567", "302-1234-5678-91")
    with connection.cursor() as cursor:
        cursor.execute("SELECT rrn, bank_account FROM payroll_payprofile WHERE user_id = %s", [staff.pk])
        stored = " ".join(cursor.fetchone())
    assert "1234567" not in stored
    assert "5678" not in stored
    step = PayStep.objects.get(profile=profile)
    assert (step.effective_from, step.grade.name, step.pay_step) == (datetime.date(2026, 1, 1), "6급", 5)
    base = InsuranceBase.objects.get(profile=profile, year=2026)
    assert (base.pension_base_amount, base.health_base_amount) == (3_000_000, 3_000_000)
    event = AuditEvent.objects.get(action="pay_profile.import")
    assert {"user_id": staff.pk, "secrets": ["bank_account", "rrn"]} in event.data["profiles"]
    assert "1234567" not in str(event.data)

    rows = _sheet(officer.get("/admin/payroll/payprofile/export/"))
    assert rows[0] == list(PROFILE_COLUMNS)
    exported = next(row for row in rows[1:] if row[0] == staff.employee_number)
    assert exported[10] == profile.masked_account
    assert exported[11] == profile.masked_rrn
    assert "*" in exported[10]
    assert "*" in exported[11]
    assert "1234567" not in str(rows)
    # The masked export goes back: the stored numbers stay, a changed 가족 수 is taken.
    exported[2] = 4
    again = _post(officer, PROFILE_URL, PROFILE_COLUMNS, [exported])
    assert again.status_code == 302
    profile.refresh_from_db()
    assert (profile.family, profile.rrn, profile.bank_account) == (4, "900101-1234567", "302-1234-5678-91")


def test_only_the_payroll_officer_imports_and_admins_see_nothing(officer, alpha, client_for):
    admin = client_for(alpha)
    login(admin, ADMIN)
    for url in (ITEM_URL, PROFILE_URL, "/admin/payroll/payitem/export/", "/admin/payroll/payprofile/export/"):
        assert admin.get(url).status_code == 403
    assert officer.get(PROFILE_URL).status_code == 200
