"""A lived-in e-approval history for a demo institution: its delegation table (위임전결 규정), past
absences with proxies, and a couple of hundred documents drafted over the past months in every
state — completed (mostly 전결, some decided by a proxy: 대결, some confirmed afterwards: 후결),
returned (반려) and redrafted (재기안), withdrawn (회수), on hold (보류), still running, drafts —
with comments, approvers' edits, carbon copies, circulation (공람) and readings, and some sent to
the province or a sister institution. `manage.py seed_demo` calls `institution_seed` for every
demo institution after the work-management seed (approval.plugin).

Everything goes through approval.services with the moment of each action (`now=`), so the seeded
history obeys the same invariants as real use: the line is validated against the delegation table,
registration numbers are given by the same counter (gap-free per department and year, in the order
documents were completed), every decisive action is in the audit chain, and the people who may
see a document are exactly those real use would let see it. The actions of all documents are
replayed in time order (a heap of per-document timelines), so numbers follow completion dates.

The demo accounts get work to do today: documents wait for `staff` (as reviewer, and as proxy of
the colleague who is away today), `staff`'s own documents are running, one was returned, and
their team head has a queue.

Deterministic: choices come from ``random.Random(f"approval-2026-{code}")`` and moments are placed
relative to `now`. Idempotent: an institution that already has documents is left as it is.
"""

from __future__ import annotations

import heapq
import io
import random
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from time import perf_counter

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from openpyxl import Workbook

from approval import demo_data as data
from approval.lines import ApprovalLine, LineStep, approval_line_suggest
from approval.models import (
    GENERAL_KIND,
    DelegationRule,
    Document,
    DocumentStatus,
    Importance,
    StepKind,
    StepState,
)
from approval.services import (
    REJECT_TO_DRAFTER,
    circulation_mark_read,
    document_approve,
    document_attach,
    document_circulate,
    document_comment,
    document_draft,
    document_edit,
    document_hold,
    document_post_approve,
    document_redraft,
    document_reject,
    document_resume,
    document_submit,
    document_update_draft,
    document_withdraw,
)
from approval.tasks import pdf_renders_in_backlog
from approval.turn import stand_in_now
from audit.services import audit_record
from notifications.models import Notification
from notifications.services import mail_suppressed
from org.demo import ADMIN_USERNAME, SEED_ACTOR, STAFF_USERNAME
from org.models import Absence, Department, EmploymentStatus, Position, User
from org.services import absence_create
from tasks.models import Disclosure, UnitTask
from tenants.models import Institution, InstitutionKind

# How many documents (first rounds) an institution drafted over how many past days.
DOCUMENTS = 200
HISTORY_DAYS = 150
# Shares of what became of a document once it had had time to run its course.
FATES = (
    ("complete", 0.76),
    ("reject_redraft", 0.07),
    ("reject", 0.04),
    ("withdraw_redraft", 0.03),
    ("withdraw", 0.02),
    ("hold", 0.03),
    ("draft", 0.05),
)
OUTGOING_SHARE = 0.08  # sent to the province or a sister institution (시행문)
REVIEW_BY_SENIOR = 0.25  # a senior member of the team reviews first
CONCURRENCE = 0.2  # another team's head concurs (협조)
CARBON_COPY = 0.12
CIRCULATE = 0.2
ATTACH = 0.15
REMARK = 0.3
EDIT_BY_REVIEWER = 0.05
# Past absences of approvers (출장, 교육, 연가) during which their proxy decided.
ABSENT_HEAD_SHARE = 0.5
# A document put on hold this recently is still on hold today.
HELD_STILL_DAYS = 10
# Notifications older than this were read by the time of seeding.
NOTIFICATIONS_READ_AFTER_DAYS = 3


@dataclass(frozen=True)
class ApprovalSeedResult:
    created: bool
    counts: dict[str, int]
    seconds: float
    note: str = ""


def institution_seed(*, institution, now: datetime) -> ApprovalSeedResult:
    """Seed the current schema's e-approval history (once)."""
    started = perf_counter()
    with transaction.atomic():
        if Document.objects.exists():
            return ApprovalSeedResult(False, {}, perf_counter() - started, "already has documents")
        org = _read_org()
        if org is None:
            return ApprovalSeedResult(False, {}, perf_counter() - started, "no demo organisation or unit tasks")
        rng = random.Random(f"approval-2026-{institution.code}")  # noqa: S311 - demo data, not security
        seeder = _Seeder(institution, org, rng, now)
        # Months of history: the notifications are kept, not mailed, and the PDFs render from the
        # backlog queue, behind whatever people complete meanwhile.
        with mail_suppressed(), pdf_renders_in_backlog():
            counts = seeder.run()
        audit_record(action="demo.seed", actor_label=SEED_ACTOR, data={"app": "approval", **counts})
    return ApprovalSeedResult(True, counts, perf_counter() - started)


# --- The organisation as the org and tasks seeds left it -------------------------------------------


@dataclass
class _Org:
    teams: list[Department]  # departments with members and unit tasks to file under
    members: dict[int, list[User]]  # active non-head members, most senior first
    heads: dict[int, User]  # department id -> its active head
    parent: dict[int, int | None]
    tasks: dict[int, list[UnitTask]]  # department id -> its active unit tasks
    staff: User
    admin: User | None
    head_position: Position  # the institution head's (rank 1)
    unit_position: Position | None  # the heads of the second level (본부장, 실장 …)
    team_position: Position | None  # the heads of teams (팀장)


def _active(user: User) -> bool:
    return user.is_active and user.employment_status == EmploymentStatus.ACTIVE


def _read_org() -> _Org | None:
    departments = list(Department.objects.filter(is_active=True).select_related("head__position"))
    users = list(User.objects.select_related("position", "department").order_by("employee_number", "username"))
    staff = next((u for u in users if u.username == STAFF_USERNAME), None)
    roots = [d for d in departments if d.parent_id is None]
    if staff is None or len(roots) != 1 or roots[0].head is None:
        return None
    heads = {d.pk: d.head for d in departments if d.head is not None and _active(d.head)}
    head_ids = {u.pk for u in heads.values()}
    members: dict[int, list[User]] = defaultdict(list)
    for user in users:
        if user.department_id and user.pk not in head_ids and _active(user):
            members[user.department_id].append(user)
    for people in members.values():
        people.sort(key=lambda u: (u.position.rank if u.position else 99, u.employee_number or "", u.username))
    tasks: dict[int, list[UnitTask]] = defaultdict(list)
    for task in UnitTask.objects.filter(is_active=True).order_by("code"):
        tasks[task.department_id].append(task)
    teams = sorted((d for d in departments if members[d.pk] and tasks[d.pk]), key=lambda d: d.code)
    if not teams:
        return None
    root = roots[0]
    second = [d for d in departments if d.parent_id == root.pk and d.pk in heads]
    third = [d for d in departments if d.parent_id in {s.pk for s in second} and d.pk in heads]
    return _Org(
        teams=teams,
        members=members,
        heads=heads,
        parent={d.pk: d.parent_id for d in departments},
        tasks=tasks,
        staff=staff,
        admin=next((u for u in users if u.username == ADMIN_USERNAME), None),
        head_position=root.head.position,
        unit_position=heads[second[0].pk].position if second else None,
        team_position=heads[third[0].pk].position if third else None,
    )


# --- The seeder ------------------------------------------------------------------------------------


@dataclass
class _Paper:
    """One document's plan: who drafts what, when, along which line, and what becomes of it."""

    drafter: User
    drafted_at: datetime
    title: str
    body: str
    unit_task: UnitTask
    amount: int | None
    importance: str
    line: ApprovalLine
    fate: str
    reject_step: int = 0  # the line position (0-based) that returns it
    hold_step: int = 0
    stop_at: User | None = None  # leave it waiting when it reaches this person
    recipients: list[dict] = field(default_factory=list)
    disclosure: str = Disclosure.PUBLIC
    disclosure_ground: str = ""
    attach: bool = False


class _Seeder:
    def __init__(self, institution, org: _Org, rng: random.Random, now: datetime) -> None:
        self.institution = institution
        self.org = org
        self.rng = rng
        self.now = now
        self.tz = timezone.get_current_timezone()
        self.counts: dict[str, int] = defaultdict(int)
        self.drafted_at: dict[int, datetime] = {}  # document id -> when its draft was begun
        self.serial = 0

    # -- time --

    def office(self, moment: datetime) -> datetime:
        """The moment moved into office hours (weekdays 9:00–18:00), forward."""
        local = timezone.localtime(moment, self.tz)
        if local.hour >= 18:
            local = datetime.combine(local.date() + timedelta(days=1), time(9, self.rng.randint(0, 50)), self.tz)
        elif local.hour < 9:
            local = datetime.combine(local.date(), time(9, self.rng.randint(0, 50)), self.tz)
        while local.weekday() >= 5:
            local = datetime.combine(local.date() + timedelta(days=1), time(9, self.rng.randint(0, 50)), self.tz)
        return local

    def working_days_ago(self, days: int, hour: int = 10) -> datetime:
        """`hour` o'clock of the weekday `days` working days before now's date."""
        day = timezone.localtime(self.now, self.tz).date()
        while days:
            day -= timedelta(days=1)
            days -= day.weekday() < 5
        return datetime.combine(day, time(hour), self.tz)

    def later(self, moment: datetime, low_minutes: int, high_minutes: int) -> datetime:
        return self.office(moment + timedelta(minutes=self.rng.randint(low_minutes, high_minutes)))

    # -- people --

    def head_over(self, department_id: int) -> User | None:
        """The head of the department above (본부장 over a team)."""
        parent = self.org.parent.get(department_id)
        return self.org.heads.get(parent) if parent else None

    # -- the plan --

    def run(self) -> dict[str, int]:
        self.delegation_table()
        self.past_absences()
        self.team_head_away_today()
        lives = [self.life(paper) for paper in self.papers()]
        self.replay(lives)
        self.backdate()
        return dict(self.counts)

    def delegation_table(self) -> None:
        if DelegationRule.objects.filter(kind=GENERAL_KIND).exists():
            return
        team = self.org.team_position or self.org.unit_position or self.org.head_position
        unit = self.org.unit_position or self.org.head_position
        rows = [
            ("일반 사항(경미한 보고·계획)", None, None, "", team, False),
            ("중요 사항(대외 협약·예산 전용 등)", None, None, Importance.IMPORTANT, unit, True),
            ("300만원 미만 집행", None, 3_000_000, "", team, False),
            ("300만원 이상 3천만원 미만 집행", 3_000_000, 30_000_000, "", unit, False),
            ("3천만원 이상 집행", 30_000_000, None, "", self.org.head_position, True),
        ]
        DelegationRule.objects.bulk_create(
            DelegationRule(
                kind=GENERAL_KIND,
                label=label,
                min_amount=low,
                max_amount=high,
                importance=importance,
                deciding_position=position,
                post_approval_required=post,
            )
            for label, low, high, importance, position, post in rows
        )
        self.counts["delegation_rules"] = len(rows)

    def past_absences(self) -> None:
        """Heads away on past days (출장, 교육, 연가) with a proxy deciding for them: the most senior
        member of their own department, or for a unit head the head of one of its teams."""
        first = self.now - timedelta(days=HISTORY_DAYS)
        last = self.now - timedelta(days=8)  # clear of org's seed, which places absences around today
        children: dict[int, list[int]] = defaultdict(list)
        for pk, parent in self.org.parent.items():
            if parent:
                children[parent].append(pk)
        for department_id, head in sorted(self.org.heads.items()):
            if self.org.parent.get(department_id) is None or self.rng.random() > ABSENT_HEAD_SHARE:
                continue
            proxies = (
                list(self.org.members.get(department_id, ())[:1])
                or [self.org.heads[c] for c in sorted(children[department_id]) if c in self.org.heads][:1]
            )
            if not proxies:
                continue
            for _ in range(self.rng.choice((1, 2, 3))):
                start = self.office(first + timedelta(days=self.rng.randint(0, (last - first).days - 4)))
                start = start.replace(hour=9, minute=0)
                end = (start + timedelta(days=self.rng.choice((0, 1, 2)))).replace(hour=18, minute=0)
                reason = self.rng.choice((Absence.Reason.TRIP, Absence.Reason.TRAINING, Absence.Reason.LEAVE))
                try:
                    absence_create(user=head, proxy=proxies[0], starts_at=start, ends_at=end, reason=reason)
                except ValidationError:
                    continue  # overlaps another absence of either: leave this one out
                self.counts["past_absences"] += 1

    def team_head_away_today(self) -> None:
        """`staff`'s team head is on a course today and tomorrow; the most senior colleague of the
        team (not `staff`) decides for them meanwhile, so a document `staff` drafts now passes one
        step by a proxy (대결), and the team head's queue shows in the proxy's 결재대기함."""
        staff = self.org.staff
        head = self.org.heads.get(staff.department_id)
        seniors = [u for u in self.org.members[staff.department_id] if u.pk != staff.pk]
        if head is None or not seniors:
            return
        start = min(self.working_days_ago(0, hour=8), self.now - timedelta(hours=1))
        end = datetime.combine(timezone.localtime(self.now, self.tz).date() + timedelta(days=1), time(18), self.tz)
        for proxy in seniors:  # the first colleague not away themselves (org's seed places some)
            try:
                absence_create(
                    user=head,
                    proxy=proxy,
                    starts_at=start,
                    ends_at=end,
                    reason=Absence.Reason.TRAINING,
                    note="직무교육",
                )
            except ValidationError:
                continue
            break
        else:
            return
        self.counts["absent_today"] = 1

    def papers(self) -> Iterator[_Paper]:
        staff = self.org.staff
        weights = [len(self.org.members[t.pk]) + (6 if t.pk == staff.department_id else 0) for t in self.org.teams]
        start = self.now - timedelta(days=HISTORY_DAYS)
        moments = sorted(
            self.office(start + timedelta(minutes=self.rng.randint(0, HISTORY_DAYS * 24 * 60)))
            for _ in range(DOCUMENTS)
        )
        for moment in moments:
            if moment >= self.now:
                continue
            team = self.rng.choices(self.org.teams, weights)[0]
            drafter = self.rng.choice(self.org.members[team.pk])
            paper = self.paper(drafter, moment, self.pick_fate(moment))
            if paper is not None:
                yield paper
        yield from self.showcase()

    def pick_fate(self, moment: datetime) -> str:
        fates, shares = zip(*FATES, strict=True)
        fate = self.rng.choices(fates, shares)[0]
        if fate in ("draft", "hold") and self.now - moment > timedelta(days=20):
            return "complete"  # old drafts and holds would have been dealt with by now
        return fate

    def paper(self, drafter: User, moment: datetime, fate: str, *, outgoing: bool | None = None) -> _Paper | None:
        self.serial += 1
        local = timezone.localtime(moment, self.tz)
        team = drafter.department
        if outgoing is None:
            outgoing = self.rng.random() < OUTGOING_SHARE
        recipients = self.recipients() if outgoing else []
        if recipients:
            template, lead = self.rng.choice(data.OUTGOING_PAPERS)
            amounts, important = None, False
        else:
            template, lead, amounts, important = self.rng.choice(data.GENERAL_PAPERS)
        title = template.format(year=local.year, month=local.month, team=team.name, serial=self.serial)
        items = self.rng.sample(data.BODY_ITEMS, 3)
        body = f"<p>{lead}</p><ol>" + "".join(f"<li>{item}</li>" for item in items) + "</ol>"
        amount = self.rng.choice(amounts) if amounts else None
        importance = Importance.IMPORTANT if important and self.rng.random() < 0.6 else Importance.NORMAL
        line = self.line(drafter, amount, importance)
        if line is None:
            return None
        disclosure, ground = Disclosure.PUBLIC, ""
        roll = self.rng.random()
        if roll < 0.1:
            disclosure, ground = Disclosure.PARTIAL, self.rng.choice(("5", "6"))
        elif roll < 0.13:
            disclosure, ground = Disclosure.PRIVATE, "6"
        return _Paper(
            drafter=drafter,
            drafted_at=moment,
            title=title,
            body=body,
            unit_task=self.rng.choice(self.org.tasks[team.pk]),
            amount=amount,
            importance=importance,
            line=line,
            fate=fate,
            reject_step=self.rng.randrange(len(line.steps)),
            hold_step=self.rng.randrange(len(line.steps)),
            recipients=recipients,
            disclosure=disclosure,
            disclosure_ground=ground,
            attach=self.rng.random() < ATTACH,
        )

    def recipients(self) -> list[dict]:
        """The province's planning office, or a sister institution already set up."""
        others = list(Institution.objects.filter(is_active=True).exclude(code=self.institution.code).order_by("code"))
        if not others:
            return []
        province = [i for i in others if i.kind == InstitutionKind.PROVINCE]
        target = province[0] if province and self.rng.random() < 0.6 else self.rng.choice(others)
        name = f"{target.name}지사(기획조정실장)" if target.kind == InstitutionKind.PROVINCE else f"{target.name}장"
        return [{"institution_code": target.code, "name": name, "via": ""}]

    def line(self, drafter: User, amount: int | None, importance: str) -> ApprovalLine | None:
        """The suggested line, sometimes with a senior colleague's review first, another team's
        head concurring before the decision, and a colleague in copy."""
        suggested = approval_line_suggest(drafter, GENERAL_KIND, amount=amount, importance=importance)
        if not suggested.steps:
            return None
        steps = list(suggested.steps)
        on_line = {s.approver.pk for s in steps} | {drafter.pk}
        colleagues = [u for u in self.org.members[drafter.department_id] if u.pk not in on_line]
        senior = [u for u in colleagues if u.position and drafter.position and u.position.rank < drafter.position.rank]
        if senior and self.rng.random() < REVIEW_BY_SENIOR:
            steps.insert(0, LineStep(kind=StepKind.REVIEW, approver=senior[0]))
            on_line.add(senior[0].pk)
        if len(steps) > 1 and self.rng.random() < CONCURRENCE:
            others = [
                head
                for pk, head in sorted(self.org.heads.items())
                if pk != drafter.department_id and head.pk not in on_line and self.org.parent.get(pk) is not None
            ]
            if others:
                concurring = self.rng.choice(others)
                steps.insert(len(steps) - 1, LineStep(kind=StepKind.CONCURRENCE, approver=concurring))
                on_line.add(concurring.pk)
        cc = ()
        rest = [u for u in colleagues if u.pk not in on_line]
        if rest and self.rng.random() < CARBON_COPY:
            cc = (self.rng.choice(rest),)
        return ApprovalLine(steps=tuple(steps), cc=cc)

    def showcase(self) -> Iterator[_Paper]:
        """Today's work for the demo accounts: documents waiting for `staff` (as reviewer, and as
        proxy of the colleague away today) and for their team head; `staff`'s own running ones."""
        staff = self.org.staff
        team_id = staff.department_id
        team_head = self.org.heads.get(team_id)
        recent = self.working_days_ago(1)
        juniors = [
            u
            for u in self.org.members[team_id]
            if u.pk != staff.pk and u.position and staff.position and u.position.rank > staff.position.rank
        ]
        absent_colleague = (
            Absence.objects.filter(proxy=staff, starts_at__lte=self.now, ends_at__gt=self.now)
            .select_related("user__position", "user__department")
            .first()
        )
        for index, junior in enumerate(juniors[:3]):
            paper = self.paper(junior, recent + timedelta(minutes=40 * index), "complete", outgoing=False)
            if paper is not None:
                steps = (LineStep(kind=StepKind.REVIEW, approver=staff), *paper.line.steps)
                paper.line = ApprovalLine(steps=steps)
                paper.stop_at = staff
                yield paper
        away = absent_colleague.user if absent_colleague else None
        if away is not None and away.department_id:
            drafters = [u for u in self.org.members[away.department_id] if u.pk not in (away.pk, staff.pk)]
            for index, drafter in enumerate(drafters[:2]):
                paper = self.paper(drafter, recent + timedelta(minutes=25 * index), "complete", outgoing=False)
                if paper is not None and not any(s.approver.pk == away.pk for s in paper.line.steps):
                    paper.line = ApprovalLine(steps=(LineStep(kind=StepKind.REVIEW, approver=away), *paper.line.steps))
                    paper.stop_at = staff  # the proxy's turn: 대결 today
                    yield paper
        if team_head is not None:
            for index in range(3):
                paper = self.paper(staff, recent + timedelta(minutes=55 * index), "complete")
                if paper is not None and paper.line.steps[0].approver.pk == team_head.pk:
                    paper.stop_at = team_head
                    yield paper
            held = self.paper(staff, self.working_days_ago(4), "hold")
            if held is not None and held.line.steps[0].approver.pk == team_head.pk:
                held.hold_step = 0
                yield held
            returned = self.paper(staff, self.working_days_ago(6), "reject")
            if returned is not None:
                returned.reject_step = len(returned.line.steps) - 1
                yield returned

    # -- replay --

    def replay(self, lives: list[Iterator[datetime]]) -> None:
        """Run every document's timeline, one action at a time in the order of their moments."""
        heap: list[tuple[datetime, int, Iterator[datetime]]] = []
        for order, life in enumerate(lives):
            moment = next(life, None)
            if moment is not None:
                heap.append((moment, order, life))
        heapq.heapify(heap)
        while heap:
            _moment, order, life = heapq.heappop(heap)
            moment = next(life, None)
            if moment is not None:
                heapq.heappush(heap, (moment, order, life))

    def life(self, paper: _Paper) -> Iterator[datetime]:
        """A document's timeline. Each `yield moment` waits for that moment; the action after it
        happens then. A moment past `now` ends the timeline: the document stays where it is."""
        drafter = paper.drafter
        yield paper.drafted_at
        document = document_draft(
            actor=drafter,
            title=paper.title,
            body=paper.body,
            unit_task=paper.unit_task,
            decision_amount=paper.amount,
            importance=paper.importance,
            disclosure=paper.disclosure,
            disclosure_ground=paper.disclosure_ground,
            is_internal=not paper.recipients,
            recipients=paper.recipients,
            line=paper.line,
        )
        self.drafted_at[document.pk] = paper.drafted_at
        if paper.attach:
            document_attach(document=document, actor=drafter, files=[self.spreadsheet(paper)])
            self.counts["attachments"] += 1
        if paper.fate == "draft":
            self.counts["drafts"] += 1
            return
        moment = self.later(paper.drafted_at, 20, 180)
        if moment >= self.now:
            self.counts["drafts"] += 1
            return
        yield moment
        document = document_submit(document=document, actor=drafter, now=moment)
        if paper.fate.startswith("withdraw"):
            moment = self.later(moment, 20, 120)
            if moment >= self.now:
                return
            yield moment
            document = document_withdraw(
                document=document, actor=drafter, reason=self.rng.choice(data.WITHDRAW_REASONS), now=moment
            )
            self.counts["withdrawn"] += 1
            if paper.fate == "withdraw":
                return
            document, moment = yield from self.redraft(document, paper, moment)
            if document is None:
                return
            paper.fate = "complete"
        yield from self.walk(document, paper, moment)

    def redraft(self, document: Document, paper: _Paper, moment: datetime):
        """The drafter starts the next round and submits it; returns it and the moment of its
        submission, or (None, moment) when that is still to come."""
        moment = self.later(moment, 120, 60 * 24 * 2)
        if moment >= self.now:
            return None, moment
        yield moment
        redrafted = document_redraft(document=document, actor=paper.drafter, now=moment)
        self.drafted_at[redrafted.pk] = moment
        document_update_draft(
            document=redrafted,
            actor=paper.drafter,
            body=redrafted.body + "<p>※ 검토 의견을 반영하여 보완하였습니다.</p>",
        )
        moment = self.later(moment, 30, 240)
        if moment >= self.now:
            self.counts["drafts"] += 1
            return None, moment
        yield moment
        self.counts["redrafted"] += 1
        return document_submit(document=redrafted, actor=paper.drafter, now=moment), moment

    def walk(self, document: Document, paper: _Paper, moment: datetime):
        """Along the line, step by step, until completion, 반려, 보류 or `now`."""
        while True:
            step = document.steps.filter(state=StepState.PENDING).select_related("approver").order_by("order").first()
            if step is None:
                break
            if paper.stop_at is not None and step.approver_id in self.waiting_for(paper.stop_at, moment):
                self.counts["waiting_for_demo_accounts"] += 1
                return
            moment = self.later(moment, 30, 60 * 26)
            if moment >= self.now:
                return
            yield moment
            actor = stand_in_now(document, step, moment) or step.approver
            position = step.order - 1
            if paper.fate.startswith("reject") and position == paper.reject_step:
                document = document_reject(
                    document=document,
                    actor=actor,
                    reason=self.rng.choice(data.REJECT_REASONS),
                    to=REJECT_TO_DRAFTER,
                    now=moment,
                )
                self.counts["rejected"] += 1
                if paper.fate == "reject":
                    return
                document, moment = yield from self.redraft(document, paper, moment)
                if document is None:
                    return
                paper.fate = "complete"
                continue
            if paper.fate == "hold" and position == paper.hold_step:
                document = document_hold(
                    document=document, actor=actor, reason=self.rng.choice(data.HOLD_REASONS), now=moment
                )
                self.counts["on_hold"] += 1
                moment = self.later(moment, 60 * 24, 60 * 24 * 6)
                if moment >= self.now or self.now - paper.drafted_at < timedelta(days=HELD_STILL_DAYS):
                    return  # still on hold today
                yield moment
                document = document_resume(document=document, actor=actor, now=moment)
                paper.fate = "complete"
            if step.kind == StepKind.REVIEW and self.rng.random() < EDIT_BY_REVIEWER:
                document_edit(
                    document=document,
                    actor=actor,
                    title=document.title,
                    body=document.body.replace("</ol>", "<li>세부 추진 일정은 별도 보고</li></ol>", 1),
                    note=self.rng.choice(data.EDIT_NOTES),
                    now=moment,
                )
                document.refresh_from_db()
                self.counts["edits"] += 1
            remark = self.rng.choice(data.APPROVER_REMARKS) if self.rng.random() < REMARK else ""
            document = document_approve(document=document, actor=actor, comment=remark, now=moment)
            if actor.pk != step.approver_id:
                self.counts["proxy_decisions"] += 1
        if document.status == DocumentStatus.COMPLETED:
            self.counts["completed"] += 1
            yield from self.after_completion(document, paper, moment)

    def waiting_for(self, user: User, moment: datetime) -> set[int]:
        """The approvers whose step is `user`'s to decide at `moment`: their own, and those they
        stand in for."""
        ids = {user.pk}
        standing_in = Absence.objects.filter(proxy=user, starts_at__lte=moment, ends_at__gt=moment)
        ids.update(standing_in.values_list("user_id", flat=True))
        return ids

    def after_completion(self, document: Document, paper: _Paper, moment: datetime):
        if document.steps.filter(kind=StepKind.APPROVAL, delegated=True).exists():
            self.counts["delegated"] += 1  # 전결: decided below the institution head
        for step in document.steps.filter(post_approval_required=True, proxy_for__isnull=False):
            absence = (
                Absence.objects.filter(user_id=step.proxy_for_id, starts_at__lte=step.acted_at)
                .order_by("-starts_at")
                .first()
            )
            back = self.later(max(absence.ends_at if absence else moment, moment), 15 * 60, 30 * 60)
            if back < self.now:
                yield back
                document_post_approve(document=document, actor=step.proxy_for, step=step, now=back)
                self.counts["post_approved"] += 1
        colleagues = [u for u in self.org.members[document.department_id] if u.pk != paper.drafter.pk]
        if colleagues and self.rng.random() < CIRCULATE:
            circulated_at = self.later(moment, 10, 240)
            if circulated_at >= self.now:
                return
            yield circulated_at
            chosen = self.rng.sample(colleagues, min(len(colleagues), self.rng.choice(data.CIRCULATION_SIZES)))
            document_circulate(document=document, actor=paper.drafter, users=chosen, now=circulated_at)
            self.counts["circulated"] += 1
            for reader in chosen:
                read_at = self.later(circulated_at, 20, 60 * 48)
                if read_at < self.now and self.rng.random() < 0.8:
                    circulation_mark_read(document=document, user=reader, now=read_at)
        elif self.rng.random() < 0.15:
            comment_at = self.later(moment, 10, 600)
            if comment_at < self.now:
                yield comment_at
                document_comment(document=document, actor=paper.drafter, body="시행 완료하였습니다.", now=comment_at)

    # -- files and dates --

    def spreadsheet(self, paper: _Paper) -> SimpleUploadedFile:
        """붙임: a small 산출내역 workbook, different for every document."""
        book = Workbook()
        sheet = book.active
        sheet.title = "산출내역"
        sheet.append(["항목", "금액(원)"])
        sheet.append([paper.title, paper.amount or 0])
        buffer = io.BytesIO()
        book.save(buffer)
        return SimpleUploadedFile(
            "산출내역.xlsx",
            buffer.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )

    def backdate(self) -> None:
        """Put the moments Django stamps on insert (created_at, updated_at) back to when the
        drafts were begun, so lists sort as the history happened."""
        documents = list(Document.objects.filter(pk__in=self.drafted_at).only("pk", "submitted_at", "closed_at"))
        for document in documents:
            document.created_at = self.drafted_at[document.pk]
            document.updated_at = document.closed_at or document.submitted_at or document.created_at
        Document.objects.bulk_update(documents, ["created_at", "updated_at"], batch_size=500)
        self.counts["documents"] = len(documents)
        # People have read what reached them before the last few days; today's are still new.
        old = Notification.objects.filter(created_at__lt=self.now - timedelta(days=NOTIFICATIONS_READ_AFTER_DAYS))
        self.counts["notifications"] = Notification.objects.count()
        old.update(read_at=F("created_at") + timedelta(hours=2))
