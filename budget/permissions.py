"""Who may see an expense plan (지출 품의) and act on it.

Staff see their own plans and their department's; department heads their department tree;
the people on a plan's approval line see the plans they decide; institution admins and auditors
see everything (tasks.permissions.Viewer). Only the drafter corrects and resubmits. Anyone else
gets 404: a plan's existence is not shown to a stranger.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from approval.models import ApprovalStep
from budget.models import ExpensePlan
from org.models import User
from tasks.permissions import viewer_for


def plan_visibility_q(user: User) -> Q:
    viewer = viewer_for(user)
    if viewer.sees_everything:
        return Q()
    on_line = ApprovalStep.objects.filter(document_id=OuterRef("document_id"), approver=user)
    return Q(drafter=user) | viewer.department_q("department") | Q(Exists(on_line))


def plans_visible_to(user: User) -> QuerySet[ExpensePlan]:
    return ExpensePlan.objects.filter(plan_visibility_q(user))


def access_expense_plan(user: User, pk: int, *, for_write: bool = False) -> ExpensePlan:
    """The plan if `user` may see it (404 otherwise); `for_write` (correct and resubmit) also
    requires being its drafter (403)."""
    plan = (
        plans_visible_to(user)
        .select_related("drafter__position", "department", "unit_task", "document")
        .filter(pk=pk)
        .first()
    )
    if plan is None:
        raise Http404(_("지출 품의를 찾을 수 없습니다."))
    if for_write and plan.drafter_id != user.pk:
        raise PermissionDenied(_("지출 품의를 작성한 사람만 고쳐서 다시 상신할 수 있습니다."))
    return plan
