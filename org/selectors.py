"""Reads for the institution's pages. Each returns evaluated data in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Case, Count, Q, QuerySet, Value, When
from django_tenants.utils import schema_context

from audit.models import AuditEvent
from org import roles
from org.models import Absence, Department, EmploymentStatus, User


def absences_covering(moment: datetime) -> QuerySet[Absence]:
    return Absence.objects.filter(starts_at__lte=moment, ends_at__gt=moment).select_related(
        "user", "user__position", "proxy", "proxy__position"
    )


@dataclass(frozen=True)
class StaffDay:
    absent_colleagues: list[Absence]
    standing_in_for: list[Absence]
    my_absences: list[Absence]
    colleagues: list[User]


def staff_day(user: User, now: datetime) -> StaffDay:
    """What a staff member sees first: who is out in their department today, whom they stand in
    for (대결), their own coming absences, and their department's people."""
    colleagues: list[User] = []
    absent: list[Absence] = []
    if user.department_id:
        colleagues = list(
            User.objects.filter(department_id=user.department_id, employment_status=EmploymentStatus.ACTIVE)
            .select_related("position", "grade")
            .order_by("position__rank", "grade__rank", "name")[:100]
        )
        absent = list(absences_covering(now).filter(user__department_id=user.department_id).order_by("ends_at"))
    return StaffDay(
        absent_colleagues=absent,
        standing_in_for=list(absences_covering(now).filter(proxy=user).order_by("ends_at")),
        my_absences=list(
            Absence.objects.filter(user=user, ends_at__gt=now).select_related("proxy").order_by("starts_at")[:5]
        ),
        colleagues=colleagues,
    )


@dataclass(frozen=True)
class OrgOverview:
    status_counts: dict[str, int]
    departments: list[Department]
    recent_events: list[AuditEvent]
    absent_today: int


def org_overview(now: datetime) -> OrgOverview:
    """The admin's home: headcount by status, the department tree with headcounts, recent events."""
    counts = User.objects.exclude(employee_number=None).aggregate(
        **{status: Count("pk", filter=Q(employment_status=status)) for status in EmploymentStatus.values}
    )
    departments = list(
        Department.objects.filter(is_active=True)
        .select_related("head")
        .annotate(active_members=Count("members", filter=Q(members__employment_status=EmploymentStatus.ACTIVE)))
        .order_by("path")
    )
    events = list(AuditEvent.objects.order_by("-id")[:10])
    return OrgOverview(
        status_counts={EmploymentStatus(k).label: v for k, v in counts.items()},
        departments=departments,
        recent_events=events,
        absent_today=absences_covering(now).count(),
    )


@dataclass(frozen=True)
class AuditorRow:
    name: str
    username: str
    employee_number: str
    department: str


def auditors_of(institution) -> list[AuditorRow]:
    """An institution's 감사 담당, read from its schema for the province console (plain rows, so
    nothing is fetched later from the wrong schema)."""
    with schema_context(institution.schema_name):
        return [
            AuditorRow(name=u.name, username=u.username, employee_number=u.employee_number or "",
                       department=u.department.name if u.department_id else "")
            for u in User.objects.filter(groups__name=roles.AUDITOR).select_related("department").order_by("name")
        ]  # fmt: skip


PEOPLE_SEARCH_LIMIT = 20


def active_staff() -> QuerySet[User]:
    """Everyone at work in this institution (the schema of the request), in org-chart order."""
    return (
        User.objects.filter(is_active=True, employment_status=EmploymentStatus.ACTIVE)
        .select_related("department", "position")
        .order_by("department__path", "position__rank", "name", "pk")
    )


def people_search(
    query: str, *, departments: list[int] | None = None, limit: int = PEOPLE_SEARCH_LIMIT
) -> tuple[list[User], bool]:
    """Active staff matching every word of `query` in their name, department, position or
    employee number; those whose name starts with the query first, then in org-chart order.
    `departments` keeps to people of those departments. Returns (people, whether there are more).
    One query."""
    words = query.split()
    if not words:
        return [], False
    people = active_staff()
    if departments is not None:
        people = people.filter(department_id__in=departments)
    for word in words:
        people = people.filter(
            Q(name__icontains=word)
            | Q(department__name__icontains=word)
            | Q(position__name__icontains=word)
            | Q(employee_number__startswith=word)
        )
    people = people.annotate(
        name_first=Case(When(name__startswith=words[0], then=Value(0)), default=Value(1))
    ).order_by("name_first", "department__path", "position__rank", "name", "pk")
    found = list(people[: limit + 1])
    return found[:limit], len(found) > limit
