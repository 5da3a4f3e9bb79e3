"""Who may see an expense plan (지출 품의) and act on it.

A plan is shown to exactly those who may open its approval document (the engine's one rule,
approval.permissions, through the public face `visible_document_ids`): its drafter, the people on
its line and whoever stands in for them, 참조/공람 recipients and those granted reading, the
heads of the handling department's tree, auditors, and the department's members once it is
completed — unless it is 비공개 (filed under a 비공개 unit task or marked so), which the
department's members and the institution's admins do not see. Anyone else gets 404 and never
sees it listed or exported. Only the drafter corrects and resubmits.
"""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from approval.permissions import visible_document_ids
from budget.models import ExpensePlan
from org.models import User


def plan_visibility_q(user: User, *, now: datetime | None = None) -> Q:
    if user is None or not user.is_authenticated:
        return Q(pk__in=[])
    # A plan is submitted with its document in one transaction; one without is its drafter's alone.
    return Q(document_id__in=visible_document_ids(user, now=now)) | Q(document__isnull=True, drafter=user)


def plans_visible_to(user: User, *, now: datetime | None = None) -> QuerySet[ExpensePlan]:
    return ExpensePlan.objects.filter(plan_visibility_q(user, now=now))


def access_expense_plan(user: User, pk: int, *, for_write: bool = False) -> ExpensePlan:
    """The plan if `user` may see it (404 otherwise); `for_write` (correct and resubmit) also
    requires being its drafter (403)."""
    plan = plans_visible_to(user).select_related("drafter__position", "department", "unit_task").filter(pk=pk).first()
    if plan is None:
        raise Http404(_("지출 품의를 찾을 수 없습니다."))
    if for_write and plan.drafter_id != user.pk:
        raise PermissionDenied(_("지출 품의를 작성한 사람만 고쳐서 다시 상신할 수 있습니다."))
    return plan
