"""The demo province (`manage.py seed_demo`): 경상북도 with its planning-office user `planner`
and 21 institutions, each with a department tree, positions, grades, staff, roles and absences.

Deterministic: each institution draws everything from ``random.Random(f"2026-{code}")`` and hire
dates count back from a fixed year; only absences are placed relative to `now` (the moment of
seeding, unless given: someone has to be away *today*). Idempotent: an institution whose `admin` user exists is left as
it is, so a second run only looks and returns.

Every institution has `admin` (기관 관리자, a real person in its 인사 team) and `staff` (a 대리 or
주임 in a regular team, who stands in today for an absent colleague, 대결), and its 감사실
people are auditors.

Passwords: ONE hash is computed from settings.DEMO_PASSWORD and given to every seeded user, so
anyone can log in as any seeded person; hashing with Argon2 per user would take minutes.

Speed: rows are written with bulk_create (department ids are drawn from the sequence first so
`path` is right on insert). Roles are linked through the m2m through model, which sends no
m2m_changed, so the audit chain gets one ``demo.seed`` event per institution rather than one
``role.grant`` per person.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from time import perf_counter

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from django_tenants.utils import get_public_schema_name, schema_context

from audit.services import audit_record
from core.bulk import reserve_ids
from org import demo_data as data
from org import roles
from org.models import Absence, Department, EmploymentStatus, Grade, Position, User
from org.services import department_path_segment, department_save
from tenants.models import Institution, InstitutionKind
from tenants.services import ensure_province, institution_create

ADMIN_USERNAME = "admin"
STAFF_USERNAME = "staff"
SEED_ACTOR = "seed_demo"

# Chance that an active person is away today / has an absence coming in the next three weeks.
_ABSENT_TODAY = 0.03
_ABSENT_LATER = 0.045
# Chance that a member (never a head) has retired / is on leave of absence (휴직).
_RETIRED = 0.02
_ON_LEAVE = 0.025
# Share of women by position group.
_WOMEN_AMONG_HEADS = 0.2
_WOMEN_AMONG_SENIORS = 0.35  # 차장, 과장
_WOMEN_AMONG_JUNIORS = 0.55


@dataclass(frozen=True)
class SeedResult:
    code: str
    name: str
    kind: str  # the kind's Korean label
    created: bool  # False: left as it was (already seeded, or holding other data)
    staff: int = 0
    departments: int = 0
    absences: int = 0
    seconds: float = 0.0
    note: str = ""


@dataclass
class _Dept:
    name: str
    code: str
    parent: int | None  # index in the plan
    depth: int
    order: int
    head_title: str
    area: str  # root, management, audit or domain
    members: int = 0
    head: int | None = None  # index of the head in the people plan
    phone: str = ""


@dataclass
class _Person:
    name: str
    romanised: str  # "minjun.kim": the username unless taken
    dept: int
    position: str
    grade: str | None
    hire_date: date
    is_head: bool
    status: str = EmploymentStatus.ACTIVE
    roles: set[str] = field(default_factory=set)
    username: str = ""
    employee_number: str = ""
    phone: str = ""

    @property
    def available(self) -> bool:
        return self.status == EmploymentStatus.ACTIVE


@dataclass(frozen=True)
class _AbsencePlan:
    user: int
    proxy: int
    starts_at: datetime
    ends_at: datetime
    reason: str
    note: str


@dataclass
class _Plan:
    depts: list[_Dept]
    people: list[_Person]
    positions: dict[str, int]  # name -> rank
    absences: list[_AbsencePlan] = field(default_factory=list)


class PasswordHash:
    """The demo password's hash, computed once and only if someone is seeded."""

    def __init__(self) -> None:
        self._value: str | None = None

    def __call__(self) -> str:
        if self._value is None:
            self._value = make_password(settings.DEMO_PASSWORD)
        return self._value


@dataclass(frozen=True)
class DemoSeedSummary:
    province: SeedResult
    institutions: list[SeedResult]


def demo_seed(
    *,
    now: datetime | None = None,
    specs: tuple[data.InstitutionSpec, ...] | None = None,
    report: Callable[[SeedResult], None] | None = None,
) -> DemoSeedSummary:
    """Seed the province and every demo institution (of `specs`, by default all) that is not
    there yet; absences are placed around `now`. `report` is called with each result (the
    province's first) as soon as it is done."""
    password_hash = PasswordHash()
    province = province_seed(password_hash=password_hash)
    if report:
        report(province)
    institutions = []
    for spec in data.INSTITUTIONS if specs is None else specs:
        result = institution_seed(spec=spec, password_hash=password_hash, now=now)
        institutions.append(result)
        if report:
            report(result)
    return DemoSeedSummary(province=province, institutions=institutions)


def province_seed(*, password_hash: Callable[[], str]) -> SeedResult:
    """The province's own row and its planning-office user `planner` (public schema)."""
    started = perf_counter()
    with schema_context(get_public_schema_name()), transaction.atomic():
        province = ensure_province(name=data.PROVINCE_NAME)
        if not province.address:
            province.address = data.PROVINCE_ADDRESS
            province.save(update_fields=["address"])
        kind = str(InstitutionKind(province.kind).label)
        # The planning office is a department of the province's own schema: documents the
        # institutions send are registered (접수) under its receipt numbers (기획조정실-1, …).
        office = Department.objects.filter(code="PLAN").first() or department_save(
            department=Department(name="기획조정실", code="PLAN", phone=data.PLANNER["phone"])
        )
        if User.objects.filter(username=data.PLANNER["username"]).exists():
            # A province seeded before the office existed: the planner joins it.
            User.objects.filter(username=data.PLANNER["username"], department__isnull=True).update(department=office)
            return SeedResult(province.code, province.name, kind, created=False, note="planner exists")
        group = _role_groups([roles.PLANNING_OFFICE])[roles.PLANNING_OFFICE]
        planner = User.objects.create(
            department=office,
            username=data.PLANNER["username"],
            name=data.PLANNER["name"],
            email=f"{data.PLANNER['username']}@{data.PROVINCE_EMAIL_HOST}",
            phone=data.PLANNER["phone"],
            password=password_hash(),
        )
        User.groups.through.objects.bulk_create([User.groups.through(user_id=planner.pk, group_id=group.pk)])
        audit_record(action="demo.seed", actor_label=SEED_ACTOR, data={"staff": 1})
    return SeedResult(province.code, province.name, kind, created=True, staff=1, seconds=perf_counter() - started)


def institution_seed(
    *, spec: data.InstitutionSpec, password_hash: Callable[[], str], now: datetime | None = None
) -> SeedResult:
    """Provision one demo institution (if missing) and fill its schema (if empty); absences are
    placed around `now` (by default the moment of seeding)."""
    started = perf_counter()
    kind = str(InstitutionKind(spec.kind).label)
    institution = institution_provision(spec=spec)
    with schema_context(institution.schema_name), transaction.atomic():
        if User.objects.filter(username=ADMIN_USERNAME).exists():
            return SeedResult(spec.code, institution.name, kind, created=False, note="already seeded")
        if User.objects.exists() or Department.objects.exists():
            return SeedResult(spec.code, institution.name, kind, created=False, note="has other data, not seeded")
        rng = random.Random(f"2026-{spec.code}")  # noqa: S311 - demo data, not security
        plan = _plan(spec, rng)
        _plan_absences(plan, rng, now or timezone.now())
        counts = _write(spec, plan, password_hash())
    return SeedResult(
        spec.code,
        institution.name,
        kind,
        created=True,
        staff=counts["staff"],
        departments=counts["departments"],
        absences=counts["absences"],
        seconds=perf_counter() - started,
    )


def institution_provision(*, spec: data.InstitutionSpec) -> Institution:
    """The demo institution's row and schema, provisioned if missing (nothing in it yet)."""
    institution = Institution.objects.filter(code=spec.code).first()
    if institution is None:
        institution = institution_create(code=spec.code, name=spec.name, kind=spec.kind).institution
    return institution


# --- Planning: pure, from the institution's random generator -------------------------------------


def _plan(spec: data.InstitutionSpec, rng: random.Random) -> _Plan:
    depts = _plan_departments(spec)
    _apportion_members(spec, depts, rng)
    people = _plan_people(spec, depts, rng)
    _assign_demo_accounts(depts, people)
    _assign_roles(depts, people)
    _number(spec, depts, people)
    positions = {spec.head_title: data.HEAD_RANK}
    positions.update({p.position: data.POSITION_RANKS[p.position] for p in people if p.position != spec.head_title})
    return _Plan(depts=depts, people=people, positions=positions)


def _head_title(name: str) -> str:
    for suffix, title in data.HEAD_TITLE_BY_SUFFIX:
        if name.endswith(suffix):
            return title
    raise ValueError(f"no head title for department {name!r}")


def _plan_departments(spec: data.InstitutionSpec) -> list[_Dept]:
    """기관 → 본부/실 → 팀. Codes are <CODE>-<n>: the head's office 100, the k-th unit (k+1)00,
    its teams (k+1)01, (k+1)02 …"""
    prefix = spec.code.upper()
    depts = [_Dept(spec.name, f"{prefix}-100", None, 0, 0, spec.head_title, "root")]
    units = (*spec.units, data.UnitSpec(data.AUDIT_UNIT))
    if len(units) > 8 or any(len(unit.teams) > 99 for unit in units):
        raise ValueError(f"{spec.code}: too many departments for the code scheme")
    for k, unit in enumerate(units, start=1):
        area = "management" if k == 1 else "audit" if unit.name == data.AUDIT_UNIT else "domain"
        base = (k + 1) * 100
        unit_index = len(depts)
        depts.append(_Dept(unit.name, f"{prefix}-{base}", 0, 1, k, _head_title(unit.name), area))
        for j, team in enumerate(unit.teams, start=1):
            depts.append(_Dept(team, f"{prefix}-{base + j}", unit_index, 2, j, _head_title(team), area))
    return depts


def _apportion_members(spec: data.InstitutionSpec, depts: list[_Dept], rng: random.Random) -> None:
    """Share the headcount left after the heads among the departments that have no children:
    the 감사실 a few, the rest by weight (management teams a little smaller), at least two each."""
    parents = {d.parent for d in depts}
    leaves = [i for i, d in enumerate(depts) if i and i not in parents]
    audit = next(i for i in leaves if depts[i].area == "audit")
    depts[audit].members = max(1, round(spec.staff / 60))
    weights = {i: (0.8 if depts[i].area == "management" else 1.0) * rng.uniform(0.75, 1.3) for i in leaves}
    del weights[audit]
    total = spec.staff - len(depts) - depts[audit].members
    weight_sum = sum(weights.values())
    ideal = {i: total * w / weight_sum for i, w in weights.items()}
    counts = {i: max(2, int(share)) for i, share in ideal.items()}
    while sum(counts.values()) < total:
        counts[max(counts, key=lambda i: ideal[i] - counts[i])] += 1
    while sum(counts.values()) > total:
        shrinkable = [i for i in counts if counts[i] > 2]
        if not shrinkable:
            raise ValueError(f"{spec.code}: {spec.staff} staff are too few for {len(depts)} departments")
        counts[max(shrinkable, key=lambda i: counts[i] - ideal[i])] -= 1
    for i, n in counts.items():
        depts[i].members = n


def _plan_people(spec: data.InstitutionSpec, depts: list[_Dept], rng: random.Random) -> list[_Person]:
    people: list[_Person] = []
    member_titles = [title for title, _share in data.MEMBER_POSITIONS]
    member_shares = [share for _title, share in data.MEMBER_POSITIONS]
    for index, dept in enumerate(depts):
        dept.head = len(people)
        people.append(_person(spec, rng, index, dept.head_title, is_head=True, is_top=dept.parent is None))
        titles = sorted(rng.choices(member_titles, member_shares, k=dept.members), key=data.POSITION_RANKS.get)
        for title in titles:
            person = _person(spec, rng, index, title, is_head=False, is_top=False)
            draw = rng.random()
            if draw < _RETIRED:
                person.status = EmploymentStatus.RETIRED
            elif draw < _RETIRED + _ON_LEAVE and title != "차장":
                person.status = EmploymentStatus.ON_LEAVE
            people.append(person)
    return people


def _person(
    spec: data.InstitutionSpec, rng: random.Random, dept: int, title: str, *, is_head: bool, is_top: bool
) -> _Person:
    low, high = data.SERVICE_YEARS["head" if is_top else title]
    years = rng.randint(low, high)
    if is_top:
        # The head is appointed from outside, in their late fifties.
        birth_year = rng.randint(1961, 1968)
        hire_date = date(data.REFERENCE_YEAR - years, rng.randint(1, 12), rng.choice((1, 15)))
        grade = None
    else:
        birth_year = data.REFERENCE_YEAR - years - rng.randint(25, 32)
        hire_date = date(max(spec.since, data.REFERENCE_YEAR - years), rng.choice(data.HIRE_MONTHS), 1)
        usual, other = data.GRADE_BY_POSITION[title]
        grade = other if rng.random() < 0.25 else usual
    if is_head:
        women = _WOMEN_AMONG_HEADS
    elif title in ("차장", "과장"):
        women = _WOMEN_AMONG_SENIORS
    else:
        women = _WOMEN_AMONG_JUNIORS
    gender = "f" if rng.random() < women else "m"
    era = "old" if birth_year < 1976 else "mid" if birth_year < 1990 else "young"
    surname, surname_roman, _share = rng.choices(data.SURNAMES, [s[2] for s in data.SURNAMES])[0]
    given = rng.choice(data.GIVEN_NAMES[(gender, era)])
    romanised = "".join(data.SYLLABLES[syllable] for syllable in given) + "." + surname_roman
    return _Person(surname + given, romanised, dept, title, grade, hire_date, is_head)


def _members(people: list[_Person], dept: int) -> list[int]:
    """Indexes of a department's available non-head members, most senior first."""
    return [i for i, p in enumerate(people) if p.dept == dept and not p.is_head and p.available]


def _assign_demo_accounts(depts: list[_Dept], people: list[_Person]) -> None:
    """`admin`: a 과장 (or the like) of the management unit's 인사 team. `staff`: a 대리/주임 of
    the largest regular team, which then has colleagues to be absent and to stand in."""
    hr = next(i for i, d in enumerate(depts) if d.area == "management" and "인사" in d.name)
    admin = _first_by_title(people, _members(people, hr), ("과장", "대리", "차장", "주임", "사원"))
    people[admin].username = ADMIN_USERNAME
    people[admin].roles.add(roles.INSTITUTION_ADMIN)

    parents = {d.parent for d in depts}
    teams = [i for i, d in enumerate(depts) if d.area == "domain" and i not in parents]
    team = max(teams, key=lambda i: len(_members(people, i)))
    colleagues = _members(people, team)
    if len(colleagues) < 3:
        raise ValueError(f"{depts[team].name}: too few people for the demo `staff` account")
    staff = _first_by_title(people, colleagues, ("대리", "주임"))
    if people[staff].position not in ("대리", "주임"):
        staff = colleagues[-1]  # the most junior member becomes 주임
        people[staff].position, people[staff].grade = "주임", "6급"
    people[staff].username = STAFF_USERNAME


def _first_by_title(people: list[_Person], candidates: list[int], titles: tuple[str, ...]) -> int:
    for title in titles:
        for i in candidates:
            if people[i].position == title:
                return i
    if not candidates:
        raise ValueError("no one available for a demo account")
    return candidates[0]


def _assign_roles(depts: list[_Dept], people: list[_Person]) -> None:
    for person in people:
        person.roles.add(roles.STAFF)
        if person.is_head:
            person.roles.add(roles.DEPARTMENT_HEAD)
        if depts[person.dept].area == "audit" and person.status != EmploymentStatus.RETIRED:
            person.roles.add(roles.AUDITOR)


def _number(spec: data.InstitutionSpec, depts: list[_Dept], people: list[_Person]) -> None:
    """Employee numbers (year of hire + serial in hiring order), usernames, office phones."""
    serials: dict[int, int] = defaultdict(int)
    taken = {ADMIN_USERNAME, STAFF_USERNAME}
    order = sorted(range(len(people)), key=lambda i: (people[i].hire_date, _rank(spec, people[i].position), i))
    for i in order:
        person = people[i]
        year = person.hire_date.year
        serials[year] += 1
        person.employee_number = f"{year}{serials[year]:03d}"
        if not person.username:
            username, n = person.romanised, 1
            while username in taken:
                n += 1
                username = f"{person.romanised}{n}"
            person.username = username
            taken.add(username)
    # Extensions follow the chart, so a department's people have neighbouring numbers.
    for extension, person in enumerate(people, start=2001):
        person.phone = f"054-{spec.exchange}-{extension}"
    for index, dept in enumerate(depts):
        first_member = next((p for p in people if p.dept == index and not p.is_head), None)
        dept.phone = f"054-{spec.exchange}-2000" if dept.parent is None else (first_member or people[dept.head]).phone


def _rank(spec: data.InstitutionSpec, title: str) -> int:
    return data.HEAD_RANK if title == spec.head_title else data.POSITION_RANKS[title]


# --- Absences: relative to now ---------------------------------------------------------------------


class _Calendar:
    """Who is away when, and who stands in when: no one's absences overlap, and a proxy is not
    away while standing in (org.services.absence_check's rules, both ways)."""

    def __init__(self) -> None:
        self.away: dict[int, list[tuple[datetime, datetime]]] = defaultdict(list)
        self.standing_in: dict[int, list[tuple[datetime, datetime]]] = defaultdict(list)

    @staticmethod
    def _clash(periods: list[tuple[datetime, datetime]], start: datetime, end: datetime) -> bool:
        return any(s < end and start < e for s, e in periods)

    def may_be_away(self, person: int, start: datetime, end: datetime) -> bool:
        return not self._clash(self.away[person], start, end) and not self._clash(self.standing_in[person], start, end)

    def may_stand_in(self, person: int, start: datetime, end: datetime) -> bool:
        return not self._clash(self.away[person], start, end)

    def book(self, person: int, proxy: int, start: datetime, end: datetime) -> None:
        self.away[person].append((start, end))
        self.standing_in[proxy].append((start, end))


def _plan_absences(plan: _Plan, rng: random.Random, now: datetime) -> None:
    """A colleague of `staff` away today with `staff` as proxy, an upcoming course for `staff`,
    and a few people away today or later across the institution."""
    people, depts = plan.people, plan.depts
    tz = timezone.get_current_timezone()
    today = timezone.localtime(now, tz).date()
    calendar = _Calendar()

    def at(day: date, hour: int) -> datetime:
        return datetime.combine(day, time(hour), tzinfo=tz)

    def away_today() -> tuple[datetime, datetime]:
        start = at(today - timedelta(days=rng.choice((0, 0, 1, 2))), 9)
        if start > now:
            start -= timedelta(days=1)
        end = at(today + timedelta(days=rng.choice((0, 1, 1, 2, 3))), 18)
        while end <= now:
            end += timedelta(days=1)
        return start, end

    def away_later(first: int = 2, last: int = 20) -> tuple[datetime, datetime]:
        day = today + timedelta(days=rng.randint(first, last))
        while day.weekday() >= 5:
            day += timedelta(days=1)
        return at(day, 9), at(day + timedelta(days=rng.choice((1, 1, 2, 3, 5)) - 1), 18)

    def reason(wanted: str | None = None) -> tuple[str, str]:
        options = [r for r in data.ABSENCE_REASONS if wanted in (None, r[0])]
        code, _share, notes = rng.choices(options, [r[1] for r in options])[0]
        return code, rng.choice(notes)

    def book(person: int, proxy: int, period: tuple[datetime, datetime], why: tuple[str, str]) -> None:
        calendar.book(person, proxy, *period)
        plan.absences.append(_AbsencePlan(person, proxy, period[0], period[1], why[0], why[1]))

    def proxy_for(person: int, period: tuple[datetime, datetime]) -> int | None:
        candidates = _proxy_candidates(depts, people, person, rng)
        return next((c for c in candidates if calendar.may_stand_in(c, *period)), None)

    staff = next(i for i, p in enumerate(people) if p.username == STAFF_USERNAME)
    colleague = next(i for i in _members(people, people[staff].dept) if i != staff)
    book(colleague, staff, away_today(), reason("trip"))
    later = away_later(7, 9)
    proxy = proxy_for(staff, later)
    if proxy is not None:
        book(staff, proxy, later, reason("training"))

    for person in range(len(people)):
        if not people[person].available:
            continue
        draw = rng.random()
        if draw < _ABSENT_TODAY:
            period = away_today()
        elif draw < _ABSENT_TODAY + _ABSENT_LATER:
            period = away_later()
        else:
            continue
        if not calendar.may_be_away(person, *period):
            continue
        proxy = proxy_for(person, period)
        if proxy is not None:
            book(person, proxy, period, reason())


def _proxy_candidates(depts: list[_Dept], people: list[_Person], person: int, rng: random.Random) -> list[int]:
    """Who may stand in, best first: for a head, the department's most senior member (or, with
    no members, the heads of the departments below); for a member, a colleague, then the head."""
    dept = people[person].dept
    if people[person].is_head:
        candidates = _members(people, dept)
        if not candidates:
            children = sorted((d.order, i) for i, d in enumerate(depts) if d.parent == dept)
            candidates = [depts[i].head for _order, i in children if depts[i].head is not None]
    else:
        candidates = [i for i in _members(people, dept) if i != person]
        rng.shuffle(candidates)
        candidates.append(depts[dept].head)
    return [i for i in candidates if i is not None and i != person and people[i].available]


# --- Writing -------------------------------------------------------------------------------------


def _role_groups(names: list[str]) -> dict[str, Group]:
    groups = {g.name: g for g in Group.objects.filter(name__in=names)}
    if len(groups) < len(names):
        roles.ensure_roles()
        groups = {g.name: g for g in Group.objects.filter(name__in=names)}
    return groups


def _write(spec: data.InstitutionSpec, plan: _Plan, password_hash: str) -> dict[str, int]:
    positions = {
        p.name: p
        for p in Position.objects.bulk_create(
            [Position(name=name, rank=rank) for name, rank in sorted(plan.positions.items(), key=lambda x: x[1])]
        )
    }
    grades = {
        g.name: g for g in Grade.objects.bulk_create([Grade(name=n, rank=r) for r, n in enumerate(data.GRADES, 1)])
    }

    departments: list[Department] = []
    for dept, pk in zip(plan.depts, reserve_ids(Department, len(plan.depts)), strict=True):
        parent = departments[dept.parent] if dept.parent is not None else None
        departments.append(
            Department(
                pk=pk,
                name=dept.name,
                code=dept.code,
                parent=parent,
                order=dept.order,
                phone=dept.phone,
                # As org.services.department_save would set them.
                path=(parent.path if parent else "") + department_path_segment(pk),
                depth=parent.depth + 1 if parent else 0,
            )
        )
    Department.objects.bulk_create(departments)

    users = User.objects.bulk_create(
        [
            User(
                username=p.username,
                name=p.name,
                email=f"{p.username}@{spec.code}.{data.EMAIL_DOMAIN}",
                phone=p.phone,
                employee_number=p.employee_number,
                department=departments[p.dept],
                position=positions[p.position],
                grade=grades[p.grade] if p.grade else None,
                hire_date=p.hire_date,
                employment_status=p.status,
                is_active=p.status != EmploymentStatus.RETIRED,
                password=password_hash,
            )
            for p in plan.people
        ]
    )

    for department, dept in zip(departments, plan.depts, strict=True):
        department.head = users[dept.head] if dept.head is not None else None
    Department.objects.bulk_update(departments, ["head"])

    groups = _role_groups(list(roles.role_set()))
    through = User.groups.through
    through.objects.bulk_create(
        [
            through(user_id=user.pk, group_id=groups[role].pk)
            for user, person in zip(users, plan.people, strict=True)
            for role in sorted(person.roles)
        ]
    )

    Absence.objects.bulk_create(
        [
            Absence(
                user=users[a.user],
                proxy=users[a.proxy],
                starts_at=a.starts_at,
                ends_at=a.ends_at,
                reason=a.reason,
                note=a.note,
                created_by=users[a.user],
            )
            for a in plan.absences
        ]
    )

    counts = {
        "departments": len(departments),
        "staff": len(users),
        "active": sum(p.status == EmploymentStatus.ACTIVE for p in plan.people),
        "on_leave": sum(p.status == EmploymentStatus.ON_LEAVE for p in plan.people),
        "retired": sum(p.status == EmploymentStatus.RETIRED for p in plan.people),
        "absences": len(plan.absences),
    }
    audit_record(action="demo.seed", actor_label=SEED_ACTOR, data=counts)
    return counts
