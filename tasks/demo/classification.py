"""The function classification (대기능 > 중기능 > 소기능 > 단위과제) of a demo institution, from
its mission and departments, with owners, deputies and hand-overs."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from core.bulk import backdate
from org import demo_data as org_data
from org.models import Department, User
from tasks.demo.base import Part
from tasks.demo_data import cards as card_data
from tasks.demo_data import classification as data
from tasks.demo_data import teams as team_data
from tasks.models import FunctionClass, FunctionLevel, UnitTask, UnitTaskHandover

# How many of `staff`'s team tasks `staff` owns.
STAFF_TASKS = 3


class Classification(Part):
    def __init__(self, **clock) -> None:
        super().__init__(**clock)
        self.functions: dict[int, list[FunctionClass]] = {1: [], 2: [], 3: []}
        self.tasks: list[UnitTask] = []
        self.specs: dict[str, data.TaskSpec] = {}  # unit task code -> its spec
        self.serials: dict[int, int] = defaultdict(int)  # department id -> unit tasks numbered
        self.handovers: list[UnitTaskHandover] = []
        self.task_index: dict[tuple[str, int | None], list[UnitTask]] = defaultdict(list)

    def plan(self) -> None:
        self.plan_classification()
        self.plan_owners()

    def add_function(self, name: str, level: int, parent: FunctionClass | None, department, order: int):
        code = f"F{order:02d}" if parent is None else f"{parent.code}-{order:02d}"
        node = FunctionClass(code=code, name=name, level=level, parent=parent, department=department, order=order)
        self.functions[level].append(node)
        return node

    def add_function_spec(self, spec: data.FunctionSpec, parent: FunctionClass, order: int, department) -> None:
        middle = self.add_function(spec.name, FunctionLevel.SUB_FUNCTION, parent, department, order)
        for i, activity in enumerate(spec.activities, start=1):
            small = self.add_function(activity.name, FunctionLevel.ACTIVITY, middle, department, i)
            for task in activity.tasks:
                self.add_task(task, small, department)

    def add_task(self, spec: data.TaskSpec, function: FunctionClass, department, common: int = 0) -> None:
        """Codes: <department code>-01, -02 … for its own tasks, -C01 … for the 처리과공통 ones."""
        if common:
            code = f"{department.code}-C{common:02d}"
        else:
            self.serials[department.pk] += 1
            code = f"{department.code}-{self.serials[department.pk]:02d}"
        self.specs[code] = spec
        self.tasks.append(
            UnitTask(
                code=code,
                name=spec.name,
                function=function,
                department=department,
                description=f"{spec.name} 업무(목적: {card_data.PATTERNS[spec.pattern].purpose})",
                retention_period=spec.retention,
                retention_reason=spec.reason,
                disclosure=spec.disclosure,
                disclosure_ground=spec.ground,
                is_common=bool(common),
            )
        )

    def place(self, placed: data.PlacedFunction) -> Department | None:
        teams = self.org.children[self.org.management.pk]
        for name in placed.teams:
            if name == org_data.AUDIT_UNIT and self.org.audit is not None:
                return self.org.audit
            if found := next((t for t in teams if t.name == name), None):
                return found
        if placed.optional:
            return None
        return teams[0] if teams else self.org.management

    def plan_classification(self) -> None:
        org = self.org
        order = 1
        governance = self.add_function(data.GOVERNANCE_FUNCTION, FunctionLevel.FUNCTION, None, org.root, order)
        for i, placed in enumerate(data.GOVERNANCE, start=1):
            self.add_function_spec(placed.function, governance, i, self.place(placed))
        order += 1
        management = self.add_function(data.MANAGEMENT_FUNCTION, FunctionLevel.FUNCTION, None, org.management, order)
        carried: set[int] = {t.department_id for t in self.tasks}
        i = 0
        for placed in data.MANAGEMENT:
            department = self.place(placed)
            if department is not None:
                i += 1
                self.add_function_spec(placed.function, management, i, department)
                carried.add(department.pk)
        for team in org.children[org.management.pk]:
            if team.pk not in carried:
                i += 1
                self.add_function_spec(team_data.team_function(self.code, team.name), management, i, team)
        for unit in org.children[org.root.pk]:
            if unit in (org.management, org.audit):
                continue
            order += 1
            name = team_data.mission_function(self.code, unit.name)
            top = self.add_function(name, FunctionLevel.FUNCTION, None, unit, order)
            teams = org.children[unit.pk] or [unit]
            for j, team in enumerate(teams, start=1):
                self.add_function_spec(team_data.team_function(self.code, team.name), top, j, team)
        common = FunctionClass(code="FC", name=data.COMMON_FUNCTION, level=FunctionLevel.FUNCTION, order=order + 1)
        self.functions[1].append(common)
        running = self.add_function(data.COMMON_SUB_FUNCTION, FunctionLevel.SUB_FUNCTION, common, None, 1)
        smalls = [
            self.add_function(name, FunctionLevel.ACTIVITY, running, None, i)
            for i, (name, _spec) in enumerate(data.COMMON_TASKS, start=1)
        ]
        for department in org.departments:
            for i, ((_name, spec), small) in enumerate(zip(data.COMMON_TASKS, smalls, strict=True), start=1):
                self.add_task(spec, small, department, common=i)

    def plan_owners(self) -> None:
        org, rng = self.org, self.rng
        by_department: dict[int, list[UnitTask]] = defaultdict(list)
        for task in self.tasks:
            by_department[task.department_id].append(task)
        for department in org.departments:
            people = org.owners(department)
            if not people:
                continue
            tasks = by_department[department.pk]
            regular = [t for t in tasks if not t.is_common]
            common = [t for t in tasks if t.is_common]
            # 처리과공통: 서무 and 복무 go to the most junior, budget to the middle, audits and
            # plans to the most senior.
            picks = (len(people) - 1, len(people) - 1, len(people) // 2, 0, min(1, len(people) - 1))
            for task, index in zip(common, picks, strict=True):
                task.owner = people[index]
                task.deputy = people[index - 1] if len(people) > 1 and index > 0 else None
                if len(people) > 1 and task.deputy is None:
                    task.deputy = people[1]
            rotation = people[:]
            rng.shuffle(rotation)
            if department.pk == org.staff.department_id:
                others = [p for p in rotation if p.pk != org.staff.pk]
                rotation = [org.staff] * min(STAFF_TASKS, len(regular)) + others
                for k, task in enumerate(regular):
                    task.owner = rotation[k % len(rotation)]
                    deputies = [p for p in others if p.pk != task.owner.pk] or [None]
                    staff_deputises = k == STAFF_TASKS and task.owner.pk != org.staff.pk
                    task.deputy = org.staff if staff_deputises else deputies[k % len(deputies)]
            else:
                for k, task in enumerate(regular):
                    task.owner = rotation[k % len(rotation)]
                    task.deputy = rotation[(k + 1) % len(rotation)] if len(rotation) > 1 else None
            self.plan_handovers(department, regular)

    def plan_handovers(self, department: Department, tasks: list[UnitTask]) -> None:
        org, rng = self.org, self.rng
        head = org.heads.get(department.pk)
        for task in tasks:
            staffs_first = task.owner is not None and task.owner.pk == org.staff.pk and task is tasks[0]
            if not staffs_first and rng.random() >= 0.1:
                continue
            former = org.former[department.pk]
            colleagues = [p for p in org.members[department.pk] if p.pk not in (task.owner.pk, task.deputy_id)]
            if former and rng.random() < 0.6:
                previous = self.pick(former)
                note = "전임자 휴직·퇴직에 따른 업무 인수인계. 진행 중인 문서 {n}건과 미결 사항 목록 인계"
            elif colleagues:
                previous = self.pick(colleagues)
                note = "업무분장 조정에 따른 인수인계. 관련 자료 {n}건과 협의 중인 기관 연락처 인계"
            else:
                continue
            self.handovers.append(
                UnitTaskHandover(
                    unit_task=task,
                    role=UnitTaskHandover.Role.OWNER,
                    from_user=previous,
                    to_user=task.owner,
                    handed_over_on=self.weekday(self.today - timedelta(days=rng.randint(40, 400)), forward=False),
                    note=note.format(**self.numbers()),
                    recorded_by=head,
                )
            )

    def owned_by(self, user: User) -> list[UnitTask]:
        """The person's own regular (not 처리과공통) unit tasks, in code order."""
        return [t for t in self.tasks if t.owner_id == user.pk and not t.is_common]

    def regular_tasks(self, key: str, value: int) -> list[UnitTask]:
        """The department's own (not 처리과공통) unit tasks by `department_id` or `owner_id`,
        indexed once owners are planned."""
        if not self.task_index:
            for task in self.tasks:
                if not task.is_common:
                    self.task_index[("department_id", task.department_id)].append(task)
                    self.task_index[("owner_id", task.owner_id)].append(task)
        return self.task_index[(key, value)]

    def task_of(self, user: User, department: Department) -> UnitTask | None:
        """A unit task for the person's report or errand: one they own, else their department's."""
        tasks = self.regular_tasks("owner_id", user.pk) or self.regular_tasks("department_id", department.pk)
        return self.pick(tasks) if tasks else None

    def pattern_of(self, task: UnitTask | None) -> card_data.WorkPattern:
        return card_data.PATTERNS[self.specs[task.code].pattern if task else "admin"]

    def write(self) -> dict[str, int]:
        for level in (1, 2, 3):
            FunctionClass.objects.bulk_create(self.functions[level])
        UnitTask.objects.bulk_create(self.tasks)
        # The retention schedule (기록관리기준표) is reviewed every December; date the tasks there.
        reviewed = self.at(date(self.today.year - 1, 12, 20), 10)
        backdate(UnitTask, [(task, reviewed) for task in self.tasks])
        UnitTaskHandover.objects.bulk_create(self.handovers)
        return {"functions": sum(len(v) for v in self.functions.values()), "unit_tasks": len(self.tasks)}
