"""반납·정정 (approval kind `budget.reversal`): cancelling an approved expenditure by its own
approval, never by editing it.

`reversal_submit` is for the expenditure's drafter or the 회계 담당: the expenditure must be
approved and have no reversal running or done. Approved (the final decision's transaction):

- its execution is reversed on the line (budget.charges.reverse): the balance is restored (a
  commitment it settled stays settled: the plan's purpose was served or released);
- its expenditure entry is reversed (Dr 미지급금 / Cr 비용), and if it was paid, the payment too
  (Dr 보통예금 / Cr 미지급금) — the money returned (반납);
- the expenditure becomes 반납·정정 and an audit event records it;
- the app owning the commitment it settled (a trip's 여비) is told (`commitment_owner_tell`,
  event "reversed"), in the same transaction, so it can be settled again.
"""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.html import format_html, format_html_join, linebreaks
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from approval.kinds import Decision, register_kind
from approval.services import approval_submit_subject
from audit.services import audit_record
from budget.books import reverse_entry
from budget.charges import SourceRef, reverse
from budget.execution import commitment_owner_tell, is_accounting_officer
from budget.kinds import posting_day
from budget.models import (
    BudgetItem,
    DecisionStatus,
    EntryKind,
    Expenditure,
    ExpenditureReversal,
    ExpenditureStatus,
    JournalEntry,
    ReversalKind,
)
from core.templatetags.korean import kdate, won
from org.models import User
from tasks.models import UnitTask

REVERSAL_KIND = "budget.reversal"


def reversal_submit(
    *,
    actor: User,
    expenditure: Expenditure,
    reason: str,
    unit_task: UnitTask | None,
    now: datetime | None = None,
) -> ExpenditureReversal:
    reason = (reason or "").strip()
    errors: dict[str, str] = {}
    if not reason:
        errors["reason"] = _("반납·정정 사유를 입력하세요.")
    if unit_task is None:
        errors["unit_task"] = _("단위과제를 선택하세요.")
    if errors or unit_task is None:
        raise ValidationError(errors)
    with transaction.atomic():
        expenditure = Expenditure.objects.select_for_update(of=("self",)).get(pk=expenditure.pk)
        if expenditure.drafter_id != actor.pk and not is_accounting_officer(actor):
            raise PermissionDenied(_("지출결의를 작성한 사람이나 회계 담당만 반납·정정을 올릴 수 있습니다."))
        if expenditure.status != ExpenditureStatus.APPROVED:
            raise ValidationError(_("승인(집행)된 지출결의만 반납·정정할 수 있습니다."))
        if expenditure.reversals.filter(status=DecisionStatus.IN_PROGRESS).exists():
            raise ValidationError(_("이 지출결의의 반납·정정이 이미 결재 중입니다."))
        kind = ReversalKind.REFUND if expenditure.payment_id else ReversalKind.CORRECTION
        reversal = ExpenditureReversal.objects.create(
            expenditure=expenditure, kind=kind, reason=reason, drafter=actor, unit_task=unit_task
        )
        rows = [
            (_("대상 지출결의"), format_html("{} ({})", expenditure.title, expenditure.registration)),
            (_("구분"), format_html("{}", reversal.get_kind_display())),
            (_("금액"), format_html("{}", won(expenditure.amount))),
            (_("집행일"), format_html("{}", kdate(expenditure.executed_on))),
            (_("사유"), mark_safe(linebreaks(reason, autoescape=True))),  # noqa: S308 - escaped by linebreaks
        ]
        document = approval_submit_subject(
            kind=REVERSAL_KIND,
            subject=reversal,
            actor=actor,
            title=_("지출 %(kind)s: %(title)s") % {"kind": reversal.get_kind_display(), "title": expenditure.title},
            body=format_html(
                "<table><tbody>{}</tbody></table>",
                format_html_join("", '<tr><th scope="row">{}</th><td>{}</td></tr>', rows),
            ),
            unit_task=unit_task,
            decision_amount=expenditure.amount,
            form_data={"reversal": reversal.pk, "expenditure": expenditure.pk, "amount": expenditure.amount},
            now=now,
        )
        reversal.document = document
        reversal.status = DecisionStatus.IN_PROGRESS
        reversal.save(update_fields=["document", "status", "updated_at"])
        audit_record(
            action="reversal.submit",
            actor=actor,
            target=reversal,
            data={"expenditure": expenditure.pk, "amount": expenditure.amount, "document": document.pk},
        )
    return reversal


def _current(decision: Decision) -> bool:
    reversal = decision.subject
    return reversal.document_id == decision.document_id and reversal.status == DecisionStatus.IN_PROGRESS


def reversal_approved(decision: Decision) -> None:
    if not _current(decision):
        return
    reversal: ExpenditureReversal = decision.subject
    expenditure = Expenditure.objects.select_for_update(of=("self",)).get(pk=reversal.expenditure_id)
    if expenditure.status != ExpenditureStatus.APPROVED:
        raise ValidationError(_("이미 반납·정정된 지출결의입니다."))
    line = BudgetItem.objects.select_related("fiscal_year").get(pk=expenditure.line_id)
    day = posting_day(line, decision.at)
    source = SourceRef.of(expenditure)
    reverse(source=source, actor=decision.actor, on=day, memo=reversal.reason[:200])
    for entry in JournalEntry.objects.filter(**source.filter(), kind__in=[EntryKind.PAYMENT, EntryKind.EXPENDITURE]):
        reverse_entry(
            entry=entry,
            entry_date=day,
            actor=decision.actor,
            memo=_("%(kind)s: %(memo)s") % {"kind": reversal.get_kind_display(), "memo": entry.memo},
        )
    expenditure.status = ExpenditureStatus.REVERSED
    expenditure.save(update_fields=["status", "updated_at"])
    reversal.status = DecisionStatus.APPROVED
    reversal.approved_at = decision.at
    reversal.reversed_on = day
    reversal.registration = decision.registration
    reversal.save(update_fields=["status", "approved_at", "reversed_on", "registration", "updated_at"])
    audit_record(
        action="expenditure.reverse",
        actor=decision.actor,
        target=expenditure,
        data={"reversal": reversal.pk, "kind": reversal.kind, "amount": expenditure.amount, "on": day.isoformat()},
    )
    commitment_owner_tell(event="reversed", expenditure=expenditure, actor=decision.actor, at=decision.at)


def _closed(status: str):  # type: ignore[no-untyped-def]
    def callback(decision: Decision) -> None:
        if _current(decision):
            reversal: ExpenditureReversal = decision.subject
            reversal.status = status
            reversal.save(update_fields=["status", "updated_at"])

    return callback


def reversal_requester(reversal: ExpenditureReversal) -> User:
    return reversal.drafter


def register_kinds() -> None:
    register_kind(
        REVERSAL_KIND,
        label=str(gettext_lazy("지출 반납·정정")),
        subject_model="budget.ExpenditureReversal",
        requester=reversal_requester,
        on_approved=reversal_approved,
        on_rejected=_closed(DecisionStatus.REJECTED),
        on_withdrawn=_closed(DecisionStatus.WITHDRAWN),
    )
