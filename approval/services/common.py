"""What every service of the engine shares: the document lock, the moment of an action, the
recorded event and audit entry, the Korean refusals by status, and the checks of drafting values
that both drafting and the approvers' edits apply."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from approval.models import Document, DocumentEvent, DocumentStatus, Importance, Recipient
from audit.services import audit_record
from core.money import MAX_AMOUNT
from org.models import User
from tasks.models import Disclosure, RetentionPeriod, UnitTask
from tasks.selectors.cards import unit_tasks_for_filing

# A subject has at most one document in these states (the partial UNIQUE constraint's states).
RUNNING = (DocumentStatus.DRAFT, DocumentStatus.IN_PROGRESS, DocumentStatus.ON_HOLD)


def lock_document(document: Document | int) -> Document:
    pk = document.pk if isinstance(document, Document) else document
    # The lock every action takes first: it serialises all actions on one document (see module doc).
    return Document.objects.select_for_update(of=("self",)).select_related("department").get(pk=pk)


def moment(now: datetime | None) -> datetime:
    return now or timezone.now()


def record_event(document: Document, action: str, actor, at: datetime, *, step=None, on_behalf_of=None, comment=""):
    return DocumentEvent.objects.create(
        document=document,
        step=step,
        action=action,
        actor=actor,
        on_behalf_of=on_behalf_of,
        version=document.version,
        comment=comment,
        occurred_at=at,
    )


def audit_document(action: str, actor, document: Document, **data) -> None:
    audit_record(action=action, actor=actor, target=document, data={"round": document.round, **data})


def status_error(document: Document) -> ValidationError:
    messages = {
        DocumentStatus.DRAFT: _("아직 상신하지 않은 문서입니다."),
        DocumentStatus.COMPLETED: _("이미 결재가 끝난 문서입니다."),
        DocumentStatus.REJECTED: _("반려된 문서입니다."),
        DocumentStatus.WITHDRAWN: _("회수된 문서입니다."),
        DocumentStatus.IN_PROGRESS: _("결재가 진행 중인 문서입니다."),
        DocumentStatus.ON_HOLD: _("보류 중인 문서입니다."),
    }
    return ValidationError(messages[document.status])


def require_drafter(document: Document, actor) -> None:
    if document.drafter_id != actor.pk:
        raise PermissionDenied(_("기안자만 할 수 있습니다."))


def position_name(user: User) -> str:
    return user.position.name if user.position_id else ""


def clean_recipients(recipients: list[dict] | None) -> list[dict]:
    cleaned = []
    for item in recipients or []:
        code = (item.get("institution_code") or "").strip()
        name = (item.get("name") or "").strip()
        if not code or not name:
            raise ValidationError({"recipients": _("수신자의 기관코드와 이름을 모두 입력하세요.")})
        cleaned.append(
            {"institution_code": code[:30], "name": name[:100], "via": (item.get("via") or "").strip()[:100]}
        )
    codes = [item["institution_code"] for item in cleaned]
    if len(set(codes)) != len(codes):
        raise ValidationError({"recipients": _("같은 수신자를 두 번 지정할 수 없습니다.")})
    return cleaned


def set_recipients(document: Document, recipients: list[dict]) -> None:
    document.recipients.all().delete()
    Recipient.objects.bulk_create(
        Recipient(document=document, order=index, **item) for index, item in enumerate(recipients, start=1)
    )


def check_unit_task(actor, unit_task: UnitTask | None) -> None:
    if unit_task is not None and not unit_tasks_for_filing(actor).filter(pk=unit_task.pk).exists():
        raise ValidationError({"unit_task": _("이 단위과제로는 문서를 생산할 수 없습니다.")})


def check_values(values: dict) -> None:
    errors: dict[str, str] = {}
    amount = values.get("decision_amount")
    if amount is not None and (not isinstance(amount, int) or amount < 0):
        errors["decision_amount"] = _("결재 금액은 0원 이상의 정수(원)로 입력하세요.")
    elif amount is not None and amount > MAX_AMOUNT:
        errors["decision_amount"] = _("결재 금액이 너무 큽니다. 자릿수를 확인하세요.")
    if values.get("importance", Importance.NORMAL) not in Importance.values:
        errors["importance"] = _("중요도가 올바르지 않습니다.")
    retention = values.get("retention_period")
    if retention and retention not in RetentionPeriod.values:
        errors["retention_period"] = _("보존기간이 올바르지 않습니다.")
    if values.get("disclosure", Disclosure.PUBLIC) not in Disclosure.values:
        errors["disclosure"] = _("공개구분이 올바르지 않습니다.")
    if len(values.get("title") or "") > 300:
        errors["title"] = _("제목은 300자까지 쓸 수 있습니다.")
    if errors:
        raise ValidationError(errors)
