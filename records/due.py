"""What the legal calendar asks of each department now (records.duties gives the dates): 정리 of
past years' open files, 생산현황 통보 of last year, and 이관 of closed files. One grouped query per
kind of duty, whatever the number of departments or files."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from org.models import Department
from records import duties
from records.models import FileStatus, RecordFile

SOON_DAYS = 60  # a duty is listed this long before its date


@dataclass(frozen=True)
class Duty:
    kind: str  # "arrangement", "production_report", "transfer"
    label: str
    department_id: int
    department_name: str
    year: int
    due: date
    files: int
    overdue: bool


def due_duties(departments: Any, today: date) -> list[Duty]:
    """The duties of `departments` (a queryset) falling due within SOON_DAYS or overdue, by date."""
    found: list[Duty] = []
    names = dict(Department.objects.filter(pk__in=departments.values("pk")).values_list("pk", "name"))
    scoped = RecordFile.objects.filter(department__in=departments.values("pk"))
    # 정리: open files of past years.
    for row in (
        scoped.filter(status=FileStatus.OPEN, year__lt=today.year)
        .values("department_id", "year")
        .annotate(n=Count("pk"))
        .order_by("year", "department_id")
    ):
        due = duties.arrangement_due(row["year"])
        found.append(_duty("arrangement", _("정리"), row, names, due, today))
    # 생산현황 통보: last year's production, until 31 May.
    report_due = duties.production_report_due(today.year - 1)
    if today <= report_due:
        for row in (
            scoped.filter(year=today.year - 1)
            .values("department_id", "year")
            .annotate(n=Count("pk"))
            .order_by("department_id")
        ):
            if (report_due - today).days <= SOON_DAYS:
                found.append(_duty("production_report", _("생산현황 통보"), row, names, report_due, today))
    # 이관: closed files, electronic within 1 year and non-electronic within 2 years of the 기산일.
    for row in (
        scoped.filter(status=FileStatus.CLOSED)
        .values("department_id", "year", "is_electronic")
        .annotate(n=Count("pk"))
        .order_by("year", "department_id")
    ):
        due = duties.transfer_due(row["year"], electronic=row["is_electronic"])
        label = _("이관(전자)") if row["is_electronic"] else _("이관(비전자)")
        if (due - today).days <= SOON_DAYS * 3:
            found.append(_duty("transfer", label, row, names, due, today))
    return sorted(found, key=lambda d: (d.due, d.department_name, d.kind))


def _duty(kind: str, label: str, row: dict, names: dict[int, str], due: date, today: date) -> Duty:
    return Duty(
        kind=kind,
        label=label,
        department_id=row["department_id"],
        department_name=names.get(row["department_id"], ""),
        year=row["year"],
        due=due,
        files=row["n"],
        overdue=today > due,
    )


def overdue_transfer_q(today: date) -> Q:
    """Closed files past their 이관 date (for the KPI and the reminders)."""
    electronic = Q(is_electronic=True, year__lt=today.year - 1)  # due 31 Dec of year + 1
    paper = Q(is_electronic=False, year__lt=today.year - 2)  # due 31 Dec of year + 2
    return Q(status=FileStatus.CLOSED) & (electronic | paper)
