"""What e-approval adds to a person's home page (org/home.py): documents waiting for their
decision, their documents returned to them, unread 공람, and their last documents in progress.
Three queries whatever the number of documents: each list carries its full count in a window
column, and the returned and in-progress lists come from one query partitioned in two."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Case, Count, F, Value, When, Window
from django.db.models.functions import RowNumber

from approval.models import Document, DocumentStatus
from approval.selectors import (
    documents_circulated_to,
    documents_waiting_for,
    in_progress_q,
    returned_q,
    with_current_approvers,
)
from org.home import HomePanel

SHOWN = 5
RETURNED, IN_PROGRESS = "returned", "in_progress"


def _first(queryset) -> tuple[list, int]:
    rows = list(queryset.annotate(total=Window(Count("pk")))[:SHOWN])
    return rows, rows[0].total if rows else 0


def _mine(user) -> dict[str, tuple[list, int]]:
    """반려 not yet redrafted (drafted by the person) and the running documents they drafted or
    acted on (진행함), the newest of each first."""
    returned, running = returned_q(user), in_progress_q(user)  # the 반려함's and 진행함's own rules
    group = Case(When(status=DocumentStatus.REJECTED, then=Value(RETURNED)), default=Value(IN_PROGRESS))
    newest = Case(When(status=DocumentStatus.REJECTED, then=F("closed_at")), default=F("submitted_at")).desc()
    rows = (
        with_current_approvers(Document.objects.filter(returned | running).select_related("drafter"))
        .annotate(group=group)
        .annotate(
            row=Window(RowNumber(), partition_by=[F("group")], order_by=[newest, F("pk").desc()]),
            total=Window(Count("pk"), partition_by=[F("group")]),
        )
        .filter(row__lte=SHOWN)
        .order_by("group", "row")
    )
    result: dict[str, tuple[list, int]] = {RETURNED: ([], 0), IN_PROGRESS: ([], 0)}
    for document in rows:
        shown, _total = result[document.group]
        result[document.group] = ([*shown, document], document.total)
    return result


def approval_panel(user, now: datetime) -> HomePanel:
    waiting, waiting_count = _first(documents_waiting_for(user, now=now))
    # The navigation badge on this page shows the same count (approval.context_processors).
    user.approval_waiting_count = waiting_count
    unread, unread_count = _first(documents_circulated_to(user).filter(circulation_read_at__isnull=True))
    mine = _mine(user)
    return HomePanel(
        template="approval/home/panel.html",
        order=5,
        context={
            "waiting": waiting,
            "waiting_count": waiting_count,
            "returned": mine[RETURNED][0],
            "returned_count": mine[RETURNED][1],
            "unread": unread,
            "unread_count": unread_count,
            "in_progress": mine[IN_PROGRESS][0],
        },
    )
