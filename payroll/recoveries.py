"""Collecting a 환수 (payroll.corrections): a correction that lowered someone's pay leaves them
owing its negative net, which the run's approval books as 미수금 (payroll.books: Dr 미수금). The
급여 담당 records what is collected of it, in as many parts as it comes:

- 계좌 입금: the person paid it into the institution's account — Dr 보통예금 / Cr 미수금 (수납);
- 급여공제: it was deducted from a later run's pay (a deduction item such as 환수금 on the person's
  pay profile, so that run's journal holds it in 예수금) — Dr 예수금 / Cr 미수금, naming the run.
  The person's slip in that run must carry at least that much in 기타 공제, counting what earlier
  collections already took from it.

Each collection is journalised through budget's books (budget.books.post_entry, the 미수금 by its
role "receivable", idempotent by SourceRef("payroll", "recoverycollection", pk)) in the recording
transaction, and audited. Collections never exceed what is owed: the slip is locked while the
outstanding amount is read and the collection written, so two officers recording at once cannot
both take the last part."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import BigIntegerField, F, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from audit.services import audit_record
from budget.books import EntryKind, EntryLine, post_entry
from budget.charges import SourceRef
from core.templatetags.korean import kdate, won
from payroll.models import CollectionMethod, PayrollError, PayrollRun, Payslip, RecoveryCollection, RunStatus

FINAL = (RunStatus.FINALISED, RunStatus.PAID)


def collection_source(collection: RecoveryCollection) -> SourceRef:
    return SourceRef("payroll", "recoverycollection", str(collection.pk))


def collected_sum() -> Coalesce:
    """A slip's collected 환수 so far (the sum of its RecoveryCollection rows, 0 without any), for
    `.annotate(collected=…)` wherever 환수 잔액 is shown."""
    return Coalesce(Sum("collections__amount"), Value(0), output_field=BigIntegerField())


def recoveries(*, outstanding_only: bool = False) -> QuerySet[Any]:
    """Every 환수 booked (a slip with a negative net on an approved run; with `outstanding_only`,
    those not collected in full) with `collected` (the sum of its collections) and `outstanding`
    (what is still owed), oldest month first (one query)."""
    rows = (
        Payslip.objects.filter(net_amount__lt=0, run__approved_at__isnull=False)
        .annotate(collected=collected_sum())
        .annotate(outstanding=-F("net_amount") - F("collected"))
    )
    if outstanding_only:
        rows = rows.filter(outstanding__gt=0)
    return rows.select_related("user", "run").order_by("month", "department_name", "user__name", "pk")


def outstanding_of(slip: Payslip) -> int:
    collected = RecoveryCollection.objects.filter(slip=slip).aggregate(total=Sum("amount"))["total"] or 0
    return int(slip.recovery_amount - collected)


def later_runs_for(slip: Payslip) -> QuerySet[PayrollRun]:
    """The runs a 환수 may have been deducted from: approved runs of a later month where the person
    has a slip."""
    return (
        PayrollRun.objects.filter(month__gt=slip.month, approved_at__isnull=False, slips__user_id=slip.user_id)
        .distinct()
        .order_by("-month", "kind", "pk")
    )


def _check_deduction(slip: Payslip, run: PayrollRun | None, amount: int) -> PayrollRun:
    if run is None:
        raise PayrollError("급여공제로 회수했다면 공제한 급여(귀속 월)를 고르세요.")
    if run.month <= slip.month or run.approved_at is None:
        raise PayrollError("공제한 급여는 환수 뒤 달의, 결재가 끝난 급여여야 합니다.")
    later = Payslip.objects.filter(run=run, user_id=slip.user_id).values_list("other_deduction_amount", flat=True)
    deducted = later.first()
    if deducted is None:
        raise PayrollError(f"{run}에 {slip.user.name}의 급여명세서가 없습니다.")
    taken = (
        RecoveryCollection.objects.filter(deducted_in=run, slip__user_id=slip.user_id).aggregate(total=Sum("amount"))[
            "total"
        ]
        or 0
    )
    if taken + amount > deducted:
        raise PayrollError(
            f"{run}의 기타 공제는 {won(deducted)}이고 이미 {won(taken)}을 환수로 기록했습니다. "
            f"{won(amount)}을 더 기록할 수 없습니다. 공제 항목(예: 환수금)을 먼저 확인하세요."
        )
    return run


@transaction.atomic(durable=True)
def recovery_collect(
    *,
    actor: Any,
    slip: Payslip,
    amount: int,
    collected_on: datetime.date,
    method: str,
    deducted_in: PayrollRun | None = None,
    memo: str = "",
) -> RecoveryCollection:
    """Record that `amount` of the 환수 on `slip` was collected on `collected_on` (see the module)."""
    locked = Payslip.objects.select_for_update(of=("self",)).select_related("run", "user").get(pk=slip.pk)
    if locked.net_amount >= 0 or locked.run.approved_at is None:
        raise PayrollError("결재가 끝난 정정 급여의 환수액만 회수를 기록할 수 있습니다.")
    if method not in CollectionMethod.values:
        raise PayrollError("회수 방법은 급여공제 또는 계좌 입금이어야 합니다.")
    if not isinstance(amount, int) or amount <= 0:
        raise PayrollError("회수액은 1원 이상의 정수(원)여야 합니다.")
    if collected_on > timezone.localdate():
        raise PayrollError("회수일은 오늘 이후일 수 없습니다.")
    approved_on = timezone.localdate(locked.run.approved_at)
    if collected_on < approved_on:
        raise PayrollError(f"회수일은 환수가 확정된 날({kdate(approved_on)}) 이후여야 합니다.")
    outstanding = outstanding_of(locked)
    if amount > outstanding:
        raise PayrollError(f"남은 환수액은 {won(outstanding)}입니다. 그보다 많이 회수할 수 없습니다.")
    deducted_in = _check_deduction(locked, deducted_in, amount) if method == CollectionMethod.DEDUCTION else None
    collection = RecoveryCollection.objects.create(
        slip=locked,
        collected_on=collected_on,
        amount=amount,
        method=method,
        deducted_in=deducted_in,
        memo=memo.strip()[:200],
        recorded_by=actor,
    )
    owed = f"{locked.month.year}년 {locked.month.month}월 급여 환수 ({locked.user.name})"
    if method == CollectionMethod.DEPOSIT:
        kind, debit = EntryKind.RECEIPT, EntryLine(role="bank", debit=amount, memo=f"{owed} 입금")
    else:
        kind, debit = EntryKind.EXTERNAL, EntryLine(role="withholding", debit=amount, memo=f"{owed} {deducted_in} 공제")
    try:
        entry = post_entry(
            kind=kind,
            entry_date=collected_on,
            memo=f"{owed} 회수",
            source=collection_source(collection),
            lines=[debit, EntryLine(role="receivable", credit=amount, memo=f"{owed} 미수금 회수")],
            actor=actor,
        )
    except ValidationError as refused:
        raise PayrollError(" ".join(refused.messages)) from None
    audit_record(
        action="payroll_recovery.collect",
        actor=actor,
        target=locked,
        data={
            "collection": collection.pk,
            "amount": amount,
            "method": method,
            "on": collected_on.isoformat(),
            "deducted_in": deducted_in.pk if deducted_in else None,
            "outstanding": outstanding - amount,
            "journal_entry": entry.pk,
        },
    )
    return collection
