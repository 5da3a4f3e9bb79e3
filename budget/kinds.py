"""The approval kind `budget.expense_plan` (지출 품의) and its callbacks.

The engine calls the callbacks inside the transaction of the final decision, with the plan
locked, and tells each one the decision (approval.kinds.Decision): if one raises, the decision
is rolled back with it. Who decides comes from the institution's delegation table rows for this
kind (by amount); the line is suggested from it when the drafter gives none. The plan is its
drafter's request: they never decide a step of it, not even standing in for an absent approver.
"""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from approval.kinds import Decision, register_kind
from budget.charges import SourceRef, commit
from budget.models import BudgetItem, ExpensePlan, PlanStatus

EXPENSE_PLAN_KIND = "budget.expense_plan"


def _current(decision: Decision) -> bool:
    """Only the plan's latest round moves it (an older round is closed and cannot be decided)."""
    return decision.subject.document_id == decision.document_id


def posting_day(line: BudgetItem, at: datetime) -> date:
    """The day a decision at `at` counts on for `line`: that day, or the first day of the line's
    year if decided before it began; after the year's end nothing can be charged to it."""
    day = timezone.localdate(at)
    year = line.fiscal_year
    if day > year.ends_on:
        raise ValidationError(
            _("%(year)d 회계연도가 지나 이 예산과목에 집행할 수 없습니다: %(line)s")
            % {"year": year.year, "line": line.label}
        )
    return max(day, year.starts_on)


def expense_plan_requester(plan: ExpensePlan):
    return plan.drafter


def expense_plan_approved(decision: Decision) -> None:
    if not _current(decision):
        return
    plan: ExpensePlan = decision.subject
    if plan.line_id is not None:
        # 지출원인행위: the approved plan reserves its amount on its line, checked again under the
        # line's row lock; a shortfall raises and the engine rolls the decision back.
        line = BudgetItem.objects.select_related("fiscal_year").get(pk=plan.line_id)
        commit(
            line=line,
            amount=plan.amount,
            source=SourceRef.of(plan),
            actor=decision.actor,
            on=posting_day(line, decision.at),
            memo=plan.title,
        )
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
        label=str(gettext_lazy("지출 품의")),
        subject_model="budget.ExpensePlan",
        requester=expense_plan_requester,
        on_approved=expense_plan_approved,
        on_rejected=expense_plan_rejected,
        on_withdrawn=expense_plan_withdrawn,
    )
