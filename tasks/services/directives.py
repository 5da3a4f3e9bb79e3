"""Writes for directives (지시사항): issue → 이행계획 → 추진상황 → 완료 보고, with 보완 요구
(reopening), cancellation and comments. Every step leaves a DirectiveUpdate (the timeline).

Two people can act on one directive at once (two assignees completing, an issuer cancelling while
an assignee reports). Each status change is a compare-and-set on the status the actor saw:
`UPDATE … WHERE status IN (…)`; zero rows means someone else changed it first, and the actor is
told so instead of silently overwriting their work.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Case, F, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from core.templatetags.korean import kdate
from org.models import Department, EmploymentStatus, User
from org.visibility import viewer_for
from tasks.models import Directive, DirectiveAssignee, DirectiveStatus, DirectiveUpdate, UnitTask
from tasks.permissions.directives import DirectiveRights, directive_rights, may_issue
from tasks.services.cards import related_document_link
from tasks.services.memos import absolute_url, check_filing, mail_on_commit

TITLE_MAX = Directive._meta.get_field("title").max_length
OPEN = DirectiveStatus.open_values()


def _race() -> ValidationError:
    return ValidationError(
        _("이미 다른 사람이 처리했습니다. 화면을 새로 고쳐 지금 상태를 확인하세요."), code="conflict"
    )


def _transition(directive: Directive, *, allowed: Sequence[str], **changes) -> None:
    """Compare-and-set: change the row only if its status is still one of `allowed`."""
    changes["updated_at"] = timezone.now()  # update() skips auto_now
    if not Directive.objects.filter(pk=directive.pk, status__in=list(allowed)).update(**changes):
        raise _race()
    directive.refresh_from_db()


def _log(directive: Directive, kind: str, actor: User, body: str = "", progress: int | None = None) -> DirectiveUpdate:
    return DirectiveUpdate.objects.create(directive=directive, kind=kind, author=actor, body=body, progress=progress)


def _required(value: str, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    return value


def _require_assignee(rights: DirectiveRights) -> None:
    if not rights.is_assignee:
        raise PermissionDenied(_("이행 담당자만 할 수 있습니다."))


def _require_open(rights: DirectiveRights) -> None:
    if rights.status == DirectiveStatus.COMPLETED:
        raise ValidationError(_("이미 완료된 지시사항입니다."), code="closed")
    if rights.status == DirectiveStatus.CANCELLED:
        raise ValidationError(_("취소된 지시사항입니다."), code="closed")


def _directive_url(directive: Directive) -> str:
    return absolute_url(reverse("directives:detail", args=[directive.pk]))


def _assignees(directive: Directive) -> list[User]:
    return [a.user for a in directive.assignees.select_related("user")]


def _check_assignees(viewer, assignees: Sequence[User]) -> list[User]:
    unique: list[User] = []
    for user in assignees:
        if user.pk not in {u.pk for u in unique}:
            unique.append(user)
    if not unique:
        raise ValidationError({"assignees": _("이행 담당자를 한 명 이상 선택하세요.")})
    away = [u.name for u in unique if not u.is_active or u.employment_status != EmploymentStatus.ACTIVE]
    if away:
        raise ValidationError(
            {"assignees": _("재직 중인 직원에게만 지시할 수 있습니다: %(names)s") % {"names": ", ".join(away)}}
        )
    if not viewer.is_admin:
        outside = [u.name for u in unique if not viewer.oversees(u.department)]
        if outside:
            raise ValidationError(
                {
                    "assignees": _("맡은 부서와 그 하위 부서의 직원에게만 지시할 수 있습니다: %(names)s")
                    % {"names": ", ".join(outside)}
                }
            )
    return unique


def directive_issue(
    *,
    actor: User,
    title: str,
    body: str,
    due_on: date | None,
    department: Department | None,
    assignees: Sequence[User],
    unit_task: UnitTask | None = None,
) -> Directive:
    """Issue a directive to one or more people. Department heads issue within the trees they head
    (department and assignees); admins anywhere."""
    viewer = viewer_for(actor)
    if not may_issue(viewer):
        raise PermissionDenied(_("지시사항은 부서장과 기관 관리자만 등록할 수 있습니다."))
    title, body = (title or "").strip(), (body or "").strip()
    errors: dict[str, str] = {}
    if not title:
        errors["title"] = _("지시 제목을 입력하세요.")
    elif len(title) > TITLE_MAX:
        errors["title"] = _("제목은 %(n)d자까지 쓸 수 있습니다.") % {"n": TITLE_MAX}
    if not body:
        errors["body"] = _("지시 내용을 입력하세요.")
    if due_on is None:
        errors["due_on"] = _("처리기한을 입력하세요.")
    elif due_on < timezone.localdate():
        errors["due_on"] = _("처리기한은 오늘이나 그 뒤의 날짜여야 합니다.")
    if department is None:
        errors["department"] = _("주관 부서를 선택하세요.")
    elif not department.is_active or not (viewer.is_admin or viewer.oversees(department)):
        errors["department"] = _("맡은 부서와 그 하위 부서에만 지시할 수 있습니다.")
    if errors:
        raise ValidationError(errors)
    people = _check_assignees(viewer, assignees)
    check_filing(actor=actor, unit_task=unit_task)

    with transaction.atomic():
        directive = Directive.objects.create(
            title=title,
            body=body,
            issued_by=actor,
            issued_at=timezone.now(),
            due_on=due_on,
            department=department,
            unit_task=unit_task,
        )
        DirectiveAssignee.objects.bulk_create([DirectiveAssignee(directive=directive, user=u) for u in people])
        _log(directive, DirectiveUpdate.Kind.ISSUE, actor, body)
        if unit_task is not None:
            related_document_link(
                unit_task=unit_task,
                source="directive",
                source_id=str(directive.pk),
                title=directive.title,
                produced_on=timezone.localdate(directive.issued_at),
                url=reverse("directives:detail", args=[directive.pk]),
            )
        audit_record(
            action="directive.issue",
            actor=actor,
            target=directive,
            data={
                "department": department.code,
                "assignees": [u.username for u in people],
                "due_on": due_on.isoformat(),
                "unit_task": unit_task.code if unit_task else None,
            },
        )
        mail_on_commit(
            users=people,
            subject=_("[지시사항] %(title)s") % {"title": title},
            text=_("%(issuer)s님이 지시했습니다.\n\n제목: %(title)s\n처리기한: %(due)s\n보기: %(url)s\n")
            % {"issuer": actor.name, "title": title, "due": kdate(due_on), "url": _directive_url(directive)},
        )
    return directive


def directive_submit_plan(*, directive: Directive, actor: User, plan: str, planned_on: date | None) -> Directive:
    """이행계획: an assignee says how and by when. It may be revised until the directive closes."""
    rights = directive_rights(actor, directive)
    _require_assignee(rights)
    _require_open(rights)
    plan = _required(plan, "plan", _("이행계획을 입력하세요."))
    if planned_on is None:
        raise ValidationError({"planned_on": _("이행 완료 예정일을 입력하세요.")})
    if planned_on < timezone.localdate(directive.issued_at):
        raise ValidationError({"planned_on": _("이행 완료 예정일은 지시일 이후여야 합니다.")})
    with transaction.atomic():
        _transition(
            directive,
            allowed=OPEN,
            status=Case(When(status=DirectiveStatus.ISSUED, then=Value(DirectiveStatus.PLANNED)), default=F("status")),
            plan=plan,
            planned_on=planned_on,
        )
        _log(
            directive,
            DirectiveUpdate.Kind.PLAN,
            actor,
            _("%(plan)s\n\n이행 완료 예정일: %(date)s") % {"plan": plan, "date": kdate(planned_on)},
        )
        audit_record(
            action="directive.plan", actor=actor, target=directive, data={"planned_on": planned_on.isoformat()}
        )
    return directive


def directive_report_progress(*, directive: Directive, actor: User, body: str, progress: int | None) -> Directive:
    """추진상황: an assignee reports what was done and the share done (0–100 %)."""
    rights = directive_rights(actor, directive)
    _require_assignee(rights)
    _require_open(rights)
    body = _required(body, "body", _("추진상황을 입력하세요."))
    if progress is None or not 0 <= progress <= 100:
        raise ValidationError({"progress": _("진척률은 0에서 100 사이의 숫자로 입력하세요.")})
    with transaction.atomic():
        _transition(directive, allowed=OPEN, status=DirectiveStatus.IN_PROGRESS, progress=progress)
        _log(directive, DirectiveUpdate.Kind.PROGRESS, actor, body, progress)
    return directive


def directive_complete(*, directive: Directive, actor: User, report: str) -> Directive:
    """완료 보고: an assignee reports the result; the issuer is told by mail."""
    rights = directive_rights(actor, directive)
    _require_assignee(rights)
    _require_open(rights)
    report = _required(report, "report", _("이행 결과를 입력하세요."))
    with transaction.atomic():
        _transition(
            directive,
            allowed=OPEN,
            status=DirectiveStatus.COMPLETED,
            completed_at=timezone.now(),
            progress=100,
            completion_report=report,
        )
        _log(directive, DirectiveUpdate.Kind.COMPLETE, actor, report, 100)
        audit_record(action="directive.complete", actor=actor, target=directive)
        issuer = User.objects.get(pk=directive.issued_by_id)
        mail_on_commit(
            users=[issuer],
            subject=_("[지시사항 완료] %(title)s") % {"title": directive.title},
            text=_("%(who)s님이 지시사항의 완료를 보고했습니다.\n\n제목: %(title)s\n보기: %(url)s\n")
            % {"who": actor.name, "title": directive.title, "url": _directive_url(directive)},
        )
    return directive


def directive_reopen(*, directive: Directive, actor: User, reason: str) -> Directive:
    """보완 요구: the issuer or a head of the department's tree sends a completed directive back."""
    rights = directive_rights(actor, directive)
    if not (rights.is_issuer or rights.heads_tree):
        raise PermissionDenied(_("지시자나 주관 부서의 부서장만 보완을 요구할 수 있습니다."))
    if rights.status != DirectiveStatus.COMPLETED:
        raise ValidationError(_("완료된 지시사항에만 보완을 요구할 수 있습니다."), code="not_completed")
    reason = _required(reason, "reason", _("보완 요구 사유를 입력하세요."))
    with transaction.atomic():
        _transition(
            directive,
            allowed=[DirectiveStatus.COMPLETED],
            status=DirectiveStatus.IN_PROGRESS,
            completed_at=None,
            completion_report="",
        )
        _log(directive, DirectiveUpdate.Kind.REOPEN, actor, reason)
        audit_record(action="directive.reopen", actor=actor, target=directive, data={"reason": reason})
        mail_on_commit(
            users=_assignees(directive),
            subject=_("[지시사항 보완 요구] %(title)s") % {"title": directive.title},
            text=_("%(who)s님이 보완을 요구했습니다.\n\n제목: %(title)s\n사유: %(reason)s\n보기: %(url)s\n")
            % {"who": actor.name, "title": directive.title, "reason": reason, "url": _directive_url(directive)},
        )
    return directive


def directive_cancel(*, directive: Directive, actor: User, reason: str) -> Directive:
    """The issuer (or an admin) withdraws an open directive."""
    rights = directive_rights(actor, directive)
    if not (rights.is_issuer or rights.is_admin):
        raise PermissionDenied(_("지시자나 기관 관리자만 지시를 취소할 수 있습니다."))
    if not rights.is_open:
        raise ValidationError(_("완료되었거나 이미 취소된 지시사항은 취소할 수 없습니다."), code="closed")
    reason = _required(reason, "reason", _("취소 사유를 입력하세요."))
    with transaction.atomic():
        _transition(directive, allowed=OPEN, status=DirectiveStatus.CANCELLED)
        _log(directive, DirectiveUpdate.Kind.CANCEL, actor, reason)
        audit_record(action="directive.cancel", actor=actor, target=directive, data={"reason": reason})
        mail_on_commit(
            users=_assignees(directive),
            subject=_("[지시사항 취소] %(title)s") % {"title": directive.title},
            text=_("%(who)s님이 지시를 취소했습니다.\n\n제목: %(title)s\n사유: %(reason)s\n")
            % {"who": actor.name, "title": directive.title, "reason": reason},
        )
    return directive


def directive_comment(*, directive: Directive, actor: User, body: str) -> DirectiveUpdate:
    """의견: the issuer, assignees, heads of the tree and admins may comment, at any status."""
    rights = directive_rights(actor, directive)
    if not rights.may_comment:
        raise PermissionDenied(_("지시자, 이행 담당자, 부서장만 의견을 남길 수 있습니다."))
    body = _required(body, "body", _("의견을 입력하세요."))
    return _log(directive, DirectiveUpdate.Kind.COMMENT, actor, body)
