"""열람 기록: every opening of a 비공개 record's content is logged for the 기록관, in the same
transaction as the audit entry that says so."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from audit.services import audit_record
from org.models import User
from records.models import ReadingLog, Record


def record_open_content(*, record: Record, user: User, ip_address: str | None = None) -> bool:
    """Log the opening when the record is 비공개; returns whether it was logged."""
    if not record.is_private:
        return False
    with transaction.atomic():
        ReadingLog.objects.create(record=record, user=user, read_at=timezone.now(), ip_address=ip_address or None)
        audit_record(
            action="record.read_private",
            actor=user,
            target=record,
            data={"number": record.registration_number},
            ip_address=ip_address or None,
        )
    return True
