"""The figures budget reports to province monitoring for one institution (core.plugins
`Plugin.kpis`): 예산현액, 원인행위 잔액, 집행액 and 집행률 for the fiscal year of `on`, 집행률 by
province standard code (편성목 and 통계목) and by month, the 신속집행 target of the half and the gap
to it, and how many executions (and how much) this month.

Everything is counted from the posting ledger as of the end of `on` (postings dated on or before
it), so monitoring can backfill history by calling this for past days. Three queries whatever the
size of the ledger: the postings summed by standard code and month, this month's executions, the
province's targets for the year. Rates follow budget.status.figures (집행률 = 집행액 / 예산현액,
rounded half up to 0.1 %; the gap from the exact rate, in %p). A year with no posting by `on`
(no confirmed budget) reports nothing rather than zeros.

Keys are stable: ``budget.<figure>``, ``budget.execution_rate.code.<standard code>``,
``budget.execution_rate.month.<MM>`` (cumulative to the end of month MM, or to `on` in its own
month) and ``budget.executed_amount.month.<MM>`` (executed in month MM, net of reversals).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.db.models import CharField, Count, Sum, Value
from django.db.models.functions import Coalesce, Concat, ExtractMonth

from budget.models import BudgetPosting, PostingKind
from budget.status.figures import Figures, half_of, posting_sums, rate_gap
from core.plugins import KpiFigure
from standards.models import ExecutionTarget

WON, PERCENT, POINTS, COUNT = "원", "%", "%p", "건"


def figures(*, on: date) -> list[KpiFigure]:
    """The institution's budget figures for the fiscal year of `on`, as of the end of `on`."""
    postings = BudgetPosting.objects.filter(line__fiscal_year__year=on.year, posted_on__lte=on)
    rows = list(
        postings.annotate(month=ExtractMonth("posted_on"))
        .values("line__standard_code", "month")
        .annotate(**posting_sums())
        .order_by()
    )
    if not rows:
        return []
    by_code: dict[str, Figures] = defaultdict(Figures)
    by_month: dict[int, Figures] = defaultdict(Figures)
    for row in rows:
        moved = Figures(
            original_amount=row["original_amount"],
            amended_amount=row["amended_amount"],
            committed_amount=row["committed_amount"],
            executed_amount=row["executed_amount"],
        )
        code = row["line__standard_code"]  # a 통계목 ("201-01"); its 편성목 is its first three digits
        by_code[code].add(moved)
        if code[:3] != code:
            by_code[code[:3]].add(moved)
        by_month[row["month"]].add(moved)
    totals = Figures.total(by_month.values())

    found: list[KpiFigure] = [
        KpiFigure("budget.current_amount", "예산현액", totals.current_amount, WON),
        KpiFigure("budget.committed_amount", "원인행위 잔액", totals.committed_amount, WON),
        KpiFigure("budget.executed_amount", "집행액", totals.executed_amount, WON),
    ]
    if totals.rate is not None:
        found.append(KpiFigure("budget.execution_rate", "집행률", totals.rate, PERCENT))
    for code in sorted(by_code):
        rate = by_code[code].rate
        if rate is not None:
            found.append(KpiFigure(f"budget.execution_rate.code.{code}", f"집행률 · 표준과목 {code}", rate, PERCENT))
    cumulative = Figures()
    for month in range(1, on.month + 1):
        moved = by_month.get(month, Figures())
        cumulative.add(moved)
        found.append(
            KpiFigure(f"budget.executed_amount.month.{month:02d}", f"{month}월 집행액", moved.executed_amount, WON)
        )
        if cumulative.rate is not None:
            key, label = f"budget.execution_rate.month.{month:02d}", f"{month}월 말 누계 집행률"
            found.append(KpiFigure(key, label, cumulative.rate, PERCENT))

    target = ExecutionTarget.objects.filter(year=on.year, half=half_of(on.month)).values_list("target_rate", flat=True)
    target_rate = target.first()
    if target_rate is not None:
        found.append(KpiFigure("budget.early_execution_target", "신속집행 목표", target_rate, PERCENT))
        gap = rate_gap(totals.executed_amount, totals.current_amount, target_rate)
        if gap is not None:
            found.append(KpiFigure("budget.early_execution_gap", "신속집행 목표 대비", gap, POINTS))

    executions = BudgetPosting.objects.filter(
        line__fiscal_year__year=on.year, kind=PostingKind.EXECUTE, posted_on__gte=on.replace(day=1), posted_on__lte=on
    ).aggregate(
        count=Count(
            Concat("source_app", Value(":"), "source_model", Value(":"), "source_id", output_field=CharField()),
            distinct=True,
        ),
        amount=Coalesce(Sum("amount"), 0),
    )
    found += [
        KpiFigure("budget.executions_this_month", "이번 달 집행 건수", executions["count"], COUNT),
        KpiFigure("budget.executions_this_month_amount", "이번 달 집행 금액", executions["amount"], WON),
    ]
    return found
