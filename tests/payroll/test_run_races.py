"""The same chunk delivered to two workers at the same moment, from two real database
connections: the run's row lock serialises the writes, so one writes every slip and the other
finds them written and writes none (without the lock the second COPY would break the unique
(run, user) constraint, or both would count the chunk in the progress).

Commits for real, in an institution of its own that the module drops afterwards."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django_tenants.utils import schema_context

from org import roles
from payroll.models import PayrollRun, Payslip
from payroll.services import payroll_run_chunk, payroll_run_create, payroll_run_start
from tenants.models import InstitutionKind
from tenants.services import institution_create
from tests.factories import DepartmentFactory, UserFactory
from tests.payroll.helpers import pay_structure, profile_for
from tests.races import at_once, drop_institution

CODE = "racepay"
PEOPLE = 8

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


@pytest.fixture(scope="module")
def chunk(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        institution_create(code=CODE, name="급여경합시험원", kind=InstitutionKind.AGENCY)
        try:
            with schema_context(CODE):
                team = DepartmentFactory(name="총무팀", code="R100")
                grade = pay_structure()
                officer = UserFactory(username="payclerk", department=team, roles=[roles.STAFF, "payroll_officer"])
                for n in range(PEOPLE):
                    profile_for(UserFactory(username=f"racer{n}", department=team), grade, step=1 + n)
                run = payroll_run_create(actor=officer, month=datetime.date(2026, 3, 1))
                (people,) = payroll_run_start(actor=officer, run=run)
            connection.set_schema_to_public()
            yield run.pk, people
        finally:
            connection.set_schema_to_public()
            drop_institution(CODE)


def test_two_deliveries_at_once_write_the_chunk_once(chunk):
    run_pk, people = chunk
    outcomes = at_once([lambda: payroll_run_chunk(run_id=run_pk, user_ids=people)] * 2, schema=CODE)
    assert not [o for o in outcomes if isinstance(o, BaseException)], outcomes
    assert sorted(outcomes) == [0, PEOPLE]
    with schema_context(CODE):
        assert Payslip.objects.filter(run_id=run_pk).count() == PEOPLE
        assert PayrollRun.objects.get(pk=run_pk).done_count == PEOPLE
