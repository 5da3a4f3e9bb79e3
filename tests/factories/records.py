"""Completed documents (registered as records through approval's signal) for the records tests.
Call inside an institution's schema with an `org_chart()`."""

from __future__ import annotations

from datetime import datetime

from approval.models import Document
from approval.services import document_approve
from records.models import Record
from tests.factories.approval import Org, submitted


def completed(org: Org, *, now: datetime | None = None, **fields) -> Document:
    """A document drafted by org.drafter, approved by 팀장 then 부서장 (전결): completed."""
    document = submitted(org, now=now, **fields)
    document_approve(document=document, actor=org.lead, now=now)
    return document_approve(document=document, actor=org.manager, now=now)


def record_of(document: Document) -> Record:
    return Record.objects.select_related("record_file").get(source="produced", source_id=document.pk)
