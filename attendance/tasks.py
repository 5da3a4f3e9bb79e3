"""Celery jobs of attendance: the daily 연차 grant and the daily 연차 사용촉진 notices, one message
per institution."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from attendance.promotion import promotion_notices_send_due
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


@job("attendance.send_promotion_notices")
def send_promotion_notices(day: str | None = None) -> dict[str, int]:
    """Write, audit and announce the 연차 사용촉진 notices due on `day` (today by default) in this
    institution, as the system; a second delivery writes and announces nothing."""
    run = promotion_notices_send_due(on=date.fromisoformat(day) if day else timezone.localdate())
    return {"annual": run.annual, "first_year": run.first_year, "notified": run.notified}


@job("attendance.send_all_promotion_notices", province_level=True)
def send_all_promotion_notices() -> list[str]:
    """Province-level fan-out of `send_promotion_notices`, run by beat every morning (after the
    night's grants, so the days counted include today's)."""
    return fan_out(send_promotion_notices)
