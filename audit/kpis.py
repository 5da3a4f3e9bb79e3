"""What the audit log tells province monitoring about an institution's use of the system: sign-ins
that day and the people who did anything recorded (signed in, drafted, decided, registered …) in
the last 30 days. Read from the institution's own audit chain, which every app writes to.

An entry is dated when it is appended to the chain, so a history loaded in bulk (an import, the
demo's months of documents) is dated the day it was loaded: past days are not counted from it
(`history=False`); the trend starts with the first rollup."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from audit.models import AuditEvent
from core.kpis import Kpi, KpiDay, KpiFigure, KpiSource

USAGE = _("시스템 활용")
ACTIVE_DAYS = 30


def figures(*, on: date) -> list[KpiFigure]:
    """One query."""
    day = KpiDay(on)
    recent = AuditEvent.objects.filter(occurred_at__gte=day.days_back(ACTIVE_DAYS), occurred_at__lt=day.until)
    counts = recent.aggregate(
        logins=Count("pk", filter=Q(action="auth.login", occurred_at__gte=day.day_start)),
        active=Count("actor_id", distinct=True),
    )
    return [KpiFigure("audit.logins_day", counts["logins"]), KpiFigure("audit.active_users", counts["active"])]


SOURCE = KpiSource(
    kpis=(
        Kpi(
            "audit.active_users",
            _("활동 직원(30일)"),
            "명",
            higher_is_better=True,
            group=USAGE,
            description=_("최근 30일 안에 로그인하거나 결재·기안 등 기록되는 일을 한 직원"),
            compare_to="org.headcount",
            card=60,
        ),
        Kpi("audit.logins_day", _("하루 로그인"), "회", group=USAGE, description=_("그날 로그인한 횟수")),
    ),
    figures=figures,
    history=False,
)
