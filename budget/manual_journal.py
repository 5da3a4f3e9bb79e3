"""대체전표 (approval kind `budget.journal`): an entry the 회계 담당 writes by hand, checked at 상신
exactly as `budget.books.post_entry` checks (balance, accounts, a closed year) and posted by the
final approval — in the decision's transaction, so a refusal rolls the decision back. Rejected
or withdrawn, nothing is posted."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from approval.kinds import Decision, register_kind
from approval.services import approval_submit_subject
from audit.services import audit_record
from budget.books import EntryLine, check_entry, post_entry
from budget.charges import SourceRef
from budget.execution import is_accounting_officer
from budget.models import EntryKind, ManualJournal, ManualJournalLine
from core.templatetags.korean import kdate, won
from org.models import User
from tasks.models import UnitTask

JOURNAL_KIND = "budget.journal"
TITLE_LIMIT = 200  # ManualJournal.title and a line's memo: said, never cut


def manual_journal_submit(
    *,
    actor: User,
    title: str,
    reason: str,
    entry_date: date | None,
    lines: Sequence[EntryLine],
    unit_task: UnitTask | None,
    now: datetime | None = None,
) -> ManualJournal:
    if not is_accounting_officer(actor):
        raise PermissionDenied(_("회계 담당만 대체전표를 올릴 수 있습니다."))
    errors: dict[str, str] = {}
    title, reason = (title or "").strip(), (reason or "").strip()
    if not title:
        errors["title"] = _("적요를 입력하세요.")
    elif len(title) > TITLE_LIMIT:
        errors["title"] = _("%(limit)d자까지 쓸 수 있습니다(지금 %(n)d자). 줄여 주세요.") % {
            "limit": TITLE_LIMIT,
            "n": len(title),
        }
    if any(len(line.memo) > TITLE_LIMIT for line in lines):
        errors[NON_FIELD_ERRORS] = _("행 적요는 %(limit)d자까지 쓸 수 있습니다. 줄여 주세요.") % {"limit": TITLE_LIMIT}
    if not reason:
        errors["reason"] = _("사유를 입력하세요.")
    if entry_date is None:
        errors["entry_date"] = _("전표일자를 입력하세요.")
    if unit_task is None:
        errors["unit_task"] = _("단위과제를 선택하세요.")
    if errors or entry_date is None or unit_task is None:
        raise ValidationError(errors)
    resolved = check_entry(entry_date=entry_date, lines=lines)
    total = sum(line.debit for _a, line in resolved)
    with transaction.atomic():
        journal = ManualJournal.objects.create(
            title=title, reason=reason, entry_date=entry_date, drafter=actor, unit_task=unit_task
        )
        ManualJournalLine.objects.bulk_create(
            ManualJournalLine(journal=journal, account=account, debit=line.debit, credit=line.credit, memo=line.memo)
            for account, line in resolved
        )
        rows = [
            (
                f"{account.code} {account.name}",
                won(line.debit) if line.debit else "",
                won(line.credit) if line.credit else "",
            )
            for account, line in resolved
        ]
        document = approval_submit_subject(
            kind=JOURNAL_KIND,
            subject=journal,
            actor=actor,
            title=_("대체전표: %(title)s") % {"title": title},
            body=format_html(
                "<p>{} {}</p><table><thead><tr><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>{}</tbody></table>",
                _("전표일자"),
                kdate(entry_date),
                _("계정과목"),
                _("차변"),
                _("대변"),
                format_html_join("", "<tr><td>{}</td><td>{}</td><td>{}</td></tr>", rows),
            ),
            unit_task=unit_task,
            decision_amount=total,
            form_data={"journal": journal.pk, "amount": total},
            now=now,
        )
        journal.document = document
        journal.status = "in_progress"
        journal.save(update_fields=["document", "status", "updated_at"])
        audit_record(
            action="manual_journal.submit",
            actor=actor,
            target=journal,
            data={"amount": total, "document": document.pk, "on": entry_date.isoformat()},
        )
    return journal


def _current(decision: Decision) -> bool:
    journal = decision.subject
    return journal.document_id == decision.document_id and journal.status == "in_progress"


def manual_journal_approved(decision: Decision) -> None:
    if not _current(decision):
        return
    journal: ManualJournal = decision.subject
    entry = post_entry(
        kind=EntryKind.MANUAL,
        entry_date=journal.entry_date,
        memo=journal.title,
        source=SourceRef.of(journal),
        actor=decision.actor,
        lines=[
            EntryLine(line.account, debit=line.debit, credit=line.credit, memo=line.memo)
            for line in journal.lines.select_related("account")
        ],
    )
    journal.status = "approved"
    journal.entry = entry
    journal.registration = decision.registration
    journal.save(update_fields=["status", "entry", "registration", "updated_at"])


def _closed(status: str):  # type: ignore[no-untyped-def]
    def callback(decision: Decision) -> None:
        if _current(decision):
            journal: ManualJournal = decision.subject
            journal.status = status
            journal.save(update_fields=["status", "updated_at"])

    return callback


def manual_journal_requester(journal: ManualJournal) -> User:
    return journal.drafter


def register_kinds() -> None:
    register_kind(
        JOURNAL_KIND,
        label=str(gettext_lazy("대체전표")),
        subject_model="budget.ManualJournal",
        requester=manual_journal_requester,
        on_approved=manual_journal_approved,
        on_rejected=_closed("rejected"),
        on_withdrawn=_closed("withdrawn"),
    )
