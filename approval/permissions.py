"""Who may open and act on a document.

A draft is its drafter's alone. Once submitted, a document is visible to:

- its drafter;
- everyone on its approval line (whether or not their turn has come), and whoever decided a step
  in someone's place (대결);
- the designated proxy of an approver who is absent now and whose step is pending (they must read
  it to decide it);
- its carbon copies (참조) and circulation recipients (공람);
- auditors (감사 담당), who read everything that was submitted;
- the heads of the handling department and of the departments above it (their tree);
- the members of the handling department once it is completed, unless it is 비공개 (부서문서함).

Everyone else gets 404: they cannot tell the document exists. Institution admins manage the
organisation and the delegation table, not the documents, so the role alone shows nothing.
"""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from approval.models import (
    ApprovalStep,
    CarbonCopy,
    Circulation,
    Document,
    DocumentStatus,
    StepState,
)
from org import roles
from org.models import Absence, Department
from tasks.models import Disclosure


def _is_auditor(user) -> bool:
    return roles.AUDITOR in user.role_names()


def _headed_paths(user) -> list[str]:
    cached = getattr(user, "_approval_head_paths", None)
    if cached is None:
        cached = list(Department.objects.filter(head=user, is_active=True).values_list("path", flat=True))
        user._approval_head_paths = cached
    return cached


def proxied_approver_ids(user, now: datetime):
    """Ids of the people `user` stands in for right now (대결), as a subquery."""
    return Absence.objects.filter(proxy=user, starts_at__lte=now, ends_at__gt=now).values("user_id")


def document_visibility_q(user, *, now: datetime | None = None) -> Q:
    if user is None or not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    now = now or timezone.now()
    submitted = ~Q(status=DocumentStatus.DRAFT)
    if _is_auditor(user):
        return Q(drafter=user) | submitted
    on_line = ApprovalStep.objects.filter(Q(approver=user) | Q(acted_by=user)).values("document_id")
    standing_in = ApprovalStep.objects.filter(
        state=StepState.PENDING, approver_id__in=proxied_approver_ids(user, now)
    ).values("document_id")
    informed = CarbonCopy.objects.filter(user=user).values("document_id")
    circulated = Circulation.objects.filter(user=user).values("document_id")
    parties = Q(pk__in=on_line) | Q(pk__in=standing_in) | Q(pk__in=informed) | Q(pk__in=circulated)
    department = Q(pk__in=[])
    for path in _headed_paths(user):
        department |= Q(department__path__startswith=path)
    if user.department_id:
        department |= Q(department_id=user.department_id, status=DocumentStatus.COMPLETED) & ~Q(
            disclosure=Disclosure.PRIVATE
        )
    return Q(drafter=user) | submitted & (parties | department)


def access_document(user, pk, *, for_write: bool = False, now: datetime | None = None) -> Document:
    """The document `pk` if `user` may see it (else 404). With for_write, the user must also be
    able to act on it: its drafter, someone on its line, or a proxy standing in now (else 403).
    The services check the exact action against the document's state."""
    document = (
        Document.objects.visible_to(user, now=now)
        .select_related("drafter", "department", "unit_task")
        .filter(pk=pk)
        .first()
    )
    if document is None:
        raise Http404(_("문서를 찾을 수 없습니다."))
    if for_write and not may_act(user, document, now=now):
        raise PermissionDenied(_("이 문서를 처리할 권한이 없습니다."))
    return document


def may_act(user, document: Document, *, now: datetime | None = None) -> bool:
    if document.drafter_id == user.pk:
        return True
    now = now or timezone.now()
    steps = ApprovalStep.objects.filter(document=document)
    return (
        steps.filter(Q(approver=user) | Q(acted_by=user)).exists()
        or steps.filter(state=StepState.PENDING, approver_id__in=proxied_approver_ids(user, now)).exists()
    )
