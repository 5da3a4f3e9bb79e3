"""Expense plans (지출 품의) for a demo institution: the delegation table rows for the kind and
about ten plans in every state — approved, running, returned (반려) and resubmitted, withdrawn
(회수) — driven through budget.services and approval.services by the people on each line, so
every invariant of real use holds (the line validated against the table, registration numbers
from the department's counter, the audit chain). `manage.py seed_demo` calls `institution_seed`
for every demo institution after the e-approval seed (budget.plugin).

The demo account `staff` has plans of their own: one approved, one waiting for their team head,
one returned that they can correct and submit again.

Decisions are placed after the institution's last registered document (and never after `now`),
so registration numbers keep following completion times. Deterministic: choices come from
``random.Random(f"budget-2026-{code}")``. Idempotent: an institution that already has expense
plans is left as it is.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from time import perf_counter

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from approval.models import ApprovalStep, DelegationRule, Document, StepState
from approval.services import REJECT_TO_DRAFTER, document_approve, document_reject, document_withdraw
from audit.services import audit_record
from budget.demo_execution import seed_execution
from budget.demo_year import year_seed
from budget.kinds import EXPENSE_PLAN_KIND
from budget.models import ExpensePlan
from budget.services import expense_plan_resubmit, expense_plan_submit
from notifications.services import mail_suppressed
from org.demo import SEED_ACTOR, STAFF_USERNAME
from org.models import Department, EmploymentStatus, Position, User
from tasks.models import UnitTask

# Ten plans through the services (about forty actions) fit in its time budget (budget.plugin), which
# is why this seeder may replay them (docs/ARCHITECTURE.md).


@dataclass(frozen=True)
class BudgetSeedResult:
    created: bool
    counts: dict[str, int]
    seconds: float
    note: str = ""


# (title, purpose, budget item, amount in won, fate). Fates: approved, running (waits at the
# first step), running_late (first step approved, waits at the next), rejected, rejected_resubmitted
# (returned, corrected, approved), withdrawn, withdrawn_resubmitted (running again).
# The first three are the `staff` account's.
PLANS: tuple[tuple[str, str, str, int, str], ...] = (
    (
        "복사용지 및 토너 구매",
        "부서 공용 복사용지(A4) 50박스와 프린터 토너 4개 구매",
        "사무관리비/일반수용비",
        450_000,
        "approved",
    ),
    (
        "직원 직무교육 위탁",
        "신규 직원 대상 공문서 작성 실무교육 위탁(2일, 20명)",
        "인력개발비/교육훈련비",
        3_200_000,
        "running",
    ),
    (
        "회의실 음향장비 수리",
        "대회의실 무선마이크 2조 수리 및 배터리 교체",
        "시설관리비/시설장비유지비",
        780_000,
        "rejected",
    ),
    ("홍보물 제작", "기관 소개 리플릿 3,000부 디자인·인쇄", "홍보사업비/일반수용비", 12_500_000, "approved"),
    ("업무용 차량 정비", "업무용 승합차 정기점검 및 타이어 교체", "차량운영비/차량선박비", 650_000, "approved"),
    (
        "행사 다과 구매",
        "연말 성과보고회 다과 및 음료(80명)",
        "업무추진비/기관운영업무추진비",
        2_400_000,
        "rejected_resubmitted",
    ),
    ("전산장비 교체", "노후 업무용 PC 20대 교체", "정보화사업비/자산취득비", 48_000_000, "running_late"),
    ("자문위원 수당 지급", "사업 자문회의 외부위원 6명 참석수당", "사업운영비/일반보상금", 1_500_000, "withdrawn"),
    ("간행물 구독", "업무 참고용 전문지 5종 연간 구독", "사무관리비/일반수용비", 900_000, "withdrawn_resubmitted"),
    ("안전점검 용역", "청사 전기·소방 설비 정기 안전점검 용역", "시설관리비/일반용역비", 5_600_000, "approved"),
)


def _active(user: User | None) -> bool:
    return user is not None and user.is_active and user.employment_status == EmploymentStatus.ACTIVE


def institution_seed(*, institution, now: datetime) -> BudgetSeedResult:
    """Seed the current schema's expense plans (once)."""
    started = perf_counter()
    with transaction.atomic():
        year_seed(institution=institution, now=now)  # the year's budget first: plans name its lines
        if ExpensePlan.objects.exists():
            return BudgetSeedResult(False, {}, perf_counter() - started, "already has expense plans")
        seeder = _Seeder(random.Random(f"budget-2026-{institution.code}"), now)  # noqa: S311 - demo data
        if not seeder.read_org():
            return BudgetSeedResult(False, {}, perf_counter() - started, "no demo organisation or unit tasks")
        with mail_suppressed():  # seeded history: notifications are kept, not mailed
            counts = seeder.run()
        audit_record(action="demo.seed", actor_label=SEED_ACTOR, data={"app": "budget", **counts})
    return BudgetSeedResult(True, counts, perf_counter() - started)


class _Seeder:
    def __init__(self, rng: random.Random, now: datetime) -> None:
        self.rng = rng
        self.now = now
        self.counts: dict[str, int] = {}

    # -- the organisation as the org and tasks seeds left it --

    def read_org(self) -> bool:
        departments = list(Department.objects.filter(is_active=True).select_related("head__position"))
        roots = [d for d in departments if d.parent_id is None]
        self.staff = User.objects.filter(username=STAFF_USERNAME).select_related("department", "position").first()
        if len(roots) != 1 or not _active(roots[0].head) or self.staff is None or self.staff.department_id is None:
            return False
        root = roots[0]
        self.head_position: Position = root.head.position
        second = [d for d in departments if d.parent_id == root.pk and _active(d.head)]
        third = [d for d in departments if d.parent_id in {s.pk for s in second} and _active(d.head)]
        # The least senior head of each level, so every head of that level may decide its band.
        self.unit_position = max((d.head.position for d in second), key=lambda p: p.rank, default=self.head_position)
        self.team_position = max((d.head.position for d in third), key=lambda p: p.rank, default=self.unit_position)
        tasks: dict[int, list[UnitTask]] = {}
        for task in UnitTask.objects.filter(is_active=True).order_by("code"):
            tasks.setdefault(task.department_id, []).append(task)
        self.tasks = tasks
        heads = {d.head_id for d in departments if d.head_id}
        leaves = {d.pk for d in departments if d.parent_id is not None and d.pk in tasks}
        self.drafters = [
            user
            for user in User.objects.filter(department_id__in=leaves)
            .exclude(pk__in=heads)
            .exclude(pk=self.staff.pk)
            .select_related("department", "position")
            .order_by("employee_number", "username")
            if _active(user)
        ]
        return self.staff.department_id in tasks and bool(self.drafters)

    # -- time: decisions come after the last registered document, in order, never after now --

    def clock(self, actions: int) -> None:
        last = Document.objects.aggregate(last=Max("registered_at"))["last"]
        start = max(self.now - timedelta(days=3), (last or self.now - timedelta(days=3)) + timedelta(seconds=1))
        start = min(start, self.now)
        self.tick = (self.now - start) / (actions + 1)
        self.moment = start

    def next_moment(self) -> datetime:
        self.moment += self.tick
        return self.moment

    # -- the plan --

    def run(self) -> dict[str, int]:
        self.delegation_table()
        self.clock(actions=60)
        plans = []
        others = self.rng.sample(self.drafters, k=min(len(self.drafters), len(PLANS) - 3))
        for index, (title, purpose, item, amount, fate) in enumerate(PLANS):
            drafter = self.staff if index < 3 else others[(index - 3) % len(others)]
            submitted = self.submit(drafter, title, purpose, item, amount, index)
            if submitted is not None:
                plans.append((submitted, fate))
        for plan, fate in plans:
            self.live(plan, fate)
        self.counts["expense_plans"] = len(plans)
        # The execution chain for the walk-through: a budget, a plan on a line, expenditures,
        # a payment and their journal entries (budget.demo_execution).
        seed_execution(self)
        return self.counts

    def delegation_table(self) -> None:
        if DelegationRule.objects.filter(kind=EXPENSE_PLAN_KIND).exists():
            return
        rows = [
            ("100만원 미만 지출", None, 1_000_000, self.team_position, False),
            ("100만원 이상 1천만원 미만 지출", 1_000_000, 10_000_000, self.unit_position, False),
            ("1천만원 이상 3천만원 미만 지출", 10_000_000, 30_000_000, self.unit_position, True),
            ("3천만원 이상 지출", 30_000_000, None, self.head_position, True),
        ]
        DelegationRule.objects.bulk_create(
            DelegationRule(
                kind=EXPENSE_PLAN_KIND,
                label=label,
                min_amount=low,
                max_amount=high,
                deciding_position=position,
                post_approval_required=post,
            )
            for label, low, high, position, post in rows
        )
        self.counts["delegation_rules"] = len(rows)

    def submit(self, drafter: User, title, purpose, item, amount, index) -> ExpensePlan | None:
        local = timezone.localtime(self.now).date()
        task = self.rng.choice(self.tasks[drafter.department_id])
        submitted_at = self.now - timedelta(days=len(PLANS) - index + 3, hours=self.rng.randint(0, 6))
        try:
            with transaction.atomic():
                plan = expense_plan_submit(
                    actor=drafter,
                    title=title,
                    purpose=purpose,
                    amount=amount,
                    budget_item=item,
                    planned_date=local + timedelta(days=self.rng.randint(7, 40)),
                    unit_task=task,
                    now=submitted_at,
                )
        except ValidationError:
            return None  # nobody above this drafter may decide (a vacant head): leave them out
        # The plan row's own timestamps follow the document's submission.
        ExpensePlan.objects.filter(pk=plan.pk).update(created_at=submitted_at, updated_at=submitted_at)
        return plan

    def pending(self, plan: ExpensePlan) -> ApprovalStep:
        return (
            ApprovalStep.objects.filter(document_id=plan.document_id, state=StepState.PENDING)
            .select_related("approver")
            .order_by("order")
            .first()
        )

    def approve_all(self, plan: ExpensePlan) -> None:
        while (step := self.pending(plan)) is not None:
            document_approve(document=plan.document, actor=step.approver, now=self.next_moment())
            plan.refresh_from_db()

    def resubmit(self, plan: ExpensePlan, **changes) -> ExpensePlan:
        plan.refresh_from_db()
        fields = {
            "title": plan.title,
            "purpose": plan.purpose,
            "amount": plan.amount,
            "budget_item": plan.budget_item,
            "planned_date": plan.planned_date,
            "unit_task": plan.unit_task,
            **changes,
        }
        return expense_plan_resubmit(actor=plan.drafter, plan=plan, now=self.next_moment(), **fields)

    def live(self, plan: ExpensePlan, fate: str) -> None:
        first = self.pending(plan)
        if fate == "approved":
            self.approve_all(plan)
        elif fate == "running_late" and first.order < plan.document.steps.count():
            document_approve(document=plan.document, actor=first.approver, now=self.next_moment())
        elif fate in ("rejected", "rejected_resubmitted"):
            document_reject(
                document=plan.document,
                actor=first.approver,
                reason="견적서 2곳 이상을 붙여 다시 올려 주세요.",
                to=REJECT_TO_DRAFTER,
                now=self.next_moment(),
            )
            if fate == "rejected_resubmitted":
                plan = self.resubmit(plan, purpose=plan.purpose + " (견적 2곳 비교 후 최저가 업체 선정)")
                self.approve_all(plan)
        elif fate in ("withdrawn", "withdrawn_resubmitted"):
            document_withdraw(document=plan.document, actor=plan.drafter, reason="금액 재산정", now=self.next_moment())
            if fate == "withdrawn_resubmitted":
                self.resubmit(plan, amount=plan.amount - plan.amount // 10)
        self.counts[fate] = self.counts.get(fate, 0) + 1
