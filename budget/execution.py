"""지출결의 (`Expenditure`, approval kind `budget.expenditure`) and 지급 (payments).

Drafting (`expenditure_submit`, `expenditure_resubmit` after 반려/회수) checks at 상신 what the
drafter can know: the line is their department's 통계목 of the open year, the pay date inside
that year, the vendor in use, the evidence files acceptable (core.uploads), and the amount within
what the approved plan's commitment still holds — or, for a direct expenditure (small fixed
costs, no plan), within the line's balance. The final approval executes the amount under the
line's row lock (budget.charges.execute): a balance that changed meanwhile refuses the decision
(the engine rolls it back; the document stays where it was). Approved, the expenditure is
journalised (Dr 비용 / Cr 미지급금) and, when the drafter said the plan is settled, what the plan
still holds is released.

Another app's commitment (a trip's 여비, committed when the trip was approved) is settled by a
지출결의 too: `expenditure_submit_on_commitment` drafts it for the app, paying a person (개인
채주, with the account they named) instead of a vendor. Its final approval executes the amount
against that commitment (an amount above what it holds takes the rest from the line's balance),
releases what is left, and tells the app that registered as the commitment's owner
(`register_commitment_owner`) — budget never imports it.

The 회계 담당 pays approved expenditures in a batch (`payment_make`): each is journalised (Dr
미지급금 / Cr 보통예금) and the batch's transfer file (`transfer_file`) lists them for the bank.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.html import format_html, format_html_join, linebreaks
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from approval.kinds import Decision, register_kind
from approval.services import approval_resubmit_subject, approval_submit_subject
from audit.services import audit_record
from budget.books import EntryLine, expense_account_for, post_entry
from budget.charges import Shortfall, SourceRef, balance, commitment_left, execute, release
from budget.drafting import check_draft_line, line_path_label
from budget.kinds import posting_day
from budget.models import (
    BANK_NAMES,
    EXPENDITURE_RESUBMITTABLE,
    BudgetItem,
    EntryKind,
    Expenditure,
    ExpenditureEvidence,
    ExpenditureStatus,
    ExpensePlan,
    PaymentBatch,
    PlanStatus,
    PostingKind,
    Vendor,
)
from budget.plugin import ACCOUNTING_OFFICER
from budget.transfers import TransferRow, transfer_csv
from core.money import MAX_AMOUNT
from core.once import create_once
from core.templatetags.korean import kdate, won
from core.uploads import CheckedUpload, check_upload
from org.models import User
from tasks.models import UnitTask

EXPENDITURE_KIND = "budget.expenditure"
TRANSFER_MEMO_MAX = 20


@dataclass(frozen=True)
class CommitmentDecision:
    """What the owner of a commitment is told when the 지출결의 settling it is decided, or later
    reversed (반납·정정, budget.reversals): its execution is undone and the line's balance
    restored, while the commitment stays settled, so the owner must settle again with a new
    지출결의 (whose amount then comes from the line's balance)."""

    event: str  # "approved", "rejected", "withdrawn" or "reversed"
    expenditure_id: int
    commitment: SourceRef
    amount: int
    actor: User
    at: datetime


CommitmentCallback = Callable[[CommitmentDecision], None]
_OWNERS: dict[tuple[str, str], CommitmentCallback] = {}


def register_commitment_owner(app: str, model: str, on_decided: CommitmentCallback) -> None:
    """`on_decided` runs inside the deciding transaction when a 지출결의 settling a commitment of
    (app, model) is approved, returned, withdrawn or, once approved, reversed by an approved
    반납·정정; if it raises, the decision is rolled back."""
    _OWNERS[(app, model)] = on_decided


def _tell_owner(decision: Decision, expenditure: Expenditure) -> None:
    commitment_owner_tell(event=decision.event, expenditure=expenditure, actor=decision.actor, at=decision.at)


def commitment_owner_tell(*, event: str, expenditure: Expenditure, actor: User, at: datetime) -> None:
    """Tell the app owning the commitment `expenditure` settles (if any registered) of `event`."""
    commitment = _commitment_of(expenditure)
    if commitment is None:
        return
    owner = _OWNERS.get((commitment.app, commitment.model))
    if owner is not None:
        owner(
            CommitmentDecision(
                event=event,
                expenditure_id=expenditure.pk,
                commitment=commitment,
                amount=expenditure.amount,
                actor=actor,
                at=at,
            )
        )


def _commitment_of(expenditure: Expenditure) -> SourceRef | None:
    if expenditure.commitment_app:
        return SourceRef(expenditure.commitment_app, expenditure.commitment_model, expenditure.commitment_id)
    if expenditure.plan_id:
        return SourceRef("budget", "expenseplan", str(expenditure.plan_id))
    return None


# --- drafting ---------------------------------------------------------------------------------


def _check_files(files: Sequence[UploadedFile]) -> list[CheckedUpload]:
    checked, errors = [], []
    for upload in files:
        try:
            checked.append(check_upload(upload))
        except ValidationError as exc:
            errors.extend(exc.messages)
    if errors:
        raise ValidationError({"evidence": errors})
    return checked


def _clean(
    *,
    actor: User,
    title: str,
    purpose: str,
    amount: object,
    line: BudgetItem | None,
    plan: ExpensePlan | None,
    vendor: Vendor | None,
    pay_date: date | None,
    unit_task: UnitTask | None,
    exclude: Expenditure | None = None,
) -> dict[str, object]:
    errors: dict[str, str] = {}
    title, purpose = (title or "").strip(), (purpose or "").strip()
    if not title:
        errors["title"] = _("건명을 입력하세요.")
    elif len(title) > 200:
        errors["title"] = _("건명은 200자까지 쓸 수 있습니다.")
    if not purpose:
        errors["purpose"] = _("지출 내용을 입력하세요.")
    if isinstance(amount, bool) or not isinstance(amount, int):
        errors["amount"] = _("금액은 원 단위 정수로 입력하세요.")
    elif amount <= 0:
        errors["amount"] = _("금액은 1원 이상이어야 합니다.")
    elif amount > MAX_AMOUNT:
        errors["amount"] = _("금액이 너무 큽니다. 자릿수를 확인하세요.")
    if plan is not None:
        if plan.status != PlanStatus.APPROVED or plan.line_id is None:
            errors["plan"] = _("승인되어 원인행위가 잡힌 지출 품의만 고를 수 있습니다.")
        elif plan.department_id != actor.department_id and plan.drafter_id != actor.pk:
            errors["plan"] = _("우리 부서의 지출 품의만 고를 수 있습니다.")
        else:
            line = BudgetItem.objects.get(pk=plan.line_id)
    if line is None and "plan" not in errors:
        errors["line"] = _("예산과목이나 지출 품의를 고르세요.")
    if vendor is None:
        errors["vendor"] = _("거래처를 고르세요.")
    elif not vendor.is_active:
        errors["vendor"] = _("사용하지 않는 거래처입니다.")
    if pay_date is None:
        errors["pay_date"] = _("지급 예정일을 입력하세요.")
    if unit_task is None:
        errors["unit_task"] = _("단위과제를 선택하세요.")
    if errors:
        raise ValidationError(errors)
    if line is None or isinstance(amount, bool) or not isinstance(amount, int):  # narrowed above
        raise ValidationError(_("예산과목이나 지출 품의를 고르세요."))
    # Against a plan the money is already reserved: only the commitment's remainder must cover it.
    check_draft_line(user=actor, line=line, amount=None if plan else amount, day=pay_date, date_field="pay_date")
    if plan is not None:
        left = commitment_left(SourceRef.of(plan))
        if amount > left:
            raise ValidationError(
                {
                    "amount": _(
                        "지출원인행위 잔액이 부족합니다: %(plan)s — 원인행위 잔액 %(left)s, 요청 %(requested)s, "
                        "부족 %(short)s"
                    )
                    % {"plan": plan.title, "left": won(left), "requested": won(amount), "short": won(amount - left)}
                }
            )
    return {
        "title": title,
        "purpose": purpose,
        "amount": amount,
        "line": line,
        "plan": plan,
        "vendor": vendor,
        "pay_date": pay_date,
        "unit_task": unit_task,
    }


def expenditure_body(expenditure: Expenditure, *, commitment_label: str = "") -> str:
    vendor = expenditure.vendor
    cause = expenditure.plan.title if expenditure.plan else commitment_label or _("없음(직접 지출)")
    payee = (
        format_html("{} ({})", vendor.name, vendor.business_number_display)
        if vendor is not None
        else format_html("{}", expenditure.payee_label)
    )
    rows = [
        (_("지출 내용"), mark_safe(linebreaks(expenditure.purpose, autoescape=True))),  # noqa: S308 - escaped
        (_("금액"), format_html("{}", won(expenditure.amount))),
        (_("예산과목"), format_html("{}", line_path_label(expenditure.line))),
        (_("지출 품의"), format_html("{}", cause)),
        (_("거래처") if vendor is not None else _("채주"), payee),
        (
            _("입금 계좌"),
            format_html("{} {} {}", expenditure.bank_name, expenditure.account_masked, expenditure.account_holder),
        ),
        (_("지급 예정일"), format_html("{}", kdate(expenditure.pay_date))),
    ]
    return format_html(
        "<p>{}</p><table><tbody>{}</tbody></table>",
        _("아래와 같이 지출하고자 합니다."),
        format_html_join("", '<tr><th scope="row">{}</th><td>{}</td></tr>', rows),
    )


def _document_title(expenditure: Expenditure) -> str:
    return _("지출결의: %(title)s") % {"title": expenditure.title}


def _form_data(expenditure: Expenditure) -> dict[str, object]:
    return {
        "expenditure": expenditure.pk,
        "amount": expenditure.amount,
        "line": expenditure.line_id,
        "plan": expenditure.plan_id,
        "vendor": expenditure.vendor_id,
        "pay_date": expenditure.pay_date.isoformat(),
        **({"commitment": str(_commitment_of(expenditure))} if expenditure.commitment_app else {}),
    }


def _attach(expenditure: Expenditure, files: list[CheckedUpload], actor: User) -> None:
    for upload in files:
        ExpenditureEvidence.objects.create(
            expenditure=expenditure,
            file=upload.file,
            original_name=upload.original_name,
            content_type=upload.content_type,
            size=upload.size,
            sha256=upload.sha256,
            uploaded_by=actor,
        )


def expenditure_submit(
    *,
    actor: User,
    title: str,
    purpose: str,
    amount: int,
    vendor: Vendor | None,
    pay_date: date | None,
    unit_task: UnitTask | None,
    line: BudgetItem | None = None,
    plan: ExpensePlan | None = None,
    settle_fully: bool = False,
    files: Sequence[UploadedFile] = (),
    submission_token: UUID | None = None,
    now: datetime | None = None,
) -> Expenditure:
    """Write a 지출결의 and submit it (상신) in one transaction; the approval line comes from the
    delegation table for `budget.expenditure` by amount. A resent form (same token) returns the
    first expenditure. Korean ValidationErrors keyed by field."""

    def create() -> Expenditure:
        fields = _clean(
            actor=actor,
            title=title,
            purpose=purpose,
            amount=amount,
            line=line,
            plan=plan,
            vendor=vendor,
            pay_date=pay_date,
            unit_task=unit_task,
        )
        checked = _check_files(files)
        if actor.department_id is None:
            raise ValidationError(_("부서에 소속된 직원만 지출결의를 올릴 수 있습니다."))
        expenditure = Expenditure.objects.create(
            **fields,
            settle_fully=settle_fully and plan is not None,
            department_id=actor.department_id,
            drafter=actor,
            submission_token=submission_token,
        )
        _attach(expenditure, checked, actor)
        document = approval_submit_subject(
            kind=EXPENDITURE_KIND,
            subject=expenditure,
            actor=actor,
            title=_document_title(expenditure),
            body=expenditure_body(expenditure),
            unit_task=expenditure.unit_task,
            decision_amount=expenditure.amount,
            form_data=_form_data(expenditure),
            now=now,
        )
        expenditure.document = document
        expenditure.status = ExpenditureStatus.IN_PROGRESS
        expenditure.save(update_fields=["document", "status", "updated_at"])
        audit_record(
            action="expenditure.submit",
            actor=actor,
            target=expenditure,
            data={"amount": expenditure.amount, "line": expenditure.line.label, "document": document.pk},
        )
        return expenditure

    with transaction.atomic():
        expenditure, _created = create_once(
            Expenditure, token=submission_token, owner_field="drafter", owner=actor, create=create
        )
    return expenditure


def expenditure_resubmit(
    *,
    actor: User,
    expenditure: Expenditure,
    title: str,
    purpose: str,
    amount: int,
    vendor: Vendor | None,
    pay_date: date | None,
    unit_task: UnitTask | None,
    line: BudgetItem | None = None,
    plan: ExpensePlan | None = None,
    settle_fully: bool = False,
    files: Sequence[UploadedFile] = (),
    now: datetime | None = None,
) -> Expenditure:
    """재기안: correct a returned (반려) or withdrawn (회수) expenditure and submit it again, as the
    next round of its document. Only its drafter may."""
    with transaction.atomic():
        expenditure = Expenditure.objects.select_for_update(of=("self",)).get(pk=expenditure.pk)
        if expenditure.drafter_id != actor.pk:
            raise PermissionDenied(_("지출결의를 작성한 사람만 다시 상신할 수 있습니다."))
        if expenditure.status not in EXPENDITURE_RESUBMITTABLE:
            raise ValidationError(_("반려되거나 회수된 지출결의만 다시 상신할 수 있습니다."))
        if expenditure.owned_elsewhere:
            raise ValidationError(_("출장 여비 같은 다른 업무의 정산 지출결의는 그 업무 화면에서 다시 정산합니다."))
        fields = _clean(
            actor=actor,
            title=title,
            purpose=purpose,
            amount=amount,
            line=line,
            plan=plan,
            vendor=vendor,
            pay_date=pay_date,
            unit_task=unit_task,
        )
        checked = _check_files(files)
        for name, value in fields.items():
            setattr(expenditure, name, value)
        expenditure.settle_fully = settle_fully and plan is not None
        expenditure.save()
        _attach(expenditure, checked, actor)
        document = approval_resubmit_subject(
            subject=expenditure,
            actor=actor,
            title=_document_title(expenditure),
            body=expenditure_body(expenditure),
            unit_task=expenditure.unit_task,
            decision_amount=expenditure.amount,
            form_data=_form_data(expenditure),
            now=now,
        )
        expenditure.document = document
        expenditure.status = ExpenditureStatus.IN_PROGRESS
        expenditure.save(update_fields=["document", "status", "updated_at"])
        audit_record(
            action="expenditure.resubmit",
            actor=actor,
            target=expenditure,
            data={"amount": expenditure.amount, "document": document.pk, "round": document.round},
        )
    return expenditure


def _commitment_line(commitment: SourceRef) -> BudgetItem:
    lines = list(
        BudgetItem.objects.select_related("fiscal_year")
        .filter(
            postings__source_app=commitment.app,
            postings__source_model=commitment.model,
            postings__source_id=commitment.id,
            postings__kind=PostingKind.COMMIT,
        )
        .distinct()
    )
    if len(lines) != 1:
        raise ValidationError(_("정산할 지출원인행위를 찾을 수 없습니다: %(source)s") % {"source": commitment})
    return lines[0]


def expenditure_submit_on_commitment(
    *,
    actor: User,
    commitment: SourceRef,
    commitment_label: str,
    title: str,
    purpose: str,
    amount: int,
    payee_name: str,
    payee_bank_code: str,
    payee_account_number: str,
    pay_date: date,
    unit_task: UnitTask | None,
    now: datetime | None = None,
) -> Expenditure:
    """Draft and submit (상신) the 지출결의 that settles another app's commitment (a trip's 여비)
    and pays a person: the line is the commitment's, what it holds beyond the amount is released
    at the final approval, and an amount above it must fit the line's balance (checked now and
    again under the lock). Runs in the caller's transaction; Korean ValidationErrors by field."""
    errors: dict[str, str] = {}
    title, purpose, payee_name = (title or "").strip(), (purpose or "").strip(), (payee_name or "").strip()
    account = "".join(ch for ch in (payee_account_number or "") if ch.isdigit())
    if not title or len(title) > 200:
        errors["title"] = _("건명을 200자 안으로 입력하세요.")
    if not purpose:
        errors["purpose"] = _("지출 내용을 입력하세요.")
    if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0 or amount > MAX_AMOUNT:
        errors["amount"] = _("금액은 1원 이상의 원 단위 정수로 입력하세요.")
    if not payee_name or len(payee_name) > 50:
        errors["payee_name"] = _("받는 사람(예금주)을 50자 안으로 입력하세요.")
    if payee_bank_code not in BANK_NAMES:
        errors["payee_bank_code"] = _("입금 은행을 고르세요.")
    if not 10 <= len(account) <= 16 or len(account) != len((payee_account_number or "").replace("-", "").strip()):
        errors["payee_account_number"] = _("계좌번호는 숫자(하이픈 가능) 10~16자리로 입력하세요.")
    if unit_task is None:
        errors["unit_task"] = _("단위과제를 선택하세요.")
    if actor.department_id is None:
        errors["__all__"] = _("부서에 소속된 직원만 지출결의를 올릴 수 있습니다.")
    if errors or unit_task is None or actor.department_id is None:  # narrowed: both refused above
        raise ValidationError(errors)
    line = _commitment_line(commitment)
    if not line.fiscal_year.contains(pay_date):
        raise ValidationError(
            {
                "pay_date": _("지급 예정일 %(day)s이(가) %(year)d 회계연도 밖입니다.")
                % {"day": kdate(pay_date), "year": line.fiscal_year.year}
            }
        )
    left = commitment_left(commitment)
    if amount > left:
        found = balance(line)
        if amount - left > found.available_amount:
            short = Shortfall(found.line_id, found.label, found.available_amount, amount - left, found.uses_allotment)
            raise ValidationError({"amount": short.message})
    with transaction.atomic():
        expenditure = Expenditure.objects.create(
            title=title,
            purpose=purpose,
            amount=amount,
            line=line,
            payee_name=payee_name,
            payee_bank_code=payee_bank_code,
            payee_account_number=account,
            commitment_app=commitment.app,
            commitment_model=commitment.model,
            commitment_id=commitment.id,
            settle_fully=True,
            pay_date=pay_date,
            unit_task=unit_task,
            department_id=actor.department_id,
            drafter=actor,
        )
        document = approval_submit_subject(
            kind=EXPENDITURE_KIND,
            subject=expenditure,
            actor=actor,
            title=_document_title(expenditure),
            body=expenditure_body(expenditure, commitment_label=commitment_label),
            unit_task=unit_task,
            decision_amount=amount,
            form_data=_form_data(expenditure),
            now=now,
        )
        expenditure.document = document
        expenditure.status = ExpenditureStatus.IN_PROGRESS
        expenditure.save(update_fields=["document", "status", "updated_at"])
        audit_record(
            action="expenditure.submit",
            actor=actor,
            target=expenditure,
            data={
                "amount": amount,
                "line": line.label,
                "document": document.pk,
                "commitment": str(commitment),
            },
        )
    return expenditure


# --- the decision -----------------------------------------------------------------------------


def _current(decision: Decision) -> bool:
    expenditure = decision.subject
    return expenditure.document_id == decision.document_id and expenditure.status == ExpenditureStatus.IN_PROGRESS


def expenditure_approved(decision: Decision) -> None:
    """집행: execute under the line's lock (a shortfall raises and the decision is rolled back),
    settle the plan's commitment, journalise Dr 비용 / Cr 미지급금."""
    if not _current(decision):
        return
    expenditure: Expenditure = decision.subject
    line = BudgetItem.objects.select_related("fiscal_year").get(pk=expenditure.line_id)
    day = posting_day(line, decision.at)
    source = SourceRef.of(expenditure)
    plan_source = _commitment_of(expenditure)
    execute(
        source=source,
        amount=expenditure.amount,
        line=line,
        commitment_source=plan_source,
        actor=decision.actor,
        on=day,
        memo=expenditure.title,
        excess_from_balance=expenditure.owned_elsewhere,
    )
    if plan_source is not None and expenditure.settle_fully:
        release(source=plan_source, actor=decision.actor, line=line, on=day)
    post_entry(
        kind=EntryKind.EXPENDITURE,
        entry_date=day,
        memo=expenditure.title,
        source=source,
        actor=decision.actor,
        lines=[
            EntryLine(
                expense_account_for(line.standard_code),
                debit=expenditure.amount,
                memo=line.label,
                budget_line_id=line.pk,
            ),
            EntryLine(role="payable", credit=expenditure.amount, memo=expenditure.payee_label),
        ],
    )
    expenditure.status = ExpenditureStatus.APPROVED
    expenditure.approved_at = decision.at
    expenditure.executed_on = day
    expenditure.registration = decision.registration
    expenditure.save(update_fields=["status", "approved_at", "executed_on", "registration", "updated_at"])
    _tell_owner(decision, expenditure)


def _closed(status: str):  # type: ignore[no-untyped-def]
    def callback(decision: Decision) -> None:
        if not _current(decision):
            return
        expenditure: Expenditure = decision.subject
        expenditure.status = status
        expenditure.save(update_fields=["status", "updated_at"])
        _tell_owner(decision, expenditure)

    return callback


def expenditure_requester(expenditure: Expenditure) -> User:
    return expenditure.drafter


# --- payment (지급) -----------------------------------------------------------------------------


def is_accounting_officer(user: User) -> bool:
    return user.is_authenticated and ACCOUNTING_OFFICER in user.role_names()


def payment_make(
    *, actor: User, expenditure_ids: Sequence[int], paid_on: date | None, from_account: str, memo: str
) -> PaymentBatch:
    """지급: the 회계 담당 pays approved, unpaid expenditures together. Each is journalised (Dr
    미지급금 / Cr 보통예금) on `paid_on`. Refused whole, in Korean, if any cannot be paid."""
    if not is_accounting_officer(actor):
        raise PermissionDenied(_("회계 담당만 지급할 수 있습니다."))
    errors: dict[str, str] = {}
    from_account, memo = (from_account or "").strip(), (memo or "").strip()
    if not expenditure_ids:
        errors["expenditures"] = _("지급할 지출결의를 고르세요.")
    if paid_on is None:
        errors["paid_on"] = _("지급일을 입력하세요.")
    if not from_account:
        errors["from_account"] = _("출금 계좌를 입력하세요.")
    elif len(from_account) > 60:
        errors["from_account"] = _("출금 계좌는 60자까지 쓸 수 있습니다.")
    if not memo:
        errors["memo"] = _("적요를 입력하세요.")
    elif len(memo) > TRANSFER_MEMO_MAX:
        errors["memo"] = _("적요는 %(max)d자까지 쓸 수 있습니다(받는 분 통장에 찍히는 글자 수).") % {
            "max": TRANSFER_MEMO_MAX
        }
    if errors:
        raise ValidationError(errors)
    if paid_on is None:  # narrowed above
        raise ValidationError({"paid_on": _("지급일을 입력하세요.")})
    with transaction.atomic():
        rows = list(
            Expenditure.objects.select_for_update(of=("self",))
            .filter(pk__in=list(expenditure_ids))
            .select_related("vendor")
            .order_by("pk")
        )
        if len(rows) != len(set(expenditure_ids)):
            raise ValidationError({"expenditures": _("없는 지출결의가 들어 있습니다.")})
        problems = []
        for expenditure in rows:
            if expenditure.status != ExpenditureStatus.APPROVED:
                problems.append(_("%(title)s: 승인된 지출결의가 아닙니다.") % {"title": expenditure.title})
            elif expenditure.payment_id is not None:
                problems.append(_("%(title)s: 이미 지급했습니다.") % {"title": expenditure.title})
            elif expenditure.executed_on and paid_on < expenditure.executed_on:
                problems.append(
                    _("%(title)s: 지급일이 집행일(%(day)s)보다 앞섭니다.")
                    % {"title": expenditure.title, "day": kdate(expenditure.executed_on)}
                )
        if problems:
            raise ValidationError({"expenditures": problems})
        batch = PaymentBatch.objects.create(paid_on=paid_on, from_account=from_account, memo=memo, actor=actor)
        for expenditure in rows:
            post_entry(
                kind=EntryKind.PAYMENT,
                entry_date=paid_on,
                memo=_("지급: %(title)s") % {"title": expenditure.title},
                source=SourceRef.of(expenditure),
                actor=actor,
                lines=[
                    EntryLine(role="payable", debit=expenditure.amount, memo=expenditure.payee_label),
                    EntryLine(role="bank", credit=expenditure.amount, memo=from_account),
                ],
            )
        Expenditure.objects.filter(pk__in=[e.pk for e in rows]).update(payment=batch, updated_at=timezone.now())
        audit_record(
            action="payment.make",
            actor=actor,
            target=batch,
            data={
                "paid_on": paid_on.isoformat(),
                "from_account": from_account,
                "expenditures": [e.pk for e in rows],
                "total": sum(e.amount for e in rows),
            },
        )
    return batch


def transfer_file(batch: PaymentBatch) -> bytes:
    """The batch's bank transfer file (budget.transfers: 은행코드, 계좌번호 digits only, 예금주,
    금액, 적요; CP949, CRLF), one row per expenditure."""
    rows = [
        TransferRow(
            bank_code=expenditure.bank_code,
            account_number=expenditure.account_number,
            holder=expenditure.account_holder,
            amount=expenditure.amount,
            memo=batch.memo,
        )
        for expenditure in batch.expenditures.select_related("vendor").order_by("pk")
    ]
    try:
        return transfer_csv(rows)
    except ValidationError:
        raise ValidationError(
            _("은행 이체 파일(CP949)에 쓸 수 없는 글자가 예금주나 적요에 있습니다. 거래처의 예금주를 확인하세요.")
        ) from None


def register_kinds() -> None:
    """The approval kind of 지출결의 (called by the engine at start, budget.plugin)."""
    register_kind(
        EXPENDITURE_KIND,
        label=str(gettext_lazy("지출결의")),
        subject_model="budget.Expenditure",
        requester=expenditure_requester,
        on_approved=expenditure_approved,
        on_rejected=_closed(ExpenditureStatus.REJECTED),
        on_withdrawn=_closed(ExpenditureStatus.WITHDRAWN),
    )
