"""The execution chain built through the services on top of approval's `org_chart()` and a small
budget owned by 총무부 (the drafter's team, 총무팀, sits under it). Call inside an institution's
schema (in_alpha).

Delegation for `budget.expense_plan` and `budget.expenditure` (by amount): < 1,000,000 → 팀장,
< 10,000,000 → 부서장, else 본부장. The accountant (탁회계, 재무부) holds 회계 담당.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.contrib.auth.models import Group

from approval.models import DelegationRule
from approval.services import document_approve
from budget.execution import EXPENDITURE_KIND, expenditure_submit
from budget.models import Expenditure, ExpensePlan, Vendor
from budget.plugin import ACCOUNTING_OFFICER
from budget.vendors import vendor_save
from tests.factories.approval import Org, org_chart
from tests.factories.budget import expense_delegation_table, plan
from tests.factories.budget_lines import SmallBudget, small_budget

SEOUL = ZoneInfo("Asia/Seoul")
MARCH = datetime(2026, 3, 5, 10, 0, tzinfo=SEOUL)
APRIL = datetime(2026, 4, 10, 10, 0, tzinfo=SEOUL)
# Valid 사업자등록번호 (check digit worked by hand in tests/budget/test_vendors.py).
STATIONER_NUMBER = "1234567891"
PRINTER_NUMBER = "2208162517"


@dataclass
class Chain:
    org: Org
    budget: SmallBudget
    vendor: Vendor

    def line(self, name: str):
        return self.budget.line(name)


def expenditure_delegation(org: Org) -> None:
    for label, low, high, position in (
        ("100만원 미만 지출결의", None, 1_000_000, "팀장"),
        ("100만원 이상 1천만원 미만 지출결의", 1_000_000, 10_000_000, "부서장"),
        ("1천만원 이상 지출결의", 10_000_000, None, "본부장"),
    ):
        DelegationRule.objects.create(
            kind=EXPENDITURE_KIND,
            label=label,
            min_amount=low,
            max_amount=high,
            deciding_position=org.positions[position],
        )


def chain(*, year: int = 2026, own_team: bool = False) -> Chain:
    """With `own_team`, the lines belong to 총무팀 itself (so they show on its members' budget
    home), else to 총무부 above it."""
    org = org_chart()
    expense_delegation_table(org.positions)
    expenditure_delegation(org)
    org.accountant.groups.add(Group.objects.get(name=ACCOUNTING_OFFICER))
    budget = small_budget(year=year, department=org.team if own_team else org.general_affairs)
    vendor = vendor_save(
        actor=org.accountant,
        name="한빛문구",
        business_number="123-45-67891",
        bank_code="004",
        account_number="123-456-789012",
        account_holder="한빛문구",
    )
    return Chain(org=org, budget=budget, vendor=vendor)


def approve(chain: Chain, subject, at: datetime = MARCH):
    """The final approval of a small subject's document by the team head (팀장's band)."""
    subject.refresh_from_db()
    steps = list(subject.document.steps.order_by("order"))
    for step in steps:
        document_approve(document=subject.document, actor=step.approver, now=at)
        subject.document.refresh_from_db()
    subject.refresh_from_db()
    return subject


def approved_plan(chain: Chain, amount: int = 800_000, name: str = "사무관리비") -> ExpensePlan:
    return approve(chain, plan(chain.org, amount=amount, budget_line=chain.budget.items[name]))


def expenditure(chain: Chain, amount: int = 500_000, **fields) -> Expenditure:
    values = {
        "title": "복사용지 구매 대금",
        "purpose": "A4 복사용지 50박스",
        "vendor": chain.vendor,
        "pay_date": date(2026, 4, 20),
        "unit_task": chain.org.task,
        **fields,
    }
    return expenditure_submit(actor=fields.pop("actor", chain.org.drafter), amount=amount, **values)
