"""A small pay structure for tests: one grade's table, the items, profiles."""

from __future__ import annotations

import datetime

from org.models import Grade, User
from payroll.models import InsuranceBase, PayItem, PayProfile, PayStep, PayTable, PayTableCell, ProfileItem

JAN = datetime.date(2026, 1, 1)


def pay_structure() -> Grade:
    grade, _ = Grade.objects.get_or_create(name="6급", defaults={"rank": 60})
    table = PayTable.objects.create(name="2026년 보수표", effective_from=JAN)
    PayTableCell.objects.bulk_create(
        [
            PayTableCell(table=table, grade=grade, pay_step=step, base_amount=2_500_000 + step * 100_000)
            for step in range(1, 11)
        ]
    )
    PayItem.objects.create(
        code="base", name="기본급", computation="base_pay", is_ordinary_wage=True, budget_code="101-01"
    )
    PayItem.objects.create(
        code="meal", name="정액급식비", computation="fixed", non_taxable="meal", amount=140_000, budget_code="101-01"
    )
    PayItem.objects.create(code="union", name="노조비", kind="deduction", computation="fixed")
    return grade


def profile_for(
    user: User, grade: Grade, *, step: int = 5, hired: datetime.date = datetime.date(2020, 3, 1)
) -> PayProfile:
    user.hire_date = hired
    user.save(update_fields=["hire_date"])
    profile = PayProfile.objects.create(
        user=user, family=2, spouse=True, bank_name="농협은행", bank_account="302-1234-5678-91", rrn="900101-1234567"
    )
    PayStep.objects.create(profile=profile, effective_from=JAN, grade=grade, pay_step=step)
    InsuranceBase.objects.create(
        profile=profile, year=2026, pension_base_amount=3_000_000, health_base_amount=3_000_000
    )
    ProfileItem.objects.create(profile=profile, item=PayItem.objects.get(code="union"), amount=15_000)
    return profile


def payroll_budget(amounts: dict[str, int], year: int = 2026) -> None:
    """A confirmed budget year with one 통계목 per code (its standard code), `amounts` planned."""
    from budget.structure import fiscal_year_confirm, fiscal_year_create
    from tests.factories import DepartmentFactory
    from tests.factories.budget_lines import budget_officer, item

    department = DepartmentFactory(name="재무팀")
    officer = budget_officer(department)
    fiscal_year = fiscal_year_create(actor=officer, year=year)
    program = item(officer, fiscal_year, None, "1000", "행정지원", department)
    unit = item(officer, fiscal_year, program, "1100", "기관운영", department)
    personnel = item(officer, fiscal_year, unit, "1110", "인건비", department)
    parents = {}
    for code, amount in amounts.items():
        group = code[:3]
        if group not in parents:
            parents[group] = item(
                officer, fiscal_year, personnel, group, f"편성목{group}", department, standard_code=group
            )
        item(
            officer,
            fiscal_year,
            parents[group],
            code,
            f"과목{code}",
            department,
            standard_code=code,
            planned_amount=amount,
        )
    fiscal_year_confirm(actor=officer, fiscal_year=fiscal_year)
