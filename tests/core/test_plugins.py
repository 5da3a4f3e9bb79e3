"""The plug-in registry (core.plugins): it collects every installed app's declaration, and what the
platform builds from them (navigation, home panels, demo seeders, roles, audit and notification
labels, approval kinds) comes out as the apps declare it. The expected values are pinned here, so a
declaration that goes missing or changes shows up as a failure, not as a quietly different site."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ImproperlyConfigured
from django_tenants.utils import get_public_schema_name, schema_context

from approval.home import approval_panel
from approval.kinds import get_kind
from attendance.home import clock_panel
from audit.models import AuditEvent
from budget import kpis as budget_kpis
from core import context_processors
from core.plugins import (
    INSTITUTION,
    PROVINCE,
    Declaration,
    DemoSeeder,
    NavEntry,
    Plugin,
    Registry,
    Role,
    installed_declarations,
    registry,
)
from notifications.models import Notification, category_labels
from org import roles
from tasks.home import work_panels
from tests.support import PASSWORD, login

INSTITUTION_NAV = [
    ("업무관리", "tasks:unit_task_list", ("tasks", "memos", "directives", "meetings", "calendar"), ""),
    ("전자결재", "approval:waiting", ("approval",), "approval.nav.waiting_badge"),
    ("문서 접수", "receipts:waiting", ("receipts",), "receipts.nav.waiting_badge"),
    ("복무", "attendance:today", ("attendance",), ""),
    ("예산·회계", "budget:home", ("budget",), ""),
    ("급여", "payroll:my", ("payroll",), ""),
    ("기록관리", "records:register", ("records",), ""),
    ("통합검색", "records:search", (), ""),
    ("기관 현황", "monitoring:own", ("monitoring",), ""),
]
PROVINCE_NAV = [
    ("기관 관리", "province_admin:tenants_institution_changelist", (), ""),
    ("모니터링", "monitoring:overview", ("monitoring",), ""),
    ("문서 접수", "receipts:waiting", ("receipts",), "receipts.nav.waiting_badge"),
]
# The role table as org.roles held it before the apps declared their own rows.
INSTITUTION_ROLES = {
    roles.INSTITUTION_ADMIN: {
        "org": ("add_", "change_", "delete_", "view_"),
        "auth": ("view_",),
        "audit": ("view_",),
        "axes": ("view_", "delete_"),
        "tasks": ("add_", "change_", "view_"),
        "approval": ("add_", "change_", "view_"),
        "receipts": ("view_", "register_"),
        "budget": ("view_",),
        "attendance": ("view_",),
        "records": ("view_",),
    },
    roles.AUDITOR: {
        "org": ("view_",),
        "audit": ("view_",),
        "tasks": ("view_",),
        "approval": ("view_",),
        "receipts": ("view_",),
        "budget": ("view_",),
        "attendance": ("view_",),
        "payroll": ("view_",),
        "records": ("view_",),
    },
    roles.DEPARTMENT_HEAD: {},
    roles.STAFF: {},
    # budget's own roles (core.plugins.Role), kept in the institution console
    "budget_officer": {"budget": ("add_", "change_", "delete_", "view_")},
    "accounting_officer": {"budget": ("view_",)},
    # attendance's HR role (인사 담당), kept in the institution console
    "attendance_officer": {"attendance": ("add_", "change_", "view_")},
    # payroll's (payroll.plugin): institution admins get nothing of payroll (salaries are personal)
    "payroll_officer": {"payroll": ("add_", "change_", "delete_", "view_")},
    # records' own role: the 기록관 (기록물관리전문요원)
    "records_manager": {"records": ("add_", "change_", "view_")},
}
PROVINCE_ROLES = {
    roles.PLANNING_OFFICE: {
        "tenants": ("add_", "change_", "view_"),
        "audit": ("view_",),
        "receipts": ("view_", "register_"),
        "exchange": ("view_",),
        "standards": ("add_", "change_", "view_"),
        "monitoring": ("add_", "change_", "view_"),
    },
}


def nav_rows(site: str) -> list[tuple]:
    return [(str(e.label), e.url_name, e.namespaces, e.count) for e in registry().nav(site)]


def test_every_installed_app_that_names_a_plugin_is_collected_in_installed_apps_order():
    assert [d.app_label for d in registry().declarations] == [
        "tenants",
        "org",
        "audit",
        "receipts",
        "core",
        "exchange",
        "standards",
        "tasks",
        "approval",
        "budget",
        "attendance",
        "payroll",
        "records",
        "monitoring",  # last: it reads what the others report (config/settings.py)
    ]
    assert registry().declarations == tuple(installed_declarations())


def test_the_navigation_keeps_its_entries_order_and_planned_areas():
    assert nav_rows(INSTITUTION) == INSTITUTION_NAV
    assert nav_rows(PROVINCE) == PROVINCE_NAV


def test_home_panels_seeders_kinds_and_kpis():
    assert registry().home_panels == (work_panels, approval_panel, clock_panel)
    seeders = registry().demo_seeders
    assert [(label, seeder.function) for label, seeder in seeders] == [
        ("org", "org.demo_staffing.institution_seed"),
        ("tasks", "tasks.demo.institution_seed"),
        ("approval", "approval.demo.institution_seed"),
        ("budget", "budget.demo.institution_seed"),
        ("attendance", "attendance.demo.institution_seed"),
        ("payroll", "payroll.demo.institution_seed"),
        ("records", "records.demo.institution_seed"),
        ("monitoring", "monitoring.demo.institution_seed"),
    ]
    assert all(seeder.budget_seconds > 0 for _label, seeder in seeders)
    assert registry().approval_kinds == (
        "approval.kinds.register_builtin_kinds",
        "budget.kinds.register",
        "budget.amendments.register_kinds",
        "budget.execution.register_kinds",
        "budget.reversals.register_kinds",
        "budget.revenue.register_kinds",
        "budget.manual_journal.register_kinds",
        "attendance.kinds.register",
        "payroll.flow.register",
        "records.kinds.register",
        "records.disposal.register_kind_disposal",
        "records.reclassify.register_kind_reclassify",
    )
    assert str(get_kind("general").label) == "일반 기안"
    assert str(get_kind("budget.expense_plan").label) == "지출 품의"
    assert [label for label, _source in registry().kpi_sources] == [
        "org",
        "audit",
        "receipts",
        "tasks",
        "approval",
        "budget",
        "attendance",
        "payroll",
        "records",
        "monitoring",
    ]
    assert dict(registry().kpi_sources)["budget"] is budget_kpis.SOURCE
    assert [kpi.code for kpi in registry().kpis.values() if kpi.card is not None] == [
        "org.headcount",
        "audit.active_users",
        "tasks.card_completeness",
        "tasks.directives_overdue",
        "approval.lead_time_median",
        "approval.waiting",
        "budget.execution_rate",
        "attendance.annual_use_rate",
        "payroll.budget_execution_rate",
    ]


def test_the_role_table_is_org_own_rows_plus_each_app_declared_rows():
    with schema_context("alpha"):
        assert roles.role_set() == INSTITUTION_ROLES
    with schema_context(get_public_schema_name()):
        assert roles.role_set() == PROVINCE_ROLES
    assert dict(roles.ROLE_LABELS) == {
        roles.STAFF: "직원",
        roles.DEPARTMENT_HEAD: "부서장",
        roles.INSTITUTION_ADMIN: "기관 관리자",
        roles.AUDITOR: "감사 담당",
        roles.PLANNING_OFFICE: "도 기획조정실",
        "budget_officer": "예산 담당",
        "accounting_officer": "회계 담당",
        "attendance_officer": "인사 담당",
        "payroll_officer": "급여 담당",
        "records_manager": "기록물관리전문요원",
    }


@pytest.mark.django_db
def test_the_groups_of_an_institution_carry_the_declared_permissions(in_alpha):
    admin = set(Group.objects.get(name=roles.INSTITUTION_ADMIN).permissions.values_list("codename", flat=True))
    assert {"register_receipt", "add_unittask", "change_delegationrule", "change_user"} <= admin
    assert not {"delete_unittask", "delete_document", "add_expenseplan"} & admin
    auditor = set(Group.objects.get(name=roles.AUDITOR).permissions.values_list("codename", flat=True))
    assert {"view_receiveddocument", "view_unittask", "view_document", "view_auditevent"} <= auditor
    assert not any(codename.startswith(("add_", "change_", "delete_", "register_")) for codename in auditor)


def test_audit_and_notification_labels_come_from_every_app():
    labels = {action: str(label) for action, label in registry().audit_labels.items()}
    # audit's own, org's and the province register's, as audit.models used to list them
    assert {
        "auth.login": "로그인",
        "role.grant": "역할 부여",
        "institution.create": "기관 등록",
        "department.set_head": "부서장 지정",
        "staff.import": "직원 일괄 등록",
        "demo.seed": "시연 자료 생성",
    }.items() <= labels.items()
    assert labels["function.create"] == "기능분류 신설"
    assert labels["document.submit"] == "문서 상신"
    assert labels["expense_plan.submit"] == "지출 품의 상신"
    assert labels["receipt.register"] == "문서 접수"
    assert labels["document.send"] == "문서 발송"
    assert labels["org_settings.update"] == "기관 설정 변경"
    assert labels["monitoring.extract"] == "모니터링 자료 추출"
    assert labels["record_transfer.accept"] == "기록물 이관 인수"
    assert AuditEvent(action="receipt.distribute").action_label == "문서 배부"
    assert AuditEvent(action="unknown.action").action_label == "unknown.action"

    assert sorted(category_labels()) == [
        "approval_completed",
        "approval_held",
        "approval_post",
        "approval_resumed",
        "approval_returned",
        "approval_waiting",
        "approval_withdrawn",
        "attendance_promotion",
        "attendance_trip",
        "circulation",
        "monitoring_alert",
        "payroll.payslip",
        "receipt",
        "receipt_assigned",
        "records_disposal",
        "records_due",
        "records_fixity",
        "records_transfer",
    ]
    assert Notification(category="receipt_assigned").category_label == "처리담당 지정"
    assert Notification(category="attendance_promotion").category_label == "연차 사용촉진"


# --- The rules of the registry, with declarations made up for the test ----------------------------


def made_up(*plugins: tuple[str, Plugin]) -> Registry:
    return Registry(Declaration(label, plugin) for label, plugin in plugins)


def test_an_app_entry_replaces_the_planned_area_of_its_label_on_its_site_only():
    planned = Plugin(nav=(NavEntry("복무", order=40), NavEntry("복무", order=40, sites=(PROVINCE,))))
    attendance = Plugin(nav=(NavEntry("복무", "attendance:today", namespaces=("attendance",), order=40),))
    both = made_up(("core", planned), ("attendance", attendance))

    assert [(e.label, e.url_name) for e in both.nav(INSTITUTION)] == [("복무", "attendance:today")]
    assert [(e.label, e.url_name) for e in both.nav(PROVINCE)] == [("복무", None)]


def test_declarations_that_contradict_each_other_are_refused():
    twice = Plugin(nav=(NavEntry("급여", "payroll:runs"),))
    with pytest.raises(ImproperlyConfigured, match="share a label"):
        made_up(("payroll", twice), ("other", twice)).nav(INSTITUTION)
    labels = Plugin(audit_labels={"run.finalize": "급여 확정"})
    with pytest.raises(ImproperlyConfigured, match="'payroll' and 'other'"):
        made_up(("payroll", labels), ("other", labels))
    with pytest.raises(ImproperlyConfigured, match="time budget"):
        made_up(("payroll", Plugin(demo_seeder=DemoSeeder("payroll.demo.institution_seed", budget_seconds=0))))
    with pytest.raises(ImproperlyConfigured, match=r"not a core\.plugins\.Plugin"):
        made_up(("payroll", {"nav": ()}))
    officer = Plugin(roles=(Role("payroll_officer", "급여 담당"),))
    with pytest.raises(ImproperlyConfigured, match="same name"):
        made_up(("payroll", officer), ("other", officer))
    with pytest.raises(ImproperlyConfigured, match="unknown sites"):
        made_up(("payroll", Plugin(nav=(NavEntry("급여", "payroll:runs", sites=("county",)),))))


def person(*, superuser=False, perms=(), role_names=()):
    return SimpleNamespace(
        is_superuser=superuser,
        has_perm=lambda perm: perm in perms,
        role_names=lambda: frozenset(role_names),
    )


def test_a_nav_entry_is_shown_to_holders_of_its_permission_or_one_of_its_roles():
    everyone = NavEntry("급여", "payroll:runs")
    by_perm = NavEntry("급여", "payroll:runs", permission="payroll.view_payrollrun")
    by_role = NavEntry("급여", "payroll:runs", roles=("payroll_officer",))
    plain = person(role_names=[roles.STAFF])

    assert everyone.shown_to(plain)
    assert not by_perm.shown_to(plain)
    assert not by_role.shown_to(plain)
    assert by_perm.shown_to(person(perms=["payroll.view_payrollrun"]))
    assert by_role.shown_to(person(role_names=["payroll_officer"]))
    assert by_perm.shown_to(person(superuser=True))
    assert by_role.shown_to(person(superuser=True))


@pytest.fixture
def declared_too(monkeypatch):
    """declared_too(label, plugin): the installed declarations plus one more, for org's role
    table and the navigation."""

    def add(label: str, plugin: Plugin) -> Registry:
        extended = Registry([*registry().declarations, Declaration(label, plugin)])
        monkeypatch.setattr(roles, "registry", lambda: extended)
        monkeypatch.setattr(context_processors, "registry", lambda: extended)
        roles._role_table.cache_clear()
        return extended

    yield add
    roles._role_table.cache_clear()


@pytest.mark.django_db
def test_an_app_may_add_a_role_and_grant_org_roles_rights_on_its_models(declared_too, in_alpha):
    # A later app is made up from an installed one's models (tasks'), as if it were payroll.
    declared_too(
        "tasks",
        Plugin(roles=(Role("tests_officer", "시험 담당"),), permissions={"tests_officer": ("view_",)}),
    )

    assert roles.ROLE_LABELS["tests_officer"] == "시험 담당"
    assert roles.role_set()["tests_officer"] == {"tasks": ("view_",)}
    roles.ensure_roles()
    granted = Group.objects.get(name="tests_officer").permissions.values_list("content_type__app_label", "codename")
    assert ("tasks", "view_unittask") in set(granted)
    assert all(codename.startswith("view_") for _label, codename in granted)


def test_granting_an_unknown_role_or_redefining_org_role_is_refused(declared_too):
    declared_too("tasks", Plugin(permissions={"nobody": ("view_",)}))
    with pytest.raises(ImproperlyConfigured, match="unknown role 'nobody'"):
        roles._role_table(INSTITUTION)
    declared_too("tasks", Plugin(roles=(Role(roles.AUDITOR, "감사"),)))
    with pytest.raises(ImproperlyConfigured, match="org's"):
        roles._role_table(INSTITUTION)


def three(request) -> int:
    return 3


@pytest.mark.django_db
def test_the_navigation_draws_declared_entries_for_those_allowed_with_their_badges(declared_too, alpha, client_for):
    declared_too(
        "tasks",
        Plugin(
            nav=(
                NavEntry("문서고", "tasks:unit_task_list", order=75, count="tests.core.test_plugins.three"),
                NavEntry("관리자 전용", "tasks:unit_task_list", order=90, roles=(roles.INSTITUTION_ADMIN,)),
            )
        ),
    )
    admin, staff = client_for(alpha), client_for(alpha)
    assert login(admin, "admin", PASSWORD).status_code == 302
    assert login(staff, "staff", PASSWORD).status_code == 302

    html = staff.get("/").content.decode()
    assert '문서고 <span class="count" aria-label="처리할 문서 3건">3</span></a>' in html
    assert "<small>(준비 중)</small>" not in html  # every planned area (복무, 급여, 기록관리) has its app now
    assert "관리자 전용" not in html
    assert "관리자 전용</a>" in admin.get("/").content.decode()
