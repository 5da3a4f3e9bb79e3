"""What budget reports to province monitoring for one institution (core.kpis; declared as
`SOURCE` and named by budget's plugin): 예산현액, 원인행위 잔액, 집행액 and 집행률 for the fiscal
year of `on` (집행률 also by province standard code — 편성목 and 통계목 — and by month, as
breakdowns), the 신속집행 target of the half and the gap to it, and how many executions (and how
much) this month.

Everything is counted from the posting ledger as of the end of `on` (postings dated on or before
it), so monitoring can backfill history by calling this for past days. Three queries whatever the
size of the ledger: the postings summed by standard code and month, this month's executions, the
province's targets for the year. Rates follow budget.status.figures (집행률 = 집행액 / 예산현액,
rounded half up to 0.1 %; the gap from the exact rate, in %p). A year with no posting by `on`
(no confirmed budget) reports nothing rather than zeros.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.db.models import CharField, Count, Sum, Value
from django.db.models.functions import Coalesce, Concat, ExtractMonth
from django.utils.translation import gettext_lazy as _

from budget.models import BudgetPosting, PostingKind
from budget.status.figures import Figures, half_of, posting_sums, rate_gap
from core.kpis import PROVINCE_MEAN, PROVINCE_RATIO, Kpi, KpiAlert, KpiFigure, KpiSource
from standards.models import ExecutionTarget

GROUP = str(_("예산·회계"))
CURRENT = "budget.current_amount"
COMMITTED = "budget.committed_amount"
EXECUTED = "budget.executed_amount"
RATE = "budget.execution_rate"
TARGET = "budget.early_execution_target"
GAP = "budget.early_execution_gap"
EXECUTIONS = "budget.executions_this_month"
EXECUTIONS_AMOUNT = "budget.executions_this_month_amount"

KPIS = (
    Kpi(CURRENT, str(_("예산현액")), "원", group=GROUP, description=str(_("본예산에 추경·전용·이월을 더한 금액"))),
    Kpi(
        COMMITTED,
        str(_("원인행위 잔액")),
        "원",
        group=GROUP,
        description=str(_("지출원인행위 중 아직 집행되지 않은 금액")),
    ),
    Kpi(
        EXECUTED,
        str(_("집행액")),
        "원",
        group=GROUP,
        description=str(_("그 날까지 집행(지출결의 승인)된 금액; 내역은 달별 집행액")),
    ),
    Kpi(
        RATE,
        str(_("집행률")),
        "%",
        higher_is_better=True,
        group=GROUP,
        decimals=1,
        description=str(_("집행액 ÷ 예산현액(소수 첫째 자리 반올림); 내역은 표준 예산과목별·달별 누계")),
        province=PROVINCE_RATIO,
        ratio_of=(EXECUTED, CURRENT),
        compare_to=TARGET,
        card=10,
        alert=KpiAlert("lt", -10, against_compare=True),  # 10%p below the 신속집행 target
    ),
    Kpi(
        TARGET,
        str(_("신속집행 목표")),
        "%",
        group=GROUP,
        decimals=1,
        description=str(_("도가 반기마다 정하는 신속집행 목표 집행률")),
        province=PROVINCE_MEAN,
    ),
    Kpi(
        GAP,
        str(_("신속집행 목표 대비")),
        "%p",
        higher_is_better=True,
        group=GROUP,
        decimals=1,
        description=str(_("집행률 − 신속집행 목표")),
        province=PROVINCE_MEAN,
    ),
    Kpi(EXECUTIONS, str(_("이번 달 집행 건수")), "건", group=GROUP),
    Kpi(EXECUTIONS_AMOUNT, str(_("이번 달 집행 금액")), "원", group=GROUP),
)


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

    monthly: list[tuple[str, int | Decimal]] = []
    rates: list[tuple[str, int | Decimal]] = []  # by standard code, then cumulative by month
    for code in sorted(by_code):
        rate = by_code[code].rate
        if rate is not None:
            rates.append((f"표준과목 {code}", rate))
    cumulative = Figures()
    for month in range(1, on.month + 1):
        moved = by_month.get(month, Figures())
        cumulative.add(moved)
        monthly.append((f"{month}월", moved.executed_amount))
        rate = cumulative.rate
        if rate is not None:
            rates.append((f"{month}월 말 누계", rate))

    found: list[KpiFigure] = [
        KpiFigure(CURRENT, totals.current_amount),
        KpiFigure(COMMITTED, totals.committed_amount),
        KpiFigure(EXECUTED, totals.executed_amount, tuple(monthly)),
    ]
    if totals.rate is not None:
        found.append(KpiFigure(RATE, totals.rate, tuple(rates)))

    target = ExecutionTarget.objects.filter(year=on.year, half=half_of(on.month)).values_list("target_rate", flat=True)
    target_rate = target.first()
    if target_rate is not None:
        found.append(KpiFigure(TARGET, target_rate))
        gap = rate_gap(totals.executed_amount, totals.current_amount, target_rate)
        if gap is not None:
            found.append(KpiFigure(GAP, gap))

    executions = BudgetPosting.objects.filter(
        line__fiscal_year__year=on.year, kind=PostingKind.EXECUTE, posted_on__gte=on.replace(day=1), posted_on__lte=on
    ).aggregate(
        count=Count(
            Concat("source_app", Value(":"), "source_model", Value(":"), "source_id", output_field=CharField()),
            distinct=True,
        ),
        amount=Coalesce(Sum("amount"), 0),
    )
    found += [KpiFigure(EXECUTIONS, executions["count"]), KpiFigure(EXECUTIONS_AMOUNT, executions["amount"])]
    return found


SOURCE = KpiSource(kpis=KPIS, figures=figures)
