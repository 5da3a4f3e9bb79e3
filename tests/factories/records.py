"""Completed documents (registered as records through approval's signal) for the records tests.
Call inside an institution's schema with an `org_chart()`."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from approval.models import Document
from approval.services import document_approve
from org.models import User
from records.models import Disposal, Record
from tests.factories.approval import Org, submitted


def completed(org: Org, *, now: datetime | None = None, **fields) -> Document:
    """A document drafted by org.drafter, approved by 팀장 then 부서장 (전결): completed."""
    document = submitted(org, now=now, **fields)
    document_approve(document=document, actor=org.lead, now=now)
    return document_approve(document=document, actor=org.manager, now=now)


def record_of(document: Document) -> Record:
    return Record.objects.select_related("record_file").get(source="produced", source_id=document.pk)


def sign_all(
    archivist: User,
    disposal: Disposal,
    *,
    now: datetime | None = None,
    dissent: dict[int, dict[int, str]] | None = None,
) -> None:
    """Every 심의회 member signs every file of the review: 동의, except the {member: {item pk: reason}}
    given in `dissent`."""
    from records.disposal import Vote, disposal_sign

    dissent = dissent or {}
    disposal.refresh_from_db()
    day = timezone.localdate(now) if now else timezone.localdate()
    for member in range(len(disposal.committee)):
        votes = {
            item.pk: Vote(
                agrees=item.pk not in dissent.get(member, {}), reason=dissent.get(member, {}).get(item.pk, "")
            )
            for item in disposal.items.all()
        }
        disposal_sign(actor=archivist, disposal=disposal, member=member, votes=votes, signed_on=day, now=now)
