"""지출 반납 of part of an execution (budget.charges.refund_many), the way a payroll correction
returns what it recovers (환수), on tests.factories' small budget, worked by hand:

    201-01 사무관리비 본예산 10,000,000; 202-01 국내여비 2,000,000
    a March run executed 1,200,000 on 사무관리비 and 300,000 on 국내여비 (source RUN);
    its correction (source FIX) returns 100,000 and 20,000:
        사무관리비 executed 1,100,000, balance 8,900,000; 국내여비 280,000, balance 1,720,000."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditEvent
from budget.charges import Charge, SourceRef, balance, execute_many, refund_many
from budget.models import BudgetPosting, PostingKind
from tests.factories.budget_lines import small_budget

pytestmark = pytest.mark.django_db

MARCH = date(2026, 3, 20)
RUN = SourceRef("payroll", "payrollrun", 1)
FIX = SourceRef("payroll", "payrollrun", 2)


@pytest.fixture
def budget(in_alpha):
    budget = small_budget()
    charges = [Charge(budget.line("사무관리비"), 1_200_000), Charge(budget.line("국내여비"), 300_000)]
    execute_many(charges=charges, source=RUN, actor=budget.officer, on=MARCH)
    return budget


def executed_and_available(line) -> tuple[int, int]:
    figures = balance(line.pk)
    return figures.executed_amount, figures.available_amount


def test_a_refund_lowers_the_execution_and_restores_the_balance_once(budget):
    office, travel = budget.line("사무관리비"), budget.line("국내여비")
    refunds = [Charge(office, 100_000), Charge(travel, 20_000)]

    posted = refund_many(charges=refunds, source=FIX, actor=budget.officer, on=date(2026, 4, 1), memo="3월 환수")

    assert sorted((p.kind, p.amount) for p in posted) == [
        (PostingKind.REVERSE, -100_000),
        (PostingKind.REVERSE, -20_000),
    ]
    assert executed_and_available(office) == (1_100_000, 8_900_000)
    assert executed_and_available(travel) == (280_000, 1_720_000)
    event = AuditEvent.objects.get(action="budget.refund")
    assert event.data["source"] == "payroll.payrollrun:2"
    assert sorted(line["amount"] for line in event.data["lines"]) == [-100_000, -20_000]
    # the same call again is a no-op
    again = refund_many(charges=refunds, source=FIX, actor=budget.officer, on=date(2026, 4, 1))
    assert sorted(p.pk for p in again) == sorted(p.pk for p in posted)
    assert executed_and_available(office) == (1_100_000, 8_900_000)
    assert AuditEvent.objects.filter(action="budget.refund").count() == 1


def test_a_refund_larger_than_the_execution_is_refused_and_posts_nothing(budget):
    office, travel = budget.line("사무관리비"), budget.line("국내여비")
    with pytest.raises(ValidationError, match="반납할 금액 300,001원이\\(가\\) 집행액 300,000원보다 큽니다"):
        refund_many(
            charges=[Charge(office, 100_000), Charge(travel, 300_001)], source=FIX, actor=budget.officer, on=MARCH
        )
    assert not BudgetPosting.objects.filter(**FIX.filter()).exists()
    assert executed_and_available(office) == (1_200_000, 8_800_000)


def test_a_refund_with_another_amount_under_the_same_source_is_refused(budget):
    office = budget.line("사무관리비")
    refund_many(charges=[Charge(office, 100_000)], source=FIX, actor=budget.officer, on=MARCH)
    with pytest.raises(ValidationError, match="같은 출처"):
        refund_many(charges=[Charge(office, 90_000)], source=FIX, actor=budget.officer, on=MARCH)
    assert executed_and_available(office) == (1_100_000, 8_900_000)
