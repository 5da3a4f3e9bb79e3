"""The run's 계산 against a real Celery worker and the real Redis: chunks sent after the start
commits are calculated in the institution's schema, a chunk delivered twice writes its slips
once, and the run moves to 검토 when the last slip is written.

The worker sees only committed data, so this module provisions its own institution with a
committed pay structure (as the other worker tests do) and drops it afterwards."""

from __future__ import annotations

import datetime
import time

import pytest
from django.db import connection
from django_tenants.utils import schema_context

from org import roles
from payroll.models import PayrollRun, Payslip, RunStatus
from payroll.services import payroll_run_create, payroll_run_start
from payroll.tasks import run_chunk
from tenants.models import Institution, InstitutionKind
from tenants.services import institution_create
from tests.core.test_celery_worker import worker  # noqa: F401 - the worker fixture
from tests.factories import DepartmentFactory, UserFactory
from tests.payroll.helpers import pay_structure, profile_for
from tests.workers import WAIT_SECONDS, json_lines

CODE = "jobpay"
PEOPLE = 12

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


@pytest.fixture(scope="module")
def institution(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        created = institution_create(code=CODE, name="급여시험원", kind=InstitutionKind.AGENCY).institution
        try:
            with schema_context(CODE):
                team = DepartmentFactory(name="총무팀", code="P100")
                grade = pay_structure()
                officer = UserFactory(username="payclerk", department=team, roles=[roles.STAFF, "payroll_officer"])
                for n in range(PEOPLE):
                    profile_for(UserFactory(username=f"worker{n}", department=team), grade, step=1 + n % 10)
                # Committed (autocommit outside the test's transaction), so the worker sees it.
                run = payroll_run_create(actor=officer, month=datetime.date(2026, 3, 1))
                (chunk,) = payroll_run_start(actor=officer, run=run)
                half = len(chunk) // 2
                # The first half is delivered twice, the second time while the run still calculates.
                for part in (chunk[:half], chunk[:half], chunk[half:]):
                    run_chunk.delay(run.pk, part)
                run_pk = run.pk
            connection.set_schema_to_public()
            yield run_pk
        finally:
            connection.set_schema_to_public()
            Institution.objects.get(pk=created.pk).delete(force_drop=True)


def _wait_for(run_pk: int, status: str) -> PayrollRun:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        run = PayrollRun.objects.get(pk=run_pk)
        if run.status == status:
            return run
        time.sleep(0.3)
    pytest.fail(f"the run did not reach {status}: {run.status} {run.done_count}/{run.total_count}")


def test_the_worker_calculates_every_chunk_once(institution, worker):  # noqa: F811 - fixture
    with schema_context(CODE):
        run = _wait_for(institution, RunStatus.REVIEW)
        assert (run.done_count, run.total_count) == (PEOPLE, PEOPLE)
        slips = list(Payslip.objects.filter(run=run).values_list("user_id", flat=True))
        assert len(slips) == len(set(slips)) == PEOPLE
        assert all(s.net_amount == s.gross_amount - s.total_deduction_amount for s in Payslip.objects.filter(run=run))
    ran = [e for e in json_lines(worker) if e.get("job") == "payroll.run_chunk" and e.get("message") == "job done"]
    assert len(ran) == 3
    assert {e["schema"] for e in ran} == {CODE}
