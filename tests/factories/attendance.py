"""Attendance built through its services. Call inside an institution's schema (in_alpha) with an
org from tests.factories.approval.org_chart()."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from approval.models import DelegationRule
from attendance.kinds import CORRECTION_KIND, FLEXIBLE_KIND, LEAVE_CANCEL_KIND, LEAVE_KIND, OVERTIME_KIND, TRIP_KIND
from attendance.models import LeaveLedgerEntry, LeaveRequest, LeaveType, LedgerKind
from attendance.services import leave_request_submit
from org.models import Position, User


def leave_delegation(positions: dict[str, Position], deciding: str = "팀장") -> None:
    """위임전결: leave, its cancellation and 근태 정정 decided by the team head (팀장)."""
    for kind in (LEAVE_KIND, LEAVE_CANCEL_KIND, CORRECTION_KIND, FLEXIBLE_KIND, OVERTIME_KIND, TRIP_KIND):
        DelegationRule.objects.create(kind=kind, label="휴가", deciding_position=positions[deciding])


def grant(person: User, days: str | int, *, on: date = date(2026, 1, 1), source: str = "") -> LeaveLedgerEntry:
    return LeaveLedgerEntry.objects.create(
        person=person,
        kind=LedgerKind.GRANT,
        days=Decimal(days),
        effective_on=on,
        reason="테스트 발생",
        source=source or f"grant:test:{on.isoformat()}:{days}",
    )


def leave_type(code: str = "annual") -> LeaveType:
    return LeaveType.objects.get(code=code)


def request_leave(person: User, start: date, end: date | None = None, **fields) -> LeaveRequest:
    return leave_request_submit(
        actor=person,
        leave_type=fields.pop("leave_type", None) or leave_type(),
        start_date=start,
        end_date=end or start,
        **fields,
    )
