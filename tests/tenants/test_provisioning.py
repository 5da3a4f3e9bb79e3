"""Provisioning an institution: a complete, working schema in one call, and clear Korean refusals.

The provisioning runs inside the test's transaction (PostgreSQL DDL is transactional), so the new
schema disappears again with the rollback.
"""

from __future__ import annotations

from io import StringIO

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django_tenants.utils import schema_context

from audit.models import AuditEvent
from audit.services import audit_record
from org import roles
from org.models import User
from tenants.models import Institution, InstitutionKind
from tenants.services import institution_create, institution_set_active
from tests.support import NAMES, STAFF, login, login_url

pytestmark = pytest.mark.django_db


def _tables(schema: str) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = %s", [schema])
        return {name for (name,) in cursor.fetchall()}


def _triggers(schema: str, table: str) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT t.tgname FROM pg_trigger t
            JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = %s AND c.relname = %s AND NOT t.tgisinternal
            """,
            [schema, table],
        )
        return {name for (name,) in cursor.fetchall()}


def _snapshot(schema: str) -> dict:
    with schema_context(schema):
        return {
            "users": list(User.objects.order_by("pk").values_list("pk", "username", "password")),
            "groups": list(Group.objects.order_by("pk").values_list("pk", "name")),
            "grants": Group.permissions.through.objects.count(),
            "events": list(AuditEvent.objects.order_by("id").values_list("id", "hash")),
        }


@pytest.fixture
def gamma():
    return institution_create(code="gamma", name="감마연구원", kind=InstitutionKind.CONTRIBUTED)


@pytest.mark.slow
def test_new_institution_has_every_tenant_table(gamma):
    tables = _tables("gamma")

    # An entry is an app's module or an AppConfig's dotted path (org.apps.LockoutConfig for axes).
    configs = {c.name: c for c in apps.get_app_configs()}
    configs |= {f"{type(c).__module__}.{type(c).__name__}": c for c in apps.get_app_configs()}
    expected = {
        model._meta.db_table
        for entry in settings.TENANT_APPS
        for model in configs[entry].get_models(include_auto_created=True)
        if model._meta.managed
    }
    assert expected <= tables, f"missing: {sorted(expected - tables)}"
    assert {"org_user", "audit_auditevent", "axes_accessattempt", "axes_accesslog", "django_session"} <= tables
    assert "tenants_institution" not in tables  # institutions are listed in the public schema only
    assert gamma.institution.get_primary_domain().domain == "gamma.localhost"
    assert gamma.seconds > 0


@pytest.mark.slow
def test_new_institution_has_its_roles(gamma):
    with schema_context("gamma"):
        assert set(Group.objects.values_list("name", flat=True)) == {
            roles.STAFF,
            roles.DEPARTMENT_HEAD,
            roles.INSTITUTION_ADMIN,
            roles.AUDITOR,
            # declared by budget (core.plugins.Role)
            "budget_officer",
            "accounting_officer",
            # by attendance, payroll and records
            "attendance_officer",
            "payroll_officer",
            "records_manager",
        }
        admin_perms = {
            f"{p.content_type.app_label}.{p.codename}"
            for p in Group.objects.get(name=roles.INSTITUTION_ADMIN).permissions.select_related("content_type")
        }
        assert {"org.add_user", "org.change_department", "audit.view_auditevent", "axes.delete_accessattempt"} <= (
            admin_perms
        )
        assert "audit.change_auditevent" not in admin_perms
        assert Group.objects.get(name=roles.AUDITOR).permissions.filter(codename="view_user").exists()


@pytest.mark.slow
def test_new_institution_audit_log_is_append_only(gamma):
    assert _triggers("gamma", "audit_auditevent") == {"audit_event_no_update", "audit_event_no_delete"}
    with schema_context("gamma"):
        event = audit_record(action="test.event", data={"n": 1})
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            AuditEvent.objects.filter(pk=event.pk).update(action="rewritten")


@pytest.mark.slow
def test_new_institution_host_answers(gamma, client_for):
    response = client_for(gamma.institution).get(login_url())

    assert response.status_code == 200
    assert "감마연구원 직원 전용입니다." in response.content.decode()


@pytest.mark.slow
def test_provisioning_leaves_other_institutions_alone(alpha):
    before = _snapshot("alpha")

    institution_create(code="gamma", name="감마연구원", kind=InstitutionKind.CONTRIBUTED)

    assert _snapshot("alpha") == before


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("Gamma", "기관코드는 영문 소문자로 시작하고 영문 소문자·숫자 2~20자여야 합니다."),
        ("g", "기관코드는 영문 소문자로 시작하고 영문 소문자·숫자 2~20자여야 합니다."),
        ("1gamma", "기관코드는 영문 소문자로 시작하고 영문 소문자·숫자 2~20자여야 합니다."),
        ("gam-ma", "기관코드는 영문 소문자로 시작하고 영문 소문자·숫자 2~20자여야 합니다."),
        ("public", "사용할 수 없는 기관코드입니다."),
        ("pgdata", "사용할 수 없는 기관코드입니다."),
        ("alpha", "이미 등록된 기관코드입니다: alpha"),
    ],
)
def test_bad_codes_are_refused_in_korean(code, message, db):
    institutions = Institution.objects.count()

    with pytest.raises(ValidationError) as raised:
        institution_create(code=code, name="새기관", kind=InstitutionKind.AGENCY)

    assert raised.value.messages == [message]
    assert Institution.objects.count() == institutions


def test_name_and_kind_are_required(db):
    with pytest.raises(ValidationError) as raised:
        institution_create(code="gamma", name="  ", kind=InstitutionKind.AGENCY)
    assert raised.value.messages == ["기관명을 입력하세요."]
    with pytest.raises(ValidationError) as raised:
        institution_create(code="gamma", name="감마", kind=InstitutionKind.PROVINCE)
    assert raised.value.messages == ["기관 유형이 올바르지 않습니다."]


def test_deactivated_institution_shows_the_korean_page_and_keeps_its_data(alpha, client_for):
    users_before = _snapshot("alpha")["users"]

    institution_set_active(institution=alpha, active=False)

    client = client_for(alpha)
    for path in ["/", login_url(), "/admin/"]:
        response = client.get(path)
        assert response.status_code == 403
        assert "알파개발공사 업무시스템은 사용이 중지되었습니다" in response.content.decode()
    assert login(client, STAFF).status_code == 403
    assert client.get("/healthz").json()["schema"] == "alpha"  # operations still probe it
    assert _snapshot("alpha")["users"] == users_before

    institution_set_active(institution=alpha, active=True)
    assert login(client, STAFF).status_code == 302
    assert NAMES["alpha"][STAFF] in client.get("/").content.decode()


def test_the_province_cannot_be_deactivated(db):
    province = Institution.objects.get(schema_name="public")
    with pytest.raises(ValidationError) as raised:
        institution_set_active(institution=province, active=False)
    assert raised.value.messages == ["도(본청)는 사용중지할 수 없습니다."]


def test_unknown_host_gets_the_korean_404(client):
    response = client.get("/", HTTP_HOST="nowhere.localhost")

    assert response.status_code == 404
    assert "등록되지 않은 주소입니다" in response.content.decode()
    assert "<strong>nowhere.localhost</strong>에 해당하는 기관이 없습니다." in response.content.decode()


def test_list_institutions_command(db):
    out = StringIO()
    call_command("list_institutions", stdout=out)

    # Ordered by name: 베 (ㅂ) comes before 알 (ㅇ).
    assert out.getvalue().splitlines() == [
        "beta\t베타문화재단\tbeta.localhost",
        "alpha\t알파개발공사\talpha.localhost",
    ]


@pytest.mark.slow
def test_create_institution_command_prints_the_seconds(db):
    out = StringIO()
    call_command("create_institution", "delta", "델타재단", "--kind", "agency", stdout=out)

    first, second = out.getvalue().splitlines()
    assert first == "delta\t델타재단\tdelta.localhost"
    assert second.startswith("provisioned in ")
    assert second.endswith("s")
    assert float(second.removeprefix("provisioned in ").removesuffix("s")) > 0
    assert Institution.objects.get(code="delta").kind == InstitutionKind.AGENCY


def test_create_institution_command_reports_a_bad_code(db):
    with pytest.raises(CommandError, match="이미 등록된 기관코드입니다: beta"):
        call_command("create_institution", "beta", "중복", stdout=StringIO())
