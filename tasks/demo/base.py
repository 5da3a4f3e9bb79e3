"""What every area of the work-management demo seed shares: the organisation as org's seed left
it, the seed's clock and its one random generator (every area draws from it in a fixed order, so
the whole seed is one deterministic draw) and the time helpers."""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from org import demo_data as org_data
from org.demo import ADMIN_USERNAME, STAFF_USERNAME
from org.models import Absence, Department, EmploymentStatus, User


@dataclass
class Org:
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


def read_org() -> Org | None:
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
    return Org(
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


class Part:
    """One area's planner (classification, cards, meetings …). Every area reads the same
    organisation, `now` and random generator, and places moments with the same helpers."""

    def __init__(self, *, code: str, org: Org, rng: random.Random, now: datetime) -> None:
        self.code = code
        self.org = org
        self.rng = rng
        self.now = now
        self.tz = timezone.get_current_timezone()
        self.today = timezone.localtime(now, self.tz).date()

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

    # -- people ----------------------------------------------------------------------------------

    def heads_of(self, departments) -> list[User]:
        return [h for d in departments if (h := self.org.heads.get(d.pk)) is not None]


def kdate(value: date) -> str:
    return f"{value.year}. {value.month}. {value.day}."
