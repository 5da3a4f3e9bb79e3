"""Attendance benchmark: the 09:00 rush, my month with a year of records, a month's payroll inputs.

    .venv/bin/python -m bench.attendance [--staff 300] [--threads 30]

Runs against its own database (``works_bench_attendance`` on the embedded server, dropped and
re-created each run; or the database of ``BENCH_DATABASE_URL``, created if missing, where only the
benchmark's institution is dropped and made again), so it never touches the dev data.

1. Rush: `--staff` people clock in within one burst, `--threads` at a time each on its own
   connection, every one clicking twice (the double click): the clock service's latency p50/p95,
   the records written (must equal the staff: none lost, none doubled). This exercises the service
   and the database, not the HTTP stack.
2. My month: `my_month` for one person with a year of clock records in the institution (the
   staff's whole year: ~2 records × 230 days × staff), p50/p95 over 50 calls.
3. Payroll inputs: `payroll_inputs` for a month of the whole institution.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import threading
import time
from datetime import date, datetime, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

CODE = "benchattend"
SEOUL = ZoneInfo("Asia/Seoul")


def _setup_database() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("ALLOW_INSECURE_DEV_KEY", "1")
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    url = os.environ.get("BENCH_DATABASE_URL")
    if url:
        import psycopg
        from psycopg import sql

        name = urlsplit(url).path.lstrip("/")
        admin = url.replace(f"/{name}", "/postgres", 1)
        with psycopg.connect(admin, autocommit=True) as conn:
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
                conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    else:
        from config import devservices

        url = devservices.postgres_url().replace("/works?", "/works_bench_attendance?")
        devservices.drop_database(url)
        devservices.ensure_database(url)
    os.environ["DATABASE_URL"] = url


def _percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[max(0, int(len(ordered) * 0.95) - 1)]
    return f"p50 {statistics.median(ordered) * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms"


def _institution(staff: int) -> list[int]:
    from django.core.management import call_command
    from django.db import connection
    from django_tenants.utils import schema_context

    from org.models import Department, User
    from tenants.models import Institution, InstitutionKind
    from tenants.services import ensure_province, ensure_template_schema, institution_create

    call_command("migrate_schemas", "--shared", verbosity=0)
    ensure_province()
    ensure_template_schema()
    existing = Institution.objects.filter(schema_name=CODE).first()
    if existing is not None:
        existing.delete(force_drop=True)
    institution_create(code=CODE, name="복무벤치공사", kind=InstitutionKind.CORPORATION)
    with schema_context(CODE):
        department = Department.objects.create(name="벤치부", code="B100")
        User.objects.bulk_create(
            User(
                username=f"b{n:04d}",
                name=f"직원{n}",
                employee_number=f"B{n:04d}",
                department=department,
                hire_date=date(2020, 3, 1),
                password="!",  # noqa: S106 - an unusable password: nobody signs in
            )
            for n in range(staff)
        )
        ids = list(User.objects.order_by("pk").values_list("pk", flat=True))
    connection.set_schema_to_public()
    return ids


def bench_rush(ids: list[int], threads: int) -> None:
    from django.db import connection
    from django_tenants.utils import schema_context

    from attendance.clock import clock
    from attendance.models import ClockRecord
    from org.models import User

    now = datetime.now(SEOUL).replace(hour=8, minute=59)
    queue = list(ids)
    lock = threading.Lock()
    samples: list[float] = []

    def worker() -> None:
        with schema_context(CODE):
            try:
                while True:
                    with lock:
                        if not queue:
                            return
                        person_id = queue.pop()
                    person = User(pk=person_id)
                    for _click in range(2):  # the double click
                        started = time.perf_counter()
                        clock(person=person, kind="in", ip="10.0.0.1", now=now)
                        with lock:
                            samples.append(time.perf_counter() - started)
            finally:
                connection.close()

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    started = time.perf_counter()
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    seconds = time.perf_counter() - started
    with schema_context(CODE):
        written = ClockRecord.objects.filter(day=now.date(), kind="in").count()
    connection.set_schema_to_public()
    print(
        f"rush: {len(ids)} staff × 2 clicks over {threads} connections in {seconds:.2f} s: {_percentiles(samples)}; "
        f"records {written} (expected {len(ids)})"
    )


def _a_year(ids: list[int]) -> date:
    from django.db import connection
    from django_tenants.utils import schema_context

    from attendance.calendar import working_days

    today = datetime.now(SEOUL).date()
    first = date(today.year, 1, 1)
    days = list(working_days(first, today - timedelta(days=1)).days)
    with schema_context(CODE), connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO attendance_clockrecord (person_id, day, kind, at, source, ip_address)
            SELECT u, d, k, (d + CASE WHEN k = 'in' THEN time '08:50' ELSE time '18:10' END) AT TIME ZONE 'Asia/Seoul',
                   'demo', NULL::inet
            FROM unnest(%s::bigint[]) u CROSS JOIN unnest(%s::date[]) d CROSS JOIN (VALUES ('in'), ('out')) v(k)
            ON CONFLICT DO NOTHING
            """,
            [ids, days],
        )
        print(f"a year: {cursor.rowcount:,} clock records for {len(ids)} staff")
    connection.set_schema_to_public()
    return days[-1] if days else today


def bench_month(ids: list[int], last_day: date) -> None:
    from django_tenants.utils import schema_context

    from attendance.selectors import my_month
    from org.models import User

    with schema_context(CODE):
        person = User.objects.get(pk=ids[0])
        samples = []
        for _ in range(50):
            started = time.perf_counter()
            my_month(person, last_day.year, last_day.month)
            samples.append(time.perf_counter() - started)
    print(f"my month ({last_day:%Y-%m}): {_percentiles(samples)}")


def bench_payroll(last_day: date) -> None:
    from django_tenants.utils import schema_context

    from attendance.close import payroll_inputs

    with schema_context(CODE):
        started = time.perf_counter()
        rows = payroll_inputs(last_day.year, last_day.month)
        seconds = time.perf_counter() - started
    print(f"payroll inputs ({last_day:%Y-%m}): {len(rows)} people in {seconds * 1000:.0f} ms")


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--staff", type=int, default=300)
    parser.add_argument("--threads", type=int, default=30)
    args = parser.parse_args(argv)
    _setup_database()
    import django

    django.setup()
    ids = _institution(args.staff)
    bench_rush(ids, args.threads)
    last_day = _a_year(ids)
    full_month = last_day.replace(day=1) - timedelta(days=1)  # the last month wholly recorded
    bench_month(ids, full_month)
    bench_payroll(full_month)


if __name__ == "__main__":
    main(sys.argv[1:])
