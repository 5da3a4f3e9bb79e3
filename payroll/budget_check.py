"""예산 확인: does the budget cover the run? The run's gross pay by budget line (each earning
line's 통계목) plus the employer's contributions by their own lines (304-01 연금부담금, 304-02
국민건강보험부담금등), against each line's balance through budget's public API
(budget.charges.balances), without charging anything. A line short of money, or a code with no
line in the year's budget, is a problem that blocks the next step (결재)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Sum
from django.utils import timezone

from audit.services import audit_record
from budget.charges import balances, lines_for_standard_codes
from payroll.models import LineKind, PayrollRun, PayslipLine, RunStatus

UNMAPPED = ""  # lines of items with no 통계목


@dataclass(frozen=True, slots=True)
class Need:
    code: str  # 통계목
    needed: int
    line_id: int | None = None
    line: str = ""
    available: int | None = None

    @property
    def short(self) -> int:
        if self.available is None:
            return self.needed
        return max(0, self.needed - self.available)

    def as_problem(self) -> dict[str, object]:
        return {
            "code": self.code,
            "line": self.line,
            "needed": self.needed,
            "available": self.available,
            "short": self.short,
        }


def run_needs(run: PayrollRun) -> dict[str, int]:
    """Gross pay and employer contributions of the run by 통계목 (one query)."""
    rows = (
        PayslipLine.objects.filter(slip__run=run, kind__in=(LineKind.EARNING, LineKind.EMPLOYER))
        .values("budget_code")
        .annotate(total=Sum("amount"))
        .order_by("budget_code")
    )
    needs: dict[str, int] = defaultdict(int)
    for row in rows:
        needs[row["budget_code"] or UNMAPPED] += row["total"]
    return dict(needs)


def check_run(run: PayrollRun) -> list[Need]:
    """Every 통계목 the run needs, with its line and balance (three queries)."""
    needs = run_needs(run)
    lines = lines_for_standard_codes(run.month.year, needs)
    found = balances(lines.values())
    result = []
    for code, needed in needs.items():
        line_id = lines.get(code)
        figures = found.get(line_id) if line_id is not None else None
        if figures is None:
            result.append(Need(code, needed))
        else:
            result.append(Need(code, needed, line_id, figures.label, figures.available_amount))
    return result


def shortfalls(needs: list[Need]) -> list[Need]:
    """The needs the budget does not cover: short on their line, or with no line at all."""
    return [need for need in needs if need.short > 0 or need.line_id is None]


def record_check(*, actor: Any, run: PayrollRun, needs: list[Need], at: str | None = None) -> list[Need]:
    """Keep a budget check's outcome on the (locked) run: its problems for the page and the
    province's count of runs blocked by budget, 예산 확인 when there are none and 검토 otherwise, and
    the audit event. `at` names where the check ran when it was not the 예산 확인 step itself (the
    check again at 상신). Returns the shortfalls."""
    problems = shortfalls(needs)
    run.budget_problems = [need.as_problem() for need in problems]
    run.budget_checked_at = timezone.now()
    run.status = RunStatus.REVIEW if problems else RunStatus.BUDGET_CHECK
    run.save(update_fields=["budget_problems", "budget_checked_at", "status"])
    data: dict[str, object] = {"passed": not problems, "lines": len(needs), "short": [need.code for need in problems]}
    if at:
        data["at"] = at
    audit_record(action="payroll_run.budget_check", actor=actor, target=run, data=data)
    return problems
