"""유연근무 (attendance.flexible_work): 시차출퇴근 (a start between 07:00 and 10:00 and the usual
eight hours plus the lunch hour), 근무시간선택제 (4–12 hours a day), 집약근무 (up to 12 hours a
day) and 재택근무, requested for a period through e-approval. Once approved, the days of the
period expect its start and end (attendance.selectors)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.html import format_html
from django.utils.translation import gettext as _

from approval.services import approval_submit_subject
from attendance.kinds import FLEXIBLE_KIND
from attendance.locks import lock_person
from attendance.models import CorrectionStatus, FlexibleKind, FlexibleWork
from attendance.services import default_unit_task
from audit.services import audit_record
from core.templatetags.korean import kdate
from org.models import User

EARLIEST, LATEST = time(6, 0), time(22, 0)
STAGGERED_FROM, STAGGERED_TO = time(7, 0), time(10, 0)
LUNCH = timedelta(hours=1)


def _hours(start: time, end: time) -> timedelta:
    return datetime.combine(date.min, end) - datetime.combine(date.min, start)


def flexible_check(*, kind: str, start_date: date, end_date: date, work_start: time, work_end: time) -> None:
    errors: dict[str, str] = {}
    if kind not in FlexibleKind.values:
        errors["kind"] = _("유연근무 유형을 목록에서 고르세요.")
    if end_date < start_date:
        errors["end_date"] = _("종료일이 시작일보다 앞섭니다.")
    elif (end_date - start_date).days > 365:
        errors["end_date"] = _("유연근무 기간은 1년을 넘을 수 없습니다.")
    if work_end <= work_start:
        errors["work_end"] = _("퇴근 시각은 출근 시각보다 늦어야 합니다.")
    elif work_start < EARLIEST or work_end > LATEST:
        errors["work_start"] = _("근무 시간은 06:00부터 22:00 사이로 정하세요.")
    elif kind == FlexibleKind.STAGGERED:
        if not STAGGERED_FROM <= work_start <= STAGGERED_TO:
            errors["work_start"] = _("시차출퇴근의 출근 시각은 07:00부터 10:00 사이입니다.")
        elif _hours(work_start, work_end) != timedelta(hours=8) + LUNCH:
            errors["work_end"] = _("시차출퇴근은 하루 8시간(점심 1시간을 더해 9시간) 근무입니다.")
    elif kind == FlexibleKind.SELECTIVE and not (
        timedelta(hours=4) <= _hours(work_start, work_end) <= timedelta(hours=12) + LUNCH
    ):
        errors["work_end"] = _("근무시간선택제는 하루 4시간에서 12시간 사이입니다.")
    elif _hours(work_start, work_end) > timedelta(hours=12) + LUNCH:
        errors["work_end"] = _("하루 근무는 12시간(점심 1시간 별도)을 넘을 수 없습니다.")
    if errors:
        raise ValidationError(errors)


def flexible_submit(
    *,
    actor: User,
    kind: str,
    start_date: date,
    end_date: date,
    work_start: time,
    work_end: time,
    reason: str = "",
) -> FlexibleWork:
    """Request 유연근무 for a period and submit it for approval. Raises ValidationError."""
    flexible_check(kind=kind, start_date=start_date, end_date=end_date, work_start=work_start, work_end=work_end)
    unit_task = default_unit_task(actor)
    if unit_task is None:
        raise ValidationError({"unit_task": _("유연근무 신청을 올릴 단위과제가 없습니다.")})
    reason = (reason or "").strip()[:200]
    with transaction.atomic():
        lock_person(actor)  # two overlapping requests at once: the second sees the first
        open_ = FlexibleWork.objects.filter(
            person=actor,
            status__in=(CorrectionStatus.PENDING, CorrectionStatus.APPROVED),
            start_date__lte=end_date,
            end_date__gte=start_date,
        )
        if open_.exists():
            raise ValidationError({"start_date": _("같은 기간에 이미 신청했거나 승인된 유연근무가 있습니다.")})
        work = FlexibleWork.objects.create(
            person=actor,
            kind=kind,
            start_date=start_date,
            end_date=end_date,
            work_start=work_start,
            work_end=work_end,
            reason=reason,
        )
        label = FlexibleKind(kind).label
        span = f"{kdate(start_date)}~{kdate(end_date)}"
        hours = f"{work_start:%H:%M}~{work_end:%H:%M}"
        work.document = approval_submit_subject(
            kind=FLEXIBLE_KIND,
            subject=work,
            actor=actor,
            title=_("유연근무 신청(%(kind)s, %(span)s, %(hours)s)") % {"kind": label, "span": span, "hours": hours},
            body=format_html(
                '<table><tbody><tr><th scope="row">신청인</th><td>{}</td></tr>'
                '<tr><th scope="row">유형</th><td>{}</td></tr>'
                '<tr><th scope="row">기간</th><td>{}</td></tr>'
                '<tr><th scope="row">근무 시간</th><td>{}</td></tr>'
                '<tr><th scope="row">사유</th><td>{}</td></tr></tbody></table>',
                actor.name,
                label,
                span,
                hours,
                reason or "-",
            ),
            unit_task=unit_task,
        )
        work.save(update_fields=["document", "updated_at"])
        audit_record(
            action="flexible_work.request",
            actor=actor,
            target=work,
            data={"kind": kind, "from": start_date.isoformat(), "to": end_date.isoformat(), "hours": hours},
        )
    return work


def flexible_decided(*, work: FlexibleWork, status: str, actor: User) -> None:
    work.status = status
    work.save(update_fields=["status", "updated_at"])
    if status == CorrectionStatus.APPROVED:
        audit_record(action="flexible_work.approve", actor=actor, target=work, data={"person": work.person.username})
