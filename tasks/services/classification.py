"""Writes to the function classification (대기능 > 중기능 > 소기능 > 단위과제) and to who works on a
unit task (담당자·부담당자 hand-over, participants).

Nothing that may be referenced is ever deleted: documents, memo reports, directives and meetings
point at unit tasks with PROTECT. A reorganisation renames, moves and retires nodes instead, and
every such change leaves a `ClassificationChange` with what the node was before and after, so
where a document was filed can always be reconstructed.

Classification edits are for institution admins (the admin console and the XLSX import). An
`actor` of None is the system itself (the demo seed, a data migration) and is not checked.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm, remove_perm

from audit.services import audit_record
from org.models import Department, EmploymentStatus, User
from org.visibility import viewer_for
from tasks.models import (
    ClassificationChange,
    Disclosure,
    FunctionClass,
    FunctionLevel,
    RetentionPeriod,
    UnitTask,
    UnitTaskHandover,
)
from tasks.models.classification import code_validator, disclosure_ground_validator
from tasks.permissions.cards import PARTICIPANT_CODENAME, is_participant, require_manage

FUNCTION_FIELDS = ("name", "parent", "department", "order")
UNIT_TASK_FIELDS = (
    "name",
    "function",
    "department",
    "description",
    "retention_period",
    "retention_reason",
    "disclosure",
    "disclosure_ground",
    "is_common",
)
# Changing any of these is a move (이관): the node now sits elsewhere in the tree or the organisation.
_MOVE_FIELDS = {"parent", "function", "department"}


def _require_admin(actor) -> None:
    if actor is not None and not viewer_for(actor).is_admin:
        raise PermissionDenied(_("기능분류는 기관 관리자만 바꿀 수 있습니다."))


def _today() -> date:
    return timezone.localdate()


# --- Snapshots for ClassificationChange -------------------------------------------------------


def _code(obj) -> str | None:
    return obj.code if obj is not None else None


def function_snapshot(function: FunctionClass) -> dict[str, Any]:
    return {
        "code": function.code,
        "name": function.name,
        "level": function.level,
        "parent": _code(function.parent),
        "department": _code(function.department),
        "order": function.order,
        "is_active": function.is_active,
        "retired_on": function.retired_on.isoformat() if function.retired_on else None,
    }


def unit_task_snapshot(unit_task: UnitTask) -> dict[str, Any]:
    return {
        "code": unit_task.code,
        "name": unit_task.name,
        "function": _code(unit_task.function),
        "department": _code(unit_task.department),
        "description": unit_task.description,
        "retention_period": unit_task.retention_period,
        "retention_reason": unit_task.retention_reason,
        "disclosure": unit_task.disclosure,
        "disclosure_ground": unit_task.disclosure_ground,
        "is_common": unit_task.is_common,
        "is_active": unit_task.is_active,
        "retired_on": unit_task.retired_on.isoformat() if unit_task.retired_on else None,
    }


def _diff(before: dict, after: dict) -> tuple[dict, dict]:
    keys = [key for key in after if before.get(key) != after[key]]
    return {key: before.get(key) for key in keys}, {key: after[key] for key in keys}


def _record_change(*, target, kind: str, before: dict, after: dict, actor) -> ClassificationChange:
    is_function = isinstance(target, FunctionClass)
    change = ClassificationChange.objects.create(
        function=target if is_function else None,
        unit_task=None if is_function else target,
        kind=kind,
        before=before,
        after=after,
        changed_by=actor if actor is not None and actor.is_authenticated else None,
    )
    prefix = "function" if is_function else "unit_task"
    audit_record(action=f"{prefix}.{kind}", actor=actor, target=target, data={"before": before, "after": after})
    return change


# --- Validation (shared by the services, the admin forms and the import) -------------------------


def _check_code(errors: dict, code: str, model, label: str) -> None:
    if not code:
        errors["code"] = _("%(label)s를 입력하세요.") % {"label": label}
        return
    try:
        code_validator(code)
    except ValidationError as exc:
        errors["code"] = exc.messages[0]
        return
    if model.objects.filter(code=code).exists():
        errors["code"] = _("이미 사용 중인 %(label)s입니다: %(code)s") % {"label": label, "code": code}


def _check_name(errors: dict, name: str, label: str) -> None:
    if not (name or "").strip():
        errors["name"] = _("%(label)s을 입력하세요.") % {"label": label}
    elif len(name) > 100:
        errors["name"] = _("%(label)s은 100자 이내여야 합니다.") % {"label": label}


def _check_department(errors: dict, department: Department | None, *, required: bool) -> None:
    if department is None:
        if required:
            errors["department"] = _("처리과(부서)를 지정하세요.")
    elif not department.is_active:
        errors["department"] = _("폐지된 부서에는 둘 수 없습니다: %(name)s") % {"name": department.name}


def function_validate(*, values: dict, instance: FunctionClass | None = None) -> None:
    """Raise ValidationError (by field, Korean) unless `values` make a valid node.

    `values` holds code/level (new nodes only) and name/parent/department/order. A level-2 or
    level-3 node's parent is one level up and in use; a 대기능 has no parent.
    """
    errors: dict[str, str] = {}
    level = instance.level if instance is not None else values.get("level")
    if instance is None:
        _check_code(errors, values.get("code", ""), FunctionClass, _("기능코드"))
        if level not in FunctionLevel.values:
            errors["level"] = _("단계는 대기능, 중기능, 소기능 중 하나여야 합니다.")
    _check_name(errors, values.get("name", ""), _("기능명"))
    parent = values.get("parent")
    if level == FunctionLevel.FUNCTION:
        if parent is not None:
            errors["parent"] = _("대기능에는 상위 기능을 둘 수 없습니다.")
    elif level in FunctionLevel.values:
        wanted = FunctionLevel(level - 1).label
        if parent is None:
            errors["parent"] = _("%(level)s의 상위 기능(%(wanted)s)을 지정하세요.") % {
                "level": FunctionLevel(level).label,
                "wanted": wanted,
            }
        elif parent.level != level - 1:
            errors["parent"] = _("%(level)s의 상위 기능은 %(wanted)s이어야 합니다.") % {
                "level": FunctionLevel(level).label,
                "wanted": wanted,
            }
        elif not parent.is_active and (instance is None or instance.parent_id != parent.pk):
            errors["parent"] = _("폐지된 기능 아래에는 둘 수 없습니다: %(name)s") % {"name": parent.name}
    department = values.get("department")
    if department is not None and (instance is None or instance.department_id != department.pk):
        _check_department(errors, department, required=False)
    order = values.get("order", 0)
    if not isinstance(order, int) or order < 0 or order > 32767:
        errors["order"] = _("정렬 순서는 0~32767 사이의 정수여야 합니다.")
    if errors:
        raise ValidationError(errors)


def _check_person(errors: dict, field: str, user: User | None, label: str) -> None:
    if user is not None and (not user.is_active or user.employment_status != EmploymentStatus.ACTIVE):
        errors[field] = _("%(label)s는 재직 중인 직원이어야 합니다: %(name)s") % {"label": label, "name": user.name}


def unit_task_validate(*, values: dict, instance: UnitTask | None = None) -> None:
    """Raise ValidationError (by field, Korean) unless `values` make a valid unit task.

    `values` holds code (new tasks only), the UNIT_TASK_FIELDS and, for new tasks, owner and
    deputy. The function is an active 소기능; the department is active; the retention period is one
    of the seven (no 20년) with its reason; 부분공개 and 비공개 carry the legal ground (정보공개법
    제9조제1항 호수), 공개 none; owner and deputy are different people in active service.
    """
    errors: dict[str, str] = {}
    if instance is None:
        _check_code(errors, values.get("code", ""), UnitTask, _("단위과제 코드"))
    _check_name(errors, values.get("name", ""), _("단위과제명"))
    function = values.get("function")
    if function is None:
        errors["function"] = _("단위과제가 속할 소기능을 지정하세요.")
    elif function.level != FunctionLevel.ACTIVITY:
        errors["function"] = _("단위과제는 소기능 아래에만 둘 수 있습니다(지정한 기능은 %(level)s).") % {
            "level": FunctionLevel(function.level).label
        }
    elif not function.is_active and (instance is None or instance.function_id != function.pk):
        errors["function"] = _("폐지된 소기능에는 둘 수 없습니다: %(name)s") % {"name": function.name}
    department = values.get("department")
    if department is None or instance is None or instance.department_id != department.pk:
        _check_department(errors, department, required=True)
    if values.get("retention_period") not in RetentionPeriod.values:
        errors["retention_period"] = _("보존기간은 영구, 준영구, 30년, 10년, 5년, 3년, 1년 중 하나여야 합니다.")
    reason = (values.get("retention_reason") or "").strip()
    if not reason:
        errors["retention_reason"] = _("보존기간 책정 사유를 적으세요.")
    elif len(reason) > 300:
        errors["retention_reason"] = _("보존기간 책정 사유는 300자 이내여야 합니다.")
    disclosure = values.get("disclosure", Disclosure.PUBLIC)
    ground = (values.get("disclosure_ground") or "").strip()
    if disclosure not in Disclosure.values:
        errors["disclosure"] = _("공개구분은 공개, 부분공개, 비공개 중 하나여야 합니다.")
    elif disclosure == Disclosure.PUBLIC and ground:
        errors["disclosure_ground"] = _("공개 과제에는 비공개 근거를 적지 않습니다.")
    elif disclosure != Disclosure.PUBLIC and not ground:
        errors["disclosure_ground"] = _("부분공개·비공개는 근거(정보공개법 제9조제1항 호수)를 적어야 합니다. 예: 5")
    elif ground:
        try:
            disclosure_ground_validator(ground)
        except ValidationError as exc:
            errors["disclosure_ground"] = exc.messages[0]
    if instance is None:
        owner, deputy = values.get("owner"), values.get("deputy")
        _check_person(errors, "owner", owner, _("담당자"))
        _check_person(errors, "deputy", deputy, _("부담당자"))
        if owner is not None and deputy is not None and owner.pk == deputy.pk:
            errors["deputy"] = _("담당자와 부담당자는 같은 사람일 수 없습니다.")
    if errors:
        raise ValidationError(errors)


def function_retire_validate(function: FunctionClass) -> None:
    """A node is retired only when nothing active hangs under it."""
    if not function.is_active:
        raise ValidationError({"is_active": _("이미 폐지된 기능입니다.")})
    if function.children.filter(is_active=True).exists() or function.unit_tasks.filter(is_active=True).exists():
        raise ValidationError(
            {"is_active": _("아래에 사용 중인 기능이나 단위과제가 있어 폐지할 수 없습니다. 먼저 옮기거나 폐지하세요.")}
        )


def function_reactivate_validate(function: FunctionClass, parent: FunctionClass | None = None) -> None:
    """A node is used again only under a parent in use (`parent`: the one it will have)."""
    parent = function.parent if parent is None else parent
    if function.is_active:
        raise ValidationError({"is_active": _("이미 사용 중인 기능입니다.")})
    if parent is not None and not parent.is_active:
        raise ValidationError({"parent": _("상위 기능이 폐지되어 있습니다. 상위 기능을 먼저 다시 사용하세요.")})


def unit_task_reactivate_validate(
    unit_task: UnitTask, function: FunctionClass | None = None, department: Department | None = None
) -> None:
    """A unit task is used again only under a 소기능 and a 처리과 in use."""
    function = function or unit_task.function
    department = department or unit_task.department
    if unit_task.is_active:
        raise ValidationError({"is_active": _("이미 사용 중인 단위과제입니다.")})
    if not function.is_active:
        raise ValidationError({"function": _("소기능이 폐지되어 있습니다. 사용 중인 소기능으로 먼저 옮기세요.")})
    if not department.is_active:
        raise ValidationError({"department": _("처리과가 폐지되어 있습니다. 사용 중인 부서로 먼저 옮기세요.")})


# --- Function nodes (대기능·중기능·소기능) -----------------------------------------------------------


def _lock_function(pk: int) -> FunctionClass:
    return FunctionClass.objects.select_for_update(of=("self",)).select_related("parent", "department").get(pk=pk)


def function_create(
    *,
    code: str,
    name: str,
    level: int,
    parent: FunctionClass | None = None,
    department: Department | None = None,
    order: int = 0,
    actor,
) -> FunctionClass:
    _require_admin(actor)
    values = {"code": code, "name": name, "level": level, "parent": parent, "department": department, "order": order}
    with transaction.atomic():
        if parent is not None:
            # Lock the parent: a concurrent retirement of it must not pass its "no active
            # children" check while this child is being added.
            values["parent"] = parent = _lock_function(parent.pk)
        function_validate(values=values)
        function = FunctionClass.objects.create(
            code=code, name=name.strip(), level=level, parent=parent, department=department, order=order
        )
        _record_change(
            target=function, kind=ClassificationChange.Kind.CREATE, before={}, after=function_snapshot(function),
            actor=actor,
        )  # fmt: skip
    return function


def function_update(*, function: FunctionClass, actor, **changes) -> FunctionClass:
    """Rename, re-parent, re-assign or re-order a node (code and level never change).

    A changed parent or department is recorded as a move, anything else as an update; a call
    that changes nothing records nothing.
    """
    _require_admin(actor)
    unknown = set(changes) - set(FUNCTION_FIELDS)
    if unknown:
        raise TypeError(f"function_update cannot change {sorted(unknown)}")
    with transaction.atomic():
        current = _lock_function(function.pk)
        if "parent" in changes and changes["parent"] is not None and changes["parent"].pk != current.parent_id:
            changes["parent"] = _lock_function(changes["parent"].pk)
        values = {field: getattr(current, field) for field in FUNCTION_FIELDS}
        values.update(changes)
        if isinstance(values.get("name"), str):
            values["name"] = values["name"].strip()
        function_validate(values=values, instance=current)
        before = function_snapshot(current)
        for field, value in values.items():
            setattr(current, field, value)
        before, after = _diff(before, function_snapshot(current))
        if after:
            current.save(update_fields=list(FUNCTION_FIELDS))
            kind = ClassificationChange.Kind.MOVE if _MOVE_FIELDS & set(after) else ClassificationChange.Kind.UPDATE
            _record_change(target=current, kind=kind, before=before, after=after, actor=actor)
    return current


def function_move(*, function: FunctionClass, parent: FunctionClass, actor) -> FunctionClass:
    """Put a 중기능 under another 대기능, or a 소기능 under another 중기능 (its subtree follows)."""
    return function_update(function=function, parent=parent, actor=actor)


def function_retire(*, function: FunctionClass, retired_on: date | None = None, actor) -> FunctionClass:
    """Retire a node that has nothing active under it (move or retire its children first)."""
    _require_admin(actor)
    with transaction.atomic():
        current = _lock_function(function.pk)
        function_retire_validate(current)
        before = function_snapshot(current)
        current.is_active = False
        current.retired_on = retired_on or _today()
        current.save(update_fields=["is_active", "retired_on"])
        before, after = _diff(before, function_snapshot(current))
        _record_change(target=current, kind=ClassificationChange.Kind.RETIRE, before=before, after=after, actor=actor)
    return current


def function_reactivate(*, function: FunctionClass, actor) -> FunctionClass:
    _require_admin(actor)
    with transaction.atomic():
        current = _lock_function(function.pk)
        function_reactivate_validate(current)
        before = function_snapshot(current)
        current.is_active = True
        current.retired_on = None
        current.save(update_fields=["is_active", "retired_on"])
        before, after = _diff(before, function_snapshot(current))
        _record_change(
            target=current, kind=ClassificationChange.Kind.REACTIVATE, before=before, after=after, actor=actor
        )
    return current


# --- Unit tasks (단위과제) -------------------------------------------------------------------------


def _lock_unit_task(pk: int) -> UnitTask:
    return (
        UnitTask.objects.select_for_update(of=("self",))
        .select_related("function", "department", "owner", "deputy")
        .get(pk=pk)
    )


def unit_task_create(
    *,
    code: str,
    name: str,
    function: FunctionClass,
    department: Department,
    retention_period: str,
    retention_reason: str,
    disclosure: str = Disclosure.PUBLIC,
    disclosure_ground: str = "",
    description: str = "",
    owner: User | None = None,
    deputy: User | None = None,
    is_common: bool = False,
    actor,
) -> UnitTask:
    _require_admin(actor)
    values = {
        "code": code,
        "name": name,
        "function": function,
        "department": department,
        "retention_period": retention_period,
        "retention_reason": retention_reason,
        "disclosure": disclosure,
        "disclosure_ground": disclosure_ground,
        "owner": owner,
        "deputy": deputy,
    }
    with transaction.atomic():
        if function is not None:
            # Same race as for function nodes: the 소기능 must not be retired under us.
            values["function"] = function = _lock_function(function.pk)
        unit_task_validate(values=values)
        unit_task = UnitTask.objects.create(
            code=code,
            name=name.strip(),
            function=function,
            department=department,
            description=description,
            retention_period=retention_period,
            retention_reason=retention_reason.strip(),
            disclosure=disclosure,
            disclosure_ground=disclosure_ground.strip(),
            owner=owner,
            deputy=deputy,
            is_common=is_common,
        )
        _record_change(
            target=unit_task,
            kind=ClassificationChange.Kind.CREATE,
            before={},
            after=unit_task_snapshot(unit_task),
            actor=actor,
        )
    return unit_task


def unit_task_update(*, unit_task: UnitTask, actor, **changes) -> UnitTask:
    """Change a unit task's classification data (code never changes; owner and deputy change by
    hand-over). A changed 소기능 or 처리과 is recorded as a move (이관), anything else as an update.
    Documents already filed under the task stay filed under it: they point at the task, not at
    its place in the tree."""
    _require_admin(actor)
    unknown = set(changes) - set(UNIT_TASK_FIELDS)
    if unknown:
        raise TypeError(f"unit_task_update cannot change {sorted(unknown)}")
    with transaction.atomic():
        current = _lock_unit_task(unit_task.pk)
        if "function" in changes and changes["function"] is not None and changes["function"].pk != current.function_id:
            changes["function"] = _lock_function(changes["function"].pk)
        values = {field: getattr(current, field) for field in UNIT_TASK_FIELDS}
        values.update(changes)
        for field in ("name", "retention_reason", "disclosure_ground"):
            if isinstance(values.get(field), str):
                values[field] = values[field].strip()
        unit_task_validate(values=values, instance=current)
        before = unit_task_snapshot(current)
        for field, value in values.items():
            setattr(current, field, value)
        before, after = _diff(before, unit_task_snapshot(current))
        if after:
            current.save(update_fields=list(UNIT_TASK_FIELDS))
            kind = ClassificationChange.Kind.MOVE if _MOVE_FIELDS & set(after) else ClassificationChange.Kind.UPDATE
            _record_change(target=current, kind=kind, before=before, after=after, actor=actor)
    return current


def unit_task_move(
    *, unit_task: UnitTask, function: FunctionClass | None = None, department: Department | None = None, actor
) -> UnitTask:
    """Move a unit task to another 소기능 and/or another 처리과 (reorganisation)."""
    changes: dict[str, Any] = {}
    if function is not None:
        changes["function"] = function
    if department is not None:
        changes["department"] = department
    return unit_task_update(unit_task=unit_task, actor=actor, **changes)


def unit_task_retire(*, unit_task: UnitTask, retired_on: date | None = None, actor) -> UnitTask:
    """Stop using a unit task. It stays, with its card and everything filed under it; new
    documents can no longer be filed under it."""
    _require_admin(actor)
    with transaction.atomic():
        current = _lock_unit_task(unit_task.pk)
        if not current.is_active:
            raise ValidationError({"is_active": _("이미 폐지된 단위과제입니다.")})
        before = unit_task_snapshot(current)
        current.is_active = False
        current.retired_on = retired_on or _today()
        current.save(update_fields=["is_active", "retired_on"])
        before, after = _diff(before, unit_task_snapshot(current))
        _record_change(target=current, kind=ClassificationChange.Kind.RETIRE, before=before, after=after, actor=actor)
    return current


def unit_task_reactivate(*, unit_task: UnitTask, actor) -> UnitTask:
    _require_admin(actor)
    with transaction.atomic():
        current = _lock_unit_task(unit_task.pk)
        unit_task_reactivate_validate(current)
        before = unit_task_snapshot(current)
        current.is_active = True
        current.retired_on = None
        current.save(update_fields=["is_active", "retired_on"])
        before, after = _diff(before, unit_task_snapshot(current))
        _record_change(
            target=current, kind=ClassificationChange.Kind.REACTIVATE, before=before, after=after, actor=actor
        )
    return current


# --- Who works on it: hand-over and participants -----------------------------------------------


def unit_task_handover(
    *,
    unit_task: UnitTask,
    role: str,
    to_user: User | None,
    handed_over_on: date,
    note: str = "",
    actor,
) -> UnitTaskHandover:
    """인수인계: give the owner (담당자) or deputy (부담당자) role to `to_user`, keeping the history.

    The owner, the head of the task's department tree or an admin may hand over (an `actor` of
    None is the system, e.g. the import). The owner role always has a holder after a hand-over;
    the deputy role may be cleared (`to_user=None`). Owner and deputy are never the same person.
    """
    if role not in UnitTaskHandover.Role.values:
        raise ValidationError({"role": _("구분은 담당자 또는 부담당자여야 합니다.")})
    with transaction.atomic():
        # Lock the task: two hand-overs at once must not both start from the same predecessor.
        current = _lock_unit_task(unit_task.pk)
        if actor is not None:
            require_manage(actor, current)
        is_owner = role == UnitTaskHandover.Role.OWNER
        holder = current.owner if is_owner else current.deputy
        other = current.deputy if is_owner else current.owner
        errors: dict[str, str] = {}
        if to_user is None:
            if is_owner:
                errors["to_user"] = _("담당자를 넘겨받을 후임자를 지정하세요.")
            elif holder is None:
                errors["to_user"] = _("부담당자가 이미 지정되어 있지 않습니다.")
        elif holder is not None and holder.pk == to_user.pk:
            errors["to_user"] = _("%(name)s님은 이미 이 과제의 %(role)s입니다.") % {
                "name": to_user.name,
                "role": UnitTaskHandover.Role(role).label,
            }
        elif other is not None and other.pk == to_user.pk:
            errors["to_user"] = (
                _("%(name)s님은 이 과제의 부담당자입니다. 부담당자를 먼저 다른 사람으로 바꾸세요.")
                if is_owner
                else _("%(name)s님은 이 과제의 담당자입니다. 담당자와 부담당자는 같은 사람일 수 없습니다.")
            ) % {"name": to_user.name}
        else:
            _check_person(errors, "to_user", to_user, _("후임자"))
        if handed_over_on is None:
            errors["handed_over_on"] = _("인계일을 입력하세요.")
        elif handed_over_on > _today():
            errors["handed_over_on"] = _("인계일은 오늘 이후일 수 없습니다.")
        if len(note or "") > 5000:
            errors["note"] = _("인수인계 사항은 5,000자 이내로 적으세요.")
        if errors:
            raise ValidationError(errors)
        setattr(current, "owner" if is_owner else "deputy", to_user)
        current.save(update_fields=["owner" if is_owner else "deputy"])
        handover = UnitTaskHandover.objects.create(
            unit_task=current,
            role=role,
            from_user=holder,
            to_user=to_user,
            handed_over_on=handed_over_on,
            note=(note or "").strip(),
            recorded_by=actor,
        )
        audit_record(
            action="unit_task.handover",
            actor=actor,
            target=current,
            data={
                "role": role,
                "from": holder.username if holder else None,
                "to": to_user.username if to_user else None,
                "on": handed_over_on.isoformat(),
            },
        )
    return handover


def unit_task_grant(*, unit_task: UnitTask, user: User, actor) -> None:
    """Make a colleague a participant (참여자): they may then change the task's card."""
    with transaction.atomic():
        current = _lock_unit_task(unit_task.pk)
        if actor is not None:
            require_manage(actor, current)
        errors: dict[str, str] = {}
        if user.pk in (current.owner_id, current.deputy_id):
            errors["user"] = _("담당자·부담당자는 이미 이 과제를 맡고 있습니다.")
        elif is_participant(user, current):
            errors["user"] = _("%(name)s님은 이미 참여자입니다.") % {"name": user.name}
        else:
            _check_person(errors, "user", user, _("참여자"))
        if errors:
            raise ValidationError(errors)
        assign_perm(PARTICIPANT_CODENAME, user, current)
        audit_record(action="unit_task.grant", actor=actor, target=current, data={"user": user.username})


def unit_task_revoke(*, unit_task: UnitTask, user: User, actor) -> None:
    """Take a participant off the task (their earlier entries stay, as written)."""
    with transaction.atomic():
        current = _lock_unit_task(unit_task.pk)
        if actor is not None:
            require_manage(actor, current)
        if not is_participant(user, current):
            raise ValidationError({"user": _("%(name)s님은 이 과제의 참여자가 아닙니다.") % {"name": user.name}})
        remove_perm(PARTICIPANT_CODENAME, user, current)
        audit_record(action="unit_task.revoke", actor=actor, target=current, data={"user": user.username})


def unit_task_assign_holders(
    *,
    unit_task: UnitTask,
    owner: User | None,
    deputy: User | None,
    handed_over_on: date,
    note: str,
    actor,
    empty_clears_deputy: bool,
) -> int:
    """Bring owner and deputy to the given people through hand-overs (one per role that changes),
    in an order that works even when the two swap. An empty owner leaves the owner in place; an
    empty deputy clears the deputy only if `empty_clears_deputy` (the admin form; the import
    leaves it). Returns how many hand-overs were recorded."""
    count = 0
    with transaction.atomic():
        task = _lock_unit_task(unit_task.pk)
        if owner is not None and owner.pk != task.owner_id:
            if owner.pk == task.deputy_id:
                # The deputy becomes the owner: free the deputy role first (then filled as asked).
                unit_task_handover(
                    unit_task=task, role=UnitTaskHandover.Role.DEPUTY, to_user=None, handed_over_on=handed_over_on,
                    note=note, actor=actor,
                )  # fmt: skip
                count += 1
            unit_task_handover(
                unit_task=task, role=UnitTaskHandover.Role.OWNER, to_user=owner, handed_over_on=handed_over_on,
                note=note, actor=actor,
            )  # fmt: skip
            count += 1
            task = _lock_unit_task(unit_task.pk)
        wanted_deputy_id = deputy.pk if deputy is not None else None
        if (deputy is not None or empty_clears_deputy) and wanted_deputy_id != task.deputy_id:
            unit_task_handover(
                unit_task=task, role=UnitTaskHandover.Role.DEPUTY, to_user=deputy, handed_over_on=handed_over_on,
                note=note, actor=actor,
            )  # fmt: skip
            count += 1
    return count
