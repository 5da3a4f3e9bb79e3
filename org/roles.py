"""Roles are Django groups with fixed names and permissions, created in every schema.

Institution schemas: staff (직원), department_head (부서장), institution_admin (기관 관리자),
auditor (감사). The public schema: planning_office (도 기획조정실).
"""

from __future__ import annotations

from django.apps import apps as django_apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django_tenants.utils import get_public_schema_name

STAFF = "staff"
DEPARTMENT_HEAD = "department_head"
INSTITUTION_ADMIN = "institution_admin"
AUDITOR = "auditor"
PLANNING_OFFICE = "planning_office"

ROLE_LABELS = {
    STAFF: "직원",
    DEPARTMENT_HEAD: "부서장",
    INSTITUTION_ADMIN: "기관 관리자",
    AUDITOR: "감사 담당",
    PLANNING_OFFICE: "도 기획조정실",
}

# app_label -> codename prefixes each role gets. Admins manage the organisation; auditors read.
_INSTITUTION_PERMS = {
    INSTITUTION_ADMIN: {
        "org": ("add_", "change_", "delete_", "view_"),
        "auth": ("view_",),
        "audit": ("view_",),
        "axes": ("view_", "delete_"),
        # Work apps: admins keep the classification, rooms and the delegation table; the apps'
        # consoles refuse deletes of anything records may point to.
        "tasks": ("add_", "change_", "view_"),
        "approval": ("add_", "change_", "view_"),
        # 접수·배부 of documents other institutions send (the 문서과's work; see receipts.permissions).
        "receipts": ("view_", "register_"),
    },
    AUDITOR: {
        "org": ("view_",),
        "audit": ("view_",),
        "tasks": ("view_",),
        "approval": ("view_",),
        "receipts": ("view_",),
    },
    DEPARTMENT_HEAD: {},
    STAFF: {},
}
_PROVINCE_PERMS = {
    PLANNING_OFFICE: {
        "tenants": ("add_", "change_", "view_"),
        "audit": ("view_",),
        # The province receives institutions' documents and registers them (문서 접수).
        "receipts": ("view_", "register_"),
        # The exchange's envelopes (who sent what to whom, delivered or not) in the province console.
        "exchange": ("view_",),
    },
}


# Roles an institution's own admins can neither grant nor revoke. 감사 담당 (auditor) reads every
# 비공개 document and audits the admins' work too, so an admin must not be able to make themselves
# (or a friend) one: only the province's planning office appoints and relieves auditors, in the
# province console, recorded in both audit chains (org.services.auditor_role_set).
PROVINCE_APPOINTED = frozenset({AUDITOR})


def may_appoint_auditors(user) -> bool:
    """The planning office (or a superuser) of the province site, and nobody at an institution."""
    if not (_is_public() and user.is_authenticated and user.is_active):
        return False
    return user.is_superuser or PLANNING_OFFICE in user.role_names()


def _is_public() -> bool:
    return connection.schema_name == get_public_schema_name()


def role_set() -> dict[str, dict[str, tuple[str, ...]]]:
    return _PROVINCE_PERMS if _is_public() else _INSTITUTION_PERMS


def ensure_roles() -> None:
    """Create the current schema's role groups and give them their permissions (idempotent)."""
    roles = role_set()
    # Permissions appear per app after its migrations; make sure every app we grant from has them.
    for label in {label for apps in roles.values() for label in apps}:
        create_permissions(django_apps.get_app_config(label), verbosity=0)
    for role, apps in roles.items():
        group, _ = Group.objects.get_or_create(name=role)
        wanted = [
            perm
            for perm in Permission.objects.filter(content_type__app_label__in=list(apps)).select_related("content_type")
            if perm.codename.startswith(apps[perm.content_type.app_label])
        ]
        if set(group.permissions.all()) != set(wanted):
            group.permissions.set(wanted)


def ensure_roles_after_migrate(sender, using, **kwargs) -> None:
    if connection.schema_name is None:
        return
    ensure_roles()


def can_use_console(user) -> bool:
    """May this user open the admin console of the current site?"""
    if not user.is_active:
        return False
    if user.is_superuser:
        return True
    role = PLANNING_OFFICE if _is_public() else INSTITUTION_ADMIN
    return role in user.role_names()
