"""Who may see and change schedule entries (일정).

- personal entries (개인): their owner writes them; admins and auditors may read them, as they read
  everything (Viewer);
- department entries (부서): members of that department, heads of a tree containing it, admins;
- institution entries (기관): admins write them; everyone reads them.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from org.models import Department
from org.visibility import Viewer, viewer_for
from tasks.models import ScheduleEntry, ScheduleScope


def entries_visible_to(viewer: Viewer) -> QuerySet[ScheduleEntry]:
    entries = ScheduleEntry.objects.all()
    if viewer.sees_everything:
        return entries
    return entries.filter(
        Q(scope=ScheduleScope.PERSONAL, owner=viewer.user)
        | (Q(scope=ScheduleScope.DEPARTMENT) & viewer.department_q("department"))
        | Q(scope=ScheduleScope.INSTITUTION)
    )


def can_write_scope(viewer: Viewer, scope: str, department: Department | None) -> bool:
    if scope == ScheduleScope.PERSONAL:
        return True
    if scope == ScheduleScope.DEPARTMENT:
        return viewer.is_admin or viewer.in_scope(department)
    return scope == ScheduleScope.INSTITUTION and viewer.is_admin


def can_edit_entry(viewer: Viewer, entry: ScheduleEntry) -> bool:
    if entry.scope == ScheduleScope.PERSONAL:
        return entry.owner_id == viewer.user.pk
    return can_write_scope(viewer, entry.scope, entry.department)


def access_schedule_entry(user, pk, *, for_write: bool = False) -> ScheduleEntry:
    viewer = viewer_for(user)
    entry = entries_visible_to(viewer).select_related("department", "owner").filter(pk=pk).first()
    if entry is None:
        raise Http404
    if for_write and not can_edit_entry(viewer, entry):
        raise PermissionDenied(_("이 일정을 바꿀 권한이 없습니다."))
    return entry
