"""Payroll run benchmark: a month's 계산 for N staff end to end through the Celery job, and the
same people through a naive per-employee ORM loop, in the same run.

    BENCH_DATABASE_URL=postgresql://…/works_bench_payroll REDIS_URL=redis://…/4 \\
        .venv/bin/python -m bench.payroll_run [--staff 10000] [--workers 2] [--naive 300]

Builds its own institution (`benchpay`, dropped and made again) in the benchmark database (the
one of BENCH_DATABASE_URL, created if missing; otherwise `works_bench_payroll` on the embedded
server), with N staff and the demo's pay structure (payroll.demo.Seeder.structure: the 2026 pay
table, the items, a profile per person with dated 호봉, insurance bases and own amounts).

1. End to end: starts a Celery worker (`--workers` processes) on that database, creates the March
   2026 run, starts it (payroll.services.payroll_run_enqueue: one message per 500 people) and
   waits until the run reaches 검토. Prints the wall time from the start to the last slip written,
   slips per second, and the slips and lines written.
2. Naive: for `--naive` people, the loop a first version would write — per person, one query per
   thing it reads (profile, its 호봉, the table amount, insurance base, each item, own amounts),
   the engine, and a save per slip and per line. Prints its seconds per slip and the ratio.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

CODE = "benchpay"
MARCH = datetime.date(2026, 3, 1)


def _setup_database() -> str:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("ALLOW_INSECURE_DEV_KEY", "1")
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

        url = devservices.postgres_url().replace("/works?", "/works_bench_payroll?")
        devservices.ensure_database(url)
    os.environ["DATABASE_URL"] = url
    return url


def _people(n: int) -> None:
    from org.models import Department, EmploymentStatus, Grade, User

    grades = [Grade.objects.get_or_create(name=f"{g}급", defaults={"rank": g})[0] for g in range(1, 8)]
    department = Department.objects.create(name="벤치부", code="B100")
    rng = random.Random(14)
    User.objects.bulk_create(
        [
            User(
                username=f"bench{i:05d}",
                name=f"직원{i:05d}",
                password="!",  # noqa: S106 - unusable
                department=department,
                grade=grades[min(6, int(rng.triangular(0, 7, 5)))],
                hire_date=datetime.date(rng.randint(1995, 2025), rng.randint(1, 12), rng.randint(1, 28)),
                employment_status=EmploymentStatus.ACTIVE,
            )
            for i in range(n)
        ],
        batch_size=2000,
    )


def _start_worker(url: str, processes: int, log: Path) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "config.settings"}
    command = [sys.executable, "-m", "celery", "-A", "config", "worker", "--concurrency", str(processes)]
    command += [
        "--loglevel",
        "WARNING",
        "--without-gossip",
        "--without-mingle",
        "--hostname",
        f"benchpay-{os.getpid()}@%h",
    ]
    out = log.open("w")
    return subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)


def bench_end_to_end(url: str, processes: int) -> tuple[float, int]:
    from django_tenants.utils import schema_context

    from config.celery import app
    from payroll.models import PayrollRun, Payslip, PayslipLine, RunStatus
    from payroll.services import payroll_run_create, payroll_run_enqueue

    log = Path("/tmp") / f"benchpay-worker-{os.getpid()}.log"  # noqa: S108 - a benchmark's scratch log
    worker = _start_worker(url, processes, log)
    try:
        deadline = time.monotonic() + 60
        while not app.control.ping(timeout=0.5):
            if worker.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"the worker did not start:\n{log.read_text()[-2000:]}")
        with schema_context(CODE):
            run = payroll_run_create(actor=None, month=MARCH)
            started = time.perf_counter()
            chunks = payroll_run_enqueue(actor=None, run=run, check_attendance=False)  # no clock records here
            while True:
                current = PayrollRun.objects.get(pk=run.pk)
                if current.status == RunStatus.REVIEW:
                    break
                if time.perf_counter() - started > 600:
                    raise SystemExit(f"the run did not finish: {current.done_count}/{current.total_count}")
                time.sleep(0.1)
            seconds = time.perf_counter() - started
            slips = Payslip.objects.filter(run=run).count()
            lines = PayslipLine.objects.filter(slip__run=run).count()
        print(f"end to end ({processes} worker processes, {chunks} chunks): {slips:,} slips, {lines:,} lines")
        print(f"  {seconds:.1f} s = {slips / seconds:,.0f} slips/s (target: 10,000 in ≤ 60 s)")
        return seconds, slips
    finally:
        worker.terminate()
        worker.wait(timeout=30)


def bench_naive(count: int) -> float:
    """Per person, a query per thing read and a save per row written: the loop a first version
    writes, for comparison."""
    from django.db import transaction
    from django_tenants.utils import schema_context

    from payroll.calculator import PersonPay, calculate_slip
    from payroll.inputs import employer_settings, item_rules
    from payroll.models import (
        InsuranceBase,
        PayItem,
        PayProfile,
        PayrollRun,
        PayStep,
        PayTableCell,
        ProfileItem,
        RunKind,
    )
    from payroll.services import slip_row

    with schema_context(CODE):
        run = PayrollRun.objects.create(month=MARCH, kind=RunKind.RETROACTIVE)
        employer = employer_settings()
        ids = list(PayProfile.objects.order_by("pk").values_list("pk", flat=True)[:count])
        started = time.perf_counter()
        for profile_id in ids:
            with transaction.atomic():
                profile = PayProfile.objects.select_related("user").get(pk=profile_id)
                step = (
                    PayStep.objects.filter(profile=profile, effective_from__lte=MARCH)
                    .order_by("-effective_from")
                    .first()
                )
                if step is None:
                    continue
                cell = PayTableCell.objects.get(grade_id=step.grade_id, pay_step=step.pay_step)
                step10 = PayTableCell.objects.filter(grade_id=step.grade_id, pay_step=10).first()
                base = InsuranceBase.objects.filter(profile=profile, year=2026).first()
                own = {}
                for item in PayItem.objects.filter(is_active=True):
                    found = ProfileItem.objects.filter(profile=profile, item=item).first()
                    if found is not None:
                        own[item.code] = found.amount
                person = PersonPay(
                    user_id=profile.user_id,
                    month=MARCH,
                    hired_on=profile.user.hire_date or MARCH,
                    left_on=profile.user.retired_on,
                    grade_name=str(step.grade),
                    pay_step=step.pay_step,
                    base_pay=cell.base_amount,
                    step10_base_pay=step10.base_amount if step10 else None,
                    family=profile.family,
                    children_8_20=profile.children_8_20,
                    spouse=profile.spouse,
                    children=profile.children,
                    other_dependants=profile.other_dependants,
                    ratio=profile.withholding_ratio,
                    pension_base=base.pension_base_amount if base else None,
                    health_base=base.health_base_amount if base else None,
                    personal_amounts=own,
                )
                calculated = calculate_slip(person, item_rules(), employer)
                slip = slip_row(run, calculated, {})
                slip.save()
                for order, line in enumerate(calculated.lines):
                    slip.lines.create(
                        kind=line.kind,
                        code=line.code,
                        label=line.label,
                        amount=line.amount,
                        non_taxable_amount=line.non_taxable_amount,
                        budget_code=line.budget_code,
                        basis=line.basis[:200],
                        order=order,
                    )
        seconds = time.perf_counter() - started
    per_slip = seconds / len(ids)
    print(f"naive per-employee ORM loop: {len(ids)} slips in {seconds:.1f} s = {per_slip * 1000:.1f} ms a slip")
    return per_slip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--staff", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2, help="Celery worker processes")
    parser.add_argument("--naive", type=int, default=300, help="people through the naive loop")
    args = parser.parse_args()
    url = _setup_database()
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone
    from django_tenants.utils import schema_context

    from payroll.demo import Seeder
    from tenants.models import Domain, Institution, InstitutionKind
    from tenants.services import institution_create

    call_command("migrate_all", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute(f'DROP SCHEMA IF EXISTS "{CODE}" CASCADE')
    Domain.objects.filter(tenant__schema_name=CODE).delete()
    Institution.objects.filter(schema_name=CODE).delete()
    institution_create(code=CODE, name="급여벤치재단", kind=InstitutionKind.AGENCY)
    with schema_context(CODE):
        built = time.perf_counter()
        _people(args.staff)
        from org.models import Grade

        grades = {g.name: g for g in Grade.objects.all()}
        counts = Seeder(random.Random(14), timezone.localdate(), grades, CODE).structure()
        print(f"set-up: {counts['pay_profiles']:,} profiles in {time.perf_counter() - built:.1f} s")
    seconds, slips = bench_end_to_end(url, args.workers)
    per_slip = bench_naive(args.naive)
    naive_total = per_slip * slips
    print(
        f"naive loop for {slips:,} slips (extrapolated): {naive_total:.0f} s; "
        f"the run is {naive_total / seconds:.1f}× faster"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
