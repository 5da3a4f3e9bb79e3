"""Payroll's demo data for one institution (core.plugins DemoSeeder): the 2026 pay table on the
공무원 model (직급 × 호봉), the public-institution pay items, a pay profile for every staff member
(grade and 호봉 from their seniority, realistic dependants, insurance bases, an encrypted bank
account and 주민등록번호), the finalised regular runs of this year up to last month computed
through the engine, and this month's run: calculated and waiting in 검토 at every other
institution, still 준비 at the rest. Deterministic (seeded by the institution's code) and
idempotent (an institution with a pay table is left as it is)."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal
from time import perf_counter
from typing import Any

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from audit.services import audit_record
from org.demo import ADMIN_USERNAME, SEED_ACTOR
from org.models import Grade, User
from payroll.budget_check import check_run
from payroll.engine.parameters import ParametersMissing, parameters_for
from payroll.engine.withholding import WithholdingMissing, version_for
from payroll.inputs import employed_in
from payroll.models import (
    InsuranceBase,
    PayItem,
    PayProfile,
    PayrollRun,
    PayrollSettings,
    PayStep,
    PayTable,
    PayTableCell,
    ProfileItem,
    RunKind,
    RunStatus,
)
from payroll.permissions import PAYROLL_OFFICER
from payroll.services import calculate_people, slips_write

STEPS = 30
# 1호봉 and the yearly step of each grade (won), modelled on the 공무원 일반직 봉급표 shape: the
# senior grades start higher and climb faster. Demo figures, not any institution's real table.
GRADE_TABLE: dict[str, tuple[int, int]] = {
    "1급": (4_420_000, 152_000),
    "2급": (3_980_000, 146_000),
    "3급": (3_590_000, 139_000),
    "4급": (3_080_000, 128_000),
    "5급": (2_760_000, 117_000),
    "6급": (2_330_000, 106_000),
    "7급": (2_080_000, 96_000),
}
# 직급보조비 by grade (204-02), as the institutions pay it per grade: within what budget's demo
# year (budget.demo_year) sets aside on 204-02 (200,000원 a head a month), so this month's run
# passes its budget check.
RANK_ALLOWANCE: dict[str, int] = {
    "1급": 375_000,
    "2급": 300_000,
    "3급": 190_000,
    "4급": 190_000,
    "5급": 150_000,
    "6급": 130_000,
    "7급": 130_000,
}
# 독도재단 (BUDGET_SHORT_INSTITUTION) raised its 직급보조비 to the 공무원 scale this year without
# budgeting it: with its 101-01 sized short too, this month's run is blocked by its budget check.
RANK_ALLOWANCE_RAISED: dict[str, int] = {
    "1급": 500_000,
    "2급": 400_000,
    "3급": 250_000,
    "4급": 250_000,
    "5급": 200_000,
    "6급": 175_000,
    "7급": 175_000,
}
BANKS = ("농협은행", "대구은행", "국민은행", "신한은행", "우리은행", "기업은행")

# (code, name, kind, computation, non_taxable, ordinary wage, amount, budget line, account)
ITEMS: tuple[tuple[str, str, str, str, str, bool, int, str, str], ...] = (
    ("base", "기본급", "earning", "base_pay", "", True, 0, "101-01", "급여"),
    ("long_service", "정근수당", "earning", "long_service", "", True, 0, "101-01", "상여금"),
    ("long_service_bonus", "정근수당가산금", "earning", "long_service_bonus", "", True, 0, "101-01", "제수당"),
    ("family", "가족수당", "earning", "family", "", False, 0, "101-01", "제수당"),
    ("holiday_bonus", "명절휴가비", "earning", "holiday_bonus", "", True, 0, "101-01", "상여금"),
    ("meal", "정액급식비", "earning", "fixed", "meal", True, 140_000, "101-01", "제수당"),
    ("rank_allowance", "직급보조비", "earning", "fixed", "", True, 0, "204-02", "제수당"),
    ("overtime", "시간외근무수당", "earning", "overtime", "", False, 0, "101-01", "제수당"),
    ("union", "노조비", "deduction", "fixed", "", False, 0, "", "예수금"),
)
REVIEW_EVERY = 2  # this month's run is calculated (검토) at every other institution
# The institution whose budget demo (budget.demo_year.SHORT_PAYROLL_INSTITUTION, 독도재단) leaves its
# 인건비 lines short of this month's pay: its run is calculated and budget-checked, and the check's
# shortfall blocks it (검토, with the lines listed) until a 전용 or 추경 covers it.
BUDGET_SHORT_INSTITUTION = "dokdo"


@dataclass
class PayrollSeedResult:
    created: bool
    counts: dict[str, int]
    seconds: float
    note: str = ""


def _month_runnable(month: datetime.date) -> bool:
    try:
        parameters_for(month)
        version_for(month)
    except (ParametersMissing, WithholdingMissing):
        return False
    return True


def _rrn(rng: random.Random, born: datetime.date, female: bool) -> str:
    sex = (4 if female else 3) if born.year >= 2000 else (2 if female else 1)
    return f"{born:%y%m%d}-{sex}{rng.randrange(10**5, 10**6)}"


def _account(rng: random.Random) -> str:
    return f"{rng.randint(100, 999)}-{rng.randint(1000, 9999)}-{rng.randint(1000, 9999)}-{rng.randint(10, 99)}"


def institution_seed(*, institution: Any, now: datetime.datetime) -> PayrollSeedResult:
    started = perf_counter()
    with transaction.atomic():
        if PayTable.objects.exists():
            return PayrollSeedResult(False, {}, perf_counter() - started, "already has a pay table")
        grades = {g.name: g for g in Grade.objects.all()}
        if not grades:
            return PayrollSeedResult(False, {}, perf_counter() - started, "no demo organisation")
        rng = random.Random(f"payroll-2026-{institution.code}")  # noqa: S311 - demo data
        counts = Seeder(rng, timezone.localdate(now), grades, institution.code).run()
        # The README's walk-through: the `admin` account is also the demo's 급여 담당.
        admin = User.objects.filter(username=ADMIN_USERNAME).first()
        if admin is not None:
            admin.groups.add(Group.objects.get(name=PAYROLL_OFFICER))
        audit_record(action="demo.seed", actor_label=SEED_ACTOR, data={"app": "payroll", **counts})
    return PayrollSeedResult(True, counts, perf_counter() - started)


class Seeder:
    def __init__(self, rng: random.Random, today: datetime.date, grades: dict[str, Grade], code: str) -> None:
        self.rng = rng
        self.today = today
        self.grades = grades
        self.code = code
        self.counts: dict[str, int] = {}

    def run(self) -> dict[str, int]:
        self.structure()
        self._runs()
        return self.counts

    def structure(self) -> dict[str, int]:
        """The pay table, items, settings and a profile for every staff member (no runs): the
        demo's first part, and what bench.payroll_run builds for its 10,000 people."""
        staff = list(User.objects.filter(hire_date__isnull=False).select_related("grade").order_by("pk"))
        PayrollSettings.objects.update_or_create(
            pk=1,
            defaults={
                "size_band": "under_150" if len(staff) < 150 else "150_to_999",
                "accident_rate": Decimal("0.0147"),
            },
        )
        table = PayTable.objects.create(name="2026년 보수표", effective_from=datetime.date(2026, 1, 1))
        cells = [
            PayTableCell(table=table, grade=grade, pay_step=step, base_amount=start + (step - 1) * yearly)
            for name, (start, yearly) in GRADE_TABLE.items()
            if (grade := self.grades.get(name)) is not None
            for step in range(1, STEPS + 1)
        ]
        PayTableCell.objects.bulk_create(cells)
        items = {
            code: PayItem(
                code=code,
                name=name,
                kind=kind,
                computation=computation,
                non_taxable=exempt,
                is_ordinary_wage=ordinary,
                amount=amount,
                budget_code=budget,
                account=account,
                order=order,
            )
            for order, (code, name, kind, computation, exempt, ordinary, amount, budget, account) in enumerate(ITEMS)
        }
        PayItem.objects.bulk_create(items.values())
        self._profiles(staff, items)
        self.counts.update(pay_table_cells=len(cells), pay_items=len(items))
        return self.counts

    def _profiles(self, staff: list[User], items: dict[str, PayItem]) -> None:
        rng = self.rng
        allowance = RANK_ALLOWANCE_RAISED if self.code == BUDGET_SHORT_INSTITUTION else RANK_ALLOWANCE
        profiles, steps, bases, own = [], [], [], []
        year_start = datetime.date(2026, 1, 1)
        for user in staff:
            grade_name = user.grade.name if user.grade_id and user.grade else "1급"
            grade = self.grades.get(grade_name) or self.grades[min(self.grades)]
            start, yearly = GRADE_TABLE.get(grade.name, GRADE_TABLE["7급"])
            hired = user.hire_date or year_start
            years = max(0, year_start.year - hired.year)
            step = min(STEPS, 1 + years + rng.randint(0, 3))
            spouse = rng.random() < 0.6
            children = rng.choice((0, 0, 1, 1, 2, 2, 3)) if spouse or rng.random() < 0.2 else 0
            school_age = sum(rng.random() < 0.5 for _ in range(children))
            others = 1 if rng.random() < 0.1 else 0
            born = datetime.date(max(1962, hired.year - rng.randint(24, 34)), rng.randint(1, 12), rng.randint(1, 28))
            profile = PayProfile(
                user=user,
                family=1 + int(spouse) + children + others,
                children_8_20=school_age,
                spouse=spouse,
                children=children,
                other_dependants=others,
                withholding_ratio=rng.choice((100,) * 8 + (80, 120)),
                bank_name=rng.choice(BANKS),
                bank_account=_account(rng),
                rrn=_rrn(rng, born, rng.random() < 0.45),
            )
            profiles.append(profile)
            base = start + (step - 1) * yearly
            steps.append((profile, grade, step))
            declared = base + allowance.get(grade.name, allowance["7급"]) + 60_000
            bases.append((profile, declared // 1000 * 1000))
            own.append((profile, items["rank_allowance"], allowance.get(grade.name, allowance["7급"])))
            if rng.random() < 0.35:
                own.append((profile, items["union"], 15_000))
        PayProfile.objects.bulk_create(profiles)
        PayStep.objects.bulk_create(
            [PayStep(profile=p, effective_from=year_start, grade=g, pay_step=s) for p, g, s in steps]
        )
        InsuranceBase.objects.bulk_create(
            [InsuranceBase(profile=p, year=2026, pension_base_amount=b, health_base_amount=b) for p, b in bases]
        )
        ProfileItem.objects.bulk_create([ProfileItem(profile=p, item=i, amount=a) for p, i, a in own])
        self.counts["pay_profiles"] = len(profiles)

    def _runs(self) -> None:
        this_month = self.today.replace(day=1)
        slips = 0
        runs = 0
        month = datetime.date(this_month.year, 1, 1)
        while month < this_month:
            if _month_runnable(month):
                run = PayrollRun.objects.create(month=month, kind=RunKind.REGULAR, status=RunStatus.CALCULATING)
                slips += self._calculate(run)
                run.status = RunStatus.FINALISED
                run.finalised_at = timezone.now()
                run.save(update_fields=["status", "finalised_at"])
                runs += 1
            month = (month + datetime.timedelta(days=32)).replace(day=1)
        if _month_runnable(this_month):
            run = PayrollRun.objects.create(month=this_month, kind=RunKind.REGULAR)
            runs += 1
            short = self.code == BUDGET_SHORT_INSTITUTION
            if short or sum(map(ord, self.code)) % REVIEW_EVERY == 0:
                run.status = RunStatus.CALCULATING
                run.save(update_fields=["status"])
                slips += self._calculate(run)
                run.status = RunStatus.REVIEW
                run.save(update_fields=["status"])
                if short:
                    self._budget_check(run)
        self.counts.update(payroll_runs=runs, payslips=slips)

    def _budget_check(self, run: PayrollRun) -> None:
        """예산 확인 as payroll.services.payroll_run_budget_check records it (that service opens its
        own durable transaction; the seed runs inside one): a run any line cannot cover stays in
        검토 with the lines listed, else it moves on to 예산 확인."""
        needs = check_run(run)
        problems = [need.as_problem() for need in needs if need.short > 0 or need.line_id is None]
        run.budget_problems = problems
        run.budget_checked_at = timezone.now()
        run.status = RunStatus.REVIEW if problems else RunStatus.BUDGET_CHECK
        run.save(update_fields=["budget_problems", "budget_checked_at", "status"])
        self.counts["budget_short_lines"] = len(problems)

    def _calculate(self, run: PayrollRun) -> int:
        calculated = calculate_people(run.month)
        departments = dict(User.objects.filter(employed_in(run.month)).values_list("pk", "department__name"))
        written = slips_write(run, calculated, departments)
        run.total_count = run.done_count = written
        run.save(update_fields=["total_count", "done_count"])
        return written
