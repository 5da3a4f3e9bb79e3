"""The approval kind `budget.expense_plan` (지출 품의) and its callbacks.

The engine calls the callbacks inside the transaction of the final decision, with the plan
locked, and tells each one the decision (approval.kinds.Decision): if one raises, the decision
is rolled back with it. Who decides comes from the institution's delegation table rows for this
kind (by amount); the line is suggested from it when the drafter gives none. The plan is its
drafter's request: they never decide a step of it, not even standing in for an absent approver.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from approval.kinds import Decision, register_kind
from budget.models import ExpensePlan, PlanStatus

EXPENSE_PLAN_KIND = "budget.expense_plan"


def _current(decision: Decision) -> bool:
    """Only the plan's latest round moves it (an older round is closed and cannot be decided)."""
    return decision.subject.document_id == decision.document_id


def expense_plan_requester(plan: ExpensePlan):
    return plan.drafter


def expense_plan_approved(decision: Decision) -> None:
    if not _current(decision):
        return
    plan: ExpensePlan = decision.subject
    plan.status = PlanStatus.APPROVED
    plan.approved_at = decision.at
    plan.registration = decision.registration
    plan.save(update_fields=["status", "approved_at", "registration", "updated_at"])


def expense_plan_rejected(decision: Decision) -> None:
    if not _current(decision):
        return
    plan: ExpensePlan = decision.subject
    plan.status = PlanStatus.REJECTED
    plan.save(update_fields=["status", "updated_at"])


def expense_plan_withdrawn(decision: Decision) -> None:
    if not _current(decision):
        return
    plan: ExpensePlan = decision.subject
    plan.status = PlanStatus.WITHDRAWN
    plan.save(update_fields=["status", "updated_at"])


def register() -> None:
    register_kind(
        EXPENSE_PLAN_KIND,
        label=str(_("지출 품의")),
        subject_model="budget.ExpensePlan",
        requester=expense_plan_requester,
        on_approved=expense_plan_approved,
        on_rejected=expense_plan_rejected,
        on_withdrawn=expense_plan_withdrawn,
    )
