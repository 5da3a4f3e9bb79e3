"""Province monitoring benchmark: the rollup through a real Celery worker as the province grows,
and the dashboard's server time.

    .venv/bin/python -m bench.monitoring [--sizes 21,30,100,300] [--requests 100] [--reuse] [--pages-only]

Runs against its own database: BENCH_DATABASE_URL, or the server of DATABASE_URL with
``_bench_monitoring`` added to the database's name, or the embedded server's
``works_bench_monitoring``; dropped and made again each run unless ``--reuse`` keeps one an
earlier run seeded. Its worker listens on BENCH_REDIS_URL (default: REDIS_URL's server, database
12), so a running `make run` worker never takes its jobs.

1. migrates and seeds the demo province (21 institutions, every app's history) and waits for the
   worker to count the demo's 92 days of monitoring history;
2. for each size: provisions small but realistic institutions up to that size (20 staff with
   grades and a 정원, directives, memo reports, a unit-task card), runs one rollup through the
   worker (concurrency 2, as `make run` starts it) and reports the wall time and the seconds per
   institution; the last size gives the projection for 1,000;
3. times the dashboard's pages in-process as `planner` (Django's test client, DEBUG off: server
   time without the network) at the first and the last size: p50/p95 and SQL queries per page.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BASE_DIR = Path(__file__).resolve().parent.parent
PAGES = ["/monitoring/", "/monitoring/?sort=tasks.directives_overdue&dir=desc", "/monitoring/kpis/org.headcount/"]


def _urls() -> tuple[str, str]:
    url = os.environ.get("BENCH_DATABASE_URL")
    if not url:
        if os.environ.get("DATABASE_URL"):
            parts = urlsplit(os.environ["DATABASE_URL"])
            url = urlunsplit(parts._replace(path=parts.path.rstrip("/") + "_bench_monitoring"))
        else:
            from config import devservices

            url = devservices.postgres_url().replace("/works?", "/works_bench_monitoring?")
    redis = os.environ.get("BENCH_REDIS_URL")
    if not redis:
        if os.environ.get("REDIS_URL", "").startswith("redis://"):
            redis = urlunsplit(urlsplit(os.environ["REDIS_URL"])._replace(path="/12"))
        else:
            from config import devservices

            redis = devservices.redis_url()
    return url, redis


def _database(url: str, *, fresh: bool) -> None:
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        if fresh:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def _quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _worker(log: Path) -> subprocess.Popen:
    command = [sys.executable, "-m", "celery", "-A", "config", "worker", "--concurrency", "2"]
    command += ["--queues", "celery", "--loglevel", "WARNING", "--without-gossip", "--without-mingle"]
    command += ["--hostname", f"bench-monitoring-{os.getpid()}@%h"]
    return subprocess.Popen(
        command, env=os.environ.copy(), cwd=BASE_DIR, stdout=log.open("w"), stderr=subprocess.STDOUT
    )


def _wait_for_history(days: int, timeout: float) -> float:
    """Seconds until every demo institution has `days` past days of figures."""
    from django.db.models import Count

    from monitoring.models import DailyFigure
    from monitoring.services import active_institutions

    started = time.perf_counter()
    codes = list(active_institutions().exclude(code__startswith="bench").values_list("pk", flat=True))
    while time.perf_counter() - started < timeout:
        counts = dict(
            DailyFigure.objects.filter(institution_id__in=codes, code="org.headcount")
            .values("institution_id")
            .annotate(n=Count("day"))
            .values_list("institution_id", "n")
        )
        if len(counts) == len(codes) and min(counts.values()) > days:
            return time.perf_counter() - started
        time.sleep(1)
    raise RuntimeError("the worker did not count the demo's history in time")


def _small_institution(code: str, index: int) -> None:
    """Provision `code` and give it 20 staff in three departments, a 정원, a unit task with its
    card, five directives and ten memo reports: a small institution, with every table the
    rollup reads in use."""
    from datetime import timedelta

    from django.contrib.auth.hashers import make_password
    from django.utils import timezone
    from django_tenants.utils import schema_context

    from org.models import Department, Grade, OrgSettings, User
    from tasks.models import Directive, MemoReport
    from tenants.models import InstitutionKind
    from tenants.services import institution_create

    kinds = [InstitutionKind.CONTRIBUTED, InstitutionKind.AGENCY, InstitutionKind.CORPORATION, InstitutionKind.INVESTED]
    institution = institution_create(code=code, name=f"벤치기관{index:03d}", kind=kinds[index % 4]).institution
    now = timezone.now()
    with schema_context(institution.schema_name):
        departments = [Department.objects.create(name=f"부서{n}", code=f"B{n}", path=f"{n:04d}.") for n in range(3)]
        grades = [Grade.objects.create(name=f"{n}급", rank=n) for n in range(4, 8)]
        password = make_password(None)
        users = User.objects.bulk_create(
            User(
                username=f"u{n}",
                name=f"직원{n}",
                password=password,
                employee_number=f"{n:04d}",
                department=departments[n % 3],
                grade=grades[n % 4],
                hire_date=(now - timedelta(days=200 * n)).date(),
            )
            for n in range(20)
        )
        OrgSettings.objects.create(authorised_headcount=22)
        Directive.objects.bulk_create(
            Directive(
                title=f"지시 {n}",
                body="이행 바랍니다",
                issued_by=users[0],
                issued_at=now - timedelta(days=10 + n),
                due_on=(now - timedelta(days=n * 3)).date(),
                department=departments[n % 3],
            )
            for n in range(5)
        )
        MemoReport.objects.bulk_create(
            MemoReport(
                title=f"메모 {n}",
                body="보고",
                author=users[n],
                department=users[n].department,
                sent_at=now - timedelta(days=n),
            )
            for n in range(10)
        )


def _grow(to: int) -> float:
    from monitoring.services import active_institutions

    have = active_institutions().count()
    started = time.perf_counter()
    for index in range(have, to):
        _small_institution(f"bench{index:03d}", index)
    added = to - have
    return (time.perf_counter() - started) / added if added > 0 else 0.0


def _rollup(size: int, timeout: float) -> tuple[int, float, int, int]:
    """One run over the first `size` institutions (the demo's, then the bench's), through the
    worker as the scheduled rollup does (its dispatch job, then one job per institution), however
    many institutions an earlier --reuse run left in the database."""
    from django.utils import timezone

    from monitoring.models import RollupRun
    from monitoring.services import active_institutions
    from monitoring.tasks import rollup_dispatch

    RollupRun.objects.filter(finished_at__isnull=True).update(finished_at=timezone.now())
    demo_first = sorted(
        active_institutions().values_list("code", "pk"), key=lambda row: (row[0].startswith("bench"), row[0])
    )
    ids = [pk for _code, pk in demo_first][:size]
    started = time.perf_counter()
    run = RollupRun.objects.create(
        trigger=RollupRun.Trigger.MANUAL,
        day=timezone.localdate(),
        institution_ids=ids,
        total=len(ids),
        started_at=timezone.now(),
    )
    rollup_dispatch.delay(run.pk)
    while time.perf_counter() - started < timeout:
        run.refresh_from_db()
        if run.finished_at:
            return run.total, time.perf_counter() - started, run.ok_count, run.failed_count
        time.sleep(0.2)
    raise RuntimeError(f"the rollup of {run.total} institutions did not finish in {timeout:.0f}s")


@contextmanager
def _only_first(size: int) -> Iterator[int]:
    """The dashboard as it is with the first `size` institutions: the others are deactivated
    meanwhile (and activated again after), so a --reuse run measures the same as a fresh one."""
    from monitoring.services import active_institutions
    from tenants.models import Institution

    codes = sorted(active_institutions().values_list("code", flat=True), key=lambda c: (c.startswith("bench"), c))
    hidden = codes[size:]
    Institution.objects.filter(code__in=hidden).update(is_active=False)
    try:
        yield min(size, len(codes))
    finally:
        Institution.objects.filter(code__in=hidden).update(is_active=True)


def _pages(requests: int) -> dict[str, tuple[float, float, int]]:
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from org.models import User

    settings.ALLOWED_HOSTS = ["*"]
    client = Client(HTTP_HOST=settings.BASE_DOMAIN)
    client.force_login(User.objects.get(username="planner"))
    code = "gbdc"
    results = {}
    for path in [*PAGES, f"/monitoring/institutions/{code}/"]:
        for _ in range(5):
            client.get(path)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        queries = len(captured)  # now: later requests empty the connection's query log
        if response.status_code != 200:
            raise RuntimeError(f"{path} answered {response.status_code}")
        timings = []
        for _ in range(requests):
            start = time.perf_counter()
            client.get(path)
            timings.append((time.perf_counter() - start) * 1000)
        results[path] = (_quantile(timings, 0.5), _quantile(timings, 0.95), queries)
    return results


def _print_pages(label: str, pages: dict[str, tuple[float, float, int]]) -> None:
    print(f"dashboard with {label}:")
    for path, (p50, p95, queries) in pages.items():
        print(f"  {path:55s} p50 {p50:6.1f} ms  p95 {p95:6.1f} ms  {queries} SQL queries")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="21,30,100,300", help="province sizes to roll up (the first is the demo)")
    parser.add_argument("--requests", type=int, default=100, help="timed requests per dashboard page")
    parser.add_argument("--reuse", action="store_true", help="keep a bench database an earlier run seeded")
    parser.add_argument(
        "--pages-only",
        action="store_true",
        help="only time the pages, in a database an earlier run seeded and rolled up (no migrate, seed or rollup)",
    )
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("ALLOW_INSECURE_DEV_KEY", "1")
    os.environ["DEBUG"] = "0"
    url, redis = _urls()
    _database(url, fresh=not (args.reuse or args.pages_only))
    os.environ["DATABASE_URL"], os.environ["REDIS_URL"] = url, redis
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from monitoring.demo import HISTORY_DAYS

    # Plain static URLs: the pages' server time does not depend on the manifest's hashed names.
    staticfiles = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    settings.STORAGES = {**settings.STORAGES, "staticfiles": staticfiles}
    if args.pages_only:
        for size in sizes:
            with _only_first(size) as shown:
                _print_pages(f"{shown} institutions", _pages(args.requests))
        return 0
    t0 = time.perf_counter()
    call_command("migrate_all", verbosity=0)
    print(f"migrate: {time.perf_counter() - t0:.1f}s")
    t0 = time.perf_counter()
    call_command("seed_demo", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    print(f"seed_demo: {time.perf_counter() - t0:.1f}s")

    log = BASE_DIR / ".data" / "bench-monitoring-worker.log"
    log.parent.mkdir(exist_ok=True)
    worker = _worker(log)
    try:
        waited = _wait_for_history(HISTORY_DAYS - 1, timeout=1800)
        print(f"demo history ({HISTORY_DAYS} days × 21 institutions) counted by the worker within {waited:.1f}s")
        with _only_first(sizes[0]) as small:
            pages_small = _pages(args.requests)
        rows = []
        for size in sizes:
            provisioning = _grow(size)
            total, seconds, ok, failed = _rollup(size, timeout=max(600, size * 4))
            rows.append((total, seconds))
            note = f", provisioning {provisioning:.2f}s/institution" if provisioning else ""
            print(
                f"rollup of {total} institutions: {seconds:.1f}s wall = {seconds / total:.3f}s per institution "
                f"({ok} ok, {failed} failed{note})"
            )
        with _only_first(sizes[-1]) as large:
            pages_large = _pages(args.requests)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    total, seconds = rows[-1]
    if len(rows) > 1:
        (n1, s1), (n2, s2) = rows[-2], rows[-1]
        slope = (s2 - s1) / (n2 - n1)
        print(
            f"projection for 1,000 institutions: {s2 + slope * (1000 - n2):.0f}s "
            f"(marginal {slope:.3f}s per institution between {n1} and {n2})"
        )
    _print_pages(f"{small} institutions", pages_small)
    _print_pages(f"{large} institutions", pages_large)
    print(f"median page p95 across pages: {statistics.median(p[1] for p in pages_large.values()):.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
