"""Reads for the memo-report pages (메모보고): inbox, sent list, one memo, the form's choices.

Each list returns a queryset whose rows need no further queries to render (related rows are
joined or prefetched), so a page costs the same number of queries for 5 memos or 500.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from org.models import Department, EmploymentStatus, User
from tasks.models import MemoAttachment, MemoRecipient, MemoReply, MemoReport


@dataclass(frozen=True)
class MemoFilters:
    q: str = ""
    read: str = ""  # "", "read", "unread"
    kind: str = ""
    date_from: date | None = None
    date_to: date | None = None


def unread_memo_count(user: User) -> int:
    return MemoRecipient.objects.filter(recipient=user, read_at__isnull=True).count()


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _sent_between(prefix: str, filters: MemoFilters) -> Q:
    q = Q()
    if filters.date_from:
        q &= Q(**{f"{prefix}sent_at__gte": _day_start(filters.date_from)})
    if filters.date_to:
        q &= Q(**{f"{prefix}sent_at__lt": _day_start(filters.date_to + timedelta(days=1))})
    return q


def _search(prefix: str, text: str) -> Q:
    if not text:
        return Q()
    return (
        Q(**{f"{prefix}title__icontains": text})
        | Q(**{f"{prefix}body__icontains": text})
        | Q(**{f"{prefix}author__name__icontains": text})
    )


def _attachment_count(memo_ref: str) -> Coalesce:
    counts = (
        MemoAttachment.objects.filter(memo=OuterRef(memo_ref))
        .order_by()
        .values("memo")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), Value(0))


def memo_inbox(user: User, filters: MemoFilters) -> QuerySet[MemoRecipient]:
    """The memos `user` received, one row per receipt: unread first, then newest first."""
    rows = MemoRecipient.objects.filter(recipient=user)
    if filters.read == "unread":
        rows = rows.filter(read_at__isnull=True)
    elif filters.read == "read":
        rows = rows.filter(read_at__isnull=False)
    if filters.kind:
        rows = rows.filter(memo__kind=filters.kind)
    rows = rows.filter(_sent_between("memo__", filters) & _search("memo__", filters.q))
    return (
        rows.select_related("memo", "memo__author", "memo__author__position", "memo__department", "memo__unit_task")
        .annotate(
            attachment_count=_attachment_count("memo_id"),
            unread_first=Case(When(read_at__isnull=True, then=Value(0)), default=Value(1)),
        )
        .order_by("unread_first", "-memo__sent_at", "-memo_id")
    )


def memo_sent(user: User, filters: MemoFilters) -> QuerySet[MemoReport]:
    """The memos `user` sent, each with its recipients and their reading times (읽음 확인).

    `read` filters on the readers: "unread" = someone has not read it yet, "read" = all have.
    """
    memos = MemoReport.objects.filter(author=user)
    if filters.kind:
        memos = memos.filter(kind=filters.kind)
    unread_receipts = MemoRecipient.objects.filter(memo=OuterRef("pk"), read_at__isnull=True)
    if filters.read == "unread":
        memos = memos.filter(Exists(unread_receipts))
    elif filters.read == "read":
        memos = memos.filter(~Exists(unread_receipts))
    memos = memos.filter(_sent_between("", filters) & _search("", filters.q))
    return (
        memos.select_related("unit_task")
        .annotate(attachment_count=_attachment_count("pk"))
        .prefetch_related(
            Prefetch(
                "recipients",
                queryset=MemoRecipient.objects.select_related("recipient", "recipient__position"),
            )
        )
        .order_by("-sent_at", "-id")
    )


@dataclass(frozen=True)
class MemoDetail:
    memo: MemoReport
    receipts: list[MemoRecipient]
    replies: list[MemoReply]
    attachments: list[MemoAttachment]

    @property
    def read_count(self) -> int:
        return sum(1 for r in self.receipts if r.read_at is not None)


def memo_detail(memo: MemoReport) -> MemoDetail:
    return MemoDetail(
        memo=memo,
        receipts=list(memo.recipients.select_related("recipient", "recipient__position", "recipient__department")),
        replies=list(memo.replies.select_related("author", "author__position")),
        attachments=list(memo.attachments.all()),
    )


def memo_replies(memo: MemoReport) -> list[MemoReply]:
    return list(memo.replies.select_related("author", "author__position"))


def superiors_for(user: User) -> list[User]:
    """The heads of the departments above `user`, their own department's head first (상급자).

    A department's materialised path holds every ancestor's path as a prefix, so the whole chain
    is one query on `path__in`.
    """
    department = user.department
    if department is None:
        return []
    parts = department.path.split(".")[:-1]
    chain = [".".join(parts[: i + 1]) + "." for i in range(len(parts))]
    heads = (
        Department.objects.filter(path__in=chain, is_active=True, head__isnull=False)
        .exclude(head=user)
        .select_related("head", "head__position", "head__department")
        .order_by("-depth")
    )
    seen: set[int] = set()
    result = []
    for dept in heads:
        head = dept.head
        if head.pk in seen or not head.is_active or head.employment_status != EmploymentStatus.ACTIVE:
            continue
        seen.add(head.pk)
        result.append(head)
    return result


def active_colleagues(user: User) -> QuerySet[User]:
    """Everyone at work in the institution except `user`, in org-chart order."""
    return (
        User.objects.filter(is_active=True, employment_status=EmploymentStatus.ACTIVE)
        .exclude(pk=user.pk)
        .select_related("department", "position")
        .order_by("department__path", "position__rank", "name", "pk")
    )
