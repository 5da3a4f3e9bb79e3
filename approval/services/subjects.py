"""What client apps call to have a subject decided (approval.kinds is their manual): submitting
it (상신) and submitting the next round of a returned or withdrawn one (재기안). The line is chosen
in one place, `_line_for`, for both."""

from __future__ import annotations

from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext as _

from approval.kinds import ApprovalKind, get_kind
from approval.lines import ApprovalLine, approval_line_suggest
from approval.models import Document
from approval.services.deciding import document_redraft
from approval.services.drafting import document_attach, document_draft, document_submit, document_update_draft
from org.models import User
from tasks.models import UnitTask


def _kind_for(name: str, subject: Model) -> ApprovalKind:
    approval_kind = get_kind(name)
    model = approval_kind.model()
    if model is None or not isinstance(subject, model):
        raise ImproperlyConfigured(
            f"approval kind {name!r} decides about {approval_kind.subject_model}, not {subject!r}"
        )
    return approval_kind


def _line_for(approval_kind: ApprovalKind, document: Document, actor: User, line: ApprovalLine | None) -> ApprovalLine:
    """The line a subject's round goes up: the one given, else the kind's default_line, else the
    suggestion from the drafter's department chain and the delegation table."""
    if line is not None:
        return line
    if approval_kind.default_line is not None:
        return approval_kind.default_line(actor, document.decision_amount, document.importance)
    return approval_line_suggest(
        actor,
        approval_kind.name,
        amount=document.decision_amount,
        importance=document.importance,
        requester=document.requester,
    )


def approval_submit_subject(
    *,
    kind: str,
    subject: Model,
    actor: User,
    title: str,
    body: str,
    unit_task: UnitTask | None,
    line: ApprovalLine | None = None,
    decision_amount: int | None = None,
    importance: str | None = None,
    form_data: dict | None = None,
    retention_period: str | None = None,
    disclosure: str | None = None,
    disclosure_ground: str = "",
    is_internal: bool = True,
    recipients: list[dict] | None = None,
    now: datetime | None = None,
    files: list[UploadedFile] | None = None,
) -> Document:
    """Draft and submit (상신) a document deciding about `subject`, in one transaction, with
    `files` as its 붙임 (checked as document_attach checks them: a 병가's 진단서).

    Raises ValidationError (Korean) when the filing data or the line is not acceptable, or when
    the subject already has a running document."""
    approval_kind = _kind_for(kind, subject)
    with transaction.atomic():
        document = document_draft(
            actor=actor,
            title=title,
            body=body,
            unit_task=unit_task,
            kind=kind,
            subject=subject,
            decision_amount=decision_amount,
            importance=importance or approval_kind.default_importance,
            form_data=form_data,
            retention_period=retention_period,
            disclosure=disclosure,
            disclosure_ground=disclosure_ground,
            is_internal=is_internal,
            recipients=recipients,
        )
        if files:
            document_attach(document=document, actor=actor, files=files)
        return document_submit(
            document=document, actor=actor, line=_line_for(approval_kind, document, actor, line), now=now
        )


def approval_resubmit_subject(
    *,
    subject: Model,
    actor: User,
    title: str,
    body: str,
    unit_task: UnitTask | None,
    line: ApprovalLine | None = None,
    decision_amount: int | None = None,
    form_data: dict | None = None,
    now: datetime | None = None,
) -> Document:
    """The next round (재기안) of `subject`'s latest document, which must have been returned (반려)
    or withdrawn (회수): a new document linked to it, with this text and filing (the amount and the
    form's data stay as they were when not given), submitted along the line chosen as for the
    first round — the earlier round's line is not reused, because the amount may have changed who
    decides. Only the drafter of that round may. Returns the new round's document."""
    subject_type = ContentType.objects.get_for_model(subject)
    with transaction.atomic():
        latest = (
            Document.objects.filter(subject_type=subject_type, subject_id=str(subject.pk))
            .order_by("-round", "-pk")
            .first()
        )
        if latest is None:
            raise ValidationError(_("결재를 올린 적이 없는 건입니다."))
        approval_kind = _kind_for(latest.kind, subject)
        draft = document_redraft(document=latest, actor=actor, now=now)
        changes: dict = {"title": title, "body": body, "unit_task": unit_task}
        if decision_amount is not None:
            changes["decision_amount"] = decision_amount
        if form_data is not None:
            changes["form_data"] = form_data
        draft = document_update_draft(document=draft, actor=actor, **changes)
        return document_submit(document=draft, actor=actor, line=_line_for(approval_kind, draft, actor, line), now=now)
