"""The working-day calendar (reference §5, worked example E17) and the `working_days` command."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from attendance.calendar import days_off, is_working_day, public_holidays, working_days
from attendance.models import AttendanceSettings, Closure
from standards.models import HolidayOverride
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _names(result) -> list[tuple[str, str]]:
    return [(item.day.isoformat(), item.name) for item in result.skipped]


def test_public_holidays_are_korean_with_substitutes_and_elections():
    h2025, h2026 = public_holidays(2025), public_holidays(2026)
    assert h2025[date(2025, 1, 27)] == "임시공휴일"
    assert h2025[date(2025, 3, 3)] == "삼일절 대체 휴일"
    assert h2025[date(2025, 6, 3)] == "대통령 선거일"
    assert h2025[date(2025, 10, 8)] == "추석 대체 휴일"
    assert h2025[date(2025, 5, 5)] == "부처님오신날·어린이날"
    assert date(2025, 5, 1) not in h2025  # 근로자의 날 was not a 관공서 holiday in 2025
    assert h2026[date(2026, 5, 1)] == "노동절"
    assert h2026[date(2026, 7, 17)] == "제헌절"
    assert h2026[date(2026, 8, 17)] == "광복절 대체 휴일"
    assert h2026[date(2026, 6, 3)] == "지방선거일"
    assert date(2026, 6, 8) not in h2026  # no 대체 for 현충일 on a Saturday


def test_may_by_the_government_calendar_e17():
    # 31 days − 10 weekend days − 5/1, 5/5, 5/25 = 18
    may_2026 = working_days(date(2026, 5, 1), date(2026, 5, 31))
    assert may_2026.count == 18
    assert _names(may_2026) == [
        ("2026-05-01", "노동절"),
        ("2026-05-05", "어린이날"),
        ("2026-05-25", "부처님오신날 대체 휴일"),
    ]
    # 31 − 9 − 5/5, 5/6 = 20 (5/1 근로자의 날 is not in the 관공서 calendar)
    assert working_days(date(2025, 5, 1), date(2025, 5, 31)).count == 20


def test_a_holiday_on_a_weekend_is_not_skipped_twice():
    # 5/20 Wed … 5/29 Fri: 8 weekdays; 5/24 (Sunday) is the holiday, 5/25 its substitute.
    result = working_days(date(2026, 5, 20), date(2026, 5, 29))
    assert result.count == 7
    assert _names(result) == [("2026-05-25", "부처님오신날 대체 휴일")]


def test_end_before_start_counts_nothing():
    assert working_days(date(2026, 5, 2), date(2026, 5, 1)).count == 0


def test_the_provinces_override_adds_and_strikes_holidays():
    HolidayOverride.objects.create(date=date(2026, 10, 2), name="임시공휴일")
    HolidayOverride.objects.create(date=date(2026, 10, 9), name="한글날 근무 지정", is_holiday=False)
    october = working_days(date(2026, 9, 28), date(2026, 10, 9))
    # 10 weekdays − 10/2 (임시), 10/5 (개천절 대체); 10/9 struck from the holidays
    assert october.count == 8
    assert _names(october) == [("2026-10-02", "임시공휴일"), ("2026-10-05", "개천절 대체 휴일")]


def test_labour_day_2025_is_off_for_staff_under_the_labour_act(in_alpha):
    person = UserFactory()
    assert not is_working_day(person, date(2025, 5, 1))
    assert is_working_day(None, date(2025, 5, 1))  # the 관공서 calendar works that day
    assert working_days(date(2025, 5, 1), date(2025, 5, 31), person=person).count == 19
    AttendanceSettings.objects.filter(pk=1).update(labour_day_off=False)
    assert is_working_day(person, date(2025, 5, 1))


def test_an_institutions_closure_is_skipped_only_there(in_alpha):
    Closure.objects.create(date=date(2026, 4, 14), name="창립기념일")
    person = UserFactory()
    assert not is_working_day(person, date(2026, 4, 14))
    assert days_off(date(2026, 4, 13), date(2026, 4, 17)) == {date(2026, 4, 14): "창립기념일"}


def test_weekends_are_never_working_days():
    assert not is_working_day(None, date(2026, 5, 23))
    assert is_working_day(None, date(2026, 5, 22))


def test_working_days_command_prints_json(capsys):
    call_command("working_days", "2026-05-20", "2026-05-29")
    assert json.loads(capsys.readouterr().out) == {
        "working_days": 7,
        "skipped": [{"date": "2026-05-25", "name": "부처님오신날 대체 휴일"}],
    }


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["2026-05-29", "2026-05-20"], "종료일이 시작일보다 앞섭니다."),
        (["2026-02-30", "2026-05-20"], "시작일 '2026-02-30'은(는) 날짜가 아닙니다. 2026-03-02처럼 적으세요."),
        (["2026-05-20"], "종료일을(를) 적으세요 (예: 2026-03-02)."),
    ],
)
def test_working_days_command_refuses_bad_dates_in_korean(args, message):
    with pytest.raises(CommandError) as raised:
        call_command("working_days", *args)
    assert str(raised.value) == message
    assert raised.value.returncode == 2


def test_working_days_command_exits_2_from_the_shell():
    env = {"DJANGO_SETTINGS_MODULE": "config.settings_test", "ALLOW_INSECURE_DEV_KEY": "1", "PATH": "/usr/bin:/bin"}
    from tests.workers import database_url

    env["DATABASE_URL"] = database_url()
    env["REDIS_URL"] = settings.REDIS_URL
    done = subprocess.run(
        [sys.executable, "manage.py", "working_days", "2026-05-20", "--bogus"],
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        env=env,
        check=False,
    )
    assert done.returncode == 2
    assert "옵션이 올바르지 않습니다" in done.stderr
