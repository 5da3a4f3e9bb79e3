"""출장 (attendance.trip) and its 여비: the estimate from the institution's 여비 table, the
commitment against the traveller's department's 국내여비 line on approval, and the 정산 after
return.

Rates (`TravelRates`, defaults from the 공무원 여비 규정 별표2 as quoted in reference
kr-payroll-rules §4.2; institutions edit them in the console):

- 관내 (same 시·군, or under 12 km): 10,000원 a day under 4 hours, 20,000원 for 4 hours or more,
  10,000원 less when a 공용차량 is used. Nothing else is paid (no 운임, 식비 or 숙박).
- 관외: 일비 25,000원 and 식비 25,000원 a calendar day of the trip (일비 halved with a 공용차량),
  숙박비 at cost up to 100,000 (서울) / 80,000 (광역시) / 70,000 (기타) a night, 운임 at cost.

The estimate takes the 숙박 cap for every night and the 운임 the traveller expects. The money
moves through budget's public face (budget.charges) in the caller's transaction:

- request: the line's balance (no lock) must cover the estimate, or the request is refused with
  the shortfall (budget's own wording);
- final approval: `commit` under the line's row lock (a balance spent meanwhile refuses the
  decision, which the engine rolls back);
- 정산: the actual amount becomes a 지출결의 (budget.execution.expenditure_submit_on_commitment,
  approved through e-approval like any other) paying the traveller; its approval executes it
  against the trip's commitment (an amount above the estimate from the line's balance, refused
  with the shortfall) and releases what the commitment still holds;
- 취소 (trip_cancel): what the commitment holds is released;
- a settled trip whose 지출결의 is later reversed (반납·정정, budget.reversals) is told by budget
  (`trip_settlement_decided`, event "reversed"): it shows 정산 취소, its traveller is notified,
  and it may be settled again (the new 지출결의 draws on the line's restored balance, since the
  commitment stayed settled).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _

from approval.services import approval_submit_subject
from attendance.kinds import TRIP_KIND
from attendance.locks import lock_person
from attendance.models import TRIP_HOLDING_DAYS, TRIP_SETTLEABLE, TravelRates, Trip, TripRegion, TripScope, TripStatus
from attendance.plugin import ATTENDANCE_OFFICER
from attendance.services import default_unit_task
from audit.services import audit_record
from budget.charges import Shortfall, SourceRef, balance, commit, commitment_left, release
from budget.drafting import drafting_department_ids, lines_for_drafting
from budget.execution import CommitmentDecision, expenditure_submit_on_commitment
from budget.models import BudgetItem
from core.templatetags.korean import kdate, won
from notifications.services import notify
from org.models import Absence, User
from org.services import absence_create, absence_end

TRAVEL_CODE = "202-01"  # 국내여비
TRIP_NOTIFICATION = "attendance_trip"
MAX_TRIP_DAYS = 60


@dataclass(frozen=True)
class Estimate:
    daily_allowance_amount: int  # 일비 (관내: the 관내 여비)
    meal_amount: int  # 식비
    lodging_amount: int  # 숙박비
    fare_amount: int  # 운임

    @property
    def total_amount(self) -> int:
        return self.daily_allowance_amount + self.meal_amount + self.lodging_amount + self.fare_amount


def lodging_cap(rates: TravelRates, region: str) -> int:
    return {
        TripRegion.SEOUL: rates.lodging_seoul_amount,
        TripRegion.METRO: rates.lodging_metro_amount,
    }.get(TripRegion(region), rates.lodging_other_amount)


def estimate(
    *,
    scope: str,
    start: date,
    end: date,
    region: str = TripRegion.OTHER,
    four_hours_or_more: bool = True,
    official_car: bool = False,
    fare_amount: int = 0,
    rates: TravelRates | None = None,
) -> Estimate:
    """The 여비 of a trip by the table (whole won; the 공용차량 half of a 일비 is truncated)."""
    rates = rates or TravelRates.current()
    days = (end - start).days + 1
    if scope == TripScope.LOCAL:
        per_day = rates.local_long_amount if four_hours_or_more else rates.local_short_amount
        if official_car:
            per_day = max(per_day - rates.local_car_deduction_amount, 0)
        return Estimate(per_day * days, 0, 0, 0)
    daily = rates.daily_allowance_amount // 2 if official_car else rates.daily_allowance_amount
    return Estimate(
        daily_allowance_amount=daily * days,
        meal_amount=rates.meal_amount * days,
        lodging_amount=lodging_cap(rates, region) * (days - 1),
        fare_amount=fare_amount,
    )


def travel_line(person: User) -> BudgetItem | None:
    """The 국내여비 (202-01) line of the open year the person's trips are charged to: their own
    department's, else the nearest department's above it (budget's drafting rule); of several,
    the first in the tree."""
    order = {pk: n for n, pk in enumerate(drafting_department_ids(person))}
    lines = list(lines_for_drafting(person).filter(standard_code=TRAVEL_CODE))
    if not lines:
        return None
    return max(lines, key=lambda line: (order.get(line.department_id, -1), -lines.index(line)))


def _source(trip: Trip) -> SourceRef:
    return SourceRef("attendance", "trip", str(trip.pk))


def _title(trip: Trip) -> str:
    span = kdate(trip.start_date) if trip.days == 1 else f"{kdate(trip.start_date)}~{kdate(trip.end_date)}"
    return _("%(scope)s 출장 신청(%(place)s, %(span)s)") % {
        "scope": trip.get_scope_display(),
        "place": trip.place,
        "span": span,
    }


def _body(trip: Trip) -> str:
    return format_html(
        '<table><tbody><tr><th scope="row">출장자</th><td>{}</td></tr>'
        '<tr><th scope="row">구분</th><td>{}</td></tr>'
        '<tr><th scope="row">출장지</th><td>{}</td></tr>'
        '<tr><th scope="row">기간</th><td>{} ~ {} ({}일)</td></tr>'
        '<tr><th scope="row">목적</th><td>{}</td></tr>'
        '<tr><th scope="row">교통수단</th><td>{}{}</td></tr>'
        '<tr><th scope="row">대결자</th><td>{}</td></tr>'
        '<tr><th scope="row">예상 여비</th><td>일비 {} · 식비 {} · 숙박비 {} · 운임 {} = <strong>{}</strong></td></tr>'
        '<tr><th scope="row">예산과목</th><td>{}</td></tr></tbody></table>',
        trip.person.name,
        trip.get_scope_display(),
        trip.place,
        kdate(trip.start_date),
        kdate(trip.end_date),
        trip.days,
        trip.purpose,
        trip.transport,
        " (공용차량)" if trip.official_car else "",
        trip.proxy.name if trip.proxy else "-",
        won(trip.daily_allowance_amount),
        won(trip.meal_amount),
        won(trip.lodging_amount),
        won(trip.fare_amount),
        won(trip.estimate_amount),
        trip.budget_line.label,
    )


def _check_covered(line: BudgetItem, amount: int, field: str = "__all__") -> None:
    found = balance(line)
    if amount > found.available_amount:
        short = Shortfall(found.line_id, found.label, found.available_amount, amount, found.uses_allotment)
        raise ValidationError({field: short.message})


def trip_submit(
    *,
    actor: User,
    scope: str,
    purpose: str,
    place: str,
    start_date: date,
    end_date: date,
    transport: str,
    region: str = TripRegion.OTHER,
    four_hours_or_more: bool = True,
    official_car: bool = False,
    fare_amount: int = 0,
    proxy: User | None = None,
    now: datetime | None = None,
) -> Trip:
    """Request a trip (출장 신청) and submit it for approval (`attendance.trip`), in one
    transaction. Raises ValidationError (Korean, by field); nothing is written then."""
    from attendance.close import refuse_closed_month

    purpose, place, transport = (purpose or "").strip(), (place or "").strip(), (transport or "").strip()
    errors: dict[str, str] = {}
    if scope not in TripScope.values:
        errors["scope"] = _("관내 또는 관외를 고르세요.")
    if region not in TripRegion.values:
        errors["region"] = _("숙박 지역을 고르세요.")
    if not purpose:
        errors["purpose"] = _("출장 목적을 입력하세요.")
    if not place:
        errors["place"] = _("출장지를 입력하세요.")
    if not transport:
        errors["transport"] = _("교통수단을 입력하세요.")
    if end_date < start_date:
        errors["end_date"] = _("종료일이 시작일보다 앞설 수 없습니다.")
    elif (end_date - start_date).days + 1 > MAX_TRIP_DAYS:
        errors["end_date"] = _("출장은 한 번에 %(n)d일까지 신청할 수 있습니다.") % {"n": MAX_TRIP_DAYS}
    if not isinstance(fare_amount, int) or fare_amount < 0 or fare_amount > 10_000_000:
        errors["fare_amount"] = _("운임은 0원에서 10,000,000원 사이로 적으세요.")
    elif scope == TripScope.LOCAL and fare_amount:
        errors["fare_amount"] = _("관내 출장은 운임을 따로 받지 않습니다(관내 여비에 포함).")
    if proxy is not None and proxy.pk == actor.pk:
        errors["proxy"] = _("자신을 대결자로 지정할 수 없습니다.")
    line = travel_line(actor)
    if line is None:
        errors["__all__"] = _("부서의 국내여비(202-01) 예산과목이 없어 출장 여비를 잡을 수 없습니다.")
    unit_task = default_unit_task(actor)
    if unit_task is None:
        errors.setdefault("__all__", _("출장 신청을 올릴 단위과제가 없습니다."))
    if errors:
        raise ValidationError(errors)
    assert line is not None  # noqa: S101 - refused above
    refuse_closed_month(start_date, "start_date")
    refuse_closed_month(end_date, "end_date")
    cost = estimate(
        scope=scope,
        start=start_date,
        end=end_date,
        region=region,
        four_hours_or_more=four_hours_or_more,
        official_car=official_car,
        fare_amount=fare_amount,
    )
    with transaction.atomic():
        lock_person(actor)  # two requests at once must not both pass the overlap check
        overlapping = Trip.objects.filter(
            person=actor,
            status__in=TRIP_HOLDING_DAYS,
            start_date__lte=end_date,
            end_date__gte=start_date,
        ).first()
        if overlapping is not None:
            raise ValidationError(
                {"start_date": _("같은 기간에 신청한 출장이 있습니다: %(trip)s") % {"trip": _title(overlapping)}}
            )
        _check_covered(line, cost.total_amount)
        trip = Trip.objects.create(
            person=actor,
            scope=scope,
            purpose=purpose[:200],
            place=place[:100],
            region=region,
            start_date=start_date,
            end_date=end_date,
            four_hours_or_more=four_hours_or_more,
            transport=transport[:50],
            official_car=official_car,
            proxy=proxy,
            daily_allowance_amount=cost.daily_allowance_amount,
            meal_amount=cost.meal_amount,
            lodging_amount=cost.lodging_amount,
            fare_amount=cost.fare_amount,
            estimate_amount=cost.total_amount,
            budget_line=line,
        )
        trip.document = approval_submit_subject(
            kind=TRIP_KIND,
            subject=trip,
            actor=actor,
            title=_title(trip),
            body=_body(trip),
            unit_task=unit_task,
            decision_amount=cost.total_amount,
            form_data={
                "trip": trip.pk,
                "from": start_date.isoformat(),
                "to": end_date.isoformat(),
                "estimate": cost.total_amount,
            },
            now=now,
        )
        trip.save(update_fields=["document", "updated_at"])
        audit_record(
            action="trip.request",
            actor=actor,
            target=trip,
            data={
                "scope": scope,
                "from": start_date.isoformat(),
                "to": end_date.isoformat(),
                "estimate": cost.total_amount,
                "line": line.pk,
            },
        )
    return trip


def trip_approved(*, trip: Trip, actor: User, at: datetime) -> None:
    """The final approval: the estimate is committed on the line (refused with the shortfall if
    the balance no longer covers it) and the trip becomes an absence with the named proxy."""
    if trip.estimate_amount:
        commit(
            line=trip.budget_line_id,
            amount=trip.estimate_amount,
            source=_source(trip),
            actor=actor,
            on=timezone.localdate(at),
            memo=_title(trip)[:200],
        )
    if trip.proxy is not None:
        tz = timezone.get_current_timezone()
        trip.absence = absence_create(
            user=trip.person,
            proxy=trip.proxy,
            starts_at=datetime.combine(trip.start_date, time(0), tz),
            ends_at=datetime.combine(trip.end_date + timedelta(days=1), time(0), tz),
            reason=Absence.Reason.TRIP,
            note=_title(trip)[:200],
            actor=actor,
        )
    trip.status = TripStatus.APPROVED
    trip.save(update_fields=["status", "absence", "updated_at"])
    audit_record(
        action="trip.approve",
        actor=actor,
        target=trip,
        data={"estimate": trip.estimate_amount, "line": trip.budget_line_id, "at": at.isoformat()},
    )


def trip_closed(*, trip: Trip, status: str) -> None:
    """Returned (반려) or withdrawn (회수): nothing was committed."""
    trip.status = status
    trip.save(update_fields=["status", "updated_at"])


def may_settle(user: User, trip: Trip) -> bool:
    return trip.person_id == user.pk or ATTENDANCE_OFFICER in user.role_names()


def trip_settle(
    *,
    actor: User,
    trip: Trip,
    actual_lodging_amount: int = 0,
    actual_fare_amount: int = 0,
    payee_bank_code: str = "",
    payee_account_number: str = "",
    note: str = "",
    today: date | None = None,
    now: datetime | None = None,
) -> Trip:
    """정산: after return, the receipts' 숙박비 (at cost, up to the cap a night) and 운임 (at
    cost) with the table's 일비 and 식비 make the actual amount. It becomes a 지출결의 (budget's
    expenditure, through e-approval) paying the traveller into the account they name, drafted
    against the trip's commitment: its final approval executes the amount and releases what the
    commitment still holds (`trip_settlement_decided`); returned or withdrawn, the trip may be
    settled again. A trip whose 여비 is nothing (관내 with a 공용차량) is settled at once.
    Raises ValidationError in Korean; nothing is written then."""
    if not may_settle(actor, trip):
        raise PermissionDenied
    today = today or timezone.localdate()
    errors: dict[str, str] = {}
    if trip.status not in TRIP_SETTLEABLE:
        errors["__all__"] = _("승인된 출장만 정산할 수 있습니다(현재: %(status)s).") % {
            "status": trip.get_status_display()
        }
    elif trip.end_date > today:
        errors["__all__"] = _("출장이 끝난 뒤(%(day)s 이후)에 정산합니다.") % {"day": kdate(trip.end_date)}
    for field, value in (("actual_lodging_amount", actual_lodging_amount), ("actual_fare_amount", actual_fare_amount)):
        if not isinstance(value, int) or value < 0 or value > 10_000_000:
            errors[field] = _("0원에서 10,000,000원 사이로 적으세요.")
    if trip.scope == TripScope.LOCAL and (actual_lodging_amount or actual_fare_amount):
        errors["__all__"] = _("관내 출장은 정해진 관내 여비만 정산합니다(숙박비·운임 없음).")
    cap = lodging_cap(TravelRates.current(), trip.region) * trip.nights
    if "actual_lodging_amount" not in errors and actual_lodging_amount > cap:
        errors["actual_lodging_amount"] = _("숙박비는 1박 상한 %(night)s × %(n)d박 = %(cap)s까지 정산합니다.") % {
            "night": won(lodging_cap(TravelRates.current(), trip.region)),
            "n": trip.nights,
            "cap": won(cap),
        }
    if errors:
        raise ValidationError(errors)
    actual = trip.daily_allowance_amount + trip.meal_amount + actual_lodging_amount + actual_fare_amount
    with transaction.atomic():
        # Two 정산 clicks at once: the first flips the status, the second finds nothing to settle.
        settled = Trip.objects.filter(pk=trip.pk, status__in=TRIP_SETTLEABLE).update(
            status=TripStatus.SETTLED if actual == 0 else TripStatus.APPROVED,
            actual_lodging_amount=actual_lodging_amount,
            actual_fare_amount=actual_fare_amount,
            actual_amount=actual,
            settlement_note=(note or "").strip()[:200],
            settled_at=timezone.now() if actual == 0 else None,
        )
        if not settled:
            raise ValidationError(_("이미 정산한 출장입니다."))
        trip.refresh_from_db()
        if actual == 0:
            if trip.estimate_amount:
                release(source=_source(trip), actor=actor, on=today)
        else:
            trip.expenditure = expenditure_submit_on_commitment(
                actor=actor,
                commitment=_source(trip),
                commitment_label=_("출장 여비 원인행위: %(title)s") % {"title": _title(trip)},
                title=_("출장 여비 정산(%(name)s, %(place)s, %(day)s)")
                % {"name": trip.person.name, "place": trip.place, "day": kdate(trip.start_date)},
                purpose=_settlement_purpose(trip),
                amount=actual,
                payee_name=trip.person.name,
                payee_bank_code=payee_bank_code,
                payee_account_number=payee_account_number,
                pay_date=today,
                unit_task=default_unit_task(actor),
                now=now,
            )
            trip.status = TripStatus.SETTLING
            trip.save(update_fields=["expenditure", "status", "updated_at"])
        audit_record(
            action="trip.settle_request" if actual else "trip.settle",
            actor=actor,
            target=trip,
            data={
                "estimate": trip.estimate_amount,
                "actual": actual,
                "line": trip.budget_line_id,
                "expenditure": trip.expenditure_id,
            },
        )
    return trip


def _settlement_purpose(trip: Trip) -> str:
    return _(
        "%(title)s 여비 정산: 일비 %(daily)s, 식비 %(meal)s, 숙박비 %(lodging)s, 운임 %(fare)s "
        "(예상 여비 %(estimate)s, 남는 원인행위 금액은 해제)"
    ) % {
        "title": _title(trip),
        "daily": won(trip.daily_allowance_amount),
        "meal": won(trip.meal_amount),
        "lodging": won(trip.actual_lodging_amount or 0),
        "fare": won(trip.actual_fare_amount or 0),
        "estimate": won(trip.estimate_amount),
    }


def trip_settlement_decided(decision: CommitmentDecision) -> None:
    """budget's call when the trip's 정산 지출결의 is decided (inside that transaction): approved,
    the trip is settled (budget has executed the amount and released the rest); returned or
    withdrawn, it goes back to approved, its commitment intact, to be settled again. Reversed
    later (반납·정정 approved), a settled trip shows 정산 취소 and may be settled again."""
    trip = Trip.objects.select_for_update().filter(pk=int(decision.commitment.id)).first()
    if trip is None or trip.expenditure_id != decision.expenditure_id:
        return
    if decision.event == "reversed":
        if trip.status == TripStatus.SETTLED:
            _settlement_reversed(trip, decision)
        return
    if trip.status != TripStatus.SETTLING:
        return
    if decision.event == "approved":
        trip.status = TripStatus.SETTLED
        trip.settled_at = decision.at
        trip.save(update_fields=["status", "settled_at", "updated_at"])
        audit_record(
            action="trip.settle",
            actor=decision.actor,
            target=trip,
            data={"actual": trip.actual_amount, "expenditure": decision.expenditure_id, "line": trip.budget_line_id},
        )
    else:
        trip.status = TripStatus.APPROVED
        trip.actual_lodging_amount = trip.actual_fare_amount = trip.actual_amount = None
        trip.save(
            update_fields=["status", "actual_lodging_amount", "actual_fare_amount", "actual_amount", "updated_at"]
        )


def _settlement_reversed(trip: Trip, decision: CommitmentDecision) -> None:
    reversed_amount = trip.actual_amount
    trip.status = TripStatus.REVERSED
    trip.settled_at = None
    trip.actual_lodging_amount = trip.actual_fare_amount = trip.actual_amount = None
    trip.save(
        update_fields=[
            "status",
            "settled_at",
            "actual_lodging_amount",
            "actual_fare_amount",
            "actual_amount",
            "updated_at",
        ]
    )
    audit_record(
        action="trip.settlement_reverse",
        actor=decision.actor,
        target=trip,
        data={"expenditure": decision.expenditure_id, "amount": reversed_amount, "line": trip.budget_line_id},
    )
    notify(
        recipients=[trip.person],
        category=TRIP_NOTIFICATION,
        title=_("[출장] %(place)s(%(day)s) 여비 정산이 취소되었습니다: 지출결의가 반납·정정되었으니 다시 정산하세요")
        % {"place": trip.place, "day": kdate(trip.start_date)},
        url=reverse("attendance:trip_detail", args=[trip.pk]),
        actor=decision.actor,
        now=decision.at,
    )


def may_cancel(user: User, trip: Trip, today: date | None = None) -> bool:
    """The traveller before the trip starts; the 인사 담당 also after (출장 미실시)."""
    if trip.status != TripStatus.APPROVED:
        return False
    if ATTENDANCE_OFFICER in user.role_names():
        return True
    return trip.person_id == user.pk and trip.start_date > (today or timezone.localdate())


def trip_cancel(*, actor: User, trip: Trip, reason: str, now: datetime | None = None) -> Trip:
    """출장 취소 of an approved trip not yet settled: the committed 여비 is released, the absence
    (대결) ends, and the days leave the calendar, the close and the reports. The traveller may
    cancel before the trip starts; once it has started only the 인사 담당 may (출장 미실시), and
    never in a closed month. Raises ValidationError/PermissionDenied in Korean."""
    from attendance.close import refuse_closed_month

    at = now or timezone.now()
    today = timezone.localdate(at)
    reason = (reason or "").strip()
    is_officer = ATTENDANCE_OFFICER in actor.role_names()
    if trip.person_id != actor.pk and not is_officer:
        raise PermissionDenied(_("출장자 본인이나 인사 담당만 출장을 취소할 수 있습니다."))
    if trip.status == TripStatus.PENDING:
        raise ValidationError(_("결재 중인 출장은 결재 문서에서 회수하세요."))
    if trip.status in (TripStatus.SETTLING, TripStatus.SETTLED):
        raise ValidationError(
            _("정산했거나 정산 결재 중인 출장은 취소할 수 없습니다. 지출결의의 회수나 반납·정정으로 바로잡으세요.")
        )
    if trip.status != TripStatus.APPROVED:
        raise ValidationError(
            _("취소할 수 있는 출장이 아닙니다(현재: %(status)s).") % {"status": trip.get_status_display()}
        )
    if trip.start_date <= today and not is_officer:
        raise ValidationError(
            _("이미 시작한 출장(%(day)s 시작)은 인사 담당만 취소할 수 있습니다(출장 미실시).")
            % {"day": kdate(trip.start_date)}
        )
    if not reason:
        raise ValidationError({"reason": _("취소 사유를 입력하세요.")})
    refuse_closed_month(trip.start_date, "__all__")
    refuse_closed_month(trip.end_date, "__all__")
    with transaction.atomic():
        # Cancel and 정산 clicked at once: whichever flips the status first wins.
        cancelled = Trip.objects.filter(pk=trip.pk, status=TripStatus.APPROVED).update(
            status=TripStatus.CANCELLED, cancelled_at=at, cancel_reason=reason[:200], updated_at=at
        )
        if not cancelled:
            raise ValidationError(_("이미 정산했거나 취소한 출장입니다."))
        trip.refresh_from_db()
        released = 0
        if trip.estimate_amount:
            released = commitment_left(_source(trip))
            release(source=_source(trip), actor=actor, on=today)
        if trip.absence is not None:
            absence_end(absence=trip.absence, at=at, actor=actor)
        audit_record(
            action="trip.cancel",
            actor=actor,
            target=trip,
            data={
                "reason": reason[:200],
                "released": released,
                "line": trip.budget_line_id,
                "started": trip.start_date <= today,
            },
        )
    return trip


def travel_rates_save(*, rates: TravelRates, actor: User) -> TravelRates:
    """The console's change of the 여비 table (audited); requests made after it use the new rates."""
    with transaction.atomic():
        rates.pk = 1
        rates.save()
        audit_record(
            action="travel_rates.save",
            actor=actor,
            target=rates,
            data={
                field.name: getattr(rates, field.name)
                for field in TravelRates._meta.fields
                if field.name.endswith("_amount")
            },
        )
    return rates
