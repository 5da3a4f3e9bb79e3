"""Drafting (기안) and 상신: a draft is written (autosaved field by field), files are attached and
detached, an untouched new draft may be thrown away, and the drafter submits it along a line
that is checked against the delegation table (위임전결) before it becomes the document's steps."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from approval import notify as notices
from approval.kinds import get_kind
from approval.lines import ApprovalLine, approval_line_validate, line_from_json
from approval.models import (
    GENERAL_KIND,
    ApprovalStep,
    Attachment,
    CarbonCopy,
    Document,
    DocumentStatus,
    DocumentVersion,
    EventAction,
    Importance,
    StepState,
)
from approval.services.common import (
    RUNNING,
    audit_document,
    check_unit_task,
    check_values,
    clean_recipients,
    lock_document,
    moment,
    position_name,
    record_event,
    require_drafter,
    set_recipients,
)
from core.sanitise import body_text, clean_body
from core.uploads import check_upload
from org.models import User
from tasks.models import Disclosure, UnitTask

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
    unit task's (its 기록관리기준표 entry). A subject's requester, when its kind names one
    (approval.kinds), is kept with the document: they never decide a step of it."""
    approval_kind = get_kind(kind)
    if actor.department_id is None:
        raise ValidationError(_("부서에 소속된 직원만 기안할 수 있습니다."))
    values = {
        "title": (title or "").strip(),
        "decision_amount": decision_amount,
        "importance": importance,
        "retention_period": retention_period,
        "disclosure": disclosure or Disclosure.PUBLIC,
    }
    check_values(values)
    check_unit_task(actor, unit_task)
    cleaned_recipients = clean_recipients(recipients)
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
            document.requester = approval_kind.requester_of(subject)
            # The partial UNIQUE constraint is the backstop; this gives the Korean message.
            if Document.objects.filter(
                subject_type=document.subject_type, subject_id=document.subject_id, status__in=RUNNING
            ).exists():
                raise ValidationError(_("이 건은 이미 결재가 진행 중입니다."))
        document.save()
        set_recipients(document, cleaned_recipients)
    return document


def document_update_draft(*, document: Document, actor: User, **fields) -> Document:
    """Save what the drafter changed (autosave-friendly: only the given fields change). Refused
    once the document is submitted."""
    unknown = set(fields) - _DRAFT_FIELDS
    if unknown:
        raise TypeError(f"document_update_draft got unexpected fields {sorted(unknown)}")
    with transaction.atomic():
        document = lock_document(document)
        require_drafter(document, actor)
        if document.status != DocumentStatus.DRAFT:
            raise ValidationError(_("상신한 문서는 고칠 수 없습니다. 회수한 뒤 재기안하세요."))
        if "title" in fields:
            fields["title"] = (fields["title"] or "").strip()
        check_values({"importance": document.importance, "disclosure": document.disclosure, **fields})
        if "unit_task" in fields:
            unit_task = fields["unit_task"]
            check_unit_task(actor, unit_task)
            document.unit_task = unit_task
            if unit_task is not None and "retention_period" not in fields:
                document.retention_period = unit_task.retention_period
            if unit_task is not None and "disclosure" not in fields:
                document.disclosure = unit_task.disclosure
                document.disclosure_ground = unit_task.disclosure_ground
        if "recipients" in fields:
            set_recipients(document, clean_recipients(fields["recipients"]))
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
        document = lock_document(document)
        require_drafter(document, actor)
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
        document = lock_document(document)
        require_drafter(document, actor)
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
        document = lock_document(document)
        require_drafter(document, actor)
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
    at = moment(now)
    with transaction.atomic():
        document = lock_document(document)
        require_drafter(document, actor)
        if document.status != DocumentStatus.DRAFT:
            raise ValidationError(_("이미 상신한 문서입니다."))
        _check_filing(document)
        check_unit_task(actor, document.unit_task)
        if line is None:
            line = line_from_json(document.draft_line or {})
        rule = approval_line_validate(
            drafter=actor,
            requester=document.requester,
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
                    approver_position=position_name(approver),
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
        record_event(document, EventAction.SUBMIT, actor, at)
        audit_document(
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
