"""Reads of the expense-plan pages."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from budget.models import ExpensePlan
from budget.permissions import plans_visible_to
from org.models import User


@dataclass(frozen=True)
class PlanFilters:
    q: str = ""
    status: str = ""
    mine: bool = False


def expense_plan_list(user: User, filters: PlanFilters) -> QuerySet[ExpensePlan]:
    """The plans this person may see (as they may see the plans' documents), newest first, with
    what a row shows in one query."""
    plans = plans_visible_to(user).select_related("drafter__position", "department", "unit_task")
    if filters.mine:
        plans = plans.filter(drafter=user)
    if filters.status:
        plans = plans.filter(status=filters.status)
    if filters.q:
        plans = plans.filter(
            Q(title__icontains=filters.q) | Q(budget_item__icontains=filters.q) | Q(purpose__icontains=filters.q)
        )
    return plans.order_by("-created_at", "-pk")
