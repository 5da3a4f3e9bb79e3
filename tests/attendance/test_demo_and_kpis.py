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
from attendance.models import ClockRecord, LeaveLedgerEntry, LeaveRequest, LeaveStatus, LedgerKind
from audit.services import audit_verify_chain
from org import demo as org_demo
from org import demo_data as org_data
from org.demo import STAFF_USERNAME
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
        result = demo.institution_seed(institution=institution, now=now)
        assert result.created, result.note
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
    found = {f.key: f.value for f in kpis.figures(on=date(2026, 5, 31))}
    assert found == {
        kpis.GRANTED: Decimal(15),
        kpis.USED: Decimal(2),
        kpis.USE_RATE: Decimal("13.3"),  # 2 / 15
        kpis.CLOCK_INS: 4,
        kpis.LATE: 2,  # 09:01 and 10:00; 09:00 sharp is on time
        kpis.LATE_RATE: Decimal("50.0"),
    }
