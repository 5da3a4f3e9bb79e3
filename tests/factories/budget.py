"""Expense plans built through the services, on top of approval's `org_chart()`. Call inside an
institution's schema (in_alpha).

The delegation table for `budget.expense_plan` (위임전결, by amount):

    amount < 1,000,000              → 팀장
    1,000,000 ≤ amount < 10,000,000 → 부서장
    amount ≥ 10,000,000             → 본부장, 대결 needs 후결
"""

from __future__ import annotations

from datetime import date

from approval.models import DelegationRule
from budget.kinds import EXPENSE_PLAN_KIND
from budget.models import ExpensePlan
from budget.services import expense_plan_submit
from org.models import Position
from tests.factories.approval import Org


def expense_delegation_table(positions: dict[str, Position]) -> list[DelegationRule]:
    rows = [
        ("100만원 미만 지출", None, 1_000_000, "팀장", False),
        ("100만원 이상 1천만원 미만 지출", 1_000_000, 10_000_000, "부서장", False),
        ("1천만원 이상 지출", 10_000_000, None, "본부장", True),
    ]
    return [
        DelegationRule.objects.create(
            kind=EXPENSE_PLAN_KIND,
            label=label,
            min_amount=low,
            max_amount=high,
            deciding_position=positions[position],
            post_approval_required=post,
        )
        for label, low, high, position, post in rows
    ]


def plan(org: Org, *, amount: int = 500_000, title: str = "복사용지 구매", drafter=None, **fields) -> ExpensePlan:
    values = {
        "purpose": "사무용 복사용지(A4) 100박스 구매",
        "budget_item": "사무관리비/일반수용비",
        "planned_date": date(2026, 12, 10),
        "unit_task": org.task,
        **fields,
    }
    return expense_plan_submit(actor=drafter or org.drafter, title=title, amount=amount, **values)
