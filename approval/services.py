"""Everything that changes a document: drafting, 상신, the approvers' actions, 회수, 재기안,
comments, edits as versions, 후결 and 공람.

Every action runs in one transaction that first locks the document row (`_lock`). All of a
document's steps change only under that lock, so two people acting at once on the same document
are serialised: the second one re-reads the state the first one left and is refused in Korean if
it moved on ("이미 처리된 단계입니다" …) — two approvers clicking at once cannot both win.
A caller that showed a particular step may pass it as `step`; if that step is no longer the one
the actor may decide, the action is refused rather than applied to another step.

Decisive actions are appended to the audit chain. Completion gives the registration number
(approval.numbering), files the document on its unit task's card (관련문서) and runs the kind's
callback, all in the completing transaction.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm, remove_perm

from approval import notify as notices
from approval.dispatch import document_dispatch
from approval.kinds import get_kind, run_callback
from approval.lines import ApprovalLine, approval_line_validate, is_delegated, line_from_json
from approval.models import (
    GENERAL_KIND,
    OPEN_STATUSES,
    ApprovalStep,
    Attachment,
    CarbonCopy,
    Circulation,
    DelegationRule,
    Document,
    DocumentComment,
    DocumentEvent,
    DocumentStatus,
    DocumentVersion,
    EventAction,
    Importance,
    Recipient,
    StepAction,
    StepKind,
    StepState,
)
from approval.numbering import registration_assign
from approval.permissions import READER_CODENAME, heads_over, may_act, proxied_approver_ids, read_grants
from approval.tasks import enqueue_render_pdf
from audit.services import audit_record
from core.money import MAX_AMOUNT
from core.sanitise import body_text, clean_body
from core.uploads import check_upload
from org.models import EmploymentStatus, User
from org.services import proxy_for
from tasks.models import Disclosure, RetentionPeriod, UnitTask
from tasks.selectors.cards import unit_tasks_for_filing
from tasks.services.cards import related_document_link

_DRAFT_FIELDS = {
    "title",
    "body",
    "unit_task",
    "retention_period",
    "disclosure",
    "disclosure_ground",
    "is_internal",
    "recipients",
    "decision_amount",
    "importance",
    "form_data",
    "line",
}


# --- helpers ------------------------------------------------------------------------------------


def _lock(document: Document | int) -> Document:
    pk = document.pk if isinstance(document, Document) else document
    # The lock every action takes first: it serialises all actions on one document (see module doc).
    return Document.objects.select_for_update(of=("self",)).select_related("department").get(pk=pk)


def _now(now: datetime | None) -> datetime:
    return now or timezone.now()


def _event(document: Document, action: str, actor, at: datetime, *, step=None, on_behalf_of=None, comment=""):
    return DocumentEvent.objects.create(
        document=document,
        step=step,
        action=action,
        actor=actor,
        on_behalf_of=on_behalf_of,
        version=document.version,
        comment=comment,
        occurred_at=at,
    )


def _audit(action: str, actor, document: Document, **data) -> None:
    audit_record(action=action, actor=actor, target=document, data={"round": document.round, **data})


def _status_error(document: Document) -> ValidationError:
    messages = {
        DocumentStatus.DRAFT: _("아직 상신하지 않은 문서입니다."),
        DocumentStatus.COMPLETED: _("이미 결재가 끝난 문서입니다."),
        DocumentStatus.REJECTED: _("반려된 문서입니다."),
        DocumentStatus.WITHDRAWN: _("회수된 문서입니다."),
        DocumentStatus.IN_PROGRESS: _("결재가 진행 중인 문서입니다."),
        DocumentStatus.ON_HOLD: _("보류 중인 문서입니다."),
    }
    return ValidationError(messages[document.status])


def _require_drafter(document: Document, actor) -> None:
    if document.drafter_id != actor.pk:
        raise PermissionDenied(_("기안자만 할 수 있습니다."))


def _position_name(user: User) -> str:
    return user.position.name if user.position_id else ""


def _actor_step(document: Document, actor, at: datetime, step: ApprovalStep | None = None):
    """The pending step `actor` may decide now, and the absent approver they stand in for (대결).

    The approver decides their own step; while they are absent (org Absence), their designated
    proxy decides it for them. Raises ValidationError when there is no such step, or when the
    step the caller showed is no longer it."""
    if document.status not in OPEN_STATUSES:
        raise _status_error(document)
    pending = list(
        ApprovalStep.objects.filter(document=document, state=StepState.PENDING)
        .select_related("approver")
        .order_by("order")
    )
    candidates = []
    for candidate in pending:
        if candidate.approver_id == actor.pk:
            candidates.append((candidate, None))
        else:
            proxy = proxy_for(candidate.approver, at)
            if proxy is not None and proxy.pk == actor.pk:
                candidates.append((candidate, candidate.approver))
    if step is not None:
        candidates = [(c, p) for c, p in candidates if c.pk == step.pk]
        if not candidates:
            raise ValidationError(_("문서의 결재 상태가 바뀌었습니다. 새로 고친 뒤 다시 처리하세요."))
    if not candidates:
        # Decided already: by the actor, or by the approver or proxy the actor raced with.
        if (
            ApprovalStep.objects.filter(document=document, state=StepState.DONE)
            .filter(Q(approver=actor) | Q(acted_by=actor) | Q(approver_id__in=proxied_approver_ids(actor, at)))
            .exists()
        ):
            raise ValidationError(_("이미 처리한 문서입니다."))
        raise ValidationError(_("지금은 결재할 차례가 아닙니다."))
    # Someone who is both an approver and a proxy in one parallel group decides their own step first.
    chosen, absent = min(candidates, key=lambda pair: (pair[1] is not None, pair[0].order))
    if document.status == DocumentStatus.ON_HOLD and document.held_step_id != chosen.pk:
        raise ValidationError(_("보류 중인 문서입니다. 보류한 결재자만 처리할 수 있습니다."))
    return chosen, absent


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


def _close(document: Document, status: str, at: datetime) -> None:
    """Leave the running states: nobody's turn any more."""
    ApprovalStep.objects.filter(document=document, state=StepState.PENDING).update(state=StepState.WAITING)
    document.status = status
    document.held_step = None
    document.closed_at = at


def _clean_recipients(recipients: list[dict] | None) -> list[dict]:
    cleaned = []
    for item in recipients or []:
        code = (item.get("institution_code") or "").strip()
        name = (item.get("name") or "").strip()
        if not code or not name:
            raise ValidationError({"recipients": _("수신자의 기관코드와 이름을 모두 입력하세요.")})
        cleaned.append(
            {"institution_code": code[:30], "name": name[:100], "via": (item.get("via") or "").strip()[:100]}
        )
    codes = [item["institution_code"] for item in cleaned]
    if len(set(codes)) != len(codes):
        raise ValidationError({"recipients": _("같은 수신자를 두 번 지정할 수 없습니다.")})
    return cleaned


def _set_recipients(document: Document, recipients: list[dict]) -> None:
    document.recipients.all().delete()
    Recipient.objects.bulk_create(
        Recipient(document=document, order=index, **item) for index, item in enumerate(recipients, start=1)
    )


def _check_unit_task(actor, unit_task: UnitTask | None) -> None:
    if unit_task is not None and not unit_tasks_for_filing(actor).filter(pk=unit_task.pk).exists():
        raise ValidationError({"unit_task": _("이 단위과제로는 문서를 생산할 수 없습니다.")})


def _check_values(values: dict) -> None:
    errors: dict[str, str] = {}
    amount = values.get("decision_amount")
    if amount is not None and (not isinstance(amount, int) or amount < 0):
        errors["decision_amount"] = _("결재 금액은 0원 이상의 정수(원)로 입력하세요.")
    elif amount is not None and amount > MAX_AMOUNT:
        errors["decision_amount"] = _("결재 금액이 너무 큽니다. 자릿수를 확인하세요.")
    if values.get("importance", Importance.NORMAL) not in Importance.values:
        errors["importance"] = _("중요도가 올바르지 않습니다.")
    retention = values.get("retention_period")
    if retention and retention not in RetentionPeriod.values:
        errors["retention_period"] = _("보존기간이 올바르지 않습니다.")
    if values.get("disclosure", Disclosure.PUBLIC) not in Disclosure.values:
        errors["disclosure"] = _("공개구분이 올바르지 않습니다.")
    if len(values.get("title") or "") > 300:
        errors["title"] = _("제목은 300자까지 쓸 수 있습니다.")
    if errors:
        raise ValidationError(errors)


# --- 기안 (drafting) ------------------------------------------------------------------------------


def document_draft(
    *,
    actor: User,
    title: str = "",
    body: str = "",
    unit_task: UnitTask | None = None,
    kind: str = GENERAL_KIND,
    subject=None,
    decision_amount: int | None = None,
    importance: str = Importance.NORMAL,
    form_data: dict | None = None,
    retention_period: str | None = None,
    disclosure: str | None = None,
    disclosure_ground: str = "",
    is_internal: bool = True,
    recipients: list[dict] | None = None,
    line: ApprovalLine | None = None,
) -> Document:
    """Start a draft in the drafter's department (the 처리과). Anything may still be missing: a
    draft is checked in full on 상신. The retention period and disclosure class default to the
    unit task's (its 기록관리기준표 entry)."""
    get_kind(kind)
    if actor.department_id is None:
        raise ValidationError(_("부서에 소속된 직원만 기안할 수 있습니다."))
    values = {
        "title": (title or "").strip(),
        "decision_amount": decision_amount,
        "importance": importance,
        "retention_period": retention_period,
        "disclosure": disclosure or Disclosure.PUBLIC,
    }
    _check_values(values)
    _check_unit_task(actor, unit_task)
    cleaned_recipients = _clean_recipients(recipients)
    with transaction.atomic():
        document = Document(
            title=values["title"],
            body=clean_body(body),
            kind=kind,
            form_data=form_data or {},
            decision_amount=decision_amount,
            importance=importance,
            drafter=actor,
            department_id=actor.department_id,
            is_internal=is_internal,
            unit_task=unit_task,
            retention_period=retention_period or (unit_task.retention_period if unit_task else ""),
            disclosure=disclosure or (unit_task.disclosure if unit_task else Disclosure.PUBLIC),
            disclosure_ground=(
                disclosure_ground or (unit_task.disclosure_ground if unit_task and not disclosure else "")
            ).replace(" ", ""),
            draft_line=line.to_json() if line else {},
        )
        if subject is not None:
            document.subject_type = ContentType.objects.get_for_model(subject)
            document.subject_id = str(subject.pk)
            # The partial UNIQUE constraint is the backstop; this gives the Korean message.
            if Document.objects.filter(
                subject_type=document.subject_type, subject_id=document.subject_id, status__in=_RUNNING
            ).exists():
                raise ValidationError(_("이 건은 이미 결재가 진행 중입니다."))
        document.save()
        _set_recipients(document, cleaned_recipients)
    return document


_RUNNING = (DocumentStatus.DRAFT, DocumentStatus.IN_PROGRESS, DocumentStatus.ON_HOLD)


def document_update_draft(*, document: Document, actor: User, **fields) -> Document:
    """Save what the drafter changed (autosave-friendly: only the given fields change). Refused
    once the document is submitted."""
    unknown = set(fields) - _DRAFT_FIELDS
    if unknown:
        raise TypeError(f"document_update_draft got unexpected fields {sorted(unknown)}")
    with transaction.atomic():
        document = _lock(document)
        _require_drafter(document, actor)
        if document.status != DocumentStatus.DRAFT:
            raise ValidationError(_("상신한 문서는 고칠 수 없습니다. 회수한 뒤 재기안하세요."))
        if "title" in fields:
            fields["title"] = (fields["title"] or "").strip()
        _check_values({"importance": document.importance, "disclosure": document.disclosure, **fields})
        if "unit_task" in fields:
            unit_task = fields["unit_task"]
            _check_unit_task(actor, unit_task)
            document.unit_task = unit_task
            if unit_task is not None and "retention_period" not in fields:
                document.retention_period = unit_task.retention_period
            if unit_task is not None and "disclosure" not in fields:
                document.disclosure = unit_task.disclosure
                document.disclosure_ground = unit_task.disclosure_ground
        if "recipients" in fields:
            _set_recipients(document, _clean_recipients(fields["recipients"]))
        if "line" in fields:
            document.draft_line = fields["line"].to_json() if fields["line"] else {}
        if "body" in fields:
            document.body = clean_body(fields["body"])
        for name in ("title", "retention_period", "disclosure", "is_internal", "decision_amount", "importance"):
            if name in fields:
                setattr(document, name, fields[name])
        if "disclosure_ground" in fields:
            document.disclosure_ground = (fields["disclosure_ground"] or "").replace(" ", "")
        if "form_data" in fields:
            document.form_data = fields["form_data"] or {}
        document.save()
    return document


def document_discard_draft(*, document: Document, actor: User) -> None:
    """Throw away a draft that was never submitted (a submitted document is kept for good)."""
    with transaction.atomic():
        document = _lock(document)
        _require_drafter(document, actor)
        if document.status != DocumentStatus.DRAFT or document.redraft_of_id is not None:
            raise ValidationError(_("상신한 적이 없는 새 기안만 삭제할 수 있습니다."))
        document.recipients.all().delete()
        document.attachments.all().delete()
        document.delete()


def document_attach(*, document: Document, actor: User, files: list[UploadedFile]) -> list[Attachment]:
    """붙임: add files to a draft. Each is checked (size, allowed format by extension and content)
    and stored under its SHA-256 in the institution's storage; the draft holds at most
    ATTACHMENT_MAX_FILES files. Attachments are part of what is submitted, so only drafts change."""
    checked, errors = [], []
    for upload in files:
        try:
            checked.append(check_upload(upload))
        except ValidationError as exc:
            errors.extend(exc.messages)
    if errors:
        raise ValidationError({"files": errors})
    with transaction.atomic():
        document = _lock(document)
        _require_drafter(document, actor)
        if document.status != DocumentStatus.DRAFT:
            raise ValidationError(_("상신한 문서의 붙임은 바꿀 수 없습니다. 회수한 뒤 재기안하세요."))
        existing = list(document.attachments.values_list("order", flat=True))
        if len(existing) + len(checked) > settings.ATTACHMENT_MAX_FILES:
            raise ValidationError(
                {"files": _("붙임은 %(n)d개까지 올릴 수 있습니다.") % {"n": settings.ATTACHMENT_MAX_FILES}}
            )
        created = []
        for order, upload in enumerate(checked, start=max(existing, default=0) + 1):
            attachment = Attachment(
                document=document,
                order=order,
                original_name=upload.original_name,
                content_type=upload.content_type,
                size=upload.size,
                sha256=upload.sha256,
                uploaded_by=actor,
            )
            attachment.file.save(upload.sha256, upload.file, save=False)
            attachment.save()
            created.append(attachment)
    return created


def document_detach(*, document: Document, actor: User, attachment: Attachment) -> None:
    """Remove a file from a draft (the stored file stays: a redraft's earlier round may share it)."""
    with transaction.atomic():
        document = _lock(document)
        _require_drafter(document, actor)
        if document.status != DocumentStatus.DRAFT:
            raise ValidationError(_("상신한 문서의 붙임은 바꿀 수 없습니다. 회수한 뒤 재기안하세요."))
        document.attachments.filter(pk=attachment.pk).delete()


def _check_filing(document: Document) -> None:
    errors: dict[str, str] = {}
    if not document.title:
        errors["title"] = _("제목을 입력하세요.")
    if not body_text(document.body):
        errors["body"] = _("본문을 입력하세요.")
    if document.unit_task_id is None:
        errors["unit_task"] = _("단위과제를 선택하세요. 단위과제 없이는 결재할 수 없습니다.")
    elif not document.unit_task.is_active:
        errors["unit_task"] = _("폐지된 단위과제에는 문서를 생산할 수 없습니다.")
    if not document.retention_period:
        errors["retention_period"] = _("보존기간을 선택하세요.")
    if document.disclosure != Disclosure.PUBLIC and not document.disclosure_ground:
        errors["disclosure_ground"] = _("부분공개·비공개 문서는 정보공개법 제9조제1항의 근거 호수를 적어야 합니다.")
    if document.disclosure == Disclosure.PUBLIC and document.disclosure_ground:
        errors["disclosure_ground"] = _("공개 문서에는 비공개 근거를 적지 않습니다.")
    elif document.disclosure_ground:
        try:
            Document._meta.get_field("disclosure_ground").run_validators(document.disclosure_ground)
        except ValidationError as exc:
            errors["disclosure_ground"] = exc.messages[0]
    if not document.is_internal and not document.recipients.exists():
        errors["recipients"] = _("수신자를 지정하거나 내부결재로 표시하세요.")
    if errors:
        raise ValidationError(errors)


# --- 상신 (submit) --------------------------------------------------------------------------------


def document_submit(
    *, document: Document, actor: User, line: ApprovalLine | None = None, now: datetime | None = None
) -> Document:
    """Submit a draft for approval along `line` (or the line saved with the draft): the filing
    data and the line are checked (the line against the delegation table), the line becomes the
    document's steps, the first group's steps become pending, and the submitted text is kept as
    the round's first version."""
    at = _now(now)
    with transaction.atomic():
        document = _lock(document)
        _require_drafter(document, actor)
        if document.status != DocumentStatus.DRAFT:
            raise ValidationError(_("이미 상신한 문서입니다."))
        _check_filing(document)
        _check_unit_task(actor, document.unit_task)
        if line is None:
            line = line_from_json(document.draft_line or {})
        rule = approval_line_validate(
            drafter=actor,
            kind=document.kind,
            line=line,
            amount=document.decision_amount,
            importance=document.importance,
        )
        people = User.objects.select_related("position", "department").in_bulk(
            [step.approver.pk for step in line.steps]
        )
        steps = []
        for order, (line_step, group) in enumerate(zip(line.steps, line.groups(), strict=True), start=1):
            approver = people[line_step.approver.pk]
            steps.append(
                ApprovalStep(
                    document=document,
                    order=order,
                    group=group,
                    kind=line_step.kind,
                    approver=approver,
                    approver_position=_position_name(approver),
                    approver_department=approver.department.name if approver.department_id else "",
                    state=StepState.PENDING if group == 1 else StepState.WAITING,
                    activated_at=at if group == 1 else None,
                )
            )
        ApprovalStep.objects.bulk_create(steps)
        CarbonCopy.objects.bulk_create(CarbonCopy(document=document, user=user) for user in line.cc)
        document.status = DocumentStatus.IN_PROGRESS
        document.submitted_at = at
        document.delegation_rule = rule
        document.draft_line = line.to_json()
        document.save()
        DocumentVersion.objects.create(
            document=document,
            version=document.version,
            title=document.title,
            body=document.body,
            edited_by=actor,
            edited_at=at,
            note=_("상신"),
        )
        _event(document, EventAction.SUBMIT, actor, at)
        _audit(
            "document.submit",
            actor,
            document,
            kind=document.kind,
            line=[[s.kind, s.approver.get_username()] for s in line.steps],
            cc=[user.get_username() for user in line.cc],
            rule=rule.pk if rule else None,
        )
        notices.notify_turn(document, actor, at)
    return document


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
    """Approve the step that is `actor`'s to decide: their own, or, while its approver is absent,
    the one they stand in for (대결; marked with the absent approver, who must confirm afterwards
    when the delegation table says so: 후결). When every step of the group has approved, the next
    group's turn comes; the final step completes the document: 전결 when decided below the
    institution head, registration number, 관련문서 on the unit task's card, the kind's
    on_approved callback — all in this transaction."""
    at = _now(now)
    with transaction.atomic():
        document = _lock(document)
        current, absent = _actor_step(document, actor, at, step)
        current.state = StepState.DONE
        current.action = StepAction.APPROVED
        current.acted_by = actor
        current.acted_by_position = _position_name(actor)
        current.acted_at = at
        current.comment = comment.strip()
        current.proxy_for = absent
        current.post_approval_required = bool(
            absent is not None and document.delegation_rule and document.delegation_rule.post_approval_required
        )
        is_final = current.kind == StepKind.APPROVAL
        if is_final:
            current.delegated = is_delegated(final_approver=current.approver, department=document.department)
        current.save()
        if document.status == DocumentStatus.ON_HOLD:
            document.status = DocumentStatus.IN_PROGRESS
            document.held_step = None
        _event(document, _step_event_action(current), actor, at, step=current, on_behalf_of=absent, comment=comment)
        _audit(
            "document.approve",
            actor,
            document,
            step=current.order,
            kind=current.kind,
            proxy_for=absent.get_username() if absent else None,
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
    _event(document, EventAction.COMPLETE, actor, at)
    _audit(
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
    run_callback(document, "approved")
    # 발송: one outbox message per recipient institution, "문서 발송" on the audit chain; each
    # delivery starts when the PDF is stored (approval.dispatch).
    document_dispatch(document, actor)
    enqueue_render_pdf(document.pk)  # the official PDF, on the pdf queue once this commits


# --- 반려, 보류, 회수 (reject, hold, withdraw) ---------------------------------------------------


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
    at = _now(now)
    with transaction.atomic():
        document = _lock(document)
        current, absent = _actor_step(document, actor, at, step)
        if to == REJECT_TO_PREVIOUS:
            previous_group = (
                ApprovalStep.objects.filter(document=document, group__lt=current.group)
                .order_by("-group")
                .values_list("group", flat=True)
                .first()
            )
            if previous_group is None:
                raise ValidationError({"to": _("앞 단계가 없습니다. 기안자에게 반려하세요.")})
            _event(document, EventAction.RETURN_STEP, actor, at, step=current, on_behalf_of=absent, comment=reason)
            for each in ApprovalStep.objects.filter(document=document, group__in=[current.group, previous_group]):
                _reset_step(each, StepState.PENDING if each.group == previous_group else StepState.WAITING, at)
                if each.group != previous_group:
                    each.activated_at = None
                each.save()
            document.status = DocumentStatus.IN_PROGRESS
            document.held_step = None
            document.save()
            _audit(
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
        current.acted_by_position = _position_name(actor)
        current.acted_at = at
        current.comment = reason
        current.proxy_for = absent
        current.save()
        _close(document, DocumentStatus.REJECTED, at)
        document.save()
        _event(document, EventAction.REJECT, actor, at, step=current, on_behalf_of=absent, comment=reason)
        _audit(
            "document.reject",
            actor,
            document,
            step=current.order,
            to=REJECT_TO_DRAFTER,
            proxy_for=absent.get_username() if absent else None,
            reason=reason,
        )
        run_callback(document, "rejected")
        notices.notify_returned(document, actor, reason, at)
    return document


def document_hold(
    *, document: Document, actor: User, reason: str = "", step: ApprovalStep | None = None, now=None
) -> Document:
    """보류: the approver whose turn it is parks the document without deciding. Only they (or
    their proxy) can move it on: resume, approve or reject."""
    at = _now(now)
    with transaction.atomic():
        document = _lock(document)
        if document.status == DocumentStatus.ON_HOLD:
            raise ValidationError(_("이미 보류 중인 문서입니다."))
        current, absent = _actor_step(document, actor, at, step)
        document.status = DocumentStatus.ON_HOLD
        document.held_step = current
        document.save()
        _event(document, EventAction.HOLD, actor, at, step=current, on_behalf_of=absent, comment=reason.strip())
        _audit("document.hold", actor, document, step=current.order, reason=reason.strip())
        notices.notify_held(document, actor, reason.strip(), at)
    return document


def document_resume(*, document: Document, actor: User, now=None) -> Document:
    """Take a held document back into the line (보류 해제)."""
    at = _now(now)
    with transaction.atomic():
        document = _lock(document)
        if document.status != DocumentStatus.ON_HOLD:
            raise ValidationError(_("보류 중인 문서가 아닙니다."))
        current, absent = _actor_step(document, actor, at)
        document.status = DocumentStatus.IN_PROGRESS
        document.held_step = None
        document.save()
        _event(document, EventAction.RESUME, actor, at, step=current, on_behalf_of=absent)
        _audit("document.resume", actor, document, step=current.order)
        notices.notify_resumed(document, actor, at)
    return document


def document_withdraw(*, document: Document, actor: User, reason: str = "", now=None) -> Document:
    """회수: the drafter pulls a submitted document back before anyone on the line has decided
    (approved, concurred or reviewed) in the current line. The document is kept as withdrawn;
    the drafter redrafts it to go on. The kind's on_withdrawn runs."""
    at = _now(now)
    with transaction.atomic():
        document = _lock(document)
        _require_drafter(document, actor)
        if document.status not in OPEN_STATUSES:
            raise _status_error(document)
        if ApprovalStep.objects.filter(document=document, state=StepState.DONE).exists():
            raise ValidationError(_("결재선에서 이미 처리한 사람이 있어 회수할 수 없습니다."))
        waiting = notices.waiting_people(document, at)
        _close(document, DocumentStatus.WITHDRAWN, at)
        document.save()
        _event(document, EventAction.WITHDRAW, actor, at, comment=reason.strip())
        _audit("document.withdraw", actor, document, reason=reason.strip())
        run_callback(document, "withdrawn")
        notices.notify_withdrawn(document, actor, waiting, reason.strip(), at)
    return document


# --- 재기안 (redraft) ------------------------------------------------------------------------------


def document_redraft(*, document: Document, actor: User, now=None) -> Document:
    """Start the next round from a returned or withdrawn document: a new draft linked to it
    (`redraft_of`), with its text, filing data, recipients, attachments and line copied. The old
    round stays as it was, with its history."""
    at = _now(now)
    with transaction.atomic():
        document = _lock(document)
        _require_drafter(document, actor)
        if document.status not in (DocumentStatus.REJECTED, DocumentStatus.WITHDRAWN):
            raise ValidationError(_("반려되거나 회수된 문서만 재기안할 수 있습니다."))
        if Document.objects.filter(redraft_of=document).exists():
            raise ValidationError(_("이미 재기안한 문서입니다."))
        if (
            document.subject_id
            and Document.objects.filter(
                subject_type_id=document.subject_type_id, subject_id=document.subject_id, status__in=_RUNNING
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
        _set_recipients(
            new,
            list(document.recipients.order_by("order").values("institution_code", "name", "via")),
        )
        for attachment in document.attachments.order_by("order"):
            attachment.pk = None
            attachment.document = new
            attachment.save()
        _event(document, EventAction.REDRAFT, actor, at)
        _audit("document.redraft", actor, document, redraft=new.pk)
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
    at = _now(now)
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("제목을 입력하세요.")})
    _check_values({"title": title})
    body = clean_body(body)
    if not body_text(body):
        raise ValidationError({"body": _("본문을 입력하세요.")})
    with transaction.atomic():
        document = _lock(document)
        current, absent = _actor_step(document, actor, at, step)
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
            note=note.strip()[:300],
        )
        _event(document, EventAction.EDIT, actor, at, step=current, on_behalf_of=absent, comment=note.strip())
        _audit("document.edit", actor, document, step=current.order, version=document.version)
    return version


def document_comment(*, document: Document, actor: User, body: str, now=None) -> DocumentComment:
    """의견: the drafter or anyone on the line (or standing in for someone on it) remarks on the
    document; the comment is attached to the actor's step when they have one."""
    at = _now(now)
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("의견을 입력하세요.")})
    with transaction.atomic():
        document = _lock(document)
        if document.status == DocumentStatus.DRAFT:
            raise _status_error(document)
        if not may_act(actor, document, now=at):
            raise PermissionDenied(_("기안자와 결재선에 있는 사람만 의견을 남길 수 있습니다."))
        own_step = (
            ApprovalStep.objects.filter(document=document)
            .filter(
                Q(approver=actor)
                | Q(acted_by=actor)
                | Q(state=StepState.PENDING, approver_id__in=proxied_approver_ids(actor, at))
            )
            .order_by("order")
            .first()
        )
        comment = DocumentComment.objects.create(
            document=document, step=own_step, author=actor, body=body, created_at=at
        )
        _event(document, EventAction.COMMENT, actor, at, step=own_step, comment=body)
    return comment


def document_post_approve(*, document: Document, actor: User, step: ApprovalStep, now=None) -> ApprovalStep:
    """후결: the approver who was absent confirms the decision their proxy took for them."""
    at = _now(now)
    with transaction.atomic():
        document = _lock(document)
        step = ApprovalStep.objects.select_for_update().get(pk=step.pk, document=document)
        if step.proxy_for_id != actor.pk:
            raise PermissionDenied(_("대결된 본인만 후결할 수 있습니다."))
        if not step.post_approval_required:
            raise ValidationError(_("후결이 필요하지 않은 결재입니다."))
        if step.post_approved_at is not None:
            raise ValidationError(_("이미 후결한 문서입니다."))
        step.post_approved_at = at
        step.save(update_fields=["post_approved_at"])
        _event(document, EventAction.POST_APPROVE, actor, at, step=step)
        _audit("document.post_approve", actor, document, step=step.order, proxy=step.acted_by.get_username())
    return step


def document_circulate(*, document: Document, actor: User, users: list[User], now=None) -> list[Circulation]:
    """공람: circulate a completed document to named colleagues; each reading is recorded
    (circulation_mark_read). The drafter, anyone on the line and the heads over the handling
    department may circulate."""
    at = _now(now)
    with transaction.atomic():
        document = _lock(document)
        if document.status != DocumentStatus.COMPLETED:
            raise ValidationError(_("결재가 끝난 문서만 공람할 수 있습니다."))
        if not (may_act(actor, document, now=at) or heads_over(actor, document)):
            raise PermissionDenied(_("기안자, 결재선에 있는 사람, 처리과의 부서장만 공람을 지정할 수 있습니다."))
        inactive = [u.name for u in users if not u.is_active or u.employment_status != EmploymentStatus.ACTIVE]
        if inactive:
            raise ValidationError(
                {"users": _("재직 중이 아닌 직원에게는 공람할 수 없습니다: %(names)s") % {"names": ", ".join(inactive)}}
            )
        existing = set(Circulation.objects.filter(document=document).values_list("user_id", flat=True))
        created = Circulation.objects.bulk_create(
            Circulation(document=document, user=user, circulated_by=actor, circulated_at=at)
            for user in dict.fromkeys(users)
            if user.pk not in existing
        )
        if created:
            _event(document, EventAction.CIRCULATE, actor, at)
            _audit("document.circulate", actor, document, users=[c.user.get_username() for c in created])
            notices.notify_circulated(document, actor, [c.user for c in created], at)
    return created


def circulation_mark_read(*, document: Document, user: User, now=None) -> bool:
    """Record that `user` read a document circulated or copied to them (the first reading only).
    Returns whether a reading was recorded now. A compare-and-set: two tabs record one reading."""
    at = _now(now)
    circulated = Circulation.objects.filter(document=document, user=user, read_at__isnull=True).update(read_at=at)
    copied = CarbonCopy.objects.filter(document=document, user=user, read_at__isnull=True).update(read_at=at)
    return bool(circulated or copied)


# --- 열람 권한 부여 (letting a named colleague read one document) -----------------------------------


def _require_granter(document: Document, actor: User) -> None:
    if document.status == DocumentStatus.DRAFT:
        raise ValidationError(_("작성 중인 문서는 열람 권한을 줄 수 없습니다."))
    if not (document.drafter_id == actor.pk or heads_over(actor, document)):
        raise PermissionDenied(_("기안자와 처리과의 부서장만 열람 권한을 주거나 거둘 수 있습니다."))


def document_grant_read(*, document: Document, actor: User, user: User) -> None:
    """Let `user` read this document although they are not party to it (a colleague who takes the
    matter over, an auditor of another unit …): a django-guardian object permission, audited."""
    with transaction.atomic():
        document = _lock(document)
        _require_granter(document, actor)
        if not user.is_active or user.employment_status != EmploymentStatus.ACTIVE:
            raise ValidationError({"user": _("재직 중인 직원에게만 열람 권한을 줄 수 있습니다.")})
        if user.pk == document.drafter_id or read_grants(document.pk, user.pk).exists():
            raise ValidationError({"user": _("%(name)s 님은 이미 이 문서를 볼 수 있습니다.") % {"name": user.name}})
        assign_perm(READER_CODENAME, user, document)
        _audit("document.grant_read", actor, document, user=user.get_username())


def document_revoke_read(*, document: Document, actor: User, user: User) -> None:
    """Take back a read grant (what the person saw meanwhile stays in the audit log)."""
    with transaction.atomic():
        document = _lock(document)
        _require_granter(document, actor)
        if not read_grants(document.pk, user.pk).exists():
            raise ValidationError({"user": _("%(name)s 님에게 준 열람 권한이 없습니다.") % {"name": user.name}})
        remove_perm(READER_CODENAME, user, document)
        _audit("document.revoke_read", actor, document, user=user.get_username())


# --- 위임전결 규정 (the delegation table, kept by institution admins) -------------------------------


# An open upper bound, as an integer beyond any BigIntegerField amount (money stays integer won).
_NO_UPPER_BOUND = 2**63


def _band(rule: DelegationRule) -> tuple[int, int]:
    return (rule.min_amount or 0, rule.max_amount if rule.max_amount is not None else _NO_UPPER_BOUND)


def delegation_rule_check(rule: DelegationRule) -> None:
    """Raise ValidationError (by field, Korean) unless the row can join the table: a sane band,
    and no other active row of the same kind and importance whose band overlaps it (the bounded
    bands of one kind partition the amounts; one open row may stand behind them as the default)."""
    errors: dict[str, str] = {}
    if not (rule.label or "").strip():
        errors["label"] = _("전결 사항을 입력하세요.")
    if rule.min_amount is not None and rule.min_amount < 0:
        errors["min_amount"] = _("금액은 0원 이상이어야 합니다.")
    if rule.min_amount is not None and rule.max_amount is not None and rule.max_amount <= rule.min_amount:
        errors["max_amount"] = _("금액 상한은 하한보다 커야 합니다.")
    if errors:
        raise ValidationError(errors)
    if not rule.is_active:
        return
    bounded = rule.min_amount is not None or rule.max_amount is not None
    low, high = _band(rule)
    others = (
        DelegationRule.objects.filter(kind=rule.kind, importance=rule.importance, is_active=True)
        .exclude(pk=rule.pk)
        .order_by(F("min_amount").asc(nulls_first=True), "pk")
    )
    for other in others:
        other_bounded = other.min_amount is not None or other.max_amount is not None
        if bounded != other_bounded:
            continue
        other_low, other_high = _band(other)
        if low < other_high and other_low < high:
            raise ValidationError(
                {"min_amount": _("금액 구간이 「%(label)s」 규정과 겹칩니다.") % {"label": other.label}}
            )


def delegation_rule_save(*, rule: DelegationRule, actor: User) -> DelegationRule:
    """Add or change a row of the delegation table (or deactivate it: rows are never deleted,
    because decided documents point at the row they were decided under)."""
    with transaction.atomic():
        # Two admins saving overlapping rows at once: serialise writers of the same kind's table.
        list(DelegationRule.objects.select_for_update().filter(kind=rule.kind).order_by("pk").values_list("pk"))
        delegation_rule_check(rule)
        is_new = rule.pk is None
        rule.save()
        audit_record(
            action="delegation_rule.save",
            actor=actor,
            target=rule,
            data={
                "created": is_new,
                "kind": rule.kind,
                "label": rule.label,
                "min_amount": rule.min_amount,
                "max_amount": rule.max_amount,
                "importance": rule.importance,
                "deciding_position": rule.deciding_position.name,
                "post_approval_required": rule.post_approval_required,
                "is_active": rule.is_active,
            },
        )
    return rule
