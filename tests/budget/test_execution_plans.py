"""지출 품의 against a real budget line: the balance is checked at 상신, and the approval commits
the amount (지출원인행위) under the line's row lock — a balance that shrank meanwhile refuses the
decision and the document stays where it was. Figures worked by hand on the small budget owned
by 총무부 (the drafter's team, 총무팀, sits under it):

    201-01 사무관리비 10,000,000 · 201-02 공공운영비 5,000,000 · 202-01 국내여비 2,000,000"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from approval.models import DocumentStatus
from approval.services import document_approve
from budget.charges import SourceRef, balance, commit
from budget.models import BudgetPosting, ExpensePlan, PlanStatus, PostingKind
from tests.factories.approval import org_chart
from tests.factories.budget import expense_delegation_table, plan
from tests.factories.budget_lines import small_budget

pytestmark = pytest.mark.django_db

SEOUL = ZoneInfo("Asia/Seoul")
MARCH = datetime(2026, 3, 5, 10, 0, tzinfo=SEOUL)


@pytest.fixture
def org(in_alpha):
    org = org_chart()
    expense_delegation_table(org.positions)
    org.budget = small_budget(department=org.general_affairs)
    return org


def approve(org, p: ExpensePlan, at: datetime = MARCH) -> ExpensePlan:
    p.refresh_from_db()
    document_approve(document=p.document, actor=org.lead, now=at)
    p.refresh_from_db()
    return p


def test_an_approved_plan_commits_its_amount_on_its_line(org):
    office = org.budget.items["사무관리비"]

    p = plan(org, amount=800_000, budget_line=office, planned_date=date(2026, 3, 20))
    assert p.line == office
    assert p.budget_item == "일반운영비/201-01 사무관리비"
    # Submitted, nothing is reserved yet.
    assert balance(office).committed_amount == 0

    p = approve(org, p)

    assert p.status == PlanStatus.APPROVED
    b = balance(office)
    assert (b.committed_amount, b.available_amount) == (800_000, 9_200_000)
    commitment = BudgetPosting.objects.get(kind=PostingKind.COMMIT, line=office)
    assert (commitment.source_label, commitment.amount, commitment.posted_on) == (
        f"budget.expenseplan:{p.pk}",
        800_000,
        date(2026, 3, 5),
    )


def test_a_plan_beyond_the_balance_is_refused_at_submission_and_nothing_is_written(org):
    travel = org.budget.items["국내여비"]

    with pytest.raises(ValidationError) as caught:
        plan(org, amount=2_500_000, budget_line=travel)

    assert caught.value.message_dict == {
        "amount": ["예산 잔액이 부족합니다: 202-01 국내여비 — 잔액 2,000,000원, 요청 2,500,000원, 부족 500,000원"]
    }
    assert not ExpensePlan.objects.exists()


def test_a_balance_that_shrank_meanwhile_refuses_the_final_decision(org):
    travel = org.budget.items["국내여비"]
    p = plan(org, amount=900_000, budget_line=travel)
    # Someone else commits 1,500,000 of the 2,000,000 while the plan travels.
    commit(line=travel, amount=1_500_000, source=SourceRef("attendance", "trip", 1), actor=None, on=date(2026, 3, 2))

    with pytest.raises(ValidationError, match="잔액 500,000원, 요청 900,000원, 부족 400,000원"):
        approve(org, p)

    p.refresh_from_db()
    assert p.status == PlanStatus.IN_PROGRESS
    assert p.document.status == DocumentStatus.IN_PROGRESS
    assert balance(travel).committed_amount == 1_500_000


def test_a_line_of_another_department_or_a_date_outside_the_year_is_refused(org):
    other = small_budget(year=2027, confirm=False, department=org.general_affairs).items["사무관리비"]
    with pytest.raises(ValidationError) as caught:
        plan(org, budget_line=other)
    assert caught.value.message_dict == {"line": ["2027 회계연도는 집행할 수 있는 상태가 아닙니다."]}

    finance_line = org.budget.items["시설비"]
    finance_line.department = org.finance
    finance_line.save(update_fields=["department"])
    with pytest.raises(ValidationError) as caught:
        plan(org, budget_line=finance_line)
    assert caught.value.message_dict == {"line": ["우리 부서 소관이 아닌 예산과목입니다: 401-01 시설비"]}

    with pytest.raises(ValidationError) as caught:
        plan(org, budget_line=org.budget.items["사무관리비"], planned_date=date(2027, 1, 5))
    assert caught.value.message_dict == {
        "planned_date": ["2027. 1. 5.은(는) 2026 회계연도(1. 1.~12. 31.) 밖의 날짜입니다."]
    }
    assert not ExpensePlan.objects.exists()
