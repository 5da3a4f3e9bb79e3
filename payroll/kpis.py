"""What payroll reports to province monitoring for one institution (core.kpis; `SOURCE`, named by
payroll's plugin): 인건비 (gross pay and the employer's contributions) this year to date, the latest
paid month's 인건비 and headcount with the average pay by grade as its breakdown, and regular runs
of past months still not finalised (late).

Counted from finalised slips by their pay month (귀속 월) up to the month of `on`, so monitoring can
backfill history by calling it for past days. Three queries whatever the headcount."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db.models import Count, F, Sum
from django.utils.translation import gettext_lazy as _

from core.kpis import PROVINCE_MEAN, Kpi, KpiAlert, KpiFigure, KpiSource, quotient
from payroll.models import PayrollRun, Payslip, RunKind, RunStatus

GROUP = str(_("급여"))
GROSS_YTD = "payroll.gross_ytd"
EMPLOYER_YTD = "payroll.employer_ytd"
GROSS_MONTH = "payroll.gross_month"
HEADCOUNT = "payroll.headcount_paid"
AVERAGE = "payroll.average_pay"
LATE = "payroll.runs_late"
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


def figures(*, on: date) -> list[KpiFigure]:
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
