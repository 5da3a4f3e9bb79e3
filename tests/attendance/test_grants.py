"""The yearly grant job's service: the §60 grants written into the ledger as they arise (with a
missed run caught up), the unused days lapsing when a new leave year begins, and a second run
writing nothing."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from attendance import tasks
from attendance.models import AttendanceSettings, LeaveLedgerEntry, LedgerKind
from attendance.services import leave_balance, leave_grant_due
from audit.models import AuditEvent
from org.models import EmploymentStatus
from tests.factories import UserFactory
from tests.factories.attendance import grant

pytestmark = pytest.mark.django_db


def _rows(person) -> list[tuple[str, str, Decimal]]:
    return [
        (e.kind, e.effective_on.isoformat(), e.days)
        for e in LeaveLedgerEntry.objects.filter(person=person).order_by("effective_on", "pk")
    ]


def test_monthly_days_then_the_first_anniversary_with_expiry(in_alpha):
    person = UserFactory(hire_date=date(2025, 3, 2))
    first = leave_grant_due(day=date(2025, 8, 2))
    assert (first.granted, first.expired, first.days) == (5, 0, Decimal(5))  # 4/2 … 8/2
    # One day of the first year used; the rest lapses on 2026-3-2 when the 15 days arise.
    LeaveLedgerEntry.objects.create(
        person=person, kind=LedgerKind.USE, days=Decimal(-1), effective_on=date(2025, 9, 10), source="use:test"
    )
    second = leave_grant_due(day=date(2026, 3, 2))
    assert (second.granted, second.expired) == (7, 1)  # 9/2 … 2/2 (6 days) and the 15
    assert _rows(person)[-2:] == [("expiry", "2026-03-02", Decimal(-10)), ("grant", "2026-03-02", Decimal(15))]
    assert leave_balance(person) == Decimal(15)


def test_a_second_run_writes_nothing(in_alpha):
    UserFactory(hire_date=date(2024, 3, 2))
    leave_grant_due(day=date(2026, 3, 2))
    count = LeaveLedgerEntry.objects.count()
    again = leave_grant_due(day=date(2026, 3, 2))
    assert (again.granted, again.expired) == (0, 0)
    assert LeaveLedgerEntry.objects.count() == count
    assert AuditEvent.objects.filter(action="leave.grant").count() == 1


def test_retired_and_future_staff_get_nothing(in_alpha):
    UserFactory(hire_date=date(2020, 1, 1), employment_status=EmploymentStatus.RETIRED, retired_on=date(2025, 12, 31))
    UserFactory(hire_date=date(2027, 1, 1))
    assert leave_grant_due(day=date(2026, 1, 1)).granted == 0


def test_the_fiscal_basis_grants_on_1_january(in_alpha):
    AttendanceSettings.objects.update_or_create(pk=1, defaults={"entitlement_basis": "fiscal"})
    person = UserFactory(hire_date=date(2025, 7, 1))
    leave_grant_due(day=date(2026, 1, 1))
    # 11 monthly days are not all due yet: 8/1 … 1/1 = 6, plus the pro-rata 8 on 1/1
    assert leave_balance(person) == Decimal(14)


def test_the_expiry_keeps_adjustments_in_the_balance_it_lapses(in_alpha):
    person = UserFactory(hire_date=date(2020, 1, 1))
    grant(person, 17, on=date(2025, 1, 1), source="grant:2025-01-01")
    leave_grant_due(day=date(2026, 1, 1))
    assert _rows(person) == [
        ("grant", "2025-01-01", Decimal(17)),
        ("expiry", "2026-01-01", Decimal(-17)),
        ("grant", "2026-01-01", Decimal(17)),
    ]


def test_the_province_task_fans_out_to_every_institution(monkeypatch):
    sent = []
    monkeypatch.setattr(tasks, "fan_out", lambda task: sent.append(task.name) or ["alpha", "beta"])
    assert tasks.grant_all_leave() == ["alpha", "beta"]
    assert sent == ["attendance.grant_leave"]
