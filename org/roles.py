"""Roles are Django groups with fixed names and permissions, created in every schema.

Institution schemas: staff (직원), department_head (부서장), institution_admin (기관 관리자),
auditor (감사). The public schema: planning_office (도 기획조정실). The apps above org grant these
roles permissions on their own models, and may add roles of their own, in their plugins
(core.plugins); org never names them.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import cache

from django.apps import apps as django_apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django_tenants.utils import get_public_schema_name

from core.plugins import INSTITUTION, PROVINCE, registry

STAFF = "staff"
DEPARTMENT_HEAD = "department_head"
INSTITUTION_ADMIN = "institution_admin"
AUDITOR = "auditor"
PLANNING_OFFICE = "planning_office"

# Org's own roles; apps add theirs in their plugin (core.plugins.Role), which ROLE_LABELS includes.
_OWN_ROLE_LABELS = {
    STAFF: "직원",
    DEPARTMENT_HEAD: "부서장",
    INSTITUTION_ADMIN: "기관 관리자",
    AUDITOR: "감사 담당",
    PLANNING_OFFICE: "도 기획조정실",
}

# app_label -> codename prefixes each role gets on org's own ground: the organisation, accounts,
# lockouts and the audit trail (and, for the province, the institution register below org).
# Every app above grants the roles their rights on its own models in its plugin
# (core.plugins.Plugin.permissions); role_set() merges them. Admins manage; auditors read.
_INSTITUTION_PERMS = {
    INSTITUTION_ADMIN: {
        "org": ("add_", "change_", "delete_", "view_"),
        "auth": ("view_",),
        "audit": ("view_",),
        "axes": ("view_", "delete_"),
    },
    AUDITOR: {
        "org": ("view_",),
        "audit": ("view_",),
    },
    DEPARTMENT_HEAD: {},
    STAFF: {},
}
_PROVINCE_PERMS = {
    PLANNING_OFFICE: {
        "tenants": ("add_", "change_", "view_"),
        "audit": ("view_",),
    },
}


class _RoleLabels(Mapping):
    """Role name -> Korean label, org's and the apps' (read when used: the apps' declarations are
    collected only once every app is loaded)."""

    def _labels(self) -> dict[str, str]:
        return {**_OWN_ROLE_LABELS, **{role.name: role.label for role in registry().roles}}

    def __getitem__(self, name: str) -> str:
        return self._labels()[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._labels())

    def __len__(self) -> int:
        return len(self._labels())


ROLE_LABELS: Mapping[str, str] = _RoleLabels()


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
    """The current schema's roles: role -> app_label -> the codename prefixes it grants."""
    return _role_table(PROVINCE if _is_public() else INSTITUTION)


@cache
def _role_table(site: str) -> dict[str, dict[str, tuple[str, ...]]]:
    own = _PROVINCE_PERMS if site == PROVINCE else _INSTITUTION_PERMS
    table = {role: dict(grants) for role, grants in own.items()}
    declared = registry()
    for role in declared.roles:
        if role.name in _OWN_ROLE_LABELS:
            raise ImproperlyConfigured(f"role {role.name!r} is org's; an app may only grant it permissions")
        if role.site == site:
            table[role.name] = {}
    known = {*_OWN_ROLE_LABELS, *(role.name for role in declared.roles)}
    for app_label, role_name, prefixes in declared.permissions:
        if role_name not in known:
            raise ImproperlyConfigured(f"{app_label!r} grants permissions to an unknown role {role_name!r}")
        if role_name in table:
            table[role_name][app_label] = prefixes
    return table


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
    site = PROVINCE if _is_public() else INSTITUTION
    allowed = {PLANNING_OFFICE if site == PROVINCE else INSTITUTION_ADMIN}
    allowed |= {role.name for role in registry().roles if role.console and role.site == site}
    return not allowed.isdisjoint(user.role_names())
