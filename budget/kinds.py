"""The approval kind `budget.expense_plan` (지출 품의) and its callbacks.

The engine calls the callbacks inside the transaction of the final decision, with the plan
already locked (approval.kinds.subject_of): if one raises, the decision is rolled back with it.
Who decides comes from the institution's delegation table rows for this kind (by amount); the
line is suggested from it when the drafter gives none (approval.lines.approval_line_suggest).
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from approval.kinds import register_kind
from approval.models import Document
from budget.models import ExpensePlan, PlanStatus

EXPENSE_PLAN_KIND = "budget.expense_plan"


def _current(document: Document, plan: ExpensePlan) -> bool:
    """Only the plan's latest round moves it (an older round is closed and cannot be decided)."""
    return plan.document_id == document.pk


def expense_plan_approved(document: Document, plan: ExpensePlan) -> None:
    if not _current(document, plan):
        return
    plan.status = PlanStatus.APPROVED
    plan.approved_at = document.closed_at or timezone.now()
    plan.save(update_fields=["status", "approved_at", "updated_at"])


def expense_plan_rejected(document: Document, plan: ExpensePlan) -> None:
    if not _current(document, plan):
        return
    plan.status = PlanStatus.REJECTED
    plan.save(update_fields=["status", "updated_at"])


def expense_plan_withdrawn(document: Document, plan: ExpensePlan) -> None:
    if not _current(document, plan):
        return
    plan.status = PlanStatus.WITHDRAWN
    plan.save(update_fields=["status", "updated_at"])


def register() -> None:
    register_kind(
        EXPENSE_PLAN_KIND,
        label=str(_("지출 품의")),
        subject_model="budget.ExpensePlan",
        on_approved=expense_plan_approved,
        on_rejected=expense_plan_rejected,
        on_withdrawn=expense_plan_withdrawn,
    )
