"""Drafts started and then left empty (기안 시작, then nothing written): found and thrown away by a
nightly job, so the 임시저장함 does not fill with "(제목 없음)" drafts nobody will finish.

Why a clean-up rather than creating the draft on the first edit: the editor, its autosave, the line
editor and the attachments all work on a stored draft from the first moment (the suggested line
is stored with it), and they keep working when the network drops; a draft that exists only in
the browser until its first save would make each of them a special case.

A draft is abandoned when it holds nothing the drafter wrote — no title, no body text, no unit
task, no amount, no recipient, no attachment — it is a first draft of its own (not a 재기안, not
another app's subject such as a leave request) and nobody has saved it for a day. Its line is
not counted as written: a new draft is given the suggested line, and a line worth keeping is
kept as a 저장한 결재선.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet

from approval.models import Attachment, Document, DocumentStatus, Recipient
from approval.services import document_discard_draft

ABANDONED_AFTER = timedelta(days=1)
# A body the editor stored with no text in it: nothing, or empty paragraphs and line breaks.
_EMPTY_BODY = r"^(\s|&nbsp;|<p>|</p>|<br>|<br/>|<br />)*$"


def abandoned_drafts(*, now: datetime) -> QuerySet[Document]:
    """Drafts of this institution with nothing written in them, unsaved for ABANDONED_AFTER."""
    return (
        Document.objects.filter(
            status=DocumentStatus.DRAFT,
            redraft_of__isnull=True,
            subject_type__isnull=True,
            title="",
            unit_task__isnull=True,
            decision_amount__isnull=True,
            updated_at__lt=now - ABANDONED_AFTER,
        )
        .filter(Q(body="") | Q(body__regex=_EMPTY_BODY))
        .exclude(Exists(Attachment.objects.filter(document=OuterRef("pk"))))
        .exclude(Exists(Recipient.objects.filter(document=OuterRef("pk"))))
    )


def abandoned_draft_discard(*, document_id: int, now: datetime) -> bool:
    """Throw the draft away if it is still abandoned, as its drafter would (document_discard_draft).
    Returns whether it was. The row is locked with the test, so a drafter who starts writing in it
    at this moment either saves first (and it is kept) or finds it gone."""
    with transaction.atomic():
        document = abandoned_drafts(now=now).select_for_update(of=("self",)).filter(pk=document_id).first()
        if document is None:
            return False
        document_discard_draft(document=document, actor=document.drafter)
    return True
