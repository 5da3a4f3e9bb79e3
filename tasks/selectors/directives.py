"""Reads for directives (지시사항): the lists with their tabs and filters, one directive with its
timeline, what falls due for a person, and the overdue report per department and per person.

Every function runs a fixed number of queries: related rows are joined or prefetched, and the
overdue report is grouped in Python from one query (plus one for the assignees).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch, Q, QuerySet

from org.models import Department, User
from org.visibility import Viewer
from tasks.models import Directive, DirectiveAssignee, DirectiveStatus, DirectiveUpdate
from tasks.permissions.directives import assigned_q, directive_visibility_q

TAB_RECEIVED = "received"  # 내가 받은 지시
TAB_ISSUED = "issued"  # 내가 한 지시
TAB_DEPARTMENT = "department"  # 부서 지시사항
TABS = (TAB_RECEIVED, TAB_ISSUED, TAB_DEPARTMENT)


@dataclass(frozen=True)
class DirectiveFilters:
    tab: str = TAB_RECEIVED
    q: str = ""
    status: str = ""  # a DirectiveStatus value, or "open"
    overdue: bool = False
    department_id: int | None = None
    due_from: date | None = None
    due_to: date | None = None


def _assignees_prefetch() -> Prefetch:
    return Prefetch("assignees", queryset=DirectiveAssignee.objects.select_related("user", "user__position"))


def _with_rows(directives: QuerySet[Directive]) -> QuerySet[Directive]:
    return directives.select_related("department", "issued_by", "issued_by__position").prefetch_related(
        _assignees_prefetch()
    )


def _tab_q(viewer: Viewer, tab: str) -> Q:
    if tab == TAB_ISSUED:
        return Q(issued_by=viewer.user)
    if tab == TAB_DEPARTMENT:
        return Q() if viewer.sees_everything else viewer.department_q("department")
    return assigned_q(viewer.user)


def directive_list(viewer: Viewer, filters: DirectiveFilters, today: date) -> QuerySet[Directive]:
    directives = Directive.objects.filter(directive_visibility_q(viewer) & _tab_q(viewer, filters.tab))
    if filters.status == "open":
        directives = directives.filter(status__in=DirectiveStatus.open_values())
    elif filters.status:
        directives = directives.filter(status=filters.status)
    if filters.overdue:
        directives = directives.filter(status__in=DirectiveStatus.open_values(), due_on__lt=today)
    if filters.department_id:
        directives = directives.filter(department_id=filters.department_id)
    if filters.due_from:
        directives = directives.filter(due_on__gte=filters.due_from)
    if filters.due_to:
        directives = directives.filter(due_on__lte=filters.due_to)
    if filters.q:
        text = filters.q
        directives = directives.filter(
            Q(title__icontains=text)
            | Q(body__icontains=text)
            | Q(issued_by__name__icontains=text)
            | Q(pk__in=DirectiveAssignee.objects.filter(user__name__icontains=text).values("directive_id"))
        )
    return _with_rows(directives).order_by("due_on", "id")


def department_choices(viewer: Viewer) -> QuerySet[Department]:
    """The departments whose directives the viewer can see as a department (filter choices)."""
    departments = Department.objects.filter(is_active=True).order_by("path")
    if viewer.sees_everything:
        return departments
    return departments.filter(viewer.department_q(""))


def directives_due_for(user: User, start: date, end: date) -> list[Directive]:
    """Open directives assigned to `user` falling due in [start, end], soonest first."""
    return list(
        Directive.objects.filter(
            assigned_q(user), status__in=DirectiveStatus.open_values(), due_on__gte=start, due_on__lte=end
        )
        .select_related("department")
        .order_by("due_on", "id")
    )


@dataclass(frozen=True)
class DirectivePage:
    directive: Directive
    assignees: list[DirectiveAssignee]
    updates: list[DirectiveUpdate]

    @property
    def assignee_ids(self) -> set[int]:
        return {a.user_id for a in self.assignees}


def directive_page(directive: Directive) -> DirectivePage:
    return DirectivePage(
        directive=directive,
        assignees=list(directive.assignees.select_related("user", "user__position", "user__department")),
        updates=list(directive.updates.select_related("author", "author__position")),
    )


@dataclass
class OverdueGroup:
    """Overdue directives of one department, or of one person (as an assignee)."""

    key: Department | User
    directives: list[Directive] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.directives)


@dataclass(frozen=True)
class OverdueReport:
    today: date
    directives: list[Directive]  # oldest due date first; each has `days_overdue`
    by_department: list[OverdueGroup]  # in org-chart order
    by_person: list[OverdueGroup]  # most overdue directives first

    @property
    def total(self) -> int:
        return len(self.directives)


def overdue_directives(viewer: Viewer, today: date, *, department_id: int | None = None, q: str = "") -> OverdueReport:
    """Open directives past their due date (기한 경과) that the viewer answers for: everything for
    admins and auditors, the trees they head for department heads, their own assignments for
    everyone else. Grouped per responsible department and per assignee."""
    directives = Directive.objects.filter(status__in=DirectiveStatus.open_values(), due_on__lt=today)
    if viewer.is_head and not viewer.sees_everything:
        directives = directives.filter(viewer.overseen_q("department"))
    elif not viewer.sees_everything:
        directives = directives.filter(assigned_q(viewer.user))
    if department_id:
        directives = directives.filter(department_id=department_id)
    if q:
        directives = directives.filter(
            Q(title__icontains=q)
            | Q(issued_by__name__icontains=q)
            | Q(pk__in=DirectiveAssignee.objects.filter(user__name__icontains=q).values("directive_id"))
        )
    rows = list(_with_rows(directives).order_by("due_on", "id"))
    departments: dict[int, OverdueGroup] = {}
    people: dict[int, OverdueGroup] = {}
    for directive in rows:
        directive.days_overdue = (today - directive.due_on).days
        departments.setdefault(directive.department_id, OverdueGroup(directive.department)).directives.append(directive)
        for assignee in directive.assignees.all():
            people.setdefault(assignee.user_id, OverdueGroup(assignee.user)).directives.append(directive)
    return OverdueReport(
        today=today,
        directives=rows,
        by_department=sorted(departments.values(), key=lambda g: g.key.path),
        by_person=sorted(people.values(), key=lambda g: (-g.count, g.key.name, g.key.pk)),
    )
