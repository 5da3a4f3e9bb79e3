"""Finding memo reports, meeting minutes and unit-task cards by their words, among those a person
may open (each through its own visibility rule, in the query): the public face the unified search
(records.search) calls."""

from __future__ import annotations

from django.db.models import QuerySet

from core.search import contains_q, title_first
from org.models import User
from org.visibility import viewer_for
from tasks.models import MemoReport, Minutes, UnitTask
from tasks.permissions.cards import visible_unit_tasks_q
from tasks.permissions.meetings import meetings_visible_to
from tasks.permissions.memos import memo_visibility_q


def memos_matching(user: User, text: str, *, year: int | None = None) -> QuerySet[MemoReport]:
    """Memo reports `user` may open whose title or body contains `text`."""
    rows = MemoReport.objects.filter(memo_visibility_q(viewer_for(user))).filter(contains_q(("title", "body"), text))
    if year:
        rows = rows.filter(sent_at__year=year)
    return (
        rows.select_related("author", "department")
        .annotate(rank=title_first("title", text))
        .order_by("rank", "-sent_at", "-id")
    )


MINUTES_TEXT = ("title", "agenda_text", "remarks", "decisions_text", "votes")


def minutes_matching(user: User, text: str, *, year: int | None = None) -> QuerySet[Minutes]:
    """Minutes of the meetings `user` may see whose name, agenda, remarks, decisions or votes
    contain `text`."""
    visible = meetings_visible_to(viewer_for(user)).values("pk")
    rows = Minutes.objects.filter(meeting__in=visible).filter(contains_q(MINUTES_TEXT, text))
    if year:
        rows = rows.filter(held_from__year=year)
    return (
        rows.select_related("meeting").annotate(rank=title_first("title", text)).order_by("rank", "-held_from", "-id")
    )


def unit_tasks_matching(user: User, text: str, *, year: int | None = None) -> QuerySet[UnitTask]:
    """Unit tasks whose card `user` may see, by the task's name or description or the card's
    summary and legal basis. (`year` is accepted for a uniform call: cards span years.)"""
    rows = UnitTask.objects.filter(visible_unit_tasks_q(viewer_for(user))).filter(
        contains_q(("name", "description", "card__summary", "card__legal_basis"), text)
    )
    # The card is one-to-one with its task: the join repeats no task.
    return rows.select_related("department").annotate(rank=title_first("name", text)).order_by("rank", "code", "id")
