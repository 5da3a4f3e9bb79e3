"""The rollup's Celery jobs (DESIGN: "Celery handling … the province-wide monitoring rollups").

Beat runs `rollup_scheduled` every MONITORING_ROLLUP_MINUTES; 지금 갱신 starts a run from the
dashboard. Either way `rollup_dispatch` sends one `rollup_institution` per institution of the
run from inside that institution's schema (tenant-schemas-celery carries it), which counts the
figures there and records them in the public schema (monitoring.services.rollup_record). A
failing institution is recorded, never raised: the others go on, and its last good figures stay.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from time import perf_counter

from django.db import transaction
from django.utils import timezone
from django_tenants.utils import get_public_schema_name, schema_context

from core.jobs import job
from core.kpis import KpiDay
from monitoring.collect import collect_figures
from monitoring.models import DailyFigure, RollupResult, RollupRun
from monitoring.services import DUPLICATE, history_record, rollup_record, rollup_start
from tenants.models import Institution

logger = logging.getLogger(__name__)


@job("monitoring.rollup_scheduled", province_level=True)
def rollup_scheduled() -> int:
    """Start the scheduled run (or leave a still-running one to finish); its fan-out follows."""
    run, started = rollup_start(trigger=RollupRun.Trigger.SCHEDULE)
    if not started:
        logger.info("rollup still running", extra={"run": run.pk})
    return run.pk


@job("monitoring.rollup_dispatch", province_level=True)
def rollup_dispatch(run_id: int) -> list[str]:
    """Send one message per institution of the run, each from inside that institution's schema."""
    run = RollupRun.objects.get(pk=run_id)
    institutions = list(Institution.objects.filter(pk__in=run.institution_ids).order_by("code"))
    for institution in institutions:
        with schema_context(institution.schema_name):
            rollup_institution.delay(run.pk, institution.pk)
    return [institution.code for institution in institutions]


@job("monitoring.rollup_institution", time_limit=300)
def rollup_institution(run_id: int, institution_id: int) -> str:
    """Count this institution's figures in its schema and record them (or the failure) in the
    public schema. Safe to deliver twice: a second delivery finds the outcome and writes nothing."""
    public = get_public_schema_name()
    with schema_context(public):
        if RollupResult.objects.filter(run_id=run_id, institution_id=institution_id).exists():
            logger.info("institution figures recorded", extra={"run": run_id, "outcome": DUPLICATE, "ms": 0})
            return DUPLICATE
        run = RollupRun.objects.get(pk=run_id)
    started = perf_counter()
    as_of = KpiDay(run.day).until
    figures, error = None, ""
    try:
        # A failing query must not leave the connection in an aborted transaction.
        with transaction.atomic():
            figures = collect_figures(on=run.day)
    except Exception as exc:  # one institution's failure is recorded; the others must go on
        error = f"{type(exc).__name__}: {exc}"
        logger.exception("institution figures failed", extra={"run": run_id})
    milliseconds = round((perf_counter() - started) * 1000)
    with schema_context(public):
        outcome = rollup_record(
            run=run, institution_id=institution_id, figures=figures, error=error, milliseconds=milliseconds, as_of=as_of
        )
    logger.info("institution figures recorded", extra={"run": run_id, "outcome": outcome, "ms": milliseconds})
    return outcome


@job("monitoring.history_backfill", time_limit=600)
def history_backfill(institution_id: int, days: int) -> int:
    """Count this institution's figures for each of the `days` days before today that it has no
    history for, with the real KPI functions on the dated rows (the demo's months of trend), and
    record them. Safe to repeat: days already there are skipped."""
    public = get_public_schema_name()
    today = timezone.localdate()
    wanted = [today - timedelta(days=n) for n in range(1, days + 1)]
    with schema_context(public):
        present = set(
            DailyFigure.objects.filter(institution_id=institution_id, day__in=wanted)
            .values_list("day", flat=True)
            .distinct()
        )
    counted = {day: collect_figures(on=day, past=True) for day in wanted if day not in present}
    with schema_context(public):
        written = history_record(institution_id=institution_id, days=counted, now=timezone.now()) if counted else 0
    logger.info("history backfilled", extra={"days": len(counted), "rows": written})
    return len(counted)
