"""Reads for the receipt pages: the waiting list (접수대기), every received document one may see,
one's department's documents, and a document's detail. Each list is one query for its rows
whatever their number (related rows joined or prefetched)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Q, QuerySet

from receipts.models import ReceiptCirculation, ReceiptEvent, ReceiptStatus, ReceivedAttachment, ReceivedDocument
from receipts.permissions import is_registrar, visible_receipts


@dataclass(frozen=True)
class ReceiptFilters:
    q: str = ""
    status: str = ""
    department_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None


def _filtered(rows: QuerySet, filters: ReceiptFilters) -> QuerySet:
    if filters.q:
        rows = rows.filter(
            Q(title__icontains=filters.q)
            | Q(sender_name__icontains=filters.q)
            | Q(sender_registration_number__icontains=filters.q)
            | Q(registration_number__icontains=filters.q)
        )
    if filters.status:
        rows = rows.filter(status=filters.status)
    if filters.department_id:
        rows = rows.filter(department_id=filters.department_id)
    if filters.date_from:
        rows = rows.filter(received_at__date__gte=filters.date_from)
    if filters.date_to:
        rows = rows.filter(received_at__date__lte=filters.date_to)
    return rows


def _with_related(rows: QuerySet) -> QuerySet:
    return rows.select_related("department", "handler__position", "registered_by").annotate(
        attachment_count=Count("attachments", distinct=True)
    )


def waiting_list(user, filters: ReceiptFilters = ReceiptFilters()) -> QuerySet:
    """접수대기: arrivals not yet registered (for those who register)."""
    if not is_registrar(user):
        return ReceivedDocument.objects.none()
    return _with_related(_filtered(ReceivedDocument.objects.filter(status=ReceiptStatus.WAITING), filters)).order_by(
        "-received_at", "-id"
    )


WAITING_COUNT_KEY = "receipts:waiting-count"  # schema-scoped by the cache's key function
WAITING_COUNT_SECONDS = 60


def waiting_count(user) -> int:
    if not is_registrar(user):
        return 0
    return ReceivedDocument.objects.filter(status=ReceiptStatus.WAITING).count()


def waiting_count_cached() -> int:
    """The institution's 접수대기 count for the navigation badge, from the cache (tenant-scoped
    keys) so that every page does not pay a query for it; arrivals and registrations clear it, and
    it lives at most a minute anyway."""
    return cache.get_or_set(
        WAITING_COUNT_KEY,
        lambda: ReceivedDocument.objects.filter(status=ReceiptStatus.WAITING).count(),
        WAITING_COUNT_SECONDS,
    )


def waiting_count_changed() -> None:
    """Clear the badge's count once the transaction that changed it commits."""
    transaction.on_commit(lambda: cache.delete(WAITING_COUNT_KEY), robust=True)


def receipt_list(user, filters: ReceiptFilters = ReceiptFilters()) -> QuerySet:
    """Registered documents this person may see (접수 문서)."""
    rows = visible_receipts(user).exclude(status=ReceiptStatus.WAITING)
    return _with_related(_filtered(rows, filters)).order_by("-registered_at", "-id")


def department_list(user, filters: ReceiptFilters = ReceiptFilters()) -> QuerySet:
    """The documents distributed to one's department, or given to one to handle or to read."""
    q = Q(handler_id=user.pk) | Q(circulations__user_id=user.pk)
    if user.department_id:
        q |= Q(department_id=user.department_id, status__in=[
            ReceiptStatus.DISTRIBUTED, ReceiptStatus.ASSIGNED, ReceiptStatus.DONE,
        ])  # fmt: skip
    rows = ReceivedDocument.objects.filter(pk__in=ReceivedDocument.objects.filter(q).values("pk"))
    return _with_related(_filtered(rows, filters)).order_by("-distributed_at", "-id")


@dataclass(frozen=True)
class ReceiptDetail:
    attachments: list[ReceivedAttachment]
    events: list[ReceiptEvent]
    circulations: list[ReceiptCirculation]


def receipt_detail(received: ReceivedDocument) -> ReceiptDetail:
    return ReceiptDetail(
        attachments=list(received.attachments.order_by("order")),
        events=list(received.events.select_related("actor").order_by("occurred_at", "id")),
        circulations=list(received.circulations.select_related("user__position", "user__department")),
    )
