"""Payroll pages benchmark: the run page and 내 급여 with a year of runs.

    BENCH_DATABASE_URL=postgresql://…/works_bench_paypages .venv/bin/python -m bench.payroll_pages \\
        [--staff 300] [--months 12] [--requests 50]

Builds its own institution (`benchpay`, dropped and made again) in the benchmark database: `--staff`
people with the demo's pay structure (bench.payroll_run's people, payroll.demo's table, items and
profiles), then a regular run for each month of 2026 up to `--months`, calculated in process
through the engine and marked 확정 (a year of history: slips and their lines, about seventeen a
slip). Then times, warm, in process (server time without the network; p50/p95 over `--requests`,
SQL queries per request, the process's CPU and the time in SQL, as bench.records_register does):
the 급여 담당's run page (the last month's run, its first page of slips and the 검토 rows), the
run list (a year of runs) and one member of staff's 내 급여 (a year of slips) and slip page.
"""

from __future__ import annotations

import argparse
import datetime
import random
import sys
import time

from bench.payroll_run import _people, _setup_database
from bench.records_register import PLAIN_STATIC, _timed

CODE = "benchpay"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--staff", type=int, default=300)
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--requests", type=int, default=50, help="timed requests per page")
    args = parser.parse_args()
    _setup_database()
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth.models import Group
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import override_settings
    from django.utils import timezone
    from django_tenants.utils import schema_context

    from org import roles
    from org.models import Grade, User
    from payroll.demo import Seeder
    from payroll.models import PayrollRun, Payslip, PayslipLine, RunStatus
    from payroll.permissions import PAYROLL_OFFICER
    from payroll.services import payroll_run_calculate_now, payroll_run_create
    from tenants.models import Domain, Institution, InstitutionKind
    from tenants.services import institution_create, institution_domain

    call_command("migrate_all", verbosity=0)
    override_settings(STORAGES={**settings.STORAGES, "staticfiles": {"BACKEND": PLAIN_STATIC}}).enable()
    with connection.cursor() as cursor:
        cursor.execute(f'DROP SCHEMA IF EXISTS "{CODE}" CASCADE')
    Domain.objects.filter(tenant__schema_name=CODE).delete()
    Institution.objects.filter(schema_name=CODE).delete()
    institution_create(code=CODE, name="급여벤치재단", kind=InstitutionKind.AGENCY)
    with schema_context(CODE):
        built = time.perf_counter()
        _people(args.staff)
        grades = {g.name: g for g in Grade.objects.all()}
        Seeder(random.Random(14), timezone.localdate(), grades, CODE).structure()
        officer, member = User.objects.order_by("pk")[:2]
        officer.groups.add(Group.objects.get(name=roles.STAFF), Group.objects.get(name=PAYROLL_OFFICER))
        member.groups.add(Group.objects.get(name=roles.STAFF))
        run = None
        for month in range(1, args.months + 1):
            run = payroll_run_create(actor=officer, month=datetime.date(2026, month, 1))
            run = payroll_run_calculate_now(actor=officer, run=run)
            PayrollRun.objects.filter(pk=run.pk).update(status=RunStatus.FINALISED, finalised_at=timezone.now())
        if run is None:
            raise SystemExit("--months must be at least 1")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE payroll_payslip; ANALYZE payroll_payslipline")
        slip = Payslip.objects.filter(user=member).order_by("-month").first()
        if slip is None:
            raise SystemExit("the member of staff has no slip")
        print(
            f"built {args.staff:,} staff, {args.months} finalised runs: {Payslip.objects.count():,} slips, "
            f"{PayslipLine.objects.count():,} lines in {time.perf_counter() - built:.1f} s"
        )

    host = institution_domain(CODE)
    officer_client, member_client = Client(HTTP_HOST=host), Client(HTTP_HOST=host)
    with schema_context(CODE):
        officer_client.force_login(officer)
        member_client.force_login(member)
    connection.set_schema_to_public()
    cases = [
        ("급여 담당: 급여 지급 화면 (마지막 달, 검토 목록)", officer_client, f"/payroll/runs/{run.pk}/"),
        ("급여 담당: 급여 지급 목록 (1년)", officer_client, "/payroll/runs/"),
        ("직원: 내 급여 (1년)", member_client, "/payroll/"),
        ("직원: 급여명세서 한 장", member_client, f"/payroll/slips/{slip.pk}/"),
    ]
    for label, client, url in cases:
        p50, p95, queries, cpu, in_sql = _timed(client, url, {}, args.requests)
        print(
            f"  {label}: p50 {p50:6.1f} ms, p95 {p95:6.1f} ms, {queries} SQL queries; "
            f"p50 CPU {cpu:5.1f} ms, p50 in SQL {in_sql:5.1f} ms"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
