"""The nightly card-completeness refresh against a real Celery worker and the real Redis.

The worker only sees committed data, so this module provisions its own institution with a
committed card (as the browser tests do) and drops it afterwards: alpha and beta stay untouched
for the rest of the session. The province-level fan-out sends one refresh per institution; the
one sent for this institution must run in its schema (its JSON log line names the schema) and
bring the stale card up to date.
"""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone
from django_tenants.utils import schema_context

from org.models import User
from tasks.jobs import refresh_all_card_completeness
from tasks.models import TaskCard
from tasks.services.cards import card_entry_add, task_card_create
from tenants.models import Institution, InstitutionKind
from tenants.services import institution_create
from tests.core.test_celery_worker import worker  # noqa: F401 - the worker fixture
from tests.factories import DepartmentFactory, UserFactory
from tests.factories.tasks_cards import unit_task
from tests.workers import WAIT_SECONDS
from tests.workers import json_lines as _json_lines

CODE = "jobcards"

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


@pytest.fixture(scope="module")
def stale_card(django_db_setup, django_db_blocker):
    """A committed card in a fresh institution whose stored completeness is out of date: its
    milestone fell due yesterday, which only a refresh notices."""
    with django_db_blocker.unblock():
        created = institution_create(code=CODE, name="작업시험원", kind=InstitutionKind.AGENCY).institution
        try:
            with schema_context(CODE):
                team = DepartmentFactory(name="기획팀", code="J100")
                owner = UserFactory(username="owner", name="김담당", department=team)
                task = unit_task(department=team, owner=owner)
                card = task_card_create(unit_task=task, actor=owner, summary="개요")
                card_entry_add(
                    card=card, kind="plan", title="중간보고", body="",
                    entry_date=timezone.localdate() - timedelta(days=1), actor=owner,
                )  # fmt: skip
                # As it was stored the day before the milestone fell due: 개요, 계획, 담당자 = 3 of 10.
                TaskCard.objects.filter(pk=card.pk).update(completeness=30, completeness_checked_on=None)
                card_pk = card.pk
            connection.set_schema_to_public()
            yield card_pk
        finally:
            connection.set_schema_to_public()
            Institution.objects.get(pk=created.pk).delete(force_drop=True)


def test_fan_out_refreshes_each_institution_in_its_own_schema(stale_card, worker):  # noqa: F811 - fixture
    refresh_all_card_completeness.delay()

    deadline = time.monotonic() + WAIT_SECONDS
    schemas: set[str] = set()
    while time.monotonic() < deadline and not {CODE, "alpha", "beta"} <= schemas:
        schemas = {e["schema"] for e in _json_lines(worker) if e.get("message") == "card completeness refreshed"}
        time.sleep(0.3)
    assert {CODE, "alpha", "beta"} <= schemas, worker.read_text()[-3000:]

    with schema_context(CODE):
        card = TaskCard.objects.get(pk=stale_card)
        # 개요, 추진계획, 담당자 of 10, plus the due milestone not met: 3 of 11 = 27 %.
        assert (card.completeness, card.completeness_checked_on) == (27, timezone.localdate())
        assert User.objects.filter(username="owner").exists()  # the institution's own data
    logged = [e for e in _json_lines(worker) if e.get("message") == "card completeness refreshed"]
    assert {e["schema"]: e["checked"] for e in logged}[CODE] == 1
