"""The records calendar's daily reminder against a real Celery worker and the real Redis: the
province-level job fans out one reminder per institution (core.jobs.fan_out), and the one sent for
an institution with last year's files still open notifies its department head in its own schema.

The worker only sees committed data, so this module provisions its own institution and drops it
afterwards (as tests/tasks/test_cards_worker.py does)."""

from __future__ import annotations

import time

import pytest
from django.db import connection, transaction
from django.utils import timezone
from django_tenants.utils import schema_context

from notifications.models import Notification
from org.services import department_set_head
from records.registration import file_for
from records.tasks import remind_all_duties
from tenants.models import Institution, InstitutionKind
from tenants.services import institution_create
from tests.core.test_celery_worker import worker  # noqa: F401 - the worker fixture
from tests.factories import DepartmentFactory, UserFactory
from tests.factories.tasks_cards import unit_task
from tests.workers import WAIT_SECONDS
from tests.workers import json_lines as _json_lines

CODE = "jobrecords"

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


@pytest.fixture(scope="module")
def open_last_year(django_db_setup, django_db_blocker):
    """A committed institution whose team left last year's file open (정리 not done)."""
    with django_db_blocker.unblock():
        created = institution_create(code=CODE, name="기록시험원", kind=InstitutionKind.AGENCY).institution
        try:
            with schema_context(CODE):
                team = DepartmentFactory(name="총무팀", code="R100")
                head = UserFactory(username="rhead", name="나팀장", department=team)
                department_set_head(department=team, head=head)
                task = unit_task(department=team, owner=head)
                with transaction.atomic():
                    file_for(unit_task=task, department=team, year=timezone.localdate().year - 1)
                head_pk = head.pk
            connection.set_schema_to_public()
            yield head_pk
        finally:
            connection.set_schema_to_public()
            Institution.objects.get(pk=created.pk).delete(force_drop=True)


def test_the_reminder_fans_out_and_notifies_in_each_schema(open_last_year, worker):  # noqa: F811 - fixture
    remind_all_duties.delay()

    deadline = time.monotonic() + WAIT_SECONDS
    schemas: set[str] = set()
    while time.monotonic() < deadline and not {CODE, "alpha", "beta"} <= schemas:
        schemas = {e["schema"] for e in _json_lines(worker) if e.get("message") == "records duties reminded"}
        time.sleep(0.3)
    assert {CODE, "alpha", "beta"} <= schemas, worker.read_text()[-3000:]

    with schema_context(CODE):
        notice = Notification.objects.get(category="records_due")
        assert notice.recipient_id == open_last_year
        year = timezone.localdate().year - 1
        assert notice.title.startswith(f"[기록관리] 총무팀 {year}년 기록물 정리 기한 지남")
    logged = {e["schema"]: e["notified"] for e in _json_lines(worker) if e.get("message") == "records duties reminded"}
    assert logged[CODE] == 1
