"""Writing a planned e-approval history (approval.demo.history) in a few statements per table, in
the order the services would have written each row: documents get the ids one insert at a time
would have given them, registration counters end where the numbering left them, the audit
entries join the chain in the order of the actions, and the documents sent out are handed to
the exchange (approval.dispatch) at their place in that order. The official PDFs are rendered
afterwards by the worker, from the backlog queue.

Rows the services write for other apps in the deciding transaction are written here the same
way: notifications (notifications.services.notify's rules: never to the actor, once per person,
only to people still at work; kept, not mailed) and the unit task's 관련문서 (what
tasks.services.cards.related_document_link writes)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from approval.demo.history import Dispatch, History, Upload
from approval.dispatch import document_dispatch
from approval.models import (
    ApprovalStep,
    Attachment,
    CarbonCopy,
    Circulation,
    Document,
    DocumentComment,
    DocumentEvent,
    DocumentStatus,
    DocumentVersion,
    Recipient,
    RegistrationCounter,
)
from approval.tasks import enqueue_render_pdf, pdf_renders_in_backlog
from audit.services import AuditEntry, audit_record_many
from core.bulk import reserve_ids, update_columns
from notifications.models import Notification
from tasks.models import RelatedDocument

# Notifications older than this were read by the time of seeding, two hours after they came.
READ_AFTER = timedelta(days=3)
READ_WITHIN = timedelta(hours=2)


def write(history: History, *, now: datetime) -> dict[str, int]:
    docs = history.docs
    for doc, pk in zip(docs, reserve_ids(Document, len(docs)), strict=True):
        doc.row.pk = pk
    # A held document names its step, which has no id yet: it goes in as running and is put on
    # hold once the steps are in (a CHECK ties 보류 to the step).
    held = [(doc.row, doc.row.held_step) for doc in docs if doc.row.held_step is not None]
    for row, _step in held:
        row.status, row.held_step = DocumentStatus.IN_PROGRESS, None
    Document.objects.bulk_create([doc.row for doc in docs], batch_size=500)
    ApprovalStep.objects.bulk_create(history.steps, batch_size=1000)
    for row, step in held:
        row.status, row.held_step = DocumentStatus.ON_HOLD, step
    update_columns(Document, [row for row, _step in held], ["status", "held_step"])
    for doc in docs:
        # The moments Django stamps on insert, put back to when the history says.
        doc.row.created_at = doc.drafted_at
        doc.row.updated_at = doc.row.closed_at or doc.row.submitted_at or doc.drafted_at
    update_columns(Document, [doc.row for doc in docs], ["created_at", "updated_at"])

    Recipient.objects.bulk_create([r for doc in docs for r in doc.recipients])
    CarbonCopy.objects.bulk_create([c for doc in docs for c in doc.carbon_copies])
    DocumentVersion.objects.bulk_create(history.versions, batch_size=500)
    DocumentEvent.objects.bulk_create(history.events, batch_size=1000)
    DocumentComment.objects.bulk_create(history.comments)
    Circulation.objects.bulk_create([c for doc in docs for c in doc.circulations])
    _attachments(history)
    RegistrationCounter.objects.bulk_create(
        RegistrationCounter(department_id=department_id, year=year, last=last)
        for (department_id, year), last in sorted(history.counters.items())
    )
    RelatedDocument.objects.bulk_create(
        RelatedDocument(
            unit_task=doc.row.unit_task,
            source=RelatedDocument.Source.APPROVAL,
            source_id=str(doc.row.pk),
            title=doc.row.title[:300],
            reference=doc.row.registration_display[:100],
            produced_on=timezone.localtime(at).date(),
        )
        for doc, _actor, at in history.completed
    )
    notifications = _notifications(history, now)
    _audit(history)
    with pdf_renders_in_backlog():
        for doc, _actor, _at in history.completed:
            enqueue_render_pdf(doc.row.pk)
    return {"documents": len(docs), "notifications": notifications}


def _attachments(history: History) -> None:
    """Files stored as document_attach stores them (under their checksum in the institution's
    storage); a redraft's copy shares its earlier round's stored file."""
    for attachment, source in history.uploads:
        if isinstance(source, Upload):
            attachment.file.save(attachment.sha256, ContentFile(source.content), save=False)
        else:
            attachment.file = source.file.name
    Attachment.objects.bulk_create([attachment for attachment, _source in history.uploads])


def _notifications(history: History, now: datetime) -> int:
    rows = []
    for notice in history.notices:
        people = {}
        for user in notice.recipients:
            if user is None or user.pk == notice.actor.pk or not user.is_active:
                continue
            people.setdefault(user.pk, user)
        url = reverse("approval:detail", args=[notice.doc.row.pk])
        read_at = notice.at + READ_WITHIN if notice.at < now - READ_AFTER else None
        rows.extend(
            Notification(
                recipient=user,
                category=notice.category,
                title=notice.title[:300],
                body=notice.body[:300],
                url=url[:300],
                actor=notice.actor,
                created_at=notice.at,
                read_at=read_at,
            )
            for user in people.values()
        )
    Notification.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def _audit(history: History) -> None:
    pending: list[AuditEntry] = []
    for item in history.audit:
        if isinstance(item, Dispatch):
            audit_record_many(pending)  # the document.send entry comes right after its completion
            pending = []
            document_dispatch(item.doc.row, item.actor)
            continue
        data = dict(item.data)
        if item.redraft is not None:
            data["redraft"] = item.redraft.row.pk
        pending.append(AuditEntry(action=item.action, actor=item.actor, target=item.doc.row, data=data))
    audit_record_many(pending)
