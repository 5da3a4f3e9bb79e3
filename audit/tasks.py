"""Nightly verification of every institution's audit chain (DESIGN: verify nightly)."""

from __future__ import annotations

import logging

from audit.services import audit_verify_chain
from core.jobs import fan_out, job

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
    """Fan out one verification per schema: the province's own and every institution's, a
    deactivated one's too (its records are kept, so their chain is still checked)."""
    return fan_out(verify_chain, with_province=True, with_inactive=True)
