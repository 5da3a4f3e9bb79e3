"""The 사용촉진 notice job run by a real Celery worker against real Redis, in an institution
provisioned for this module (the worker sees committed rows only), dropped afterwards: delivered
twice on the due day, it notices, audits and announces once."""

from __future__ import annotations

import time
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django_tenants.utils import schema_context

from attendance.entitlement import grants
from attendance.models import LeavePromotion, PromotionPortion
from attendance.promotion import SYSTEM_ACTOR
from attendance.tasks import send_promotion_notices
from audit.models import AuditEvent
from core.jobs import send_in_schema
from notifications.models import Notification
from tenants.models import Institution, InstitutionKind
from tenants.services import institution_create
from tests.factories import UserFactory
from tests.factories.attendance import grant
from tests.workers import WAIT_SECONDS, celery_worker

CODE = "promojob"

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


@pytest.fixture(scope="module")
def newcomer(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        created = institution_create(code=CODE, name="사용촉진작업원", kind=InstitutionKind.AGENCY).institution
        try:
            with schema_context(CODE):
                person = UserFactory(username="newcomer", hire_date=date(2025, 3, 2))
                for g in grants(hired=date(2025, 3, 2), until=date(2025, 12, 2)):
                    grant(person, g.days, on=g.on, source=g.key)
            connection.set_schema_to_public()
            yield person.pk
        finally:
            connection.set_schema_to_public()
            Institution.objects.get(pk=created.pk).delete(force_drop=True)


def test_the_worker_sends_the_first_year_notice_once(newcomer, tmp_path):
    with celery_worker(tmp_path / "worker.log", name="promotion") as log:
        send_in_schema(CODE, send_promotion_notices, "2025-12-02")
        send_in_schema(CODE, send_promotion_notices, "2025-12-02")  # delivered twice: sent once
        deadline = time.monotonic() + WAIT_SECONDS
        done = 0
        while time.monotonic() < deadline and done < 2:
            lines = log.read_text().splitlines()
            done = sum(1 for line in lines if "attendance.send_promotion_notices" in line and "succeeded" in line)
            time.sleep(0.3)
        assert done >= 2, log.read_text()[-3000:]
    with schema_context(CODE):
        notice = LeavePromotion.objects.get(person_id=newcomer)
        assert (notice.portion, notice.unused_days, notice.on, notice.recorded_by_id) == (
            PromotionPortion.FIRST_YEAR,
            Decimal(9),
            date(2025, 12, 2),
            None,
        )
        assert Notification.objects.filter(recipient_id=newcomer, category="attendance_promotion").count() == 1
        events = AuditEvent.objects.filter(action="leave.promotion_notice")
        assert [(e.actor_label, e.data["people"]) for e in events] == [(SYSTEM_ACTOR, 1)]
