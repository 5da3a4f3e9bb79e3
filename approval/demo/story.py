"""What happened in a demo institution's e-approval over the past months, planned action by
action on an approval.demo.history.History.

Every document has a timeline (a generator: each `yield moment` waits for that moment, and the
action after it happens then); all timelines are run together in the order of their moments, so
registration numbers follow completion times across the institution. A moment past `now` ends a
timeline: the document stays where it is. Whoever acts is chosen at the moment they act, by
approval.turn's rule: the approver of the step, or while they are away whoever stands in for them
then (대결: their designated proxy, or a head up their chain when that proxy drafted the document)
— never the drafter of the document.

Most documents are drawn at random (who drafts what, when, along which line, and what becomes of
it). A fixed set of exhibits makes sure every state and every kind of action is there whatever the
moment of seeding (`exhibits`), and the demo accounts get today's work (`showcase`).
"""

from __future__ import annotations

import heapq
import io
import random
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import Workbook

from approval import demo_data as data
from approval.demo.history import Doc, History, Upload
from approval.lines import (
    ApprovalLine,
    LineStep,
    approval_line_suggest,
    approval_line_validate,
    delegation_rule_for,
)
from approval.models import GENERAL_KIND, ApprovalStep, DelegationRule, DocumentStatus, Importance, StepKind
from core.uploads import check_upload
from org.demo import ADMIN_USERNAME, STAFF_USERNAME
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
# The exhibits run their course this many working days ago, clear of org's absences (around today).
EXHIBITS_FROM = 45


# --- The organisation as the org and tasks seeds left it -------------------------------------------


@dataclass
class Org:
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
    institution_head: User
    people: dict[int, User]  # everyone by id, with position and department


def _active(user: User) -> bool:
    return user.is_active and user.employment_status == EmploymentStatus.ACTIVE


def read_org() -> Org | None:
    departments = list(Department.objects.filter(is_active=True))
    users = list(User.objects.select_related("position", "department").order_by("employee_number", "username"))
    people = {u.pk: u for u in users}
    staff = next((u for u in users if u.username == STAFF_USERNAME), None)
    roots = [d for d in departments if d.parent_id is None]
    if staff is None or len(roots) != 1 or roots[0].head_id not in people:
        return None
    heads = {d.pk: people[d.head_id] for d in departments if d.head_id in people and _active(people[d.head_id])}
    head_ids = {u.pk for u in heads.values()}
    members: dict[int, list[User]] = defaultdict(list)
    for user in users:
        if user.department_id and user.pk not in head_ids and _active(user):
            members[user.department_id].append(user)
    for group in members.values():
        group.sort(key=lambda u: (u.position.rank if u.position else 99, u.employee_number or "", u.username))
    tasks: dict[int, list[UnitTask]] = defaultdict(list)
    for task in UnitTask.objects.filter(is_active=True).order_by("code"):
        tasks[task.department_id].append(task)
    teams = sorted((d for d in departments if members[d.pk] and tasks[d.pk]), key=lambda d: d.code)
    if not teams:
        return None
    root = roots[0]
    second = [d for d in departments if d.parent_id == root.pk and d.pk in heads]
    third = [d for d in departments if d.parent_id in {s.pk for s in second} and d.pk in heads]
    return Org(
        teams=teams,
        members=members,
        heads=heads,
        parent={d.pk: d.parent_id for d in departments},
        tasks=tasks,
        staff=staff,
        admin=next((u for u in users if u.username == ADMIN_USERNAME), None),
        head_position=people[root.head_id].position,
        unit_position=heads[second[0].pk].position if second else None,
        team_position=heads[third[0].pk].position if third else None,
        institution_head=people[root.head_id],
        people=people,
    )


# --- The plan --------------------------------------------------------------------------------------


def _paper(words: str) -> int:
    """The index of the GENERAL_PAPERS entry whose title has these words."""
    return next(i for i, paper in enumerate(data.GENERAL_PAPERS) if words in paper[0])


@dataclass
class Paper:
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
    # Exhibits: what must happen to this one (an approver's edit at this step; 공람 read by all).
    edit_step: int | None = None
    circulate_and_read: bool = False


class Story:
    def __init__(self, institution, org: Org, rng: random.Random, now: datetime, *, documents: int) -> None:
        self.institution = institution
        self.org = org
        self.rng = rng
        self.now = now
        self.documents = documents
        self.tz = timezone.get_current_timezone()
        self.counts: dict[str, int] = defaultdict(int)
        self.serial = 0
        self.history: History  # once the absences are written (run)
        self.rules: dict[tuple[int | None, str], DelegationRule | None] = {}
        self.suggested: dict[tuple[int, int | None], tuple[LineStep, ...]] = {}

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

    def working_day(self, days_ago: int) -> date:
        """The weekday `days_ago` working days before now's date (0: today, whatever day it is)."""
        day = timezone.localtime(self.now, self.tz).date()
        while days_ago:
            day -= timedelta(days=1)
            days_ago -= day.weekday() < 5
        return day

    def working_days_ago(self, days: int, hour: int = 10) -> datetime:
        """`hour` o'clock of the weekday `days` working days before now's date."""
        return datetime.combine(self.working_day(days), time(hour), self.tz)

    def later(self, moment: datetime, low_minutes: int, high_minutes: int) -> datetime:
        return self.office(moment + timedelta(minutes=self.rng.randint(low_minutes, high_minutes)))

    # -- people --

    def decider(self, doc: Doc, step: ApprovalStep, moment: datetime) -> User:
        """Who decides the pending `step` at `moment`: while its approver is away, the stand-in
        approval.turn names (대결: their designated proxy, or a head up their chain when the proxy
        drafted the document); otherwise, or when nobody eligible is present, the approver."""
        return self.history.stand_in(doc, step, moment) or step.approver

    def waiting_for(self, doc: Doc, moment: datetime) -> set[int]:
        """The people who may decide one of the document's pending steps at `moment` (approval.turn:
        the approvers and their stand-ins), i.e. whose 결재대기함 shows it."""
        return {user.pk for user in self.history.waiting_people(doc, moment)}

    # -- the run --

    def run(self) -> History:
        self.delegation_table()
        exhibit = self.exhibit_absence()
        self.past_absences()
        self.team_head_away_today()
        self.history = History(
            absences=list(Absence.objects.all()), people=self.org.people, institution_head=self.org.institution_head
        )
        papers = [*self.exhibits(exhibit), *self.papers(), *self.showcase()]
        self.replay([self.life(paper) for paper in papers])
        return self.history

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

    # -- absences (org's service: each checked against the others, each audited) --

    def absence(self, user: User, proxies: list[User], start: datetime, end: datetime, reason: str, note: str = ""):
        """The first of `proxies` free to stand in (org's rules), or None if none is."""
        for proxy in proxies:
            try:
                return absence_create(user=user, proxy=proxy, starts_at=start, ends_at=end, reason=reason, note=note)
            except ValidationError:
                continue  # overlaps another absence of either
        return None

    def exhibit_absence(self) -> tuple[int, Absence] | None:
        """A unit head (본부장) away for a few days, long ago, with the head of one of the unit's
        teams standing in: the exhibit of 대결 with 후결 is decided then, drafted in another team
        of the unit. Returns that team and the absence."""
        found = self.exhibit_unit()
        if found is None:
            return None
        unit, (drafting_team, *standing_in) = found
        start = self.working_days_ago(EXHIBITS_FROM, hour=9)
        end = datetime.combine(self.working_day(EXHIBITS_FROM - 4), time(18), self.tz)
        proxies = [self.org.heads[t] for t in standing_in]
        absence = self.absence(self.org.heads[unit], proxies, start, end, Absence.Reason.TRIP, "해외 협력기관 방문")
        if absence is None:
            return None
        self.counts["past_absences"] += 1
        return drafting_team, absence

    def past_absences(self) -> None:
        """Heads away on past days (출장, 교육, 연가) with a proxy deciding for them: the most senior
        member of their own department, or for a unit head the head of one of its teams."""
        first = self.now - timedelta(days=HISTORY_DAYS)
        last = self.now - timedelta(days=8)  # clear of org's seed, which places absences around today
        for department_id, head in sorted(self.org.heads.items()):
            if self.org.parent.get(department_id) is None or self.rng.random() > ABSENT_HEAD_SHARE:
                continue
            proxies = (
                list(self.org.members.get(department_id, ())[:1])
                or [self.org.heads[c] for c in self.child_teams(department_id)][:1]
            )
            if not proxies:
                continue
            for _ in range(self.rng.choice((1, 2, 3))):
                start = self.office(first + timedelta(days=self.rng.randint(0, (last - first).days - 4)))
                start = start.replace(hour=9, minute=0)
                end = (start + timedelta(days=self.rng.choice((0, 1, 2)))).replace(hour=18, minute=0)
                reason = self.rng.choice((Absence.Reason.TRIP, Absence.Reason.TRAINING, Absence.Reason.LEAVE))
                if self.absence(head, proxies, start, end, reason) is not None:
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
        if self.absence(head, seniors, start, end, Absence.Reason.TRAINING, "직무교육") is not None:
            self.counts["absent_today"] = 1

    def child_teams(self, department_id: int) -> list[int]:
        """The departments right under this one that have an active head, in id order."""
        return sorted(pk for pk, parent in self.org.parent.items() if parent == department_id and pk in self.org.heads)

    def exhibit_unit(self) -> tuple[int, list[int]] | None:
        """A unit (본부) whose head decides 중요 사항, with at least two headed teams that have
        members and unit tasks, none of them `staff`'s; and those teams."""
        deciding = self.org.unit_position or self.org.head_position
        for department_id, head in sorted(self.org.heads.items()):
            if self.org.parent.get(department_id) is None or head.position.rank > deciding.rank:
                continue
            teams = [t for t in self.child_teams(department_id) if self.org.members[t] and self.org.tasks[t]]
            if len(teams) >= 2 and self.org.staff.department_id not in teams:
                return department_id, teams
        return None

    # -- documents --

    def papers(self) -> Iterator[Paper]:
        staff = self.org.staff
        weights = [len(self.org.members[t.pk]) + (6 if t.pk == staff.department_id else 0) for t in self.org.teams]
        start = self.now - timedelta(days=HISTORY_DAYS)
        moments = sorted(
            self.office(start + timedelta(minutes=self.rng.randint(0, HISTORY_DAYS * 24 * 60)))
            for _ in range(self.documents)
        )
        for moment in moments:
            if moment >= self.now:
                continue
            team = self.rng.choices(self.org.teams, weights)[0]
            drafter = self.rng.choice(self.org.members[team.pk])
            paper = self.paper(drafter, moment, self.pick_fate(moment))
            if paper is not None:
                yield paper

    def pick_fate(self, moment: datetime) -> str:
        fates, shares = zip(*FATES, strict=True)
        fate = self.rng.choices(fates, shares)[0]
        if fate in ("draft", "hold") and self.now - moment > timedelta(days=20):
            return "complete"  # old drafts and holds would have been dealt with by now
        return fate

    def paper(
        self,
        drafter: User,
        moment: datetime,
        fate: str,
        *,
        outgoing: bool | None = None,
        plain: bool = False,
        general: int | None = None,
        amount: int | None = None,
        importance: str | None = None,
    ) -> Paper | None:
        """A document of `drafter`'s drafted at `moment`. Exhibits and the showcase ask for a
        `plain` line (the suggested one, nobody added), `general`: that paper of GENERAL_PAPERS,
        and the amount and importance it decides by."""
        self.serial += 1
        local = timezone.localtime(moment, self.tz)
        team = drafter.department
        if outgoing is None:
            outgoing = self.rng.random() < OUTGOING_SHARE
        recipients = self.recipients() if outgoing else []
        if recipients:
            template, lead = self.rng.choice(data.OUTGOING_PAPERS)
            amounts, important = None, False
        elif general is not None:
            template, lead, amounts, important = data.GENERAL_PAPERS[general]
        else:
            template, lead, amounts, important = self.rng.choice(data.GENERAL_PAPERS)
        title = template.format(year=local.year, month=local.month, team=team.name, serial=self.serial)
        items = self.rng.sample(data.BODY_ITEMS, 3)
        body = f"<p>{lead}</p><ol>" + "".join(f"<li>{item}</li>" for item in items) + "</ol>"
        drawn = self.rng.choice(amounts) if amounts else None
        amount = drawn if amount is None else amount
        drawn_importance = Importance.IMPORTANT if important and self.rng.random() < 0.6 else Importance.NORMAL
        importance = drawn_importance if importance is None else importance
        line = self.plain_line(drafter, amount, importance) if plain else self.line(drafter, amount, importance)
        if line is None:
            return None
        disclosure, ground = Disclosure.PUBLIC, ""
        roll = self.rng.random()
        if roll < 0.1:
            disclosure, ground = Disclosure.PARTIAL, self.rng.choice(("5", "6"))
        elif roll < 0.13:
            disclosure, ground = Disclosure.PRIVATE, "6"
        return Paper(
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
        """The province's planning office, or a sister institution registered before this one:
        `seed_demo` seeds several institutions at once while it still provisions the later ones,
        and only the earlier ones are there whatever the timing (as when it seeded one after the
        other), so the same seed gives the same history."""
        if not hasattr(self, "_others"):
            self._others = list(Institution.objects.filter(is_active=True, pk__lt=self.institution.pk).order_by("code"))
        if not self._others:
            return []
        province = [i for i in self._others if i.kind == InstitutionKind.PROVINCE]
        target = province[0] if province and self.rng.random() < 0.6 else self.rng.choice(self._others)
        name = f"{target.name}지사(기획조정실장)" if target.kind == InstitutionKind.PROVINCE else f"{target.name}장"
        return [{"institution_code": target.code, "name": name, "via": ""}]

    def rule(self, amount: int | None, importance: str) -> DelegationRule | None:
        """The delegation row a document decides under (approval.lines.delegation_rule_for)."""
        if (amount, importance) not in self.rules:
            self.rules[(amount, importance)] = delegation_rule_for(GENERAL_KIND, amount, importance)
        return self.rules[(amount, importance)]

    def plain_line(self, drafter: User, amount: int | None, importance: str) -> ApprovalLine | None:
        """approval_line_suggest's line, or None when the engine would refuse it (a vacant head).
        It depends only on the drafter's department and on the delegation row (drafters here are
        never heads), so it is asked and checked (approval_line_validate) once per both; the
        reviewers, concurrence and copies `line` adds leave the decision where it was."""
        rule = self.rule(amount, importance)
        key = (drafter.department_id, rule.pk if rule else None)
        if key not in self.suggested:
            line = approval_line_suggest(drafter, GENERAL_KIND, amount=amount, importance=importance)
            steps = tuple(replace(s, approver=self.org.people[s.approver.pk]) for s in line.steps)
            try:
                approval_line_validate(
                    drafter=drafter, kind=GENERAL_KIND, line=line, amount=amount, importance=importance
                )
            except ValidationError:
                steps = ()
            self.suggested[key] = steps
        steps = self.suggested[key]
        return ApprovalLine(steps=steps) if steps else None

    def line(self, drafter: User, amount: int | None, importance: str) -> ApprovalLine | None:
        """The suggested line, sometimes with a senior colleague's review first, another team's
        head concurring before the decision, and a colleague in copy."""
        suggested = self.plain_line(drafter, amount, importance)
        if suggested is None:
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

    def exhibits(self, exhibit: tuple[int, Absence] | None) -> Iterator[Paper]:
        """Documents that show every state and every kind of action whatever the moment of
        seeding: they run their course weeks ago, along plain lines, with their fate fixed."""
        org = self.org
        teams = [t for t in org.teams if t.pk != org.staff.department_id and t.pk in org.heads] or org.teams
        team = teams[0]
        drafter = org.members[team.pk][-1]
        day = EXHIBITS_FROM + 12

        def at(days_ago: int, hour: int = 10) -> datetime:
            return self.working_days_ago(days_ago, hour)

        # 전결 with an approver's edit on the way, then 공람 read by the team.
        edited = self.paper(
            drafter, at(day), "complete", outgoing=False, plain=True, general=_paper("사무용품"), amount=3_500_000
        )
        if edited is not None:
            senior = next((u for u in org.members[team.pk] if u.pk != drafter.pk), None)
            if senior is not None:
                edited.line = replace(edited.line, steps=(LineStep(StepKind.REVIEW, senior), *edited.line.steps))
            edited.edit_step, edited.circulate_and_read = 0, True
            yield edited
        # The institution head's own decision (3천만원 이상), and a document sent to the province.
        head_decides = self.paper(
            drafter,
            at(day - 1),
            "complete",
            outgoing=False,
            plain=True,
            general=_paper("시설물 보수공사"),
            amount=52_000_000,
            importance=Importance.NORMAL,
        )
        sent = self.paper(drafter, at(day - 1, 14), "complete", outgoing=True, plain=True)
        yield from (p for p in (head_decides, sent) if p is not None)
        # Returned and redrafted (재기안) to completion; withdrawn and redrafted; withdrawn for good.
        for offset, fate in ((2, "reject_redraft"), (3, "withdraw_redraft"), (4, "withdraw")):
            paper = self.paper(drafter, at(day - offset), fate, outgoing=False, plain=True)
            if paper is not None:
                paper.reject_step = 0
                yield paper
        # 대결 by a team head standing in for their 본부장, confirmed afterwards (후결): a 중요 사항,
        # which the 본부장 decides and the delegation table wants confirmed.
        if exhibit is not None:
            drafting_team, absence = exhibit
            important = self.paper(
                org.members[drafting_team][-1],
                absence.starts_at + timedelta(hours=1),
                "complete",
                outgoing=False,
                plain=True,
                general=_paper("관계기관 업무협약"),
                importance=Importance.IMPORTANT,
            )
            if important is not None and important.line.final_approver.pk == absence.user_id:
                yield important
            # Held (보류) at the 본부장's step by whoever stood in that day, taken up again days
            # later by whoever decides it then (issue 9: never by the one chosen when it was held).
            held = self.paper(
                org.members[drafting_team][0],
                absence.starts_at + timedelta(hours=2),
                "hold",
                outgoing=False,
                plain=True,
                general=_paper("사무용품"),
                amount=3_500_000,
            )
            if held is not None and held.line.final_approver.pk == absence.user_id:
                held.hold_step = len(held.line.steps) - 1
                yield held
        # A draft not yet submitted (the document on hold is `staff`'s, in the showcase).
        draft = self.paper(drafter, at(1, 15), "draft", outgoing=False, plain=True)
        if draft is not None:
            yield draft

    def showcase(self) -> Iterator[Paper]:
        """Today's work for the demo accounts: documents waiting for `staff` (as reviewer, and as
        proxy of the colleague away today) and for their team head; `staff`'s own running ones,
        one held by their team head and one returned."""
        staff = self.org.staff
        team_id = staff.department_id
        team_head = self.org.heads.get(team_id)
        recent = self.working_days_ago(1)
        juniors = [
            u
            for u in self.org.members[team_id]
            if u.pk != staff.pk and u.position and staff.position and u.position.rank > staff.position.rank
        ]
        for index, junior in enumerate(juniors[:3]):
            paper = self.paper(junior, recent + timedelta(minutes=40 * index), "complete", outgoing=False, plain=True)
            if paper is not None:
                paper.line = ApprovalLine(steps=(LineStep(kind=StepKind.REVIEW, approver=staff), *paper.line.steps))
                paper.stop_at = staff
                yield paper
        away = next(
            (
                self.org.people[a.user_id]
                for absences in self.history.absences.values()
                for a in absences
                if a.proxy_id == staff.pk and a.starts_at <= self.now < a.ends_at
            ),
            None,
        )
        if away is not None and away.department_id:
            drafters = [u for u in self.org.members[away.department_id] if u.pk not in (away.pk, staff.pk)]
            for index, drafter in enumerate(drafters[:2]):
                paper = self.paper(
                    drafter, recent + timedelta(minutes=25 * index), "complete", outgoing=False, plain=True
                )
                if paper is not None and not any(s.approver.pk == away.pk for s in paper.line.steps):
                    paper.line = ApprovalLine(steps=(LineStep(kind=StepKind.REVIEW, approver=away), *paper.line.steps))
                    paper.stop_at = staff  # the proxy's turn: 대결 today
                    yield paper
        if team_head is None:
            return
        for index in range(3):
            paper = self.paper(staff, recent + timedelta(minutes=55 * index), "complete", plain=True)
            if paper is not None and paper.line.steps[0].approver.pk == team_head.pk:
                paper.stop_at = team_head
                yield paper
        held = self.paper(staff, self.working_days_ago(4), "hold", outgoing=False, plain=True)
        if held is not None and held.line.steps[0].approver.pk == team_head.pk:
            held.hold_step = 0
            yield held
        returned = self.paper(staff, self.working_days_ago(6), "reject", outgoing=False, plain=True)
        if returned is not None:
            returned.reject_step = 0
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

    def life(self, paper: Paper) -> Iterator[datetime]:
        """A document's timeline. Each `yield moment` waits for that moment; the action after it
        happens then. A moment past `now` ends the timeline: the document stays where it is."""
        history, drafter = self.history, paper.drafter
        yield paper.drafted_at
        doc = history.draft(
            actor=drafter,
            at=paper.drafted_at,
            title=paper.title,
            body=paper.body,
            unit_task=paper.unit_task,
            amount=paper.amount,
            importance=paper.importance,
            disclosure=paper.disclosure,
            disclosure_ground=paper.disclosure_ground,
            recipients=paper.recipients,
            line=paper.line,
        )
        if paper.attach:
            upload = self.spreadsheet(paper)
            history.attach(doc=doc, actor=drafter, at=paper.drafted_at, upload=upload, checked=self.checked(upload))
            self.counts["attachments"] += 1
        if paper.fate == "draft":
            self.counts["drafts"] += 1
            return
        moment = self.later(paper.drafted_at, 20, 180)
        if moment >= self.now:
            self.counts["drafts"] += 1
            return
        yield moment
        self.submit(doc, moment)
        if paper.fate.startswith("withdraw"):
            moment = self.later(moment, 20, 120)
            if moment >= self.now:
                return
            yield moment
            history.withdraw(doc=doc, actor=drafter, at=moment, reason=self.rng.choice(data.WITHDRAW_REASONS))
            self.counts["withdrawn"] += 1
            if paper.fate == "withdraw":
                return
            doc, moment = yield from self.redraft(doc, paper, moment)
            if doc is None:
                return
            paper.fate = "complete"
        yield from self.walk(doc, paper, moment)

    def submit(self, doc: Doc, moment: datetime) -> None:
        row = doc.row
        self.history.submit(doc=doc, actor=row.drafter, at=moment, rule=self.rule(row.decision_amount, row.importance))

    def redraft(self, doc: Doc, paper: Paper, moment: datetime):
        """The drafter starts the next round and submits it; returns it and the moment of its
        submission, or (None, moment) when that is still to come."""
        moment = self.later(moment, 120, 60 * 24 * 2)
        if moment >= self.now:
            return None, moment
        yield moment
        redrafted = self.history.redraft(doc=doc, actor=paper.drafter, at=moment)
        body = redrafted.row.body + "<p>※ 검토 의견을 반영하여 보완하였습니다.</p>"
        self.history.update_draft_body(doc=redrafted, actor=paper.drafter, at=moment, body=body)
        moment = self.later(moment, 30, 240)
        if moment >= self.now:
            self.counts["drafts"] += 1
            return None, moment
        yield moment
        self.counts["redrafted"] += 1
        self.submit(redrafted, moment)
        return redrafted, moment

    def walk(self, doc: Doc, paper: Paper, moment: datetime):
        """Along the line, step by step, until completion, 반려, 보류 or `now`."""
        history = self.history
        while True:
            pending = doc.pending()
            if not pending:
                break
            step = pending[0]
            if paper.stop_at is not None and paper.stop_at.pk in self.waiting_for(doc, moment):
                self.counts["waiting_for_demo_accounts"] += 1
                return
            moment = self.later(moment, 30, 60 * 26)
            if moment >= self.now:
                return
            yield moment
            actor = self.decider(doc, step, moment)
            position = step.order - 1
            if paper.fate.startswith("reject") and position == paper.reject_step:
                history.reject(doc=doc, actor=actor, at=moment, reason=self.rng.choice(data.REJECT_REASONS))
                self.counts["rejected"] += 1
                if paper.fate == "reject":
                    return
                doc, moment = yield from self.redraft(doc, paper, moment)
                if doc is None:
                    return
                paper.fate = "complete"
                continue
            if paper.fate == "hold" and position == paper.hold_step:
                history.hold(doc=doc, actor=actor, at=moment, reason=self.rng.choice(data.HOLD_REASONS))
                self.counts["on_hold"] += 1
                moment = self.later(moment, 60 * 24, 60 * 24 * 6)
                if moment >= self.now or self.now - paper.drafted_at < timedelta(days=HELD_STILL_DAYS):
                    return  # still on hold today
                yield moment
                actor = self.decider(doc, step, moment)  # days later: whoever decides now
                history.resume(doc=doc, actor=actor, at=moment)
                paper.fate = "complete"
            edit = position == paper.edit_step if paper.edit_step is not None else self.rng.random() < EDIT_BY_REVIEWER
            if step.kind == StepKind.REVIEW and edit:
                body = doc.row.body.replace("</ol>", "<li>세부 추진 일정은 별도 보고</li></ol>", 1)
                history.edit(doc=doc, actor=actor, at=moment, body=body, note=self.rng.choice(data.EDIT_NOTES))
                self.counts["edits"] += 1
            remark = self.rng.choice(data.APPROVER_REMARKS) if self.rng.random() < REMARK else ""
            history.approve(doc=doc, actor=actor, at=moment, comment=remark)
            if actor.pk != step.approver_id:
                self.counts["proxy_decisions"] += 1
        if doc.row.status == DocumentStatus.COMPLETED:
            self.counts["completed"] += 1
            yield from self.after_completion(doc, paper, moment)

    def after_completion(self, doc: Doc, paper: Paper, moment: datetime):
        history = self.history
        if any(s.kind == StepKind.APPROVAL and s.delegated for s in doc.steps):
            self.counts["delegated"] += 1  # 전결: decided below the institution head
        for step in [s for s in doc.steps if s.post_approval_required and s.proxy_for is not None]:
            absence = next((a for a in history.absences[step.proxy_for.pk] if a.starts_at <= step.acted_at), None)
            back = self.later(max(absence.ends_at if absence else moment, moment), 15 * 60, 30 * 60)
            if back < self.now:
                yield back
                history.post_approve(doc=doc, step=step, at=back)
                self.counts["post_approved"] += 1
        colleagues = [u for u in self.org.members[doc.row.department_id] if u.pk != paper.drafter.pk]
        if colleagues and (paper.circulate_and_read or self.rng.random() < CIRCULATE):
            circulated_at = self.later(moment, 10, 240)
            if circulated_at >= self.now:
                return
            yield circulated_at
            chosen = self.rng.sample(colleagues, min(len(colleagues), self.rng.choice(data.CIRCULATION_SIZES)))
            history.circulate(doc=doc, actor=paper.drafter, at=circulated_at, users=chosen)
            self.counts["circulated"] += 1
            for reader in chosen:
                read_at = self.later(circulated_at, 20, 60 * 48)
                if read_at < self.now and (self.rng.random() < 0.8 or paper.circulate_and_read):
                    history.mark_read(doc=doc, user=reader, at=read_at)
        elif self.rng.random() < 0.15:
            comment_at = self.later(moment, 10, 600)
            if comment_at < self.now:
                yield comment_at
                history.comment(doc=doc, actor=paper.drafter, at=comment_at, body="시행 완료하였습니다.")

    # -- files --

    def spreadsheet(self, paper: Paper) -> Upload:
        """붙임: a small 산출내역 workbook, different for every document."""
        book = Workbook(write_only=True)
        sheet = book.create_sheet("산출내역")
        sheet.append(["항목", "금액(원)"])
        sheet.append([paper.title, paper.amount or 0])
        buffer = io.BytesIO()
        book.save(buffer)
        return Upload(
            "산출내역.xlsx",
            buffer.getvalue(),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )

    @staticmethod
    def checked(upload: Upload):
        """core.uploads.check_upload, as document_attach checks every file."""
        return check_upload(SimpleUploadedFile(upload.name, upload.content, content_type=upload.content_type))
