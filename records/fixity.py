"""Fixity (무결성 점검): every record's registered body and stored components are re-hashed with
SHA-256 on a schedule, in batches, least recently checked first (never checked first), so the
whole holding is covered run after run. A record that stops matching is marked, listed for the
기록관 (/records/fixity/) and the 기록관 is notified once, when it first fails."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.models import Group
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from org.models import User
from records.models import Record
from records.plugin import RECORDS_MANAGER
from records.transfers import verify_record

BATCH = 2000


@dataclass(frozen=True)
class FixityRun:
    records: int
    components: int
    failed: int
    newly_failed: int


def fixity_check(*, batch: int = BATCH, now: datetime | None = None) -> FixityRun:
    """Re-hash the `batch` records checked longest ago and record the outcome."""
    now = now or timezone.now()
    records = list(
        Record.objects.order_by(F("fixity_checked_at").asc(nulls_first=True), "id").only(
            "id", "registration_number", "title", "body", "body_sha256", "components", "fixity_ok"
        )[:batch]
    )
    components = failed = 0
    newly: list[Record] = []
    for record in records:
        checked, bad = verify_record(record)
        components += checked
        was_ok = record.fixity_ok is not False
        record.fixity_checked_at = now
        record.fixity_ok = not bad
        record.fixity_problems = [{"component": m.component, "reason": m.reason} for m in bad]
        if bad:
            failed += 1
            if was_ok:
                newly.append(record)
    Record.objects.bulk_update(records, ["fixity_checked_at", "fixity_ok", "fixity_problems"], batch_size=1000)
    if newly:
        _alert(newly, now)
    return FixityRun(records=len(records), components=components, failed=failed, newly_failed=len(newly))


def _alert(records: list[Record], now: datetime) -> None:
    from notifications.services import notify

    managers = User.objects.filter(groups__in=Group.objects.filter(name=RECORDS_MANAGER), is_active=True)
    numbers = ", ".join(r.registration_number for r in records[:5])
    notify(
        recipients=list(managers),
        category="records_fixity",
        title=_("[기록관리] 무결성 점검에서 기록물 %(n)d건의 체크섬이 맞지 않습니다: %(numbers)s")
        % {"n": len(records), "numbers": numbers},
        url=reverse("records:fixity"),
        email=True,
        now=now,
    )
