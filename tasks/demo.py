"""Lived-in work for a demo institution: its function classification with owners and deputies,
unit-task cards with plans and results over the past months, memo reports, directives, rooms,
meetings with minutes, and calendars. `manage.py seed_demo` calls `institution_seed` for every
demo institution after org's seed (tasks.plugin), inside the institution's schema.

Deterministic: everything is drawn from ``random.Random(f"tasks-2026-{code}")`` and placed
relative to `now`'s local date, so the demo always looks current and two runs at the same moment
write the same rows. Idempotent: an institution that already has a function classification is
left as it is.

The demo accounts get a full day: `staff` owns unit tasks (one card behind, with an overdue
milestone), has a reply to a memo report and an unread instruction, a directive due in two days
and one overdue, a meeting tomorrow waiting for an answer, and personal appointments this week;
their team head has memo reports waiting to be read and overdue directives in the team.

Speed: rows are written with bulk_create in dependency order (a few dozen statements); the
timestamps Django sets on insert (auto_now_add) are put back into the past afterwards with one
UPDATE per model, so histories read in order.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from time import perf_counter

from django.db import connection, transaction
from django.db.models import Model
from django.urls import reverse
from django.utils import timezone

from audit.services import audit_record
from org import demo_data as org_data
from org.demo import ADMIN_USERNAME, SEED_ACTOR, STAFF_USERNAME
from org.models import Absence, Department, EmploymentStatus, User
from tasks import demo_data as data
from tasks.models import (
    CardEntryKind,
    Directive,
    DirectiveAssignee,
    DirectiveStatus,
    DirectiveUpdate,
    FunctionClass,
    FunctionLevel,
    Meeting,
    MeetingAgendaItem,
    MeetingAttendee,
    MeetingDecision,
    MeetingStatus,
    MemoRecipient,
    MemoReply,
    MemoReport,
    Minutes,
    RelatedDocument,
    Room,
    RoomBooking,
    ScheduleEntry,
    ScheduleScope,
    TaskCard,
    TaskCardEntry,
    TaskCardEntryVersion,
    TaskGoal,
    UnitTask,
    UnitTaskHandover,
)
from tasks.services.cards import completeness_items, percent_half_up

# Share of regular (not 처리과공통) unit tasks that have a card, and how well cards are kept:
# kept up to date / mostly kept / left behind.
CARD_SHARE = 0.7
CARD_PROFILES = (("full", 0.15), ("typical", 0.5), ("sparse", 0.35))
# How many of `staff`'s team tasks `staff` owns.
STAFF_TASKS = 3
# How far back the seed writes work, and how far ahead it plans.
HISTORY_DAYS = 150
WEEKS_BACK = 8
WEEKS_AHEAD = 3


@dataclass(frozen=True)
class TasksSeedResult:
    """What `seed_demo` prints for this seeder: `counts` of rows by kind, `note` when skipped."""

    created: bool
    counts: dict[str, int]
    seconds: float
    note: str = ""


def institution_seed(*, institution, now: datetime) -> TasksSeedResult:
    """Seed the current schema's work-management data (once)."""
    started = perf_counter()
    with transaction.atomic():
        if FunctionClass.objects.exists() or UnitTask.objects.exists():
            return TasksSeedResult(False, {}, perf_counter() - started, "already has a classification")
        org = _read_org()
        if org is None:
            return TasksSeedResult(False, {}, perf_counter() - started, "no demo organisation")
        rng = random.Random(f"tasks-2026-{institution.code}")  # noqa: S311 - demo data, not security
        seeder = _Seeder(institution.code, org, rng, now)
        seeder.plan()
        counts = seeder.write()
        audit_record(action="demo.seed", actor_label=SEED_ACTOR, data={"app": "tasks", **counts})
    return TasksSeedResult(True, counts, perf_counter() - started)


# --- The organisation as org's seed left it --------------------------------------------------------


@dataclass
class _Org:
    departments: list[Department]  # active, in code order (= chart order)
    children: dict[int | None, list[Department]]
    members: dict[int, list[User]]  # active non-head members, most senior first
    former: dict[int, list[User]]  # on leave or retired
    heads: dict[int, User]  # department id -> its active head
    rank: dict[int, int]  # user id -> position rank
    root: Department
    management: Department
    audit: Department | None
    staff: User
    admin: User | None
    absences: dict[int, list[tuple[datetime, datetime, str]]]  # user id -> (start, end, reason label)

    def away(self, user: User, starts: datetime, ends: datetime) -> str:
        """Why the person is away during [starts, ends) (출장, 휴가, 교육 …), or ""."""
        return next((why for s, e, why in self.absences.get(user.pk, ()) if s < ends and starts < e), "")

    def owners(self, department: Department) -> list[User]:
        """Who can hold a task of this department: its members, or its head if it has none."""
        if people := self.members[department.pk]:
            return people
        head = self.heads.get(department.pk)
        return [head] if head else []

    def title(self, user: User) -> str:
        return f"{user.name} {user.position.name}" if user.position else user.name


def _read_org() -> _Org | None:
    departments = sorted(Department.objects.filter(is_active=True), key=lambda d: d.code)
    users = list(User.objects.select_related("position").order_by("employee_number", "username"))
    by_username = {u.username: u for u in users}
    staff = by_username.get(STAFF_USERNAME)
    roots = [d for d in departments if d.parent_id is None]
    if staff is None or len(roots) != 1:
        return None
    children: dict[int | None, list[Department]] = defaultdict(list)
    for department in departments:
        children[department.parent_id].append(department)
    for siblings in children.values():
        siblings.sort(key=lambda d: (d.order, d.code))
    rank = {u.pk: u.position.rank if u.position else 99 for u in users}
    by_pk = {u.pk: u for u in users}
    heads = {d.pk: by_pk[d.head_id] for d in departments if d.head_id in by_pk and by_pk[d.head_id].is_active}
    head_ids = {u.pk for u in heads.values()}
    members: dict[int, list[User]] = defaultdict(list)
    former: dict[int, list[User]] = defaultdict(list)
    for user in users:
        if user.department_id is None or user.pk in head_ids:
            continue
        if user.is_active and user.employment_status == EmploymentStatus.ACTIVE:
            members[user.department_id].append(user)
        else:
            former[user.department_id].append(user)
    for people in members.values():
        people.sort(key=lambda u: (rank[u.pk], u.employee_number or "", u.username))
    absences: dict[int, list[tuple[datetime, datetime, str]]] = defaultdict(list)
    for absence in Absence.objects.order_by("starts_at", "id"):
        absences[absence.user_id].append((absence.starts_at, absence.ends_at, str(absence.get_reason_display())))
    root = roots[0]
    units = children[root.pk]
    if not units:
        return None
    audit = next((d for d in units if d.name == org_data.AUDIT_UNIT), None)
    management = next(d for d in units if d is not audit)
    return _Org(
        departments=departments,
        children=children,
        members=members,
        former=former,
        heads=heads,
        rank=rank,
        root=root,
        management=management,
        audit=audit,
        staff=staff,
        admin=by_username.get(ADMIN_USERNAME),
        absences=absences,
    )


# --- Planning and writing --------------------------------------------------------------------------


@dataclass
class _Entry:
    entry: TaskCardEntry
    versions: list[TaskCardEntryVersion]
    created_at: datetime


@dataclass
class _Card:
    card: TaskCard
    created_at: datetime
    goals: list[TaskGoal] = field(default_factory=list)
    entries: list[_Entry] = field(default_factory=list)


@dataclass
class _Memo:
    memo: MemoReport
    recipients: list[MemoRecipient]
    replies: list[tuple[MemoReply, datetime]]


@dataclass
class _Directive:
    directive: Directive
    assignees: list[User]
    updates: list[tuple[DirectiveUpdate, datetime]]
    decision: MeetingDecision | None = None
    last_change: datetime | None = None  # its `updated_at` (auto_now overwrites it on insert)


@dataclass
class _Meeting:
    meeting: Meeting
    created_at: datetime
    room: Room | None
    agenda: list[MeetingAgendaItem]
    attendees: list[MeetingAttendee]
    minutes: Minutes | None = None
    decisions: list[MeetingDecision] = field(default_factory=list)


class _Seeder:
    def __init__(self, code: str, org: _Org, rng: random.Random, now: datetime) -> None:
        self.code = code
        self.org = org
        self.rng = rng
        self.now = now
        self.tz = timezone.get_current_timezone()
        self.today = timezone.localtime(now, self.tz).date()
        self.functions: dict[int, list[FunctionClass]] = {1: [], 2: [], 3: []}
        self.tasks: list[UnitTask] = []
        self.specs: dict[str, data.TaskSpec] = {}  # unit task code -> its spec
        self.serials: dict[int, int] = defaultdict(int)  # department id -> unit tasks numbered
        self.handovers: list[UnitTaskHandover] = []
        self.cards: list[_Card] = []
        self.memos: list[_Memo] = []
        self.directives: list[_Directive] = []
        self.directive_titles: set[str] = set()
        self.task_index: dict[tuple[str, int | None], list[UnitTask]] = defaultdict(list)
        self.rooms: list[Room] = []
        self.bookings: list[tuple[RoomBooking, datetime]] = []
        self.busy: dict[str, list[tuple[datetime, datetime]]] = defaultdict(list)  # room name -> booked
        self.engaged: dict[int, list[tuple[datetime, datetime]]] = defaultdict(list)  # user id -> in meetings
        self.meetings: list[_Meeting] = []
        self.schedule: list[ScheduleEntry] = []
        self.related: list[tuple[RelatedDocument, str, object]] = []  # (row, source, the filed object)

    # -- time ------------------------------------------------------------------------------------

    def at(self, day: date, hour: int, minute: int = 0) -> datetime:
        return datetime.combine(day, time(hour, minute), tzinfo=self.tz)

    @staticmethod
    def weekday(day: date, *, forward: bool = True) -> date:
        step = timedelta(days=1 if forward else -1)
        while day.weekday() >= 5:
            day += step
        return day

    def past_moment(self, days_min: int, days_max: int) -> datetime:
        """A moment in working hours some days ago (never in the future)."""
        day = self.weekday(self.today - timedelta(days=self.rng.randint(days_min, days_max)), forward=False)
        moment = self.at(day, 8, 40) + timedelta(minutes=self.rng.randint(0, 530))
        if moment >= self.now:
            moment = self.now - timedelta(minutes=self.rng.randint(20, 180))
        return moment

    def later(self, moment: datetime, low_minutes: int, high_minutes: int) -> datetime | None:
        """A moment in office hours after `moment`, or None if that would not have happened yet."""
        after = self.office(moment + timedelta(minutes=self.rng.randint(low_minutes, high_minutes)))
        return after if after < self.now else None

    def office(self, moment: datetime, *, forward: bool = True) -> datetime:
        """`moment` moved into office hours (working days 08:30-19:00): forward to the next
        opening, or back to the last closing. People read and answer at work."""
        local = timezone.localtime(moment, self.tz)
        day, clock = local.date(), local.time()
        if day.weekday() < 5 and time(8, 30) <= clock < time(19):
            return moment
        minutes = local.minute % 30
        if forward:
            if day.weekday() >= 5 or clock >= time(19):
                day = self.weekday(day + timedelta(days=1))
            return self.at(day, 8, 30 + minutes)
        if day.weekday() >= 5 or clock < time(8, 30):
            day = self.weekday(day - timedelta(days=1), forward=False)
        return self.at(day, 18, minutes)

    def pick(self, items):
        return items[self.rng.randrange(len(items))]

    def numbers(self) -> dict[str, int]:
        return {"n": self.rng.randint(2, 40), "m": self.rng.randint(2, 95)}

    # -- the plan --------------------------------------------------------------------------------

    def plan(self) -> None:
        self.plan_classification()
        self.plan_owners()
        self.plan_cards()
        self.plan_rooms()
        self.plan_meetings()
        self.plan_memos()
        self.plan_directives()
        self.plan_schedule()

    # -- classification ----------------------------------------------------------------------------

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
                description=f"{spec.name} 업무(목적: {data.PATTERNS[spec.pattern].purpose})",
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
                self.add_function_spec(data.team_function(self.code, team.name), management, i, team)
        for unit in org.children[org.root.pk]:
            if unit in (org.management, org.audit):
                continue
            order += 1
            name = data.mission_function(self.code, unit.name)
            top = self.add_function(name, FunctionLevel.FUNCTION, None, unit, order)
            teams = org.children[unit.pk] or [unit]
            for j, team in enumerate(teams, start=1):
                self.add_function_spec(data.team_function(self.code, team.name), top, j, team)
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

    # -- owners, deputies, hand-overs ---------------------------------------------------------------

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

    # -- cards ---------------------------------------------------------------------------------------

    def plan_cards(self) -> None:
        staff = self.org.staff
        staff_tasks = [t for t in self.tasks if t.owner_id == staff.pk and not t.is_common]
        others = [t for t in self.tasks if not t.is_common and t.owner is not None and t not in staff_tasks]
        chosen = set(self.rng.sample(range(len(others)), round(len(others) * CARD_SHARE)))
        carded = {id(t) for k, t in enumerate(others) if k in chosen}
        for task in self.tasks:
            if task in staff_tasks:
                # The first of staff's cards is behind: a milestone overdue, no recent result.
                profile = "sparse" if task is staff_tasks[0] else ("full", "typical")[staff_tasks.index(task) % 2]
            elif id(task) in carded:
                profile = self.rng.choices([p for p, _w in CARD_PROFILES], [w for _p, w in CARD_PROFILES])[0]
            else:
                continue
            self.plan_card(task, profile, behind=task in staff_tasks[:1])

    def plan_card(self, task: UnitTask, profile: str, *, behind: bool) -> None:
        rng, today = self.rng, self.today
        spec = self.specs[task.code]
        pattern = data.PATTERNS[spec.pattern]
        authors = [p for p in (task.owner, task.deputy) if p is not None]
        years_back = rng.choice((0, 0, 1, 2, 3, 5))
        started_on = date(today.year - years_back, rng.choice((1, 1, 2, 3)), rng.choice((1, 2, 15)))
        started_on = min(started_on, today - timedelta(days=HISTORY_DAYS))
        opened = today - timedelta(days=rng.randint(HISTORY_DAYS + 10, HISTORY_DAYS + 50))
        created_at = self.at(self.weekday(opened), 10)
        sparse = profile == "sparse"
        card = TaskCard(
            unit_task=task,
            summary=(
                f"○ 목적: {pattern.purpose}\n○ 주요 내용: {task.name}\n○ 추진 체계: {pattern.flow}\n"
                f"○ 주관: {task.department.name}"
            ),
            legal_basis="" if sparse and rng.random() < 0.7 else spec.basis,
            budget_program=f"{today.year}년 {task.name}" if spec.pattern in ("program", "event", "build") else "",
            started_on=started_on,
            created_by=task.owner,
        )
        planned = _Card(card, created_at)
        self.cards.append(planned)
        # Goals: this year's (missing on cards left behind), and last year's with its result.
        for order, goal in enumerate(pattern.goals):
            if not sparse and (order == 0 or rng.random() < 0.6):
                planned.goals.append(self.goal(card, goal, today.year, order, share=self.year_share()))
            if years_back and order == 0:
                planned.goals.append(self.goal(card, goal, today.year - 1, order, share=rng.uniform(0.9, 1.1)))
        self.plan_milestones(planned, pattern, authors, profile, behind=behind)
        self.plan_results(planned, pattern, authors, profile)
        for kind in (CardEntryKind.QUALITY, CardEntryKind.PUBLIC_RELATIONS, CardEntryKind.CUSTOMER):
            if profile == "full" or (profile == "typical" and rng.random() < 0.3):
                title, body = self.pick(data.CARD_NOTES[kind])
                day = self.weekday(today - timedelta(days=rng.randint(5, 150)), forward=False)
                self.card_entry(planned, kind, title, body.format(**self.numbers()), day, None, self.pick(authors))

    def year_share(self) -> float:
        return self.today.timetuple().tm_yday / 365 * self.rng.uniform(0.75, 1.1)

    def goal(self, card: TaskCard, goal: data.Goal, year: int, order: int, *, share: float) -> TaskGoal:
        rng = self.rng
        target = goal.low if goal.low == goal.high else rng.randint(goal.low, goal.high)
        if goal.cumulative and target >= 20:
            target = round(target, -1)
        if goal.cumulative:
            result = f"{round(target * min(share, 1.15))}{goal.unit}"
        elif target == 0:
            result = f"0{goal.unit}"
        elif share < 0.3:
            result = ""  # too early in the year for a rate
        else:
            result = f"{max(0, min(target, round(target * rng.uniform(0.9, 1.02))))}{goal.unit}"
        return TaskGoal(
            card=card,
            year=year,
            title=goal.title,
            indicator=goal.indicator,
            target=f"{target}{goal.unit}",
            result=result,
            order=order,
        )

    def plan_milestones(self, planned: _Card, pattern, authors: list[User], profile: str, *, behind: bool) -> None:
        """The pattern's steps come back every year on their month and day; the card plans those
        from about five months back to three months ahead. Past ones are met (mostly on time) as
        often as the profile says; on `staff`'s card left behind the latest past one is not met."""
        rng, today = self.rng, self.today
        window = (today - timedelta(days=rng.randint(110, 150)), today + timedelta(days=rng.randint(45, 90)))
        dated = []
        for year in (today.year - 1, today.year, today.year + 1):
            for month, day_of_month, title in pattern.steps:
                day = date(year, month, day_of_month) + timedelta(days=rng.randint(-4, 4))
                if window[0] <= day <= window[1]:
                    label = title if year == today.year else f"{year}년 {title}"
                    dated.append((self.weekday(day), label))
        met_share = {"full": 1.0, "typical": 0.85, "sparse": 0.4}[profile]
        past = [day for day, _label in dated if day < today]
        latest_past = max(past) if past else None
        for due, title in dated:
            completed: date | None = None
            if due < today and not (behind and due == latest_past) and rng.random() < met_share:
                completed = min(today, due + timedelta(days=rng.randint(-6, 3)))
            self.milestone(planned, title, due, completed, authors)

    def milestone(self, planned: _Card, title: str, due: date, completed: date | None, authors) -> None:
        author = authors[0]
        body = ""
        written = planned.created_at + timedelta(days=self.rng.randint(0, 5), hours=self.rng.randint(0, 6))
        versions = [(title, body, due, None, author, written)]
        if completed is not None:
            # Marking a milestone met appends a version (tasks.services.cards.milestone_complete).
            finished = max(self.at(completed, 17, self.rng.randint(0, 50)), written + timedelta(hours=1))
            versions.append((title, body, due, completed, self.pick(authors), min(finished, self.now)))
        self.versioned_entry(planned, CardEntryKind.PLAN, versions)

    def plan_results(self, planned: _Card, pattern, authors: list[User], profile: str) -> None:
        rng, today = self.rng, self.today
        if profile == "sparse":
            ages = [rng.randint(95, 140)] if rng.random() < 0.6 else []
        else:
            latest = rng.randint(2, 30) if profile == "full" else rng.randint(10, 80)
            ages = sorted({latest, *(rng.randint(latest + 10, HISTORY_DAYS - 10) for _ in range(rng.randint(1, 4)))})
        for age in ages:
            day = self.weekday(today - timedelta(days=age), forward=False)
            title = f"{day.month}월 {self.pick(pattern.results)}"
            lines = rng.sample(pattern.details, 2)
            first = f"○ {lines[0].format(**self.numbers())}"
            author = authors[0] if rng.random() < 0.8 else self.pick(authors)
            written = self.at(day, 16, rng.randint(0, 59))
            if written >= self.now:
                written = self.now - timedelta(minutes=30)
            versions = [(title, first, day, None, author, written)]
            # Some results are revised by their author, every version kept: a line added, then
            # its figures corrected.
            for revision in range(rng.choices((0, 1, 2), (0.67, 0.25, 0.08))[0]):
                edited = self.later(versions[-1][5], 60 * 20, 60 * 72)
                if edited is None:
                    break
                added = lines[1].format(**self.numbers()) + (" (수치 정정)" if revision else "")
                versions.append((title, f"{first}\n○ {added}", day, None, author, edited))
            self.versioned_entry(planned, CardEntryKind.PERFORMANCE, versions)

    def card_entry(self, planned: _Card, kind, title: str, body: str, day: date, completed, author: User) -> None:
        written = min(self.at(day, 15, self.rng.randint(0, 59)), self.now - timedelta(minutes=5))
        self.versioned_entry(planned, kind, [(title, body, day, completed, author, written)])

    def versioned_entry(self, planned: _Card, kind: str, versions: list[tuple]) -> None:
        title, body, day, completed, _author, edited = versions[-1]
        entry = TaskCardEntry(
            card=planned.card,
            kind=kind,
            title=title,
            body=body,
            entry_date=day,
            completed_on=completed,
            author=versions[0][4],
            version=len(versions),
            updated_at=edited,
        )
        rows = [
            TaskCardEntryVersion(
                entry=entry, version=n, title=t, body=b, entry_date=d, completed_on=c, edited_by=a, edited_at=e
            )
            for n, (t, b, d, c, a, e) in enumerate(versions, start=1)
        ]
        planned.entries.append(_Entry(entry, rows, versions[0][5]))

    # -- rooms and meetings -------------------------------------------------------------------------------

    def plan_rooms(self) -> None:
        people = sum(len(p) for p in self.org.members.values()) + len(self.org.heads)
        count = 4 if people >= 150 else 3 if people >= 60 else 2
        self.rooms = [Room(name=n, location=loc, capacity=cap) for n, loc, cap in data.ROOMS[:count]]

    def room(self, name: str) -> Room | None:
        return next((r for r in self.rooms if r.name == name), None)

    def book(self, room: Room | None, starts: datetime, ends: datetime, purpose: str, by: User, booked_at):
        """Book the room if it is free then (the database refuses overlaps; so does this)."""
        if room is None or any(s < ends and starts < e for s, e in self.busy[room.name]):
            return None
        self.busy[room.name].append((starts, ends))
        booking = RoomBooking(room=room, starts_at=starts, ends_at=ends, purpose=purpose, booked_by=by)
        self.bookings.append((booking, booked_at))
        return booking

    def plan_meetings(self) -> None:
        org = self.org
        planning = next(
            (t for t in org.children[org.management.pk] if t.name in data.PLANNING_TEAMS),
            org.children[org.management.pk][0] if org.children[org.management.pk] else org.management,
        )
        self.planning = planning
        self.plan_staff_meeting()
        self.plan_board(planning)
        self.plan_weekly(planning)
        self.plan_task_meetings()
        self.plan_team_meetings()
        self.plan_standalone_bookings(planning)

    def meeting(
        self,
        *,
        title: str,
        department: Department,
        organiser: User,
        starts: datetime,
        hours: float,
        rooms: tuple[str, ...],
        attendees: list[User],
        observers: list[User] = (),
        agenda: tuple[str, ...] | list[str],
        unit_task: UnitTask | None = None,
        verbatim: bool = False,
        description: str = "",
        fallback_place: str = "",
    ) -> _Meeting | None:
        ends = starts + timedelta(minutes=round(hours * 60))
        created = min(starts - timedelta(days=self.rng.randint(2, 10)), self.now - timedelta(hours=1))
        booking, room = None, None
        for name in rooms:
            booking = self.book(self.room(name), starts, ends, title, organiser, created)
            if booking is not None:
                room = booking.room
                break
        if booking is None and not fallback_place:
            return None
        meeting = Meeting(
            title=title,
            department=department,
            organiser=organiser,
            starts_at=starts,
            ends_at=ends,
            booking=booking,
            place=f"{room.name} ({room.location})" if room else fallback_place,
            description=description,
            unit_task=unit_task,
            is_verbatim=verbatim,
            status=MeetingStatus.SCHEDULED,
        )
        items = [
            MeetingAgendaItem(meeting=meeting, order=i, title=t, presenter=self.org.title(organiser) if i == 1 else "")
            for i, t in enumerate(agenda, start=1)
        ]
        people: list[MeetingAttendee] = []
        seen: set[int] = set()
        for user, role in (
            [(organiser, "attendee")] + [(u, "attendee") for u in attendees] + [(u, "observer") for u in observers]
        ):
            if user.pk in seen:
                continue
            seen.add(user.pk)
            people.append(self.attendee(meeting, user, role, created, starts, is_organiser=user.pk == organiser.pk))
        planned = _Meeting(meeting, created, room, items, people)
        self.meetings.append(planned)
        for row in people:
            self.engaged[row.user.pk].append((starts, ends))
        return planned

    def slot(self, day: date, hours: tuple[int, ...], length: float, people: list[User], *, forward: bool):
        """The first start (at one of `hours`, on `day` or the working days after/before it) when
        none of `people` is in another meeting; None if the week is full."""
        for _ in range(5):
            for hour in hours:
                starts = self.at(day, hour)
                ends = starts + timedelta(minutes=round(length * 60))
                if not any(s < ends and starts < e for p in people for s, e in self.engaged[p.pk]):
                    return starts
            day = self.weekday(day + timedelta(days=1 if forward else -1), forward=forward)
        return None

    def attendee(self, meeting, user, role, created, starts, *, is_organiser: bool) -> MeetingAttendee:
        rng = self.rng
        row = MeetingAttendee(meeting=meeting, user=user, role=role)
        past = starts < self.now
        away = self.org.away(user, starts, meeting.ends_at)
        if away and not is_organiser:
            # Someone away then (org's absences: 출장, 휴가, 교육) declines, giving the reason.
            row.rsvp, row.rsvp_note = MeetingAttendee.Rsvp.NO, away
            row.responded_at = created + (min(starts, self.now) - created) / 2
            return row
        if is_organiser:
            answer = MeetingAttendee.Rsvp.YES
        elif past:
            answer = MeetingAttendee.Rsvp.YES if rng.random() < 0.9 else MeetingAttendee.Rsvp.NO
        else:
            answer = rng.choices(
                (
                    MeetingAttendee.Rsvp.PENDING,
                    MeetingAttendee.Rsvp.YES,
                    MeetingAttendee.Rsvp.MAYBE,
                    MeetingAttendee.Rsvp.NO,
                ),
                (0.4, 0.45, 0.08, 0.07),
            )[0]
        if answer != MeetingAttendee.Rsvp.PENDING:
            answered = self.later(created, 10, 60 * 40)
            if answered is None or answered >= starts:
                answered = created + (min(starts, self.now) - created) / 2
            row.rsvp, row.responded_at = answer, answered
            if answer == MeetingAttendee.Rsvp.NO:
                row.rsvp_note = self.pick(data.RSVP_DECLINE_NOTES)
        return row

    def plan_staff_meeting(self) -> None:
        org, staff = self.org, self.org.staff
        team = next(d for d in org.departments if d.pk == staff.department_id)
        head = org.heads.get(team.pk)
        task = next((t for t in self.tasks if t.owner_id == staff.pk and not t.is_common), None)
        if head is None or task is None:
            return
        local = timezone.localtime(self.now, self.tz)
        # This afternoon if the morning is not over, else the next working day.
        if local.hour < 13 and self.today.weekday() < 5:
            starts = self.at(self.today, 15)
        else:
            starts = self.at(self.weekday(self.today + timedelta(days=1)), 10)
        colleagues = [p for p in org.members[team.pk] if p.pk != staff.pk][:3]
        planned = self.meeting(
            title=f"{task.name} 추진 점검회의",
            department=team,
            organiser=head,
            starts=starts,
            hours=1,
            rooms=("소회의실 1", "소회의실 2", "영상회의실", "대회의실"),
            attendees=[staff, *colleagues],
            agenda=("추진 실적 보고", "지연 일정 대책 논의"),
            unit_task=task,
            description=f"{task.name}의 지연 일정 점검과 대책 협의",
            fallback_place=f"{team.name} 사무실",
        )
        for row in planned.attendees:
            if row.user.pk == staff.pk:
                row.rsvp, row.responded_at, row.rsvp_note = MeetingAttendee.Rsvp.PENDING, None, ""

    def heads_of(self, departments) -> list[User]:
        return [h for d in departments if (h := self.org.heads.get(d.pk)) is not None]

    def plan_board(self, planning: Department) -> None:
        """이사회 is designated for a verbatim record (속기록): the last one's minutes wait as a draft
        until the record is attached; the next one is coming up."""
        org, rng = self.org, self.rng
        organiser = org.heads.get(planning.pk)
        chair = org.heads.get(org.root.pk)
        if organiser is None or chair is None:
            return
        units = org.children[org.root.pk]
        observers = list(org.members[planning.pk][:1]) + self.heads_of([d for d in units if d is org.audit])
        for offset, number in ((-rng.randint(35, 50), 1), (rng.randint(15, 25), 2)):
            day = self.weekday(self.today + timedelta(days=offset))
            agenda = [a.format(year=self.today.year, last=self.today.year - 1) for a in data.BOARD_AGENDA]
            planned = self.meeting(
                title=f"{self.today.year}년 제{number}차 이사회",
                department=planning,
                organiser=organiser,
                starts=self.at(day, 10),
                hours=2,
                rooms=("대회의실",),
                attendees=[chair, *self.heads_of([org.management])],
                observers=observers,
                agenda=agenda,
                verbatim=True,
                description="정관에 따른 정기이사회(속기록 작성 대상)",
                fallback_place="본관 이사회의실",
            )
            if planned is not None and number == 1:
                votes = "\n".join(
                    f"제{i}호 의안: 원안 가결(출석 이사 7명 전원 찬성)" for i in range(1, len(agenda) + 1)
                )
                self.minutes(planned, final=False, votes=votes)

    def plan_weekly(self, planning: Department) -> None:
        org, rng = self.org, self.rng
        organiser = org.heads.get(planning.pk)
        if organiser is None:
            return
        monday = self.today - timedelta(days=self.today.weekday())
        units = org.children[org.root.pk]
        heads = self.heads_of([org.root, *units]) + self.heads_of(
            [t for u in units for t in org.children[u.pk] if t.pk != planning.pk]
        )
        recorder = org.members[planning.pk][-1:] if org.members[planning.pk] else []
        for week in range(-WEEKS_BACK, WEEKS_AHEAD + 1):
            starts = self.at(monday + timedelta(weeks=week), 9)
            planned = self.meeting(
                title="주간 간부회의",
                department=planning,
                organiser=organiser,
                starts=starts,
                hours=1,
                rooms=("대회의실",),
                attendees=heads,
                observers=recorder,
                agenda=data.WEEKLY_AGENDA,
                description="부서별 주요 업무 추진상황과 금주 일정 공유",
                fallback_place="본관 3층 대회의실",
            )
            if planned is not None and starts + timedelta(days=2) < self.now:
                self.minutes(planned, final=True)
        for months_back in (2, 1, 0):
            first = (self.today.replace(day=1) - timedelta(days=28 * months_back)).replace(day=1)
            day = first + timedelta(days=(3 - first.weekday()) % 7)  # the first Thursday
            planned = self.meeting(
                title=f"{day.month}월 경영전략회의",
                department=planning,
                organiser=organiser,
                starts=self.at(day, 14),
                hours=2,
                rooms=("대회의실", "영상회의실"),
                attendees=self.heads_of([org.root, *units]),
                observers=recorder,
                agenda=data.STRATEGY_AGENDA,
                description="월간 경영실적과 경영평가 지표 점검",
                fallback_place="본관 3층 대회의실",
            )
            if planned is not None and planned.meeting.ends_at + timedelta(days=1) < self.now:
                self.minutes(planned, final=rng.random() < 0.9)

    def plan_task_meetings(self) -> None:
        org, rng = self.org, self.rng
        carded = [c.card.unit_task for c in self.cards]
        for task in carded:
            if rng.random() >= 0.15 or task.owner is None:
                continue
            head = org.heads.get(task.department_id)
            if head is None:
                continue
            title_template, agenda = self.pick(data.TASK_MEETING_KINDS)
            past = rng.random() < 0.7
            offset = -rng.randint(3, 50) if past else rng.randint(1, 20)
            day = self.weekday(self.today + timedelta(days=offset), forward=not past)
            attendees = [p for p in (task.owner, task.deputy) if p is not None]
            others = [m for m in org.members[self.planning.pk] if m.pk not in {a.pk for a in attendees}][:1]
            hours = tuple(rng.sample((10, 14, 15, 16), 4))
            starts = self.slot(day, hours, 1.5, [head, *attendees, *others], forward=not past)
            if starts is None:
                continue
            planned = self.meeting(
                title=title_template.format(task=task.name),
                department=task.department,
                organiser=head,
                starts=starts,
                hours=1.5,
                rooms=("영상회의실", "소회의실 1", "소회의실 2"),
                attendees=attendees,
                observers=others,
                agenda=agenda,
                unit_task=task,
                description=f"{task.name} 관련 협의",
                fallback_place=f"{task.department.name} 사무실",
            )
            if planned is not None and planned.meeting.ends_at + timedelta(days=2) < self.now:
                self.minutes(planned, final=True)

    def plan_team_meetings(self) -> None:
        org, rng = self.org, self.rng
        for team in org.departments:
            head, members = org.heads.get(team.pk), org.members[team.pk]
            if head is None or not members:
                continue
            for offset in (-rng.randint(15, 35), -rng.randint(3, 10), rng.randint(2, 12)):
                day = self.weekday(self.today + timedelta(days=offset), forward=offset > 0)
                starts = self.slot(day, tuple(rng.sample((9, 10, 16), 3)), 1, [head, *members], forward=offset > 0)
                if starts is None:
                    continue
                planned = self.meeting(
                    title=f"{team.name} 업무회의",
                    department=team,
                    organiser=head,
                    starts=starts,
                    hours=1,
                    rooms=("소회의실 2", "소회의실 1") if rng.random() < 0.5 else (),
                    attendees=members,
                    agenda=data.TEAM_AGENDA,
                    description="팀 주요 업무 공유와 현안 토의",
                    fallback_place=f"{team.name} 사무실",
                )
                if planned is None or starts >= self.now:
                    continue
                if offset < -12 and rng.random() < 0.08:
                    self.cancel(planned)
                elif planned.meeting.ends_at + timedelta(days=1) < self.now:
                    self.minutes(planned, final=rng.random() < 0.85)

    def cancel(self, planned: _Meeting) -> None:
        planned.meeting.status = MeetingStatus.CANCELLED
        if planned.meeting.booking is not None:
            booking = planned.meeting.booking
            booking.cancelled_at = planned.created_at + (planned.meeting.starts_at - planned.created_at) / 2
            self.busy[booking.room.name].remove((booking.starts_at, booking.ends_at))

    def plan_standalone_bookings(self, planning: Department) -> None:
        org, rng = self.org, self.rng
        hr = next((t for t in org.children[org.management.pk] if "인사" in t.name), planning)
        booker = (org.members[hr.pk] or [org.staff])[0]
        for title, offset, hour, hours, room in (
            ("신규직원 면접 전형", rng.randint(3, 12), 9, 8, "영상회의실"),
            ("외부기관 방문 접견", -rng.randint(2, 20), 14, 2, "소회의실 1"),
            ("직무교육(외부 강사)", rng.randint(5, 15), 13, 4, "대회의실"),
        ):
            day = self.weekday(self.today + timedelta(days=offset))
            starts = self.at(day, hour)
            booked_at = min(starts - timedelta(days=3), self.now - timedelta(hours=2))
            self.book(
                self.room(room) or self.rooms[-1], starts, starts + timedelta(hours=hours), title, booker, booked_at
            )

    def minutes(self, planned: _Meeting, *, final: bool, votes: str = "") -> None:
        rng, meeting = self.rng, planned.meeting
        present = [a for a in planned.attendees if a.role == "attendee" and a.rsvp != MeetingAttendee.Rsvp.NO]
        observers = [a for a in planned.attendees if a.role == "observer"]
        subject = meeting.unit_task.name if meeting.unit_task else meeting.department.name
        decisions = [
            self.pick(data.MEETING_DECISIONS).format(task=self.decision_subject(meeting))
            for _ in range(rng.randint(1, 3))
        ]
        decisions = list(dict.fromkeys(decisions))
        remarks = [
            f"○ {self.org.title(a.user)}: {self.pick(data.MEETING_REMARKS)}"
            for a in rng.sample(present, min(3, len(present)))
        ]
        recorder = observers[0].user if observers else (present[-1].user if present else meeting.organiser)
        finalised = self.later(meeting.ends_at, 60 * 3, 60 * 30) if final else None
        minutes = Minutes(
            meeting=meeting,
            title=meeting.title,
            department_name=meeting.department.name,
            held_from=meeting.starts_at,
            held_to=meeting.ends_at,
            place=meeting.place,
            attendees_text=", ".join(self.org.title(a.user) for a in present),
            observers_text=", ".join(self.org.title(a.user) for a in observers),
            order_of_business="1. 개회\n2. 안건 보고 및 토의\n3. 결정사항 정리\n4. 폐회",
            agenda_text="\n".join(f"{i}. {item.title}" for i, item in enumerate(planned.agenda, start=1)),
            remarks="\n".join(remarks) or f"○ {subject} 관련 추진 현황 공유",
            decisions_text="\n".join(f"{i}. {d}" for i, d in enumerate(decisions, start=1)),
            votes=votes,
            status=Minutes.Status.FINAL if finalised else Minutes.Status.DRAFT,
            recorded_by=recorder,
            finalised_at=finalised,
        )
        planned.minutes = minutes
        if finalised:
            meeting.status = MeetingStatus.HELD
            if meeting.unit_task is not None:
                self.file_under(meeting.unit_task, "minutes", minutes, f"{meeting.title} 회의록", meeting.starts_at)
        planned.decisions = [
            MeetingDecision(meeting=meeting, order=i, text=text) for i, text in enumerate(decisions, start=1)
        ]

    def decision_subject(self, meeting: Meeting) -> str:
        if meeting.unit_task is not None:
            return meeting.unit_task.name
        tasks = self.regular_tasks("department_id", meeting.department_id)
        return self.pick(tasks).name if tasks else "소관 업무"

    # -- memo reports ------------------------------------------------------------------------------------

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

    def memo(
        self,
        *,
        author: User,
        recipients: list[User],
        kind: str,
        task: UnitTask | None,
        sent: datetime,
        read_after: tuple[int, int] | None,
        reply: tuple[User, str, tuple[int, int]] | None = None,
        file: bool = False,
    ) -> _Memo:
        templates = data.MEMO_REPORTS if kind == MemoReport.Kind.REPORT else data.MEMO_INSTRUCTIONS
        title, body = self.pick(templates)
        words = {
            "task": task.name if task else "부서 현안",
            "detail": self.pick(self.pattern_of(task).details).format(**self.numbers()),
            "next": self.pick(data.MEMO_NEXT_STEPS),
            **self.numbers(),
        }
        memo = MemoReport(
            kind=kind,
            title=title.format(**words),
            body=body.format(**words),
            author=author,
            department_id=author.department_id,
            unit_task=task if file else None,
            sent_at=sent,
        )
        rows = []
        for order, person in enumerate(recipients):
            read = self.later(sent, *read_after) if read_after else None
            rows.append(MemoRecipient(memo=memo, recipient=person, order=order, read_at=read))
        replies = []
        if reply is not None:
            who, text, (low, high) = reply
            base = max([sent] + [r.read_at for r in rows if r.read_at is not None])
            at = self.later(base, low, high)
            if at is not None:
                replies.append((MemoReply(memo=memo, author=who, body=text), at))
        planned = _Memo(memo, rows, replies)
        self.memos.append(planned)
        if file and task is not None:
            self.file_under(task, "memo", memo, memo.title, sent)
        return planned

    def pattern_of(self, task: UnitTask | None) -> data.WorkPattern:
        return data.PATTERNS[self.specs[task.code].pattern if task else "admin"]

    def plan_memos(self) -> None:
        org, rng = self.org, self.rng
        self.plan_staff_memos()
        for team in org.departments:
            head, members = org.heads.get(team.pk), org.members[team.pk]
            if head is None:
                continue
            boss = org.heads.get(team.parent_id) if team.parent_id else None
            for _ in range(max(1, round(len(members) * 0.5)) if members else 0):
                author = self.pick(members)
                sent = self.past_moment(1, 45)
                recent = sent > self.now - timedelta(days=2)
                recipients = [head] + ([boss] if boss and rng.random() < 0.25 else [])
                read = None if recent and rng.random() < 0.6 else (10, 60 * 26)
                self.memo(
                    author=author,
                    recipients=recipients,
                    kind=MemoReport.Kind.REPORT,
                    task=self.task_of(author, team),
                    sent=sent,
                    read_after=read,
                    reply=(head, self.pick(data.MEMO_REPLIES_FROM_HEAD), (5, 240)) if rng.random() < 0.3 else None,
                    file=rng.random() < 0.2,
                )
            for _ in range(round(len(members) * 0.15)):
                told = rng.sample(members, min(len(members), rng.randint(1, 3)))
                sent = self.past_moment(1, 40)
                self.memo(
                    author=head,
                    recipients=told,
                    kind=MemoReport.Kind.INSTRUCTION,
                    task=self.task_of(told[0], team),
                    sent=sent,
                    read_after=(5, 60 * 8),
                    reply=(told[0], self.pick(data.MEMO_REPLIES_TO_HEAD), (5, 120)) if rng.random() < 0.4 else None,
                )
            if boss is not None and rng.random() < 0.6:
                self.memo(
                    author=head,
                    recipients=[boss],
                    kind=MemoReport.Kind.REPORT,
                    task=self.task_of(head, team),
                    sent=self.past_moment(1, 30),
                    read_after=(10, 60 * 30),
                )

    def plan_staff_memos(self) -> None:
        """staff's memo day: a report answered by the head a few hours ago, an instruction not yet
        read, and reports (theirs and colleagues') waiting in the head's inbox."""
        org, staff = self.org, self.org.staff
        team = next(d for d in org.departments if d.pk == staff.department_id)
        head = org.heads.get(team.pk)
        if head is None:
            return
        tasks = [t for t in self.tasks if t.owner_id == staff.pk and not t.is_common] or [None]
        replied = self.office(self.now - timedelta(hours=2), forward=False)
        read = self.office(replied - timedelta(hours=3), forward=False)
        answered = self.memo(
            author=staff,
            recipients=[head],
            kind=MemoReport.Kind.REPORT,
            task=tasks[0],
            sent=read - timedelta(minutes=40),
            read_after=None,
            file=True,
        )
        answered.recipients[0].read_at = read
        reply = MemoReply(memo=answered.memo, author=head, body=data.MEMO_REPLIES_FROM_HEAD[4])
        answered.replies.append((reply, replied))
        self.memo(
            author=head,
            recipients=[staff],
            kind=MemoReport.Kind.INSTRUCTION,
            task=tasks[-1],
            sent=self.office(self.now - timedelta(minutes=40), forward=False),
            read_after=None,
        )
        colleagues = [p for p in org.members[team.pk] if p.pk != staff.pk]
        for author, hours in [(staff, 5), *((c, h) for c, h in zip(colleagues, (20, 30), strict=False))]:
            self.memo(
                author=author,
                recipients=[head],
                kind=MemoReport.Kind.REPORT,
                task=self.task_of(author, team),
                sent=self.office(self.now - timedelta(hours=hours), forward=False),
                read_after=None,
            )

    # -- directives -------------------------------------------------------------------------------------

    def directive(
        self,
        *,
        issuer: User,
        department: Department,
        assignees: list[User],
        title: str,
        body: str,
        issued: datetime,
        due: date,
        status: str,
        report: str,
        task: UnitTask | None = None,
        progress: int = 0,
    ) -> _Directive:
        """A directive and its history up to `status`; `report` is the completion report ({n}: a
        number) the assignee files if it gets that far."""
        rng = self.rng
        directive = Directive(
            title=title,
            body=body,
            issued_by=issuer,
            issued_at=issued,
            due_on=due,
            department=department,
            unit_task=task,
            status=DirectiveStatus.ISSUED,
        )
        planned = _Directive(directive, assignees, [])
        doer = assignees[0]

        def log(kind: str, author: User, text: str, at: datetime, value: int | None = None) -> None:
            update = DirectiveUpdate(directive=directive, kind=kind, author=author, body=text, progress=value)
            planned.updates.append((update, at))

        log(DirectiveUpdate.Kind.ISSUE, issuer, body, issued)
        moment = issued
        if status == DirectiveStatus.CANCELLED:
            moment = self.later(issued, 60 * 20, 60 * 24 * 5) or issued
            log(DirectiveUpdate.Kind.CANCEL, issuer, self.pick(data.DIRECTIVE_CANCEL_REASONS), moment)
            directive.status = status
        elif status != DirectiveStatus.ISSUED:
            moment = self.later(issued, 60 * 3, 60 * 24 * 2) or issued
            directive.plan = self.pick(data.DIRECTIVE_PLANS)
            directive.planned_on = max(due - timedelta(days=rng.randint(0, 3)), timezone.localdate(issued, self.tz))
            log(
                DirectiveUpdate.Kind.PLAN,
                doer,
                f"{directive.plan}\n\n이행 완료 예정일: {_kdate(directive.planned_on)}",
                moment,
            )
            directive.status = DirectiveStatus.PLANNED
            if status in (DirectiveStatus.IN_PROGRESS, DirectiveStatus.COMPLETED):
                value = progress or rng.choice((20, 30, 40, 50, 60, 70, 80))
                step = self.later(moment, 60 * 24, 60 * 24 * 6) or self.later(moment, 10, 60)
                if step is not None:
                    moment = step
                    log(DirectiveUpdate.Kind.PROGRESS, doer, self.pick(data.DIRECTIVE_PROGRESS), moment, value)
                    directive.status, directive.progress = DirectiveStatus.IN_PROGRESS, value
            if status == DirectiveStatus.COMPLETED:
                done = self.later(moment, 60 * 24, 60 * 24 * 8)
                if done is not None:
                    report = report.format(**self.numbers())
                    log(DirectiveUpdate.Kind.COMPLETE, doer, report, done, 100)
                    directive.status, directive.progress = DirectiveStatus.COMPLETED, 100
                    directive.completion_report, directive.completed_at = report, done
                    moment = done
                    if rng.random() < 0.3 and (comment := self.later(done, 30, 60 * 20)):
                        log(
                            DirectiveUpdate.Kind.COMMENT,
                            issuer,
                            "수고했습니다. 결과를 다음 회의에서 공유합시다.",
                            comment,
                        )
                        moment = comment
        planned.last_change = moment
        self.directives.append(planned)
        self.directive_titles.add(title)
        if task is not None:
            self.file_under(task, "directive", directive, title, issued)
        return planned

    def draw_status(self) -> str:
        return self.rng.choices(
            (
                DirectiveStatus.COMPLETED,
                DirectiveStatus.IN_PROGRESS,
                DirectiveStatus.PLANNED,
                DirectiveStatus.ISSUED,
                DirectiveStatus.CANCELLED,
            ),
            (0.45, 0.25, 0.12, 0.13, 0.05),
        )[0]

    def timeline(self, status: str) -> tuple[datetime, date]:
        """When a directive of this status was issued and when it is due: closed ones in the past,
        open ones due from two weeks ago (overdue) to a month ahead."""
        rng, today = self.rng, self.today
        if status in (DirectiveStatus.COMPLETED, DirectiveStatus.CANCELLED):
            issued = self.past_moment(20, 110)
            return issued, timezone.localdate(issued, self.tz) + timedelta(days=rng.randint(7, 30))
        issued = self.past_moment(1, 5) if status == DirectiveStatus.ISSUED else self.past_moment(6, 45)
        due = today + timedelta(days=rng.randint(-14, 30))
        return issued, max(due, timezone.localdate(issued, self.tz) + timedelta(days=3))

    def plan_directives(self) -> None:
        org, rng = self.org, self.rng
        self.plan_staff_directives()
        for team in org.departments:
            head, members = org.heads.get(team.pk), org.members[team.pk]
            if head is None or not members:
                continue
            boss = org.heads.get(team.parent_id) if team.parent_id else None
            for _ in range(min(5, 1 + round(len(members) * 0.25))):
                issuer = boss if boss is not None and rng.random() < 0.3 else head
                assignees = rng.sample(members, min(len(members), rng.choice((1, 1, 1, 2))))
                task = self.task_of(assignees[0], team)
                words = {"task": task.name if task else team.name}
                # One directive per title: a head does not give the same instruction twice.
                choices = [d for d in data.DIRECTIVES if d[0].format(**words) not in self.directive_titles]
                if not choices:
                    continue
                title, body, report = self.pick(choices)
                status = self.draw_status()
                issued, due = self.timeline(status)
                self.directive(
                    issuer=issuer,
                    department=team,
                    assignees=assignees,
                    title=title.format(**words),
                    body=body.format(**words),
                    issued=issued,
                    due=due,
                    status=status,
                    report=report,
                    task=task if rng.random() < 0.5 else None,
                )
        chair = org.heads.get(org.root.pk)
        units = [u for u in org.children[org.root.pk] if u is not org.audit]
        if chair is not None:
            for title, body, report in rng.sample(data.HEAD_DIRECTIVES, 3):
                unit = self.pick(units)
                assignees = self.heads_of([unit, *org.children[unit.pk][:2]])
                if not assignees:
                    continue
                status = self.draw_status()
                issued, due = self.timeline(status)
                self.directive(
                    issuer=chair,
                    department=unit,
                    assignees=assignees,
                    title=title,
                    body=body,
                    issued=issued,
                    due=due,
                    status=status,
                    report=report,
                )
        for planned in self.meetings:
            meeting = planned.meeting
            if planned.minutes is None or not planned.decisions or rng.random() >= 0.3:
                continue
            members = [m for m in org.members[meeting.department_id] if m.pk != meeting.organiser_id]
            if not members:
                continue
            decision = planned.decisions[0]
            status = self.draw_status()
            issued = self.later(meeting.ends_at, 60, 60 * 4) or meeting.ends_at
            due = max(
                self.today + timedelta(days=rng.randint(-10, 25)),
                timezone.localdate(issued, self.tz) + timedelta(days=5),
            )
            if status in (DirectiveStatus.COMPLETED, DirectiveStatus.CANCELLED):
                due = timezone.localdate(issued, self.tz) + timedelta(days=rng.randint(7, 21))
            held = _kdate(timezone.localdate(meeting.starts_at, self.tz))
            converted = self.directive(
                issuer=meeting.organiser,
                department=meeting.department,
                assignees=[self.pick(members)],
                title=decision.text.splitlines()[0][:200],
                body=f"{meeting.title}({held}) 결정사항\n\n{decision.text}",
                issued=issued,
                due=due,
                status=status,
                report=data.DECISION_REPORT,
                task=meeting.unit_task,
            )
            converted.decision = decision

    def plan_staff_directives(self) -> None:
        """One due in two days (in progress), one overdue (plan submitted, nothing since)."""
        org, staff = self.org, self.org.staff
        team = next(d for d in org.departments if d.pk == staff.department_id)
        head = org.heads.get(team.pk)
        if head is None:
            return
        tasks = [t for t in self.tasks if t.owner_id == staff.pk and not t.is_common] or [None]
        name = tasks[0].name if tasks[0] else team.name
        self.directive(
            issuer=head,
            department=team,
            assignees=[staff],
            title=f"{name} 추진현황 전수 점검",
            body=data.DIRECTIVES[0][1].format(task=name),
            report=data.DIRECTIVES[0][2],
            issued=self.office(self.now - timedelta(days=6, hours=2), forward=False),
            due=self.today + timedelta(days=2),
            status=DirectiveStatus.IN_PROGRESS,
            task=tasks[0],
            progress=40,
        )
        name = tasks[-1].name if tasks[-1] else team.name
        colleague = next((p for p in org.members[team.pk] if p.pk != staff.pk), None)
        self.directive(
            issuer=head,
            department=team,
            assignees=[staff] + ([colleague] if colleague else []),
            title=f"도의회 행정사무감사 대비 {name} 자료 준비",
            body=data.DIRECTIVES[1][1].format(task=name),
            report=data.DIRECTIVES[1][2],
            issued=self.office(self.now - timedelta(days=20, hours=5), forward=False),
            due=self.today - timedelta(days=3),
            status=DirectiveStatus.PLANNED,
        )

    # -- schedules ----------------------------------------------------------------------------------------

    def entry(self, *, scope, title, day, hour, hours, days=1, owner=None, department=None, location="", by=None):
        all_day = hours == 0
        if all_day:
            starts, ends = self.at(day, 0), self.at(day + timedelta(days=days - 1), 23, 59)
        else:
            starts = self.at(day, hour)
            ends = starts + timedelta(hours=hours)
        self.schedule.append(
            ScheduleEntry(
                scope=scope,
                owner=owner,
                department=department,
                title=title,
                starts_at=starts,
                ends_at=ends,
                all_day=all_day,
                location=location,
                created_by=by or owner,
            )
        )

    def plan_schedule(self) -> None:
        org, rng, today = self.org, self.rng, self.today
        by = org.admin or org.heads.get(org.root.pk)
        for title, offset, hour, hours, days, place in data.INSTITUTION_EVENTS:
            day = self.weekday(today + timedelta(days=offset))
            self.entry(scope=ScheduleScope.INSTITUTION, title=title, day=day, hour=hour, hours=hours, days=days,
                       location=place, by=by)  # fmt: skip
        for team in org.departments:
            if not org.members[team.pk]:
                continue
            head = org.heads.get(team.pk)
            for title, hour, hours in rng.sample(data.DEPARTMENT_EVENTS, 2):
                day = self.weekday(today + timedelta(days=rng.randint(-30, 30)))
                self.entry(scope=ScheduleScope.DEPARTMENT, title=title.format(dept=team.name), day=day, hour=hour,
                           hours=hours, department=team, by=head)  # fmt: skip
        staff = org.staff
        staff_team = next(d for d in org.departments if d.pk == staff.department_id)
        week = [self.weekday(today + timedelta(days=k)) for k in range(5)]
        staff_events = rng.sample(data.PERSONAL_EVENTS[:7], 6)
        # staff's own appointments never clash with the meetings staff is invited to.
        meetings = [
            (m.meeting.starts_at, m.meeting.ends_at)
            for m in self.meetings
            if m.meeting.status != MeetingStatus.CANCELLED and any(a.user.pk == staff.pk for a in m.attendees)
        ]
        for k, day in enumerate([week[0], week[1], week[3], *(today + timedelta(days=d) for d in (-9, -4, 12))]):
            day = self.weekday(day)
            title, hour, hours, _place = staff_events[k]
            while any(
                s < self.at(day, hour) + timedelta(hours=hours or 24) and self.at(day, hour) < e for s, e in meetings
            ):
                day = self.weekday(day + timedelta(days=1))
            self.personal(staff, staff_team, staff_events[k], day)
        everyone = [p for d in org.departments for p in org.members[d.pk]]
        colleagues = {p.pk for p in org.members[staff_team.pk]}
        for person in everyone:
            if person.pk == staff.pk:
                continue
            chance = 0.9 if person.pk in colleagues else 0.12
            for _ in range(2 if person.pk in colleagues else 1):
                if rng.random() < chance:
                    day = self.weekday(today + timedelta(days=rng.randint(-20, 20)))
                    department = next(d for d in org.departments if d.pk == person.department_id)
                    self.personal(person, department, self.pick(data.PERSONAL_EVENTS), day)

    def personal(self, person: User, department: Department, event, day: date) -> None:
        title, hour, hours, place = event
        task = self.task_of(person, department)
        self.entry(scope=ScheduleScope.PERSONAL, title=title.format(task=task.name if task else "부서 현안"), day=day,
                   hour=hour, hours=hours, owner=person, location=place)  # fmt: skip

    # -- filing under unit tasks ------------------------------------------------------------------------

    def file_under(self, task: UnitTask, source: str, document, title: str, produced: datetime) -> None:
        row = RelatedDocument(
            unit_task=task,
            source=source,
            source_id="",
            title=title[:300],
            produced_on=timezone.localdate(produced, self.tz),
        )
        self.related.append((row, source, document))

    # -- writing -------------------------------------------------------------------------------------------

    def write(self) -> dict[str, int]:
        for level in (1, 2, 3):
            FunctionClass.objects.bulk_create(self.functions[level])
        UnitTask.objects.bulk_create(self.tasks)
        # The retention schedule (기록관리기준표) is reviewed every December; date the tasks there.
        reviewed = self.at(date(self.today.year - 1, 12, 20), 10)
        _backdate(UnitTask, [(task, reviewed) for task in self.tasks])
        UnitTaskHandover.objects.bulk_create(self.handovers)

        cards = [c.card for c in self.cards]
        TaskCard.objects.bulk_create(cards)
        TaskGoal.objects.bulk_create([g for c in self.cards for g in c.goals])
        entries = [e for c in self.cards for e in c.entries]
        TaskCardEntry.objects.bulk_create([e.entry for e in entries])
        TaskCardEntryVersion.objects.bulk_create([v for e in entries for v in e.versions])
        for planned in self.cards:
            goals = planned.goals
            rows = [e.entry for e in planned.entries]
            items = completeness_items(planned.card, self.today, goals=goals, entries=rows)
            planned.card.completeness = percent_half_up(sum(i.met for i in items), len(items))
            planned.card.completeness_checked_on = self.today
            planned.card.created_at = planned.created_at
            planned.card.updated_at = max([planned.created_at] + [e.entry.updated_at for e in planned.entries])
        _update_columns(TaskCard, cards, ["completeness", "completeness_checked_on", "created_at", "updated_at"])
        _backdate(TaskCardEntry, [(e.entry, e.created_at) for e in entries])

        Room.objects.bulk_create(self.rooms)
        RoomBooking.objects.bulk_create([b for b, _at in self.bookings])
        _backdate(RoomBooking, self.bookings, "booked_at")
        meetings = [m.meeting for m in self.meetings]
        Meeting.objects.bulk_create(meetings)
        _backdate(Meeting, [(m.meeting, m.created_at) for m in self.meetings])
        MeetingAgendaItem.objects.bulk_create([a for m in self.meetings for a in m.agenda])
        MeetingAttendee.objects.bulk_create([a for m in self.meetings for a in m.attendees])
        minutes = [m.minutes for m in self.meetings if m.minutes is not None]
        Minutes.objects.bulk_create(minutes)

        memos = [m.memo for m in self.memos]
        MemoReport.objects.bulk_create(memos)
        MemoRecipient.objects.bulk_create([r for m in self.memos for r in m.recipients])
        replies = [r for m in self.memos for r in m.replies]
        MemoReply.objects.bulk_create([r for r, _at in replies])
        _backdate(MemoReply, replies)

        directives = [d.directive for d in self.directives]
        Directive.objects.bulk_create(directives)
        _backdate(Directive, [(d.directive, d.last_change) for d in self.directives], "updated_at")
        DirectiveAssignee.objects.bulk_create(
            [DirectiveAssignee(directive=d.directive, user=u) for d in self.directives for u in d.assignees]
        )
        updates = [u for d in self.directives for u in d.updates]
        DirectiveUpdate.objects.bulk_create([u for u, _at in updates])
        _backdate(DirectiveUpdate, updates)
        decisions = [d for m in self.meetings for d in m.decisions]
        for planned in self.directives:
            if planned.decision is not None:
                planned.decision.directive = planned.directive
        MeetingDecision.objects.bulk_create(decisions)

        ScheduleEntry.objects.bulk_create(self.schedule)

        links = []
        for row, source, document in self.related:
            row.source_id = str(document.pk)
            if source == "memo":
                row.url = reverse("memos:detail", args=[document.pk])
            elif source == "directive":
                row.url = reverse("directives:detail", args=[document.pk])
            else:
                row.url = reverse("meetings:detail", args=[document.meeting.pk])
            links.append(row)
        RelatedDocument.objects.bulk_create(links)

        return {
            "functions": sum(len(v) for v in self.functions.values()),
            "unit_tasks": len(self.tasks),
            "cards": len(cards),
            "card_entries": len(entries),
            "memos": len(memos),
            "directives": len(directives),
            "meetings": len(meetings),
            "minutes": len(minutes),
            "bookings": len(self.bookings),
            "schedule_entries": len(self.schedule),
        }


def _backdate(model: type[Model], rows: list[tuple[Model, datetime]], field_name: str = "created_at") -> None:
    """Put the insert timestamps (auto_now_add) back to when the demo says things happened."""
    for row, moment in rows:
        setattr(row, field_name, moment)
    _update_columns(model, [row for row, _moment in rows], [field_name])


def _update_columns(model: type[Model], rows: list[Model], field_names: list[str]) -> None:
    """Write these fields of many saved rows in one UPDATE … FROM (VALUES …) per chunk.
    (bulk_update builds a CASE per row and field, several times slower at this size.)"""
    fields = [model._meta.get_field(name) for name in field_names]
    quote = connection.ops.quote_name
    row_sql = "(" + ", ".join(["%s", *(f"%s::{f.db_type(connection)}" for f in fields)]) + ")"
    sets = ", ".join(f"{quote(f.column)} = v.{quote(f.column)}" for f in fields)
    names = ", ".join(quote(f.column) for f in fields)
    pk = quote(model._meta.pk.column)
    for start in range(0, len(rows), 2000):
        chunk = rows[start : start + 2000]
        params = [
            value
            for row in chunk
            for value in (row.pk, *(f.get_db_prep_value(getattr(row, f.attname), connection) for f in fields))
        ]
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {quote(model._meta.db_table)} AS t SET {sets} "  # noqa: S608 - names from the model
                f"FROM (VALUES {', '.join([row_sql] * len(chunk))}) AS v(id, {names}) WHERE t.{pk} = v.id",
                params,
            )


def _kdate(value: date) -> str:
    return f"{value.year}. {value.month}. {value.day}."
