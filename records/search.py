"""통합검색 (the seeds' 지식관리): one box over everything a person may open — records (which
include every registered received document), approval documents, memo reports, meeting minutes
and unit-task cards — grouped by kind.

Each kind is found by its own app's public search selector (approval.search, tasks.selectors.
search, this app's register), which applies that object's visibility rule in the query, never
after fetching. One query per kind (the first `limit` + 1 rows, to know whether there are more; records: the
matches' ids through the trigram indexes, then the page's rows), whatever the number of matches."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from approval.search import documents_matching
from org.models import User
from records.permissions import visible_records
from records.text_search import RegisterPaginator, text_q
from tasks.selectors.search import memos_matching, minutes_matching, unit_tasks_matching

MIN_LENGTH = 2  # one Hangul syllable matches half the institution
GROUP_LIMIT = 5  # rows per kind on the overview
KIND_LIMIT = 50  # rows when one kind is chosen


@dataclass(frozen=True)
class Hit:
    title: str
    url: str
    on: date | None
    meta: str  # department, number, author …


@dataclass
class Group:
    kind: str
    label: str
    hits: list[Hit] = field(default_factory=list)
    more: bool = False


def _day(value: datetime | date | None) -> date | None:
    if isinstance(value, datetime):
        return timezone.localdate(value)
    return value


def _records(user: User, text: str, year: int | None, limit: int) -> tuple[list[Any], bool]:
    """Through the register's paginator: a rare term is found through the trigram indexes."""
    rows = visible_records(user).filter(text_q(("registration_number", "title"), text))
    if year:
        rows = rows.filter(year=year)
    rows = rows.select_related("department").order_by("-registered_on", "-id")
    page = RegisterPaginator(rows, limit, text=text, date_field="registered_on").page(1)
    return list(page.object_list), page.has_next()


def _first(rows: QuerySet[Any], limit: int) -> tuple[list[Any], bool]:
    found = list(rows[: limit + 1])
    return found[:limit], len(found) > limit


def _record_hit(r: Any) -> Hit:
    source = r.get_source_display()
    return Hit(r.title, reverse("records:record", args=[r.pk]), r.registered_on,
               f"{r.registration_number} · {r.department.name} · {source}")  # fmt: skip


def _document_hit(d: Any) -> Hit:
    number = d.registration_number or d.get_status_display()
    return Hit(d.title, reverse("approval:detail", args=[d.pk]), _day(d.submitted_at or d.created_at),
               f"{number} · {d.department.name} · {d.drafter.name}")  # fmt: skip


def _memo_hit(m: Any) -> Hit:
    department = m.department.name if m.department else ""
    return Hit(m.title, reverse("memos:detail", args=[m.pk]), _day(m.sent_at),
               f"{m.get_kind_display()} · {m.author.name} · {department}")  # fmt: skip


def _minutes_hit(m: Any) -> Hit:
    return Hit(f"{m.title} 회의록", reverse("meetings:detail", args=[m.meeting_id]), _day(m.held_from),
               f"{m.department_name} · {m.get_status_display()}")  # fmt: skip


def _card_hit(t: Any) -> Hit:
    return Hit(t.name, reverse("tasks:unit_task_detail", args=[t.pk]), None,
               f"{t.code} · {t.department.name} · {t.get_retention_period_display()}")  # fmt: skip


Finder = Callable[[User, str, int | None, int], tuple[list[Any], bool]]
KINDS: tuple[tuple[str, Any, Finder, Callable[[Any], Hit]], ...] = (
    ("records", _("기록물"), _records, _record_hit),
    ("documents", _("결재 문서"), lambda u, t, y, n: _first(documents_matching(u, t, year=y), n), _document_hit),
    ("memos", _("메모보고"), lambda u, t, y, n: _first(memos_matching(u, t, year=y), n), _memo_hit),
    ("minutes", _("회의록"), lambda u, t, y, n: _first(minutes_matching(u, t, year=y), n), _minutes_hit),
    ("cards", _("과제관리카드"), lambda u, t, y, n: _first(unit_tasks_matching(u, t, year=y), n), _card_hit),
)
KIND_CHOICES = [(kind, label) for kind, label, _find, _hit in KINDS]


def search_everything(user: User, text: str, *, kind: str = "", year: int | None = None) -> list[Group]:
    """The groups (every kind, or only `kind`) of what `user` may open that contains `text`."""
    text = text.strip()
    if len(text) < MIN_LENGTH:
        return []
    limit = KIND_LIMIT if kind else GROUP_LIMIT
    groups = []
    for key, label, find, to_hit in KINDS:
        if kind and key != kind:
            continue
        rows, more = find(user, text, year, limit)
        groups.append(Group(key, str(label), [to_hit(r) for r in rows], more=more))
    return groups
