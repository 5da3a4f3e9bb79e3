"""The demo's execution chain, for the walk-through of issue 11's "Done means": run by
budget.demo after the expense plans, in the same transaction and on the same clock.

With the demo budget year (budget.demo_year) in place it charges that year's lines (`_year_lines`);
if the institution has no fiscal year yet, a small budget for this year is drafted and confirmed
through budget.structure: for the `staff` account's department and up to five other
departments with unit tasks, one 세부사업 with 201-01 사무관리비, 201-02 공공운영비 and 202-01
국내여비. A member of 재무회계팀 becomes 회계 담당 (else a member of the staff's department), one of
기획예산팀 예산 담당; three vendors are registered; the delegation rows for 지출결의, 반납·정정 and
수입결의 copy the plans' bands.

Then, through the services and the approval engine (so balances, postings, the journal and the
audit chain all hold): the staff member's plan on 사무관리비 approved (the commitment), a
지출결의 on it approved and paid by the 회계 담당 in a transfer batch (two journal entries), and a
direct 지출결의 on 공공운영비 waiting for the team head; two other departments' expenditures
approved, one of them paid, the other corrected (정정: its execution and entry reversed); two
수입결의 (one collected, one awaiting 수납) and a 대체전표 (선급금), each decided through e-approval.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth.models import Group
from django.utils import timezone

from approval.models import DelegationRule
from budget.books import EntryLine
from budget.charges import balances
from budget.execution import EXPENDITURE_KIND, expenditure_submit, payment_make
from budget.kinds import EXPENSE_PLAN_KIND
from budget.manual_journal import JOURNAL_KIND, manual_journal_submit
from budget.models import BudgetItem, Expenditure, FiscalYear, Level, RevenueItem, RevenueLevel, YearStatus
from budget.plugin import ACCOUNTING_OFFICER, BUDGET_OFFICER
from budget.revenue import REVENUE_KIND, revenue_collect, revenue_submit
from budget.reversals import REVERSAL_KIND, reversal_submit
from budget.services import expense_plan_submit
from budget.structure import budget_item_save, fiscal_year_confirm, fiscal_year_create
from budget.vendors import vendor_save
from org.demo import ADMIN_USERNAME
from org.models import Department, User
from tasks.selectors.cards import unit_tasks_for_filing

VENDORS = (
    ("한빛문구", "1234567891", "004", "123-456-789012", "한빛문구"),
    ("대한프린텍", "2208162517", "088", "110-222-333444", "대한프린텍(주)"),
    ("청솔시설관리", "1048137225", "011", "301-0000-1234-51", "청솔시설관리"),
)
LINES = (
    ("201", "일반운영비", (("201-01", "사무관리비", 24_000_000), ("201-02", "공공운영비", 12_000_000))),
    ("202", "여비", (("202-01", "국내여비", 6_000_000),)),
)


def _member(department_name: str) -> User | None:
    department = Department.objects.filter(name=department_name, is_active=True).order_by("path").first()
    if department is None:
        return None
    return (
        User.objects.filter(department=department, is_active=True)
        .exclude(pk__in=[department.head_id] if department.head_id else [])
        .order_by("employee_number", "username")
        .first()
    )


def seed_execution(seeder: Any) -> None:
    """Run with budget.demo's seeder (its org reading, clock and counts)."""
    staff: User = seeder.staff
    accountant = _member("재무회계팀") or (_member(staff.department.name) if staff.department else None)
    if accountant is None:
        return
    if FiscalYear.objects.exists():
        found = _year_lines(seeder)  # the demo budget year (budget.demo_year) is in place
        if found is None:
            return
        lines = found
    accountant.groups.add(Group.objects.get(name=ACCOUNTING_OFFICER))
    officer = _member("기획예산팀") or accountant
    officer.groups.add(Group.objects.get(name=BUDGET_OFFICER))
    # The README's walk-through: the `admin` account also holds both, to pay and to see the books.
    admin = User.objects.filter(username=ADMIN_USERNAME).first()
    if admin is not None:
        admin.groups.add(*Group.objects.filter(name__in=(ACCOUNTING_OFFICER, BUDGET_OFFICER)))
    _delegation()
    if not FiscalYear.objects.exists():
        lines = _budget(seeder, officer)
    vendors = [
        vendor_save(
            actor=accountant, name=name, business_number=number, bank_code=bank, account_number=acct, account_holder=h
        )
        for name, number, bank, acct, h in VENDORS
    ]
    seeder.counts["vendors"] = len(vendors)
    today = timezone.localdate(seeder.now)
    executed = []

    # The staff member's plan on 사무관리비, approved → commitment; its 지출결의 approved and paid.
    office = lines[(staff.department_id, "201-01")]
    task = seeder.tasks[staff.department_id][0]
    plan = expense_plan_submit(
        actor=staff,
        title="사무용품 연간 구매",
        purpose="부서 공용 사무용품(복사용지, 토너, 문구) 구매",
        amount=1_800_000,
        budget_line=office,
        planned_date=today,
        unit_task=task,
        now=seeder.next_moment(),
    )
    seeder.approve_all(plan)
    plan.refresh_from_db()
    first = expenditure_submit(
        actor=staff,
        title="복사용지·토너 대금",
        purpose="복사용지 60박스, 토너 4개 납품(검수 완료)",
        amount=1_540_000,
        vendor=vendors[0],
        pay_date=today,
        unit_task=task,
        plan=plan,
        now=seeder.next_moment(),
    )
    seeder.approve_all(first)
    executed.append(first)
    # A direct 지출결의 for a small fixed cost, waiting for the team head.
    expenditure_submit(
        actor=staff,
        title="복합기 유지보수료(월)",
        purpose="복합기 월 유지보수 계약분",
        amount=165_000,
        vendor=vendors[1],
        pay_date=today,
        unit_task=task,
        line=lines[(staff.department_id, "201-02")],
        now=seeder.next_moment(),
    )
    seeder.counts["expenditures"] = 2
    # Two other departments' direct expenditures, approved.
    others = [d for d in seeder.budget_departments if d != staff.department_id][:2]
    for department_id, vendor, title in zip(
        others, vendors[1:], ("회의실 프로젝터 수리", "청사 소독 용역"), strict=False
    ):
        drafter = next((u for u in seeder.drafters if u.department_id == department_id), None)
        if drafter is None:
            continue
        expenditure = expenditure_submit(
            actor=drafter,
            title=title,
            purpose=title,
            amount=480_000,
            vendor=vendor,
            pay_date=today,
            unit_task=seeder.tasks[department_id][0],
            line=lines[(department_id, "201-02")],
            now=seeder.next_moment(),
        )
        seeder.approve_all(expenditure)
        executed.append(expenditure)
        seeder.counts["expenditures"] += 1
    payment_make(
        actor=accountant,
        expenditure_ids=[e.pk for e in executed[:2]],
        paid_on=today,
        from_account="농협 301-0000-0000-01 (운영계좌)",
        memo="물품대금",
    )
    seeder.counts["payments"] = 1
    _corrections_revenue_and_journal(seeder, accountant, executed, today)


def _filing_task(user: User, fallback: Any) -> Any:
    """A unit task `user` may file under (their department's), else `fallback`."""
    return unit_tasks_for_filing(user).first() or fallback


def _corrections_revenue_and_journal(seeder: Any, accountant: User, executed: list, today: date) -> None:
    """The rest of the books' history, through the services and the approval engine: an unpaid
    expenditure corrected (정정, its execution and entry reversed), a 수입결의 collected and one
    awaiting collection (세입 목 of the demo budget year), and a 대체전표 (선급금 paid on account)."""
    seeder.counts["reversals"] = seeder.counts["revenue"] = seeder.counts["manual_journals"] = 0
    unpaid = Expenditure.objects.filter(pk__in=[e.pk for e in executed], payment__isnull=True).order_by("pk").first()
    if unpaid is not None:
        reversal = reversal_submit(
            actor=unpaid.drafter,
            expenditure=unpaid,
            reason="업체 사정으로 용역이 취소되어 지급 전 집행을 정정합니다.",
            unit_task=unpaid.unit_task,
            now=seeder.next_moment(),
        )
        seeder.approve_all(reversal)
        seeder.counts["reversals"] = 1
    task = _filing_task(accountant, seeder.tasks[seeder.staff.department_id][0])
    items = {
        item.code: item
        for item in RevenueItem.objects.filter(
            fiscal_year__status=YearStatus.CONFIRMED, level=RevenueLevel.ITEM, code__in=("211", "121")
        )
    }
    for code, title, payer, share, collect in (
        ("211", "4분기 도 출연금 교부", "경상북도", 10, True),
        ("121", "11월 예금 이자", "농협은행", 8, False),
    ):
        item = items.get(code)
        if item is None:
            continue
        amount = item.budgeted_amount * share // 100 // 1_000 * 1_000
        if amount <= 0:
            continue
        resolution = revenue_submit(
            actor=accountant,
            title=title,
            revenue_item=item,
            payer=payer,
            amount=amount,
            due_date=today,
            unit_task=task,
            now=seeder.next_moment(),
        )
        seeder.approve_all(resolution)
        if collect:
            resolution.refresh_from_db()
            revenue_collect(actor=accountant, resolution=resolution, collected_on=today)
        seeder.counts["revenue"] += 1
    journal = manual_journal_submit(
        actor=accountant,
        title="청사 소독 용역 선급금 지급",
        reason="12월 방역 용역 계약에 따라 대금의 30%를 선급합니다(검수 후 비용 대체).",
        entry_date=today,
        lines=[EntryLine("1120", debit=300_000, memo="선급금"), EntryLine(role="bank", credit=300_000)],
        unit_task=task,
        now=seeder.next_moment(),
    )
    seeder.approve_all(journal)
    seeder.counts["manual_journals"] = 1


def _delegation() -> None:
    rows = list(DelegationRule.objects.filter(kind=EXPENSE_PLAN_KIND))
    for kind in (EXPENDITURE_KIND, REVERSAL_KIND, REVENUE_KIND, JOURNAL_KIND):
        if DelegationRule.objects.filter(kind=kind).exists():
            continue
        DelegationRule.objects.bulk_create(
            DelegationRule(
                kind=kind,
                label=row.label,
                min_amount=row.min_amount,
                max_amount=row.max_amount,
                deciding_position=row.deciding_position,
                post_approval_required=row.post_approval_required,
            )
            for row in rows
        )


# What the walk-through spends on one department's line: the plan (1.8 M) and its direct costs.
WALK_THROUGH_AMOUNT = 2_500_000


def _year_lines(seeder: Any) -> dict[tuple[Any, str], BudgetItem] | None:
    """The lines the walk-through charges in the demo budget year: per department its own
    사무관리비 (201-01) with the most left, and its own 공공운영비 (201-02) for the direct costs, or
    the same 사무관리비 when it has none. Departments whose line has less left than the
    walk-through spends are passed over; None when the staff member's own is among them."""
    staff_department = seeder.staff.department_id
    others = list(dict.fromkeys(u.department_id for u in seeder.drafters if u.department_id != staff_department))
    departments = [staff_department, *others[:5]]
    year = FiscalYear.objects.filter(status=YearStatus.CONFIRMED).order_by("-year").first()
    if year is None:
        return None
    items = list(
        BudgetItem.objects.filter(
            fiscal_year=year, level=Level.ITEM, department_id__in=departments, standard_code__in=("201-01", "201-02")
        )
    )
    left = balances(items)
    lines: dict[tuple[Any, str], BudgetItem] = {}
    for item in sorted(items, key=lambda i: left[i.pk].available_amount):  # the most left wins
        if left[item.pk].available_amount >= WALK_THROUGH_AMOUNT:
            lines[(item.department_id, item.standard_code)] = item
    seeder.budget_departments = [d for d in departments if (d, "201-01") in lines]
    for department in seeder.budget_departments:
        lines.setdefault((department, "201-02"), lines[(department, "201-01")])
    if staff_department not in seeder.budget_departments:
        return None
    return lines


def _budget(seeder: Any, officer: User) -> dict[tuple[Any, str], BudgetItem]:
    """This year's small tree, confirmed; the lines by (department, standard code)."""
    year = fiscal_year_create(actor=officer, year=timezone.localdate(seeder.now).year)
    staff_department = seeder.staff.department_id
    # The staff's department and those of other drafters (so their expenditures can be shown).
    others = list(dict.fromkeys(u.department_id for u in seeder.drafters if u.department_id != staff_department))
    departments = [staff_department, *others[:5]]
    seeder.budget_departments = departments

    def save(parent: BudgetItem | None, code: str, name: str, department: int, **kw: Any) -> BudgetItem:
        return budget_item_save(
            actor=officer,
            item=BudgetItem(fiscal_year=year, parent=parent, code=code, name=name, department_id=department, **kw),
        )

    program = save(None, "1000", "기관운영", staff_department)
    unit = save(program, "1100", "기본경비", staff_department)
    names = dict(Department.objects.filter(pk__in=departments).values_list("pk", "name"))
    lines: dict[tuple[Any, str], BudgetItem] = {}
    for index, department in enumerate(departments, start=1):
        project = save(unit, f"11{index:02d}", f"{names[department]} 기본경비", department)
        for object_code, object_name, items in LINES:
            obj = save(project, object_code, object_name, department, standard_code=object_code)
            for code, name, amount in items:
                lines[(department, code)] = save(obj, code, name, department, standard_code=code, planned_amount=amount)
    fiscal_year_confirm(actor=officer, fiscal_year=year)
    seeder.counts["budget_lines"] = len(lines)
    return lines
