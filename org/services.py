"""Writes to the organisation: the department tree, heads, roles and absences."""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext as _
from django_tenants.utils import schema_context

from audit.services import audit_record
from org import roles
from org.models import (
    DEPARTMENT_MAX_DEPTH,
    DEPARTMENT_PATH_STEP,
    MAX_HEADCOUNT,
    Absence,
    Department,
    EmploymentStatus,
    OrgSettings,
    User,
)
from tenants.models import Institution


def department_path_segment(pk: int) -> str:
    """One level of Department.path: the zero-padded pk and a dot."""
    return f"{pk:0{DEPARTMENT_PATH_STEP}d}."


def department_save(*, department: Department, actor=None) -> Department:
    """Create or update a department, keeping `path`/`depth` of it and its subtree correct.

    Moving a department under its own descendant is refused (it would cut the tree loose).
    """
    with transaction.atomic():
        parent = department.parent
        if department.pk and parent is not None:
            locked_parent = Department.objects.select_for_update().get(pk=parent.pk)
            if locked_parent.path.startswith(Department.objects.get(pk=department.pk).path):
                raise ValidationError({"parent": _("자기 자신이나 하위 부서를 상위 부서로 지정할 수 없습니다.")})
        if parent is not None and parent.depth + 1 >= DEPARTMENT_MAX_DEPTH:
            raise ValidationError({"parent": _("부서는 %(n)d단계까지만 둘 수 있습니다.") % {"n": DEPARTMENT_MAX_DEPTH}})
        old_path = None
        if department.pk:
            old_path = Department.objects.filter(pk=department.pk).values_list("path", flat=True).first()
        is_new = department.pk is None
        department.save()
        prefix = parent.path if parent is not None else ""
        new_path = prefix + department_path_segment(department.pk)
        new_depth = parent.depth + 1 if parent is not None else 0
        if new_path != department.path or new_depth != department.depth:
            department.path, department.depth = new_path, new_depth
            department.save(update_fields=["path", "depth"])
        if old_path and old_path != new_path:
            # Re-root the subtree in one statement: replace the old prefix with the new one.
            depth_shift = new_path.count(".") - old_path.count(".")
            Department.objects.filter(path__startswith=old_path).exclude(pk=department.pk).update(
                path=Concat(Value(new_path), Substr("path", len(old_path) + 1)),
                depth=F("depth") + depth_shift,
            )
        audit_record(
            action="department.create" if is_new else "department.update",
            actor=actor,
            target=department,
            data={"code": department.code, "name": department.name, "parent": parent.code if parent else None},
        )
    return department


def department_subtree(department: Department):
    return Department.objects.filter(path__startswith=department.path)


def department_set_head(*, department: Department, head: User | None, actor=None) -> Department:
    """Appoint (or clear) a department's head; the head role follows the appointment."""
    with transaction.atomic():
        department = Department.objects.select_for_update().get(pk=department.pk)
        previous = department.head
        department.head = head
        department.save(update_fields=["head"])
        group, _created = Group.objects.get_or_create(name=roles.DEPARTMENT_HEAD)
        if head is not None:
            head.groups.add(group)
        if previous is not None and previous != head and not Department.objects.filter(head=previous).exists():
            previous.groups.remove(group)
        audit_record(
            action="department.set_head",
            actor=actor,
            target=department,
            data={"head": head.username if head else None, "previous": previous.username if previous else None},
        )
    return department


def absence_check(*, user: User, proxy: User, starts_at: datetime, ends_at: datetime, exclude_pk=None) -> None:
    """Raise ValidationError (by field) unless this absence may be recorded.

    The proxy must be an active colleague who is not absent at the same time, and one person's
    absences may not overlap (the proxy for a moment must be unambiguous).
    """
    errors: dict[str, str] = {}
    if ends_at <= starts_at:
        errors["ends_at"] = _("종료 일시는 시작 일시보다 뒤여야 합니다.")
    if proxy.pk == user.pk:
        errors["proxy"] = _("본인을 직무대리자로 지정할 수 없습니다.")
    elif not proxy.is_active or proxy.employment_status != EmploymentStatus.ACTIVE:
        errors["proxy"] = _("재직 중인 직원만 직무대리자로 지정할 수 있습니다.")
    if errors:
        raise ValidationError(errors)
    overlapping = Absence.objects.filter(starts_at__lt=ends_at, ends_at__gt=starts_at).exclude(pk=exclude_pk)
    if overlapping.filter(user=user).exists():
        errors["starts_at"] = _("같은 기간에 이미 등록된 부재가 있습니다.")
    if overlapping.filter(user=proxy).exists():
        errors["proxy"] = _("직무대리자도 그 기간에 부재 중입니다.")
    if errors:
        raise ValidationError(errors)


def absence_create(
    *, user: User, proxy: User, starts_at: datetime, ends_at: datetime, reason: str, note: str = "", actor=None
) -> Absence:
    """Record an absence and the proxy who decides meanwhile (대결)."""
    with transaction.atomic():
        # Lock the absent person's row: two overlapping absences entered at once must not both pass.
        User.objects.select_for_update(of=("self",)).filter(pk=user.pk).order_by("pk").first()
        absence_check(user=user, proxy=proxy, starts_at=starts_at, ends_at=ends_at)
        absence = Absence.objects.create(
            user=user, proxy=proxy, starts_at=starts_at, ends_at=ends_at, reason=reason, note=note, created_by=actor
        )
        audit_record(
            action="absence.create",
            actor=actor,
            target=absence,
            data={
                "user": user.username,
                "proxy": proxy.username,
                "from": starts_at.isoformat(),
                "to": ends_at.isoformat(),
            },
        )
    return absence


def absence_end(*, absence: Absence, at: datetime, actor=None) -> Absence | None:
    """End an absence at `at` (a cancelled leave or trip): one not yet begun is removed (None is
    returned), one under way ends at `at`, one already over is left as it was. For the apps that
    create absences from their own approved requests (attendance)."""
    with transaction.atomic():
        absence = Absence.objects.select_for_update().get(pk=absence.pk)
        if at >= absence.ends_at:
            return absence
        data = {"user": absence.user.username, "from": absence.starts_at.isoformat(), "to": at.isoformat()}
        if at <= absence.starts_at:
            audit_record(action="absence.end", actor=actor, target=absence, data={**data, "removed": True})
            absence.delete()
            return None
        absence.ends_at = at
        absence.save(update_fields=["ends_at"])
        audit_record(action="absence.end", actor=actor, target=absence, data={**data, "removed": False})
    return absence


def org_settings_save(*, authorised_headcount: int | None, actor) -> OrgSettings:
    """Keep the institution's settings (today its 정원), recording the change in the audit chain."""
    if authorised_headcount is not None and not 0 < authorised_headcount <= MAX_HEADCOUNT:
        raise ValidationError({"authorised_headcount": _("정원은 1명 이상 100,000명 이하로 적으세요.")})
    with transaction.atomic():
        OrgSettings.objects.get_or_create(pk=1)
        # Locks the one row: two admins saving at once are recorded one after the other, each
        # with the value it replaced.
        row = OrgSettings.objects.select_for_update().get(pk=1)
        previous = row.authorised_headcount
        row.authorised_headcount = authorised_headcount
        row.save()
        audit_record(
            action="org_settings.update",
            actor=actor,
            target=row,
            data={"authorised_headcount": authorised_headcount, "previous": previous},
        )
    return row


def proxy_for(user: User, at: datetime) -> User | None:
    """Who decides in `user`'s place at moment `at` (대결), or None when they are present."""
    absence = Absence.objects.filter(user=user, starts_at__lte=at, ends_at__gt=at).select_related("proxy").first()
    return absence.proxy if absence else None


def auditor_role_set(*, institution: Institution, person: str, appointed: bool, reason: str, actor) -> User:
    """Appoint (or relieve) an institution's 감사 담당: the province's planning office only, from
    the province site (org.roles.PROVINCE_APPOINTED says why). `person` is the 사번 or the 아이디.

    Recorded twice: in the institution's chain (the person, the role, the province account that
    did it, the reason) and in the province's (which institution, whom, why).
    """
    if not roles.may_appoint_auditors(actor):
        raise PermissionDenied(_("감사 담당은 도 기획조정실만 지정하거나 해제할 수 있습니다."))
    if institution.is_province or not institution.is_active:
        raise ValidationError({"institution": _("사용 중인 기관을 고르세요.")})
    person, reason = (person or "").strip(), (reason or "").strip()
    if not person:
        raise ValidationError({"person": _("사번이나 아이디를 입력하세요.")})
    if not reason:
        raise ValidationError({"reason": _("사유를 입력하세요.")})
    if len(reason) > 200:
        raise ValidationError({"reason": _("사유는 200자 이내로 적으세요.")})
    action = "role.grant" if appointed else "role.revoke"
    province_label = f"{actor.get_username()}({actor.name})" if actor.name else actor.get_username()
    with transaction.atomic():
        with schema_context(institution.schema_name):
            # Locks the person: two province staff appointing and relieving at once decide in turn.
            people = User.objects.select_for_update(of=("self",))
            user = people.filter(employee_number=person).first() or people.filter(username=person).first()
            if user is None:
                message = _("%(institution)s에 없는 사번이나 아이디입니다: %(person)s")
                raise ValidationError({"person": message % {"institution": institution.name, "person": person}})
            group, _created = Group.objects.get_or_create(name=roles.AUDITOR)
            membership = User.groups.through.objects.filter(user_id=user.pk, group_id=group.pk)
            if appointed:
                if not user.is_active or user.employment_status == EmploymentStatus.RETIRED:
                    raise ValidationError(
                        {"person": _("퇴직했거나 로그인할 수 없는 직원은 감사 담당이 될 수 없습니다.")}
                    )
                if membership.exists():
                    raise ValidationError({"person": _("이미 감사 담당입니다.")})
                # Through the table, not user.groups.add(): the signal receiver would record the
                # province account's id as if it were one of this institution's people.
                User.groups.through.objects.create(user_id=user.pk, group_id=group.pk)
            else:
                if not membership.exists():
                    raise ValidationError({"person": _("감사 담당이 아닙니다.")})
                membership.delete()
            audit_record(
                action=action,
                actor_label=f"도 기획조정실 {province_label}"[:150],
                target=user,
                data={"roles": [roles.AUDITOR], "by_province": actor.get_username(), "reason": reason},
            )
        audit_record(
            action=action,
            actor=actor,
            target=institution,
            data={
                "roles": [roles.AUDITOR],
                "institution": institution.code,
                "user": {
                    "id": user.pk,
                    "username": user.username,
                    "employee_number": user.employee_number,
                    "name": user.name,
                },
                "reason": reason,
            },
        )
    return user
