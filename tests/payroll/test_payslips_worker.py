"""Payslip PDFs rendered by a real Celery worker on the `pdf` queue alone: the enqueue after
확정 sends the chunks from inside the institution's schema, a chunk delivered twice renders and
notifies once, and every file lands in that institution's media folder.

The worker sees committed data only, so this module provisions its own institution (committed
pay structure and a finalised run) and drops it afterwards."""

from __future__ import annotations

import datetime
import time
from pathlib import Path

import pytest
from django.db import connection
from django_tenants.utils import schema_context

from notifications.models import Notification
from org import roles
from payroll.models import PayrollRun, Payslip, PayslipPdf, RunStatus
from payroll.payslips import payslips_render_enqueue
from payroll.services import payroll_run_calculate_now, payroll_run_create
from payroll.tasks import render_payslips
from tenants.models import Institution, InstitutionKind
from tenants.services import institution_create
from tests.factories import DepartmentFactory, UserFactory
from tests.payroll.helpers import pay_structure, profile_for
from tests.workers import WAIT_SECONDS, celery_worker, json_lines

CODE = "jobslip"
PEOPLE = 6

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


@pytest.fixture(scope="module")
def media_root(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("slip-media")


@pytest.fixture(scope="module")
def finalised_run(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        created = institution_create(code=CODE, name="명세서시험원", kind=InstitutionKind.AGENCY).institution
        try:
            with schema_context(CODE):
                team = DepartmentFactory(name="총무팀", code="S100")
                grade = pay_structure()
                officer = UserFactory(username="slipclerk", department=team, roles=[roles.STAFF, "payroll_officer"])
                for n in range(PEOPLE):
                    profile_for(UserFactory(username=f"slip{n}", department=team), grade, step=1 + n)
                run = payroll_run_calculate_now(
                    actor=officer, run=payroll_run_create(actor=officer, month=datetime.date(2026, 4, 1))
                )
                PayrollRun.objects.filter(pk=run.pk).update(status=RunStatus.FINALISED)
                run.refresh_from_db()
                run_pk = run.pk
            connection.set_schema_to_public()
            yield run_pk
        finally:
            connection.set_schema_to_public()
            Institution.objects.get(pk=created.pk).delete(force_drop=True)


@pytest.fixture
def pdf_worker(tmp_path: Path, media_root: Path):
    with celery_worker(tmp_path / "worker.log", name="slips", queues="pdf", media_root=media_root) as log:
        yield log


def test_the_worker_renders_every_slip_once_and_notifies_each_owner(
    finalised_run, pdf_worker, media_root, django_capture_on_commit_callbacks
):
    with schema_context(CODE):
        run = PayrollRun.objects.get(pk=finalised_run)
        # The enqueue sends on commit, from inside the schema (the test's own transaction never
        # commits, so its callbacks are run here).
        with django_capture_on_commit_callbacks(execute=True):
            assert payslips_render_enqueue(run) == 1
        slips = sorted(Payslip.objects.filter(run=run).values_list("pk", flat=True))
        render_payslips.apply_async((run.pk, slips), queue="pdf")  # the same chunk delivered again
        deadline = time.monotonic() + WAIT_SECONDS
        done = [e for e in json_lines(pdf_worker) if e.get("job") == "payroll.render_payslips"]
        while time.monotonic() < deadline:
            done = [
                e
                for e in json_lines(pdf_worker)
                if e.get("job") == "payroll.render_payslips" and e.get("message") == "job done"
            ]
            if len(done) == 2:
                break
            time.sleep(0.3)
        assert len(done) == 2, pdf_worker.read_text()[-3000:]
        assert {e["schema"] for e in done} == {CODE}
        stored = list(PayslipPdf.objects.filter(run=run))
        assert sorted(p.slip_id for p in stored) == slips
        for record in stored:
            path = media_root / CODE / record.file.name
            assert path.read_bytes().startswith(b"%PDF")
            assert path.stat().st_size == record.size
        titles = list(Notification.objects.filter(category="payroll.payslip").values_list("title", flat=True))
        assert titles == ["4월 급여명세서"] * PEOPLE
        assert payslips_render_enqueue(run) == 0  # nothing left to send
