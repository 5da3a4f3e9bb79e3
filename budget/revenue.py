"""수입결의 (approval kind `budget.revenue`) and 수납 on the revenue side.

A department drafts a 수입결의 on a 세입 목 (level 3) of the open year; approved, it is booked as
a receivable (Dr 미수금 / Cr 수익: the revenue account whose codes name the 목's code or a prefix
of it, else 기타수익). The 회계 담당 records the money received (`revenue_collect`): Dr 보통예금 /
Cr 미수금, and the 목's 수납액 rises under its row lock. Each once.
"""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from approval.kinds import Decision, register_kind
from approval.services import approval_submit_subject
from audit.services import audit_record
from budget.books import EntryLine, account_for_role, ensure_chart, post_entry
from budget.charges import SourceRef
from budget.execution import is_accounting_officer
from budget.models import (
    Account,
    AccountType,
    DecisionStatus,
    EntryKind,
    RevenueItem,
    RevenueLevel,
    RevenueResolution,
    YearStatus,
)
from core.money import MAX_AMOUNT
from core.templatetags.korean import kdate, won
from org.models import User
from tasks.models import UnitTask

REVENUE_KIND = "budget.revenue"


def revenue_account_for(item: RevenueItem) -> Account:
    """The revenue account a 목 books to: the account whose codes name the 목, else its 항, else
    its 관; else 기타수익."""
    ensure_chart()
    codes: list[str] = []
    node: RevenueItem | None = item
    while node is not None:
        codes.append(node.code)
        node = node.parent
    accounts = list(Account.objects.filter(type=AccountType.REVENUE, is_active=True).exclude(standard_codes=""))
    for code in codes:
        for account in accounts:
            if code in account.codes():
                return account
    return account_for_role("other_revenue")


def revenue_submit(
    *,
    actor: User,
    title: str,
    revenue_item: RevenueItem | None,
    payer: str,
    amount: object,
    due_date: date | None,
    unit_task: UnitTask | None,
    now: datetime | None = None,
) -> RevenueResolution:
    errors: dict[str, str] = {}
    title, payer = (title or "").strip(), (payer or "").strip()
    if not title:
        errors["title"] = _("건명을 입력하세요.")
    if not payer:
        errors["payer"] = _("납부자를 입력하세요.")
    if isinstance(amount, bool) or not isinstance(amount, int):
        errors["amount"] = _("금액은 원 단위 정수로 입력하세요.")
    elif amount <= 0:
        errors["amount"] = _("금액은 1원 이상이어야 합니다.")
    elif amount > MAX_AMOUNT:
        errors["amount"] = _("금액이 너무 큽니다. 자릿수를 확인하세요.")
    if revenue_item is None:
        errors["revenue_item"] = _("세입 과목을 고르세요.")
    else:
        revenue_item = RevenueItem.objects.select_related("fiscal_year").get(pk=revenue_item.pk)
        if revenue_item.level != RevenueLevel.ITEM:
            errors["revenue_item"] = _("세입 목을 고르세요.")
        elif revenue_item.fiscal_year.status != YearStatus.CONFIRMED:
            errors["revenue_item"] = _("%(year)d 회계연도는 집행할 수 있는 상태가 아닙니다.") % {
                "year": revenue_item.fiscal_year.year
            }
        elif due_date is not None and not revenue_item.fiscal_year.contains(due_date):
            errors["due_date"] = _("%(day)s은(는) %(year)d 회계연도(1. 1.~12. 31.) 밖의 날짜입니다.") % {
                "day": kdate(due_date),
                "year": revenue_item.fiscal_year.year,
            }
    if due_date is None:
        errors["due_date"] = _("납부 기한을 입력하세요.")
    if unit_task is None:
        errors["unit_task"] = _("단위과제를 선택하세요.")
    if actor.department_id is None:
        errors["title"] = _("부서에 소속된 직원만 수입결의를 올릴 수 있습니다.")
    if (
        errors
        or revenue_item is None
        or unit_task is None
        or due_date is None
        or actor.department_id is None
        or not isinstance(amount, int)
    ):
        raise ValidationError(errors)
    with transaction.atomic():
        resolution = RevenueResolution.objects.create(
            title=title,
            revenue_item=revenue_item,
            payer=payer,
            amount=amount,
            due_date=due_date,
            department_id=actor.department_id,
            drafter=actor,
            unit_task=unit_task,
        )
        rows = [
            (_("세입 과목"), f"{revenue_item.code} {revenue_item.name}"),
            (_("납부자"), payer),
            (_("금액"), won(amount)),
            (_("납부 기한"), kdate(due_date)),
        ]
        document = approval_submit_subject(
            kind=REVENUE_KIND,
            subject=resolution,
            actor=actor,
            title=_("수입결의: %(title)s") % {"title": title},
            body=format_html(
                "<p>{}</p><table><tbody>{}</tbody></table>",
                _("아래와 같이 수입을 조정하고자 합니다."),
                format_html_join("", '<tr><th scope="row">{}</th><td>{}</td></tr>', rows),
            ),
            unit_task=unit_task,
            decision_amount=amount,
            form_data={"revenue": resolution.pk, "amount": amount, "revenue_item": revenue_item.pk},
            now=now,
        )
        resolution.document = document
        resolution.status = DecisionStatus.IN_PROGRESS
        resolution.save(update_fields=["document", "status", "updated_at"])
        audit_record(
            action="revenue.submit", actor=actor, target=resolution, data={"amount": amount, "document": document.pk}
        )
    return resolution


def _current(decision: Decision) -> bool:
    resolution = decision.subject
    return resolution.document_id == decision.document_id and resolution.status == DecisionStatus.IN_PROGRESS


def revenue_approved(decision: Decision) -> None:
    """조정: book the receivable (Dr 미수금 / Cr 수익)."""
    if not _current(decision):
        return
    resolution: RevenueResolution = decision.subject
    item = RevenueItem.objects.select_related("fiscal_year", "parent__parent").get(pk=resolution.revenue_item_id)
    year = item.fiscal_year
    day = min(max(timezone.localdate(decision.at), year.starts_on), year.ends_on)
    post_entry(
        kind=EntryKind.REVENUE,
        entry_date=day,
        memo=resolution.title,
        source=SourceRef.of(resolution),
        actor=decision.actor,
        lines=[
            EntryLine(role="receivable", debit=resolution.amount, memo=resolution.payer),
            EntryLine(revenue_account_for(item), credit=resolution.amount, memo=f"{item.code} {item.name}"),
        ],
    )
    resolution.status = DecisionStatus.APPROVED
    resolution.approved_at = decision.at
    resolution.booked_on = day
    resolution.registration = decision.registration
    resolution.save(update_fields=["status", "approved_at", "booked_on", "registration", "updated_at"])


def revenue_collect(*, actor: User, resolution: RevenueResolution, collected_on: date | None) -> RevenueResolution:
    """수납: the money of an approved 수입결의 received, by the 회계 담당; once."""
    if not is_accounting_officer(actor):
        raise PermissionDenied(_("회계 담당만 수납을 처리할 수 있습니다."))
    if collected_on is None:
        raise ValidationError({"collected_on": _("수납일을 입력하세요.")})
    with transaction.atomic():
        resolution = RevenueResolution.objects.select_for_update(of=("self",)).get(pk=resolution.pk)
        if resolution.status != DecisionStatus.APPROVED:
            raise ValidationError(_("승인된 수입결의만 수납할 수 있습니다."))
        if resolution.collected_on is not None:
            raise ValidationError(_("이미 수납했습니다(%(day)s).") % {"day": kdate(resolution.collected_on)})
        if resolution.booked_on and collected_on < resolution.booked_on:
            raise ValidationError({"collected_on": _("수납일이 조정일보다 앞섭니다.")})
        item = RevenueItem.objects.select_for_update().get(pk=resolution.revenue_item_id)
        post_entry(
            kind=EntryKind.RECEIPT,
            entry_date=collected_on,
            memo=_("수납: %(title)s") % {"title": resolution.title},
            source=SourceRef.of(resolution),
            actor=actor,
            lines=[
                EntryLine(role="bank", debit=resolution.amount, memo=resolution.payer),
                EntryLine(role="receivable", credit=resolution.amount, memo=resolution.payer),
            ],
        )
        RevenueItem.objects.filter(pk=item.pk).update(collected_amount=F("collected_amount") + resolution.amount)
        resolution.collected_on = collected_on
        resolution.collected_by = actor
        resolution.save(update_fields=["collected_on", "collected_by", "updated_at"])
        audit_record(
            action="revenue.collect",
            actor=actor,
            target=resolution,
            data={"amount": resolution.amount, "on": collected_on.isoformat(), "revenue_item": item.pk},
        )
    return resolution


def _closed(status: str):  # type: ignore[no-untyped-def]
    def callback(decision: Decision) -> None:
        if _current(decision):
            resolution: RevenueResolution = decision.subject
            resolution.status = status
            resolution.save(update_fields=["status", "updated_at"])

    return callback


def revenue_requester(resolution: RevenueResolution) -> User:
    return resolution.drafter


def register_kinds() -> None:
    register_kind(
        REVENUE_KIND,
        label=str(gettext_lazy("수입결의")),
        subject_model="budget.RevenueResolution",
        requester=revenue_requester,
        on_approved=revenue_approved,
        on_rejected=_closed(DecisionStatus.REJECTED),
        on_withdrawn=_closed(DecisionStatus.WITHDRAWN),
    )
