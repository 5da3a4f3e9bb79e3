"""Reads for the e-approval boxes (결재함) and the navigation counters. Each is one query whatever
the number of documents, with what a list row shows joined in."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from approval.models import OPEN_STATUSES, ApprovalStep, Document, DocumentStatus, StepState
from approval.permissions import proxied_approver_ids


def _rows(queryset: QuerySet[Document]) -> QuerySet[Document]:
    return queryset.select_related("drafter", "department", "unit_task")


def documents_waiting_for(user, *, now: datetime | None = None) -> QuerySet[Document]:
    """결재대기함: running documents with a step pending for this person, or for someone they
    stand in for right now (대결), the longest waiting first."""
    now = now or timezone.now()
    mine = ApprovalStep.objects.filter(document=OuterRef("pk"), state=StepState.PENDING).filter(
        Q(approver=user) | Q(approver_id__in=proxied_approver_ids(user, now))
    )
    return _rows(Document.objects.filter(status__in=OPEN_STATUSES).filter(Exists(mine))).order_by("submitted_at", "pk")


def waiting_count(user, *, now: datetime | None = None) -> int:
    return documents_waiting_for(user, now=now).count()


def documents_in_progress_for(user) -> QuerySet[Document]:
    """결재진행함: running documents this person drafted or already acted on."""
    acted = ApprovalStep.objects.filter(document=OuterRef("pk"), state=StepState.DONE, acted_by=user)
    return _rows(Document.objects.filter(status__in=OPEN_STATUSES).filter(Q(drafter=user) | Exists(acted))).order_by(
        "-submitted_at", "-pk"
    )


def documents_drafted_by(user, *, status: str | None = None) -> QuerySet[Document]:
    """기안함 (drafts and everything this person drafted), optionally of one status."""
    queryset = Document.objects.filter(drafter=user)
    if status:
        queryset = queryset.filter(status=status)
    return _rows(queryset).order_by("-updated_at", "-pk")


def documents_returned_to(user) -> QuerySet[Document]:
    """반려함: this person's documents that came back and have not been redrafted yet."""
    return _rows(Document.objects.filter(drafter=user, status=DocumentStatus.REJECTED, redraft__isnull=True)).order_by(
        "-closed_at", "-pk"
    )


def documents_awaiting_post_approval(user) -> QuerySet[Document]:
    """후결 to give: documents a proxy decided for this person where the table asks for 후결."""
    pending = ApprovalStep.objects.filter(
        document=OuterRef("pk"), proxy_for=user, post_approval_required=True, post_approved_at__isnull=True
    )
    return _rows(Document.objects.filter(Exists(pending))).order_by("closed_at", "pk")
