"""The approvers' side of a document, and the drafter's answers to it: 결재/검토/협조 (approve),
반려 (to the drafter or one step back), 보류 and its release, 회수, 재기안, an approver's edit as a
new version, 의견, and 후결 after a 대결.

Every action first locks the document row (`lock_document`), so two people acting at once on
one document are serialised: the second re-reads the state the first left and is refused in
Korean if it moved on — two approvers clicking at once cannot both win. Who may decide which
step is approval.turn's one rule; a caller that showed a particular step passes it as `step`,
and if that step is no longer the actor's to decide the action is refused rather than applied
to another step. Completion gives the registration number (approval.numbering), files the
document on its unit task's card (관련문서), runs the kind's `on_approved` and starts 발송, all in
the completing transaction.
"""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from approval import notify as notices
from approval.dispatch import document_dispatch
from approval.lines import is_delegated
from approval.models import (
    OPEN_STATUSES,
    ApprovalStep,
    Document,
    DocumentComment,
    DocumentStatus,
    DocumentVersion,
    EventAction,
    StepAction,
    StepKind,
    StepState,
)
from approval.numbering import registration_assign
from approval.permissions import may_act
from approval.services.callbacks import run_callback
from approval.services.common import (
    RUNNING,
    audit_document,
    check_values,
    lock_document,
    moment,
    position_name,
    record_event,
    require_drafter,
    set_recipients,
    status_error,
)
from approval.signals import document_completed
from approval.tasks import enqueue_render_pdf
from approval.turn import Turn, standing_in_now, turn_for
from core.sanitise import body_text, clean_body
from org.models import User
from tasks.services.cards import related_document_link


def _turn(document: Document, actor, at: datetime, step: ApprovalStep | None = None) -> Turn:
    """The step `actor` decides now and whom they stand in for (approval.turn), or a Korean
    ValidationError saying why they may not."""
    if document.status not in OPEN_STATUSES:
        raise status_error(document)
    turn = turn_for(document, actor, at, shown_step_id=step.pk if step is not None else None)
    if turn.step is None:
        raise ValidationError(turn.message)
    return turn


def _close(document: Document, status: str, at: datetime) -> None:
    """Leave the running states: nobody's turn any more."""
    ApprovalStep.objects.filter(document=document, state=StepState.PENDING).update(state=StepState.WAITING)
    document.status = status
    document.held_step = None
    document.closed_at = at


def _reset_step(step: ApprovalStep, state: str, at: datetime | None) -> None:
    step.state = state
    step.action = StepAction.NONE
    step.acted_by = None
    step.acted_by_position = ""
    step.acted_at = None
    step.comment = ""
    step.proxy_for = None
    step.delegated = False
    step.post_approval_required = False
    step.post_approved_at = None
    step.activated_at = at


# --- 결재 (approve) -------------------------------------------------------------------------------


def _step_event_action(step: ApprovalStep) -> str:
    return {
        StepKind.REVIEW: EventAction.REVIEW,
        StepKind.CONCURRENCE: EventAction.CONCUR,
        StepKind.APPROVAL: EventAction.APPROVE,
    }[step.kind]


def document_approve(
    *,
    document: Document,
    actor: User,
    comment: str = "",
    step: ApprovalStep | None = None,
    now: datetime | None = None,
) -> Document:
    """Approve the step that is `actor`'s to decide (approval.turn): their own, or, while its
    approver is absent, the one they stand in for (대결; marked with the absent approver, who must
    confirm afterwards when the delegation table says so, and always when a head up the chain
    stood in because the designated proxy was the drafter or requester: 후결). When every step of
    the group has approved, the next group's turn comes; the final step completes the document:
    전결 when decided below the institution head, registration number, 관련문서 on the unit task's
    card, the kind's on_approved callback — all in this transaction."""
    at = moment(now)
    with transaction.atomic():
        document = lock_document(document)
        turn = _turn(document, actor, at, step)
        current, absent = turn.step, turn.absent
        current.state = StepState.DONE
        current.action = StepAction.APPROVED
        current.acted_by = actor
        current.acted_by_position = position_name(actor)
        current.acted_at = at
        current.comment = comment.strip()
        current.proxy_for = absent
        current.post_approval_required = absent is not None and (
            turn.forces_post_approval
            or bool(document.delegation_rule and document.delegation_rule.post_approval_required)
        )
        is_final = current.kind == StepKind.APPROVAL
        if is_final:
            current.delegated = is_delegated(final_approver=current.approver, department=document.department)
        current.save()
        if document.status == DocumentStatus.ON_HOLD:
            document.status = DocumentStatus.IN_PROGRESS
            document.held_step = None
        record_event(
            document, _step_event_action(current), actor, at, step=current, on_behalf_of=absent, comment=comment
        )
        audit_document(
            "document.approve",
            actor,
            document,
            step=current.order,
            kind=current.kind,
            proxy_for=absent.get_username() if absent else None,
            fallback=turn.forces_post_approval,
            delegated=current.delegated,
            version=document.version,
        )
        if current.post_approval_required:
            notices.notify_post_approval(document, current, actor, at)
        if is_final:
            _complete(document, actor, at)
            notices.notify_completed(document, actor, at)
        else:
            _advance(document, current.group, at)
            document.save()
            notices.notify_turn(document, actor, at)
    return document


def _advance(document: Document, group: int, at: datetime) -> None:
    """Open the next group when every step of `group` has approved."""
    if ApprovalStep.objects.filter(document=document, group=group).exclude(state=StepState.DONE).exists():
        return
    next_group = (
        ApprovalStep.objects.filter(document=document, group__gt=group)
        .order_by("group")
        .values_list("group", flat=True)
    ).first()
    ApprovalStep.objects.filter(document=document, group=next_group).update(state=StepState.PENDING, activated_at=at)


def _complete(document: Document, actor: User, at: datetime) -> None:
    registration_assign(document, at=at)
    document.status = DocumentStatus.COMPLETED
    document.closed_at = at
    document.held_step = None
    document.save()
    record_event(document, EventAction.COMPLETE, actor, at)
    audit_document(
        "document.complete",
        actor,
        document,
        registration_number=document.registration_number,
        registration_year=document.registration_year,
        version=document.version,
    )
    related_document_link(
        unit_task=document.unit_task,
        source="approval",
        source_id=document.pk,
        title=document.title,
        reference=document.registration_display,
        produced_on=timezone.localtime(at).date(),
    )
    run_callback(document, "approved", actor=actor, at=at)
    # Records (기록물 등록) and whoever else follows completions, in this transaction.
    document_completed.send(sender=Document, document=document, actor=actor, at=at)
    # 발송: one outbox message per recipient institution, "문서 발송" on the audit chain; each
    # delivery starts when the PDF is stored (approval.dispatch).
    document_dispatch(document, actor)
    enqueue_render_pdf(document.pk)  # the official PDF, on the pdf queue once this commits


# --- 반려, 보류, 회수 (reject, hold, withdraw) ---------------------------------------------------


EDIT_NOTE_LIMIT = 300  # DocumentVersion.note: said at the field, never cut
REJECT_TO_DRAFTER = "drafter"
REJECT_TO_PREVIOUS = "previous"


def document_reject(
    *,
    document: Document,
    actor: User,
    reason: str,
    to: str = REJECT_TO_DRAFTER,
    step: ApprovalStep | None = None,
    now: datetime | None = None,
) -> Document:
    """반려 with a reason: back to the drafter (the document is closed as returned; the drafter
    may redraft it, and the kind's on_rejected runs), or one step back (전단계 반려: the previous
    group decides again; the decisions it made stay in the document's history)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("반려 사유를 입력하세요.")})
    if to not in (REJECT_TO_DRAFTER, REJECT_TO_PREVIOUS):
        raise ValidationError({"to": _("반려할 곳이 올바르지 않습니다.")})
    at = moment(now)
    with transaction.atomic():
        document = lock_document(document)
        turn = _turn(document, actor, at, step)
        current, absent = turn.step, turn.absent
        if to == REJECT_TO_PREVIOUS:
            previous_group = (
                ApprovalStep.objects.filter(document=document, group__lt=current.group)
                .order_by("-group")
                .values_list("group", flat=True)
                .first()
            )
            if previous_group is None:
                raise ValidationError({"to": _("앞 단계가 없습니다. 기안자에게 반려하세요.")})
            record_event(
                document, EventAction.RETURN_STEP, actor, at, step=current, on_behalf_of=absent, comment=reason
            )
            for each in ApprovalStep.objects.filter(document=document, group__in=[current.group, previous_group]):
                _reset_step(each, StepState.PENDING if each.group == previous_group else StepState.WAITING, at)
                if each.group != previous_group:
                    each.activated_at = None
                each.save()
            document.status = DocumentStatus.IN_PROGRESS
            document.held_step = None
            document.save()
            audit_document(
                "document.reject",
                actor,
                document,
                step=current.order,
                to=REJECT_TO_PREVIOUS,
                proxy_for=absent.get_username() if absent else None,
                reason=reason,
            )
            notices.notify_returned_step(document, actor, reason, at)
            return document
        current.state = StepState.DONE
        current.action = StepAction.REJECTED
        current.acted_by = actor
        current.acted_by_position = position_name(actor)
        current.acted_at = at
        current.comment = reason
        current.proxy_for = absent
        current.save()
        _close(document, DocumentStatus.REJECTED, at)
        document.save()
        record_event(document, EventAction.REJECT, actor, at, step=current, on_behalf_of=absent, comment=reason)
        audit_document(
            "document.reject",
            actor,
            document,
            step=current.order,
            to=REJECT_TO_DRAFTER,
            proxy_for=absent.get_username() if absent else None,
            reason=reason,
        )
        run_callback(document, "rejected", actor=actor, at=at, reason=reason)
        notices.notify_returned(document, actor, reason, at)
    return document


def document_hold(
    *, document: Document, actor: User, reason: str = "", step: ApprovalStep | None = None, now=None
) -> Document:
    """보류: the approver whose turn it is parks the document without deciding. Only they (or
    their proxy) can move it on: resume, approve or reject."""
    at = moment(now)
    with transaction.atomic():
        document = lock_document(document)
        if document.status == DocumentStatus.ON_HOLD:
            raise ValidationError(_("이미 보류 중인 문서입니다."))
        turn = _turn(document, actor, at, step)
        current, absent = turn.step, turn.absent
        document.status = DocumentStatus.ON_HOLD
        document.held_step = current
        document.save()
        record_event(document, EventAction.HOLD, actor, at, step=current, on_behalf_of=absent, comment=reason.strip())
        audit_document("document.hold", actor, document, step=current.order, reason=reason.strip())
        notices.notify_held(document, actor, reason.strip(), at)
    return document


def document_resume(*, document: Document, actor: User, now=None) -> Document:
    """Take a held document back into the line (보류 해제)."""
    at = moment(now)
    with transaction.atomic():
        document = lock_document(document)
        if document.status != DocumentStatus.ON_HOLD:
            raise ValidationError(_("보류 중인 문서가 아닙니다."))
        turn = _turn(document, actor, at)
        current, absent = turn.step, turn.absent
        document.status = DocumentStatus.IN_PROGRESS
        document.held_step = None
        document.save()
        record_event(document, EventAction.RESUME, actor, at, step=current, on_behalf_of=absent)
        audit_document("document.resume", actor, document, step=current.order)
        notices.notify_resumed(document, actor, at)
    return document


def document_withdraw(*, document: Document, actor: User, reason: str = "", now=None) -> Document:
    """회수: the drafter pulls a submitted document back before anyone on the line has decided
    (approved, concurred or reviewed) in the current line. The document is kept as withdrawn;
    the drafter redrafts it to go on. The kind's on_withdrawn runs."""
    at = moment(now)
    with transaction.atomic():
        document = lock_document(document)
        require_drafter(document, actor)
        if document.status not in OPEN_STATUSES:
            raise status_error(document)
        if ApprovalStep.objects.filter(document=document, state=StepState.DONE).exists():
            raise ValidationError(_("결재선에서 이미 처리한 사람이 있어 회수할 수 없습니다."))
        waiting = notices.waiting_people(document, at)
        _close(document, DocumentStatus.WITHDRAWN, at)
        document.save()
        record_event(document, EventAction.WITHDRAW, actor, at, comment=reason.strip())
        audit_document("document.withdraw", actor, document, reason=reason.strip())
        run_callback(document, "withdrawn", actor=actor, at=at, reason=reason.strip())
        notices.notify_withdrawn(document, actor, waiting, reason.strip(), at)
    return document


# --- 재기안 (redraft) ------------------------------------------------------------------------------


def document_redraft(*, document: Document, actor: User, now=None) -> Document:
    """Start the next round from a returned or withdrawn document: a new draft linked to it
    (`redraft_of`), with its text, filing data, recipients, attachments and line copied. The old
    round stays as it was, with its history."""
    at = moment(now)
    with transaction.atomic():
        document = lock_document(document)
        require_drafter(document, actor)
        if document.status not in (DocumentStatus.REJECTED, DocumentStatus.WITHDRAWN):
            raise ValidationError(_("반려되거나 회수된 문서만 재기안할 수 있습니다."))
        if Document.objects.filter(redraft_of=document).exists():
            raise ValidationError(_("이미 재기안한 문서입니다."))
        if (
            document.subject_id
            and Document.objects.filter(
                subject_type_id=document.subject_type_id, subject_id=document.subject_id, status__in=RUNNING
            ).exists()
        ):
            raise ValidationError(_("이 건은 이미 결재가 진행 중입니다."))
        new = Document.objects.create(
            title=document.title,
            body=document.body,
            kind=document.kind,
            form_data=document.form_data,
            decision_amount=document.decision_amount,
            importance=document.importance,
            subject_type_id=document.subject_type_id,
            subject_id=document.subject_id,
            requester_id=document.requester_id,
            drafter=actor,
            department=document.department,
            is_internal=document.is_internal,
            unit_task=document.unit_task,
            retention_period=document.retention_period,
            disclosure=document.disclosure,
            disclosure_ground=document.disclosure_ground,
            round=document.round + 1,
            redraft_of=document,
            draft_line=document.draft_line,
        )
        set_recipients(
            new,
            list(document.recipients.order_by("order").values("institution_code", "name", "via")),
        )
        for attachment in document.attachments.order_by("order"):
            attachment.pk = None
            attachment.document = new
            attachment.save()
        record_event(document, EventAction.REDRAFT, actor, at)
        audit_document("document.redraft", actor, document, redraft=new.pk)
    return new


# --- 수정, 의견, 후결, 공람 ------------------------------------------------------------------------


def document_edit(
    *,
    document: Document,
    actor: User,
    title: str,
    body: str,
    note: str = "",
    step: ApprovalStep | None = None,
    now=None,
) -> DocumentVersion:
    """An approver whose turn it is changes the text while deciding. The change is a new version
    (the earlier ones stay: the 보고경로 is a record) and the document shows the new text."""
    at = moment(now)
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("제목을 입력하세요.")})
    check_values({"title": title})
    body = clean_body(body)
    if not body_text(body):
        raise ValidationError({"body": _("본문을 입력하세요.")})
    note = (note or "").strip()
    if len(note) > EDIT_NOTE_LIMIT:
        too_long = _("%(limit)d자까지 쓸 수 있습니다(지금 %(n)d자). 줄여 주세요.")
        raise ValidationError({"note": too_long % {"limit": EDIT_NOTE_LIMIT, "n": len(note)}})
    with transaction.atomic():
        document = lock_document(document)
        turn = _turn(document, actor, at, step)
        current, absent = turn.step, turn.absent
        if title == document.title and body == document.body:
            raise ValidationError(_("바뀐 내용이 없습니다."))
        document.version += 1
        document.title = title
        document.body = body
        document.save()
        version = DocumentVersion.objects.create(
            document=document,
            version=document.version,
            title=title,
            body=body,
            step=current,
            edited_by=actor,
            edited_at=at,
            note=note,
        )
        record_event(document, EventAction.EDIT, actor, at, step=current, on_behalf_of=absent, comment=note)
        audit_document("document.edit", actor, document, step=current.order, version=document.version)
    return version


def document_comment(*, document: Document, actor: User, body: str, now=None) -> DocumentComment:
    """의견: the drafter or anyone on the line (or standing in for someone on it) remarks on the
    document; the comment is attached to the actor's step when they have one."""
    at = moment(now)
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("의견을 입력하세요.")})
    with transaction.atomic():
        document = lock_document(document)
        if document.status == DocumentStatus.DRAFT:
            raise status_error(document)
        if document.disposed_at is not None:
            raise ValidationError(_("기록물 폐기 절차에 따라 폐기된 문서에는 의견을 남길 수 없습니다."))
        steps = list(ApprovalStep.objects.filter(document=document).select_related("approver").order_by("order"))
        if not may_act(actor, document, now=at, steps=steps):
            raise PermissionDenied(_("기안자와 결재선에 있는 사람만 의견을 남길 수 있습니다."))
        own = [step for step in steps if actor.pk in (step.approver_id, step.acted_by_id)]
        own += standing_in_now(document, actor, at, steps=steps)
        own_step = min(own, key=lambda step: step.order, default=None)
        comment = DocumentComment.objects.create(
            document=document, step=own_step, author=actor, body=body, created_at=at
        )
        record_event(document, EventAction.COMMENT, actor, at, step=own_step, comment=body)
    return comment


def document_post_approve(*, document: Document, actor: User, step: ApprovalStep, now=None) -> ApprovalStep:
    """후결: the approver who was absent confirms the decision their proxy took for them."""
    at = moment(now)
    with transaction.atomic():
        document = lock_document(document)
        step = ApprovalStep.objects.select_for_update().get(pk=step.pk, document=document)
        if step.proxy_for_id != actor.pk:
            raise PermissionDenied(_("대결된 본인만 후결할 수 있습니다."))
        if not step.post_approval_required:
            raise ValidationError(_("후결이 필요하지 않은 결재입니다."))
        if step.post_approved_at is not None:
            raise ValidationError(_("이미 후결한 문서입니다."))
        step.post_approved_at = at
        step.save(update_fields=["post_approved_at"])
        record_event(document, EventAction.POST_APPROVE, actor, at, step=step)
        audit_document("document.post_approve", actor, document, step=step.order, proxy=step.acted_by.get_username())
    return step
