"""Everything that changes a received document: its arrival (from the exchange's delivery job),
접수 (registration with a receipt number), 배부 (distribution to a department), 처리담당자 지정,
공람 and 처리 완료.

Each action runs in one transaction that first locks the received document's row, so two people
acting at once are serialised: the second re-reads the state the first left and is refused in
Korean if it moved on. Decisive actions go to the audit chain; arrival is "문서 수신".
"""

from __future__ import annotations

import logging
from datetime import datetime

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from audit.services import audit_record
from core.sanitise import clean_body
from core.serials import next_yearly_serial
from org.models import Department, EmploymentStatus, User
from receipts.models import (
    ReceiptAction,
    ReceiptCirculation,
    ReceiptCounter,
    ReceiptEvent,
    ReceiptStatus,
    ReceivedAttachment,
    ReceivedDocument,
)
from receipts.permissions import REGISTER_PERM, heads_department, is_registrar
from receipts.selectors import waiting_count_changed
from receipts.signals import receipt_registered
from receipts.tasks import enqueue_stamp_pdf

logger = logging.getLogger(__name__)


def _lock(received: ReceivedDocument) -> ReceivedDocument:
    # The lock every action takes first: two people registering (or assigning) one document at
    # once are serialised, and the second sees the first's result.
    return (
        ReceivedDocument.objects.select_for_update(of=("self",))
        .select_related("department", "registered_department")
        .get(pk=received.pk)
    )


def _lock_live(received: ReceivedDocument) -> ReceivedDocument:
    """The lock of every action on a document still held: a disposed one (기록물 폐기) is refused."""
    received = _lock(received)
    if received.disposed_at is not None:
        raise ValidationError(_("기록물 폐기 절차에 따라 폐기된 문서입니다. 등록 정보만 남아 있습니다."))
    return received


def _event(received: ReceivedDocument, action: str, actor, at: datetime, note: str = "") -> None:
    ReceiptEvent.objects.create(received=received, action=action, actor=actor, note=note[:300], occurred_at=at)


def _audit(action: str, actor, received: ReceivedDocument, **data) -> None:
    audit_record(action=action, actor=actor, target=received, data={"message": str(received.message_id), **data})


def _notify(users, *, category: str, title: str, received: ReceivedDocument, actor=None) -> None:
    """In-app notification (and e-mail after commit) through the notifications app, inside the
    acting transaction so a rolled-back action notifies nobody. Looked up at run time: receipts
    works the same in a deployment without the notifications app."""
    from django.apps import apps
    from django.urls import reverse

    if not apps.is_installed("notifications") or not users:
        return
    from notifications.services import notify

    notify(
        recipients=users,
        category=category,
        title=title,
        body=_("%(sender)s · %(number)s")
        % {"sender": received.sender_name, "number": received.sender_registration_number},
        url=reverse("receipts:detail", args=[received.pk]),
        actor=actor,
    )


# --- arrival (from the exchange) --------------------------------------------------------------


def receipt_receive(
    *, message_id, sender_code: str, sender_name: str, payload: dict, pdf, attachments: list, now: datetime
) -> tuple[ReceivedDocument, bool]:
    """Create the received document of one exchange message in the current schema, with copies of
    its PDF and attachments (`exchange.files.CarriedFile`). Idempotent: a message already received
    returns its document and creates nothing (the UNIQUE message id is the backstop)."""
    existing = ReceivedDocument.objects.filter(message_id=message_id).first()
    if existing is not None:
        return existing, False
    registered_at = parse_datetime(payload.get("registered_at") or "")
    received = ReceivedDocument(
        message_id=message_id,
        sender_code=sender_code[:30],
        sender_name=sender_name[:100],
        sender_title=(payload.get("sender_title") or "")[:150],
        sender_department=(payload.get("department") or "")[:100],
        sender_registration_number=(payload.get("registration_number") or "")[:60],
        sender_registered_at=registered_at,
        addressed_to=(payload.get("recipient_name") or "")[:100],
        title=(payload.get("title") or "")[:300],
        body=clean_body(payload.get("body") or ""),
        disclosure=(payload.get("disclosure") or "")[:100],
        received_at=now,
        pdf_sha256=pdf.sha256,
        pdf_size=pdf.size,
    )
    stored: list[str] = []
    try:
        received.pdf.save(_pdf_name(received), ContentFile(pdf.content), save=False)
        stored.append(received.pdf.name)
        with transaction.atomic():
            received.save()
            for order, carried in enumerate(attachments, start=1):
                attachment = ReceivedAttachment(
                    received=received,
                    order=order,
                    original_name=carried.name[:255],
                    content_type=carried.content_type[:100],
                    size=carried.size,
                    sha256=carried.sha256,
                )
                attachment.file.save(carried.name, ContentFile(carried.content), save=False)
                stored.append(attachment.file.name)
                attachment.save()
            _event(received, ReceiptAction.ARRIVE, None, now, note=sender_name)
            audit_record(
                action="receipt.arrive",
                actor_label=sender_name,
                target=received,
                data={
                    "message": str(message_id),
                    "sender": sender_code,
                    "registration_number": received.sender_registration_number,
                    "pdf_sha256": pdf.sha256,
                    "attachments": [c.sha256 for c in attachments],
                },
            )
    except IntegrityError:
        # Lost a race with another delivery of the same message (the caller's lock normally
        # prevents it): the other one's document stands, our copies go.
        _delete_files(received, stored)
        return ReceivedDocument.objects.get(message_id=message_id), False
    except Exception:
        _delete_files(received, stored)
        raise
    waiting_count_changed()
    _notify(
        list(_registrars()),
        category="receipt",
        title=_("접수할 문서가 도착했습니다: %(title)s") % {"title": received.title},
        received=received,
    )
    return received, True


def _pdf_name(received: ReceivedDocument) -> str:
    number = received.sender_registration_number or "document"
    return f"{number}.pdf".replace("/", "-")


def _delete_files(received: ReceivedDocument, names: list[str]) -> None:
    for name in names:
        received.pdf.storage.delete(name)


def _registrars():
    """Everyone `is_registrar` says yes to (a role's grant, a personal grant, a superuser)."""
    return ModelBackend().with_perm(REGISTER_PERM)


# --- 접수 (registration) ----------------------------------------------------------------------


def next_receipt_serial(*, department_id: int, year: int) -> int:
    """Take the next receipt serial of a department's year, inside the registering transaction."""
    return next_yearly_serial(ReceiptCounter, department_id=department_id, year=year)


def _require_registrar(actor) -> None:
    if not is_registrar(actor):
        raise PermissionDenied(_("문서 접수·배부 권한이 없습니다."))


def _active_department(department: Department | None, field: str) -> Department:
    if department is None or not department.is_active:
        raise ValidationError({field: _("사용 중인 부서를 선택하세요.")})
    return department


def receipt_register(
    *, actor: User, received: ReceivedDocument, department: Department | None = None, now: datetime | None = None
) -> ReceivedDocument:
    """접수: give the waiting document the receipt number of `department` (by default the
    registrar's own department, the 문서과) for the calendar year."""
    _require_registrar(actor)
    now = now or timezone.now()
    department = _active_department(department or actor.department, "department")
    with transaction.atomic():
        received = _lock_live(received)
        if received.status != ReceiptStatus.WAITING:
            raise ValidationError(_("이미 접수된 문서입니다."))
        year = timezone.localtime(now).year
        serial = next_receipt_serial(department_id=department.pk, year=year)
        received.status = ReceiptStatus.REGISTERED
        received.registered_department = department
        received.registration_year = year
        received.registration_serial = serial
        received.registration_number = f"{department.name}-{serial}"
        received.registered_at = now
        received.registered_by = actor
        received.save()
        _event(received, ReceiptAction.REGISTER, actor, now, note=received.registration_number)
        _audit("receipt.register", actor, received, registration_number=received.registration_number, year=year)
        _report_to_sender(received)
        # Records (기록물 등록) and whoever else follows 접수, in this transaction.
        receipt_registered.send(sender=ReceivedDocument, received=received, actor=actor, at=now)
        enqueue_stamp_pdf(received.pk)  # the 접수 stamp on the PDF, on the pdf queue after commit
        waiting_count_changed()
    return received


def _report_to_sender(received: ReceivedDocument) -> None:
    """Tell the sender of the 접수 through the exchange's outbox row of this document (written in
    this transaction; the sender's audit chain hears of it after commit). Looked up at run time,
    as notifications are: receipts works the same in a deployment without the exchange."""
    from django.apps import apps

    if not apps.is_installed("exchange"):
        return
    from exchange.services import outbox_receipt_register

    outbox_receipt_register(
        message_id=received.message_id,
        receipt_number=received.registration_number,
        registered_at=received.registered_at,
    )


def receipt_distribute(
    *, actor: User, received: ReceivedDocument, department: Department, now: datetime | None = None
) -> ReceivedDocument:
    """배부: hand the registered document to the department that handles it. It may be handed on
    again (재배부) until that department has named a handler."""
    _require_registrar(actor)
    now = now or timezone.now()
    department = _active_department(department, "department")
    with transaction.atomic():
        received = _lock_live(received)
        if received.status == ReceiptStatus.WAITING:
            raise ValidationError(_("접수한 뒤에 배부할 수 있습니다."))
        if received.status not in (ReceiptStatus.REGISTERED, ReceiptStatus.DISTRIBUTED):
            raise ValidationError(_("처리담당자가 지정된 문서는 다시 배부할 수 없습니다."))
        received.status = ReceiptStatus.DISTRIBUTED
        received.department = department
        received.distributed_at = now
        received.save(update_fields=["status", "department", "distributed_at"])
        _event(received, ReceiptAction.DISTRIBUTE, actor, now, note=department.name)
        _audit("receipt.distribute", actor, received, department=department.code)
    return received


def receipt_assign(*, actor: User, received: ReceivedDocument, handler: User, now: datetime | None = None):
    """처리담당자 지정 by the head of the department it was distributed to (or a registrar). The
    handler must work in that department. A handler may be replaced until the document is done."""
    now = now or timezone.now()
    with transaction.atomic():
        received = _lock_live(received)
        if received.status not in (ReceiptStatus.DISTRIBUTED, ReceiptStatus.ASSIGNED):
            raise ValidationError(_("배부된 문서에만 처리담당자를 지정할 수 있습니다."))
        if not (heads_department(actor, received) or is_registrar(actor)):
            raise PermissionDenied(_("배부받은 부서의 부서장만 처리담당자를 지정할 수 있습니다."))
        if (
            handler.department_id != received.department_id
            or not handler.is_active
            or handler.employment_status != EmploymentStatus.ACTIVE
        ):
            raise ValidationError({"handler": _("배부받은 부서에서 근무 중인 직원을 지정하세요.")})
        received.status = ReceiptStatus.ASSIGNED
        received.handler = handler
        received.assigned_at = now
        received.save(update_fields=["status", "handler", "assigned_at"])
        _event(received, ReceiptAction.ASSIGN, actor, now, note=handler.name)
        _audit("receipt.assign", actor, received, handler=handler.get_username())
        _notify(
            [handler],
            category="receipt_assigned",
            title=_("처리할 수신문서가 배정되었습니다: %(title)s") % {"title": received.title},
            received=received,
            actor=actor,
        )
    return received


def _require_handler_or_head(actor, received: ReceivedDocument) -> None:
    if received.handler_id != actor.pk and not heads_department(actor, received):
        raise PermissionDenied(_("처리담당자나 부서장만 할 수 있습니다."))


def receipt_circulate(
    *, actor: User, received: ReceivedDocument, users: list[User], now: datetime | None = None
) -> list[ReceiptCirculation]:
    """공람 지정: name people to read the document (their reading is recorded)."""
    now = now or timezone.now()
    with transaction.atomic():
        received = _lock_live(received)
        if received.status not in (ReceiptStatus.ASSIGNED, ReceiptStatus.DONE):
            raise ValidationError(_("처리담당자가 정해진 뒤에 공람할 수 있습니다."))
        _require_handler_or_head(actor, received)
        if not users:
            raise ValidationError({"users": _("공람할 사람을 한 명 이상 고르세요.")})
        already = set(ReceiptCirculation.objects.filter(received=received).values_list("user_id", flat=True))
        created = ReceiptCirculation.objects.bulk_create(
            ReceiptCirculation(received=received, user=u, circulated_by=actor, circulated_at=now)
            for u in sorted({u.pk: u for u in users if u.pk not in already}.values(), key=lambda u: u.pk)
        )
        if created:
            names = ", ".join(c.user.name for c in created)
            _event(received, ReceiptAction.CIRCULATE, actor, now, note=names)
            _audit("receipt.circulate", actor, received, users=[c.user.get_username() for c in created])
    return created


def receipt_mark_read(*, received: ReceivedDocument, user: User, now: datetime | None = None) -> bool:
    """The first opening by a circulation recipient is their reading (compare-and-set)."""
    return bool(
        ReceiptCirculation.objects.filter(received=received, user=user, read_at__isnull=True).update(
            read_at=now or timezone.now()
        )
    )


def receipt_complete(*, actor: User, received: ReceivedDocument, now: datetime | None = None) -> ReceivedDocument:
    """처리 완료 by the handler."""
    now = now or timezone.now()
    with transaction.atomic():
        received = _lock_live(received)
        if received.status != ReceiptStatus.ASSIGNED:
            raise ValidationError(_("처리 중인 문서만 처리 완료할 수 있습니다."))
        if received.handler_id != actor.pk:
            raise PermissionDenied(_("처리담당자만 처리 완료할 수 있습니다."))
        received.status = ReceiptStatus.DONE
        received.completed_at = now
        received.save(update_fields=["status", "completed_at"])
        _event(received, ReceiptAction.COMPLETE, actor, now)
        _audit("receipt.complete", actor, received)
    return received


def received_dispose(*, received_id: int, actor: User, at: datetime) -> list[str]:
    """기록물 폐기 of a received document (records.disposal calls it once the 기록물평가심의회's
    decision is approved), in the caller's transaction: the text is cleared, both PDFs emptied and
    the 붙임 rows deleted, the 등록정보 (numbers, title, dates, history) kept. Returns the storage
    paths of the removed files, which the caller destroys after its commit. Already disposed: []."""
    received = _lock(ReceivedDocument(pk=received_id))
    if received.disposed_at is not None:
        return []
    attachments = list(ReceivedAttachment.objects.filter(received=received))
    paths = [a.file.name for a in attachments if a.file.name]
    paths += [f.name for f in (received.pdf, received.stamped_pdf) if f.name]
    ReceivedAttachment.objects.filter(pk__in=[a.pk for a in attachments]).delete()
    received.body = ""
    received.pdf = ""
    received.stamped_pdf = ""
    received.disposed_at = at
    received.save(update_fields=["body", "pdf", "stamped_pdf", "disposed_at"])
    _event(received, ReceiptAction.DISPOSE, actor, at)
    _audit("receipt.dispose", actor, received, number=received.registration_number, attachments=len(attachments))
    return sorted(set(paths))
