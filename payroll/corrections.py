"""Correction runs (소급·정정): after a month's run is 확정, what changed since (a 호봉 change dated
back, a dependant declared late, an allowance set wrong) is paid as the difference — never by
editing the finalised slips (payroll.models refuses that).

A correction run names the finalised run it corrects (`corrects`, same month). Its 계산 recomputes
everyone employed in the month through the same engine with today's records, and subtracts what
the month's finalised runs (the regular run and the corrections already finalised) paid, per
person and per line (kind, code) and per slip total. Only people with a difference get a slip,
holding exactly the difference; the run then follows the same path as any run — 예산 확인 of the
difference, 결재 (`payroll.run`), its own journal entry, 확정, 지급.

A difference may lower an amount (환수: a 호봉 lowered back-dated, an allowance paid in error, a
deduction taken in excess): the line then holds the negative difference, and a person whose net
difference is negative owes it back (Payslip.recovery_amount, the register's 환수액 column). At
approval the lowered budget lines get their execution back (budget.charges.refund_many: 지출
반납 within the year), the journal reverses the expense and books the amount owed as 미수금
(payroll.books); the bank transfer file pays only the positive nets. Recovering the money itself
(the person's repayment or a set-off against a later month) is settled outside the run.
A month with no difference is refused (nothing to pay or recover).

A 상여 run is corrected the same way, on its own: its correction recomputes only the 상여 항목 (a
성과상여금 set wrong, a 명절휴가비 paid to someone not eligible) and subtracts what that 상여 run
and its finalised corrections paid — never the month's regular pay, which a regular correction
corrects. Its 소득세 is withheld again by 소득세법 §136 over the same 지급대상기간 (payroll.bonus),
the period leaving out the bonus being corrected: the bonus is taxed as it should have been, and
the difference from what was withheld is the correction's (less withheld → more tax, a smaller
bonus → tax given back). A lowered bonus is a 환수 like any other."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any, NamedTuple

from django.db import transaction
from django.db.models import Max, Q, Sum

from audit.services import audit_record
from core.templatetags.korean import won
from payroll.calculator import Calculated
from payroll.models import (
    CORRECTION_KINDS,
    SLIP_AMOUNTS,
    PayrollError,
    PayrollRun,
    Payslip,
    PayslipLine,
    RunKind,
    RunStatus,
)
from payroll.services import calculate_people, departments_of, lines_copy, slip_row, slips_copy

FINAL = (RunStatus.FINALISED, RunStatus.PAID)
LineKey = tuple[str, str]  # (kind, code)


class Paid(NamedTuple):
    """A line as the month's finalised runs paid it, summed over them."""

    amount: int = 0
    exempt: int = 0
    label: str = ""
    budget_code: str = ""


@transaction.atomic(durable=True)
def correction_run_create(*, actor: Any, corrects: PayrollRun, kind: str = RunKind.RETROACTIVE) -> PayrollRun:
    """A 소급 or 정정 run for the month of the finalised run `corrects` (준비)."""
    if kind not in CORRECTION_KINDS:
        raise PayrollError("정정 급여의 종류는 소급 또는 정정이어야 합니다.")
    if corrects.status not in FINAL:
        raise PayrollError("확정된 급여만 정정할 수 있습니다.")
    if corrects.kind in CORRECTION_KINDS:
        # A correction of a correction corrects what the first one corrected (the month's regular
        # run, or its 상여 run).
        corrects = corrects.corrects or corrects
    open_ = PayrollRun.objects.filter(month=corrects.month, kind__in=CORRECTION_KINDS).exclude(status__in=FINAL)
    if open_.exists():
        raise PayrollError(
            f"{corrects.month.year}년 {corrects.month.month}월에 확정되지 않은 정정 급여가 이미 있습니다. "
            "그 정정을 먼저 마치세요."
        )
    run = PayrollRun.objects.create(month=corrects.month, kind=kind, corrects=corrects, created_by=actor)
    audit_record(
        action="payroll_run.create",
        actor=actor,
        target=run,
        data={"month": run.month.isoformat(), "kind": kind, "corrects": corrects.pk},
    )
    return run


def corrected_runs(run: PayrollRun) -> list[int]:
    """The finalised runs a correction's difference is taken against (one query): for a 상여 run
    corrected, that run and its finalised corrections; otherwise the month's regular pay and its
    corrections (a 상여 run and its corrections pay items the recalculation leaves out)."""
    final = PayrollRun.objects.filter(month=run.month, status__in=FINAL).exclude(pk=run.pk)
    if run.corrects is not None and run.corrects.kind == RunKind.BONUS:
        final = final.filter(Q(pk=run.corrects_id) | Q(corrects_id=run.corrects_id))
    else:
        final = final.exclude(kind=RunKind.BONUS).exclude(corrects__kind=RunKind.BONUS)
    return list(final.values_list("pk", flat=True))


def _paid_before(final: list[int]) -> tuple[dict[int, dict[str, int]], dict[int, dict[LineKey, Paid]]]:
    """What the runs `final` paid, per person: slip totals, and line amounts with their 비과세
    parts, labels and 통계목 (2 queries)."""
    slips: dict[int, dict[str, int]] = defaultdict(lambda: dict.fromkeys(SLIP_AMOUNTS, 0))
    rows = Payslip.objects.filter(run_id__in=final).values("user_id").annotate(**{n: Sum(n) for n in SLIP_AMOUNTS})
    for row in rows:
        slips[row["user_id"]] = {name: row[name] or 0 for name in SLIP_AMOUNTS}
    lines: dict[int, dict[LineKey, Paid]] = defaultdict(dict)
    line_rows = (
        PayslipLine.objects.filter(slip__run_id__in=final)
        .values("slip__user_id", "kind", "code")
        .annotate(total=Sum("amount"), exempt=Sum("non_taxable_amount"), label=Max("label"), budget=Max("budget_code"))
    )
    for row in line_rows:
        key = (row["kind"], row["code"])
        lines[row["slip__user_id"]][key] = Paid(row["total"] or 0, row["exempt"] or 0, row["label"], row["budget"])
    return slips, lines


def _difference(
    run: PayrollRun,
    calculated: Iterable[Calculated],
    departments: dict[int, str],
    paid_slips: dict[int, dict[str, int]],
    paid_lines: dict[int, dict[LineKey, Paid]],
    *,
    bonus: bool = False,
) -> list[tuple[Payslip, list[tuple[Any, ...]]]]:
    """Each person with a difference: a slip of the differences of its totals, and the lines
    (kind, code, label, amount, 비과세, 통계목, basis) that changed, raised or lowered."""
    result = []
    for calc in calculated:
        user_id = calc.person.user_id
        before = paid_lines.get(user_id, {})
        now = {(line.kind, line.code): line for line in calc.lines}
        diff_lines = []
        for key in sorted(set(now) | set(before)):
            line = now.get(key)
            paid = before.get(key, Paid())
            was = paid.amount
            change = (line.amount if line else 0) - was
            if change == 0:
                continue
            # The 비과세 part of the difference, kept to the change's sign and size (a limit shared
            # by several lines can move the split between them).
            exempt = (line.non_taxable_amount if line else 0) - paid.exempt
            exempt = min(max(exempt, 0), change) if change > 0 else max(min(exempt, 0), change)
            label = line.label if line else paid.label or key[1]
            budget = line.budget_code if line else paid.budget_code
            verb = "환수" if change < 0 else "차액"
            basis = f"정정 {verb} (확정분 {was:,}원 → {line.amount if line else 0:,}원)"
            diff_lines.append((key[0], key[1], label, change, exempt, budget, basis))
        if not diff_lines:
            continue
        slip = slip_row(run, calc, departments)
        totals = paid_slips.get(user_id, dict.fromkeys(SLIP_AMOUNTS, 0))
        for name in SLIP_AMOUNTS:
            setattr(slip, name, getattr(slip, name) - totals[name])
        slip.warnings = (
            [f"환수액 {won(-slip.net_amount)}: 확정된 급여보다 적게 계산되었습니다."] if slip.net_amount < 0 else []
        )
        what = "확정 상여 급여" if bonus else "확정 급여"
        slip.basis = [f"{run.month.year}년 {run.month.month}월 {what}와의 차액", *slip.basis]
        result.append((slip, diff_lines))
    return result


def correction_run_calculate(*, actor: Any, run: PayrollRun) -> PayrollRun:
    """준비 → 검토: compute the differences and write them as the run's slips (see the module)."""
    if run.kind not in CORRECTION_KINDS:
        raise PayrollError("정정 급여가 아닙니다.")
    with transaction.atomic():
        locked = PayrollRun.objects.select_for_update().get(pk=run.pk)
        if locked.status != RunStatus.PREPARED:
            raise PayrollError("차액 계산은 준비 상태의 정정 급여에서만 할 수 있습니다.")
        final = corrected_runs(locked)
        bonus = locked.corrects is not None and locked.corrects.kind == RunKind.BONUS
        if bonus:
            calculated = calculate_people(locked.month, kind=RunKind.BONUS, leave_out=final)
        else:
            calculated = calculate_people(locked.month)
        departments = departments_of(c.person.user_id for c in calculated)
        paid_slips, paid_lines = _paid_before(final)
        differences = _difference(locked, calculated, departments, paid_slips, paid_lines, bonus=bonus)
        if not differences:
            what = "확정 상여 급여" if bonus else "확정 급여"
            raise PayrollError(
                f"{locked.month.year}년 {locked.month.month}월 {what}와 달라진 금액이 없습니다. "
                "정정할 차액(지급·환수)이 없습니다."
            )
        slips = [slip for slip, _lines in differences]
        slips_copy(slips)
        lines_copy(
            (slip.pk, kind, code, label, amount, non_taxable, budget, basis[:200], order)
            for slip, rows in differences
            for order, (kind, code, label, amount, non_taxable, budget, basis) in enumerate(rows)
        )
        locked.status = RunStatus.REVIEW
        locked.total_count = locked.done_count = len(slips)
        locked.save(update_fields=["status", "total_count", "done_count"])
        audit_record(
            action="payroll_run.calculate",
            actor=actor,
            target=locked,
            data={
                "people": len(slips),
                "correction_of": locked.corrects_id,
                "recovery": sum(slip.recovery_amount for slip in slips),
            },
        )
    return locked
