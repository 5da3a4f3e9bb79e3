"""Payroll's writes: creating a run, calculating it in chunks (idempotent: a chunk delivered twice
writes its slips once, backed by the unique (run, person) constraint), and revealing a profile's
encrypted values (an audit event each time)."""

from __future__ import annotations

import datetime
import functools
import json
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from audit.services import audit_record
from core.bulk import reserve_ids
from org.models import User
from payroll.bonus import bonus_periods
from payroll.calculator import Calculated, calculate_slip
from payroll.inputs import attendance_inputs, employer_settings, item_rules, people_for
from payroll.models import (
    CORRECTION_KINDS,
    SLIP_AMOUNTS,
    PayProfile,
    PayrollError,
    PayrollRun,
    Payslip,
    PayslipLine,
    RunKind,
    RunStatus,
)

CHUNK_SIZE = 500


def slip_row(run: PayrollRun, calculated: Calculated, departments: dict[int, str]) -> Payslip:
    result = calculated.result
    employer = result.employer
    person = calculated.person
    return Payslip(
        run=run,
        user_id=person.user_id,
        month=run.month,
        department_name=departments.get(person.user_id) or "",  # a person may have no department
        grade_name=person.grade_name,
        pay_step=person.pay_step,
        gross_amount=result.gross,
        taxable_amount=result.taxable,
        non_taxable_amount=result.non_taxable,
        national_pension_amount=result.national_pension,
        health_insurance_amount=result.health_insurance,
        long_term_care_amount=result.long_term_care,
        employment_insurance_amount=result.employment_insurance,
        income_tax_amount=result.income_tax,
        local_income_tax_amount=result.local_income_tax,
        other_deduction_amount=sum(d.amount for d in result.voluntary),
        total_deduction_amount=result.total_deductions,
        net_amount=result.net,
        employer_national_pension_amount=employer.national_pension,
        employer_health_insurance_amount=employer.health_insurance,
        employer_long_term_care_amount=employer.long_term_care,
        employer_employment_insurance_amount=employer.employment_insurance,
        employer_employment_stability_amount=employer.employment_stability,
        employer_industrial_accident_amount=employer.industrial_accident,
        warnings=list(result.warnings),
        basis=list(result.basis),
    )


def slips_write(run: PayrollRun, calculated: Sequence[Calculated], departments: dict[int, str]) -> int:
    """Write the slips and their lines that the run does not have yet; returns how many were new.
    The caller holds the run's row lock, so two deliveries of one chunk do not interleave."""
    existing = set(
        Payslip.objects.filter(run=run, user_id__in=[c.person.user_id for c in calculated]).values_list(
            "user_id", flat=True
        )
    )
    fresh = [c for c in calculated if c.person.user_id not in existing]
    slips = [slip_row(run, c, departments) for c in fresh]
    slips_copy(slips)
    lines_copy(
        (
            slip.pk,
            line.kind,
            line.code,
            line.label,
            line.amount,
            line.non_taxable_amount,
            line.budget_code,
            line.basis[:200],
            order,
        )
        for slip, c in zip(slips, fresh, strict=True)
        for order, line in enumerate(c.lines)
    )
    return len(slips)


LINE_COLUMNS = ("slip_id", "kind", "code", "label", "amount", "non_taxable_amount", "budget_code", "basis", "order")


SLIP_COLUMNS = (
    "id",
    "run_id",
    "user_id",
    "month",
    "department_name",
    "grade_name",
    "pay_step",
    *SLIP_AMOUNTS,
    "warnings",
    "basis",
    "created_at",
)


def slips_copy(slips: list[Payslip]) -> None:
    """Insert slips with COPY, their ids drawn first from the table's sequence (core.bulk) so the
    lines can point at them: the same rows bulk_create would write, several times faster."""
    now = timezone.now()
    for slip, pk in zip(slips, reserve_ids(Payslip, len(slips)), strict=True):
        slip.pk = pk
        slip.created_at = now
    _copy(
        Payslip._meta.db_table,
        SLIP_COLUMNS,
        (
            (
                s.pk,
                s.run_id,
                s.user_id,
                s.month,
                s.department_name,
                s.grade_name,
                s.pay_step,
                *(getattr(s, name) for name in SLIP_AMOUNTS),
                json.dumps(s.warnings, ensure_ascii=False),
                json.dumps(s.basis, ensure_ascii=False),
                s.created_at,
            )
            for s in slips
        ),
    )


def _copy(table: str, columns: Iterable[str], rows: Iterable[tuple[Any, ...]]) -> None:
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg 3's own cursor, on the same connection and search_path
        with raw.copy(f"COPY {quote(table)} ({', '.join(quote(c) for c in columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)


def lines_copy(rows: Iterable[tuple[int, str, str, str, int, int, str, str, int]]) -> None:
    """Insert slip lines with PostgreSQL's COPY: a run writes about fifteen lines a slip, and COPY
    takes them an order of magnitude faster than INSERTs (bulk_create), which decides whether a
    10,000-staff run fits its minute. The values are the calculator's, passed as data, never as SQL."""
    _copy(PayslipLine._meta.db_table, LINE_COLUMNS, rows)


def departments_of(user_ids: Iterable[int]) -> dict[int, str]:
    return dict(User.objects.filter(pk__in=list(user_ids)).values_list("pk", "department__name"))


def calculate_people(
    month: datetime.date,
    user_ids: Iterable[int] | None = None,
    *,
    kind: str = RunKind.REGULAR,
    leave_out: Iterable[int] = (),
) -> list[Calculated]:
    """The month's slips for everyone employed (or `user_ids`), computed but not written. A 상여
    run (`kind`) pays only the items marked 상여 항목, withheld by §136 over a period that counts
    the month's finalised regular pay (payroll.bonus) but not the runs in `leave_out` (a 상여
    correction recomputing its bonus); every other run pays the rest."""
    bonus_run = kind == RunKind.BONUS
    items = item_rules()
    employer = employer_settings()
    paid = attendance_month(month)
    inputs = {} if bonus_run else attendance_inputs(paid.year, paid.month)
    people = list(people_for(month, user_ids))
    periods = bonus_periods(month, people, items, paying_month_paid=bonus_run, leave_out=leave_out)  # 소득세법 §136
    return [
        calculate_slip(p, items, employer, inputs.get(p.user_id), periods.get(p.user_id), bonus_run=bonus_run)
        for p in people
    ]


def bonus_payees(month: datetime.date) -> list[int]:
    """Who a 상여 run of `month` pays: the people employed whose 상여 항목 come to something
    (eligibility is the calculator's: 명절휴가비 in the festival months, a 성과상여금 set on the
    profile …). It calculates everyone once, without writing: a bonus run is rare and its slips
    should be the payees', not a zero slip for every member of staff."""
    return [c.person.user_id for c in calculate_people(month, kind=RunKind.BONUS) if c.result.gross > 0]


@transaction.atomic(durable=True)
def payroll_run_create(*, actor: Any, month: datetime.date, kind: str = RunKind.REGULAR) -> PayrollRun:
    month = month.replace(day=1)
    if kind == RunKind.REGULAR and PayrollRun.objects.filter(month=month, kind=kind).exists():
        raise PayrollError(f"{month.year}년 {month.month}월 정기 급여는 이미 작성되어 있습니다.")
    run = PayrollRun.objects.create(month=month, kind=kind, created_by=actor)
    audit_record(action="payroll_run.create", actor=actor, target=run, data={"month": month.isoformat(), "kind": kind})
    return run


def payroll_run_chunk(*, run_id: int, user_ids: Sequence[int]) -> int:
    """Calculate and write one chunk of a run. Idempotent: slips already written are skipped and
    only new ones count toward the progress. Returns the number of new slips.

    The calculation (reads and the engine) runs before any lock, so the workers calculate chunks
    in parallel; only the write takes the run's row lock."""
    run = PayrollRun.objects.filter(pk=run_id).first()
    if run is None or run.status != RunStatus.CALCULATING:
        return 0
    calculated = calculate_people(run.month, user_ids, kind=run.kind)
    departments = departments_of(user_ids)
    with transaction.atomic():
        # The run's row lock serialises the writes of deliveries of the same chunk (a redelivered
        # task after a worker's crash, or two workers): without it both could pass the "not
        # written yet" check and the second COPY would hit the unique (run, user) constraint.
        run = PayrollRun.objects.select_for_update().get(pk=run_id)
        if run.status != RunStatus.CALCULATING:
            return 0
        written = slips_write(run, calculated, departments)
        PayrollRun.objects.filter(pk=run.pk).update(done_count=F("done_count") + written)
        return written


def payroll_run_start(*, actor: Any, run: PayrollRun) -> list[list[int]]:
    """준비 → 계산 (or 계산 again, to resume after a crash): fixes the people and the total and
    returns the chunks still to calculate (people without a slip in the run yet)."""
    with transaction.atomic():
        # Locked so a chunk finishing meanwhile cannot move the run on between count and save.
        locked = PayrollRun.objects.select_for_update().get(pk=run.pk)
        if locked.status not in (RunStatus.PREPARED, RunStatus.CALCULATING):
            raise PayrollError("계산은 준비 또는 계산 중인 급여에서만 시작할 수 있습니다.")
        if locked.kind in CORRECTION_KINDS:
            raise PayrollError("정정 급여는 차액 계산(payroll.corrections)으로 계산합니다.")
        if locked.kind == RunKind.BONUS:
            people = bonus_payees(locked.month)
            if not people and locked.status == RunStatus.PREPARED:
                raise PayrollError(
                    f"{locked.month.year}년 {locked.month.month}월에 지급할 상여 항목이 있는 직원이 없습니다. "
                    "급여 항목의 '상여 항목'과 직원별 금액을 확인하세요."
                )
        else:
            people = [p.user_id for p in people_for(locked.month)]
        written = set(Payslip.objects.filter(run=locked).values_list("user_id", flat=True))
        remaining = [pk for pk in people if pk not in written]
        locked.status = RunStatus.CALCULATING
        locked.total_count = len(written) + len(remaining)
        locked.done_count = len(written)
        locked.save(update_fields=["status", "total_count", "done_count"])
        audit_record(
            action="payroll_run.calculate",
            actor=actor,
            target=locked,
            data={"people": locked.total_count, "remaining": len(remaining)},
        )
    return [remaining[i : i + CHUNK_SIZE] for i in range(0, len(remaining), CHUNK_SIZE)]


def attendance_month(month: datetime.date) -> datetime.date:
    """The month whose attendance a run of `month` pays: the one before. 정기 급여 is paid on the
    20th of its own month, before that month's attendance exists, so 시간외근무수당 is paid a month
    later from the closed month before (the 공무원 practice the institutions follow)."""
    return (month.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)


def attendance_open_refuse(month: datetime.date) -> None:
    """Refuse (PayrollError) when the attendance month a run of `month` pays (`attendance_month`)
    is neither closed by HR (월 복무 마감) nor free of unsettled days, naming the departments
    still open (attendance.close.open_departments): overtime and absences not settled would be
    paid wrong."""
    from attendance.close import month_is_closed, open_departments
    from org.models import Department

    paid = attendance_month(month)
    if month_is_closed(paid):
        return
    open_ids = open_departments(paid.year, paid.month)
    if open_ids:
        names = ", ".join(Department.objects.filter(pk__in=open_ids).order_by("name").values_list("name", flat=True))
        raise PayrollError(
            f"{paid.year}년 {paid.month}월 복무가 마감되지 않아 {month.month}월 급여를 계산할 수 없습니다. "
            f"마감되지 않은 부서: {names}"
        )


def payroll_run_enqueue(*, actor: Any, run: PayrollRun, check_attendance: bool = True) -> int:
    """Start (or resume) the run's 계산 on the workers: one Celery message per chunk, sent once
    the start has committed. Returns the number of chunks sent; with none left the run moves on.
    A first start is refused while the attendance month it pays is open (`attendance_open_refuse`;
    not for a 상여 run, which pays nothing from attendance);
    `check_attendance=False` only for the bench, whose synthetic staff have no clock records."""
    from payroll.tasks import run_chunk

    if check_attendance and run.status == RunStatus.PREPARED and run.kind != RunKind.BONUS:
        attendance_open_refuse(run.month)  # a 상여 run pays no attendance
    chunks = payroll_run_start(actor=actor, run=run)
    for chunk in chunks:
        transaction.on_commit(functools.partial(run_chunk.delay, run.pk, chunk), robust=True)
    if not chunks:
        payroll_run_finish_calculation(run_id=run.pk)
    return len(chunks)


def payroll_run_finish_calculation(*, run_id: int) -> bool:
    """계산 → 검토 once every slip is written (compare-and-set: the last chunk wins)."""
    return bool(
        PayrollRun.objects.filter(pk=run_id, status=RunStatus.CALCULATING, done_count__gte=F("total_count")).update(
            status=RunStatus.REVIEW
        )
    )


def payroll_run_calculate_now(*, actor: Any, run: PayrollRun) -> PayrollRun:
    """The whole calculation in this process, chunk by chunk (the demo, tests, small institutions)."""
    for chunk in payroll_run_start(actor=actor, run=run):
        payroll_run_chunk(run_id=run.pk, user_ids=chunk)
    payroll_run_finish_calculation(run_id=run.pk)
    run.refresh_from_db()
    return run


@transaction.atomic(durable=True)
def payroll_run_budget_check(*, actor: Any, run: PayrollRun) -> list[dict[str, object]]:
    """검토 → 예산 확인: checks the run's needs against the budget lines' balances and records the
    problems; only a run with none moves on to 예산 확인 (ready for 결재). Returns the problems."""
    from payroll.budget_check import check_run, record_check

    # Locked so two officers checking at once record one result and one transition.
    locked = PayrollRun.objects.select_for_update().get(pk=run.pk)
    if locked.status not in (RunStatus.REVIEW, RunStatus.BUDGET_CHECK):
        raise PayrollError("예산 확인은 계산을 마친(검토) 급여에서만 할 수 있습니다.")
    record_check(actor=actor, run=locked, needs=check_run(locked))
    return locked.budget_problems


@transaction.atomic(durable=True)
def pay_profile_reveal(*, actor: Any, profile: PayProfile, ip_address: str | None = None) -> dict[str, str]:
    """The unmasked 주민등록번호 and account number, for someone the caller has authorised; each
    call is an audit event naming whose values were seen."""
    audit_record(
        action="pay_profile.reveal",
        actor=actor,
        target=profile,
        data={"user_id": profile.user_id, "fields": ["rrn", "bank_account"], "at": timezone.now().isoformat()},
        ip_address=ip_address,
    )
    return {"rrn": profile.rrn, "bank_account": profile.bank_account}
