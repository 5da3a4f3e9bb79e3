"""Reads for payroll's pages (a fixed number of queries each)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from payroll.models import LineKind, PayrollRun, Payslip, PayslipLine, RunStatus
from payroll.permissions import own_payslips


def my_payslips(user: Any) -> QuerySet[Payslip]:
    """The person's finalised slips with what 내 급여 shows of them (not their 적용 기준 and
    warnings, the largest columns)."""
    return (
        own_payslips(user)
        .select_related("run")
        .only("pk", "month", "run_id", "run__kind", "gross_amount", "total_deduction_amount", "net_amount")
        .order_by("-month", "-run_id")
    )


def slip_lines(slip: Payslip) -> dict[str, list[PayslipLine]]:
    grouped: dict[str, list[PayslipLine]] = {kind: [] for kind in LineKind.values}
    for line in slip.lines.all():
        grouped[line.kind].append(line)
    return grouped


def run_list() -> QuerySet[PayrollRun]:
    return PayrollRun.objects.annotate(
        slip_count=Count("slips"), gross=Sum("slips__gross_amount"), net=Sum("slips__net_amount")
    ).order_by("-month", "kind")


def run_totals(run: PayrollRun) -> dict[str, int]:
    """The run's totals in one query: pay, the 원천징수 figures (소득세, 지방소득세 and the 과세
    급여 they were withheld on) and the social insurance by agency, both sides."""
    totals = Payslip.objects.filter(run=run).aggregate(
        count=Count("pk"),
        gross=Sum("gross_amount"),
        taxable=Sum("taxable_amount"),
        deductions=Sum("total_deduction_amount"),
        net=Sum("net_amount"),
        recovery=Sum("net_amount", filter=Q(net_amount__lt=0)),
        income_tax=Sum("income_tax_amount"),
        local_income_tax=Sum("local_income_tax_amount"),
        pension=Sum("national_pension_amount"),
        employer_pension=Sum("employer_national_pension_amount"),
        health=Sum("health_insurance_amount"),
        employer_health=Sum("employer_health_insurance_amount"),
        care=Sum("long_term_care_amount"),
        employer_care=Sum("employer_long_term_care_amount"),
        employment=Sum("employment_insurance_amount"),
        employer_employment=Sum("employer_employment_insurance_amount"),
        employer_stability=Sum("employer_employment_stability_amount"),
        employer_accident=Sum("employer_industrial_accident_amount"),
    )
    figures = {key: value or 0 for key, value in totals.items()}
    figures["recovery"] = -figures["recovery"]  # 환수액: what a correction's people owe back
    figures["paid"] = figures["net"] + figures["recovery"]  # what the transfer pays
    return figures


def insurance_summary(totals: dict[str, int]) -> list[tuple[str, int, int]]:
    """Social insurance by agency: (agency and item, employee share, employer share)."""
    return [
        ("국민연금공단 · 국민연금", totals["pension"], totals["employer_pension"]),
        ("국민건강보험공단 · 건강보험", totals["health"], totals["employer_health"]),
        ("국민건강보험공단 · 장기요양보험", totals["care"], totals["employer_care"]),
        ("근로복지공단 · 고용보험 실업급여", totals["employment"], totals["employer_employment"]),
        ("근로복지공단 · 고용안정·직업능력개발", 0, totals["employer_stability"]),
        ("근로복지공단 · 산재보험", 0, totals["employer_accident"]),
    ]


def run_slips(run: PayrollRun) -> QuerySet[Payslip]:
    """The run's slips with what its page lists (not their 적용 기준, the largest column)."""
    return (
        Payslip.objects.filter(run=run)
        .select_related("user")
        .only(
            "pk",
            "run_id",
            "user_id",
            "user__name",
            "department_name",
            "grade_name",
            "pay_step",
            "gross_amount",
            "total_deduction_amount",
            "net_amount",
            "warnings",
        )
        .order_by("department_name", "user__name")
    )


def run_is_finalised(run: PayrollRun) -> bool:
    """A run is finalised once 확정 (or 지급): its slips are immutable and belong to their owners."""
    return run.status in (RunStatus.FINALISED, RunStatus.PAID)


def finalised_runs() -> QuerySet[PayrollRun]:
    return PayrollRun.objects.filter(status__in=(RunStatus.FINALISED, RunStatus.PAID))
