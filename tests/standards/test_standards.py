"""The province's standard lists: seeded once in the public schema, kept by the planning office in
the province console (never deleted, a code never renamed), read by every institution."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from audit.models import AuditEvent
from standards.models import CodeLevel, ExecutionTarget, StandardBudgetCode
from standards.services import standard_code_choices, standard_code_save
from tests.support import ADMIN, PASSWORD, PLANNER, login

pytestmark = pytest.mark.django_db


def _tables(schema: str) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = %s", [schema])
        return {name for (name,) in cursor.fetchall()}


def test_the_codes_of_the_reference_are_seeded_under_their_objects():
    codes = {code.code: code for code in StandardBudgetCode.objects.select_related("parent")}

    expected = {
        "101-01": "보수",
        "101-03": "공무직(무기계약)근로자보수",
        "101-04": "기간제근로자등보수",
        "107-03": "퇴직급여",
        "109-01": "평가급",
        "109-02": "성과금등",
        "201-01": "사무관리비",
        "201-02": "공공운영비",
        "201-15": "복리후생비",
        "202-01": "국내여비",
        "202-08": "공무직근로자등여비",
        "203-01": "기관운영업무추진비",
        "204-02": "직급보조비",
        "206-01": "재료비",
        "207-01": "연구개발비",
        "304-01": "연금부담금",
        "304-02": "국민건강보험부담금등",
        "304-03": "공무직 부담금관련",
        "304-05": "기간제근로자 부담금관련",
        "401-01": "시설비",
    }
    assert {code: codes[code].name for code in expected} == expected
    for code in codes.values():
        if code.level == CodeLevel.ITEM:
            assert code.parent.code == code.code[:3]
        else:
            assert code.parent is None
    assert (codes["201"].name, codes["304"].level) == ("일반운영비", CodeLevel.OBJECT)


def test_institutions_read_the_public_list_and_hold_no_copy(in_alpha):
    assert "standards_standardbudgetcode" not in _tables("alpha")
    assert ("201-01", "201-01 사무관리비") in standard_code_choices(CodeLevel.ITEM)
    assert ("201", "201 일반운영비") in standard_code_choices(CodeLevel.OBJECT)


def test_the_planning_office_adds_a_code_in_the_console(province_client):
    assert login(province_client, PLANNER, PASSWORD).status_code == 302
    parent = StandardBudgetCode.objects.get(code="201")

    page = province_client.post(
        "/admin/standards/standardbudgetcode/add/",
        {
            "code": "201-04",
            "name": "시험운영비",
            "level": CodeLevel.ITEM,
            "parent": parent.pk,
            "is_active": "on",
            "order": 0,
        },
    )

    assert page.status_code == 302, page.content.decode()[:2000]
    added = StandardBudgetCode.objects.get(code="201-04")
    assert (added.name, added.parent_id) == ("시험운영비", parent.pk)
    event = AuditEvent.objects.filter(action="standard_code.save").latest("id")
    assert event.data == {"created": True, "code": "201-04", "name": "시험운영비", "active": True}
    assert event.action_label == "표준 예산과목 저장"


@pytest.mark.parametrize(
    ("code", "level", "parent", "field", "message"),
    [
        ("20101", CodeLevel.ITEM, "201", "code", "통계목 코드는 '세 자리-두 자리' 숫자입니다. 예: 201-01"),
        ("2011", CodeLevel.OBJECT, None, "code", "편성목 코드는 세 자리 숫자입니다. 예: 201"),
        ("202-09", CodeLevel.ITEM, "201", "parent", "통계목 202-09은(는) 편성목 202 아래에 두어야 합니다."),
        ("202-09", CodeLevel.ITEM, None, "parent", "통계목이 속할 편성목을 고르세요."),
    ],
)
def test_a_malformed_code_is_refused_next_to_its_field(province_client, code, level, parent, field, message):
    login(province_client, PLANNER, PASSWORD)
    data = {"code": code, "name": "잘못된 과목", "level": level, "is_active": "on", "order": 0}
    if parent:
        data["parent"] = StandardBudgetCode.objects.get(code=parent).pk

    page = province_client.post("/admin/standards/standardbudgetcode/add/", data)

    assert page.status_code == 200
    assert page.context["adminform"].form.errors[field] == [message]
    assert not StandardBudgetCode.objects.filter(code=code).exists()


def test_codes_are_switched_off_never_deleted_nor_renamed(province_client):
    login(province_client, PLANNER, PASSWORD)
    code = StandardBudgetCode.objects.get(code="201-03")

    page = province_client.post(
        f"/admin/standards/standardbudgetcode/{code.pk}/change/", {"name": "행사운영비", "order": 5}
    )
    assert page.status_code == 302
    code.refresh_from_db()
    assert (code.is_active, code.code) == (False, "201-03")  # unchecked box: switched off
    assert (
        province_client.post(f"/admin/standards/standardbudgetcode/{code.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )

    code.code = "201-99"
    with pytest.raises(ValidationError) as caught:
        standard_code_save(code=code, actor=None)
    assert caught.value.message_dict == {
        "code": ["등록된 코드는 바꿀 수 없습니다. 새 코드를 만들고 이 코드는 사용 중지하세요."]
    }


def test_the_planning_office_sets_early_execution_targets(province_client):
    login(province_client, PLANNER, PASSWORD)

    page = province_client.post(
        "/admin/standards/executiontarget/add/", {"year": 2026, "half": 1, "target_rate": "55.50", "note": ""}
    )
    assert page.status_code == 302
    assert ExecutionTarget.objects.get(year=2026, half=1).target_rate == Decimal("55.50")
    assert AuditEvent.objects.filter(action="execution_target.save").exists()

    page = province_client.post(
        "/admin/standards/executiontarget/add/", {"year": 2026, "half": 2, "target_rate": "120", "note": ""}
    )
    assert page.status_code == 200
    assert "target_rate" in page.context["adminform"].form.errors
    again = province_client.post(
        "/admin/standards/executiontarget/add/", {"year": 2026, "half": 1, "target_rate": "60", "note": ""}
    )
    assert again.status_code == 200  # one target per half: the first stays
    assert ExecutionTarget.objects.get(year=2026, half=1).target_rate == Decimal("55.50")


def test_an_institution_admin_cannot_keep_the_province_lists(alpha, client_for):
    client = client_for(alpha)
    login(client, ADMIN, PASSWORD)

    # The institution console shows the province's list read-only, for picking codes.
    assert client.get("/admin/standards/standardbudgetcode/").status_code == 200
    assert client.get("/admin/standards/standardbudgetcode/add/").status_code == 403
    added = client.post("/admin/standards/standardbudgetcode/add/", {"code": "201-77", "name": "x", "level": 5})
    assert added.status_code == 403
    assert not StandardBudgetCode.objects.filter(code="201-77").exists()
    assert client.get("/admin/standards/executiontarget/").status_code == 404
