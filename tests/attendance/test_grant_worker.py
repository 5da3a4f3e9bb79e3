"""The grant job run by a real Celery worker against real Redis, in an institution provisioned
for this module (the worker sees committed rows only), dropped afterwards."""

from __future__ import annotations

import time
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django_tenants.utils import schema_context

from attendance.models import LeaveLedgerEntry
from attendance.tasks import grant_leave
from core.jobs import send_in_schema
from tenants.models import Institution, InstitutionKind
from tenants.services import institution_create
from tests.factories import UserFactory
from tests.workers import WAIT_SECONDS, celery_worker

CODE = "leavejob"

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


@pytest.fixture(scope="module")
def hired(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        created = institution_create(code=CODE, name="연차작업원", kind=InstitutionKind.AGENCY).institution
        try:
            with schema_context(CODE):
                person = UserFactory(username="hired", hire_date=date(2025, 3, 2))
            connection.set_schema_to_public()
            yield person.pk
        finally:
            connection.set_schema_to_public()
            Institution.objects.get(pk=created.pk).delete(force_drop=True)


def test_the_worker_writes_the_grants_in_the_institutions_schema_once(hired, tmp_path):
    with celery_worker(tmp_path / "worker.log", name="leave") as log:
        send_in_schema(CODE, grant_leave, "2026-03-02")
        send_in_schema(CODE, grant_leave, "2026-03-02")  # delivered twice: written once
        deadline = time.monotonic() + WAIT_SECONDS
        done = 0
        while time.monotonic() < deadline and done < 2:
            lines = log.read_text().splitlines()
            done = sum(1 for line in lines if "attendance.grant_leave" in line and "succeeded" in line)
            time.sleep(0.3)
        assert done >= 2, log.read_text()[-3000:]
    with schema_context(CODE):
        rows = LeaveLedgerEntry.objects.filter(person_id=hired)
        # 11 monthly days (4/2 … 2/2), the first year's 11 lapse on 3/2, and the 15 arise
        assert rows.filter(kind="grant").count() == 12
        assert sum(r.days for r in rows) == Decimal(15)
