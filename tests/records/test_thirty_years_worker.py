"""30년 경과 공개 against a real Celery worker and the real Redis: the province-level job fans out
one opening per institution (core.jobs.fan_out), and the one sent for an institution holding a
비공개 record produced in 1990 (30 years passed on 2021-01-01) opens it in its own schema, audited;
the record kept closed by a 비공개 유지 결정 stays closed.

The worker only sees committed data, so this module provisions its own institution and drops it
afterwards (as tests/records/test_reminder_worker.py does)."""

from __future__ import annotations

import time
from datetime import date, timedelta

import pytest
from django.db import connection
from django.utils import timezone
from django_tenants.utils import schema_context

from audit.models import AuditEvent
from records.models import DisclosureReview, Record
from records.tasks import open_all_private_after_thirty_years
from tenants.models import Institution, InstitutionKind
from tenants.services import institution_create
from tests.core.test_celery_worker import worker  # noqa: F401 - the worker fixture
from tests.factories import DepartmentFactory, UserFactory
from tests.workers import WAIT_SECONDS
from tests.workers import json_lines as _json_lines

CODE = "jobopening"

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


def _record(team, number: str, title: str) -> Record:
    return Record.objects.create(
        source="manual",
        registration_number=number,
        title=title,
        registered_on=date(1990, 3, 5),
        year=1990,
        department=team,
        start_date=date(1991, 1, 1),
        disclosure="private",
        disclosure_ground="6",
        created_at=timezone.now(),
    )


@pytest.fixture(scope="module")
def old_private(django_db_setup, django_db_blocker):
    """A committed institution with two 비공개 records of 1990, one kept closed by a decision."""
    with django_db_blocker.unblock():
        created = institution_create(code=CODE, name="공개시험원", kind=InstitutionKind.AGENCY).institution
        try:
            with schema_context(CODE):
                team = DepartmentFactory(name="총무팀", code="R200")
                archivist = UserFactory(username="rarch", name="기록관", department=team)
                opened = _record(team, "총무팀-1", "1990년 인사 평정")
                kept = _record(team, "총무팀-2", "1990년 소송 기록")
                today = timezone.localdate()
                DisclosureReview.objects.create(
                    record=kept,
                    reviewed_on=today,
                    reviewed_by=archivist,
                    disclosure_before="private",
                    ground_before="6",
                    disclosure="private",
                    ground="6",
                    reason="소송 당사자 생존",
                    keep_closed_until=today + timedelta(days=365),
                )
                pks = (opened.pk, kept.pk)
            connection.set_schema_to_public()
            yield pks
        finally:
            connection.set_schema_to_public()
            Institution.objects.get(pk=created.pk).delete(force_drop=True)


def test_the_opening_fans_out_and_opens_in_each_schema(old_private, worker):  # noqa: F811 - fixture
    open_all_private_after_thirty_years.delay()

    message = "records private opened after thirty years"
    deadline = time.monotonic() + WAIT_SECONDS
    schemas: set[str] = set()
    while time.monotonic() < deadline and not {CODE, "alpha", "beta"} <= schemas:
        schemas = {e["schema"] for e in _json_lines(worker) if e.get("message") == message}
        time.sleep(0.3)
    assert {CODE, "alpha", "beta"} <= schemas, worker.read_text()[-3000:]
    logged = {e["schema"]: e["opened"] for e in _json_lines(worker) if e.get("message") == message}
    assert logged[CODE] == 1

    opened_pk, kept_pk = old_private
    with schema_context(CODE):
        assert Record.objects.get(pk=opened_pk).disclosure == "public"
        assert Record.objects.get(pk=kept_pk).disclosure == "private"
        review = DisclosureReview.objects.get(record_id=opened_pk, automatic=True)
        assert review.reason == "생산 후 30년 경과로 공개(공공기록물법 제35조③)"
        event = AuditEvent.objects.get(action="record.open_after_30_years")
        assert event.data["opens_on"] == "2021-01-01"
