"""The demo province seeded by several processes at once (`manage.py seed_demo --jobs N`).

Institutions share nothing but the public schema, so each can be seeded in its own process with
its own database connection. This process provisions the institutions' schemas one after the
other, in the demo's order (provisioning takes one database lock anyway: tenants.services), and
hands each institution, as soon as its schema exists, to the next free worker process, which
writes its people (org.demo.institution_seed) and then its apps' history (the declared seeders,
in INSTALLED_APPS order). So the clones and the histories go on at the same time.

What one institution's history reads of the others does not depend on how fast the processes
go: e-approval sends documents only to institutions registered before the sender (the province
and the institutions earlier in the demo's order, all provisioned before the sender's schema
is), as the one-process seed always did. What seeders write to the public schema at once is
safe: monitoring's province figures are counted one transaction at a time
(monitoring.services.province_days_refresh), the audit chains lock per schema, and shared rows
made once (the province's 신속집행 targets) are UNIQUE.

This process also reports: it prints each institution's lines (org's, then its seeders') when
the institution is done and counts the progress the province's home shows ("데모 데이터 준비 중
n/21"), so the count is that of institutions whose whole history is written, whichever process
wrote it.

Worker processes are started fresh ("spawn"), never forked: each is a new interpreter that sets
Django up itself (_worker_start) and opens its own connections, so it inherits no socket, thread
or lock of this process. Forked workers hung inside a pytest-xdist worker in CI: a fork copies
the open sockets and client objects (database, cache, broker connections, execnet's channel) of
every thread and the locks they held at that moment, but not the threads themselves, so what
the child finds depends on what the forking process happened to be doing. A spawned worker
costs a second or two of start-up and depends on nothing but its arguments: the settings module
(environment), the database it must use (the parent's, which a test run renames at run time),
and plain data (the seeders as dotted paths). This module therefore imports no model at import
time: a spawned worker imports it before Django is set up. Inside a transaction (a test's) the
workers could not see the uncommitted rows, so the command seeds in its own process there.
"""

from __future__ import annotations

import multiprocessing
import signal
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

import django
from django.conf import settings
from django.db import connections
from django.utils.module_loading import import_string

if TYPE_CHECKING:  # a spawned worker imports this module before Django is set up
    from org import demo_data as data
    from org.demo import SeedResult
    from tenants.models import Institution


@dataclass(frozen=True)
class SeederOutcome:
    """What one app's seeder did for one institution, as `seed_demo` prints it."""

    label: str
    counts: dict[str, int]
    seconds: float
    note: str
    budget: float


# (label, function, budget in seconds) per declared seeder, in INSTALLED_APPS order.
Seeders = Sequence[tuple[str, Callable, float]]
Done = Callable[["SeedResult", list[SeederOutcome]], None]


def apps_seed(*, institution: Institution, now: datetime, seeders: Seeders) -> list[SeederOutcome]:
    """Run every declared seeder for `institution` inside its schema, in order."""
    from django_tenants.utils import schema_context

    outcomes = []
    for label, func, budget in seeders:
        with schema_context(institution.schema_name):
            outcome = func(institution=institution, now=now)
        outcomes.append(SeederOutcome(label, dict(outcome.counts), outcome.seconds, outcome.note, budget))
    return outcomes


@dataclass(frozen=True)
class _Job:
    now: datetime
    password_hash: str
    # (label, dotted path of the function, budget): a spawned worker imports them once set up.
    seeders: tuple[tuple[str, str, float], ...]


# Set in each worker by _worker_start.
_job: _Job | None = None
_seeders: Seeders = ()


def _worker_start(databases: dict[str, str], job: _Job) -> None:
    """In a fresh worker process: Django set up on the parent's databases, then the job's seeders."""
    global _job, _seeders
    # Ctrl-C reaches the whole process group: the parent alone stops the seed (it ends the
    # workers, whose open transactions roll back, and takes the progress notices down).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # The settings module comes with the environment; the database's name may have been changed
    # at run time (a test run's database), so it comes from the parent, before any connection.
    for alias, name in databases.items():
        settings.DATABASES[alias]["NAME"] = name
    django.setup()
    _job = job
    _seeders = tuple((label, import_string(path), budget) for label, path, budget in job.seeders)


def _institution(spec: data.InstitutionSpec) -> tuple[SeedResult, list[SeederOutcome]]:
    """In a worker: the institution's people, then its apps' history."""
    from org.demo import institution_seed
    from tenants.models import Institution

    assert _job is not None  # noqa: S101 - set by _worker_start
    job = _job
    try:
        result = institution_seed(spec=spec, password_hash=lambda: job.password_hash, now=job.now)
        if not _seeders:
            return result, []
        institution = Institution.objects.get(code=spec.code)
        return result, apps_seed(institution=institution, now=job.now, seeders=_seeders)
    finally:
        connections.close_all()


def _dotted_path(func: Callable) -> str:
    return f"{func.__module__}.{func.__qualname__}"


def seed_in_processes(
    *,
    specs: Sequence[data.InstitutionSpec],
    now: datetime,
    password_hash: str,
    seeders: Seeders,
    jobs: int,
    done: Done,
) -> list[SeedResult]:
    """Seed `specs` (their schemas here, their people and every app's history in `jobs` worker
    processes); call `done` in this process with each institution's results as soon as its
    history is written. Returns org's results in the order of `specs`. The province must already
    be seeded."""
    from org.demo import institution_provision

    job = _Job(
        now=now,
        password_hash=password_hash,
        seeders=tuple((label, _dotted_path(func), budget) for label, func, budget in seeders),
    )
    databases = {alias: connections[alias].settings_dict["NAME"] for alias in settings.DATABASES}
    results: dict[str, SeedResult] = {}
    # concurrent.futures rather than multiprocessing.Pool: a worker that dies (killed, out of
    # memory) breaks the pool with an error here, where Pool would quietly replace it and wait
    # for its lost institution forever. "spawn": see the module's docstring.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(jobs, mp_context=context, initializer=_worker_start, initargs=(databases, job)) as pool:
        pending: list[Future] = []
        for spec in specs:
            institution_provision(spec=spec)
            pending.append(pool.submit(_institution, spec))
            _report_finished(pending, results, done)
        while pending:
            time.sleep(0.2)
            _report_finished(pending, results, done)
    return [results[spec.code] for spec in specs]


def _report_finished(pending: list[Future], results: dict[str, SeedResult], done: Done) -> None:
    for task in [task for task in pending if task.done()]:
        pending.remove(task)
        result, outcomes = task.result()  # a worker's exception (or a dead worker) is raised here
        results[result.code] = result
        done(result, outcomes)
