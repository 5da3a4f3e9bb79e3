"""기록물 폐기 of an e-approval document (records.disposal calls this once the 기록물평가심의회's
decision is approved): the record is destroyed, its 등록정보 kept (공공기록물법 제27조).

The text of the document, of every version and of every 의견 (the comment rows and the comment
events that repeat their words) is cleared, the 붙임 and the official PDF rows are deleted, and
`disposed_at` marks the document; the number, title, dates, the line and the decision path
(보고경로, with who remarked when) stay. The stored files are not touched here: their paths are returned so the caller
overwrites and removes them after its transaction commits. A file another document still points
at (붙임 are stored under their checksum, so two documents may share one) is not returned."""

from __future__ import annotations

from datetime import datetime

from approval.models import Attachment, DocumentComment, DocumentEvent, DocumentPdf, DocumentVersion, EventAction
from approval.selectors import stored_paths_in_use
from approval.services.common import audit_document, lock_document, record_event
from org.models import User


def document_dispose(*, document_id: int, actor: User, at: datetime, reason: str = "") -> list[str]:
    """Destroy the document's content in the caller's transaction; returns the storage paths of
    the removed files (to destroy after the commit). A document already disposed returns []."""
    document = lock_document(document_id)
    if document.disposed_at is not None:
        return []
    attachments = list(Attachment.objects.filter(document=document))
    pdf = DocumentPdf.objects.filter(document=document).first()
    paths = [a.file.name for a in attachments if a.file.name]
    if pdf is not None and pdf.file.name:
        paths.append(pdf.file.name)
    # The database keeps a registered document's text unless this one change: disposed, text empty
    # (approval migration 0007); the PDF row may go only once the document is marked disposed.
    document.body = ""
    document.disposed_at = at
    document.save(update_fields=["body", "disposed_at", "updated_at"])
    DocumentVersion.objects.filter(document=document).update(body="")
    # 의견 are the document's content too: who remarked and when stay (the decision path), the
    # words go, from the comment rows and from the events that repeat them.
    DocumentComment.objects.filter(document=document).update(body="")
    DocumentEvent.objects.filter(document=document, action=EventAction.COMMENT).update(comment="")
    Attachment.objects.filter(pk__in=[a.pk for a in attachments]).delete()
    if pdf is not None:
        DocumentPdf.objects.filter(pk=pdf.pk).delete()
    shared = stored_paths_in_use(paths)
    removed = sorted({p for p in paths if p not in shared})
    record_event(document, EventAction.DISPOSE, actor, at, comment=reason[:500])
    audit_document(
        "document.dispose",
        actor,
        document,
        number=document.registration_number,
        attachments=len(attachments),
        pdf=pdf is not None,
    )
    return removed
