"""The run page and 내 급여 read a fixed number of queries whatever the number of slips and months
(bench.payroll_pages times them with a year of runs for 300 staff: 18 and 11 queries there, with
the session, the tenant and the navigation)."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from org.models import Grade
from payroll.models import PayrollRun, Payslip, RunStatus
from payroll.services import payroll_run_calculate_now, payroll_run_create
from tests.factories import DepartmentFactory, UserFactory
from tests.payroll.flow_helpers import MARCH, flow_org
from tests.payroll.helpers import profile_for

pytestmark = pytest.mark.django_db

# In tests (the test client's session and the rolled-back transaction's savepoints add a few):
# The 검토 here flags no one (the same people every month), so the database's pick of the flagged
# slips is the only 검토 query after the previous run's: the follow-up two (previous nets and
# accounts of the flagged) run only when someone is flagged (test_review covers those).
RUN_PAGE_QUERIES = 19
MY_PAY_QUERIES = 14


def _finalised_run(org, month: datetime.date) -> PayrollRun:
    run = payroll_run_calculate_now(actor=org.drafter, run=payroll_run_create(actor=org.drafter, month=month))
    PayrollRun.objects.filter(pk=run.pk).update(status=RunStatus.FINALISED, finalised_at=timezone.now())
    return run


def _count(client, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_the_run_page_and_my_pay_do_not_grow_with_slips_or_months(in_alpha, alpha, client_for):
    org = flow_org()
    officer, member = client_for(alpha), client_for(alpha)
    officer.force_login(org.drafter)
    member.force_login(org.colleague)
    _finalised_run(org, MARCH)
    april = _finalised_run(org, MARCH.replace(month=4))  # a run with a month before it to compare
    small = (_count(officer, f"/payroll/runs/{april.pk}/"), _count(member, "/payroll/"))

    grade = Grade.objects.get(name="6급")
    for n in range(6):
        profile_for(UserFactory(username=f"more{n}", department=DepartmentFactory(name=f"부서{n}")), grade)
    for month in (5, 6, 7):
        last = _finalised_run(org, MARCH.replace(month=month))
    assert Payslip.objects.filter(run=last).count() == 8
    assert Payslip.objects.filter(user=org.colleague).count() == 5
    large = (_count(officer, f"/payroll/runs/{last.pk}/"), _count(member, "/payroll/"))

    assert large == small
    assert large == (RUN_PAGE_QUERIES, MY_PAY_QUERIES), large
