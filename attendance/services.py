"""Writes of the attendance app: the leave ledger (grants, adjustments), leave requests and their
cancellations (through e-approval), and the callbacks' effects when they are decided.

The applicant's `org.User` row is the lock for everything that moves their balance: a request,
a decision and a cancellation each lock it first (attendance.locks), so two requests racing for
the last days of a balance are taken one after the other and the second sees the first's hold.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _

from approval.lines import ApprovalLine
from approval.services import approval_submit_subject
from attendance.calendar import working_days
from attendance.entitlement import add_years, grants, leave_year_start
from attendance.kinds import LEAVE_CANCEL_KIND, LEAVE_KIND
from attendance.locks import lock_person
from attendance.models import (
    HOLDING,
    PORTION_DAYS,
    AttendanceSettings,
    CancellationStatus,
    Closure,
    LeaveCancellation,
    LeaveLedgerEntry,
    LeaveRequest,
    LeaveStatus,
    LeaveType,
    LedgerKind,
    Portion,
)
from audit.services import audit_record
from core.once import create_once
from core.templatetags.korean import kdate
from org.models import Absence, EmploymentStatus, User
from org.services import absence_create, absence_end
from tasks.models import UnitTask
from tasks.selectors.cards import unit_tasks_for_filing

MAX_ADJUSTMENT_DAYS = Decimal(100)
GRANT_CATCH_UP_DAYS = 400  # a grant job missed for up to a year still writes what it owed


def days_text(days: Decimal) -> str:
    """Days as people write them: 10, 2.5, 0.25 (no trailing zeros, no exponent)."""
    text = f"{days:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _tz() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


# --- the ledger -------------------------------------------------------------------------------------


def leave_balance(person: User, *, before: date | None = None) -> Decimal:
    """The person's 연가 balance: the sum of their ledger (entries before `before`, if given)."""
    entries = LeaveLedgerEntry.objects.filter(person=person)
    if before is not None:
        entries = entries.filter(effective_on__lt=before)
    return entries.aggregate(total=Sum("days"))["total"] or Decimal(0)


def pending_annual_days(person: User, *, exclude_pk: int | None = None) -> Decimal:
    """Days held by the person's requests still being decided that count against 연가."""
    pending = LeaveRequest.objects.filter(
        applicant=person, status=LeaveStatus.PENDING, leave_type__counts_against_annual=True
    )
    if exclude_pk is not None:
        pending = pending.exclude(pk=exclude_pk)
    return pending.aggregate(total=Sum("days"))["total"] or Decimal(0)


def leave_adjust(
    *, person: User, days: Decimal, reason: str, actor: User, kind: str = LedgerKind.ADJUSTMENT
) -> LeaveLedgerEntry:
    """An HR correction of a balance (조정), or a carry-over (이월) or expiry (소멸) entered by hand;
    always with a reason, audited."""
    reason = (reason or "").strip()
    errors: dict[str, str] = {}
    if kind not in (LedgerKind.ADJUSTMENT, LedgerKind.CARRY_OVER, LedgerKind.EXPIRY):
        errors["kind"] = _("조정·이월·소멸만 직접 기록할 수 있습니다.")
    if not reason:
        errors["reason"] = _("조정 사유를 입력하세요.")
    if not isinstance(days, Decimal) or not days.is_finite() or days == 0 or abs(days) > MAX_ADJUSTMENT_DAYS:
        errors["days"] = _("조정 일수는 0이 아닌 -100일에서 100일 사이의 수입니다.")
    elif days % Decimal("0.25"):
        errors["days"] = _("조정 일수는 0.25일 단위로 입력하세요.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        lock_person(person)
        entry = LeaveLedgerEntry.objects.create(
            person=person,
            kind=kind,
            days=days,
            effective_on=timezone.localdate(),
            reason=reason,
            source=f"{kind}:{uuid.uuid4().hex[:16]}",
            created_by=actor,
        )
        audit_record(
            action="leave.adjust",
            actor=actor,
            target=entry,
            data={"person": person.username, "kind": kind, "days": str(days), "reason": reason},
        )
    return entry


@dataclass(frozen=True)
class GrantRun:
    granted: int  # ledger rows written
    expired: int
    days: Decimal


def leave_grant_due(*, day: date, actor: User | None = None) -> GrantRun:
    """Write into the ledger every 연차 grant that arose for active staff up to `day` (catching up
    a missed run), and the expiry of what was left unused when a leave year began. Safe to run
    twice: each entry has its source ("grant:2026-03-02", "expiry:2026-03-02"), unique per person.

    Expiry (근로기준법 §60⑦): what is left of the balance on the first day of a new leave year
    lapses, the first year's monthly days included."""
    basis = AttendanceSettings.current().entitlement_basis
    people = list(
        User.objects.filter(
            hire_date__isnull=False, hire_date__lte=day, employment_status=EmploymentStatus.ACTIVE
        ).order_by("pk")
    )
    since = day - timedelta(days=GRANT_CATCH_UP_DAYS)
    existing = set(
        LeaveLedgerEntry.objects.filter(person__in=people, effective_on__gt=since).values_list("person_id", "source")
    )
    new: list[LeaveLedgerEntry] = []
    expiries: list[LeaveLedgerEntry] = []
    with transaction.atomic():
        for person in people:
            if person.hire_date is None:  # filtered out above; for the type checker
                continue
            for grant in grants(hired=person.hire_date, until=day, basis=basis, left_on=person.retired_on):
                if grant.on > since and (person.pk, grant.key) not in existing:
                    new.append(
                        LeaveLedgerEntry(
                            person=person,
                            kind=LedgerKind.GRANT,
                            days=grant.days,
                            effective_on=grant.on,
                            reason=grant.note,
                            source=grant.key,
                        )
                    )
        # Then what lapsed: the balance before the current leave year began, the grants about to
        # be written included (one read of the people's ledger, summed here). Under the fiscal
        # basis the first year's monthly days are kept until the first 1 January after a full
        # year of service (more than the statute's one year, never less).
        movements: dict[int, list[tuple[date, Decimal]]] = defaultdict(list)
        for person_id, effective_on, days in LeaveLedgerEntry.objects.filter(person__in=people).values_list(
            "person_id", "effective_on", "days"
        ):
            movements[person_id].append((effective_on, days))
        for entry in new:
            movements[entry.person.pk].append((entry.effective_on, entry.days))
        for person in people:
            if person.hire_date is None:
                continue
            year_start = leave_year_start(hired=person.hire_date, on=day, basis=basis)
            source = f"expiry:{year_start.isoformat()}"
            if year_start <= since or year_start < add_years(person.hire_date, 1) or (person.pk, source) in existing:
                continue
            left = sum((days for on, days in movements[person.pk] if on < year_start), Decimal(0))
            if left > 0:
                expiries.append(
                    LeaveLedgerEntry(
                        person=person,
                        kind=LedgerKind.EXPIRY,
                        days=-left,
                        effective_on=year_start,
                        reason=_("연차 사용기간 만료"),
                        source=source,
                    )
                )
        # The lapse of a day's old balance comes before that day's grant in the ledger's order.
        rows = sorted([*expiries, *new], key=lambda e: (e.effective_on, e.kind != LedgerKind.EXPIRY))
        LeaveLedgerEntry.objects.bulk_create(rows, ignore_conflicts=True)
        expired = len(expiries)
        new += expiries
        granted = [entry for entry in new if entry.kind == LedgerKind.GRANT]
        run = GrantRun(len(granted), expired, sum((e.days for e in granted), Decimal(0)))
        if new:
            audit_record(
                action="leave.grant",
                actor=actor,
                actor_label=None if actor else "연차 발생 작업",
                data={"day": day.isoformat(), "grants": run.granted, "expired": run.expired, "days": str(run.days)},
            )
    return run


# --- leave requests ---------------------------------------------------------------------------------


def leave_days(*, person: User, leave_type: LeaveType, start: date, end: date, portion: str) -> Decimal:
    """The days a request takes: working days by the person's calendar (calendar days for a type
    that counts them, like 출산휴가), or the part of one working day. Raises ValidationError."""
    if portion not in Portion.values:
        raise ValidationError({"portion": _("휴가 구분이 올바르지 않습니다.")})
    if portion != Portion.FULL:
        if start != end:
            raise ValidationError({"portion": _("반차·반반차는 하루만 신청할 수 있습니다.")})
        unit = max(leave_type.smallest_unit, AttendanceSettings.current().smallest_unit)
        if PORTION_DAYS[Portion(portion)] < unit:
            raise ValidationError(
                {
                    "portion": _("%(type)s은(는) %(unit)s일 단위로만 신청할 수 있습니다.")
                    % {"type": leave_type.name, "unit": days_text(unit)}
                }
            )
    if leave_type.counts_calendar_days and portion == Portion.FULL:
        return Decimal((end - start).days + 1)
    worked = working_days(start, end, person=person).count
    if worked == 0:
        raise ValidationError({"start_date": _("신청한 기간에 근무일이 없습니다(주말·공휴일).")})
    return Decimal(worked) if portion == Portion.FULL else PORTION_DAYS[Portion(portion)]


def _check_request(
    *, actor: User, leave_type: LeaveType, start: date, end: date, portion: str, proxy: User | None
) -> Decimal:
    errors: dict[str, str] = {}
    if not leave_type.is_active:
        errors["leave_type"] = _("사용하지 않는 휴가 종류입니다.")
    if end < start:
        errors["end_date"] = _("종료일이 시작일보다 앞섭니다.")
    elif (end - start).days > 365:
        errors["end_date"] = _("휴가 기간은 1년을 넘을 수 없습니다.")
    if proxy is not None:
        if proxy.pk == actor.pk:
            errors["proxy"] = _("본인을 직무대리자로 지정할 수 없습니다.")
        elif not proxy.is_active or proxy.employment_status != EmploymentStatus.ACTIVE:
            errors["proxy"] = _("재직 중인 직원만 직무대리자로 지정할 수 있습니다.")
    if errors:
        raise ValidationError(errors)
    return leave_days(person=actor, leave_type=leave_type, start=start, end=end, portion=portion)


def _check_holdings(*, leave: LeaveRequest, at_decision: bool) -> None:
    """Overlap, yearly maximum and balance: at the request (against what other requests hold)
    and again at the final decision (against the ledger). The applicant's row must be locked."""
    holding = LeaveRequest.objects.filter(applicant=leave.applicant, status__in=HOLDING).exclude(pk=leave.pk)
    if holding.filter(start_date__lte=leave.end_date, end_date__gte=leave.start_date).exists():
        raise ValidationError({"start_date": _("같은 기간에 이미 신청했거나 승인된 휴가가 있습니다.")})
    leave_type = leave.leave_type
    if leave_type.yearly_max_days is not None:
        year = leave.start_date.year
        taken = holding.filter(leave_type=leave_type, start_date__year=year).aggregate(total=Sum("days"))["total"]
        if (taken or 0) + leave.days > leave_type.yearly_max_days:
            raise ValidationError(
                {
                    "leave_type": _("%(type)s은(는) 한 해 %(max)s일까지입니다. 올해 이미 %(taken)s일을 신청했습니다.")
                    % {
                        "type": leave_type.name,
                        "max": days_text(leave_type.yearly_max_days),
                        "taken": days_text(Decimal(taken or 0)),
                    }
                }
            )
    if leave_type.counts_against_annual:
        available = leave_balance(leave.applicant)
        if not at_decision:
            available -= pending_annual_days(leave.applicant, exclude_pk=leave.pk)
        if leave.days > available:
            raise ValidationError(
                {
                    "days": _("연가 잔여일수가 부족합니다. 남은 일수 %(left)s일, 신청 %(days)s일.")
                    % {"left": days_text(max(available, Decimal(0))), "days": days_text(leave.days)}
                }
            )


def _title(leave: LeaveRequest) -> str:
    span = kdate(leave.start_date)
    if leave.end_date != leave.start_date:
        span = f"{span}~{kdate(leave.end_date)}"
    return _("%(type)s 신청(%(span)s, %(days)s일)") % {
        "type": leave.leave_type.name,
        "span": span,
        "days": days_text(leave.days),
    }


def _body(leave: LeaveRequest) -> str:
    return format_html(
        "<table><tbody>"
        '<tr><th scope="row">신청인</th><td>{}</td></tr>'
        '<tr><th scope="row">휴가 종류</th><td>{}</td></tr>'
        '<tr><th scope="row">기간</th><td>{} ~ {} ({})</td></tr>'
        '<tr><th scope="row">일수</th><td>{}일</td></tr>'
        '<tr><th scope="row">직무대리자</th><td>{}</td></tr>'
        '<tr><th scope="row">사유</th><td>{}</td></tr>'
        "</tbody></table>",
        leave.applicant.name,
        leave.leave_type.name,
        kdate(leave.start_date),
        kdate(leave.end_date),
        leave.get_portion_display(),
        days_text(leave.days),
        leave.proxy.name if leave.proxy else "-",
        leave.reason or "-",
    )


def default_unit_task(actor: User) -> UnitTask | None:
    """The unit task a request is filed under when the form names none: the first the person may
    file under (their department's, by code)."""
    return unit_tasks_for_filing(actor).first()


def leave_request_submit(
    *,
    actor: User,
    leave_type: LeaveType,
    start_date: date,
    end_date: date,
    portion: str = Portion.FULL,
    reason: str = "",
    proxy: User | None = None,
    unit_task: UnitTask | None = None,
    line: ApprovalLine | None = None,
    submission_token: uuid.UUID | None = None,
    now: datetime | None = None,
    certificate_files: list[UploadedFile] | None = None,
) -> LeaveRequest:
    """Request leave (휴가 신청) and submit it for approval (`attendance.leave`), in one
    transaction. A type that needs a certificate past some days (병가: more than 6, the 공무원
    복무규정 model) is refused without one; the files go with the document as its 붙임. Raises
    ValidationError (Korean, by field); nothing is written then."""
    days = _check_request(
        actor=actor, leave_type=leave_type, start=start_date, end=end_date, portion=portion, proxy=proxy
    )
    needs = leave_type.certificate_after_days
    if needs is not None and days > needs and not certificate_files:
        raise ValidationError(
            {
                "certificate": _("%(type)s이(가) %(n)d일을 넘으면 증빙서류(진단서 등)를 붙여야 합니다.")
                % {"type": leave_type.name, "n": needs}
            }
        )
    from attendance.close import refuse_closed_month

    refuse_closed_month(start_date, "start_date")
    refuse_closed_month(end_date, "end_date")
    reason = (reason or "").strip()[:200]
    unit_task = unit_task or default_unit_task(actor)
    if unit_task is None:
        raise ValidationError(
            {"unit_task": _("휴가 신청을 올릴 단위과제가 없습니다. 부서의 단위과제를 먼저 등록하세요.")}
        )

    def create() -> LeaveRequest:
        lock_person(actor)  # the race: two requests for the last days of one balance
        leave = LeaveRequest(
            applicant=actor,
            leave_type=leave_type,
            start_date=start_date,
            end_date=end_date,
            portion=portion,
            days=days,
            reason=reason,
            proxy=proxy,
            submission_token=submission_token,
        )
        _check_holdings(leave=leave, at_decision=False)
        leave.save()
        document = approval_submit_subject(
            kind=LEAVE_KIND,
            subject=leave,
            actor=actor,
            title=_title(leave),
            body=_body(leave),
            unit_task=unit_task,
            line=line,
            form_data={
                "leave": leave.pk,
                "days": str(days),
                "from": start_date.isoformat(),
                "to": end_date.isoformat(),
            },
            now=now,
            files=certificate_files or None,
        )
        leave.document = document
        leave.save(update_fields=["document", "updated_at"])
        audit_record(
            action="leave.request",
            actor=actor,
            target=leave,
            data={
                "type": leave_type.code,
                "from": start_date.isoformat(),
                "to": end_date.isoformat(),
                "days": str(days),
            },
        )
        return leave

    with transaction.atomic():
        leave, _created = create_once(
            LeaveRequest, token=submission_token, owner_field="applicant", owner=actor, create=create
        )
    return leave


def _absence_span(leave: LeaveRequest) -> tuple[datetime, datetime] | None:
    """When the applicant is away: whole days, or the half of one day (none for a 반반차)."""
    tz = _tz()
    if leave.portion == Portion.QUARTER:
        return None
    start = datetime.combine(leave.start_date, time(0), tz)
    end = datetime.combine(leave.end_date + timedelta(days=1), time(0), tz)
    noon = datetime.combine(leave.start_date, time(13, 0), tz)
    if leave.portion == Portion.AM:
        return start, noon
    if leave.portion == Portion.PM:
        return noon, end
    return start, end


def leave_approved(*, leave: LeaveRequest, actor: User, at: datetime) -> None:
    """The final approval: the balance is checked again, the days are used in the ledger, and the
    absence with the named proxy is recorded so approval's 대결 follows it."""
    lock_person(leave.applicant)
    _check_holdings(leave=leave, at_decision=True)
    if leave.leave_type.counts_against_annual:
        LeaveLedgerEntry.objects.create(
            person=leave.applicant,
            kind=LedgerKind.USE,
            days=-leave.days,
            effective_on=leave.start_date,
            reason=_title(leave),
            source=f"leave:{leave.pk}:use",
            leave_request=leave,
            created_by=actor,
        )
    span = _absence_span(leave)
    if leave.proxy is not None and span is not None:
        leave.absence = absence_create(
            user=leave.applicant,
            proxy=leave.proxy,
            starts_at=span[0],
            ends_at=span[1],
            reason=Absence.Reason.LEAVE,
            note=_title(leave)[:200],
            actor=actor,
        )
    leave.status = LeaveStatus.APPROVED
    leave.save(update_fields=["status", "absence", "updated_at"])
    audit_record(
        action="leave.approve", actor=actor, target=leave, data={"days": str(leave.days), "at": at.isoformat()}
    )


def leave_closed(*, leave: LeaveRequest, status: str) -> None:
    """Returned (반려) or withdrawn (회수): the request stops holding its days."""
    leave.status = status
    leave.save(update_fields=["status", "updated_at"])


def leave_cancel_request(
    *,
    actor: User,
    leave: LeaveRequest,
    reason: str,
    unit_task: UnitTask | None = None,
    line: ApprovalLine | None = None,
) -> LeaveCancellation:
    """취소 신청 of an approved leave, submitted for approval (`attendance.leave_cancel`)."""
    reason = (reason or "").strip()
    if leave.applicant_id != actor.pk:
        raise ValidationError(_("본인의 휴가만 취소 신청할 수 있습니다."))
    if not reason:
        raise ValidationError({"reason": _("취소 사유를 입력하세요.")})
    unit_task = unit_task or default_unit_task(actor)
    if unit_task is None:
        raise ValidationError({"unit_task": _("취소 신청을 올릴 단위과제가 없습니다.")})
    with transaction.atomic():
        lock_person(actor)
        leave = LeaveRequest.objects.select_related("leave_type").get(pk=leave.pk)
        if not leave.can_cancel():
            raise ValidationError(_("승인된 휴가만 취소 신청할 수 있습니다."))
        if leave.cancellations.filter(status=CancellationStatus.PENDING).exists():
            raise ValidationError(_("이 휴가의 취소 신청이 이미 결재 중입니다."))
        cancellation = LeaveCancellation.objects.create(leave=leave, reason=reason[:200])
        document = approval_submit_subject(
            kind=LEAVE_CANCEL_KIND,
            subject=cancellation,
            actor=actor,
            title=_("휴가 취소 신청: %(title)s") % {"title": _title(leave)},
            body=format_html("{}<p>취소 사유: {}</p>", _body(leave), reason),
            unit_task=unit_task,
            line=line,
            form_data={"leave": leave.pk},
        )
        cancellation.document = document
        cancellation.save(update_fields=["document", "updated_at"])
        audit_record(action="leave.cancel_request", actor=actor, target=cancellation, data={"leave": leave.pk})
    return cancellation


def leave_cancel_approved(*, cancellation: LeaveCancellation, actor: User, at: datetime) -> None:
    """The cancellation approved: the days come back to the ledger and the absence ends."""
    leave = LeaveRequest.objects.select_for_update().select_related("leave_type").get(pk=cancellation.leave_id)
    lock_person(leave.applicant)
    if leave.status != LeaveStatus.APPROVED:
        raise ValidationError(_("이미 취소되었거나 승인되지 않은 휴가입니다."))
    if leave.leave_type.counts_against_annual:
        LeaveLedgerEntry.objects.create(
            person=leave.applicant,
            kind=LedgerKind.CANCEL,
            days=leave.days,
            effective_on=leave.start_date,
            reason=_("%(title)s 취소") % {"title": _title(leave)},
            source=f"leave:{leave.pk}:cancel",
            leave_request=leave,
            created_by=actor,
        )
    if leave.absence is not None:
        absence_end(absence=leave.absence, at=at, actor=actor)
    leave.status = LeaveStatus.CANCELLED
    leave.save(update_fields=["status", "updated_at"])
    cancellation.status = CancellationStatus.APPROVED
    cancellation.save(update_fields=["status", "updated_at"])
    audit_record(action="leave.cancel", actor=actor, target=leave, data={"days": str(leave.days)})


def leaves_overlapping(person: User, start: date, end: date) -> list[LeaveRequest]:
    """The person's approved leave touching [start, end] (for the calendar pages)."""
    return list(
        LeaveRequest.objects.filter(
            Q(start_date__lte=end, end_date__gte=start), applicant=person, status=LeaveStatus.APPROVED
        ).select_related("leave_type")
    )


# --- the institution's own settings (the console) ------------------------------------------------------


def attendance_settings_save(*, settings_row: AttendanceSettings, actor: User) -> AttendanceSettings:
    """Save the 복무 settings (schedule, unit, basis, allowlist), checked and audited."""
    from attendance.clock import parse_allowlist

    errors: dict[str, str] = {}
    if settings_row.work_end <= settings_row.work_start:
        errors["work_end"] = _("퇴근 시각은 출근 시각보다 늦어야 합니다.")
    if settings_row.break_minutes > 240:
        errors["break_minutes"] = _("휴게 시간은 240분까지입니다.")
    if settings_row.overtime_deduction_minutes > 240:
        errors["overtime_deduction_minutes"] = _("시간외근무 공제는 하루 240분까지입니다.")
    try:
        parse_allowlist(settings_row.ip_allowlist)
    except ValidationError as exc:
        errors.update({key: " ".join(value) for key, value in exc.message_dict.items()})
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        settings_row.pk = 1
        settings_row.save()
        audit_record(
            action="attendance_settings.save",
            actor=actor,
            target=settings_row,
            data={
                "start": settings_row.work_start.isoformat(),
                "end": settings_row.work_end.isoformat(),
                "basis": settings_row.entitlement_basis,
                "unit": str(settings_row.smallest_unit),
                "allowlist": settings_row.ip_allowlist,
                "overtime_deduction_minutes": settings_row.overtime_deduction_minutes,
            },
        )
    return settings_row


def leave_type_save(*, leave_type: LeaveType, actor: User) -> LeaveType:
    with transaction.atomic():
        leave_type.save()
        audit_record(
            action="leave_type.save",
            actor=actor,
            target=leave_type,
            data={"code": leave_type.code, "name": leave_type.name, "paid": leave_type.is_paid},
        )
    return leave_type


def closure_save(*, closure: Closure, actor: User) -> Closure:
    with transaction.atomic():
        closure.save()
        audit_record(
            action="closure.save",
            actor=actor,
            target=closure,
            data={"date": closure.date.isoformat(), "name": closure.name},
        )
    return closure
