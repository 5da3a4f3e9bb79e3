"""A run's reports for the 급여 담당 and auditors: the department summary, the 원천징수 summary by
원천징수이행상황신고 line, the social insurance by agency (both shares) and the 급여대장 rows.
Each report is a fixed number of grouped queries, whatever the run's size.

원천징수이행상황신고 (근로소득) lines: A01 간이세액 is every payment of a run (정기, 소급 and 상여 alike
are withheld by the 간이세액표 or §136 and filed on A01); A02 중도퇴사, A03 일용근로 and A04
연말정산 are settlements payroll runs do not make, so they are listed as 0 for the filer to fill
from where they are made; A10 가감계 is their sum. 총지급액 is the pay including 비과세 except the
미제출 비과세 (식대, 자가운전보조금, 실비변상: no 지급명세서 is filed for them), which the
신고서's 작성요령 leaves out; 출산·보육수당 is a 제출 비과세 and stays in."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, Sum

from payroll.models import LineKind, NonTaxable, PayItem, PayrollRun, Payslip, PayslipLine
from payroll.recoveries import collected_sum

UNREPORTED_EXEMPT = (NonTaxable.MEAL, NonTaxable.CAR, NonTaxable.OTHER)  # 미제출 비과세


@dataclass(frozen=True)
class DepartmentRow:
    department: str
    headcount: int
    gross: int
    taxable: int
    non_taxable: int
    insurance: int  # the employee's four social insurances
    income_tax: int
    local_income_tax: int
    other_deductions: int
    deductions: int
    net: int
    employer: int

    def as_list(self) -> list[object]:
        return [
            self.department,
            self.headcount,
            self.gross,
            self.taxable,
            self.non_taxable,
            self.insurance,
            self.income_tax,
            self.local_income_tax,
            self.other_deductions,
            self.deductions,
            self.net,
            self.employer,
        ]


DEPARTMENT_HEADERS = [
    "부서",
    "인원",
    "지급 합계(원)",
    "과세 급여(원)",
    "비과세(원)",
    "사회보험 근로자 부담(원)",
    "소득세(원)",
    "지방소득세(원)",
    "기타 공제(원)",
    "공제 합계(원)",
    "실지급액(원)",
    "기관 부담(원)",
]

_EMPLOYER_FIELDS = (
    "employer_national_pension_amount",
    "employer_health_insurance_amount",
    "employer_long_term_care_amount",
    "employer_employment_insurance_amount",
    "employer_employment_stability_amount",
    "employer_industrial_accident_amount",
)
_INSURANCE_FIELDS = (
    "national_pension_amount",
    "health_insurance_amount",
    "long_term_care_amount",
    "employment_insurance_amount",
)


def department_summary(run: PayrollRun) -> tuple[list[DepartmentRow], DepartmentRow]:
    """Per department (as it stood on the slip), in name order, and the run's total row: one query."""
    sums = {name: Sum(name) for name in (*_EMPLOYER_FIELDS, *_INSURANCE_FIELDS)}
    grouped = (
        Payslip.objects.filter(run=run)
        .values("department_name")
        .annotate(
            headcount=Count("pk"),
            gross=Sum("gross_amount"),
            taxable=Sum("taxable_amount"),
            non_taxable=Sum("non_taxable_amount"),
            income_tax=Sum("income_tax_amount"),
            local_income_tax=Sum("local_income_tax_amount"),
            other=Sum("other_deduction_amount"),
            deductions=Sum("total_deduction_amount"),
            net=Sum("net_amount"),
            **sums,
        )
        .order_by("department_name")
    )
    rows = [
        DepartmentRow(
            department=row["department_name"] or "(부서 없음)",
            headcount=row["headcount"],
            gross=row["gross"],
            taxable=row["taxable"],
            non_taxable=row["non_taxable"],
            insurance=sum(row[name] for name in _INSURANCE_FIELDS),
            income_tax=row["income_tax"],
            local_income_tax=row["local_income_tax"],
            other_deductions=row["other"],
            deductions=row["deductions"],
            net=row["net"],
            employer=sum(row[name] for name in _EMPLOYER_FIELDS),
        )
        for row in grouped
    ]
    total = DepartmentRow(
        "합계",
        headcount=sum(r.headcount for r in rows),
        gross=sum(r.gross for r in rows),
        taxable=sum(r.taxable for r in rows),
        non_taxable=sum(r.non_taxable for r in rows),
        insurance=sum(r.insurance for r in rows),
        income_tax=sum(r.income_tax for r in rows),
        local_income_tax=sum(r.local_income_tax for r in rows),
        other_deductions=sum(r.other_deductions for r in rows),
        deductions=sum(r.deductions for r in rows),
        net=sum(r.net for r in rows),
        employer=sum(r.employer for r in rows),
    )
    return rows, total


@dataclass(frozen=True)
class WithholdingLine:
    code: str
    label: str
    headcount: int
    total_pay: int
    income_tax: int
    local_income_tax: int
    note: str = ""

    def as_list(self) -> list[object]:
        return [self.code, self.label, self.headcount, self.total_pay, self.income_tax, self.local_income_tax]


WITHHOLDING_HEADERS = ["코드", "소득구분", "인원", "총지급액(원)", "소득세(원)", "지방소득세(원)"]


def unreported_exempt(run: PayrollRun) -> int:
    """The run's 미제출 비과세 (식대, 자가운전보조금, 실비변상), from its earning lines by item."""
    codes = list(PayItem.objects.filter(non_taxable__in=UNREPORTED_EXEMPT).values_list("code", flat=True))
    total = PayslipLine.objects.filter(
        slip__run=run, kind=LineKind.EARNING, code__in=codes, non_taxable_amount__gt=0
    ).aggregate(total=Sum("non_taxable_amount"))["total"]
    return total or 0


def withholding_summary(run: PayrollRun) -> list[WithholdingLine]:
    """The run's 근로소득 lines of the 원천징수이행상황신고 (see the module's doc): two queries."""
    totals = Payslip.objects.filter(run=run).aggregate(
        people=Count("user", distinct=True),
        gross=Sum("gross_amount"),
        income_tax=Sum("income_tax_amount"),
        local_income_tax=Sum("local_income_tax_amount"),
    )
    gross = totals["gross"] or 0
    a01 = WithholdingLine(
        "A01",
        "간이세액",
        totals["people"],
        gross - unreported_exempt(run) if gross else 0,
        totals["income_tax"] or 0,
        totals["local_income_tax"] or 0,
    )
    not_made = "급여 지급에서 정산하지 않음"
    lines = [
        a01,
        WithholdingLine("A02", "중도퇴사", 0, 0, 0, 0, not_made),
        WithholdingLine("A03", "일용근로", 0, 0, 0, 0, not_made),
        WithholdingLine("A04", "연말정산", 0, 0, 0, 0, not_made),
    ]
    lines.append(
        WithholdingLine(
            "A10",
            "가감계",
            sum(x.headcount for x in lines),
            sum(x.total_pay for x in lines),
            sum(x.income_tax for x in lines),
            sum(x.local_income_tax for x in lines),
        )
    )
    return lines


@dataclass(frozen=True)
class InsuranceRow:
    agency: str
    scheme: str
    headcount: int  # people with a contribution on either side
    employee: int
    employer: int

    @property
    def total(self) -> int:
        return self.employee + self.employer

    def as_list(self) -> list[object]:
        return [self.agency, self.scheme, self.headcount, self.employee, self.employer, self.total]


INSURANCE_HEADERS = ["기관", "보험", "인원", "근로자 부담(원)", "기관 부담(원)", "합계(원)"]

# (agency, scheme, employee field or None, employer field)
_SCHEMES: tuple[tuple[str, str, str | None, str], ...] = (
    ("국민연금공단", "국민연금", "national_pension_amount", "employer_national_pension_amount"),
    ("국민건강보험공단", "건강보험", "health_insurance_amount", "employer_health_insurance_amount"),
    ("국민건강보험공단", "장기요양보험", "long_term_care_amount", "employer_long_term_care_amount"),
    ("근로복지공단", "고용보험 실업급여", "employment_insurance_amount", "employer_employment_insurance_amount"),
    ("근로복지공단", "고용안정·직업능력개발", None, "employer_employment_stability_amount"),
    ("근로복지공단", "산재보험", None, "employer_industrial_accident_amount"),
)


def insurance_by_agency(run: PayrollRun) -> list[tuple[str, list[InsuranceRow], InsuranceRow]]:
    """Per agency: its schemes (both shares) and the agency's subtotal, in the order the
    agencies bill (국민연금공단, 국민건강보험공단 with 장기요양, 근로복지공단 고용·산재): one query."""
    aggregates: dict[str, Any] = {}
    for index, (_agency, _scheme, employee, employer) in enumerate(_SCHEMES):
        paying = Q(**{f"{employer}__gt": 0})
        if employee:
            paying |= Q(**{f"{employee}__gt": 0})
        aggregates[f"n{index}"] = Count("pk", filter=paying)
        aggregates[f"r{index}"] = Sum(employer)
        if employee:
            aggregates[f"e{index}"] = Sum(employee)
    totals = Payslip.objects.filter(run=run).aggregate(**aggregates)
    agencies: dict[str, list[InsuranceRow]] = defaultdict(list)
    for index, (agency, scheme, _employee, _employer) in enumerate(_SCHEMES):
        agencies[agency].append(
            InsuranceRow(
                agency,
                scheme,
                totals[f"n{index}"] or 0,
                totals.get(f"e{index}") or 0,
                totals[f"r{index}"] or 0,
            )
        )
    result = []
    for agency, rows in agencies.items():
        subtotal = InsuranceRow(
            agency,
            "소계",
            max(r.headcount for r in rows),
            sum(r.employee for r in rows),
            sum(r.employer for r in rows),
        )
        result.append((agency, rows, subtotal))
    return result


REGISTER_HEADERS = [
    "성명",
    "사번",
    "부서",
    "직급",
    "호봉",
    "지급 합계(원)",
    "과세 급여(원)",
    "비과세(원)",
    "국민연금(원)",
    "건강보험(원)",
    "장기요양(원)",
    "고용보험(원)",
    "소득세(원)",
    "지방소득세(원)",
    "기타 공제(원)",
    "공제 합계(원)",
    "실지급액(원)",
    "환수액(원)",
    "환수 잔액(원)",
    "기관 부담 합계(원)",
]


def register_rows(run: PayrollRun) -> list[list[object]]:
    """급여대장: one row per slip (department, then name order), the columns of REGISTER_HEADERS. A
    correction's person whose net difference is negative shows 실지급액 0, the 환수액 owed and what
    of it is still outstanding (환수 잔액: less what payroll.recoveries recorded as collected)."""
    slips = (
        Payslip.objects.filter(run=run)
        .annotate(collected=collected_sum())
        .select_related("user")
        .order_by("department_name", "user__name", "pk")
    )
    return [
        [
            s.user.name,
            s.user.employee_number or "",
            s.department_name,
            s.grade_name,
            s.pay_step or "",
            s.gross_amount,
            s.taxable_amount,
            s.non_taxable_amount,
            s.national_pension_amount,
            s.health_insurance_amount,
            s.long_term_care_amount,
            s.employment_insurance_amount,
            s.income_tax_amount,
            s.local_income_tax_amount,
            s.other_deduction_amount,
            s.total_deduction_amount,
            s.paid_amount,
            s.recovery_amount,
            s.recovery_amount - s.collected,
            s.employer_total_amount,
        ]
        for s in slips
    ]


def register_totals(rows: list[list[object]]) -> list[int]:
    """The money columns' totals (columns 6..20 of the register)."""
    return [sum(int(row[i]) for row in rows) for i in range(5, len(REGISTER_HEADERS))]  # type: ignore[call-overload]
