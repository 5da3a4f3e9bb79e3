"""Reading records: the two registers (기록물등록대장 and 기록물철등록부) with their search, each a
fixed number of queries whatever the page size (pinned in tests/records/test_views.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet

from org.models import User
from org.visibility import viewer_for
from records.models import Record, RecordFile
from records.permissions import record_visibility_q, sees_every_record
from records.text_search import text_q


@dataclass(frozen=True)
class RegisterFilters:
    department_id: int | None = None
    year: int | None = None
    q: str = ""  # number or words of the title
    date_from: date | None = None
    date_to: date | None = None
    unit_task_id: int | None = None
    retention_period: str = ""
    disclosure: str = ""


# The register page's columns: a row reads these and nothing else (bench/records_register.py: the
# body, components and fixity columns of 50 records and the drafter's whole user row were fetched
# and built into objects for every page, and the page never shows them).
PAGE_COLUMNS = (
    "registration_number",
    "registered_on",
    "title",
    "author_label",
    "source",
    "is_electronic",
    "retention_period",
    "disclosure",
    "disclosure_ground",
    "department__name",
    "unit_task__name",
    "record_file__title",
)


def record_register(user: User, filters: RegisterFilters, *, for_export: bool = False) -> QuerySet[Record]:
    """기록물등록대장: the records this person may see, newest first. The page reads only its columns;
    the export (XLSX, PDF) reads whole rows with the file's number parts."""
    rows = Record.objects.filter(record_visibility_q(user))
    if for_export:
        rows = rows.select_related("department", "unit_task", "record_file__unit_task", "record_file__department")
    else:
        rows = rows.select_related("department", "unit_task", "record_file").only(*PAGE_COLUMNS)
    if filters.department_id:
        rows = rows.filter(department_id=filters.department_id)
    if filters.year:
        rows = rows.filter(year=filters.year)
    if filters.q:
        # LIKE or ILIKE, served by the trigram indexes (migration 0005; records.text_search).
        rows = rows.filter(text_q(("registration_number", "title"), filters.q))
    if filters.date_from:
        rows = rows.filter(registered_on__gte=filters.date_from)
    if filters.date_to:
        rows = rows.filter(registered_on__lte=filters.date_to)
    if filters.unit_task_id:
        rows = rows.filter(unit_task_id=filters.unit_task_id)
    if filters.retention_period:
        rows = rows.filter(retention_period=filters.retention_period)
    if filters.disclosure:
        rows = rows.filter(disclosure=filters.disclosure)
    return rows.order_by("-registered_on", "-id")


def file_visibility_q(user: User) -> Q:
    """The files whose 등록부 row a person sees: every file for the 기록관 and auditors, the files of
    their department and the departments they oversee for everyone else."""
    if sees_every_record(user):
        return Q()
    return viewer_for(user).department_q("department")


def file_register(user: User, filters: RegisterFilters) -> QuerySet[RecordFile]:
    """기록물철등록부: the files of the departments this person may see (their record counts are
    added to the rows shown by `with_record_counts`, so a page never counts every file's records)."""
    rows = RecordFile.objects.filter(file_visibility_q(user)).select_related("department", "unit_task")
    if filters.department_id:
        rows = rows.filter(department_id=filters.department_id)
    if filters.year:
        rows = rows.filter(year=filters.year)
    if filters.q:
        rows = rows.filter(Q(title__icontains=filters.q) | Q(unit_task__name__icontains=filters.q))
    if filters.unit_task_id:
        rows = rows.filter(unit_task_id=filters.unit_task_id)
    if filters.retention_period:
        rows = rows.filter(retention_period=filters.retention_period)
    return rows.order_by("department__path", "-year", "unit_task__code", "is_electronic", "sequence")


def with_record_counts(files: list[RecordFile]) -> list[RecordFile]:
    """Sets `record_count` on each of these files, in one grouped query."""
    counts = dict(
        Record.objects.filter(record_file__in=[f.pk for f in files])
        .values_list("record_file_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for record_file in files:
        record_file.record_count = counts.get(record_file.pk, 0)  # type: ignore[attr-defined]
    return files
