"""What payroll reports to province monitoring for one institution (core.kpis; `SOURCE`, named by
payroll's plugin): 인건비 (gross pay and the employer's contributions) this year to date, the latest
paid month's 인건비 and headcount with the average pay by grade as its breakdown, regular runs
of past months still not finalised (late), 인건비 execution against its budget lines, and runs
blocked by the budget.

Counted from finalised slips by their pay month (귀속 월) up to the month of `on`, so monitoring can
backfill history by calling it for past days.

인건비 execution: the 통계목 payroll charges — the budget codes of its active earning items (101-01
보수 …) and the employer contributions' lines (304-01 연금부담금, 304-02 국민건강보험부담금등) —
read through budget's public face (budget.charges.standard_code_figures: 예산현액 and 집행액 from
the postings dated up to `on`, every line of a code summed); 집행률 = 집행액 ÷ 예산현액, rounded
half up to 0.1 % as budget rounds it, broken down by 통계목. Everything on those lines counts,
whoever executed it: the KPI reads the line, not payroll's share of it.

Blocked by budget: runs not yet finalised whose last budget check — 예산 확인, or the check made
again when the 급여지급 결의 is submitted — found a line short or no line at all (the run waits in
검토 until a 전용·추경 makes room); the amount is the sum of the shortfalls (부족액). A shortfall met
at the final approval rolls the decision back with it and leaves nothing to count: the run stays
in 결재 and the approver is told. A run carries only its last check, so a past day counts the runs
checked by its end with the result they carry now.

Five queries whatever the headcount."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db.models import Count, F, Sum
from django.utils.translation import gettext_lazy as _

from budget.charges import execution_rate, standard_code_figures
from core.kpis import PROVINCE_MEAN, PROVINCE_RATIO, Kpi, KpiAlert, KpiDay, KpiFigure, KpiSource, quotient
from payroll.calculator import EMPLOYER_LINES
from payroll.models import ItemKind, PayItem, PayrollRun, Payslip, RunKind, RunStatus

GROUP = str(_("급여"))
GROSS_YTD = "payroll.gross_ytd"
EMPLOYER_YTD = "payroll.employer_ytd"
GROSS_MONTH = "payroll.gross_month"
HEADCOUNT = "payroll.headcount_paid"
AVERAGE = "payroll.average_pay"
LATE = "payroll.runs_late"
BUDGET_CURRENT = "payroll.budget_current"
BUDGET_EXECUTED = "payroll.budget_executed"
BUDGET_RATE = "payroll.budget_execution_rate"
BLOCKED = "payroll.runs_blocked_by_budget"
BLOCKED_SHORT = "payroll.runs_blocked_short"
FINAL = (RunStatus.FINALISED, RunStatus.PAID)

KPIS = (
    Kpi(
        GROSS_YTD,
        str(_("인건비 누계 (지급 합계)")),
        "원",
        group=GROUP,
        description=str(_("올해 확정된 급여의 지급 합계")),
    ),
    Kpi(
        EMPLOYER_YTD,
        str(_("기관 부담 4대보험 누계")),
        "원",
        group=GROUP,
        description=str(_("올해 확정된 급여의 기관 부담금(국민연금·건강·장기요양·고용·산재)")),
    ),
    Kpi(
        GROSS_MONTH,
        str(_("최근 지급 월 인건비")),
        "원",
        group=GROUP,
        description=str(_("가장 최근 확정된 달의 지급 합계")),
    ),
    Kpi(
        HEADCOUNT,
        str(_("급여 지급 인원")),
        "명",
        group=GROUP,
        description=str(_("가장 최근 확정된 달에 급여를 받은 인원")),
    ),
    Kpi(
        AVERAGE,
        str(_("1인 평균 급여")),
        "원",
        group=GROUP,
        description=str(_("가장 최근 확정된 달의 1인 평균 지급 합계; 내역은 직급별 평균")),
        province=PROVINCE_MEAN,
    ),
    Kpi(
        LATE,
        str(_("확정되지 않은 지난 달 급여")),
        "건",
        higher_is_better=False,
        group=GROUP,
        description=str(_("지난 달까지의 정기 급여 중 아직 확정되지 않은 것")),
        alert=KpiAlert("gt", 0),
    ),
    Kpi(
        BUDGET_CURRENT,
        str(_("인건비 예산현액")),
        "원",
        group=GROUP,
        description=str(_("급여가 집행하는 통계목(보수·기관 부담금 등)의 예산현액 합계")),
    ),
    Kpi(
        BUDGET_EXECUTED,
        str(_("인건비 집행액")),
        "원",
        group=GROUP,
        description=str(_("그 통계목들의 집행액 합계; 내역은 통계목별")),
    ),
    Kpi(
        BUDGET_RATE,
        str(_("인건비 집행률")),
        "%",
        group=GROUP,
        decimals=1,
        description=str(_("인건비 집행액 ÷ 인건비 예산현액(소수 첫째 자리 반올림); 내역은 통계목별")),
        province=PROVINCE_RATIO,
        ratio_of=(BUDGET_EXECUTED, BUDGET_CURRENT),
        card=15,
    ),
    Kpi(
        BLOCKED,
        str(_("예산 부족으로 막힌 급여")),
        "건",
        higher_is_better=False,
        group=GROUP,
        description=str(_("마지막 예산 확인에서 잔액이 모자라 결재로 넘어가지 못한 급여; 내역은 급여별 부족액")),
        alert=KpiAlert("gt", 0),
    ),
    Kpi(
        BLOCKED_SHORT,
        str(_("예산 부족액 (막힌 급여)")),
        "원",
        higher_is_better=False,
        group=GROUP,
        description=str(_("막힌 급여들의 예산 확인에서 모자란 금액 합계")),
    ),
)


def _employer_sum() -> Sum:
    return Sum(
        F("employer_national_pension_amount")
        + F("employer_health_insurance_amount")
        + F("employer_long_term_care_amount")
        + F("employer_employment_insurance_amount")
        + F("employer_employment_stability_amount")
        + F("employer_industrial_accident_amount")
    )


def budget_codes() -> set[str]:
    """The 통계목 payroll charges: its active earning items' codes and the employer lines' (one query)."""
    items = PayItem.objects.filter(kind=ItemKind.EARNING, is_active=True).exclude(budget_code="")
    return set(items.values_list("budget_code", flat=True)) | {code for _name, _label, code in EMPLOYER_LINES}


def budget_figures(*, on: date) -> list[KpiFigure]:
    """인건비 예산현액, 집행액 and 집행률 of payroll's 통계목 as of `on`; nothing for a year with no
    posting on them by then (two queries)."""
    by_code = standard_code_figures(on.year, budget_codes(), on=on)
    if not by_code:
        return []
    current = sum(figures.current_amount for figures in by_code.values())
    executed = sum(figures.executed_amount for figures in by_code.values())
    codes = sorted(by_code)
    result = [
        KpiFigure(BUDGET_CURRENT, current, tuple((code, by_code[code].current_amount) for code in codes)),
        KpiFigure(BUDGET_EXECUTED, executed, tuple((code, by_code[code].executed_amount) for code in codes)),
    ]
    rate = execution_rate(executed, current)
    if rate is not None:
        rates: list[tuple[str, int | Decimal]] = []
        for code in codes:
            code_rate = execution_rate(by_code[code].executed_amount, by_code[code].current_amount)
            if code_rate is not None:
                rates.append((code, code_rate))
        result.append(KpiFigure(BUDGET_RATE, rate, tuple(rates)))
    return result


def blocked_figures(*, on: date) -> list[KpiFigure]:
    """Runs not finalised whose last budget check (by the end of `on`) found a problem, and their
    shortfall, by run (one query)."""
    runs = (
        PayrollRun.objects.filter(budget_checked_at__lte=KpiDay(on).until)
        .exclude(status__in=FINAL)
        .exclude(budget_problems=[])
        .order_by("month", "kind", "pk")
    )
    breakdown: list[tuple[str, int | Decimal]] = []
    for run in runs.only("month", "kind", "budget_problems"):
        breakdown.append((str(run), sum(int(problem["short"]) for problem in run.budget_problems)))
    return [
        KpiFigure(BLOCKED, len(breakdown), tuple(breakdown)),
        KpiFigure(BLOCKED_SHORT, sum(int(short) for _label, short in breakdown)),
    ]


def figures(*, on: date) -> list[KpiFigure]:
    return budget_figures(on=on) + blocked_figures(on=on) + pay_figures(on=on)


def pay_figures(*, on: date) -> list[KpiFigure]:
    month = on.replace(day=1)
    slips = Payslip.objects.filter(run__status__in=FINAL, month__lte=month)
    by_month = list(
        slips.filter(month__year=on.year)
        .values("month", "grade_name")
        .annotate(gross=Sum("gross_amount"), employer=_employer_sum(), people=Count("user", distinct=True))
        .order_by("month", "grade_name")
    )
    late = PayrollRun.objects.filter(kind=RunKind.REGULAR, month__lt=month).exclude(status__in=FINAL).count()
    result = [KpiFigure(LATE, late)]
    if not by_month:
        return result
    latest = max(row["month"] for row in by_month)
    latest_rows = [row for row in by_month if row["month"] == latest]
    gross_month = sum(row["gross"] for row in latest_rows)
    headcount = sum(row["people"] for row in latest_rows)
    averages: list[tuple[str, int | Decimal]] = []
    for row in latest_rows:
        average = quotient(row["gross"], row["people"], places=0)
        if average is not None:
            averages.append((row["grade_name"] or str(_("직급 없음")), average))
    average_all = quotient(gross_month, headcount, places=0)
    result += [
        KpiFigure(GROSS_YTD, sum(row["gross"] for row in by_month)),
        KpiFigure(EMPLOYER_YTD, sum(row["employer"] for row in by_month)),
        KpiFigure(GROSS_MONTH, gross_month),
        KpiFigure(HEADCOUNT, headcount),
    ]
    if average_all is not None:
        result.append(KpiFigure(AVERAGE, average_all, tuple(averages)))
    return result


SOURCE = KpiSource(kpis=KPIS, figures=figures)
