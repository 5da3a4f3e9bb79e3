"""The demo's monitoring (a per-institution seeder, run after every other app's: monitoring is
the last installed app). It counts the institution's figures now with the real KPI functions and
records them, so the dashboard shows every seeded institution at once, then queues the history:
a job that counts the same functions for each of the HISTORY_DAYS days before (`on=` a past day,
from the demo's dated rows) so the trends have months behind them. Nothing is invented: a figure
the data cannot tell for a past day (a 휴직 then, a card's 개요 then) is counted as it is now, as
the KPI functions document.

Measured (docs/PERFORMANCE.md): the seeder itself about 0.1–0.3 s per institution; the history
job about 1–2.5 s per institution in the worker.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from time import perf_counter

from django.db import transaction
from django.utils import timezone
from django_tenants.utils import get_public_schema_name, schema_context

from core.kpis import KpiDay
from monitoring.collect import Figure, collect_figures
from monitoring.kpis import ROLLUP_FAILURES
from monitoring.models import InstitutionStatus, Snapshot
from monitoring.services import alert_rules_ensure_declared, alerts_evaluate, figures_write, province_days_refresh
from notifications.services import mail_suppressed
from tenants.models import Institution

HISTORY_DAYS = 92


@dataclass(frozen=True)
class MonitoringSeedResult:
    created: bool
    counts: dict[str, int]
    seconds: float
    note: str = ""


def institution_seed(*, institution: Institution, now: datetime) -> MonitoringSeedResult:
    started = perf_counter()
    public = get_public_schema_name()
    with schema_context(public):
        if Snapshot.objects.filter(institution=institution).exists():
            return MonitoringSeedResult(False, {}, perf_counter() - started, "figures already there")
    today = timezone.localdate(now)
    figures = collect_figures(on=today)
    figures[ROLLUP_FAILURES] = Figure(Decimal(0), [])
    moment = KpiDay(today).until
    with schema_context(public), transaction.atomic(), mail_suppressed():
        alert_rules_ensure_declared()
        figures_write(institution_id=institution.pk, figures=figures, day=today, as_of=moment, replace=True)
        InstitutionStatus.objects.update_or_create(
            institution=institution, defaults={"last_success_at": moment, "consecutive_failures": 0}
        )
        province_days_refresh(days={today}, now=moment)
        opened = alerts_evaluate(institution_id=institution.pk, codes=figures, now=moment)
    transaction.on_commit(lambda: _queue_history(institution))
    counts = {"figures": len(figures), "alerts": len(opened), "history_days_queued": HISTORY_DAYS}
    return MonitoringSeedResult(True, counts, perf_counter() - started)


def _queue_history(institution: Institution) -> None:
    from monitoring.tasks import history_backfill

    # The schema rides in the message explicitly: this may run after the seed left the schema.
    history_backfill.apply_async((institution.pk, HISTORY_DAYS), headers={"_schema_name": institution.schema_name})
