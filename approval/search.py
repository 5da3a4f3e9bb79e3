"""Finding documents by the words of their title and body, among those a person may open (the
unified search of records.search calls it: approval's public face for search)."""

from __future__ import annotations

from django.db.models import QuerySet

from approval.models import Document
from core.search import contains_q, title_first
from org.models import User


def documents_matching(user: User, text: str, *, year: int | None = None) -> QuerySet[Document]:
    """Documents `user` may open (Document.objects.visible_to, in the query) whose title or body
    contains `text`: title matches first, then the newest."""
    rows = Document.objects.visible_to(user).filter(contains_q(("title", "body"), text))
    if year:
        rows = rows.filter(created_at__year=year)
    return (
        rows.select_related("department", "drafter")
        .annotate(rank=title_first("title", text))
        .order_by("rank", "-created_at", "-id")
    )
