"""근태 정정 (attendance.correction): a request to count another 출근 or 퇴근 time for a day,
decided through e-approval. The clock record is never edited: the approved correction is kept
beside it, and the day is judged by the corrected time (attendance.selectors)."""

from __future__ import annotations

from datetime import date, datetime, time

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _

from approval.services import approval_submit_subject
from attendance.kinds import CORRECTION_KIND
from attendance.models import ClockCorrection, ClockKind, ClockRecord, CorrectionStatus
from attendance.services import default_unit_task
from audit.services import audit_record
from core.templatetags.korean import kdate
from org.models import User


def correction_submit(*, actor: User, day: date, kind: str, at_time: time, reason: str) -> ClockCorrection:
    """Ask for `kind` on `day` to count as `at_time`. Raises ValidationError (Korean, by field)."""
    reason = (reason or "").strip()
    errors: dict[str, str] = {}
    if kind not in ClockKind.values:
        errors["kind"] = _("출근 또는 퇴근을 선택하세요.")
    if day > timezone.localdate():
        errors["day"] = _("지난 날이나 오늘의 기록만 정정할 수 있습니다.")
    if not reason:
        errors["reason"] = _("정정 사유를 입력하세요.")
    elif len(reason) > 200:
        errors["reason"] = _("사유는 200자까지 쓸 수 있습니다.")
    unit_task = default_unit_task(actor)
    if unit_task is None:
        errors["unit_task"] = _("정정 신청을 올릴 단위과제가 없습니다. 부서의 단위과제를 먼저 등록하세요.")
    if errors:
        raise ValidationError(errors)
    from attendance.close import refuse_closed_month

    refuse_closed_month(day)
    moment = datetime.combine(day, at_time, timezone.get_current_timezone())
    recorded = ClockRecord.objects.filter(person=actor, day=day, kind=kind).first()
    label = ClockKind(kind).label
    title = _("근태 정정 신청(%(day)s %(kind)s %(time)s)") % {
        "day": kdate(day),
        "kind": label,
        "time": at_time.strftime("%H:%M"),
    }
    body = format_html(
        "<table><tbody>"
        '<tr><th scope="row">신청인</th><td>{}</td></tr>'
        '<tr><th scope="row">근무일</th><td>{}</td></tr>'
        '<tr><th scope="row">구분</th><td>{}</td></tr>'
        '<tr><th scope="row">기록된 시각</th><td>{}</td></tr>'
        '<tr><th scope="row">정정 시각</th><td>{}</td></tr>'
        '<tr><th scope="row">사유</th><td>{}</td></tr>'
        "</tbody></table>",
        actor.name,
        kdate(day),
        label,
        timezone.localtime(recorded.at).strftime("%H:%M") if recorded else _("기록 없음"),
        at_time.strftime("%H:%M"),
        reason,
    )
    try:
        with transaction.atomic():
            correction = ClockCorrection.objects.create(person=actor, day=day, kind=kind, at=moment, reason=reason)
            correction.document = approval_submit_subject(
                kind=CORRECTION_KIND, subject=correction, actor=actor, title=title, body=body, unit_task=unit_task
            )
            correction.save(update_fields=["document", "updated_at"])
            audit_record(
                action="correction.request",
                actor=actor,
                target=correction,
                data={"day": day.isoformat(), "kind": kind, "at": moment.isoformat()},
            )
    except IntegrityError:
        raise ValidationError({"day": _("그날의 같은 정정 신청이 이미 있습니다.")}) from None
    return correction


def correction_decided(*, correction: ClockCorrection, status: str, actor: User) -> None:
    correction.status = status
    correction.save(update_fields=["status", "updated_at"])
    if status == CorrectionStatus.APPROVED:
        audit_record(
            action="correction.approve",
            actor=actor,
            target=correction,
            data={"person": correction.person.username, "day": correction.day.isoformat(), "kind": correction.kind},
        )
