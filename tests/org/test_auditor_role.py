"""감사 담당 (auditor) reads every 비공개 document, so an institution admin must not be able to make
anyone one, themselves included: not in the console's role picker (nor by a forged form), not by
the staff import. Only the province's planning office appoints and relieves auditors, in the
province console, and each appointment is recorded in the institution's and the province's chain.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django_tenants.utils import get_public_schema_name, schema_context

from audit.models import AuditEvent
from org import roles
from org.models import Department, User
from org.services import auditor_role_set
from org.staff_import import RowError, staff_import
from tenants.models import Institution
from tests.factories import UserFactory
from tests.support import ADMIN, DEPARTMENT_CODE, PLANNER, STAFF, login

pytestmark = pytest.mark.django_db


def _groups(schema: str, username: str) -> set[str]:
    with schema_context(schema):
        return set(User.objects.get(username=username).groups.values_list("name", flat=True))


def _events(schema: str, after: int = 0) -> list[AuditEvent]:
    with schema_context(schema):
        return list(AuditEvent.objects.filter(id__gt=after).order_by("id"))


def _last_event(schema: str) -> int:
    with schema_context(schema):
        return AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


def _group_pk(schema: str, role: str) -> int:
    with schema_context(schema):
        return Group.objects.get(name=role).pk


def _planner() -> User:
    with schema_context(get_public_schema_name()):
        return User.objects.get(username=PLANNER)


def _appoint(alpha: Institution, person: str = "1002") -> User:
    """As the planning office does it: from the province's schema."""
    with schema_context(get_public_schema_name()):
        return auditor_role_set(
            institution=alpha, person=person, appointed=True, reason="감사실 발령", actor=_planner()
        )


# --- what the institution admin can no longer do -------------------------------------------------------


def _change_form(username: str, group_pks: list[int]) -> dict:
    with schema_context("alpha"):
        user = User.objects.get(username=username)
        department = Department.objects.get(code=DEPARTMENT_CODE)
    return {
        "username": user.username,
        "name": user.name,
        "employee_number": user.employee_number,
        "email": "",
        "phone": "",
        "department": department.pk,
        "position": "",
        "grade": "",
        "hire_date": "",
        "employment_status": "active",
        "is_active": "on",
        "groups": group_pks,
    }


@pytest.fixture
def alpha_admin(alpha, client_for):
    client = client_for(alpha)
    assert login(client, ADMIN).status_code == 302
    return client


def test_the_console_offers_no_auditor_role_and_refuses_a_forged_one(alpha_admin):
    auditor = _group_pk("alpha", roles.AUDITOR)
    page = alpha_admin.get("/admin/org/user/1/change/").content.decode()
    assert f'<option value="{auditor}"' not in page
    assert f'<option value="{_group_pk("alpha", roles.DEPARTMENT_HEAD)}"' in page  # the other roles are there
    assert "감사 담당은 도 기획조정실이 도 관리 콘솔에서 지정하고 해제합니다." in page
    since = _last_event("alpha")

    mine = [_group_pk("alpha", roles.STAFF), _group_pk("alpha", roles.INSTITUTION_ADMIN), auditor]
    response = alpha_admin.post("/admin/org/user/1/change/", _change_form(ADMIN, mine))

    assert response.status_code == 200  # the form again, with the error
    assert "목록에서 다시 고르세요" in response.content.decode()
    assert roles.AUDITOR not in _groups("alpha", ADMIN)
    response = alpha_admin.post("/admin/org/user/2/change/", _change_form(STAFF, [auditor]))
    assert response.status_code == 200
    assert roles.AUDITOR not in _groups("alpha", STAFF)
    assert [e.action for e in _events("alpha", since)] == []


def test_saving_a_person_keeps_the_role_the_province_gave(alpha, alpha_admin):
    _appoint(alpha)
    since = _last_event("alpha")

    response = alpha_admin.post("/admin/org/user/2/change/", _change_form(STAFF, [_group_pk("alpha", roles.STAFF)]))

    assert response.status_code == 302
    assert _groups("alpha", STAFF) == {roles.STAFF, roles.AUDITOR}
    assert not [e for e in _events("alpha", since) if e.action.startswith("role.")]
    assert "감사 담당" in alpha_admin.get("/admin/org/user/2/change/").content.decode()  # shown, read-only


def test_the_staff_import_cannot_grant_it(alpha, in_alpha):
    rows = '사번,성명,아이디,부서코드,역할\n2001,홍길동,hong,D100,감사 담당\n1002,이직원,staff,D100,"직원, 감사 담당"\n'

    result = staff_import(filename="직원.csv", content=rows.encode())

    assert result.errors == [
        RowError(2, "역할", "도 기획조정실만 지정할 수 있는 역할입니다: 감사 담당"),
        RowError(3, "역할", "도 기획조정실만 지정할 수 있는 역할입니다: 감사 담당"),
    ]
    assert not User.objects.filter(username="hong").exists()

    _appoint(alpha)  # once the province has appointed 1002, a sheet that lists the role is fine
    with schema_context("alpha"):
        result = staff_import(filename="직원.csv", content=rows.encode().replace(b"2001,", b"2001X,"))
    assert [e.row for e in result.errors] == [2]


def test_the_service_refuses_anyone_but_the_planning_office(alpha):
    with schema_context("alpha"):
        admin = User.objects.get(username=ADMIN)
        with pytest.raises(PermissionDenied):  # an institution admin, at their institution
            auditor_role_set(institution=alpha, person="1001", appointed=True, reason="셀프", actor=admin)
    with schema_context(get_public_schema_name()):
        clerk = UserFactory(username="clerk", name="도직원", employee_number=None, roles=[])
        with pytest.raises(PermissionDenied):  # a province account without the role
            auditor_role_set(institution=alpha, person="1001", appointed=True, reason="x", actor=clerk)
    assert roles.AUDITOR not in _groups("alpha", ADMIN)


def test_institution_hosts_have_no_auditor_page(alpha_admin):
    assert alpha_admin.get("/admin/auditors/").status_code == 404


# --- what the province does -----------------------------------------------------------------------------


@pytest.fixture
def planner_client(province_client):
    assert login(province_client, PLANNER).status_code == 302
    return province_client


def test_the_province_appoints_and_relieves_audited_in_both_chains(alpha, beta, planner_client):
    assert "기관 감사 담당 지정" in planner_client.get("/admin/").content.decode()
    page = planner_client.get("/admin/auditors/", {"institution": "alpha"}).content.decode()
    assert "감사 담당이 없습니다." in page
    since = {"alpha": _last_event("alpha"), "public": _last_event("public"), "beta": _last_event("beta")}

    response = planner_client.post(
        "/admin/auditors/", {"institution": "alpha", "action": "appoint", "person": "1002", "reason": "감사실 발령"}
    )

    assert response.status_code == 302
    assert response["Location"] == "/admin/auditors/?institution=alpha"
    assert _groups("alpha", STAFF) == {roles.STAFF, roles.AUDITOR}
    assert _groups("beta", STAFF) == {roles.STAFF}  # same username, same pk, other institution
    page = planner_client.get(response["Location"]).content.decode()
    assert "감사 담당을 지정했습니다: 이직원(staff)" in page
    assert "<td>이직원</td><td>1002</td><td>staff</td><td>경영지원부</td>" in page

    [at_alpha] = _events("alpha", since["alpha"])
    assert (at_alpha.action, at_alpha.actor_id, at_alpha.actor_label) == (
        "role.grant",
        None,
        "도 기획조정실 planner(정기획)",
    )
    assert (at_alpha.target_type, at_alpha.target_id) == ("org.User", "2")
    assert at_alpha.data == {"roles": ["auditor"], "by_province": "planner", "reason": "감사실 발령"}
    [at_province] = _events("public", since["public"])
    assert (at_province.action, at_province.actor_label, at_province.target_type) == (
        "role.grant",
        "planner",
        "tenants.Institution",
    )
    assert at_province.data["institution"] == "alpha"
    assert at_province.data["user"] == {"id": 2, "username": "staff", "employee_number": "1002", "name": "이직원"}
    assert _events("beta", since["beta"]) == []

    response = planner_client.post(
        "/admin/auditors/", {"institution": "alpha", "action": "relieve", "person": "staff", "reason": "인사 이동"}
    )
    assert response.status_code == 302
    assert _groups("alpha", STAFF) == {roles.STAFF}
    assert [e.action for e in _events("alpha", since["alpha"])] == ["role.grant", "role.revoke"]
    assert [e.action for e in _events("public", since["public"])] == ["role.grant", "role.revoke"]


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"person": "9999", "reason": "x"}, "알파개발공사에 없는 사번이나 아이디입니다: 9999"),
        ({"person": "1002", "reason": ""}, "필수 항목입니다."),
        ({"person": "1002", "reason": "x", "institution": "nowhere"}, "목록에서 다시 고르세요"),
    ],
)
def test_bad_input_is_a_korean_message_and_changes_nothing(alpha, planner_client, form, message):
    data = {"institution": "alpha", "action": "appoint", **form}
    response = planner_client.post("/admin/auditors/", data)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert roles.AUDITOR not in _groups("alpha", STAFF)


def test_a_nul_in_the_form_is_refused_before_the_form_reads_it(alpha, planner_client):
    data = {"institution": "alpha", "action": "appoint", "person": "1002\x00", "reason": "x"}
    response = planner_client.post("/admin/auditors/", data)
    assert response.status_code == 400  # core.bad_input, for every form alike
    assert "사용할 수 없는 문자(NUL)" in response.content.decode()
    assert roles.AUDITOR not in _groups("alpha", STAFF)


def test_a_retired_person_or_a_second_appointment_is_refused(alpha):
    _appoint(alpha)
    with pytest.raises(ValidationError) as raised:
        _appoint(alpha)
    assert raised.value.message_dict == {"person": ["이미 감사 담당입니다."]}
    with schema_context("alpha"):
        UserFactory(username="gone", name="퇴직자", employee_number="1999", employment_status="retired")
    with pytest.raises(ValidationError) as raised:
        _appoint(alpha, person="gone")
    assert raised.value.message_dict == {"person": ["퇴직했거나 로그인할 수 없는 직원은 감사 담당이 될 수 없습니다."]}


def test_institution_staff_cannot_open_the_province_page(alpha, client_for, province_client):
    with schema_context(get_public_schema_name()):
        UserFactory(username="clerk", name="도직원", employee_number=None, roles=[])
    login(province_client, "clerk")
    assert province_client.get("/admin/auditors/").status_code in {302, 403}
    data = {"institution": "alpha", "action": "appoint", "person": "1002", "reason": "x"}
    assert province_client.post("/admin/auditors/", data).status_code in {302, 403}
    assert roles.AUDITOR not in _groups("alpha", STAFF)


def test_the_institution_console_cannot_take_over_an_auditors_account(alpha, alpha_admin):
    """Setting an auditor's password (or sign-in name) would let the admin sign in as the auditor."""
    auditor = _appoint(alpha)
    with schema_context("alpha"):
        before = User.objects.get(pk=auditor.pk).password
    url = f"/admin/org/user/{auditor.pk}/password/"

    page = alpha_admin.get(url, follow=True)
    response = alpha_admin.post(
        url, {"password1": "NewPass!2026x", "password2": "NewPass!2026x", "usable_password": "true"}
    )

    assert "감사 담당의 비밀번호는 기관에서 바꿀 수 없습니다" in page.content.decode()
    assert response.status_code == 302
    change = alpha_admin.get(f"/admin/org/user/{auditor.pk}/change/").content.decode()
    assert 'name="username"' not in change  # shown, not editable
    with schema_context("alpha"):
        assert User.objects.get(pk=auditor.pk).password == before
    other = alpha_admin.get("/admin/org/user/1/password/")  # anyone else's: as before
    assert other.status_code == 200
    assert 'name="password1"' in other.content.decode()
