"""Payslip PDF benchmark: a finalised run's slips rendered in bulk by real Celery workers on the
`pdf` queue (payroll.payslips: render, store, notify the owner), slips per second.

    BENCH_DATABASE_URL=postgresql://…/works_bench_payroll REDIS_URL=redis://…/4 \\
        .venv/bin/python -m bench.payroll_payslips [--slips 400] [--workers 1]

Builds its own institution (`benchslip`, dropped and made again) in the benchmark database (as
bench.payroll_run does, with the demo's pay structure), calculates the March 2026 run in process,
marks it 확정, compares in process the CPU time a slip of one document a slip and of one document
cut per slip (`--compare` slips), then starts a worker (`--workers` processes, the `pdf` queue only, MEDIA_ROOT in a
scratch folder), sends the run's slips (payroll.payslips.payslips_render_enqueue: one message
per 50 slips) and waits until every slip has its stored PDF. Prints the wall time, slips per
second and the 10,000-slip batch's wall time at that rate.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.payroll_run import _people, _setup_database

CODE = "benchslip"
MARCH = datetime.date(2026, 3, 1)


def _start_worker(url: str, processes: int, media: Path, log: Path) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "config.settings", "MEDIA_ROOT": str(media)}
    command = [sys.executable, "-m", "celery", "-A", "config", "worker", "--concurrency", str(processes)]
    command += ["--queues", "pdf", "--loglevel", "WARNING", "--without-gossip", "--without-mingle"]
    command += ["--hostname", f"benchslip-{os.getpid()}@%h"]
    return subprocess.Popen(command, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT)


def _compare_renders(run, count: int) -> None:
    """CPU time a slip, in this process and warm: one document a slip (payroll.payslips.
    slip_pdf_bytes, as the slip page renders) against one document for `count` slips cut per slip
    (slips_pdf_bytes, as the `pdf` queue renders a chunk)."""
    from payroll.models import Payslip
    from payroll.payslips import slip_pdf_bytes, slips_pdf_bytes

    slips = list(Payslip.objects.filter(run=run).select_related("run", "user").prefetch_related("lines")[:count])
    slip_pdf_bytes(slips[0], institution="명세서벤치재단")  # the first render of a process loads the font
    started = time.process_time()
    for slip in slips:
        slip_pdf_bytes(slip, institution="명세서벤치재단")
    single = (time.process_time() - started) * 1000 / len(slips)
    started = time.process_time()
    cut = slips_pdf_bytes(slips, institution="명세서벤치재단")
    batched = (time.process_time() - started) * 1000 / len(slips)
    size = sum(len(content) for content in cut.values()) / len(cut) / 1024
    print(
        f"render CPU a slip, {len(slips)} slips: one document each {single:.0f} ms; one document cut per slip "
        f"{batched:.0f} ms ({single / batched:.1f}x), {size:.0f} KiB a slip"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--slips", type=int, default=400)
    parser.add_argument("--workers", type=int, default=1, help="Celery worker processes on the pdf queue")
    parser.add_argument("--compare", type=int, default=20, help="slips rendered both ways in process first")
    args = parser.parse_args()
    url = _setup_database()
    media = Path(tempfile.mkdtemp(prefix="benchslip-media-"))
    os.environ["MEDIA_ROOT"] = str(media)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone
    from django_tenants.utils import schema_context

    from config.celery import app
    from org.models import Grade
    from payroll.demo import Seeder
    from payroll.models import PayrollRun, Payslip, PayslipPdf, RunStatus
    from payroll.payslips import payslips_render_enqueue
    from payroll.services import payroll_run_calculate_now, payroll_run_create
    from tenants.models import Domain, Institution, InstitutionKind
    from tenants.services import institution_create

    call_command("migrate_all", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute(f'DROP SCHEMA IF EXISTS "{CODE}" CASCADE')
    Domain.objects.filter(tenant__schema_name=CODE).delete()
    Institution.objects.filter(schema_name=CODE).delete()
    institution_create(code=CODE, name="명세서벤치재단", kind=InstitutionKind.AGENCY)
    with schema_context(CODE):
        built = time.perf_counter()
        _people(args.slips)
        grades = {g.name: g for g in Grade.objects.all()}
        Seeder(random.Random(14), timezone.localdate(), grades, CODE).structure()
        run = payroll_run_calculate_now(actor=None, run=payroll_run_create(actor=None, month=MARCH))
        PayrollRun.objects.filter(pk=run.pk).update(status=RunStatus.FINALISED)
        run.refresh_from_db()
        slips = Payslip.objects.filter(run=run).count()
        print(f"set-up: {slips:,} finalised slips in {time.perf_counter() - built:.1f} s")
        _compare_renders(run, args.compare)

    log = Path(tempfile.gettempdir()) / f"benchslip-worker-{os.getpid()}.log"
    worker = _start_worker(url, args.workers, media, log)
    try:
        deadline = time.monotonic() + 60
        while not app.control.ping(timeout=0.5):
            if worker.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"the worker did not start:\n{log.read_text()[-2000:]}")
        with schema_context(CODE):
            started = time.perf_counter()
            chunks = payslips_render_enqueue(run)  # autocommit: sent at once
            while (done := PayslipPdf.objects.filter(run=run).count()) < slips:
                if time.perf_counter() - started > 1800:
                    raise SystemExit(f"the renders did not finish: {done}/{slips}\n{log.read_text()[-2000:]}")
                time.sleep(0.2)
            seconds = time.perf_counter() - started
            size = sum(PayslipPdf.objects.filter(run=run).values_list("size", flat=True))
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    rate = slips / seconds
    print(f"payslip PDFs ({args.workers} worker process(es) on the pdf queue, {chunks} messages): {slips:,} slips")
    print(f"  {seconds:.1f} s = {rate:.1f} slips/s, {size / slips / 1024:.0f} KiB a slip")
    print(f"  a 10,000-slip batch at this rate: {10_000 / rate / 60:.1f} min")
    return 0


if __name__ == "__main__":
    sys.exit(main())
