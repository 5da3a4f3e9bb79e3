"""연차 사용촉진 (근로기준법 §61) for the 연차 that expires at the end of a year (12. 31.; the
회계연도 basis most institutions use):

1. within 10 days from 6 months before expiry (7. 1.–7. 10. for 12. 31.), HR gives every staff
   member with unused days a written notice of them and asks for a plan (`promotion_notices_issue`);
2. the staff member hands in their plan within 10 days of the notice (`promotion_plan_submit`);
3. for those without a plan, HR designates the dates and notifies them no later than 2 months
   before expiry (by 10. 31.) (`promotion_designations_issue`).

On the 입사일 basis (an institution's `entitlement_basis`), each person's 연차 expires the day
before their next hire anniversary, so each has their own windows: HR records on any day the
notices and designations due that day for whoever's window holds it
(`promotion_notices_issue_by_hire_date`, `promotion_designations_issue_by_hire_date`; the
designation also needs 10 days after the person's own notice). Run at least every 10 days, no
one's notice window is missed.

Each step is a `LeavePromotion` row with its date. Where the steps were taken (a notice and a plan
or a designation), no 연차수당 is owed for the days still left at year end (`allowance_days`).
Staff in their first year (a shorter, separate schedule in §61②) are left out here.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, Sum
from django.utils.translation import gettext as _

from attendance.entitlement import add_years, leave_year_start
from attendance.models import EntitlementBasis, LeaveLedgerEntry, LeavePromotion, PromotionStep
from attendance.plugin import ATTENDANCE_OFFICER
from audit.services import audit_record
from core.templatetags.korean import kdate
from org.models import EmploymentStatus, User

ANSWER_DAYS = 10


def _months_before(day: date, months: int) -> date:
    """The day that starts the last `months` months up to `day` (12. 31. and 6 → 7. 1.)."""
    following = day + timedelta(days=1)
    year, month = following.year, following.month - months
    while month <= 0:
        month += 12
        year -= 1
    return date(year, month, min(following.day, 28))


def notice_window(expires_on: date) -> tuple[date, date]:
    start = _months_before(expires_on, 6)
    return start, start + timedelta(days=ANSWER_DAYS - 1)


def designation_deadline(expires_on: date) -> date:
    return _months_before(expires_on, 2) - timedelta(days=1)


def _hr(actor: User) -> None:
    if not (actor.is_superuser or ATTENDANCE_OFFICER in actor.role_names()):
        raise PermissionDenied(_("인사 담당만 연차 사용촉진을 할 수 있습니다."))


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


def _notices_write(*, actor: User, on: date, expiries: dict[int, date]) -> int:
    noticed = set(
        LeavePromotion.objects.filter(
            step=PromotionStep.NOTICE, person_id__in=list(expiries), expires_on__in=set(expiries.values())
        ).values_list("person_id", "expires_on")
    )
    unused = {
        person_id: days
        for person_id, days in _unused(on, list(expiries)).items()
        if (person_id, expiries[person_id]) not in noticed
    }
    made = LeavePromotion.objects.bulk_create(
        [
            LeavePromotion(
                person_id=person_id,
                expires_on=expiries[person_id],
                step=PromotionStep.NOTICE,
                unused_days=days,
                on=on,
                note=_("미사용 연차 %(days)s일. %(due)s까지 사용 계획을 제출하세요.")
                % {"days": f"{days:g}", "due": kdate(on + timedelta(days=ANSWER_DAYS))},
                recorded_by=actor,
            )
            for person_id, days in unused.items()
        ],
        ignore_conflicts=True,
    )
    return len(made)


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
    count = _notices_write(actor=actor, on=on, expiries=dict.fromkeys(people, expires_on))
    audit_record(
        action="leave.promotion_notice",
        actor=actor,
        data={"expires_on": expires_on.isoformat(), "on": on.isoformat(), "people": count},
    )
    return count


@transaction.atomic
def promotion_notices_issue_by_hire_date(*, actor: User, on: date) -> int:
    """Step 1 on the 입사일 basis: the notice to everyone whose own window holds `on` and who has
    unused days, each for the day their leave expires. Returns how many were noticed."""
    _hr(actor)
    count = _notices_write(actor=actor, on=on, expiries=hire_date_notices_due(on))
    audit_record(
        action="leave.promotion_notice",
        actor=actor,
        data={"basis": EntitlementBasis.HIRE, "on": on.isoformat(), "people": count},
    )
    return count


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
    count = _designations_write(actor=actor, on=on, note=note, expiries=[expires_on])
    audit_record(
        action="leave.promotion_designation",
        actor=actor,
        data={"expires_on": expires_on.isoformat(), "on": on.isoformat(), "people": count},
    )
    return count


@transaction.atomic
def promotion_designations_issue_by_hire_date(*, actor: User, on: date, note: str) -> int:
    """Step 3 on the 입사일 basis: designate the dates for everyone noticed whose 10 days have
    passed without a plan and whose own deadline (2 months before their expiry) is not past.
    Returns how many were designated."""
    _hr(actor)
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("지정한 사용 시기를 적으세요.")})
    open_expiries = [
        expires_on
        for expires_on in LeavePromotion.objects.filter(step=PromotionStep.NOTICE, expires_on__gte=on)
        .values_list("expires_on", flat=True)
        .distinct()
        if on <= designation_deadline(expires_on)
    ]
    count = _designations_write(actor=actor, on=on, note=note, expiries=open_expiries)
    audit_record(
        action="leave.promotion_designation",
        actor=actor,
        data={"basis": EntitlementBasis.HIRE, "on": on.isoformat(), "people": count},
    )
    return count


def _designations_write(*, actor: User, on: date, note: str, expiries: list[date]) -> int:
    steps = LeavePromotion.objects.filter(expires_on__in=expiries)
    planned = steps.filter(step__in=(PromotionStep.PLAN, PromotionStep.DESIGNATION)).values_list(
        "person_id", "expires_on"
    )
    done = set(planned)
    waiting = [
        notice
        for notice in steps.filter(step=PromotionStep.NOTICE, on__lt=on - timedelta(days=ANSWER_DAYS - 1))
        if (notice.person_id, notice.expires_on) not in done
    ]
    made = LeavePromotion.objects.bulk_create(
        [
            LeavePromotion(
                person_id=notice.person_id,
                expires_on=notice.expires_on,
                step=PromotionStep.DESIGNATION,
                unused_days=notice.unused_days,
                on=on,
                note=note[:300],
                recorded_by=actor,
            )
            for notice in waiting
        ],
        ignore_conflicts=True,
    )
    return len(made)


def promoted(expires_on: date | None, people: list[int] | None = None, *, year: int | None = None) -> set[int]:
    """The people for whom the §61 steps were taken for the leave expiring on `expires_on` (or,
    on the 입사일 basis, on any day of `year`): a notice, and a plan or a designation. One query."""
    steps = (
        LeavePromotion.objects.filter(expires_on=expires_on)
        if expires_on is not None
        else LeavePromotion.objects.filter(expires_on__year=year)
    )
    if people is not None:
        steps = steps.filter(person_id__in=people)
    seen: dict[int, set[str]] = {}
    for person_id, step in steps.values_list("person_id", "step"):
        seen.setdefault(person_id, set()).add(step)
    return {
        person_id
        for person_id, found in seen.items()
        if PromotionStep.NOTICE in found and found & {PromotionStep.PLAN, PromotionStep.DESIGNATION}
    }


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
