"""A small budget built through the services (budget.structure), for the tests of budget lines,
the ledger, amendments and charges. Call inside an institution's schema (in_alpha).

`small_budget()` builds one year's tree::

    1000 행정지원 (정책사업)
    └ 1100 기관운영 (단위사업)
      ├ 1110 기본경비 (세부사업)
      │ ├ 201 일반운영비 (편성목, std 201)
      │ │ ├ 201-01 사무관리비  (통계목, std 201-01)  10,000,000
      │ │ └ 201-02 공공운영비  (통계목, std 201-02)   5,000,000
      │ └ 202 여비 (편성목, std 202)
      │   └ 202-01 국내여비    (통계목, std 202-01)   2,000,000
      └ 1120 시설관리 (세부사업)
        └ 401 시설비및부대비 (편성목, std 401)
          └ 401-01 시설비      (통계목, std 401-01)  30,000,000

and, with `confirm=True` (the default), confirms the year so the 본예산 is posted.
"""

from __future__ import annotations

from dataclasses import dataclass

from budget.models import BudgetItem, FiscalYear
from budget.structure import budget_item_save, fiscal_year_confirm, fiscal_year_create
from org import roles
from org.models import Department, User
from tests.factories import DepartmentFactory, UserFactory

BUDGET_OFFICER = "budget_officer"


@dataclass
class SmallBudget:
    year: FiscalYear
    officer: User
    department: Department
    items: dict[str, BudgetItem]  # by name

    def line(self, name: str) -> BudgetItem:
        return BudgetItem.objects.get(pk=self.items[name].pk)


def budget_officer(department: Department | None = None, **kw) -> User:
    return UserFactory(department=department, roles=[roles.STAFF, BUDGET_OFFICER], **kw)


def item(officer: User, year: FiscalYear, parent: BudgetItem | None, code: str, name: str, department, **kw):
    return budget_item_save(
        actor=officer,
        item=BudgetItem(fiscal_year=year, parent=parent, code=code, name=name, department=department, **kw),
    )


def small_budget(
    *,
    year: int = 2026,
    confirm: bool = True,
    department: Department | None = None,
    officer: User | None = None,
    amounts: dict[str, int] | None = None,
) -> SmallBudget:
    department = department or DepartmentFactory(name="재무팀")
    officer = officer or budget_officer(department)
    amounts = {"사무관리비": 10_000_000, "공공운영비": 5_000_000, "국내여비": 2_000_000, "시설비": 30_000_000} | (
        amounts or {}
    )
    fiscal_year = fiscal_year_create(actor=officer, year=year)
    items: dict[str, BudgetItem] = {}

    def add(key, parent, code, name, **kw):
        items[key] = item(officer, fiscal_year, parent, code, name, department, **kw)
        return items[key]

    program = add("행정지원", None, "1000", "행정지원")
    unit = add("기관운영", program, "1100", "기관운영")
    basic = add("기본경비", unit, "1110", "기본경비")
    operating = add("일반운영비", basic, "201", "일반운영비", standard_code="201")
    add("사무관리비", operating, "201-01", "사무관리비", standard_code="201-01", planned_amount=amounts["사무관리비"])
    add("공공운영비", operating, "201-02", "공공운영비", standard_code="201-02", planned_amount=amounts["공공운영비"])
    travel = add("여비", basic, "202", "여비", standard_code="202")
    add("국내여비", travel, "202-01", "국내여비", standard_code="202-01", planned_amount=amounts["국내여비"])
    facilities = add("시설관리", unit, "1120", "시설관리")
    works = add("시설비및부대비", facilities, "401", "시설비및부대비", standard_code="401")
    add("시설비", works, "401-01", "시설비", standard_code="401-01", planned_amount=amounts["시설비"])
    if confirm:
        fiscal_year = fiscal_year_confirm(actor=officer, fiscal_year=fiscal_year)
    return SmallBudget(year=fiscal_year, officer=officer, department=department, items=items)
