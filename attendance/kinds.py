"""The approval kinds of attendance: `attendance.leave` (휴가 신청), `attendance.leave_cancel`
(휴가 취소 신청), `attendance.correction` (근태 정정), `attendance.flexible_work` (유연근무),
`attendance.overtime` (시간외근무) and `attendance.trip` (출장); and, to budget, the owner of
the trips' commitments, told when a trip's 정산 지출결의 is decided.
The engine calls back inside the deciding transaction with the subject locked; if a callback
raises (the balance no longer covers the leave, the proxy is away), the decision is rolled back
and the approver sees the Korean message. The line comes from the institution's delegation
table rows for the kind (위임전결), from the applicant's department chain.

Each kind is one row of `KINDS`: its subject, who it is for, and one handler that receives the
approval, the return (반려) and the withdrawal (회수) alike; the decision's event ("approved",
"rejected", "withdrawn") is also the status the subject takes, except where a service says more.
A decision on a document the subject has since left (a resubmission) is ignored."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from operator import attrgetter
from typing import Any

from django.utils.translation import gettext_lazy as _

from approval.kinds import Decision, register_kind

LEAVE_KIND = "attendance.leave"
LEAVE_CANCEL_KIND = "attendance.leave_cancel"
CORRECTION_KIND = "attendance.correction"
FLEXIBLE_KIND = "attendance.flexible_work"
OVERTIME_KIND = "attendance.overtime"
TRIP_KIND = "attendance.trip"


def _leave(decision: Decision) -> None:
    from attendance.services import leave_approved, leave_closed

    if decision.event == "approved":
        leave_approved(leave=decision.subject, actor=decision.actor, at=decision.at)
    else:
        leave_closed(leave=decision.subject, status=decision.event)


def _leave_cancel(decision: Decision) -> None:
    from attendance.services import leave_cancel_approved

    if decision.event == "approved":
        leave_cancel_approved(cancellation=decision.subject, actor=decision.actor, at=decision.at)
    else:
        decision.subject.status = decision.event
        decision.subject.save(update_fields=["status", "updated_at"])


def _correction(decision: Decision) -> None:
    from attendance.corrections import correction_decided

    correction_decided(correction=decision.subject, status=decision.event, actor=decision.actor)


def _flexible(decision: Decision) -> None:
    from attendance.flexible import flexible_decided

    flexible_decided(work=decision.subject, status=decision.event, actor=decision.actor)


def _overtime(decision: Decision) -> None:
    from attendance.overtime import overtime_decided

    overtime_decided(overtime=decision.subject, status=decision.event, actor=decision.actor)


def _trip(decision: Decision) -> None:
    from attendance.trips import trip_approved, trip_closed

    if decision.event == "approved":
        trip_approved(trip=decision.subject, actor=decision.actor, at=decision.at)
    else:
        trip_closed(trip=decision.subject, status=decision.event)


@dataclass(frozen=True)
class _Kind:
    name: str
    label: Any
    subject_model: str
    requester: Callable[[Any], Any]
    callback: Callable[[Decision], None]


def _when_current(handler: Callable[[Decision], None]) -> Callable[[Decision], None]:
    def callback(decision: Decision) -> None:
        if decision.subject.document_id == decision.document_id:
            handler(decision)

    callback.__name__ = f"{handler.__name__.lstrip('_')}_decided"
    return callback


# Made once at import: registering the same kinds again (ready() may run twice) compares equal.
KINDS = tuple(
    _Kind(name, label, model, attrgetter(requester), _when_current(handler))
    for name, label, model, requester, handler in (
        (LEAVE_KIND, _("휴가 신청"), "attendance.LeaveRequest", "applicant", _leave),
        (LEAVE_CANCEL_KIND, _("휴가 취소 신청"), "attendance.LeaveCancellation", "leave.applicant", _leave_cancel),
        (CORRECTION_KIND, _("근태 정정 신청"), "attendance.ClockCorrection", "person", _correction),
        (FLEXIBLE_KIND, _("유연근무 신청"), "attendance.FlexibleWork", "person", _flexible),
        (OVERTIME_KIND, _("시간외근무 신청"), "attendance.Overtime", "person", _overtime),
        (TRIP_KIND, _("출장 신청"), "attendance.Trip", "person", _trip),
    )
)


def _trip_settlement(decision: Any) -> None:
    from attendance.trips import trip_settlement_decided

    trip_settlement_decided(decision)


def register() -> None:
    from budget.execution import register_commitment_owner

    for kind in KINDS:
        register_kind(
            kind.name,
            label=str(kind.label),
            subject_model=kind.subject_model,
            requester=kind.requester,
            on_approved=kind.callback,
            on_rejected=kind.callback,
            on_withdrawn=kind.callback,
        )
    register_commitment_owner("attendance", "trip", _trip_settlement)
