"""The demo institutions' 정원 and their leavers' 퇴직일 (a per-institution seeder, declared in
org's plugin, that runs right after org.demo has filled the institution).

Deterministic: each institution draws from ``random.Random(f"staffing-{code}")``. The 정원 is the
현원 scaled by 0.97–1.12 (so a few institutions stand over their establishment, as some do), and
each 퇴직 person left on a day of the 150 before `now` (never before they were hired), so the
province sees people leave month by month. Idempotent: an institution whose 정원 is set is left
as it is.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from time import perf_counter

from django.db import transaction
from django.utils import timezone

from org.kpis import employed_on
from org.models import EmploymentStatus, OrgSettings, User
from org.services import org_settings_save

LEAVERS_WITHIN_DAYS = 150


@dataclass(frozen=True)
class StaffingSeedResult:
    created: bool
    counts: dict[str, int]
    seconds: float
    note: str = ""


def institution_seed(*, institution, now: datetime) -> StaffingSeedResult:
    started = perf_counter()
    if OrgSettings.objects.filter(authorised_headcount__isnull=False).exists():
        return StaffingSeedResult(False, {}, perf_counter() - started, "정원 already set")
    rng = random.Random(f"staffing-{institution.code}")  # noqa: S311 - demo data, not security
    today = timezone.localdate(now)
    with transaction.atomic():
        leavers = list(
            User.objects.filter(employment_status=EmploymentStatus.RETIRED, retired_on__isnull=True)
            .exclude(employee_number=None)
            .order_by("employee_number")
        )
        for person in leavers:
            earliest = max(person.hire_date or today, today - timedelta(days=LEAVERS_WITHIN_DAYS))
            person.retired_on = earliest + timedelta(days=rng.randint(0, max((today - earliest).days, 0)))
        User.objects.bulk_update(leavers, ["retired_on"])
        headcount = employed_on(today).count()
        authorised = max(1, round(headcount * rng.uniform(0.97, 1.12)))
        org_settings_save(authorised_headcount=authorised, actor=None)
    return StaffingSeedResult(True, {"leavers_dated": len(leavers), "authorised": authorised}, perf_counter() - started)
