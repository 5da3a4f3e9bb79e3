"""Who may open and act on a document.

A draft is its drafter's alone. Once submitted, a document is visible to:

- its drafter, and the requester of its subject when the kind names one;
- everyone on its approval line (whether or not their turn has come), and whoever decided a step
  in someone's place (대결);
- whoever stands in now for an absent approver whose step is pending, as approval.turn names
  them (the designated proxy, or the head up the chain when that proxy is the drafter or
  requester): they must read it to decide it;
- its carbon copies (참조) and circulation recipients (공람);
- auditors (감사 담당), who read everything that was submitted;
- the heads of the handling department and of the departments above it (their tree, as
  org.visibility decides oversight);
- the members of the handling department once it is completed, unless it is 비공개 (부서문서함).

Everyone else gets 404: they cannot tell the document exists. Institution admins manage the
organisation and the delegation table, not the documents, so the role alone shows nothing.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import BigIntegerField, Q, QuerySet
from django.db.models.functions import Cast
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from guardian.models import UserObjectPermission

from approval.models import ApprovalStep, CarbonCopy, Circulation, Document, DocumentStatus
from approval.turn import stand_in_document_ids, standing_in_now
from org.models import User
from org.visibility import viewer_for
from tasks.models import Disclosure

# 열람 권한 부여: the drafter or a head over the handling department lets a named colleague read a
# document they are not party to. A django-guardian object permission (the built-in
# `view_document`, used per object only: no role's global grant is read here).
READER_CODENAME = "view_document"


def read_grants(document_id: int | None = None, user_id: int | None = None) -> QuerySet[UserObjectPermission]:
    """The object-permission rows that let people read single documents."""
    rows = UserObjectPermission.objects.filter(
        permission__codename=READER_CODENAME, content_type__app_label="approval", content_type__model="document"
    )
    if document_id is not None:
        rows = rows.filter(object_pk=str(document_id))
    if user_id is not None:
        rows = rows.filter(user_id=user_id)
    return rows


def granted_document_ids(user_id: int) -> QuerySet[UserObjectPermission, dict[str, Any]]:
    """Ids of the documents this person was let read, as a subquery (no round trip)."""
    return read_grants(user_id=user_id).annotate(document_id=Cast("object_pk", BigIntegerField())).values("document_id")


def document_visibility_q(user: User | None, *, now: datetime | None = None) -> Q:
    if user is None or not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    now = now or timezone.now()
    submitted = ~Q(status=DocumentStatus.DRAFT)
    viewer = viewer_for(user)
    if viewer.is_auditor:
        return Q(drafter=user) | submitted
    on_line = ApprovalStep.objects.filter(Q(approver=user) | Q(acted_by=user)).values("document_id")
    standing_in = stand_in_document_ids(user, now)
    informed = CarbonCopy.objects.filter(user=user).values("document_id")
    circulated = Circulation.objects.filter(user=user).values("document_id")
    granted = granted_document_ids(user.pk)
    parties = (
        Q(requester=user)
        | Q(pk__in=on_line)
        | Q(pk__in=standing_in)
        | Q(pk__in=informed)
        | Q(pk__in=circulated)
        | Q(pk__in=granted)
    )
    department = viewer.overseen_q("department")
    if user.department_id:
        department |= Q(department_id=user.department_id, status=DocumentStatus.COMPLETED) & ~Q(
            disclosure=Disclosure.PRIVATE
        )
    return Q(drafter=user) | submitted & (parties | department)


def access_document(user: User, pk: int, *, for_write: bool = False, now: datetime | None = None) -> Document:
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


def may_act(
    user: User, document: Document, *, now: datetime | None = None, steps: list[ApprovalStep] | None = None
) -> bool:
    """Whether `user` takes part in `document` (may remark on it, circulate it once completed):
    its drafter, someone on its line, or whoever stands in now for an absent approver of a
    pending step (approval.turn). `steps` with their approvers may be passed by a caller that has
    them."""
    if document.drafter_id == user.pk:
        return True
    if steps is None:
        steps = list(ApprovalStep.objects.filter(document=document).select_related("approver").order_by("order"))
    if any(user.pk in (step.approver_id, step.acted_by_id) for step in steps):
        return True
    return bool(standing_in_now(document, user, now or timezone.now(), steps=steps))


def visible_document_ids(user: User, *, now: datetime | None = None) -> QuerySet[Document, dict[str, Any]]:
    """The ids of the documents `user` may open, as a subquery: the public face (approval.kinds)
    for a client app to show a subject exactly to those who may see its document
    (`document_id__in=visible_document_ids(user)`)."""
    return Document.objects.visible_to(user, now=now).values("pk")
