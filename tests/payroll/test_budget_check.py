"""예산 확인: the run's gross by 통계목 plus the employer contributions by their own lines, against
the budget lines' balances (budget.charges); a shortfall or a code with no line blocks the run,
listed with line, needed, available and short. Expected figures worked by hand."""

from __future__ import annotations

import datetime

import pytest

from audit.models import AuditEvent
from budget.charges import balance, lines_for_standard_codes
from budget.structure import fiscal_year_confirm, fiscal_year_create
from org import roles
from org.models import User
from payroll.budget_check import run_needs
from payroll.models import PayrollRun, RunStatus
from payroll.services import PayrollError, payroll_run_budget_check, payroll_run_calculate_now, payroll_run_create
from tests.factories import DepartmentFactory, UserFactory
from tests.factories.budget_lines import budget_officer, item
from tests.payroll.helpers import pay_structure, profile_for
from tests.support import PEER, STAFF, login

pytestmark = pytest.mark.django_db
MARCH = datetime.date(2026, 3, 1)


def _budget(amounts: dict[str, int]):
    department = DepartmentFactory(name="재무팀")
    officer = budget_officer(department)
    year = fiscal_year_create(actor=officer, year=2026)
    program = item(officer, year, None, "1000", "행정지원", department)
    unit = item(officer, year, program, "1100", "기관운영", department)
    personnel = item(officer, year, unit, "1110", "인건비", department)
    parents = {}
    for code, amount in amounts.items():
        group = code[:3]
        if group not in parents:
            parents[group] = item(officer, year, personnel, group, f"편성목{group}", department, standard_code=group)
        item(officer, year, parents[group], code, f"과목{code}", department, standard_code=code, planned_amount=amount)
    fiscal_year_confirm(actor=officer, fiscal_year=year)


@pytest.fixture
def run(in_alpha):
    grade = pay_structure()
    profile_for(User.objects.get(username=STAFF), grade, step=5)  # 3,000,000
    profile_for(User.objects.get(username=PEER), grade, step=7)  # 3,200,000
    officer = UserFactory(username="payclerk", roles=[roles.STAFF, "payroll_officer"])
    return payroll_run_calculate_now(actor=officer, run=payroll_run_create(actor=officer, month=MARCH))


def test_needs_by_line_by_hand(run):
    # 101-01: (3,000,000 + 140,000) + (3,200,000 + 140,000); 304-01: 국민연금 2 × 142,500 (bases 3,000,000)
    # 304-02: 건강 2 × 107,850 + 장기요양 2 × 14,170 + 고용 27,000 + 28,800 + 고용안정 7,500 + 8,000
    #         + 산재 44,100 + 47,040
    assert run_needs(run) == {"101-01": 6_480_000, "304-01": 285_000, "304-02": 406_480}


def test_a_short_line_and_a_missing_line_block_the_run(run):
    _budget({"101-01": 10_000_000, "304-01": 200_000})
    officer = User.objects.get(username="payclerk")
    problems = payroll_run_budget_check(actor=officer, run=run)
    assert problems == [
        {"code": "304-01", "line": problems[0]["line"], "needed": 285_000, "available": 200_000, "short": 85_000},
        {"code": "304-02", "line": "", "needed": 406_480, "available": None, "short": 406_480},
    ]
    run.refresh_from_db()
    assert run.status == RunStatus.REVIEW
    assert run.budget_problems == problems
    assert AuditEvent.objects.get(action="payroll_run.budget_check").data["passed"] is False
    # nothing was charged: the check only reads balances
    line = lines_for_standard_codes(2026, ["101-01"])["101-01"]
    assert balance(line).available_amount == 10_000_000


def test_enough_money_on_every_line_passes_and_moves_on(run):
    _budget({"101-01": 6_480_000, "304-01": 285_000, "304-02": 406_480})  # exactly enough
    officer = User.objects.get(username="payclerk")
    assert payroll_run_budget_check(actor=officer, run=run) == []
    run.refresh_from_db()
    assert (run.status, run.budget_problems) == (RunStatus.BUDGET_CHECK, [])


def test_the_check_needs_a_calculated_run(in_alpha):
    officer = UserFactory(username="payclerk", roles=[roles.STAFF, "payroll_officer"])
    prepared = payroll_run_create(actor=officer, month=MARCH)
    with pytest.raises(PayrollError, match="검토"):
        payroll_run_budget_check(actor=officer, run=prepared)
    assert PayrollRun.objects.get(pk=prepared.pk).budget_checked_at is None


def test_the_page_lists_the_shortfall(run, alpha, client_for):
    _budget({"101-01": 10_000_000, "304-01": 200_000, "304-02": 1_000_000})
    client = client_for(alpha)
    login(client, "payclerk")
    response = client.post(f"/payroll/runs/{run.pk}/budget-check/", follow=True)
    html = response.content.decode()
    assert 'id="budget-problems"' in html
    assert "85,000원" in html
    assert "결재로 넘길 수 없습니다" in html
