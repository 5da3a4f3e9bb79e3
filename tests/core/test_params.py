"""The one parsing rule for query-string and form values (core.params), case by case: what it takes,
what it refuses with a Korean message, and the default for what is absent."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django import forms

from core.params import (
    MAX_ID,
    BadInput,
    DateField,
    DateTimeField,
    parse_date,
    parse_datetime,
    parse_id,
    parse_int,
    parse_month,
    parse_text,
)

SEOUL = ZoneInfo("Asia/Seoul")


@pytest.mark.parametrize(("typed", "number"), [("1", 1), ("0042", 42), (" 7 ", 7), (str(MAX_ID), MAX_ID)])
def test_an_id_is_ascii_digits(typed, number):
    assert parse_id(typed, label="결재 단계") == number


@pytest.mark.parametrize("absent", [None, "", "   "])
def test_an_absent_id_is_the_default(absent):
    assert parse_id(absent, label="결재 단계") is None
    assert parse_id(absent, label="결재 단계", default=5) == 5


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("²", "로만 입력하세요"),  # isdigit() says yes, int() raises
        ("٣", "로만 입력하세요"),  # isdigit() says yes, int() reads 3
        ("１２", "로만 입력하세요"),  # full-width digits
        ("-1", "로만 입력하세요"),
        ("1.5", "로만 입력하세요"),
        ("1e3", "로만 입력하세요"),
        ("12\x00", "로만 입력하세요"),
        ("0", "1부터"),
        (str(MAX_ID + 1), "사이의 값"),
        ("9" * 25, "사이의 값"),
    ],
)
def test_anything_else_is_refused_in_korean_naming_the_value(typed, message):
    with pytest.raises(BadInput, match=message) as refused:
        parse_id(typed, label="결재 단계")
    assert refused.value.message.startswith("결재 단계: ")
    assert refused.value.label == "결재 단계"


def test_a_number_has_its_range():
    assert parse_int("2100", label="연도", minimum=1900, maximum=2100) == 2100
    with pytest.raises(BadInput, match="1900부터 2100 사이의 값이어야 합니다"):
        parse_int("9999", label="연도", minimum=1900, maximum=2100)


@pytest.mark.parametrize(
    ("typed", "day"),
    [("2026-03-05", date(2026, 3, 5)), ("1900-01-01", date(1900, 1, 1)), ("2100-12-31", date(2100, 12, 31))],
)
def test_a_date_is_iso_within_the_years(typed, day):
    assert parse_date(typed, label="날짜") == day


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("9999-12-31", "1900년부터 2100년 사이"),
        ("0001-01-01", "1900년부터 2100년 사이"),
        ("1899-12-31", "1900년부터 2100년 사이"),
        ("2026-02-30", "2026-03-05처럼"),
        ("2026-3-5", "2026-03-05처럼"),
        ("20260305", "2026-03-05처럼"),  # fromisoformat takes it; the page's links never send it
        ("2026-W10-4", "2026-03-05처럼"),
        ("٢٠٢٦-٠٣-٠٥", "2026-03-05처럼"),
        ("1-1", "2026-03-05처럼"),
    ],
)
def test_a_date_outside_the_years_or_not_iso_is_refused(typed, message):
    with pytest.raises(BadInput, match=message):
        parse_date(typed, label="날짜")


def test_an_absent_date_is_the_default():
    assert parse_date("", label="날짜", default=date(2026, 3, 5)) == date(2026, 3, 5)


@pytest.mark.parametrize(("typed", "month"), [("2026-03", (2026, 3)), ("2026-3", (2026, 3)), ("2100-12", (2100, 12))])
def test_a_month_is_year_and_month(typed, month):
    assert parse_month(typed, label="월") == month


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("9999-12", "1900년부터 2100년 사이"),  # the next month of December 9999 does not exist
        ("1-1", "2026-03처럼"),  # year 1: the previous month does not exist
        ("2026-13", "2026-03처럼"),
        ("2026-00", "2026-03처럼"),
        ("2026-03-05", "2026-03처럼"),
        ("2026-²", "2026-03처럼"),
    ],
)
def test_a_month_outside_the_years_or_malformed_is_refused(typed, message):
    with pytest.raises(BadInput, match=message):
        parse_month(typed, label="월")


def test_a_datetime_local_value_is_aware_in_the_current_time_zone():
    assert parse_datetime("2026-03-05T10:00", label="시작") == datetime(2026, 3, 5, 10, 0, tzinfo=SEOUL)
    assert parse_datetime("2026-03-05T10:00:30", label="시작") == datetime(2026, 3, 5, 10, 0, 30, tzinfo=SEOUL)
    assert parse_datetime(None, label="시작") is None


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("0001-01-01T00:00", "1900년부터 2100년 사이"),  # converting it to UTC overflows
        ("9999-12-31T23:59", "1900년부터 2100년 사이"),
        ("2026-03-05T25:00", "2026-03-05T10:00처럼"),
        ("2026-03-05", "2026-03-05T10:00처럼"),
        ("2026-03-05T10:00+09:00", "2026-03-05T10:00처럼"),
    ],
)
def test_a_datetime_outside_the_years_or_malformed_is_refused(typed, message):
    with pytest.raises(BadInput, match=message):
        parse_datetime(typed, label="시작")


def test_text_is_trimmed_and_absent_text_is_empty():
    assert parse_text("  예산  ", label="검색어") == "예산"
    assert parse_text(None, label="검색어") == ""
    assert parse_text("가" * 200, label="검색어") == "가" * 200


@pytest.mark.parametrize(
    ("typed", "message"),
    [("예\x00산", "입력할 수 없는 문자"), ("\x00", "입력할 수 없는 문자"), ("가" * 201, "200자까지")],
)
def test_text_with_nul_or_too_long_is_refused(typed, message):
    with pytest.raises(BadInput, match=message):
        parse_text(typed, label="검색어")


def test_a_refusal_is_a_bad_request_for_django_too():
    """Raised outside a view (where the middleware does not see it), Django still answers 400."""
    from django.core.exceptions import BadRequest

    assert issubclass(BadInput, BadRequest)


class _Dates(forms.Form):
    day = DateField(required=False)
    moment = DateTimeField(required=False)


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"day": "9999-12-31"}, "day"),
        ({"day": "0001-01-01"}, "day"),
        ({"moment": "0001-01-01T00:00"}, "moment"),
        ({"moment": "9999-12-31T23:59"}, "moment"),
    ],
)
def test_form_date_fields_refuse_the_same_years_as_a_form_error(data, field):
    form = _Dates(data)
    assert not form.is_valid()
    assert form.errors[field] == ["1900년부터 2100년 사이의 날짜를 입력하세요."]


def test_form_date_fields_take_dates_in_the_years():
    form = _Dates({"day": "2026-03-05", "moment": "2026-03-05T10:00"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"day": date(2026, 3, 5), "moment": datetime(2026, 3, 5, 10, 0, tzinfo=SEOUL)}
