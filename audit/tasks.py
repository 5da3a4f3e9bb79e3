"""Nightly verification of every institution's audit chain (DESIGN: verify nightly)."""

from __future__ import annotations

import logging

from django_tenants.utils import get_public_schema_name, get_tenant_model, schema_context

from audit.services import audit_verify_chain
from core.jobs import job

logger = logging.getLogger(__name__)


# Valid in every schema, the province's own (public) included, hence province_level.
@job("audit.verify_chain", province_level=True)
def verify_chain() -> dict:
    """Verify the chain of the schema this task was sent from. Read-only, so safe to repeat."""
    report = audit_verify_chain()
    if report.ok:
        logger.info("audit chain intact", extra={"checked": report.checked})
    else:
        logger.error(
            "audit chain broken",
            extra={"checked": report.checked, "broken_id": report.broken_id, "reason": report.reason},
        )
    return {"ok": report.ok, "checked": report.checked, "broken_id": report.broken_id}


@job("audit.verify_all_chains", province_level=True)
def verify_all_chains() -> list[str]:
    """Fan out one verification per schema (the province's own and every institution's)."""
    schemas = [get_public_schema_name(), *_institution_schemas()]
    for schema in schemas:
        with schema_context(schema):
            # Sent inside the schema: tenant-schemas-celery carries it in the message headers.
            verify_chain.delay()
    return schemas


def _institution_schemas() -> list[str]:
    return list(
        get_tenant_model()
        .objects.exclude(schema_name=get_public_schema_name())
        .order_by("schema_name")
        .values_list("schema_name", flat=True)
    )
