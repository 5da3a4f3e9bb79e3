"""The rollup through a real Celery worker and the real Redis (STYLE: one integration test per job):
the scheduled job fans out one job per institution, each run in its own schema; an institution
whose schema is broken fails alone and keeps its last good figures, marked stale; a job delivered
twice writes once.

The worker sees committed data only, so this module provisions two institutions of its own (the
session's alpha and beta are committed too, so they are rolled up as well) and removes what the
worker wrote when it is done."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone
from django_tenants.utils import schema_context

from monitoring.models import AlertRule, DailyFigure, InstitutionStatus, RollupResult, RollupRun, Snapshot
from monitoring.services import active_institutions
from monitoring.tasks import rollup_institution, rollup_scheduled
from notifications.models import Notification
from tenants.models import Institution, InstitutionKind
from tenants.services import institution_create
from tests.factories import DepartmentFactory, UserFactory
from tests.races import in_thread
from tests.workers import WAIT_SECONDS, celery_worker, json_lines

GOOD, BROKEN = "monwell", "monbroken"

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


def _clear_monitoring() -> None:
    RollupRun.objects.all().delete()
    for model in (Snapshot, DailyFigure, InstitutionStatus, AlertRule):
        model.objects.all().delete()
    Notification.objects.filter(category="monitoring_alert").delete()


@pytest.fixture(scope="module")
def institutions(django_db_setup, django_db_blocker):
    """Two committed institutions: GOOD with four staff, BROKEN with two."""
    with django_db_blocker.unblock():
        made = [
            institution_create(code=GOOD, name="모니터링시험공단", kind=InstitutionKind.AGENCY).institution,
            institution_create(code=BROKEN, name="고장시험재단", kind=InstitutionKind.CONTRIBUTED).institution,
        ]
        try:
            for institution, people in zip(made, (4, 2), strict=True):
                with schema_context(institution.schema_name):
                    department = DepartmentFactory(name="경영지원팀", code="M100")
                    for _ in range(people):
                        UserFactory(department=department)
            connection.set_schema_to_public()
            yield {i.code: i for i in made}
        finally:
            connection.set_schema_to_public()
            _clear_monitoring()
            for institution in made:
                Institution.objects.get(pk=institution.pk).delete(force_drop=True)


@pytest.fixture(scope="module")
def worker(institutions, tmp_path_factory):
    log: Path = tmp_path_factory.mktemp("monitoring-worker") / "worker.log"
    with celery_worker(log, name="monitoring") as running:
        yield running


def _finished_run(after: int = 0) -> RollupRun:
    deadline = time.monotonic() + WAIT_SECONDS * 2
    while time.monotonic() < deadline:
        run = RollupRun.objects.filter(pk__gt=after, finished_at__isnull=False).order_by("-pk").first()
        if run is not None:
            return run
        time.sleep(0.3)
    raise AssertionError("the rollup did not finish")


def _last_run_pk() -> int:
    return RollupRun.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def _value(code: str, key: str = "org.headcount"):
    return Snapshot.objects.filter(institution__code=code, code=key).values_list("value", "as_of").first()


def test_the_scheduled_rollup_fans_out_one_job_per_institution_in_its_own_schema(institutions, worker):
    before = _last_run_pk()
    rollup_scheduled.delay()

    run = _finished_run(after=before)
    expected = set(active_institutions().values_list("code", flat=True))
    assert {GOOD, BROKEN, "alpha", "beta"} <= expected
    assert (run.total, run.ok_count, run.failed_count) == (len(expected), len(expected), 0)
    recorded = [e for e in json_lines(worker) if e.get("message") == "institution figures recorded"]
    assert {e["schema"] for e in recorded if e.get("run") == run.pk} == expected  # each in its own schema
    assert _value(GOOD)[0] == 4
    assert _value(BROKEN)[0] == 2
    assert _value("alpha")[0] == 3


def test_a_broken_institution_fails_alone_and_keeps_its_last_good_figures(institutions, worker):
    before = _last_run_pk()
    rollup_scheduled.delay()
    first = _finished_run(after=before)
    good_before = _value(BROKEN)

    def rename(old: str, new: str) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f'ALTER TABLE "{BROKEN}"."{old}" RENAME TO "{new}"')

    in_thread(lambda: rename("tasks_directive", "tasks_directive_gone"), schema=None)  # committed
    try:
        rollup_scheduled.delay()
        run = _finished_run(after=first.pk)
    finally:
        in_thread(lambda: rename("tasks_directive_gone", "tasks_directive"), schema=None)

    assert (run.failed_count, run.ok_count) == (1, run.total - 1)
    failure = RollupResult.objects.get(run=run, ok=False)
    assert failure.institution.code == BROKEN
    assert "tasks_directive" in failure.error
    assert _value(BROKEN) == good_before  # the same value, counted at the same moment: stale
    status = InstitutionStatus.objects.get(institution__code=BROKEN)
    assert status.is_stale
    assert _value(BROKEN, "monitoring.rollup_failures")[0] == 1
    assert _value(GOOD)[1] > good_before[1]  # the others moved on


def test_a_job_delivered_twice_writes_once(institutions, worker):
    good = institutions[GOOD]

    def new_run() -> int:
        return RollupRun.objects.create(
            trigger=RollupRun.Trigger.MANUAL,
            day=timezone.localdate(),
            institution_ids=[good.pk],
            total=1,
            started_at=timezone.now(),
        ).pk

    run_pk = in_thread(new_run, schema=None)  # committed, so the worker sees it
    with schema_context(GOOD):
        rollup_institution.delay(run_pk, good.pk)
        rollup_institution.delay(run_pk, good.pk)

    deadline = time.monotonic() + WAIT_SECONDS
    outcomes: list[str] = []
    while time.monotonic() < deadline and len(outcomes) < 2:
        outcomes = [
            e["outcome"]
            for e in json_lines(worker)
            if e.get("message") == "institution figures recorded" and e.get("run") == run_pk
        ]
        time.sleep(0.3)
    assert sorted(outcomes) == ["duplicate", "ok"], worker.read_text()[-3000:]
    run = RollupRun.objects.get(pk=run_pk)
    assert (run.ok_count, run.failed_count, run.finished_at is not None) == (1, 0, True)
    assert RollupResult.objects.filter(run=run).count() == 1
