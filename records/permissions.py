"""Who may see and handle records.

- The 기록관 (기록물관리전문요원, role `records_manager`) and auditors see every record of the
  institution; the 기록관 files, moves and accepts transfers everywhere.
- A department's members see its records that are not 비공개; the heads of the department and of
  the departments above it see all of them (org.visibility's oversight), as in e-approval.
- A produced record is also visible to whoever may open its document (approval.permissions.
  visible_document_ids: the line, carbon copies, 공람, explicit 열람 grants …), 비공개 included.
- Institution admins manage the organisation, not the records: the role alone shows nothing.

The rule is one Q applied in the query (`visible_records`), never a filter after fetching.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from approval.permissions import visible_document_ids
from org.models import Department, User
from org.visibility import viewer_for
from records.models import Record, RecordSource
from records.plugin import RECORDS_MANAGER
from tasks.models import Disclosure


def is_records_manager(user: Any) -> bool:
    return bool(user.is_authenticated and (user.is_superuser or RECORDS_MANAGER in user.role_names()))


def sees_every_record(user: User) -> bool:
    return is_records_manager(user) or viewer_for(user).is_auditor


def record_visibility_q(user: User) -> Q:
    if not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    if sees_every_record(user):
        return Q()
    viewer = viewer_for(user)
    own = (
        Q(department_id=user.department_id) & ~Q(disclosure=Disclosure.PRIVATE) if user.department_id else Q(pk__in=[])
    )
    return (
        own
        | viewer.overseen_q("department")
        | Q(drafter=user)
        | Q(source=RecordSource.PRODUCED, source_id__in=visible_document_ids(user))
    )


def visible_records(user: User) -> QuerySet[Record]:
    return Record.objects.filter(record_visibility_q(user))


def may_handle(user: User, department: Department | None) -> bool:
    """May file, move and arrange (정리) the records of `department`: its members and the heads
    over it, and the 기록관."""
    if department is None:
        return False
    return is_records_manager(user) or viewer_for(user).in_scope(department)


def register_departments(user: User) -> QuerySet[Department]:
    """The departments whose registers this person may open."""
    departments = Department.objects.order_by("path")
    if sees_every_record(user):
        return departments
    return departments.filter(viewer_for(user).department_q(""))
