"""What payroll reports to province monitoring (payroll.kpis), worked by hand on two runs."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from budget.charges import SourceRef, commit, lines_for_standard_codes
from core.plugins import registry
from org import roles
from org.models import User
from payroll.flow import payroll_run_submit
from payroll.kpis import (
    AVERAGE,
    BLOCKED,
    BLOCKED_SHORT,
    BUDGET_CURRENT,
    BUDGET_EXECUTED,
    BUDGET_RATE,
    EMPLOYER_YTD,
    GROSS_MONTH,
    GROSS_YTD,
    HEADCOUNT,
    LATE,
    SOURCE,
)
from payroll.models import PayrollError, PayrollRun, RunStatus
from payroll.services import payroll_run_budget_check, payroll_run_calculate_now, payroll_run_create
from tests.factories import UserFactory
from tests.payroll.flow_helpers import MARCH, approve_all, checked_run, flow_org
from tests.payroll.helpers import pay_structure, payroll_budget, profile_for
from tests.support import PEER, STAFF

pytestmark = pytest.mark.django_db
ROOMY = {"101-01": 10_000_000, "304-01": 1_000_000, "304-02": 1_000_000}


def _figures(on: datetime.date) -> dict:
    return {f.key: f for f in SOURCE.figures(on=on)}


def test_payroll_kpis(in_alpha):
    grade = pay_structure()
    profile_for(User.objects.get(username=STAFF), grade, step=5)  # 3,140,000 gross
    profile_for(User.objects.get(username=PEER), grade, step=7)  # 3,340,000 gross
    officer = UserFactory(username="payclerk", roles=[roles.STAFF, "payroll_officer"])
    nothing = _figures(datetime.date(2026, 3, 15))
    assert set(nothing) == {LATE, BLOCKED, BLOCKED_SHORT}
    assert nothing[BLOCKED].value == 0
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
    assert {kpi.code for kpi in SOURCE.kpis} == {
        GROSS_YTD,
        EMPLOYER_YTD,
        GROSS_MONTH,
        HEADCOUNT,
        AVERAGE,
        LATE,
        BUDGET_CURRENT,
        BUDGET_EXECUTED,
        BUDGET_RATE,
        BLOCKED,
        BLOCKED_SHORT,
    }


# --- 인건비 execution against its budget lines, and runs blocked by budget --------------------------


def test_personnel_execution_against_its_budget_lines(in_alpha):
    """The two-person March run of tests/payroll/flow_helpers (101-01 6,480,000; 304-01 285,000;
    304-02 406,480) approved on March 18 against roomy lines, beside a 201-01 line payroll does not
    charge (it never counts):

        예산현액 10,000,000 + 1,000,000 + 1,000,000 = 12,000,000
        집행액   6,480,000 + 285,000 + 406,480 = 7,171,480
        집행률   7,171,480 / 12,000,000 = 59.762… → 59.8 %;  101-01 64.8, 304-01 28.5, 304-02 40.648 → 40.6
    """
    org = flow_org()
    run = checked_run(org, {**ROOMY, "201-01": 5_000_000})
    approve_all(payroll_run_submit(actor=org.drafter, run=run))

    before = _figures(datetime.date(2026, 3, 17))  # the 본예산 is posted on 1 January
    assert before[BUDGET_CURRENT].value == 12_000_000
    assert before[BUDGET_EXECUTED].value == 0
    assert before[BUDGET_RATE].value == Decimal("0.0")

    after = _figures(datetime.date(2026, 3, 18))
    assert after[BUDGET_CURRENT].value == 12_000_000
    assert after[BUDGET_CURRENT].breakdown == (("101-01", 10_000_000), ("304-01", 1_000_000), ("304-02", 1_000_000))
    assert after[BUDGET_EXECUTED].value == 7_171_480
    assert after[BUDGET_EXECUTED].breakdown == (("101-01", 6_480_000), ("304-01", 285_000), ("304-02", 406_480))
    assert after[BUDGET_RATE].value == Decimal("59.8")
    assert after[BUDGET_RATE].breakdown == (
        ("101-01", Decimal("64.8")),
        ("304-01", Decimal("28.5")),
        ("304-02", Decimal("40.6")),
    )
    # a year with no budget reports no execution figures, not zeros
    assert BUDGET_RATE not in _figures(datetime.date(2025, 12, 31))


def test_runs_blocked_by_budget_at_the_check_and_at_submission(in_alpha):
    org = flow_org()
    payroll_budget({"101-01": 6_480_000, "304-01": 285_000, "304-02": 400_000})  # 304-02 short by 6,480
    march = payroll_run_calculate_now(actor=org.drafter, run=payroll_run_create(actor=org.drafter, month=MARCH))
    assert _figures(timezone.localdate())[BLOCKED].value == 0  # calculated, not checked yet

    assert payroll_run_budget_check(actor=org.drafter, run=march)[0]["short"] == 6_480
    figures = _figures(timezone.localdate())
    assert figures[BLOCKED].value == 1
    assert figures[BLOCKED].breakdown == (("2026년 3월 정기", 6_480),)
    assert figures[BLOCKED_SHORT].value == 6_480
    # the day before the check counts nothing (a past day counts the runs checked by its end)
    assert _figures(timezone.localdate() - datetime.timedelta(days=1))[BLOCKED].value == 0

    # say a 전용 made room and the check passed (set by hand): nothing is blocked any more
    PayrollRun.objects.filter(pk=march.pk).update(budget_problems=[], status=RunStatus.BUDGET_CHECK)
    assert _figures(timezone.localdate())[BLOCKED].value == 0
    # ... until submission finds the balance moved again: 304-01 loses 5,000 to an expense plan
    line = lines_for_standard_codes(2026, ["304-01"])["304-01"]
    commit(line=line, amount=5_000, source=SourceRef("budget", "expenseplan", "97"), actor=None, on=MARCH)
    with pytest.raises(PayrollError, match="부족 5,000원"):
        payroll_run_submit(actor=org.drafter, run=march)
    march.refresh_from_db()
    assert march.status == RunStatus.REVIEW
    figures = _figures(timezone.localdate())
    # 304-01 short by 5,000 and 304-02 still short by 6,480
    assert figures[BLOCKED].breakdown == (("2026년 3월 정기", 11_480),)
    assert figures[BLOCKED_SHORT].value == 11_480
    # a finalised run is never counted as blocked, whatever its last check said
    PayrollRun.objects.filter(pk=march.pk).update(status=RunStatus.FINALISED)
    assert _figures(timezone.localdate())[BLOCKED].value == 0


def test_the_figures_take_five_queries_whatever_the_headcount(in_alpha, django_assert_num_queries):
    org = flow_org()
    approve_all(payroll_run_submit(actor=org.drafter, run=checked_run(org, ROOMY)))
    list(SOURCE.figures(on=datetime.date(2026, 3, 18)))  # warm: the schema's first query sets its search path
    # items' 통계목, the lines' postings, blocked runs, slips by month and grade, late runs
    with django_assert_num_queries(5):
        list(SOURCE.figures(on=datetime.date(2026, 3, 18)))
