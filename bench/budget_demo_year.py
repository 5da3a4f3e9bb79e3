"""The demo budget year's seed time (budget.demo_year) per institution.

    .venv/bin/python -m bench.budget_demo_year [--codes dokdo gbri gbtour] [--now 2026-12-05T10:30]

Runs against its own database (``works_bench_budget_demo`` on the embedded server, dropped and
re-created each run; or the database of ``BENCH_DATABASE_URL``, created if missing), so it never
touches the dev data. For each institution: org's seed (provisioning and people), then the tasks
and e-approval seeds as `seed_demo` runs them, then `year_seed` alone, timed; printed with its
lines, postings and amendments, and the drifted lines `manage.py budget_reconcile` would name
(must be 0). The budget seeder's `DemoSeeder.budget_seconds` (budget.plugin) covers this and the
expense plans.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import datetime
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
            result = demo_year.year_seed(institution=institution, now=now)
            lines = BudgetItem.objects.filter(level=Level.ITEM).count()
            print(
                f"{code:<12} staff {spec.staff:>3}: {result.seconds:.2f} s — {lines} lines, "
                f"{BudgetPosting.objects.count():,} postings, {Amendment.objects.count()} amendments, "
                f"drifted lines {len({d.line_id for d in ledger_drift()})}"
                + ("" if result.created else f" (not seeded: {result.note})")
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
