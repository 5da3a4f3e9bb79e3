"""What the 월 복무 마감 page reads (attendance.close_views): each staffed department with its
head's confirmation and its anomalies, the anomalies themselves (listed first, for the heads),
the departments still open, and — for HR, admins and auditors — each person's payroll inputs
(overtime hours by kind, unpaid days). A fixed number of queries whatever the institution's size.

Who sees what: HR (인사 담당), institution admins and auditors the whole institution; a department
head the departments they head; anyone else nothing (403)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from attendance.close import (
    Anomaly,
    PayrollInputs,
    month_anomalies,
    month_facts,
    payroll_inputs,
    staffed_departments,
)
from attendance.models import DepartmentConfirmation, MonthClose
from attendance.permissions import may_read_all
from attendance.plugin import ATTENDANCE_OFFICER
from org.models import Department, User


@dataclass(frozen=True)
class DepartmentRow:
    department: Department
    confirmation: DepartmentConfirmation | None
    anomaly_count: int
    may_confirm: bool


@dataclass(frozen=True)
class AnomalyRow:
    person: User
    anomaly: Anomaly


@dataclass(frozen=True)
class InputRow:
    person: User
    inputs: PayrollInputs


@dataclass
class CloseOverview:
    year: int
    month: int
    closed: MonthClose | None
    rows: list[DepartmentRow]
    anomalies: list[AnomalyRow]
    open_names: list[str]
    inputs: list[InputRow] = field(default_factory=list)
    whole_institution: bool = False
    may_close: bool = False
    may_reopen: bool = False


def close_overview(user: User, year: int, month: int, *, today: date | None = None) -> CloseOverview:
    today = today or timezone.localdate()
    whole = may_read_all(user)
    headed = set() if whole else set(Department.objects.filter(head=user).values_list("pk", flat=True))
    if not whole and not headed:
        raise PermissionDenied("월 복무 마감은 부서장과 인사 담당, 감사 담당만 볼 수 있습니다.")
    staffed = staffed_departments()
    visible = staffed if whole else staffed & headed
    departments = list(Department.objects.filter(pk__in=visible).order_by("path"))
    confirmations = {
        c.department_id: c
        for c in DepartmentConfirmation.objects.filter(year=year, month=month, department_id__in=visible)
        .select_related("confirmed_by")
        .order_by("pk")
    }
    facts = month_facts(year, month)  # read once for the anomalies and the payroll inputs
    found = month_anomalies(year, month, today=today, facts=facts)
    people = {
        u.pk: u
        for u in User.objects.filter(pk__in={a.person_id for a in found}, department_id__in=visible).select_related(
            "department"
        )
    }
    anomalies = [AnomalyRow(people[a.person_id], a) for a in found if a.person_id in people]
    per_department = Counter(row.person.department_id for row in anomalies)
    closed = MonthClose.objects.filter(year=year, month=month).select_related("closed_by").first()
    rows = [
        DepartmentRow(
            department=d,
            confirmation=confirmations.get(d.pk),
            anomaly_count=per_department[d.pk],
            may_confirm=closed is None and d.head_id == user.pk and d.pk not in confirmations,
        )
        for d in departments
    ]
    # The whole institution's page has every staffed department's confirmation already.
    all_confirmed = (
        set(confirmations)
        if whole
        else set(DepartmentConfirmation.objects.filter(year=year, month=month).values_list("department_id", flat=True))
    )
    open_names = [d.name for d in Department.objects.filter(pk__in=staffed - all_confirmed).order_by("path")]
    overview = CloseOverview(
        year=year,
        month=month,
        closed=closed,
        rows=rows,
        anomalies=anomalies,
        open_names=open_names,
        whole_institution=whole,
    )
    if whole:
        inputs = payroll_inputs(year, month, until=today, facts=facts)
        named = User.objects.select_related("department").in_bulk([i.person_id for i in inputs])
        overview.inputs = [InputRow(named[i.person_id], i) for i in inputs if i.person_id in named]
        hr = user.is_superuser or ATTENDANCE_OFFICER in user.role_names()
        overview.may_close = hr and closed is None and not open_names
        overview.may_reopen = hr and closed is not None
    return overview
