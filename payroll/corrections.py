"""Correction runs (소급·정정): after a month's run is 확정, what changed since (a 호봉 change dated
back, a dependant declared late, an allowance set wrong) is paid as the difference — never by
editing the finalised slips (payroll.models refuses that).

A correction run names the finalised run it corrects (`corrects`, same month). Its 계산 recomputes
everyone employed in the month through the same engine with today's records, and subtracts what
the month's finalised runs (the regular run and the corrections already finalised) paid, per
person and per line (kind, code) and per slip total. Only people with a difference get a slip,
holding exactly the difference; the run then follows the same path as any run — 예산 확인 of the
difference, 결재 (`payroll.run`), its own journal entry, 확정, 지급.

A difference that lowers an amount (환수: pay that was too high, a deduction taken in excess) is
refused with the people and lines named: a recovery is not a payment and is settled outside a
payment run. A month with no difference is refused too (nothing to pay)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Sum

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


@transaction.atomic(durable=True)
def correction_run_create(*, actor: Any, corrects: PayrollRun, kind: str = RunKind.RETROACTIVE) -> PayrollRun:
    """A 소급 or 정정 run for the month of the finalised run `corrects` (준비)."""
    if kind not in CORRECTION_KINDS:
        raise PayrollError("정정 급여의 종류는 소급 또는 정정이어야 합니다.")
    if corrects.status not in FINAL:
        raise PayrollError("확정된 급여만 정정할 수 있습니다.")
    if corrects.kind in CORRECTION_KINDS:
        corrects = corrects.corrects or corrects  # a correction corrects the month's regular run
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


def _paid_before(run: PayrollRun) -> tuple[dict[int, dict[str, int]], dict[int, dict[LineKey, int]]]:
    """What the month's finalised runs paid, per person: slip totals and line amounts (2 queries)."""
    final = PayrollRun.objects.filter(month=run.month, status__in=FINAL).exclude(pk=run.pk)
    slips: dict[int, dict[str, int]] = defaultdict(lambda: dict.fromkeys(SLIP_AMOUNTS, 0))
    rows = Payslip.objects.filter(run__in=final).values("user_id").annotate(**{n: Sum(n) for n in SLIP_AMOUNTS})
    for row in rows:
        slips[row["user_id"]] = {name: row[name] or 0 for name in SLIP_AMOUNTS}
    lines: dict[int, dict[LineKey, int]] = defaultdict(dict)
    line_rows = (
        PayslipLine.objects.filter(slip__run__in=final)
        .values("slip__user_id", "kind", "code")
        .annotate(total=Sum("amount"))
    )
    for row in line_rows:
        lines[row["slip__user_id"]][(row["kind"], row["code"])] = row["total"] or 0
    return slips, lines


def _difference(
    run: PayrollRun,
    calculated: Iterable[Calculated],
    departments: dict[int, str],
    paid_slips: dict[int, dict[str, int]],
    paid_lines: dict[int, dict[LineKey, int]],
) -> tuple[list[tuple[Payslip, list[tuple[Any, ...]]]], list[str]]:
    result, lowered = [], []
    for calc in calculated:
        user_id = calc.person.user_id
        before = paid_lines.get(user_id, {})
        now = {(line.kind, line.code): line for line in calc.lines}
        diff_lines = []
        for key in sorted(set(now) | set(before)):
            line = now.get(key)
            change = (line.amount if line else 0) - before.get(key, 0)
            if change == 0:
                continue
            label = line.label if line else key[1]
            if change < 0:
                lowered.append(f"{user_id}:{label} {won(change)}")
                continue
            non_taxable = min(change, line.non_taxable_amount) if line else 0
            basis = f"정정 차액 (확정분 {before.get(key, 0):,}원 → {line.amount if line else 0:,}원)"
            diff_lines.append((key[0], key[1], label, change, non_taxable, line.budget_code if line else "", basis))
        if not diff_lines:
            continue
        slip = slip_row(run, calc, departments)
        paid = paid_slips.get(user_id, dict.fromkeys(SLIP_AMOUNTS, 0))
        for name in SLIP_AMOUNTS:
            setattr(slip, name, getattr(slip, name) - paid[name])
        slip.warnings = []
        slip.basis = [f"{run.month.year}년 {run.month.month}월 확정 급여와의 차액", *slip.basis]
        result.append((slip, diff_lines))
    return result, lowered


def correction_run_calculate(*, actor: Any, run: PayrollRun) -> PayrollRun:
    """준비 → 검토: compute the differences and write them as the run's slips (see the module)."""
    if run.kind not in CORRECTION_KINDS:
        raise PayrollError("정정 급여가 아닙니다.")
    with transaction.atomic():
        locked = PayrollRun.objects.select_for_update().get(pk=run.pk)
        if locked.status != RunStatus.PREPARED:
            raise PayrollError("차액 계산은 준비 상태의 정정 급여에서만 할 수 있습니다.")
        calculated = calculate_people(locked.month)
        departments = departments_of(c.person.user_id for c in calculated)
        paid_slips, paid_lines = _paid_before(locked)
        differences, lowered = _difference(locked, calculated, departments, paid_slips, paid_lines)
        if lowered:
            names = dict(
                Payslip.objects.filter(user_id__in={int(t.split(":")[0]) for t in lowered}).values_list(
                    "user_id", "user__name"
                )
            )
            shown = [f"{names.get(int(t.split(':')[0]), '')} {t.split(':', 1)[1]}" for t in lowered[:5]]
            raise PayrollError(
                "확정된 급여보다 줄어드는 금액(환수)이 있어 정정 급여로 지급할 수 없습니다: "
                + ", ".join(shown)
                + (f" 외 {len(lowered) - 5}건" if len(lowered) > 5 else "")
            )
        if not differences:
            raise PayrollError(
                f"{locked.month.year}년 {locked.month.month}월 확정 급여와 달라진 금액이 없습니다. "
                "정정할 차액이 없습니다."
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
            data={"people": len(slips), "correction_of": locked.corrects_id},
        )
    return locked
