"""Celery jobs of attendance: the daily 연차 grant, one message per institution."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from attendance.services import leave_grant_due
from core.jobs import fan_out, job


@job("attendance.grant_leave")
def grant_leave(day: str | None = None) -> dict[str, int]:
    """Write the grants (and expiries) due up to `day` (today by default) in this institution's
    ledger; a second delivery writes nothing (each entry is unique by its source)."""
    run = leave_grant_due(day=date.fromisoformat(day) if day else timezone.localdate())
    return {"granted": run.granted, "expired": run.expired}


@job("attendance.grant_all_leave", province_level=True)
def grant_all_leave() -> list[str]:
    """Province-level fan-out of `grant_leave`, run by beat every night."""
    return fan_out(grant_leave)
