"""Clock records (출근·퇴근): one record per person, day and kind however often it is clicked, the
IP allowlist refusing in Korean, and the day judged against the schedule and the leave."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from attendance.clock import clock, ip_allowed, parse_allowlist
from attendance.models import AttendanceSettings, ClockRecord, LeaveRequest, LeaveType, Portion
from attendance.selectors import ABSENT, EARLY, LATE, MISSING_OUT, Day, judge_day, my_month
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
SEOUL = ZoneInfo("Asia/Seoul")


def at(day: date, hh: int, mm: int = 0) -> datetime:
    return datetime.combine(day, time(hh, mm), SEOUL)


def test_a_double_click_makes_one_record(in_alpha):
    person = UserFactory()
    first, created = clock(person=person, kind="in", ip="10.0.0.5", now=at(date(2026, 5, 20), 8, 55))
    second, again = clock(person=person, kind="in", ip="10.0.0.5", now=at(date(2026, 5, 20), 8, 56))
    assert (created, again) == (True, False)
    assert second.pk == first.pk
    assert second.at == at(date(2026, 5, 20), 8, 55)
    assert ClockRecord.objects.filter(person=person).count() == 1
    assert (first.day, first.source, first.ip_address) == (date(2026, 5, 20), "web", "10.0.0.5")


def test_the_day_is_the_local_day(in_alpha):
    person = UserFactory()
    record, _ = clock(person=person, kind="out", ip=None, now=datetime(2026, 5, 20, 15, 30, tzinfo=ZoneInfo("UTC")))
    assert record.day == date(2026, 5, 21)  # 00:30 in Seoul


def test_the_allowlist_refuses_in_korean_and_writes_nothing(in_alpha):
    AttendanceSettings.objects.update_or_create(pk=1, defaults={"ip_allowlist": "10.1.0.0/16\n# 본관\n203.0.113.7"})
    person = UserFactory()
    with pytest.raises(ValidationError) as raised:
        clock(person=person, kind="in", ip="192.0.2.1")
    assert raised.value.messages == [
        "허용된 장소(IP)가 아닌 곳에서는 출퇴근을 기록할 수 없습니다. "
        "기관 내부망에서 다시 시도하거나 복무 담당자에게 문의하세요."
    ]
    assert not ClockRecord.objects.exists()
    assert clock(person=person, kind="in", ip="10.1.200.3")[1]
    settings = AttendanceSettings.current()
    assert ip_allowed("203.0.113.7", settings)
    assert not ip_allowed(None, settings)
    assert not ip_allowed("not-an-ip", settings)


def test_a_bad_allowlist_line_is_named():
    with pytest.raises(ValidationError) as raised:
        parse_allowlist("10.0.0.0/8\n10.0.0.300")
    assert raised.value.message_dict == {"ip_allowlist": ["2번째 줄 '10.0.0.300'은(는) IP 주소나 대역이 아닙니다."]}


@pytest.mark.parametrize(
    ("clock_in", "clock_out", "portion", "anomalies", "worked"),
    [
        ((8, 50), (18, 5), None, [], 8 * 60 + 15),  # 9:15 span less the 1 h break
        ((9, 1), (18, 0), None, [LATE], 7 * 60 + 59),
        ((8, 59), (17, 59), None, [EARLY], 8 * 60),
        ((8, 40), None, None, [MISSING_OUT], 0),
        (None, None, None, [ABSENT], 0),
        ((13, 50), (18, 0), Portion.AM, [], 4 * 60 + 10),  # 오전 반차: starts 14:00; no lunch inside
        ((9, 0), (14, 0), Portion.PM, [], 4 * 60),  # 오후 반차: ends 14:00; 5 h less the break
        ((10, 55), (18, 0), Portion.QUARTER, [], 7 * 60 + 5 - 60),  # 반반차: two hours' slack
        ((11, 5), (18, 0), Portion.QUARTER, [LATE], 6 * 60 + 55 - 60),
    ],
)
def test_a_day_against_the_schedule(in_alpha, clock_in, clock_out, portion, anomalies, worked):
    day = date(2026, 5, 20)
    leave = LeaveRequest(portion=portion) if portion else None
    result = judge_day(
        Day(
            day=day,
            leave=leave,
            clock_in=at(day, *clock_in) if clock_in else None,
            clock_out=at(day, *clock_out) if clock_out else None,
        ),
        AttendanceSettings.current(),
        today=date(2026, 5, 21),
    )
    assert (result.anomalies, result.worked_minutes) == (anomalies, worked)


def test_today_is_not_judged_absent_before_it_ends(in_alpha):
    day = date(2026, 5, 20)
    result = judge_day(Day(day=day, clock_in=at(day, 8, 30)), AttendanceSettings.current(), today=day)
    assert result.anomalies == []


def test_my_month_with_holidays_leave_and_anomalies(in_alpha):
    person = UserFactory()
    annual = LeaveType.objects.get(code="annual")
    LeaveRequest.objects.create(
        applicant=person,
        leave_type=annual,
        start_date=date(2026, 5, 6),
        end_date=date(2026, 5, 7),
        days=Decimal(2),
        status="approved",
    )
    for day, hh_in, hh_out in [(date(2026, 5, 4), (8, 50), (18, 10)), (date(2026, 5, 8), (9, 20), None)]:
        ClockRecord.objects.create(person=person, day=day, kind="in", at=at(day, *hh_in))
        if hh_out:
            ClockRecord.objects.create(person=person, day=day, kind="out", at=at(day, *hh_out))
    month = my_month(person, 2026, 5, today=date(2026, 5, 9))
    by_day = {d.day.day: d for d in month.days}
    assert by_day[1].off == "노동절"
    assert by_day[5].off == "어린이날"
    assert by_day[2].off == "주말"
    assert by_day[4].anomalies == []
    assert by_day[4].worked_hours == "8:20"
    assert by_day[6].leave is not None
    assert by_day[6].anomalies == []
    assert by_day[8].anomalies == [LATE, MISSING_OUT]
    assert by_day[11].anomalies == []  # after `today`
    assert (month.worked_hours, month.leave_days, month.anomalies) == ("8:20", Decimal(2), 2)
    assert len(month.weeks) == 5
    assert month.weeks[0][:4] == [None, None, None, None]
