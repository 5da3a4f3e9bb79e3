"""이관 (처리과 → 기록관): the 처리과 lists its closed files for transfer; the 기록관 accepts them
only after every component's SHA-256 has been verified against what was registered (the body as
registered and every stored file); accepted files are held by the 기록관 (FileStatus.ARCHIVED)
and nobody in the 처리과 can move or change them any more."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from org.models import Department, User
from records.models import FileStatus, Record, RecordFile, Transfer, TransferStatus
from records.permissions import is_records_manager, may_handle
from records.registration import sha256_text

CHUNK = 1 << 20


def file_sha256(path: str) -> str | None:
    """The SHA-256 of a stored file (None when storage no longer has it)."""
    if not path or not default_storage.exists(path):
        return None
    digest = hashlib.sha256()
    with default_storage.open(path, "rb") as handle:
        for block in iter(lambda: handle.read(CHUNK), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass(frozen=True)
class Mismatch:
    record_id: int
    registration_number: str
    component: str
    reason: str


def verify_record(record: Record) -> tuple[int, list[Mismatch]]:
    """(components checked, mismatches) of one record: its body as registered and each stored file."""
    checked, bad = 0, []
    if record.body_sha256:
        checked += 1
        if sha256_text(record.body) != record.body_sha256:
            bad.append(Mismatch(record.pk, record.registration_number, "본문", "체크섬 불일치"))
    for component in record.components or []:
        checked += 1
        actual = file_sha256(component.get("path", ""))
        if actual is None:
            bad.append(Mismatch(record.pk, record.registration_number, component.get("name", ""), "파일 없음"))
        elif actual != component.get("sha256"):
            bad.append(Mismatch(record.pk, record.registration_number, component.get("name", ""), "체크섬 불일치"))
    return checked, bad


def verify_records(records: Iterable[Record]) -> tuple[int, list[Mismatch]]:
    checked, bad = 0, []
    for record in records:
        n, found = verify_record(record)
        checked += n
        bad += found
    return checked, bad


def transfer_request(
    *, actor: User, department: Department, files: list[RecordFile], now: datetime | None = None
) -> Transfer:
    """인계: list closed files of the department for transfer to the 기록관."""
    now = now or timezone.now()
    if not may_handle(actor, department):
        raise PermissionDenied(_("이 부서의 기록물을 이관할 권한이 없습니다."))
    if not files:
        raise ValidationError({"record_files": _("이관할 기록물철을 선택하세요.")})
    with transaction.atomic():
        locked = list(
            RecordFile.objects.select_for_update(of=("self",))
            .select_related("department", "unit_task")
            .filter(pk__in=sorted(f.pk for f in files))
            .order_by("pk")
        )
        for record_file in locked:
            if record_file.department_id != department.pk:
                raise ValidationError({"record_files": _("다른 부서의 기록물철은 이관 목록에 넣을 수 없습니다.")})
            if record_file.status != FileStatus.CLOSED:
                raise ValidationError(
                    {
                        "record_files": _("정리가 끝난(이관 전) 기록물철만 이관할 수 있습니다: %(n)s")
                        % {"n": record_file.number}
                    }
                )
        transfer = Transfer.objects.create(department=department, requested_by=actor, requested_at=now)
        for record_file in locked:
            record_file.status = FileStatus.TRANSFERRING
            record_file.transfer = transfer
        RecordFile.objects.bulk_update(locked, ["status", "transfer"])
        audit_record(
            action="record_transfer.request",
            actor=actor,
            target=transfer,
            data={"department": department.code, "files": [f.number for f in locked]},
        )
    return transfer


def transfer_accept(*, actor: User, transfer: Transfer, now: datetime | None = None) -> Transfer:
    """인수 by the 기록관: every component of every record verified; any mismatch refuses the whole
    transfer (listed in the error), nothing changed."""
    now = now or timezone.now()
    if not is_records_manager(actor):
        raise PermissionDenied(_("기록물관리전문요원만 이관을 인수할 수 있습니다."))
    with transaction.atomic():
        transfer = Transfer.objects.select_for_update().get(pk=transfer.pk)
        if transfer.status != TransferStatus.REQUESTED:
            raise ValidationError(_("이미 인수한 이관입니다."))
        files = list(RecordFile.objects.select_for_update().filter(transfer=transfer).order_by("pk"))
        checked, bad = verify_records(Record.objects.filter(record_file__in=files).order_by("pk"))
        if bad:
            listed = ", ".join(f"{m.registration_number} {m.component}({m.reason})" for m in bad[:10])
            raise ValidationError(
                _("체크섬 검증에 실패한 구성파일이 %(n)d건 있어 인수할 수 없습니다: %(listed)s")
                % {"n": len(bad), "listed": listed}
            )
        for record_file in files:
            record_file.status = FileStatus.ARCHIVED
        RecordFile.objects.bulk_update(files, ["status"])
        transfer.status = TransferStatus.ACCEPTED
        transfer.accepted_by = actor
        transfer.accepted_at = now
        transfer.checked_components = checked
        transfer.save(update_fields=["status", "accepted_by", "accepted_at", "checked_components"])
        audit_record(
            action="record_transfer.accept",
            actor=actor,
            target=transfer,
            data={"files": len(files), "checked_components": checked},
        )
        _notify_accepted(transfer, actor, now)
    return transfer


def _notify_accepted(transfer: Transfer, actor: User, now: datetime) -> None:
    from django.urls import reverse

    from notifications.services import notify

    notify(
        recipients=[transfer.requested_by],
        category="records_transfer",
        title=_("기록물 이관이 인수되었습니다 (%(department)s)") % {"department": transfer.department.name},
        url=reverse("records:transfer", args=[transfer.pk]),
        actor=actor,
        now=now,
    )


def transferable_files(department: Any) -> Any:
    return RecordFile.objects.filter(department=department, status=FileStatus.CLOSED).select_related(
        "department", "unit_task"
    )
