"""The demo budget year (issue 11 item 9): every demo institution gets a real budget for the year
of `now` — the expenditure tree of a 출자·출연기관 (정책사업 > 단위사업 > 세부사업 > 편성목 > 통계목,
60–150 lines each mapped to a province standard code and owned by a real department), the
revenue tree (관·항·목), 본예산 posted by confirming the year, eleven months of execution, an
approved 추경 and two 전용 — and the province's 신속집행 targets for the year; from September
on, next year's budget in 편성 as well (this year's structure and 예산현액, copied by
`budget.structure.fiscal_year_copy_structure`).

How each part is written, so every invariant of real use holds:

- the trees are inserted in bulk (one INSERT, ids drawn ahead so each row has its path) and
  then the year is confirmed through `budget.structure.fiscal_year_confirm`, which checks every
  standard code and posts the 본예산;
- execution is planned in memory as `budget.charges` would post it call by call — per month one
  payroll source (인건비, executed directly on the 20th), one commitment source for the running
  costs and projects (지출원인행위, on the 5th) settled by one expenditure source (집행, on the
  24th); each charge within its line's balance at its moment, each settlement within its
  commitment — and written at once through the ledger's bulk path (`budget.ledger.post_postings`:
  one INSERT, one UPDATE of the totals, under `lock_lines`) with the audit events each charges
  call writes (`audit_record_many`). A line is charged in about half the months (purchases are
  lumpy); most months' commitments are settled in full, May's rests are released at its end
  (원인행위 해제) and the last two months' commitments stay open. Sources are named
  `budget.demo_payroll:2026-03`, `budget.demo_commitment:2026-03` and
  `budget.demo_expenditure:2026-03`: clearly the demo's (tests/budget/test_demo_year.py replays
  them through budget.charges and compares);
- 추경 and 전용 are drafted with `budget.amendments` and decided through the approval engine by
  the approvers on their lines, after the institution's last registered document (registration
  numbers keep following completion times) and before `now`.

Shapes: January is slow, June and November push (신속집행 and the year's last months), December —
the rush — is left to the year's remaining months. December is never executed here: payroll's
demo charges December's pay. At one institution (`SHORT_PAYROLL_INSTITUTION`) the 101-01 보수
line is sized about 3 % short of December's pay, so payroll's demo can show a budget shortfall;
everywhere else December's pay fits with about 2 % to spare (`monthly_payroll` is the figure).

Deterministic (``random.Random(f"budget-year-{year}-{code}")``) and idempotent: a schema that
already has the year's FiscalYear is left as it is.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from time import perf_counter

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django_tenants.utils import get_public_schema_name, schema_context

from approval.models import ApprovalStep, Document, StepState
from approval.services import document_approve
from audit.services import AuditEntry, audit_record, audit_record_many
from budget.amendments import LineChange, amendment_create, amendment_submit
from budget.charges import Charge, commit_many, execute_many, release
from budget.demo_books import books_seed
from budget.ledger import SourceRef, post_postings, posting
from budget.locks import lock_lines
from budget.models import (
    Amendment,
    AmendmentKind,
    BudgetItem,
    BudgetPosting,
    FiscalYear,
    Level,
    PostingKind,
    RevenueItem,
    RevenueLevel,
    YearStatus,
)
from budget.structure import fiscal_year_confirm, fiscal_year_copy_structure, path_segment
from core.bulk import reserve_ids
from notifications.services import mail_suppressed
from org.demo import SEED_ACTOR
from org.demo_data import AUDIT_UNIT
from org.models import Department, EmploymentStatus, User
from standards.models import ExecutionTarget
from tasks.models import UnitTask
from tenants.models import Institution

SHORT_PAYROLL_INSTITUTION = "dokdo"  # 독도재단: December's 보수 does not fit (payroll's demo shows it)
DECEMBER_MARGIN = Decimal("1.02")  # what is left on 101-01 for December, as a share of a month's pay
SHORT_MARGIN = Decimal("0.97")

MIN_LINES, MAX_LINES = 60, 150

# The province's 신속집행 targets (share of the year's 예산현액 executed by the half's end).
EXECUTION_TARGETS = ((1, Decimal("55.00"), "상반기 신속집행 목표"), (2, Decimal("95.00"), "연간 집행 목표"))

# Monthly pay (보수: 기본급 and allowances) by grade, in won; the head (임원) has no grade.
PAY_BY_GRADE = {
    "1급": 7_600_000,
    "2급": 6_800_000,
    "3급": 6_000_000,
    "4급": 5_100_000,
    "5급": 4_400_000,
    "6급": 3_800_000,
    "7급": 3_300_000,
}
PAY_OF_HEAD = 9_000_000
HOLIDAY_BONUS_SHARE = Decimal("0.39")  # 명절휴가비 (설 in February, 추석 in September): 60 % of 기본급
PAY_DAY = 20
COMMIT_DAY, EXECUTE_DAY = 5, 24
# The month's share of a year's running costs and projects (December's is left to December).
MONTH_SHAPE = (3, 6, 9, 8, 8, 10, 7, 7, 8, 8, 10, 16)
# A line is not charged every month (purchases are lumpy, and fewer postings keep the seed fast).
SKIP_MONTH = 0.5
DRAFTING_FROM_MONTH = 9  # from September the next year's budget is being drafted (편성)
RELEASE_MONTH = 5  # the month whose commitments' rests are released (원인행위 해제)


@dataclass(frozen=True)
class YearSeedResult:
    created: bool
    counts: dict[str, int]
    seconds: float
    note: str = ""


def execution_targets(year: int) -> int:
    """The province's 신속집행 targets for `year` (public schema), created once; returns how many
    were created."""
    created = 0
    with schema_context(get_public_schema_name()):
        for half, rate, note in EXECUTION_TARGETS:
            _target, made = ExecutionTarget.objects.get_or_create(
                year=year, half=half, defaults={"target_rate": rate, "note": note}
            )
            created += made
    return created


def year_seed(*, institution: Institution, now: datetime, through_charges: bool = False) -> YearSeedResult:
    """Seed the current schema's budget for the year of `now` (once). With `through_charges` the
    months are posted call by call through budget.charges instead of in bulk (slower; the same
    result: tests/budget/test_demo_year.py compares)."""
    started = perf_counter()
    today = timezone.localtime(now).date()
    with transaction.atomic():
        targets = execution_targets(today.year)
        if FiscalYear.objects.filter(year=today.year).exists():
            return YearSeedResult(False, {}, perf_counter() - started, f"already has the {today.year} budget")
        if FiscalYear.objects.filter(status=YearStatus.CONFIRMED).exists():
            return YearSeedResult(False, {}, perf_counter() - started, "another year is open")
        org = _Org.read()
        if org is None:
            return YearSeedResult(False, {}, perf_counter() - started, "no demo organisation")
        rng = random.Random(f"budget-year-{today.year}-{institution.code}")  # noqa: S311 - demo data
        short = institution.code == SHORT_PAYROLL_INSTITUTION
        seeder = _YearSeeder(org, rng, now, short=short, through_charges=through_charges)
        with mail_suppressed():
            counts = seeder.run()
        counts["execution_targets"] = targets
        audit_record(action="demo.seed", actor_label=SEED_ACTOR, data={"app": "budget.year", **counts})
    return YearSeedResult(True, counts, perf_counter() - started)


def department_line(department: Department | int, standard_code: str, *, year: int | None = None) -> BudgetItem | None:
    """The budget line of `standard_code` (e.g. "202-01" 국내여비) owned by the department — of
    several, the one with the most left — or by the nearest department above it that has one, in
    the open year (or `year`). Demo drafters (the expense plans, trips) name real lines through
    this."""
    department = department if isinstance(department, Department) else Department.objects.get(pk=department)
    years = Q(fiscal_year__year=year) if year is not None else Q(fiscal_year__status=YearStatus.CONFIRMED)
    ids = [int(pk) for pk in department.path.split(".") if pk]
    lines: dict[int, BudgetItem] = {}
    for line in BudgetItem.objects.filter(years, level=Level.ITEM, standard_code=standard_code, department_id__in=ids):
        best = lines.get(line.department_id)
        if best is None or _left(line) > _left(best):
            lines[line.department_id] = line
    return next((lines[pk] for pk in reversed(ids) if pk in lines), None)


def _left(line: BudgetItem) -> int:
    return line.current_amount - line.committed_amount - line.executed_amount


# The standard code of each 예산과목 the demo's expense plans (budget.demo.PLANS) name as text:
# with `department_line(drafter.department, code)` a plan names its drafter's department's line.
PLAN_STANDARD_CODES = {
    "사무관리비/일반수용비": "201-01",
    "인력개발비/교육훈련비": "201-01",
    "시설관리비/시설장비유지비": "201-01",
    "홍보사업비/일반수용비": "201-01",
    "차량운영비/차량선박비": "201-01",
    "업무추진비/기관운영업무추진비": "203-04",
    "정보화사업비/자산취득비": "201-01",
    "사업운영비/일반보상금": "201-01",
    "시설관리비/일반용역비": "201-01",
}


def monthly_payroll(users: list[User]) -> int:
    """A month's 보수 (101-01) of the active staff: the demo's stand-in for the pay tables."""
    total = 0
    for user in users:
        if user.employment_status != EmploymentStatus.ACTIVE:
            continue
        total += PAY_BY_GRADE.get(user.grade.name if user.grade else "", PAY_OF_HEAD)
    return total


# --- the organisation ---------------------------------------------------------------------------


@dataclass
class _Org:
    root: Department
    management: Department
    audit: Department | None
    domain: list[Department]
    children: dict[int, list[Department]]
    members: dict[int, int]  # active people per department
    users: list[User]
    officer: User  # 예산 담당 of the demo: drafts the amendments, charges the lines
    officer_task: UnitTask
    planning: Department
    general: Department  # 인사·총무

    @classmethod
    def read(cls) -> _Org | None:
        departments = list(Department.objects.filter(is_active=True).order_by("code"))
        roots = [d for d in departments if d.parent_id is None]
        if len(roots) != 1:
            return None
        root = roots[0]
        children: dict[int, list[Department]] = defaultdict(list)
        for d in departments:
            if d.parent_id is not None:
                children[d.parent_id].append(d)
        units = children[root.pk]
        if not units:
            return None
        management = units[0]
        audit = next((u for u in units if u.name == AUDIT_UNIT), None)
        domain = [u for u in units[1:] if u is not audit]
        users = list(User.objects.filter(department__isnull=False).select_related("grade"))
        members: dict[int, int] = defaultdict(int)
        for user in users:
            if user.employment_status == EmploymentStatus.ACTIVE and user.department_id is not None:
                members[user.department_id] += 1
        teams = children[management.pk] or [management]
        planning = next((t for t in teams if "기획" in t.name), teams[0])
        general = next((t for t in teams if "총무" in t.name or "인사" in t.name), teams[-1])
        heads = {d.head_id for d in departments if d.head_id}
        officer = next(
            (
                u
                for u in sorted(users, key=lambda u: (u.employee_number or "", u.username))
                if u.department_id == planning.pk
                and u.pk not in heads
                and u.is_active
                and u.employment_status == EmploymentStatus.ACTIVE
            ),
            None,
        )
        if officer is None:
            return None
        task = UnitTask.objects.filter(is_active=True, department_id=planning.pk).order_by("code").first()
        if task is None:
            return None
        return cls(root, management, audit, domain, children, members, users, officer, task, planning, general)

    def leaves(self, unit: Department) -> list[Department]:
        return self.children.get(unit.pk) or [unit]

    def size(self, department: Department) -> int:
        """Active people in the department and below it."""
        return self.members[department.pk] + sum(self.size(c) for c in self.children.get(department.pk, []))


# --- the plan of the tree -----------------------------------------------------------------------


@dataclass
class _Node:
    level: int
    code: str
    name: str
    department: Department
    standard_code: str = ""
    amount: int | None = None  # 본예산 on 통계목
    kind: str = ""  # how the line is spent: payroll, running, project, reserve
    children: list[_Node] = field(default_factory=list)
    item: BudgetItem | None = None
    project: _Node | None = None  # a line's 세부사업

    @property
    def saved(self) -> BudgetItem:
        if self.item is None:
            raise RuntimeError("the tree is not inserted yet")
        return self.item

    def add(self, node: _Node) -> _Node:
        self.children.append(node)
        return node

    def lines(self) -> list[_Node]:
        if self.level == Level.ITEM:
            return [self]
        return [line for child in self.children for line in child.lines()]


OBJECT_NAMES = {
    "101": "인건비",
    "107": "퇴직급여",
    "109": "평가급및성과금등",
    "201": "일반운영비",
    "202": "여비",
    "203": "업무추진비",
    "204": "직무수행경비",
    "206": "재료비",
    "207": "연구개발비",
    "301": "일반보전금",
    "303": "포상금",
    "304": "연금부담금등",
    "307": "민간이전",
    "401": "시설비및부대비",
    "405": "자산취득비",
    "801": "예비비",
}
ITEM_NAMES = {
    "101-01": "보수",
    "101-04": "기간제근로자등보수",
    "107-03": "퇴직급여",
    "109-01": "평가급",
    "109-02": "성과금등",
    "201-01": "사무관리비",
    "201-02": "공공운영비",
    "201-03": "행사운영비",
    "201-15": "복리후생비",
    "202-01": "국내여비",
    "202-03": "국외업무여비",
    "203-01": "기관운영업무추진비",
    "203-03": "시책추진업무추진비",
    "203-04": "부서운영업무추진비",
    "204-01": "직책급업무수행경비",
    "204-02": "직급보조비",
    "206-01": "재료비",
    "207-01": "연구개발비",
    "301-09": "행사실비지원금",
    "301-11": "외빈초청여비",
    "301-12": "기타보상금",
    "303-01": "포상금",
    "304-01": "연금부담금",
    "304-02": "국민건강보험부담금등",
    "304-05": "기간제근로자 부담금관련",
    "307-02": "민간경상사업보조",
    "307-05": "민간위탁금",
    "401-01": "시설비",
    "401-02": "감리비",
    "401-03": "시설부대비",
    "405-01": "자산취득비",
    "801-01": "예비비",
}

# Projects of a domain team: (name suffix, {standard code: share of the project}).
PROJECT_TEMPLATES: dict[str, tuple[tuple[str, dict[str, int]], ...]] = {
    "research": (
        ("연구", {"207-01": 60, "201-01": 15, "202-01": 8, "202-03": 5, "301-12": 12}),
        ("정책 네트워크", {"201-03": 40, "201-01": 25, "301-11": 15, "301-12": 20}),
    ),
    "facility": (
        ("시설 운영", {"401-01": 55, "401-02": 5, "206-01": 12, "405-01": 13, "201-02": 15}),
        ("안전관리", {"201-01": 35, "206-01": 25, "405-01": 40}),
    ),
    "support": (
        ("지원사업", {"307-02": 65, "201-01": 15, "201-03": 12, "202-01": 8}),
        ("성과확산", {"201-03": 45, "201-01": 30, "301-09": 25}),
    ),
    "program": (
        ("사업", {"307-05": 45, "201-01": 20, "201-03": 20, "202-01": 5, "301-09": 10}),
        ("홍보·협력", {"201-01": 45, "201-03": 35, "301-12": 20}),
    ),
}


def _template_of(name: str) -> str:
    if "연구" in name or "정책" in name:
        return "research"
    if any(word in name for word in ("시설", "건설", "건축", "토목", "단지", "안전", "수련", "품질")):
        return "facility"
    if any(word in name for word in ("지원", "보증", "기업", "채권", "지점", "산업")):
        return "support"
    return "program"


def _round(amount: float | Decimal, unit: int = 1_000) -> int:
    return max(unit, round(Decimal(amount) / unit) * unit)


class _YearSeeder:
    def __init__(
        self, org: _Org, rng: random.Random, now: datetime, *, short: bool, through_charges: bool = False
    ) -> None:
        self.org = org
        self.through_charges = through_charges
        self.rng = rng
        self.now = now
        self.today = timezone.localtime(now).date()
        self.year = self.today.year
        self.short = short
        self.counts: dict[str, int] = {}

    def run(self) -> dict[str, int]:
        fiscal_year = FiscalYear.objects.create(year=self.year)
        programs = self.plan()
        self.insert(fiscal_year, programs)
        self.revenue(fiscal_year, sum(line.amount or 0 for p in programs for line in p.lines()))
        fiscal_year_confirm(actor=self.org.officer, fiscal_year=fiscal_year)
        self.lines = [line for p in programs for line in p.lines()]
        self.items = {line.saved.pk: line.saved for line in self.lines}
        self.execute()
        self.books()
        self.amend(fiscal_year)
        if self.today.month >= DRAFTING_FROM_MONTH:
            self.next_year(fiscal_year)
        return self.counts

    def next_year(self, fiscal_year: FiscalYear) -> None:
        """Next year's budget in 편성, from this year's structure and 예산현액 (the autumn's work)."""
        if FiscalYear.objects.filter(year=self.year + 1).exists():
            return
        fiscal_year_copy_structure(actor=self.org.officer, source=fiscal_year, year=self.year + 1, with_amounts=True)
        self.counts["next_year_items"] = BudgetItem.objects.filter(fiscal_year__year=self.year + 1).count()

    # -- planning the tree --

    def plan(self) -> list[_Node]:
        org = self.org
        rng = self.rng
        headcount = sum(org.members.values())
        self.pay = monthly_payroll(org.users)
        self.bonus = _round(self.pay * HOLIDAY_BONUS_SHARE)
        margin = SHORT_MARGIN if self.short else DECEMBER_MARGIN
        heads = sum(1 for d in self._all_departments() if d.head_id)
        temps = max(1, round(headcount * 0.08))
        temp_pay = temps * 2_600_000
        yearly_pay = 12 * self.pay + 2 * self.bonus

        operations = _Node(Level.PROGRAM, "01", "기관운영", org.management)
        people = operations.add(_Node(Level.UNIT, "01", "인력운영비", org.general))
        payroll = people.add(_Node(Level.PROJECT, "01", "인건비", org.general))
        # 101-01 leaves December's pay (with its margin) after eleven months, rounded to 1,000원.
        salary = (11 * self.pay + 2 * self.bonus) + int(self.pay * margin)
        salary = salary // 1_000 * 1_000 if self.short else _round(salary)
        self._lines(
            payroll,
            org.general,
            "payroll",
            {
                "101-01": salary,
                "101-04": _round(temp_pay * 12 * 1.01),
                "107-03": _round(yearly_pay / 12 * 1.02),
                "109-01": _round(self.pay * 0.8),
                "109-02": _round(self.pay * 1.2),
                "201-15": _round(headcount * 1_300_000),
                "204-01": _round(heads * 300_000 * 12),
                "204-02": _round(headcount * 200_000 * 12),
                "304-01": _round(yearly_pay * 0.0475 * 1.02),
                "304-02": _round(yearly_pay * 0.059 * 1.02),
                "304-05": _round(temp_pay * 12 * 0.105 * 1.02),
            },
        )
        basic = operations.add(_Node(Level.UNIT, "02", "기본경비", org.management))
        for index, department in enumerate(d for d in self._all_departments() if d.parent_id is not None):
            n = max(2, org.size(department) if not org.children.get(department.pk) else org.members[department.pk] + 2)
            project = basic.add(_Node(Level.PROJECT, f"{index + 1:02d}", f"{department.name} 기본경비", department))
            self._lines(
                project,
                department,
                "running",
                {
                    "201-01": _round(n * 1_200_000 + 3_000_000, 10_000),
                    "202-01": _round(n * 900_000 * rng.uniform(0.8, 1.3), 10_000),
                    "203-04": _round(n * 300_000 + 1_200_000, 10_000),
                },
            )
        running = operations.add(_Node(Level.UNIT, "03", "기관운영경비", org.management))
        scale = max(headcount, 20) / 100
        building = running.add(_Node(Level.PROJECT, "01", "청사 및 시설 관리", org.general))
        works = _round(rng.uniform(80, 300) * 1_000_000 * scale, 1_000_000)
        self._lines(
            building,
            org.general,
            "running",
            {
                "201-02": _round(headcount * 1_500_000 + 30_000_000, 1_000_000),
                "401-01": works,
                "401-03": _round(works * 0.03, 10_000),
                "405-01": _round(headcount * 400_000 + 20_000_000, 1_000_000),
            },
        )
        management = running.add(_Node(Level.PROJECT, "02", "기관 운영", org.planning))
        self._lines(
            management,
            org.planning,
            "running",
            {
                "201-01": _round(40_000_000 + headcount * 200_000, 1_000_000),
                "201-03": _round(rng.uniform(15, 40) * 1_000_000, 1_000_000),
                "202-03": _round(rng.uniform(10, 30) * 1_000_000, 1_000_000),
                "203-01": _round(rng.uniform(25, 45) * 1_000_000, 1_000_000),
                "203-03": _round(rng.uniform(15, 30) * 1_000_000, 1_000_000),
                "301-12": _round(rng.uniform(10, 20) * 1_000_000, 1_000_000),
                "303-01": _round(rng.uniform(5, 15) * 1_000_000, 1_000_000),
            },
        )
        reserve = running.add(_Node(Level.PROJECT, "03", "예비비", org.planning))
        self._lines(
            reserve, org.planning, "reserve", {"801-01": _round(rng.uniform(50, 200) * 1_000_000 * scale, 1_000_000)}
        )

        mission = _Node(Level.PROGRAM, "02", "고유목적사업", org.domain[0] if org.domain else org.management)
        teams: list[tuple[_Node, Department]] = []
        for index, unit in enumerate(org.domain):
            node = mission.add(_Node(Level.UNIT, f"{index + 1:02d}", f"{unit.name} 사업", unit))
            teams += [(node, team) for team in org.leaves(unit)]
        count = len(operations.lines())
        per_project = len(next(iter(PROJECT_TEMPLATES.values()))[0][1])
        rounds = 1 if count + len(teams) * per_project >= MIN_LINES else 2
        budget_scale = (max(headcount, 20) / 150) ** 0.5
        for unit_node, team in teams:
            templates = PROJECT_TEMPLATES[_template_of(team.name)]
            base = team.name.removesuffix("팀").removesuffix("실").removesuffix("센터").strip() or team.name
            for suffix, shares in templates[:rounds]:
                size = rng.uniform(0.3, 1.2) * 1_000_000_000 * budget_scale
                project = unit_node.add(
                    _Node(Level.PROJECT, f"{len(unit_node.children) + 1:02d}", f"{base} {suffix}", team)
                )
                total = sum(shares.values())
                self._lines(
                    project,
                    team,
                    "project",
                    {code: _round(size * share / total, 1_000_000) for code, share in shares.items()},
                )
        programs = [operations, mission] if mission.children else [operations]
        self.counts["lines"] = sum(len(p.lines()) for p in programs)
        return programs

    def _all_departments(self) -> list[Department]:
        found = [self.org.root]
        for department in found:
            found += self.org.children.get(department.pk, [])
        return found

    @staticmethod
    def _lines(project: _Node, department: Department, kind: str, amounts: dict[str, int]) -> None:
        objects: dict[str, _Node] = {}
        for code in sorted(amounts):
            obj = code[:3]
            if obj not in objects:
                objects[obj] = project.add(_Node(Level.OBJECT, obj, OBJECT_NAMES[obj], department, obj))
            objects[obj].add(
                _Node(
                    Level.ITEM,
                    code,
                    ITEM_NAMES[code],
                    department,
                    code,
                    amount=amounts[code],
                    kind=kind,
                    project=project,
                )
            )

    # -- writing the trees --

    def insert(self, fiscal_year: FiscalYear, programs: list[_Node]) -> None:
        """One INSERT for the whole tree: ids drawn first (core.bulk.reserve_ids), level by level,
        so each row carries its materialised path on insert and parents come before children."""
        ordered: list[tuple[_Node, _Node | None]] = [(p, None) for p in programs]
        for node, _parent in ordered:
            ordered += [(child, node) for child in node.children]
        for order, ((node, parent), pk) in enumerate(
            zip(ordered, reserve_ids(BudgetItem, len(ordered)), strict=True), start=1
        ):
            node.item = BudgetItem(
                pk=pk,
                fiscal_year=fiscal_year,
                parent=parent.saved if parent is not None else None,
                level=node.level,
                code=node.code,
                name=node.name,
                department=node.department,
                standard_code=node.standard_code,
                order=order,
                planned_amount=node.amount if node.level == Level.ITEM else None,
                path=(parent.saved.path if parent is not None else "") + path_segment(pk),
            )
        BudgetItem.objects.bulk_create([node.saved for node, _parent in ordered])
        self.counts["items"] = len(ordered)

    def revenue(self, fiscal_year: FiscalYear, total: int) -> None:
        """관·항·목 with 본예산 that balances the expenditure side (세입 = 세출)."""
        own = _round(total * self.rng.uniform(0.12, 0.25), 1_000_000)
        interest = _round(total * 0.004, 1_000_000)
        surplus = _round(total * self.rng.uniform(0.02, 0.05), 1_000_000)
        subsidy = _round(total * self.rng.uniform(0.15, 0.3), 1_000_000)
        city = _round(total * 0.05, 1_000_000)
        province = total - own - interest - surplus - subsidy - city
        tree = (
            (
                "1",
                "자체수입",
                (("11", "사업수익", (("111", "사업수익", own),)), ("12", "기타수입", (("121", "이자수입", interest),))),
            ),
            (
                "2",
                "이전수입",
                (
                    ("21", "출연금", (("211", "도 출연금", province), ("212", "시·군 출연금", city))),
                    ("22", "보조금", (("221", "국고보조금", subsidy),)),
                ),
            ),
            ("3", "전년도이월금", (("31", "순세계잉여금", (("311", "순세계잉여금", surplus),)),)),
        )
        department = self.org.planning
        items: list[RevenueItem] = []
        order = 0

        def make(parent: RevenueItem | None, level: int, code: str, name: str, amount: int = 0) -> RevenueItem:
            nonlocal order
            order += 1
            item = RevenueItem(
                fiscal_year=fiscal_year,
                parent=parent,
                level=level,
                code=code,
                name=name,
                department=department,
                order=order,
                budgeted_amount=amount,
            )
            item.save()
            item.path = (parent.path if parent is not None else "") + path_segment(item.pk)
            items.append(item)
            return item

        for code, name, chapters in tree:
            section = make(None, RevenueLevel.SECTION, code, name)
            for chapter_code, chapter_name, entries in chapters:
                chapter = make(section, RevenueLevel.CHAPTER, chapter_code, chapter_name)
                for entry_code, entry_name, amount in entries:
                    make(chapter, RevenueLevel.ITEM, entry_code, entry_name, amount)
        RevenueItem.objects.bulk_update(items, ["path"])
        self.counts["revenue_items"] = len(items)

    # -- eleven months of execution --

    def _day(self, month: int, day: int) -> date:
        """That day of the month, moved back to the Friday before a weekend."""
        moment = date(self.year, month, day)
        while moment.weekday() >= 5:
            moment -= timedelta(days=1)
        return moment

    def execute(self) -> None:
        """Plan the months in memory, the way budget.charges would post them call by call (each
        charge within the line's balance at its moment, a settlement within its commitment), and
        write them at once: one INSERT of the postings, one UPDATE of the lines' totals
        (budget.ledger.post_postings) and the audit events each call would have written."""
        self.postings: list[BudgetPosting] = []
        self.audits: list[AuditEntry] = []
        self.calls: list[tuple[str, dict[int, int], SourceRef, date, str, SourceRef | None]] = []
        payroll = {line.standard_code: line for line in self.lines if line.kind == "payroll"}
        spenders = [line for line in self.lines if line.kind in ("running", "project")]
        node_of = {line.saved.pk: line for line in spenders}
        # What each running-cost or project line will have spent by the end of November.
        rates = {pk: self.rng.uniform(0.72, 0.9) for pk in node_of}
        held: dict[int, int] = dict.fromkeys(node_of, 0)  # commitments outstanding
        spent: dict[int, int] = dict.fromkeys(node_of, 0)
        months = [m for m in range(1, 12) if self._day(m, COMMIT_DAY) <= self.today]
        kept_open = set(months[-2:])  # the latest commitments are not settled in full yet
        for month in months:
            pay_day = self._day(month, PAY_DAY)
            if pay_day <= self.today:
                self._payroll(month, pay_day, payroll)
            executing = self._day(month, EXECUTE_DAY) <= self.today
            commitments: dict[int, int] = {}
            spending: dict[int, int] = {}
            for pk, line in node_of.items():
                if month < 11 and self.rng.random() < SKIP_MONTH:
                    continue  # nothing bought on this line this month: the next catches up
                budget = line.amount or 0
                target = int(budget * rates[pk] * sum(MONTH_SHAPE[:month]) / sum(MONTH_SHAPE[:11]))
                wanted = max(0, int((target - spent[pk]) * self.rng.uniform(0.7, 1.25))) // 1_000 * 1_000
                # Contracts a little larger than the month's bills: open in the last months,
                # released once in spring (a settled contract's rest given back).
                over = month in kept_open or month == RELEASE_MONTH
                extra = wanted * self.rng.choice((0, 5, 10, 20)) // 100 // 1_000 * 1_000 if over else 0
                amount = min(wanted + extra, budget - held[pk] - spent[pk])
                if amount <= 0:
                    continue
                commitments[pk] = amount
                held[pk] += amount
                settle = min(wanted, amount) if executing else 0
                if settle > 0:
                    spending[pk] = settle
                    held[pk] -= settle
                    spent[pk] += settle
            if not commitments:
                continue
            commitment = SourceRef("budget", "demo_commitment", f"{self.year}-{month:02d}")
            commits = self._post(
                "budget.commit",
                PostingKind.COMMIT,
                commitments,
                commitment,
                self._day(month, COMMIT_DAY),
                f"{month}월 지출원인행위(데모)",
            )
            if spending:
                day = self._day(month, EXECUTE_DAY)
                source = SourceRef("budget", "demo_expenditure", f"{self.year}-{month:02d}")
                memo = f"{month}월 지출(데모)"
                for pk, amount in spending.items():
                    row = posting(
                        line_id=pk,
                        kind=PostingKind.SETTLE,
                        amount=-amount,
                        on=day,
                        actor=self.org.officer,
                        source=source,
                        memo=memo,
                    )
                    row.settles = commits[pk]  # its id is drawn before the insert (_write)
                    self.postings.append(row)
                self._post("budget.execute", PostingKind.EXECUTE, spending, source, day, memo, commitment=commitment)
            month_end = self._day(month, 28)
            if month == RELEASE_MONTH and month not in kept_open and month_end <= self.today:
                rests = {pk: commitments[pk] - spending.get(pk, 0) for pk in commitments}
                rests = {pk: amount for pk, amount in rests.items() if amount > 0}
                for pk, amount in rests.items():
                    held[pk] -= amount
                if rests:
                    negative = {pk: -amount for pk, amount in rests.items()}
                    self._post("budget.release", PostingKind.RELEASE, negative, commitment, month_end, "")
        self._write()
        self.counts["months"] = len(months)
        self.counts["postings"] = len(self.postings)

    def books(self) -> None:
        """The months' journal, payments and 수입결의 as 이관 데이터, in bulk (budget.demo_books)."""
        codes = {
            line.saved.pk: (line.standard_code, f"{line.project.name} {line.name}" if line.project else line.name)
            for line in self.lines
        }
        rng = random.Random(f"budget-books-{self.year}-{self.org.root.code}")  # noqa: S311 - demo data
        made = books_seed(
            year=self.year,
            today=self.today,
            postings=self.postings,
            codes=codes,
            actor=self.org.officer,
            task=self.org.officer_task,
            rng=rng,
            budget_total=sum(line.amount or 0 for line in self.lines),
        )
        self.counts.update({f"books_{key}": value for key, value in made.items()})

    def _post(
        self,
        action: str,
        kind: str,
        amounts: dict[int, int],
        source: SourceRef,
        day: date,
        memo: str,
        commitment: SourceRef | None = None,
    ) -> dict[int, BudgetPosting]:
        """The postings of one charges call (`commit_many`, `execute_many`, `release`) and its audit
        event, as budget.charges writes them."""
        self.calls.append((action, amounts, source, day, memo, commitment))
        made = {}
        for pk, amount in amounts.items():
            made[pk] = posting(
                line_id=pk, kind=kind, amount=amount, on=day, actor=self.org.officer, source=source, memo=memo
            )
            self.postings.append(made[pk])
        data: dict[str, object] = {
            "source": str(source),
            "on": day.isoformat(),
            "lines": [{"id": pk, "line": self.items[pk].label, "amount": amt} for pk, amt in sorted(amounts.items())],
        }
        if commitment is not None:
            data["commitment"] = str(commitment)
        self.audits.append(
            AuditEntry(action=action, actor=self.org.officer, target=self.items[min(amounts)], data=data)
        )
        return made

    def _write(self) -> None:
        if self.through_charges:
            self._replay()
            return
        if not self.postings:
            return
        lock_lines(self.items)
        commits = [p for p in self.postings if p.kind == PostingKind.COMMIT]
        for commit_posting, pk in zip(commits, reserve_ids(BudgetPosting, len(commits)), strict=True):
            commit_posting.pk = commit_posting.id = pk
        for row in self.postings:
            if row.kind == PostingKind.SETTLE and row.settles is not None:
                row.settles_id = row.settles.pk
        post_postings(self.postings)
        audit_record_many(self.audits)

    def _replay(self) -> None:
        """The same months call by call through budget.charges (the replay test compares)."""
        officer = self.org.officer
        for action, amounts, source, day, memo, commitment in self.calls:
            charges = [Charge(pk, amount) for pk, amount in amounts.items()]
            if action == "budget.commit":
                commit_many(charges=charges, source=source, actor=officer, on=day, memo=memo)
            elif action == "budget.execute":
                execute_many(
                    charges=charges, source=source, actor=officer, commitment_source=commitment, on=day, memo=memo
                )
            else:
                release(source=source, actor=officer, on=day)

    def _payroll(self, month: int, pay_day: date, payroll: dict[str, _Node]) -> None:
        """The month's pay and employer contributions, executed directly (no commitment)."""

        def part(code: str, percent: int, parts: int = 1) -> int:
            return (payroll[code].amount or 0) * percent // 100 // parts // 10 * 10

        amounts = {payroll["101-01"].saved.pk: self.pay + (self.bonus if month in (2, 9) else 0)}
        for code in ("101-04", "107-03", "204-01", "204-02", "304-01", "304-02", "304-05"):
            amounts[payroll[code].saved.pk] = part(code, 98, 12)
        if month == 3:
            amounts[payroll["109-01"].saved.pk] = part("109-01", 100)
        if month == 6:
            amounts[payroll["109-02"].saved.pk] = part("109-02", 100)
        amounts[payroll["201-15"].saved.pk] = part("201-15", 60 if month == 2 else 3)
        source = SourceRef("budget", "demo_payroll", f"{self.year}-{month:02d}")
        positive = {pk: amount for pk, amount in amounts.items() if amount > 0}
        self._post("budget.execute", PostingKind.EXECUTE, positive, source, pay_day, f"{month}월 급여(데모)")

    # -- 추경 and 전용 through e-approval --

    def clock(self, actions: int) -> None:
        last = Document.objects.aggregate(last=Max("registered_at"))["last"]
        start = max(self.now - timedelta(days=5), (last or self.now - timedelta(days=5)) + timedelta(seconds=1))
        start = min(start, self.now)
        # Half the time left: the expense plans' seed decides after these.
        self.tick = (self.now - start) / (2 * (actions + 1))
        self.moment = start

    def next_moment(self) -> datetime:
        self.moment += self.tick
        return self.moment

    def amend(self, fiscal_year: FiscalYear) -> None:
        candidates = [line for line in self.lines if line.kind in ("running", "project")]
        fresh = {item.pk: item for item in BudgetItem.objects.filter(pk__in=[line.saved.pk for line in candidates])}

        def free(line: _Node) -> int:
            item = fresh[line.saved.pk]
            return item.current_amount - item.committed_amount - item.executed_amount

        increases = self.rng.sample(candidates, k=min(len(candidates), max(8, len(candidates) // 5)))
        changes = []
        for line in increases:
            unit = 1_000_000 if (line.amount or 0) >= 50_000_000 else 10_000
            grow = _round((line.amount or 0) * self.rng.uniform(0.05, 0.2), unit)
            changes.append(LineChange(line.saved, grow, memo="사업량 증가"))
        taken = {line.saved.pk for line in increases}
        roomy = sorted((line for line in candidates if line.saved.pk not in taken), key=free, reverse=True)
        for line in roomy[:3]:
            cut = free(line) // 4 // 1_000_000 * 1_000_000
            if cut > 0:
                changes.append(LineChange(line.saved, -cut, memo="집행잔액 감액"))
                taken.add(line.saved.pk)
        transfers = self._transfers([line for line in candidates if line.saved.pk not in taken], free)
        self.clock(actions=4 * (1 + len(transfers)))
        self.counts["supplementary"] = int(
            self._decide(
                fiscal_year,
                AmendmentKind.SUPPLEMENTARY,
                f"{self.year}년도 제1회 추가경정예산",
                "사업량 증가분과 신규 수요를 반영하고 집행잔액을 감액합니다.",
                changes,
            )
        )
        reason = "같은 세부사업 안에서 집행잔액이 있는 과목의 예산을 부족한 과목으로 전용합니다."
        self.counts["transfers"] = sum(
            self._decide(fiscal_year, AmendmentKind.TRANSFER, title, reason, pair) for title, pair in transfers
        )

    def _transfers(self, candidates: list[_Node], free: Callable[[_Node], int]) -> list[tuple[str, list[LineChange]]]:
        """Two 전용, each within one 세부사업: from its line with the most room to the one
        with the least, a tenth of the giver's 본예산 at most (the limit is a fifth)."""
        by_project: dict[int, list[_Node]] = defaultdict(list)
        projects: dict[int, _Node] = {}
        for line in candidates:
            if line.project is not None:
                by_project[id(line.project)].append(line)
                projects[id(line.project)] = line.project
        wanted = 2
        found: list[tuple[str, list[LineChange]]] = []
        for key, lines in by_project.items():
            if len(found) == wanted:
                break
            if len(lines) < 2:
                continue
            giver = max(lines, key=free)
            taker = min((line for line in lines if line is not giver), key=free)
            amount = min(free(giver) // 2, (giver.amount or 0) // 10) // 10_000 * 10_000
            if amount <= 0:
                continue
            title = f"{projects[key].name} 예산 전용({giver.name} → {taker.name})"
            pair = [
                LineChange(giver.saved, -amount, memo="집행잔액"),
                LineChange(taker.saved, amount, memo="부족분 충당"),
            ]
            found.append((title, pair))
        return found

    def _decide(self, fiscal_year: FiscalYear, kind: str, title: str, reason: str, changes: list[LineChange]) -> bool:
        officer = self.org.officer
        if not changes:
            return False
        try:
            with transaction.atomic():
                amendment = amendment_create(
                    actor=officer,
                    fiscal_year=fiscal_year,
                    kind=kind,
                    title=title[:200],
                    reason=reason,
                    changes=changes,
                    unit_task=self.org.officer_task,
                )
                amendment = amendment_submit(actor=officer, amendment=amendment, now=self.next_moment())
                document = amendment.document
                while document is not None and (step := self._pending(document)) is not None:
                    document_approve(document=document, actor=step.approver, now=self.next_moment())
                    document.refresh_from_db()
        except ValidationError:
            return False  # nobody above the officer may decide (a vacant head): leave it out
        return Amendment.objects.filter(pk=amendment.pk, status="approved").exists()

    @staticmethod
    def _pending(document: Document) -> ApprovalStep | None:
        return (
            ApprovalStep.objects.filter(document=document, state=StepState.PENDING)
            .select_related("approver")
            .order_by("order")
            .first()
        )
