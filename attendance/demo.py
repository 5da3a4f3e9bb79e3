"""Attendance for a demo institution: the delegation rows for leave, the 연차 grants of the year
(the grant job's own service), a year of clock records for every active staff member up to
yesterday (one INSERT … SELECT: realistic lateness, a few early leaves, no record on days of
leave or trips, weekends or holidays), and leave driven through the real services: summer and
year-end leave for a few people, decided by their heads; the `staff` account has an approved
summer leave and a request waiting for their team head. 시간외근무 history in the busy months
(결산 in February–March, 예산 in November–December) is written in bulk (one INSERT … SELECT,
approved, with the clock-outs moved to match), and a few trips of the last weeks go through the
real services (request, approval that commits the 여비 on the department's 국내여비 line, 정산
that executes it) where the budget has a line; the `staff` account has one settled 관외 trip.

Deterministic (``random.Random(f"attendance-{code}")`` and hashes of ids and dates in SQL) and
idempotent: an institution that already has clock records is left as it is.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from time import perf_counter
from typing import Any

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from approval.models import ApprovalStep, DelegationRule, Document, StepState
from approval.services import document_approve
from attendance.calendar import working_days
from attendance.kinds import CORRECTION_KIND, FLEXIBLE_KIND, LEAVE_CANCEL_KIND, LEAVE_KIND, OVERTIME_KIND, TRIP_KIND
from attendance.models import ClockRecord, DepartmentConfirmation, LeaveType, MonthClose, TripRegion, TripScope
from attendance.plugin import ATTENDANCE_OFFICER
from attendance.services import leave_grant_due, leave_request_submit
from attendance.trips import trip_settle, trip_submit
from audit.services import audit_record
from notifications.services import mail_suppressed
from org.demo import ADMIN_USERNAME, SEED_ACTOR, STAFF_USERNAME
from org.models import Department, EmploymentStatus, User

LEAVE_PEOPLE = 4  # besides `staff`: people with a summer and a year-end leave (each request costs ~0.2 s)


@dataclass(frozen=True)
class AttendanceSeedResult:
    created: bool
    counts: dict[str, int]
    seconds: float
    note: str = ""


# Clock-in at 08:20–08:57 most days; about 1 day in 25 late (09:01–09:20). Clock-out 18:00–19:29,
# about 1 day in 50 early (17:30). `h` is a deterministic hash of the person and the day.
_CLOCK_SQL = """
WITH days AS (SELECT unnest(%(days)s::date[]) AS day),
people AS (
    SELECT id FROM org_user WHERE is_active AND employment_status = 'active' AND hire_date <= %(first)s
),
grid AS (
    SELECT p.id AS person_id, d.day, abs(hashtext(p.id::text || d.day::text)) AS h
    FROM people p CROSS JOIN days d
    WHERE NOT EXISTS (
        SELECT 1 FROM attendance_leaverequest l
        WHERE l.applicant_id = p.id AND l.status = 'approved' AND l.portion = 'full'
          AND d.day BETWEEN l.start_date AND l.end_date
    )
    AND NOT EXISTS (
        SELECT 1 FROM attendance_trip t
        WHERE t.person_id = p.id AND t.status IN ('approved', 'settled')
          AND d.day BETWEEN t.start_date AND t.end_date
    )
)
INSERT INTO attendance_clockrecord (person_id, day, kind, at, source, ip_address)
SELECT person_id, day, 'in',
       (day + CASE WHEN h %% 25 = 0 THEN time '09:01' + (h %% 20) * interval '1 minute'
                   ELSE time '08:20' + (h %% 38) * interval '1 minute' END) AT TIME ZONE %(tz)s,
       'demo', NULL::inet
FROM grid
UNION ALL
SELECT person_id, day, 'out',
       (day + CASE WHEN h %% 50 = 7 THEN time '17:30'
                   ELSE time '18:00' + ((h / 7) %% 90) * interval '1 minute' END) AT TIME ZONE %(tz)s,
       'demo', NULL::inet
FROM grid
ON CONFLICT DO NOTHING
"""


# 시간외근무 on about one busy working day in five per person: 18:00 to 19:00–21:00, approved.
_OVERTIME_SQL = """
WITH days AS (SELECT unnest(%(days)s::date[]) AS day),
people AS (
    SELECT id FROM org_user WHERE is_active AND employment_status = 'active' AND hire_date <= %(first)s
),
grid AS (
    SELECT p.id AS person_id, d.day, abs(hashtext('ot' || p.id::text || d.day::text)) AS h
    FROM people p CROSS JOIN days d
    WHERE NOT EXISTS (
        SELECT 1 FROM attendance_leaverequest l
        WHERE l.applicant_id = p.id AND l.status = 'approved' AND d.day BETWEEN l.start_date AND l.end_date
    )
    AND NOT EXISTS (
        SELECT 1 FROM attendance_trip t
        WHERE t.person_id = p.id AND t.status IN ('approved', 'settled') AND d.day BETWEEN t.start_date AND t.end_date
    )
)
INSERT INTO attendance_overtime
    (person_id, day, starts_at, ends_at, reason, over_cap, over_cap_reason, status, document_id, created_at, updated_at)
SELECT person_id, day,
       (day + time '18:00') AT TIME ZONE %(tz)s,
       (day + time '18:00' + (1 + h %% 3) * interval '1 hour') AT TIME ZONE %(tz)s,
       CASE WHEN extract(month FROM day) <= 6 THEN '결산 업무' ELSE '예산 편성 업무' END,
       false, '', 'approved', NULL,
       (day + time '14:00') AT TIME ZONE %(tz)s, (day + time '15:00') AT TIME ZONE %(tz)s
FROM grid
WHERE h %% 5 = 0
"""

# The clock-out of an overtime day: around the approved end (a few leave up to 20 minutes early,
# so the paid hours are sometimes the clocked ones).
_OVERTIME_OUT_SQL = """
UPDATE attendance_clockrecord c
SET at = o.ends_at + ((abs(hashtext(o.id::text)) %% %(spread)s) - %(early)s) * interval '1 minute'
FROM attendance_overtime o
WHERE c.person_id = o.person_id AND c.day = o.day AND c.kind = 'out' AND o.status = 'approved'
"""

BUSY_MONTHS = (2, 3, 11, 12)
TRIP_PEOPLE = 4  # besides `staff`: people with a recent trip (each trip costs ~0.3 s)


def institution_seed(*, institution: Any, now: datetime) -> AttendanceSeedResult:
    """Seed the current schema's attendance (once)."""
    started = perf_counter()
    today = timezone.localdate(now)
    with transaction.atomic():
        if ClockRecord.objects.exists():
            return AttendanceSeedResult(False, {}, perf_counter() - started, "already has clock records")
        staff = User.objects.filter(username=STAFF_USERNAME).select_related("department").first()
        heads = [
            d.head
            for d in Department.objects.filter(is_active=True, head__isnull=False).select_related("head__position")
        ]
        positions = [h.position for h in heads if h is not None and h.position is not None]
        if staff is None or staff.department_id is None or not positions:
            return AttendanceSeedResult(False, {}, perf_counter() - started, "no demo organisation")
        counts: dict[str, int] = {}
        team_position = max(positions, key=lambda p: p.rank)  # the least senior head decides leave
        for kind in (LEAVE_KIND, LEAVE_CANCEL_KIND, CORRECTION_KIND, FLEXIBLE_KIND, OVERTIME_KIND, TRIP_KIND):
            DelegationRule.objects.get_or_create(kind=kind, label="휴가", defaults={"deciding_position": team_position})
        grants = leave_grant_due(day=today)
        counts["grants"] = grants.granted
        rng = random.Random(f"attendance-{institution.code}")  # noqa: S311 - demo data
        with mail_suppressed():
            counts["leave"] = _leave(rng, staff, today, now)
        with mail_suppressed():
            counts["trips"] = _trips(rng, staff, today, now)
        first = date(today.year, 1, 1)
        days = list(working_days(first, today - timedelta(days=1)).days) if today > first else []
        busy = [day for day in days if day.month in BUSY_MONTHS]
        tz = str(timezone.get_current_timezone())
        with connection.cursor() as cursor:
            cursor.execute(_OVERTIME_SQL, {"days": busy, "first": first, "tz": tz})
            counts["overtime"] = cursor.rowcount
            cursor.execute(_CLOCK_SQL, {"days": days, "first": first, "tz": tz})
            counts["clock_records"] = cursor.rowcount
            cursor.execute(_OVERTIME_OUT_SQL, {"spread": 40, "early": 20})
        counts["closed_months"] = _close_past_months(today, now)
        # The README's walk-through: the `admin` account is also the demo's 인사 담당.
        admin = User.objects.filter(username=ADMIN_USERNAME).first()
        if admin is not None:
            admin.groups.add(Group.objects.get(name=ATTENDANCE_OFFICER))
        audit_record(action="demo.seed", actor_label=SEED_ACTOR, data={"app": "attendance", **counts})
    return AttendanceSeedResult(True, counts, perf_counter() - started)


def _close_past_months(today: date, now: datetime) -> int:
    """The months of this year before the current one, confirmed by each staffed department's
    head and closed by the institution admin (월 복무 마감), as an institution that closes on time
    would have them: payroll pays a month's 시간외 from the closed month before. Written in bulk
    (history, like the clock records); each is dated the 3rd of the month after, at 10:00."""
    closer = User.objects.filter(username=ADMIN_USERNAME).first()
    if closer is None:
        return 0
    months = list(range(1, today.month))
    heads = dict(
        Department.objects.filter(is_active=True, head__isnull=False, members__is_active=True)
        .values_list("pk", "head_id")
        .distinct()
    )
    DepartmentConfirmation.objects.bulk_create(
        DepartmentConfirmation(year=today.year, month=month, department_id=department, confirmed_by_id=head)
        for month in months
        for department, head in heads.items()
    )
    MonthClose.objects.bulk_create(MonthClose(year=today.year, month=month, closed_by=closer) for month in months)
    for month in months:
        at = datetime(today.year, month + 1, 3, 10, 0, tzinfo=timezone.get_current_timezone())
        at = min(at, now)
        DepartmentConfirmation.objects.filter(year=today.year, month=month).update(confirmed_at=at)
        MonthClose.objects.filter(year=today.year, month=month).update(closed_at=at)
    return len(months)


def _approver(person: User) -> User | None:
    """The first active head up the person's department chain who is not the person."""
    department = person.department
    while department is not None:
        head = department.head
        if head is not None and head.pk != person.pk and head.is_active:
            return head
        department = department.parent
    return None


def _leave(rng: random.Random, staff: User, today: date, now: datetime) -> int:
    annual = LeaveType.objects.get(code="annual")
    people = list(
        User.objects.filter(is_active=True, employment_status=EmploymentStatus.ACTIVE, department__isnull=False)
        .exclude(pk=staff.pk)
        .select_related("department__head", "department__parent__head")
        .order_by("pk")
    )
    chosen = rng.sample(people, min(LEAVE_PEOPLE, len(people)))
    plans: list[tuple[User, date, int, bool]] = []
    for person in [staff, *chosen]:
        summer = date(today.year, 7, 20) + timedelta(days=rng.randrange(0, 28))
        plans.append((person, summer, rng.choice((1, 2, 3)), True))
        winter = date(today.year, 12, 21) + timedelta(days=rng.randrange(0, 6))
        plans.append((person, winter, 1, winter < today))
    # Moments: after the institution's last registered document, in order, never after `now`
    # (registration numbers follow completion times), as budget's seeder does.
    last = Document.objects.aggregate(last=Max("registered_at"))["last"]
    moment = min(max(now - timedelta(days=3), (last or now - timedelta(days=3)) + timedelta(seconds=1)), now)
    tick = (now - moment) / (2 * len(plans) + 3)
    made = 0
    for person, start, length, approve in plans:
        end = start + timedelta(days=length - 1)
        if working_days(start, end, person=person).count == 0:
            continue
        approver = _approver(person)
        if approver is None:
            continue
        try:
            with transaction.atomic():
                moment += tick
                leave = leave_request_submit(
                    actor=person, leave_type=annual, start_date=start, end_date=end, reason="개인 휴가", now=moment
                )
                if approve and leave.document is not None:
                    moment += tick
                    document_approve(document=leave.document, actor=approver, now=moment)
        except ValidationError:
            continue  # no unit task to file under, or no balance yet: the person goes without
        made += 1
    if staff.pk and _approver(staff) is not None:
        upcoming = today + timedelta(days=7)
        while upcoming.weekday() >= 5:
            upcoming += timedelta(days=1)
        try:
            with transaction.atomic():
                leave_request_submit(
                    actor=staff,
                    leave_type=annual,
                    start_date=upcoming,
                    end_date=upcoming,
                    reason="병원 진료",
                    now=moment + tick,
                )
            made += 1
        except ValidationError:
            pass
    return made


def _trips(rng: random.Random, staff: User, today: date, now: datetime) -> int:
    """A few trips of the last weeks through the real services, each approved by the traveller's
    head (the 여비 committed on their department's 국내여비 line) and, once over, settled: the
    정산 지출결의 approved down its line (the actual amount executed, the rest released). People
    whose departments have no such line go without."""
    people = list(
        User.objects.filter(is_active=True, employment_status=EmploymentStatus.ACTIVE, department__isnull=False)
        .exclude(pk=staff.pk)
        .select_related("department__head", "department__parent__head")
        .order_by("pk")
    )
    chosen = [staff, *rng.sample(people, min(TRIP_PEOPLE, len(people)))]
    last = Document.objects.aggregate(last=Max("registered_at"))["last"]
    moment = min(max(now - timedelta(days=2), (last or now - timedelta(days=2)) + timedelta(seconds=1)), now)
    tick = (now - moment) / (3 * len(chosen) + 3)
    places = [
        ("서울 세종로", TripRegion.SEOUL, "KTX", 119_600, "도 예산 협의"),
        ("대구 중구", TripRegion.METRO, "고속버스", 38_400, "유관기관 업무 협의"),
        ("세종시 정부청사", TripRegion.OTHER, "KTX", 96_200, "부처 사업 설명회"),
    ]
    made = 0
    for n, person in enumerate(chosen):
        approver = _approver(person)
        if approver is None:
            continue
        place, region, transport, fare, purpose = places[n % len(places)]
        start = today - timedelta(days=7 + 5 * n)
        while start.weekday() >= 4:  # leave on a Monday–Thursday, back the next day
            start -= timedelta(days=1)
        end = start + timedelta(days=1)
        try:
            with transaction.atomic():
                moment += tick
                trip = trip_submit(
                    actor=person,
                    scope=TripScope.OUTSIDE,
                    purpose=purpose,
                    place=place,
                    region=region,
                    start_date=start,
                    end_date=end,
                    transport=transport,
                    fare_amount=fare,
                    now=moment,
                )
                if trip.document is None:
                    continue
                moment += tick
                document_approve(document=trip.document, actor=approver, now=moment)
                trip.refresh_from_db()
                lodging = rng.choice((55_000, 62_000, 70_000))
                trip = trip_settle(
                    actor=person,
                    trip=trip,
                    actual_lodging_amount=min(lodging, trip.lodging_amount),
                    actual_fare_amount=fare - rng.choice((0, 2_400, 4_800)),
                    payee_bank_code="011",
                    payee_account_number=f"302-{person.pk:04d}-{n:04d}-11",
                    note="영수증 첨부",
                    today=today,
                    now=moment + tick / 2,
                )
                # The 정산 지출결의 decided down its line (budget executes and releases).
                document = trip.expenditure.document if trip.expenditure is not None else None
                while document is not None and (
                    step := ApprovalStep.objects.filter(document=document, state=StepState.PENDING)
                    .select_related("approver")
                    .order_by("order")
                    .first()
                ):
                    moment += tick / (2 * len(chosen))
                    document_approve(document=document, actor=step.approver, now=moment)
                    document.refresh_from_db()
        except ValidationError:
            continue  # no 국내여비 line, no unit task, or no balance: the person goes without
        made += 1
    return made
