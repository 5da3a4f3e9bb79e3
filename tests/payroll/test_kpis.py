"""What payroll reports to province monitoring (payroll.kpis), worked by hand on two runs."""

from __future__ import annotations

import datetime

import pytest

from core.plugins import registry
from org import roles
from org.models import User
from payroll.kpis import AVERAGE, EMPLOYER_YTD, GROSS_MONTH, GROSS_YTD, HEADCOUNT, LATE, SOURCE
from payroll.models import PayrollRun, RunStatus
from payroll.services import payroll_run_calculate_now, payroll_run_create
from tests.factories import UserFactory
from tests.payroll.helpers import pay_structure, profile_for
from tests.support import PEER, STAFF

pytestmark = pytest.mark.django_db


def _figures(on: datetime.date) -> dict:
    return {f.key: f for f in SOURCE.figures(on=on)}


def test_payroll_kpis(in_alpha):
    grade = pay_structure()
    profile_for(User.objects.get(username=STAFF), grade, step=5)  # 3,140,000 gross
    profile_for(User.objects.get(username=PEER), grade, step=7)  # 3,340,000 gross
    officer = UserFactory(username="payclerk", roles=[roles.STAFF, "payroll_officer"])
    assert _figures(datetime.date(2026, 3, 15)) == {LATE: _figures(datetime.date(2026, 3, 15))[LATE]}
    for month in (1, 2):
        run = payroll_run_calculate_now(
            actor=officer, run=payroll_run_create(actor=officer, month=datetime.date(2026, month, 1))
        )
        PayrollRun.objects.filter(pk=run.pk).update(status=RunStatus.FINALISED)
    payroll_run_create(actor=officer, month=datetime.date(2026, 3, 1))  # March: not finalised yet

    figures = _figures(datetime.date(2026, 4, 10))
    assert figures[GROSS_YTD].value == 2 * (3_140_000 + 3_340_000)
    assert figures[GROSS_MONTH].value == 3_140_000 + 3_340_000
    assert figures[HEADCOUNT].value == 2
    assert figures[AVERAGE].value == 3_240_000
    assert figures[AVERAGE].breakdown == (("6급", 3_240_000),)
    # employer: 2 months × (304-01 285,000 + 304-02 406,480) as in test_budget_check (February uses
    # the same parameters as March)
    assert figures[EMPLOYER_YTD].value == 2 * (285_000 + 406_480)
    assert figures[LATE].value == 1  # March is past and still not finalised
    # as of January 20th only January's run counts, and nothing is late yet
    january = _figures(datetime.date(2026, 1, 20))
    assert january[GROSS_YTD].value == 3_140_000 + 3_340_000
    assert january[LATE].value == 0


def test_the_source_is_registered():
    assert dict(registry().kpi_sources)["payroll"] is SOURCE
    assert {kpi.code for kpi in SOURCE.kpis} == {GROSS_YTD, EMPLOYER_YTD, GROSS_MONTH, HEADCOUNT, AVERAGE, LATE}
