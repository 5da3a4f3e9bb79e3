"""A small worked year for budget's home, 예산집행현황 and KPIs, built through the services (the
structure, the charging API, an amendment approved through e-approval). Call inside an
institution's schema (in_alpha). The organisation is tests.factories.approval.org_chart():

    알파개발공사 (조사장 heads it) > 경영본부 (권본부) > 총무부 (남부장) > 총무팀 (도팀장; 문기안, 변동료)
                                               > 재무부 (석재무; 탁회계 = the budget officer)

The tree (2026), 본예산 posted on 1 January:

    1000 행정지원 > 1100 기관운영 (재무부)
      1110 기본경비 (재무부)      201-01 사무관리비 10,000,000 · 201-02 공공운영비 5,000,000
                                  202-01 국내여비 2,000,000
      1120 시설관리 (재무부)      401-01 시설비 30,000,000 (+6,000,000 추경 on 15 June)
      1130 총무지원 (총무팀)      201-01 사무관리비 4,000,000 · 202-01 국내여비 1,000,000

The year's postings (besides 본예산):

    01-20 commit   재무 사무관리비 3,000,000 (plan A)
    02-10 execute  2,000,000 settling plan A            → 재무 사무관리비 committed 1,000,000
    03-05 execute  재무 국내여비 500,000 (trip 1, direct)
    03-25 execute  시설비 12,000,000 (works 1, direct)
    04-15 execute  총무 사무관리비 1,500,000 (supplies 1, direct)
    05-20 commit   재무 공공운영비 2,000,000 (plan B)
    06-10 execute  1,200,000 settling plan B            → 재무 공공운영비 committed 800,000
    06-15 추경      시설비 +6,000,000 (approved by 석재무)
    07-08 execute  총무 국내여비 300,000 (trip 2, direct)
    08-03 reverse  trip 1 (−500,000: 반납)

The province's 신속집행 targets for 2026: 상반기 55.50 %, 하반기 90.00 %.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.contrib.auth.models import Group

from approval.models import DelegationRule
from approval.services import document_approve
from budget.amendments import AMENDMENT_KIND, LineChange, amendment_create, amendment_submit
from budget.charges import SourceRef, commit, execute, reverse
from budget.models import AmendmentKind, BudgetItem, FiscalYear
from budget.structure import fiscal_year_confirm
from org.models import User
from standards.models import ExecutionTarget
from tests.factories.approval import Org, org_chart
from tests.factories.budget_lines import BUDGET_OFFICER, item, small_budget
from tests.factories.tasks_cards import unit_task

SEOUL = ZoneInfo("Asia/Seoul")
H1_TARGET = Decimal("55.50")
H2_TARGET = Decimal("90.00")


@dataclass
class WorkedYear:
    org: Org
    officer: User
    year: FiscalYear
    lines: dict[
        str, BudgetItem
    ]  # "재무 사무관리비", "재무 공공운영비", "재무 국내여비", "시설비", "총무 사무관리비", "총무 국내여비"
    items: dict[str, BudgetItem]  # every item of the tree by name ("총무지원" for the team's 세부사업)

    def line(self, key: str) -> BudgetItem:
        return BudgetItem.objects.get(pk=self.lines[key].pk)


def source(name: str) -> SourceRef:
    return SourceRef("tests", "worked", name)


def set_targets(year: int = 2026, h1: Decimal | None = H1_TARGET, h2: Decimal | None = H2_TARGET) -> None:
    for half, rate in ((1, h1), (2, h2)):
        if rate is not None:
            ExecutionTarget.objects.update_or_create(year=year, half=half, defaults={"target_rate": rate})


def worked_year(*, postings: bool = True, targets: bool = True) -> WorkedYear:
    org = org_chart()
    officer = org.accountant
    officer.groups.add(Group.objects.get(name=BUDGET_OFFICER))
    budget = small_budget(department=org.finance, officer=officer, confirm=False)
    year = budget.year
    items = dict(budget.items)
    team = org.team
    items["총무지원"] = project = item(officer, year, budget.items["기관운영"], "1130", "총무지원", team)
    items["총무 일반운영비"] = ops = item(officer, year, project, "201", "일반운영비", team, standard_code="201")
    team_office = item(
        officer, year, ops, "201-01", "사무관리비", team, standard_code="201-01", planned_amount=4_000_000
    )
    items["총무 여비"] = travel = item(officer, year, project, "202", "여비", team, standard_code="202")
    team_trips = item(
        officer, year, travel, "202-01", "국내여비", team, standard_code="202-01", planned_amount=1_000_000
    )
    year = fiscal_year_confirm(actor=officer, fiscal_year=year)
    lines = {
        "재무 사무관리비": budget.items["사무관리비"],
        "재무 공공운영비": budget.items["공공운영비"],
        "재무 국내여비": budget.items["국내여비"],
        "시설비": budget.items["시설비"],
        "총무 사무관리비": team_office,
        "총무 국내여비": team_trips,
    }
    worked = WorkedYear(org=org, officer=officer, year=year, lines=lines, items=items)
    if targets:
        set_targets()
    if postings:
        post_the_year(worked)
    return worked


def post_the_year(worked: WorkedYear) -> None:
    lines, actor = worked.lines, worked.officer
    commit(line=lines["재무 사무관리비"], amount=3_000_000, source=source("plan-a"), actor=actor, on=date(2026, 1, 20))
    execute(
        source=source("pay-a"),
        amount=2_000_000,
        commitment_source=source("plan-a"),
        actor=actor,
        on=date(2026, 2, 10),
    )
    execute(source=source("trip-1"), amount=500_000, line=lines["재무 국내여비"], actor=actor, on=date(2026, 3, 5))
    execute(source=source("works-1"), amount=12_000_000, line=lines["시설비"], actor=actor, on=date(2026, 3, 25))
    execute(
        source=source("supplies-1"), amount=1_500_000, line=lines["총무 사무관리비"], actor=actor, on=date(2026, 4, 15)
    )
    commit(line=lines["재무 공공운영비"], amount=2_000_000, source=source("plan-b"), actor=actor, on=date(2026, 5, 20))
    execute(
        source=source("pay-b"),
        amount=1_200_000,
        commitment_source=source("plan-b"),
        actor=actor,
        on=date(2026, 6, 10),
    )
    supplementary_budget(worked, lines["시설비"], 6_000_000, datetime(2026, 6, 15, 10, 0, tzinfo=SEOUL))
    execute(source=source("trip-2"), amount=300_000, line=lines["총무 국내여비"], actor=actor, on=date(2026, 7, 8))
    reverse(source=source("trip-1"), actor=actor, on=date(2026, 8, 3))


def supplementary_budget(worked: WorkedYear, line: BudgetItem, amount: int, at: datetime) -> None:
    """추경 through e-approval: drafted by the officer, decided by the 재무부 head on `at`."""
    org = worked.org
    DelegationRule.objects.get_or_create(
        kind=AMENDMENT_KIND, label="예산 변경", defaults={"deciding_position": org.positions["부서장"]}
    )
    task = unit_task(department=org.finance, owner=worked.officer, name="예산 운용")
    amendment = amendment_create(
        actor=worked.officer,
        fiscal_year=worked.year,
        kind=AmendmentKind.SUPPLEMENTARY,
        title="제1회 추가경정예산",
        reason="시설 보수 증액",
        changes=[LineChange(line, amount)],
    )
    amendment_submit(actor=worked.officer, amendment=amendment, unit_task=task)
    amendment.refresh_from_db()
    document_approve(document=amendment.document, actor=org.finance_head, now=at)
