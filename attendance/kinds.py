"""The approval kinds of attendance: `attendance.leave` (휴가 신청), `attendance.leave_cancel`
(휴가 취소 신청), `attendance.correction` (근태 정정), `attendance.flexible_work` (유연근무) and
`attendance.overtime` (시간외근무) and `attendance.trip` (출장).
The engine calls back inside the deciding transaction with the subject locked; if a callback
raises (the balance no longer covers the leave, the proxy is away), the decision is rolled back
and the approver sees the Korean message. The line comes from the institution's delegation
table rows for the kind (위임전결), from the applicant's department chain."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from approval.kinds import Decision, register_kind

LEAVE_KIND = "attendance.leave"
LEAVE_CANCEL_KIND = "attendance.leave_cancel"
CORRECTION_KIND = "attendance.correction"
FLEXIBLE_KIND = "attendance.flexible_work"
OVERTIME_KIND = "attendance.overtime"
TRIP_KIND = "attendance.trip"


def _current(decision: Decision) -> bool:
    return bool(decision.subject.document_id == decision.document_id)


def leave_requester(leave: Any) -> Any:
    return leave.applicant


def leave_on_approved(decision: Decision) -> None:
    from attendance.services import leave_approved

    if _current(decision):
        leave_approved(leave=decision.subject, actor=decision.actor, at=decision.at)


def leave_on_rejected(decision: Decision) -> None:
    from attendance.models import LeaveStatus
    from attendance.services import leave_closed

    if _current(decision):
        leave_closed(leave=decision.subject, status=LeaveStatus.REJECTED)


def leave_on_withdrawn(decision: Decision) -> None:
    from attendance.models import LeaveStatus
    from attendance.services import leave_closed

    if _current(decision):
        leave_closed(leave=decision.subject, status=LeaveStatus.WITHDRAWN)


def cancellation_requester(cancellation: Any) -> Any:
    return cancellation.leave.applicant


def cancellation_on_approved(decision: Decision) -> None:
    from attendance.services import leave_cancel_approved

    if _current(decision):
        leave_cancel_approved(cancellation=decision.subject, actor=decision.actor, at=decision.at)


def _cancellation_closed(decision: Decision, status: str) -> None:
    if _current(decision):
        decision.subject.status = status
        decision.subject.save(update_fields=["status", "updated_at"])


def cancellation_on_rejected(decision: Decision) -> None:
    from attendance.models import CancellationStatus

    _cancellation_closed(decision, CancellationStatus.REJECTED)


def cancellation_on_withdrawn(decision: Decision) -> None:
    from attendance.models import CancellationStatus

    _cancellation_closed(decision, CancellationStatus.WITHDRAWN)


def correction_requester(correction: Any) -> Any:
    return correction.person


def _correction(decision: Decision, status: str) -> None:
    from attendance.corrections import correction_decided

    if _current(decision):
        correction_decided(correction=decision.subject, status=status, actor=decision.actor)


def correction_on_approved(decision: Decision) -> None:
    _correction(decision, "approved")


def correction_on_rejected(decision: Decision) -> None:
    _correction(decision, "rejected")


def correction_on_withdrawn(decision: Decision) -> None:
    _correction(decision, "withdrawn")


def flexible_requester(work: Any) -> Any:
    return work.person


def _flexible(decision: Decision, status: str) -> None:
    from attendance.flexible import flexible_decided

    if _current(decision):
        flexible_decided(work=decision.subject, status=status, actor=decision.actor)


def flexible_on_approved(decision: Decision) -> None:
    _flexible(decision, "approved")


def flexible_on_rejected(decision: Decision) -> None:
    _flexible(decision, "rejected")


def flexible_on_withdrawn(decision: Decision) -> None:
    _flexible(decision, "withdrawn")


def overtime_requester(overtime: Any) -> Any:
    return overtime.person


def _overtime(decision: Decision, status: str) -> None:
    from attendance.overtime import overtime_decided

    if _current(decision):
        overtime_decided(overtime=decision.subject, status=status, actor=decision.actor)


def overtime_on_approved(decision: Decision) -> None:
    _overtime(decision, "approved")


def overtime_on_rejected(decision: Decision) -> None:
    _overtime(decision, "rejected")


def overtime_on_withdrawn(decision: Decision) -> None:
    _overtime(decision, "withdrawn")


def trip_requester(trip: Any) -> Any:
    return trip.person


def trip_on_approved(decision: Decision) -> None:
    from attendance.trips import trip_approved

    if _current(decision):
        trip_approved(trip=decision.subject, actor=decision.actor, at=decision.at)


def trip_on_rejected(decision: Decision) -> None:
    from attendance.models import TripStatus
    from attendance.trips import trip_closed

    if _current(decision):
        trip_closed(trip=decision.subject, status=TripStatus.REJECTED)


def trip_on_withdrawn(decision: Decision) -> None:
    from attendance.models import TripStatus
    from attendance.trips import trip_closed

    if _current(decision):
        trip_closed(trip=decision.subject, status=TripStatus.WITHDRAWN)


def register() -> None:
    register_kind(
        LEAVE_KIND,
        label=str(_("휴가 신청")),
        subject_model="attendance.LeaveRequest",
        requester=leave_requester,
        on_approved=leave_on_approved,
        on_rejected=leave_on_rejected,
        on_withdrawn=leave_on_withdrawn,
    )
    register_kind(
        LEAVE_CANCEL_KIND,
        label=str(_("휴가 취소 신청")),
        subject_model="attendance.LeaveCancellation",
        requester=cancellation_requester,
        on_approved=cancellation_on_approved,
        on_rejected=cancellation_on_rejected,
        on_withdrawn=cancellation_on_withdrawn,
    )
    register_kind(
        CORRECTION_KIND,
        label=str(_("근태 정정 신청")),
        subject_model="attendance.ClockCorrection",
        requester=correction_requester,
        on_approved=correction_on_approved,
        on_rejected=correction_on_rejected,
        on_withdrawn=correction_on_withdrawn,
    )
    register_kind(
        FLEXIBLE_KIND,
        label=str(_("유연근무 신청")),
        subject_model="attendance.FlexibleWork",
        requester=flexible_requester,
        on_approved=flexible_on_approved,
        on_rejected=flexible_on_rejected,
        on_withdrawn=flexible_on_withdrawn,
    )
    register_kind(
        OVERTIME_KIND,
        label=str(_("시간외근무 신청")),
        subject_model="attendance.Overtime",
        requester=overtime_requester,
        on_approved=overtime_on_approved,
        on_rejected=overtime_on_rejected,
        on_withdrawn=overtime_on_withdrawn,
    )
    register_kind(
        TRIP_KIND,
        label=str(_("출장 신청")),
        subject_model="attendance.Trip",
        requester=trip_requester,
        on_approved=trip_on_approved,
        on_rejected=trip_on_rejected,
        on_withdrawn=trip_on_withdrawn,
    )
