"""The attendance demo seed on a real demo institution (독도재단, made fresh by org's seed and
given its work by the tasks and e-approval seeds), and attendance's KPI figures counted by hand."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from approval import demo as approval_demo
from attendance import demo, kpis
from attendance.models import (
    ClockRecord,
    LeaveLedgerEntry,
    LeaveRequest,
    LeaveStatus,
    LedgerKind,
    Overtime,
    Trip,
    TripStatus,
)
from audit.services import audit_verify_chain
from budget import demo_year as budget_year
from org import demo as org_demo
from org import demo_data as org_data
from org.demo import STAFF_USERNAME
from org.models import User
from tasks import demo as tasks_demo
from tenants.models import Institution
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
SEOUL = ZoneInfo("Asia/Seoul")
SPEC = next(s for s in org_data.INSTITUTIONS if s.code == "dokdo")


@pytest.mark.slow
def test_a_year_of_attendance_through_the_services_once():
    now = timezone.now()
    assert org_demo.institution_seed(spec=SPEC, password_hash=lambda: "!").created
    institution = Institution.objects.get(code=SPEC.code)
    with schema_context(institution.schema_name):
        assert tasks_demo.institution_seed(institution=institution, now=now).created
        assert approval_demo.institution_seed(institution=institution, now=now).created
        assert budget_year.year_seed(institution=institution, now=now).created
        result = demo.institution_seed(institution=institution, now=now)
        assert result.created, result.note
        print(f"attendance seed: {result.seconds:.2f} s, {result.counts}")  # noqa: T201 - the measured figure
        # trips through the services: the staff account's is settled, its 여비 executed
        settled = Trip.objects.get(person__username=STAFF_USERNAME)
        assert settled.status == TripStatus.SETTLED
        assert settled.actual_amount is not None
        assert 0 < settled.actual_amount <= settled.estimate_amount
        assert result.counts["trips"] == Trip.objects.filter(status=TripStatus.SETTLED).count() >= 1
        # overtime history in the busy months only, paid from clock-outs moved to match
        assert result.counts["overtime"] == Overtime.objects.count() > 0
        assert set(Overtime.objects.values_list("day__month", flat=True)) <= {2, 3, 11, 12}
        assert not ClockRecord.objects.filter(
            person=settled.person, day__range=(settled.start_date, settled.end_date)
        ).exists()
        assert result.counts["clock_records"] == ClockRecord.objects.count() > 1000
        assert result.counts["grants"] > 0
        staff = LeaveRequest.objects.filter(applicant__username=STAFF_USERNAME)
        assert staff.filter(status=LeaveStatus.APPROVED).exists()
        assert staff.filter(status=LeaveStatus.PENDING).exists()
        # no clock record on a day of approved full-day leave
        for leave in LeaveRequest.objects.filter(status=LeaveStatus.APPROVED):
            assert not ClockRecord.objects.filter(
                person=leave.applicant, day__range=(leave.start_date, leave.end_date)
            ).exists()
        assert (
            LeaveLedgerEntry.objects.filter(kind=LedgerKind.USE).count()
            == LeaveRequest.objects.filter(status=LeaveStatus.APPROVED).count()
        )
        late = ClockRecord.objects.filter(kind="in", at__time__gt="09:00").count()
        ins = ClockRecord.objects.filter(kind="in").count()
        assert 0.02 < late / ins < 0.07  # about one day in 25
        assert audit_verify_chain().ok
        again = demo.institution_seed(institution=institution, now=now)
        assert not again.created
        assert again.note == "already has clock records"


def test_kpi_figures_by_hand(in_alpha):
    person = UserFactory()
    LeaveLedgerEntry.objects.create(
        person=person, kind="grant", days=Decimal(15), effective_on=date(2026, 1, 1), source="g"
    )
    LeaveLedgerEntry.objects.create(
        person=person, kind="use", days=Decimal(-3), effective_on=date(2026, 5, 20), source="u1"
    )
    LeaveLedgerEntry.objects.create(
        person=person, kind="cancel", days=Decimal(1), effective_on=date(2026, 5, 20), source="c1"
    )
    LeaveLedgerEntry.objects.create(
        person=person, kind="use", days=Decimal(-1), effective_on=date(2026, 6, 20), source="u2"
    )  # after `on`: not counted
    for day, hh, mm in [(4, 8, 59), (6, 9, 0), (7, 9, 1), (8, 10, 0)]:
        ClockRecord.objects.create(
            person=person, day=date(2026, 5, day), kind="in", at=datetime(2026, 5, day, hh, mm, tzinfo=SEOUL)
        )
    every = {f.key: f.value for f in kpis.figures(on=date(2026, 5, 31))}
    found = {key: every[key] for key in (kpis.GRANTED, kpis.USED, kpis.USE_RATE, kpis.CLOCK_INS, kpis.LATE)}
    found[kpis.LATE_RATE] = every[kpis.LATE_RATE]
    assert found == {
        kpis.GRANTED: Decimal(15),
        kpis.USED: Decimal(2),
        kpis.USE_RATE: Decimal("13.3"),  # 2 / 15
        kpis.CLOCK_INS: 4,
        kpis.LATE: 2,  # 09:01 and 10:00; 09:00 sharp is on time
        kpis.LATE_RATE: Decimal("50.0"),
    }


def test_overtime_trip_and_close_kpis_by_hand(in_alpha):
    from attendance.models import MonthClose, Overtime, Trip
    from tests.factories.budget_lines import small_budget

    person = UserFactory()

    def span(day, start, end, **fields):
        Overtime.objects.create(
            person=person,
            day=date(2026, 5, day),
            starts_at=datetime(2026, 5, day, start, 0, tzinfo=SEOUL),
            ends_at=datetime(2026, 5, day, end, 30, tzinfo=SEOUL),
            reason="결산",
            **fields,
        )

    span(18, 18, 20, status="approved")  # 2.5 h
    span(19, 18, 23, status="approved", over_cap=True, over_cap_reason="감사")  # 5.5 h, over a cap
    span(20, 18, 19, status="rejected", over_cap=True, over_cap_reason="x")  # neither counted
    span(31, 9, 10, status="pending")  # pending: not in the hours
    line = small_budget().line("국내여비")
    common = {"person": person, "scope": "outside", "purpose": "협의", "place": "서울", "transport": "KTX"}
    for day, status, estimate, actual in [(4, "settled", 470_000, 448_400), (12, "approved", 50_000, None)]:
        Trip.objects.create(
            **common,
            start_date=date(2026, 5, day),
            end_date=date(2026, 5, day),
            status=status,
            daily_allowance_amount=estimate,
            estimate_amount=estimate,
            actual_amount=actual,
            budget_line=line,
        )
    Trip.objects.create(  # returned: not counted
        **common,
        start_date=date(2026, 5, 13),
        end_date=date(2026, 5, 13),
        status="rejected",
        daily_allowance_amount=9,
        estimate_amount=9,
        budget_line=line,
    )
    # January closed 2/3 (on time), February 3/11 (late), March 4/10 (on time), April not closed
    for month, closed in [(1, datetime(2026, 2, 3, 10, tzinfo=SEOUL)), (2, datetime(2026, 3, 11, 10, tzinfo=SEOUL))]:
        MonthClose.objects.create(year=2026, month=month, closed_by=person)
        MonthClose.objects.filter(month=month).update(closed_at=closed)
    MonthClose.objects.create(year=2026, month=3, closed_by=person)
    MonthClose.objects.filter(month=3).update(closed_at=datetime(2026, 4, 10, 23, tzinfo=SEOUL))
    staff = User.objects.filter(is_active=True, employment_status="active").count()
    found = {f.key: f.value for f in kpis.figures(on=date(2026, 5, 31))}
    assert found[kpis.OVERTIME_HOURS] == Decimal("8.0")  # 2.5 + 5.5
    assert found[kpis.OVERTIME_PER_PERSON] == (Decimal(8) / staff).quantize(Decimal("0.1"))
    assert found[kpis.OVER_CAP] == 1
    assert (found[kpis.TRIPS], found[kpis.TRIP_COST]) == (2, 498_400)  # 448,400 settled + 50,000 estimated
    assert (found[kpis.MONTHS_DUE], found[kpis.MONTHS_ON_TIME], found[kpis.CLOSE_RATE]) == (4, 2, Decimal("50.0"))
