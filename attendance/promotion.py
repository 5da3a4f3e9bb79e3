"""연차 사용촉진 (근로기준법 §61) for the 연차 that expires at the end of a year (12. 31.; the
회계연도 basis most institutions use):

1. within 10 days from 6 months before expiry (7. 1.–7. 10. for 12. 31.), HR gives every staff
   member with unused days a written notice of them and asks for a plan (`promotion_notices_issue`);
2. the staff member hands in their plan within 10 days of the notice (`promotion_plan_submit`);
3. for those without a plan, HR designates the dates and notifies them no later than 2 months
   before expiry (by 10. 31.) (`promotion_designations_issue`).

On the 입사일 basis (an institution's `entitlement_basis`), each person's 연차 expires the day
before their next hire anniversary, so each has their own windows: the notices and designations
due on a day are for whoever's window holds it (`promotion_notices_issue_by_hire_date`,
`promotion_designations_issue_by_hire_date`; the designation also needs 10 days after the
person's own notice). The nightly job (attendance.tasks.send_promotion_notices) writes the
notices due each day as the system, so nobody's window is missed; HR may record them by hand too.

Staff in their first year (§61②, 입사일 basis, where the monthly days lapse when the first year
ends): the notice for the days arisen so far (usually 9) within 10 days from 3 months before the
first year ends, the designation by 1 month before; the notice for the days that arose after that
notice (usually 2) within 5 days from 1 month before, the designation by 10 days before. Each
staff member answers within 10 days of their notice. Hired 2020. 1. 1. (the year ends 12. 31.):
10. 1.–10. 10., by 11. 30.; 12. 1.–12. 5., by 12. 21. (the ministry's worked example). Each step
is kept with its `portion` (PromotionPortion).

Each step is a `LeavePromotion` row with its date. Where the steps were taken (a notice and a plan
or a designation for every notice), no 연차수당 is owed for the days still left (`allowance_days`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Q, Sum
from django.urls import reverse
from django.utils.translation import gettext as _

from attendance.entitlement import add_months, add_years, leave_year_start
from attendance.models import (
    AttendanceSettings,
    EntitlementBasis,
    LeaveLedgerEntry,
    LeavePromotion,
    LedgerKind,
    PromotionPortion,
    PromotionStep,
)
from attendance.plugin import ATTENDANCE_OFFICER
from audit.services import audit_record
from core.templatetags.korean import kdate
from notifications.services import notify
from org.models import EmploymentStatus, User

ANSWER_DAYS = 10
SYSTEM_ACTOR = "연차 사용촉진 자동 통지"
NOTIFICATION_CATEGORY = "attendance_promotion"
ANNUAL = PromotionPortion.ANNUAL
FIRST_YEAR = PromotionPortion.FIRST_YEAR
FIRST_YEAR_LATER = PromotionPortion.FIRST_YEAR_LATER


def _days(value: Decimal) -> str:
    """9.00 → "9", 0.50 → "0.5", 10.00 → "10"."""
    return f"{value.normalize():f}"


def _months_before(day: date, months: int) -> date:
    """The day that starts the last `months` months up to `day` (12. 31. and 6 → 7. 1.)."""
    following = day + timedelta(days=1)
    year, month = following.year, following.month - months
    while month <= 0:
        month += 12
        year -= 1
    return date(year, month, min(following.day, 28))


def notice_window(expires_on: date, portion: int = ANNUAL) -> tuple[date, date]:
    """The days the 1차 notice may be given on: 10 days from 6 months before expiry (§61①1);
    for the first year, 10 days from 3 months before, and 5 days from 1 month before for the
    days that arose after the first notice (§61②1)."""
    if portion == ANNUAL:
        start = _months_before(expires_on, 6)
        return start, start + timedelta(days=ANSWER_DAYS - 1)
    ends = expires_on + timedelta(days=1)  # the first day after the first year
    if portion == FIRST_YEAR:
        start = add_months(ends, -3)
        return start, start + timedelta(days=ANSWER_DAYS - 1)
    start = add_months(ends, -1)
    return start, start + timedelta(days=4)


def designation_deadline(expires_on: date, portion: int = ANNUAL) -> date:
    """The last day the employer may designate the dates: 2 months before expiry (§61①2); for
    the first year 1 month before, and 10 days before for the later days (§61②2)."""
    if portion == ANNUAL:
        return _months_before(expires_on, 2) - timedelta(days=1)
    if portion == FIRST_YEAR:
        return add_months(expires_on + timedelta(days=1), -1) - timedelta(days=1)
    return expires_on - timedelta(days=10)


def first_year_expiry(hired: date) -> date:
    """The day the first year's monthly days lapse: the last day of the first year."""
    return add_years(hired, 1) - timedelta(days=1)


def _hr(actor: User) -> None:
    if not (actor.is_superuser or ATTENDANCE_OFFICER in actor.role_names()):
        raise PermissionDenied(_("인사 담당만 연차 사용촉진을 할 수 있습니다."))


def _lock() -> None:
    """Serialise the writers of notices and designations in this schema (the nightly job and HR's
    button on the same day), so each step is written, audited and announced once."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext(current_schema()), hashtext('attendance.promotion'))")


def _unused(on: date, people: list[int] | None = None) -> dict[int, Decimal]:
    """Each eligible person's 연차 left on `on` (one query): active, employed a year or more."""
    entries = LeaveLedgerEntry.objects.all()
    if people is not None:
        entries = entries.filter(person_id__in=people)
    rows = (
        entries.filter(
            effective_on__lte=on,
            person__is_active=True,
            person__employment_status=EmploymentStatus.ACTIVE,
            person__hire_date__lte=add_years(on, -1),
        )
        .values("person_id")
        .annotate(left=Sum("days"))
        .filter(left__gt=0)
    )
    return {row["person_id"]: row["left"] for row in rows}


def _balances(on: date, people: list[int]) -> dict[int, Decimal]:
    """The 연차 left on `on` of each of `people` who has some (one query)."""
    rows = (
        LeaveLedgerEntry.objects.filter(person_id__in=people, effective_on__lte=on)
        .values("person_id")
        .annotate(left=Sum("days"))
        .filter(left__gt=0)
    )
    return {row["person_id"]: row["left"] for row in rows}


def hire_date_expiry(hired: date, on: date) -> date:
    """입사일 basis: the last day of the leave year `on` falls in (the day before the next hire
    anniversary), when that year's 연차 expires."""
    return add_years(leave_year_start(hired=hired, on=on, basis=EntitlementBasis.HIRE), 1) - timedelta(days=1)


def hire_date_notices_due(on: date) -> dict[int, date]:
    """입사일 basis: who is due a 1차 notice on `on` (their notice window holds it), with the day
    their leave expires. People employed under a year are left out (§61②). Two queries."""
    people = User.objects.filter(
        is_active=True, employment_status=EmploymentStatus.ACTIVE, hire_date__lte=add_years(on, -1)
    ).values_list("pk", "hire_date")
    due: dict[int, date] = {}
    for person_id, hired in people:
        if hired is None:  # excluded by the filter; the column is nullable
            continue
        expires_on = hire_date_expiry(hired, on)
        start, end = notice_window(expires_on)
        if start <= on <= end:
            due[person_id] = expires_on
    return due


def first_year_notices_due(on: date) -> dict[int, tuple[date, int]]:
    """Staff in their first year due a §61② notice on `on`: the day their monthly days lapse and
    which notice (FIRST_YEAR or FIRST_YEAR_LATER). One query."""
    people = User.objects.filter(
        is_active=True,
        employment_status=EmploymentStatus.ACTIVE,
        hire_date__gt=add_years(on, -1),
        hire_date__lte=on,
    ).values_list("pk", "hire_date")
    due: dict[int, tuple[date, int]] = {}
    for person_id, hired in people:
        if hired is None:
            continue
        expires_on = first_year_expiry(hired)
        for portion in (FIRST_YEAR, FIRST_YEAR_LATER):
            start, end = notice_window(expires_on, portion)
            if start <= on <= end:
                due[person_id] = (expires_on, portion)
    return due


@dataclass(frozen=True)
class NoticeRun:
    annual: int
    first_year: int
    notified: int


def _later_days(on: date, due: dict[int, tuple[date, int]]) -> dict[int, Decimal]:
    """For the FIRST_YEAR_LATER notice: the days granted after each person's first notice (after
    its window, if none was given since nothing was left then). Two queries."""
    later = {person_id: expires_on for person_id, (expires_on, portion) in due.items() if portion == FIRST_YEAR_LATER}
    if not later:
        return {}
    first = dict(
        LeavePromotion.objects.filter(
            person_id__in=list(later), portion=FIRST_YEAR, step=PromotionStep.NOTICE
        ).values_list("person_id", "on")
    )
    since = {
        person_id: first.get(person_id) or notice_window(expires_on, FIRST_YEAR)[1]
        for person_id, expires_on in later.items()
    }
    days: dict[int, Decimal] = dict.fromkeys(later, Decimal(0))
    for person_id, effective_on, granted in LeaveLedgerEntry.objects.filter(
        person_id__in=list(later), kind=LedgerKind.GRANT, effective_on__lte=on, effective_on__gt=min(since.values())
    ).values_list("person_id", "effective_on", "days"):
        if effective_on > since[person_id]:
            days[person_id] += granted
    return days


def _notices_write(*, actor: User | None, on: date, due: dict[int, tuple[date, int]]) -> list[LeavePromotion]:
    """Write the notices `due` (person → expiry and portion) to those with days left, skipping
    anyone already noticed for it; announce each to its person. Returns the notices written."""
    _lock()
    noticed = set(
        LeavePromotion.objects.filter(
            step=PromotionStep.NOTICE, person_id__in=list(due), expires_on__in={e for e, _p in due.values()}
        ).values_list("person_id", "expires_on", "portion")
    )
    left = _balances(on, list(due))
    later = _later_days(on, due)
    rows = []
    for person_id, (expires_on, portion) in due.items():
        days = left.get(person_id, Decimal(0))
        if portion == FIRST_YEAR_LATER:
            days = min(days, later.get(person_id, Decimal(0)))
        if days <= 0 or (person_id, expires_on, portion) in noticed:
            continue
        rows.append(
            LeavePromotion(
                person_id=person_id,
                expires_on=expires_on,
                portion=portion,
                step=PromotionStep.NOTICE,
                unused_days=days,
                on=on,
                note=_("미사용 연차 %(days)s일(%(expires)s 소멸). %(due)s까지 사용 계획을 제출하세요.")
                % {"days": _days(days), "expires": kdate(expires_on), "due": kdate(on + timedelta(days=ANSWER_DAYS))},
                recorded_by=actor,
            )
        )
    LeavePromotion.objects.bulk_create(rows)
    _announce(rows, actor=actor)
    return rows


def _announce(rows: list[LeavePromotion], *, actor: User | None) -> int:
    """Notify each person of their written notice (notifications' public face, in this
    transaction: a rolled-back notice announces nothing)."""
    people = {u.pk: u for u in User.objects.filter(pk__in=[r.person_id for r in rows])}
    url = reverse("attendance:promotion")
    sent = 0
    for row in rows:
        person = people.get(row.person_id)
        if person is None:
            continue
        title = _("[연차 사용촉진] 미사용 연차 %(days)s일: %(due)s까지 사용 계획을 제출하세요") % {
            "days": _days(row.unused_days),
            "due": kdate(row.on + timedelta(days=ANSWER_DAYS)),
        }
        sent += len(
            notify(
                recipients=[person],
                category=NOTIFICATION_CATEGORY,
                title=title,
                body=row.note,
                url=f"{url}?year={row.expires_on.year}",
                actor=actor,
            )
        )
    return sent


def _audit_notices(*, actor: User | None, on: date, rows: list[LeavePromotion], **data: object) -> None:
    audit_record(
        action="leave.promotion_notice",
        actor=actor,
        actor_label=None if actor else SYSTEM_ACTOR,
        data={
            **data,
            "on": on.isoformat(),
            "people": len(rows),
            "first_year": sum(1 for r in rows if r.portion != ANNUAL),
        },
    )


@transaction.atomic
def promotion_notices_issue(*, actor: User, expires_on: date, on: date) -> int:
    """Step 1: record the written notice to everyone with unused days. Refused outside the window;
    people already noticed are skipped. Returns how many were noticed."""
    _hr(actor)
    start, end = notice_window(expires_on)
    if not start <= on <= end:
        raise ValidationError(
            _("1차 통지는 소멸 6개월 전부터 10일 안(%(start)s~%(end)s)에 합니다.")
            % {"start": kdate(start), "end": kdate(end)}
        )
    people = list(_unused(on))
    rows = _notices_write(actor=actor, on=on, due=dict.fromkeys(people, (expires_on, ANNUAL)))
    _audit_notices(actor=actor, on=on, rows=rows, expires_on=expires_on.isoformat())
    return len(rows)


def _due_by_hire_date(on: date) -> dict[int, tuple[date, int]]:
    due = {person_id: (expires_on, int(ANNUAL)) for person_id, expires_on in hire_date_notices_due(on).items()}
    return due | first_year_notices_due(on)


@transaction.atomic
def promotion_notices_issue_by_hire_date(*, actor: User, on: date) -> int:
    """Step 1 on the 입사일 basis: the notice to everyone whose own window holds `on` and who has
    unused days, each for the day their leave expires (the first year's §61② notices included).
    Returns how many were noticed."""
    _hr(actor)
    rows = _notices_write(actor=actor, on=on, due=_due_by_hire_date(on))
    _audit_notices(actor=actor, on=on, rows=rows, basis=EntitlementBasis.HIRE)
    return len(rows)


@transaction.atomic
def promotion_notices_send_due(*, on: date) -> NoticeRun:
    """The nightly job's step 1, as the system: on the 입사일 basis, the notices due on `on` (the
    first day of each window, or a later day of it if a run was missed); on the 회계연도 basis,
    the notice for 12. 31. within 7. 1.–7. 10. Never twice for one person and leave (a second
    run, or HR's button the same day, finds them noticed). Audited only when it wrote some."""
    if AttendanceSettings.current().entitlement_basis == EntitlementBasis.HIRE:
        due = _due_by_hire_date(on)
        data: dict[str, object] = {"basis": EntitlementBasis.HIRE}
    else:
        expires_on = date(on.year, 12, 31)
        start, end = notice_window(expires_on)
        people = list(_unused(on)) if start <= on <= end else []
        due = dict.fromkeys(people, (expires_on, int(ANNUAL)))
        data = {"expires_on": expires_on.isoformat()}
    rows = _notices_write(actor=None, on=on, due=due) if due else []
    if rows:
        _audit_notices(actor=None, on=on, rows=rows, **data)
    first_year = sum(1 for r in rows if r.portion != ANNUAL)
    return NoticeRun(annual=len(rows) - first_year, first_year=first_year, notified=len(rows))


@transaction.atomic
def promotion_plan_submit(*, actor: User, expires_on: date | None, plan: str, on: date) -> LeavePromotion:
    """Step 2: the staff member's plan (the dates they will take), within 10 days of the notice;
    without `expires_on`, for their latest notice (the 입사일 basis: each has their own)."""
    plan = (plan or "").strip()
    notices = LeavePromotion.objects.filter(person=actor, step=PromotionStep.NOTICE)
    if expires_on is not None:
        notices = notices.filter(expires_on=expires_on)
    notice = notices.order_by("-on", "-pk").first()
    if notice is None:
        raise ValidationError(_("받은 연차 사용촉진 통지가 없습니다."))
    if not plan:
        raise ValidationError({"plan": _("사용할 날짜를 적으세요.")})
    if on > notice.on + timedelta(days=ANSWER_DAYS):
        raise ValidationError(
            _("사용 계획은 통지 뒤 10일 안(%(due)s까지)에 제출합니다.")
            % {"due": kdate(notice.on + timedelta(days=ANSWER_DAYS))}
        )
    found, created = LeavePromotion.objects.get_or_create(
        person=actor,
        expires_on=notice.expires_on,
        portion=notice.portion,
        step=PromotionStep.PLAN,
        defaults={"unused_days": notice.unused_days, "on": on, "note": plan[:300], "recorded_by": actor},
    )
    if not created:
        raise ValidationError(_("이미 사용 계획을 제출했습니다."))
    audit_record(action="leave.promotion_plan", actor=actor, target=found, data={"plan": plan[:300]})
    return found


@transaction.atomic
def promotion_designations_issue(*, actor: User, expires_on: date, on: date, note: str) -> int:
    """Step 3: designate the dates for everyone noticed who handed in no plan, after the 10 days
    and no later than 2 months before expiry."""
    _hr(actor)
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("지정한 사용 시기를 적으세요.")})
    deadline = designation_deadline(expires_on)
    if on > deadline:
        raise ValidationError(_("2차 통보는 소멸 2개월 전(%(day)s)까지 합니다.") % {"day": kdate(deadline)})
    count = _designations_write(actor=actor, on=on, note=note, open_leave=[(expires_on, int(ANNUAL))])
    audit_record(
        action="leave.promotion_designation",
        actor=actor,
        data={"expires_on": expires_on.isoformat(), "on": on.isoformat(), "people": count},
    )
    return count


@transaction.atomic
def promotion_designations_issue_by_hire_date(*, actor: User, on: date, note: str) -> int:
    """Step 3 on the 입사일 basis: designate the dates for everyone noticed whose 10 days have
    passed without a plan and whose own deadline (2 months before their expiry; for the first
    year 1 month, or 10 days for the later days) is not past. Returns how many were designated."""
    _hr(actor)
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("지정한 사용 시기를 적으세요.")})
    open_leave = [
        (expires_on, portion)
        for expires_on, portion in LeavePromotion.objects.filter(step=PromotionStep.NOTICE, expires_on__gte=on)
        .values_list("expires_on", "portion")
        .distinct()
        if on <= designation_deadline(expires_on, portion)
    ]
    count = _designations_write(actor=actor, on=on, note=note, open_leave=open_leave)
    audit_record(
        action="leave.promotion_designation",
        actor=actor,
        data={"basis": EntitlementBasis.HIRE, "on": on.isoformat(), "people": count},
    )
    return count


def _designations_write(*, actor: User, on: date, note: str, open_leave: list[tuple[date, int]]) -> int:
    if not open_leave:
        return 0
    _lock()
    wanted = Q()
    for expires_on, portion in open_leave:
        wanted |= Q(expires_on=expires_on, portion=portion)
    steps = LeavePromotion.objects.filter(wanted)
    done = set(
        steps.filter(step__in=(PromotionStep.PLAN, PromotionStep.DESIGNATION)).values_list(
            "person_id", "expires_on", "portion"
        )
    )
    waiting = [
        notice
        for notice in steps.filter(step=PromotionStep.NOTICE, on__lt=on - timedelta(days=ANSWER_DAYS - 1))
        if (notice.person_id, notice.expires_on, notice.portion) not in done
    ]
    made = LeavePromotion.objects.bulk_create(
        [
            LeavePromotion(
                person_id=notice.person_id,
                expires_on=notice.expires_on,
                portion=notice.portion,
                step=PromotionStep.DESIGNATION,
                unused_days=notice.unused_days,
                on=on,
                note=note[:300],
                recorded_by=actor,
            )
            for notice in waiting
        ]
    )
    return len(made)


def promoted(expires_on: date | None, people: list[int] | None = None, *, year: int | None = None) -> set[int]:
    """The people for whom the §61 steps were taken for the leave expiring on `expires_on` (or,
    on the 입사일 basis, on any day of `year`): every notice they were given answered by a plan
    or a designation (the first year's two notices each). One query."""
    steps = (
        LeavePromotion.objects.filter(expires_on=expires_on)
        if expires_on is not None
        else LeavePromotion.objects.filter(expires_on__year=year)
    )
    if people is not None:
        steps = steps.filter(person_id__in=people)
    seen: dict[tuple[int, date, int], set[str]] = {}
    for person_id, expiry, portion, step in steps.values_list("person_id", "expires_on", "portion", "step"):
        seen.setdefault((person_id, expiry, portion), set()).add(step)
    noticed = {key[0] for key, found in seen.items() if PromotionStep.NOTICE in found}
    unanswered = {
        key[0]
        for key, found in seen.items()
        if PromotionStep.NOTICE in found and not found & {PromotionStep.PLAN, PromotionStep.DESIGNATION}
    }
    return noticed - unanswered


def allowance_days(left: Decimal, *, promoted_person: bool) -> Decimal:
    """The unused days 연차수당 is owed for at expiry: none where the steps were taken."""
    return Decimal(0) if promoted_person or left <= 0 else left


def _of(expires_on: date | None, year: int | None) -> Q:
    return Q(expires_on=expires_on) if expires_on is not None else Q(expires_on__year=year)


def steps_for(person: User, expires_on: date | None, *, year: int | None = None) -> list[LeavePromotion]:
    return list(LeavePromotion.objects.filter(_of(expires_on, year), person=person).order_by("on", "pk"))


def promotion_counts(expires_on: date | None, *, year: int | None = None) -> dict[str, int]:
    """How many people each step has reached (one query), for the leave expiring on `expires_on`
    or, on the 입사일 basis, in `year`."""
    counts = dict.fromkeys(PromotionStep.values, 0)
    for step in LeavePromotion.objects.filter(_of(expires_on, year)).values_list("step", flat=True):
        counts[step] += 1
    return counts
