"""A payroll run after 예산 확인: 결재 (the 급여지급 결의, approval kind `payroll.run`), 확정 and 지급.

    예산 확인 ──submit──▶ 결재 ──approved──▶ (결재 완료) ──finalise──▶ 확정 ──paid──▶ 지급
                           └──rejected/withdrawn──▶ 검토 (예산 확인 again, then 재기안)

- `payroll_run_submit`: only a run whose budget check passed, checked again now (balances may
  have moved since); the document carries the run's summary, what it needs of each budget line
  and a link to the register (급여대장), which the document's readers may open.
- `run_approved` (the kind's callback, inside the deciding transaction, the run locked): commits
  and executes the run's gross pay by 통계목 and the employer contributions by their own lines
  through budget's public charges API (budget.charges.commit_many / execute_many, under the
  lines' row locks) and posts the run's journal entry (payroll.books.run_journal_post). A line
  short of money meanwhile raises: the engine rolls the decision back and the approver sees the
  Korean message; nothing is charged or posted.
- `payroll_run_finalise` (확정): from then on the slips are immutable (payroll.models refuses any
  write to a finalised run's slips or lines; corrections are new runs, payroll.corrections).
- `payroll_run_transfer_file` / `payroll_run_mark_paid` (지급): the bank transfer file in the
  firm-banking layout budget's payments use (budget.transfers), and the payment marked and
  journalised (Dr 미지급금 / Cr 보통예금, the net pay).
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from approval.kinds import Decision, register_kind
from approval.lines import ApprovalLine
from approval.services import approval_resubmit_subject, approval_submit_subject
from audit.services import audit_record
from budget.books import EntryKind, EntryLine, post_entry
from budget.charges import BudgetShortfall, Charge, commit_many, execute_many, refund_many
from budget.transfers import TransferRow, bank_code_for, transfer_csv
from core.templatetags.korean import won
from payroll.books import run_journal_post, run_source
from payroll.budget_check import Need, check_run, record_check, shortfalls
from payroll.models import PayrollError, PayrollRun, Payslip, RunStatus
from payroll.payslips import payslips_render_enqueue
from tasks.selectors.cards import unit_tasks_for_filing

if TYPE_CHECKING:
    from tasks.models import UnitTask

RUN_KIND = "payroll.run"
TRANSFER_MEMO_MAX = 20  # what the banks' firm-banking screens keep of a 적요


def _month_label(run: PayrollRun) -> str:
    return f"{run.month.year}년 {run.month.month}월 {run.get_kind_display()} 급여"


def budget_day(run: PayrollRun, at: datetime.datetime | None = None) -> datetime.date:
    """The day a decision at `at` counts on in the run's budget year (the year of its month): that
    day, or the year's first or last day when decided before or after it (출납정리기한)."""
    day = timezone.localdate(at) if at is not None else timezone.localdate()
    year = run.month.year
    return min(max(day, datetime.date(year, 1, 1)), datetime.date(year, 12, 31))


def _shortfall_text(problems: list[Need]) -> str:
    return "; ".join(
        f"{need.code or '(통계목 없음)'} {need.line or '연결된 예산과목 없음'} — 필요 {won(need.needed)}, "
        f"잔액 {won(need.available) if need.available is not None else '-'}, 부족 {won(need.short)}"
        for need in problems
    )


# --- 결재 -----------------------------------------------------------------------------------------


def run_summary(run: PayrollRun) -> dict[str, int]:
    """The run's totals; `paid` is what the bank transfer pays (the positive nets) and `recovery`
    what a correction's people owe back (환수액, their negative nets), so net = paid − recovery."""
    totals = Payslip.objects.filter(run=run).aggregate(
        gross=Sum("gross_amount"),
        deductions=Sum("total_deduction_amount"),
        net=Sum("net_amount"),
        paid=Sum("net_amount", filter=Q(net_amount__gt=0)),
        recovery=Sum("net_amount", filter=Q(net_amount__lt=0)),
        count=Count("pk"),
    )
    figures = {key: value or 0 for key, value in totals.items()}
    figures["recovery"] = -figures["recovery"]
    return figures


def run_body(run: PayrollRun, needs: list[Need]) -> str:
    """The 급여지급 결의's text: the run's totals, the budget lines it charges, the register."""
    figures = run_summary(run)
    employer = sum(need.needed for need in needs) - figures["gross"]
    rows = [
        (_("귀속 월·종류"), _month_label(run)),
        (_("대상 인원"), f"{figures['count']:,}명"),
        (_("지급 합계"), won(figures["gross"])),
        (_("공제 합계"), won(figures["deductions"])),
        (_("실지급액"), won(figures["paid"])),
        (_("기관 부담금"), won(employer)),
    ]
    if figures["recovery"]:
        rows.append((_("환수액"), won(figures["recovery"])))
    if run.corrects_id is not None:
        rows.append((_("정정 대상"), str(run.corrects)))
    register = reverse("payroll:run_register", args=[run.pk])
    page = reverse("payroll:run_detail", args=[run.pk])
    return format_html(
        "<p>{}</p><table><tbody>{}</tbody></table><h3>{}</h3><table><thead><tr><th>{}</th><th>{}</th>"
        "<th>{}</th><th>{}</th></tr></thead><tbody>{}</tbody></table>"
        '<p>{} <a href="{}">{}</a> · <a href="{}">{}</a></p>',
        _("아래와 같이 급여를 지급하고자 합니다."),
        format_html_join("", '<tr><th scope="row">{}</th><td>{}</td></tr>', rows),
        _("예산 집행 내역"),
        _("통계목"),
        _("예산과목"),
        _("집행액"),
        _("집행 전 잔액"),
        format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            [
                (need.code, need.line, won(need.needed), won(need.available) if need.available is not None else "-")
                for need in needs
            ],
        ),
        _("붙임:"),
        register,
        _("급여대장(엑셀)"),
        page,
        _("급여 지급 화면"),
    )


def payroll_run_submit(
    *,
    actor: Any,
    run: PayrollRun,
    unit_task: UnitTask | None = None,
    line: ApprovalLine | None = None,
    now: datetime.datetime | None = None,
) -> PayrollRun:
    """예산 확인 → 결재: submit the 급여지급 결의 (or its next round after 반려·회수). The budget is
    checked again first; a shortfall since is recorded like a failed 예산 확인 (back to 검토, the
    problems kept for the page and the province's count of runs blocked by budget) and refused."""
    with transaction.atomic():
        locked = PayrollRun.objects.select_for_update().get(pk=run.pk)
        if locked.status != RunStatus.BUDGET_CHECK:
            raise PayrollError("예산 확인을 통과한 급여만 결재를 올릴 수 있습니다.")
        needs = check_run(locked)
        problems = shortfalls(needs)
        if problems:
            record_check(actor=actor, run=locked, needs=needs, at="submit")
        else:
            _submit(actor, locked, needs, unit_task=unit_task, line=line, now=now)
    if problems:
        raise PayrollError(
            "예산 확인 뒤 잔액이 바뀌어 이 급여를 충당하지 못합니다. 다시 예산 확인을 하세요: "
            + _shortfall_text(problems)
        )
    return locked


def _submit(
    actor: Any,
    locked: PayrollRun,
    needs: list[Need],
    *,
    unit_task: UnitTask | None,
    line: ApprovalLine | None,
    now: datetime.datetime | None,
) -> None:
    unit_task = unit_task or unit_tasks_for_filing(actor).first()
    if unit_task is None:
        raise PayrollError("결재를 올릴 단위과제가 없습니다. 부서의 단위과제를 먼저 등록하세요.")
    title = f"급여지급 결의: {_month_label(locked)}"
    body = run_body(locked, needs)
    # What the decision moves: a correction's lowered lines count by their size (환수).
    amount = sum(abs(need.needed) for need in needs)
    form_data = {"run": locked.pk, "month": locked.month.isoformat(), "kind": locked.kind, "amount": amount}
    try:
        if locked.document_id is None:
            document = approval_submit_subject(
                kind=RUN_KIND,
                subject=locked,
                actor=actor,
                title=title,
                body=body,
                unit_task=unit_task,
                line=line,
                decision_amount=amount,
                form_data=form_data,
                now=now,
            )
        else:
            document = approval_resubmit_subject(
                subject=locked,
                actor=actor,
                title=title,
                body=body,
                unit_task=unit_task,
                line=line,
                decision_amount=amount,
                form_data=form_data,
                now=now,
            )
    except ValidationError as refused:
        raise PayrollError(" ".join(refused.messages)) from None
    locked.document = document
    locked.status = RunStatus.APPROVAL
    locked.approved_at = None
    locked.save(update_fields=["document", "status", "approved_at"])
    audit_record(
        action="payroll_run.submit",
        actor=actor,
        target=locked,
        data={"document": document.pk, "round": document.round, "amount": amount},
    )


def _current(decision: Decision) -> bool:
    return bool(decision.subject.document_id == decision.document_id)


def run_charges(run: PayrollRun) -> tuple[list[Charge], list[Charge]]:
    """What the run charges each budget line (its gross by 통계목 and the employer share by theirs)
    and, for a correction that lowers a line, what goes back to it (지출 반납 of the 환수)."""
    needs = check_run(run)
    unmapped = [need for need in needs if need.line_id is None]
    if unmapped:
        raise ValidationError(
            _("예산과목에 연결되지 않은 급여 항목이 있어 결재를 완료할 수 없습니다: %(codes)s")
            % {"codes": ", ".join(need.code or "(통계목 없음)" for need in unmapped)}
        )
    charges = [Charge(need.line_id, need.needed) for need in needs if need.line_id is not None and need.needed > 0]
    refunds = [Charge(need.line_id, -need.needed) for need in needs if need.line_id is not None and need.needed < 0]
    return charges, refunds


def run_approved(decision: Decision) -> None:
    """The last approval: charge the budget and post the journal, in the deciding transaction."""
    if not _current(decision):
        return
    run: PayrollRun = decision.subject
    if run.status != RunStatus.APPROVAL:
        raise ValidationError(_("결재 중인 급여가 아닙니다."))
    day = budget_day(run, decision.at)
    source = run_source(run)
    memo = _month_label(run)
    charges, refunds = run_charges(run)
    try:
        if charges:
            commit_many(charges=charges, source=source, actor=decision.actor, on=day, memo=memo)
            execute_many(
                charges=charges, source=source, actor=decision.actor, commitment_source=source, on=day, memo=memo
            )
        if refunds:
            refund_many(charges=refunds, source=source, actor=decision.actor, on=day, memo=f"{memo} 환수")
    except BudgetShortfall as short:
        raise ValidationError(
            [
                _("급여 예산이 부족해 결재를 완료할 수 없습니다. 전용·추경으로 잔액을 확보한 뒤 다시 결재하세요."),
                *short.messages,
            ],
            code="budget_shortfall",
        ) from None
    entry = run_journal_post(run=run, actor=decision.actor, on=day)
    run.approved_at = decision.at
    run.registration = decision.registration
    run.save(update_fields=["approved_at", "registration"])
    audit_record(
        action="payroll_run.approve",
        actor=decision.actor,
        target=run,
        data={
            "document": decision.document_id,
            "registration": decision.registration,
            "on": day.isoformat(),
            "lines": [{"line": charge.line, "amount": charge.amount} for charge in charges],
            "refunds": [{"line": refund.line, "amount": refund.amount} for refund in refunds],
            "journal_entry": entry.pk,
        },
    )


def _returned(decision: Decision) -> None:
    """반려 or 회수: the run goes back to 검토; the budget is checked again before the next round."""
    if not _current(decision):
        return
    run: PayrollRun = decision.subject
    run.status = RunStatus.REVIEW
    run.save(update_fields=["status"])
    audit_record(
        action="payroll_run.return",
        actor=decision.actor,
        target=run,
        data={"event": decision.event, "document": decision.document_id, "reason": decision.reason},
    )


def register() -> None:
    register_kind(
        RUN_KIND,
        label=str(gettext_lazy("급여지급 결의")),
        subject_model="payroll.PayrollRun",
        on_approved=run_approved,
        on_rejected=_returned,
        on_withdrawn=_returned,
    )


# --- 확정 · 지급 ------------------------------------------------------------------------------------


@transaction.atomic(durable=True)
def payroll_run_finalise(*, actor: Any, run: PayrollRun) -> PayrollRun:
    """결재 완료 → 확정: the slips are final from now on (payroll.models refuses writes), and their
    PDFs are rendered in bulk after the commit (payroll.payslips)."""
    locked = PayrollRun.objects.select_for_update().get(pk=run.pk)
    if locked.status != RunStatus.APPROVAL or locked.approved_at is None:
        raise PayrollError("결재가 끝난 급여만 확정할 수 있습니다.")
    locked.status = RunStatus.FINALISED
    locked.finalised_at = timezone.now()
    locked.save(update_fields=["status", "finalised_at"])
    audit_record(action="payroll_run.finalise", actor=actor, target=locked, data=run_summary(locked))
    # Every slip's PDF is rendered by the `pdf` queue once this commits; each person is notified.
    payslips_render_enqueue(locked)
    return locked


def transfer_rows(run: PayrollRun) -> list[TransferRow]:
    """One row per slip with something to pay (net > 0): the person's bank and account. A
    correction's negative nets (환수액) are not in the file: the bank pays, it does not collect."""
    slips = (
        Payslip.objects.filter(run=run, net_amount__gt=0)
        .select_related("user", "user__pay_profile")
        .order_by("department_name", "user__name", "pk")
    )
    memo = f"{run.month.month}월{run.get_kind_display()}급여"[:TRANSFER_MEMO_MAX]
    rows, missing = [], []
    for slip in slips:
        profile = getattr(slip.user, "pay_profile", None)
        code = bank_code_for(profile.bank_name) if profile is not None else None
        account = profile.bank_account if profile is not None else ""
        if code is None or not account:
            missing.append(slip.user.name)
            continue
        rows.append(TransferRow(code, account, slip.user.name, slip.net_amount, memo))
    if missing:
        raise PayrollError(
            "계좌가 없거나 은행을 알 수 없는 직원이 있어 이체 파일을 만들 수 없습니다: "
            + ", ".join(missing[:10])
            + (f" 외 {len(missing) - 10}명" if len(missing) > 10 else "")
        )
    return rows


@transaction.atomic(durable=True)
def payroll_run_transfer_file(*, actor: Any, run: PayrollRun, ip_address: str | None = None) -> bytes:
    """The run's bank transfer file (CP949 CSV, budget.transfers). It holds every account number
    in full, so each download is an audit event."""
    if run.status not in (RunStatus.FINALISED, RunStatus.PAID):
        raise PayrollError("확정된 급여만 이체 파일을 내려받을 수 있습니다.")
    rows = transfer_rows(run)
    try:
        content = transfer_csv(rows)
    except ValidationError as refused:
        raise PayrollError(" ".join(refused.messages)) from None
    audit_record(
        action="payroll_run.transfer_file",
        actor=actor,
        target=run,
        data={"rows": len(rows), "total": sum(row.amount for row in rows)},
        ip_address=ip_address,
    )
    return content


@transaction.atomic(durable=True)
def payroll_run_mark_paid(*, actor: Any, run: PayrollRun) -> PayrollRun:
    """확정 → 지급: the transfer was made; the net pay leaves the bank (Dr 미지급금 / Cr 보통예금)."""
    locked = PayrollRun.objects.select_for_update().get(pk=run.pk)
    if locked.status != RunStatus.FINALISED:
        raise PayrollError("확정된 급여만 지급 처리할 수 있습니다.")
    transfer_rows(locked)  # every payee has an account the bank can pay
    net = run_summary(locked)["paid"]
    if net > 0:
        label = _month_label(locked)
        post_entry(
            kind=EntryKind.PAYMENT,
            entry_date=budget_day(locked),
            memo=f"{label} 지급",
            source=run_source(locked),
            lines=[
                EntryLine(role="payable", debit=net, memo=f"{label} 실지급액"),
                EntryLine(role="bank", credit=net, memo=f"{label} 이체"),
            ],
            actor=actor,
        )
    locked.status = RunStatus.PAID
    locked.paid_at = timezone.now()
    locked.save(update_fields=["status", "paid_at"])
    audit_record(action="payroll_run.pay", actor=actor, target=locked, data={"net": net})
    return locked
