"""The run of tests/payroll/test_flow.py (two people, March 2026) up to 예산 확인 and through 결재."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from django.contrib.auth.models import Group

from approval.services import document_approve
from budget.charges import balance, lines_for_standard_codes
from payroll.models import PayrollRun
from payroll.permissions import PAYROLL_OFFICER
from payroll.services import payroll_run_budget_check, payroll_run_calculate_now, payroll_run_create
from tests.factories.approval import Org, org_chart
from tests.payroll.helpers import pay_structure, payroll_budget, profile_for

MARCH = datetime.date(2026, 3, 1)
DECIDED = datetime.datetime(2026, 3, 18, 10, 0, tzinfo=ZoneInfo("Asia/Seoul"))
NEEDS = {"101-01": 6_480_000, "304-01": 285_000, "304-02": 406_480}


def flow_org() -> Org:
    """approval's org chart; 문기안 (총무팀) is the 급여 담당; 변동료 6급 5호봉, 탁회계 6급 7호봉."""
    org = org_chart()
    org.drafter.groups.add(Group.objects.get(name=PAYROLL_OFFICER))
    grade = pay_structure()
    profile_for(org.colleague, grade, step=5)
    profile_for(org.accountant, grade, step=7)
    return org


def checked_run(org: Org, budget: dict[str, int] = NEEDS) -> PayrollRun:
    payroll_budget(budget)
    run = payroll_run_calculate_now(actor=org.drafter, run=payroll_run_create(actor=org.drafter, month=MARCH))
    assert payroll_run_budget_check(actor=org.drafter, run=run) == []
    run.refresh_from_db()
    return run


def approve_all(run: PayrollRun, at: datetime.datetime = DECIDED) -> PayrollRun:
    run.refresh_from_db()
    document = run.document
    for step in document.steps.order_by("order"):
        document_approve(document=document, actor=step.approver, now=at)
        document.refresh_from_db()
    run.refresh_from_db()
    return run


def line_figures(code: str) -> tuple[int, int, int]:
    figures = balance(lines_for_standard_codes(2026, [code])[code])
    return figures.committed_amount, figures.executed_amount, figures.available_amount
