"""Reads for payroll's pages (a fixed number of queries each)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet, Sum

from payroll.models import LineKind, PayrollRun, Payslip, PayslipLine
from payroll.permissions import own_payslips


def my_payslips(user: Any) -> QuerySet[Payslip]:
    return own_payslips(user).select_related("run").order_by("-month", "-run_id")


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
    totals = Payslip.objects.filter(run=run).aggregate(
        count=Count("pk"),
        gross=Sum("gross_amount"),
        deductions=Sum("total_deduction_amount"),
        net=Sum("net_amount"),
        income_tax=Sum("income_tax_amount"),
        local_income_tax=Sum("local_income_tax_amount"),
    )
    return {key: value or 0 for key, value in totals.items()}


def run_slips(run: PayrollRun) -> QuerySet[Payslip]:
    return Payslip.objects.filter(run=run).select_related("user").order_by("department_name", "user__name")
