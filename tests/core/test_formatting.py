"""Korean formatting filters: dates as `2026. 3. 5.`, money as `1,234,560원`."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from core.templatetags.korean import kdate, kdatetime, won


def test_kdate():
    assert kdate(date(2026, 3, 5)) == "2026. 3. 5."


def test_kdate_with_weekday():
    # 2026-03-05 is a Thursday (목요일).
    assert kdate(date(2026, 3, 5), "w") == "2026. 3. 5.(목)"


def test_kdate_uses_seoul_time_for_aware_datetimes():
    # 2026-03-04 20:00 UTC is already 3월 5일 05:00 in Seoul.
    moment = datetime(2026, 3, 4, 20, 0, tzinfo=ZoneInfo("UTC"))
    assert kdate(moment, "w") == "2026. 3. 5.(목)"
    assert kdatetime(moment) == "2026. 3. 5. 05:00"


def test_kdate_empty():
    assert kdate(None) == ""


def test_won():
    assert won(1234560) == "1,234,560원"
    assert won(Decimal("1234560")) == "1,234,560원"
    assert won(0) == "0원"


def test_won_refuses_float():
    with pytest.raises(TypeError):
        won(1234.5)
    with pytest.raises(TypeError):
        won(1000.0)


def test_won_refuses_fractional_decimal():
    with pytest.raises(ValueError, match="whole"):
        won(Decimal("10.5"))


def test_the_time_of_day_comes_first_as_korean_writes_it():
    """Django's Korean DATETIME_FORMAT wrote "10:57 오전"; Korean says 오전 10:57 (issue 9, item 15)."""
    from django.utils import formats, translation

    morning = datetime(2026, 3, 5, 10, 57, tzinfo=ZoneInfo("Asia/Seoul"))
    evening = datetime(2026, 3, 5, 21, 5, tzinfo=ZoneInfo("Asia/Seoul"))
    with translation.override("ko"):
        assert formats.date_format(morning, "DATETIME_FORMAT") == "2026년 3월 5일 오전 10:57"
        assert formats.date_format(evening, "DATETIME_FORMAT") == "2026년 3월 5일 오후 9:05"
        assert formats.time_format(morning) == "오전 10:57"
