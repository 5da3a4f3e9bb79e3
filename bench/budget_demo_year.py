"""The demo budget year's seed time (budget.demo_year) per institution.

    .venv/bin/python -m bench.budget_demo_year [--codes dokdo gbri gbtour] [--now 2026-12-05T10:30]

Runs against its own database (``works_bench_budget_demo`` on the embedded server, dropped and
re-created each run; or the database of ``BENCH_DATABASE_URL``, created if missing), so it never
touches the dev data. For each institution: org's seed (provisioning and people), then the tasks
and e-approval seeds as `seed_demo` runs them, then `year_seed` alone, timed; printed with its
lines, postings and amendments, and the drifted lines `manage.py budget_reconcile` would name
(must be 0). The budget seeder's `DemoSeeder.budget_seconds` (budget.plugin) covers this and the
expense plans.

With ``--whole`` it times budget's whole seeder (`budget.demo.institution_seed`: the year, the
expense plans, the execution chain's documents) instead, part by part with each part's SQL
statements and the e-approval documents it made, inside a transaction rolled back at the end, so
the same database can be measured again (``--repeat``).
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

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

        url = devservices.postgres_url().replace("/works?", "/works_bench_budget_demo?")
        devservices.drop_database(url)
        devservices.ensure_database(url)
    os.environ["DATABASE_URL"] = url


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--codes", nargs="+", default=["dokdo", "gbri", "gbtour"])
    parser.add_argument("--now", default="2026-12-05T10:30")
    parser.add_argument("--whole", action="store_true", help="budget's whole seeder, part by part, rolled back")
    parser.add_argument("--repeat", type=int, default=1, help="with --whole: runs per institution")
    args = parser.parse_args()
    now = datetime.fromisoformat(args.now).replace(tzinfo=SEOUL)
    _setup_database()
    import django

    django.setup()
    from django.core.management import call_command
    from django_tenants.utils import schema_context

    from approval import demo as approval_demo
    from budget import demo_year
    from budget.ledger import ledger_drift
    from budget.models import Amendment, BudgetItem, BudgetPosting, Level
    from org import demo as org_demo
    from org import demo_data
    from tasks import demo as tasks_demo
    from tenants.models import Institution

    call_command("migrate_all", verbosity=0)
    specs = {spec.code: spec for spec in demo_data.INSTITUTIONS}
    print(f"demo budget year at {now:%Y-%m-%d %H:%M}")
    for code in args.codes:
        spec = specs[code]
        if not Institution.objects.filter(code=code).exists():
            org_demo.institution_seed(spec=spec, password_hash=lambda: "!", now=now)
        institution = Institution.objects.get(code=code)
        with schema_context(institution.schema_name):
            tasks_demo.institution_seed(institution=institution, now=now)
            approval_demo.institution_seed(institution=institution, now=now)
            if args.whole:
                for _ in range(args.repeat):
                    _whole(code, spec.staff, institution, now)
                continue
            result = demo_year.year_seed(institution=institution, now=now)
            lines = BudgetItem.objects.filter(level=Level.ITEM).count()
            print(
                f"{code:<12} staff {spec.staff:>3}: {result.seconds:.2f} s — {lines} lines, "
                f"{BudgetPosting.objects.count():,} postings, {Amendment.objects.count()} amendments, "
                f"drifted lines {len({d.line_id for d in ledger_drift()})}"
                + ("" if result.created else f" (not seeded: {result.note})")
            )
    return 0


class _Rollback(Exception):
    pass


def _whole(code: str, staff: int, institution: Any, now: datetime) -> None:
    """Budget's whole seeder with its parts timed and their statements counted; rolled back."""
    from time import perf_counter

    from django.db import connection, transaction

    from approval.models import Document
    from budget import demo
    from budget.ledger import ledger_drift

    parts: dict[str, list[float]] = {}  # part → [seconds, statements, documents]
    statements = [0]

    def count(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        statements[0] += 1
        return execute(sql, params, many, context)

    def timed(name: str, function):  # type: ignore[no-untyped-def]
        def run(*args, **kwargs):  # type: ignore[no-untyped-def]
            before, documents, started = statements[0], Document.objects.count(), perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                parts[name] = [
                    perf_counter() - started,
                    statements[0] - before,
                    Document.objects.count() - documents,
                ]

        return run

    year_seed, seed_execution = demo.year_seed, demo.seed_execution
    demo.year_seed = timed("year", year_seed)
    demo.seed_execution = timed("execution chain", seed_execution)
    try:
        with connection.execute_wrapper(count), transaction.atomic():
            documents, started = Document.objects.count(), perf_counter()
            result = demo.institution_seed(institution=institution, now=now)
            total, documents = perf_counter() - started, Document.objects.count() - documents
            drifted = len({d.line_id for d in ledger_drift()})
            raise _Rollback
    except _Rollback:
        pass
    finally:
        demo.year_seed, demo.seed_execution = year_seed, seed_execution
    year, chain = parts.get("year", [0, 0, 0]), parts.get("execution chain", [0, 0, 0])
    plans = [total - year[0] - chain[0], statements[0] - year[1] - chain[1], documents - year[2] - chain[2]]
    print(
        f"{code:<12} staff {staff:>3}: budget seeder {total:.2f} s, {statements[0]:,} statements, "
        f"{documents} e-approval documents, "
        f"drifted lines {drifted}" + ("" if result.created else f" (not seeded: {result.note})")
    )
    for name, (seconds, made, docs) in (("year", year), ("expense plans", plans), ("execution chain", chain)):
        print(f"    {name:<16} {seconds:6.2f} s {int(made):>6,} statements, {int(docs)} documents")


if __name__ == "__main__":
    sys.exit(main())
