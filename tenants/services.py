"""Provisioning and lifecycle of institutions.

A new institution's schema is a copy of a migrated template schema (``TENANT_BASE_SCHEMA``)
instead of running every migration: a copy takes about a second where a full migrate takes many.
The template is brought up to date before every copy, because the copy carries the template's
``django_migrations`` rows — a stale template would silently miss tables. The copy replays the
template's DDL captured once per migration state (tenants/schema_copy.py), so its cost does not
grow with the number of institutions as django-tenants' ``clone_schema`` did.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import get_public_schema_name, schema_context, schema_exists

from audit.services import audit_record
from tenants import schema_copy
from tenants.models import Domain, Institution, InstitutionKind, code_validator

logger = logging.getLogger(__name__)

# One provisioning at a time, across processes: every clone first replaces the clone's plpgsql
# functions (CREATE OR REPLACE FUNCTION), and PostgreSQL refuses the second of two transactions
# doing that at once ("tuple concurrently updated"). Held until the provisioning commits.
_PROVISIONING_LOCK_KEY = 0x50524F56  # "PROV"


@dataclass(frozen=True)
class ProvisionResult:
    institution: Institution
    seconds: float


def institution_domain(code: str) -> str:
    return f"{code}.{settings.BASE_DOMAIN}"


def site_url(path: str) -> str:
    """An absolute link to `path` on the current site, for mail: the institution's own host (its
    code is its schema's name), or the province's at BASE_DOMAIN; SITE_SCHEME and SITE_PORT say
    how people reach them."""
    schema = connection.schema_name
    host = settings.BASE_DOMAIN if schema == get_public_schema_name() else institution_domain(schema)
    port = f":{settings.SITE_PORT}" if settings.SITE_PORT else ""
    return f"{settings.SITE_SCHEME}://{host}{port}{path}"


def _template_is_current() -> bool:
    template = settings.TENANT_BASE_SCHEMA
    if not schema_exists(template):
        return False
    with schema_context(template):
        executor = MigrationExecutor(connection)
        targets = executor.loader.graph.leaf_nodes()
        return not executor.migration_plan(targets)


def ensure_template_schema() -> None:
    """Create or migrate the template schema new institutions are cloned from."""
    template = settings.TENANT_BASE_SCHEMA
    if _template_is_current():
        return
    if not schema_exists(template):
        with connection.cursor() as cursor:
            cursor.execute(f'CREATE SCHEMA "{template}"')
    # Migrating fires post_migrate, whose receivers (org's roles) fill the template's groups.
    call_command("migrate_schemas", schema_name=template, tenant=True, interactive=False, verbosity=0)


def ensure_province(*, name: str = "경상북도") -> Institution:
    """The public schema's own row: the province site lives at BASE_DOMAIN (and 127.0.0.1)."""
    province, _created = Institution.objects.get_or_create(
        schema_name=get_public_schema_name(),
        defaults={"code": "province", "name": name, "kind": InstitutionKind.PROVINCE},
    )
    for index, host in enumerate([settings.BASE_DOMAIN, "127.0.0.1"]):
        Domain.objects.get_or_create(domain=host, defaults={"tenant": province, "is_primary": index == 0})
    return province


def institution_create(*, code: str, name: str, kind: str, actor=None) -> ProvisionResult:
    """Register an institution and provision its schema with every tenant app's tables.

    Raises ValidationError (Korean message) for a bad or taken code. Other institutions are not
    touched: the copy reads only the template schema and writes only the new one.
    """
    started = time.perf_counter()
    code = (code or "").strip()  # not lowered: "Gamma" is refused, as the console form refuses it
    code_validator(code)
    if not name or not name.strip():
        raise ValidationError(_("기관명을 입력하세요."))
    if kind not in InstitutionKind.values or kind == InstitutionKind.PROVINCE:
        raise ValidationError(_("기관 유형이 올바르지 않습니다."))
    if code == settings.TENANT_BASE_SCHEMA or code.startswith("pg") or code == get_public_schema_name():
        raise ValidationError(_("사용할 수 없는 기관코드입니다."))
    if Institution.objects.filter(code=code).exists() or schema_exists(code, case_sensitive=False):
        raise ValidationError(_("이미 등록된 기관코드입니다: %(code)s") % {"code": code})

    ensure_template_schema()
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_PROVISIONING_LOCK_KEY])
        institution = Institution.objects.create(code=code, schema_name=code, name=name.strip(), kind=kind)
        Domain.objects.create(domain=institution_domain(code), tenant=institution, is_primary=True)
        # Copy in the same transaction: a failure leaves neither a row nor a half schema. The
        # copy carries the template's django_migrations rows and the rows its post_migrate
        # receivers made (content types, permissions, groups), which is all that django-tenants'
        # create_schema added after its clone with a faked migrate_schemas.
        # The rest (the audit event) is the province's, in the public schema, as after a clone.
        connection.set_schema_to_public()
        schema_copy.copy_template(settings.TENANT_BASE_SCHEMA, institution.schema_name)
        audit_record(
            action="institution.create",
            actor=actor,
            target=institution,
            data={"code": code, "name": institution.name, "kind": kind},
        )
    seconds = time.perf_counter() - started
    logger.info("institution provisioned", extra={"code": code, "seconds": round(seconds, 3)})
    return ProvisionResult(institution=institution, seconds=seconds)


def institution_set_active(*, institution: Institution, active: bool, actor=None) -> Institution:
    """Deactivate (or reactivate) an institution. Its schema and data are kept as they are."""
    if institution.is_province:
        raise ValidationError(_("도(본청)는 사용중지할 수 없습니다."))
    with transaction.atomic():
        locked = Institution.objects.select_for_update().get(pk=institution.pk)
        if locked.is_active == active:
            return locked
        locked.is_active = active
        locked.deactivated_at = None if active else timezone.now()
        locked.save(update_fields=["is_active", "deactivated_at"])
        audit_record(
            action="institution.activate" if active else "institution.deactivate",
            actor=actor,
            target=locked,
            data={"code": locked.code},
        )
    return locked
