"""Two leave requests racing for the last days of one balance, each on its own connection
committing for real, in an institution made for this module and dropped afterwards: one wins,
the other is refused with the days left, and the ledger never goes below zero."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from attendance.models import LeaveRequest, LeaveStatus
from attendance.services import leave_balance
from tenants.models import InstitutionKind
from tenants.services import institution_create
from tests import races
from tests.factories.approval import org_chart
from tests.factories.attendance import grant, leave_delegation, request_leave

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

CODE = "leaverace"


def in_thread(func: Callable, *, schema: str | None = CODE):
    return races.in_thread(func, schema=schema)


@pytest.fixture(scope="module")
def applicant(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        database = in_thread(lambda: connection.settings_dict["NAME"], schema=None)
        if not database.startswith("test_"):
            raise RuntimeError(f"refusing to commit test data into {database!r}")
        in_thread(lambda: institution_create(code=CODE, name="휴가경합기관", kind=InstitutionKind.AGENCY), schema=None)
        try:

            def setup():
                org = org_chart()
                leave_delegation(org.positions)
                grant(org.drafter, 3)
                return org.drafter.pk

            yield in_thread(setup)
        finally:
            in_thread(lambda: races.drop_institution(CODE), schema=None)


def test_two_requests_for_the_last_days_one_wins(applicant):
    from org.models import User

    def ask(start: date, end: date):
        return lambda: request_leave(User.objects.get(pk=applicant), start, end)

    # 3 days left; each asks for 2 (2026-06-08 Mon–09 Tue, 2026-06-10 Wed–11 Thu)
    outcomes = races.at_once(
        [ask(date(2026, 6, 8), date(2026, 6, 9)), ask(date(2026, 6, 10), date(2026, 6, 11))], schema=CODE
    )
    won = [o for o in outcomes if isinstance(o, LeaveRequest)]
    lost = [o for o in outcomes if isinstance(o, ValidationError)]
    assert (len(won), len(lost)) == (1, 1), outcomes
    assert lost[0].message_dict == {"days": ["연가 잔여일수가 부족합니다. 남은 일수 1일, 신청 2일."]}

    def check():
        person = User.objects.get(pk=applicant)
        return LeaveRequest.objects.filter(applicant=person, status=LeaveStatus.PENDING).count(), leave_balance(person)

    assert in_thread(check) == (1, 3)
