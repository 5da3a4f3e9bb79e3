"""Who may see and change a unit task and its card (과제관리카드).

See a unit task's card and its place in the lists if you are:
  a member of its handling department (처리과), the head of a department above it, its owner
  (담당자) or deputy (부담당자), a participant granted on it, or an admin or auditor.
Change the card if you are:
  its owner, deputy or a granted participant, the head of its department tree, or an admin.
  Auditors read everything and change nothing.
Hand the task over (인수인계) or add/remove participants if you are:
  its owner, the head of its department tree, or an admin.
Anyone else gets 404: they never learn the card exists. The classification tree itself (codes
and names, no card content) is open to every staff member of the institution.

A participant is a colleague given django-guardian's object permission `change_unittask` on the
unit task (the built-in change permission, used per object only: no role carries it globally).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import BigIntegerField, CharField, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Cast
from django.http import Http404
from django.utils.translation import gettext as _
from guardian.models import UserObjectPermission

from org.visibility import Viewer, viewer_for
from tasks.models import CardEntryKind, TaskCardEntry, UnitTask

PARTICIPANT_CODENAME = "change_unittask"
PARTICIPANT_PERMISSION = f"tasks.{PARTICIPANT_CODENAME}"


def participant_permissions(user_id: int | None = None) -> QuerySet[UserObjectPermission]:
    """The object-permission rows that make people participants of unit tasks."""
    rows = UserObjectPermission.objects.filter(
        permission__codename=PARTICIPANT_CODENAME,
        content_type__app_label="tasks",
        content_type__model="unittask",
    )
    return rows if user_id is None else rows.filter(user_id=user_id)


def participant_task_ids(user_id: int) -> QuerySet:
    """Ids of the unit tasks this person participates in, as a subquery (no round trip)."""
    return participant_permissions(user_id).annotate(task_id=Cast("object_pk", BigIntegerField())).values("task_id")


def with_participation(queryset: QuerySet[UnitTask], user_id: int) -> QuerySet[UnitTask]:
    """Annotate `is_participant` on each unit task, in the same query."""
    return queryset.annotate(
        is_participant=Exists(participant_permissions(user_id).filter(object_pk=Cast(OuterRef("pk"), CharField())))
    )


def visible_unit_tasks_q(viewer: Viewer, field: str = "") -> Q:
    """Rows (unit tasks, or rows whose `field` is a unit task) whose card this viewer may see."""
    prefix = f"{field}__" if field else ""
    if viewer.sees_everything:
        return Q()
    user_id = viewer.user.pk
    return (
        viewer.department_q(f"{prefix}department")
        | Q(**{f"{prefix}owner_id": user_id})
        | Q(**{f"{prefix}deputy_id": user_id})
        | Q(**{f"{prefix}pk__in": participant_task_ids(user_id)})
    )


def editable_unit_tasks_q(viewer: Viewer, field: str = "") -> Q:
    """Rows whose card this viewer may change (owner, deputy, participant, head of the tree, admin)."""
    prefix = f"{field}__" if field else ""
    if viewer.is_admin:
        return Q()
    user_id = viewer.user.pk
    q = (
        Q(**{f"{prefix}owner_id": user_id})
        | Q(**{f"{prefix}deputy_id": user_id})
        | Q(**{f"{prefix}pk__in": participant_task_ids(user_id)})
    )
    return q | viewer.overseen_q(f"{prefix}department")


@dataclass(frozen=True)
class UnitTaskRights:
    """What one viewer may do with one unit task; the card page reads it to show or hide actions."""

    can_view: bool
    can_edit: bool
    can_manage: bool  # hand over, add or remove participants
    is_participant: bool


def unit_task_rights(viewer: Viewer, unit_task: UnitTask, *, is_participant: bool) -> UnitTaskRights:
    user_id = viewer.user.pk
    is_holder = user_id in (unit_task.owner_id, unit_task.deputy_id)
    heads = viewer.oversees(unit_task.department)
    can_edit = viewer.is_admin or is_holder or is_participant or heads
    can_view = can_edit or viewer.sees_everything or viewer.in_scope(unit_task.department)
    can_manage = viewer.is_admin or heads or unit_task.owner_id == user_id
    return UnitTaskRights(can_view=can_view, can_edit=can_edit, can_manage=can_manage, is_participant=is_participant)


def is_participant(user, unit_task: UnitTask) -> bool:
    return participant_permissions(user.pk).filter(object_pk=str(unit_task.pk)).exists()


def rights_for(user, unit_task: UnitTask) -> UnitTaskRights:
    """Rights of `user` on `unit_task` (one query for the participant flag unless annotated)."""
    flag = getattr(unit_task, "is_participant", None)
    if flag is None:
        flag = is_participant(user, unit_task)
    return unit_task_rights(viewer_for(user), unit_task, is_participant=flag)


def require_edit(user, unit_task: UnitTask) -> UnitTaskRights:
    """For services: raise PermissionDenied unless `user` may change this unit task's card."""
    rights = rights_for(user, unit_task)
    if not rights.can_edit:
        raise PermissionDenied(_("이 과제관리카드를 고칠 권한이 없습니다."))
    return rights


def require_manage(user, unit_task: UnitTask) -> UnitTaskRights:
    """For services: raise PermissionDenied unless `user` may hand over or grant on this task."""
    rights = rights_for(user, unit_task)
    if not rights.can_manage:
        raise PermissionDenied(_("담당자, 부서장 또는 관리자만 인수인계와 참여자 지정을 할 수 있습니다."))
    return rights


def access_unit_task(user, pk, *, for_write: bool = False) -> tuple[UnitTask, UnitTaskRights]:
    """Fetch a unit task for its card page: 404 unless visible, 403 when visible but `for_write`
    and not editable. One query (the participant flag is annotated)."""
    unit_task = (
        with_participation(UnitTask.objects.all(), user.pk)
        .select_related("department", "function__parent__parent", "owner__position", "deputy__position")
        .filter(pk=pk)
        .first()
    )
    if unit_task is None:
        raise Http404
    rights = unit_task_rights(viewer_for(user), unit_task, is_participant=unit_task.is_participant)
    if not rights.can_view:
        raise Http404
    if for_write and not rights.can_edit:
        raise PermissionDenied(_("이 과제관리카드를 고칠 권한이 없습니다."))
    return unit_task, rights


def access_card_entry(user, pk, *, for_write: bool = False) -> tuple[TaskCardEntry, UnitTaskRights]:
    """Fetch one card entry (추진계획·실적·품질·홍보·고객) with its card and unit task."""
    entry = (
        TaskCardEntry.objects.select_related("card__unit_task__department", "author")
        .annotate(
            is_participant=Exists(
                participant_permissions(user.pk).filter(object_pk=Cast(OuterRef("card__unit_task_id"), CharField()))
            )
        )
        .filter(pk=pk)
        .first()
    )
    if entry is None:
        raise Http404
    rights = unit_task_rights(viewer_for(user), entry.card.unit_task, is_participant=entry.is_participant)
    if not rights.can_view:
        raise Http404
    if for_write and not can_revise_entry(user, entry, rights):
        raise PermissionDenied(revise_refusal(entry))
    return entry, rights


def can_revise_entry(user, entry: TaskCardEntry, rights: UnitTaskRights) -> bool:
    """Plan entries (milestones) belong to the card: any editor revises them. Performance,
    quality, PR and customer entries are one person's account: only their author revises them."""
    if not rights.can_edit:
        return False
    return entry.kind == CardEntryKind.PLAN or entry.author_id == user.pk


def revise_refusal(entry: TaskCardEntry) -> str:
    if entry.kind == CardEntryKind.PLAN:
        return _("이 과제관리카드를 고칠 권한이 없습니다.")
    return _("실적·품질·홍보·고객관리 항목은 작성자만 고칠 수 있습니다.")
