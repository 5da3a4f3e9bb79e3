"""시간외근무: the split at 22:00 and after 8 holiday hours (reference E14), the caps checked at
request (4 h a day, the 52-hour week, 57 h a month), and the month's payroll inputs."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from approval.services import document_approve
from attendance.close import departments_with_anomalies, payroll_inputs
from attendance.models import ClockRecord, LeaveRequest, LeaveType, Overtime
from attendance.overtime import Split, overtime_submit, split
from tests.factories.approval import org_chart
from tests.factories.attendance import leave_delegation

pytestmark = pytest.mark.django_db
SEOUL = ZoneInfo("Asia/Seoul")


def at(day: date, hh: int, mm: int = 0) -> datetime:
    return datetime.combine(day, time(hh, mm), SEOUL)


def test_split_on_a_working_day_counts_night_on_top():
    # 18:00–24:00 on a Wednesday: 6 h 연장, of which 22:00–24:00 also 야간
    assert split(at(date(2026, 5, 20), 18), at(date(2026, 5, 21), 0), day_off=False) == Split(extended=360, night=120)
    # 20:00–07:00: 11 h 연장, 22:00–06:00 = 8 h 야간
    assert split(at(date(2026, 5, 20), 20), at(date(2026, 5, 21), 7), day_off=False) == Split(extended=660, night=480)


def test_split_on_a_day_off_after_8_hours():
    # E14's 휴일 10 h: 09:00–19:00 on a Saturday → 8 h ≤ 8, 2 h > 8, no night
    assert split(at(date(2026, 5, 23), 9), at(date(2026, 5, 23), 19), day_off=True) == Split(
        holiday=480, holiday_over=120
    )
    # 14:00–23:30: 9.5 h → 8 + 1.5, 1.5 h of it at night
    assert split(at(date(2026, 5, 23), 14), at(date(2026, 5, 23), 23, 30), day_off=True) == Split(
        night=90, holiday=480, holiday_over=90
    )


@pytest.fixture
def org(in_alpha):
    org = org_chart()
    leave_delegation(org.positions)
    return org


def test_a_request_over_the_daily_cap_needs_a_reason_and_is_flagged(org):
    with pytest.raises(ValidationError) as raised:
        overtime_submit(actor=org.drafter, day=date(2026, 5, 20), start=time(18), end=time(23), reason="결산")
    assert raised.value.message_dict == {
        "over_cap_reason": ["하루 4시간 한도를 넘습니다. 넘겨야 하면 그 사유를 적으세요."]
    }
    assert not Overtime.objects.exists()
    flagged = overtime_submit(
        actor=org.drafter,
        day=date(2026, 5, 20),
        start=time(18),
        end=time(23),
        reason="결산",
        over_cap_reason="감사 대응",
    )
    assert flagged.over_cap
    assert flagged.document.title == "시간외근무 신청(2026. 5. 20. 18:00~23:00) [한도 초과]"


def test_the_52_hour_week(org):
    # Mon–Wed 4 h each (12 h of overtime) fits; one more hour on Thursday goes over the week.
    for day in (18, 19, 20):
        overtime_submit(actor=org.drafter, day=date(2026, 5, day), start=time(18), end=time(22), reason="행사 준비")
    with pytest.raises(ValidationError) as raised:
        overtime_submit(actor=org.drafter, day=date(2026, 5, 21), start=time(18), end=time(19), reason="행사 준비")
    assert raised.value.message_dict == {
        "over_cap_reason": ["주 52시간(연장 12시간) 한도를 넘습니다. 넘겨야 하면 그 사유를 적으세요."]
    }


def test_regular_hours_are_not_overtime(org):
    with pytest.raises(ValidationError) as raised:
        overtime_submit(actor=org.drafter, day=date(2026, 5, 20), start=time(17), end=time(19), reason="x")
    assert raised.value.message_dict == {"start": ["근무일의 시간외근무는 정규 근무시간(09:00~18:00) 밖이어야 합니다."]}


def test_payroll_inputs_for_a_month(org):
    person = org.drafter
    person.hire_date = date(2020, 1, 1)
    person.employee_number = "A-001"
    person.save()
    # May 2026 has 18 working days (E17) and 5/1 노동절 is a holiday anyway.
    # Clocked every working day except 5/11 and 5/12; 5/12 is unpaid leave, 5/11 is 결근.
    unpaid_type = LeaveType.objects.create(code="unpaid", name="무급휴가", is_paid=False)
    LeaveRequest.objects.create(
        applicant=person,
        leave_type=unpaid_type,
        start_date=date(2026, 5, 12),
        end_date=date(2026, 5, 12),
        days=Decimal(1),
        status="approved",
    )
    from attendance.calendar import working_days

    for day in working_days(date(2026, 5, 1), date(2026, 5, 31)).days:
        if day.day in (11, 12):
            continue
        ClockRecord.objects.create(person=person, day=day, kind="in", at=at(day, 8, 50))
        ClockRecord.objects.create(person=person, day=day, kind="out", at=at(day, 23 if day.day == 20 else 18, 30))
    # Approved 18:00–23:00 on Wed 5/20 but clocked out at 23:30 → paid 18:00–23:00: 5 h 연장, 1 h 야간
    weekday = overtime_submit(
        actor=person, day=date(2026, 5, 20), start=time(18), end=time(23), reason="결산", over_cap_reason="감사"
    )
    # Saturday 5/23 09:00–20:00 approved, clocked 09:10–19:00 → 9 h 50 m: 8 h + 1 h 50 m
    # (5 + 11 h in one week is over the 52-hour week: stated and flagged)
    saturday = overtime_submit(
        actor=person, day=date(2026, 5, 23), start=time(9), end=time(20), reason="행사", over_cap_reason="도 행사"
    )
    ClockRecord.objects.create(person=person, day=date(2026, 5, 23), kind="in", at=at(date(2026, 5, 23), 9, 10))
    ClockRecord.objects.create(person=person, day=date(2026, 5, 23), kind="out", at=at(date(2026, 5, 23), 19))
    for overtime in (weekday, saturday):
        document_approve(document=overtime.document, actor=org.lead)
    mine = next(i for i in payroll_inputs(2026, 5) if i.person_id == person.pk)
    assert (mine.employee_number, mine.extended_hours, mine.night_hours) == ("A-001", Decimal("5.00"), Decimal("1.00"))
    assert (mine.holiday_hours, mine.holiday_over_8_hours) == (Decimal("8.00"), Decimal("1.83"))
    assert (mine.unpaid_leave_days, mine.unpaid_absence_days) == (Decimal(1), 1)
    assert departments_with_anomalies(2026, 5, today=date(2026, 6, 1)) == [org.team.pk]


def test_the_overtime_page(org, alpha, client_for):
    from django_tenants.utils import schema_context

    from tests.support import PASSWORD, login

    with schema_context("alpha"):
        org.drafter.set_password(PASSWORD)
        org.drafter.save()
    client = client_for(alpha)
    assert login(client, org.drafter.username).status_code == 302
    assert client.get("/attendance/overtime/new/").status_code == 200
    data = {"day": "2026-05-20", "start": "18:00", "end": "23:00", "reason": "결산"}
    over = client.post("/attendance/overtime/new/", data)
    assert over.status_code == 422
    assert over.context["form"].errors == {
        "over_cap_reason": ["하루 4시간 한도를 넘습니다. 넘겨야 하면 그 사유를 적으세요."]
    }
    assert client.post("/attendance/overtime/new/", {**data, "end": "21:00"}).status_code == 302
    with schema_context("alpha"):
        assert Overtime.objects.get().over_cap is False
