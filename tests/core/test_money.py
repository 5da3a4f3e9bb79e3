"""Amounts as people type them: separators, 원 and the Korean units (만·억, 십·백·천 inside them)
are read to whole won; anything else — a sign, part of a won, an exponent, letters, non-ASCII
digits, units out of order, an amount that reads two ways, a typo with extra zeros — is a Korean
form error naming what is wrong, never a guess and never a server error.

Every expected value is worked by hand from the words, not taken from the code."""

import pytest
from django import forms

from core.money import MAX_AMOUNT, AmountError, WonField, parse_won, won_in_hangul, won_official

READ = [
    # figures, separators, currency marks
    ("", None),
    ("   ", None),
    ("0", 0),
    ("0원", 0),
    ("1,250,000", 1_250_000),
    ("1250000원", 1_250_000),
    ("₩ 1,250,000", 1_250_000),
    ("5,000,000원", 5_000_000),
    ("금5,000,000원", 5_000_000),
    ("1 250 000", 1_250_000),
    (" 300000 ", 300_000),
    # the examples
    ("5백만원", 5_000_000),  # 5 × 100 × 10,000
    ("500만원", 5_000_000),  # 500 × 10,000
    ("1억 2천만원", 120_000_000),  # 100,000,000 + 2 × 1,000 × 10,000
    ("1억2천만", 120_000_000),
    # 만 groups
    ("만원", 10_000),
    ("십만원", 100_000),
    ("백만원", 1_000_000),
    ("천만원", 10_000_000),
    ("3만 5천원", 35_000),  # 30,000 + 5,000
    ("5만천원", 51_000),  # 50,000 + 1,000
    ("2천5백만", 25_000_000),  # (2,000 + 500) × 10,000
    ("1,000만원", 10_000_000),
    ("1,500백만원", 1_500_000_000),  # 1,500 × 100 × 10,000: how finance tables write 15억
    ("1억 2천만 500원", 120_000_500),
    ("3억", 300_000_000),
    ("9999억 9999만 9999", MAX_AMOUNT),
    # 십·백·천 alone
    ("5천", 5_000),
    ("5백", 500),
    ("2천5백", 2_500),
    ("5백5", 505),
    ("1천 500원", 1_500),
    ("백", 100),
    # a decimal before a unit, when it comes to whole won
    ("1.5억", 150_000_000),
    ("2.5만원", 25_000),
    ("0.5천", 500),
    ("1.5천만", 15_000_000),
]


@pytest.mark.parametrize(("typed", "amount"), READ)
def test_typed_amounts_become_integer_won(typed, amount):
    assert parse_won(typed) == amount
    assert WonField(required=False).clean(typed) == amount


REFUSED = [
    ("5000000.5", "fraction", "원 단위까지만"),
    ("1.5", "fraction", "원 단위까지만"),
    ("1.23456만", "fraction", "원 단위까지만"),
    ("1e6", "invalid", "숫자로"),
    ("-5000000", "negative", "0원 이상"),
    ("-300", "negative", "0원 이상"),
    ("abc", "invalid", "숫자로"),
    ("일만", "invalid", "숫자로"),  # Hangul numerals are not taken: only digits and units
    ("²", "invalid", "숫자로"),
    ("５００만", "invalid", "숫자로"),  # full-width digits
    ("12\x0034", "invalid", "숫자로"),
    ("5.", "invalid", "숫자로"),
    ("5,000,000,", "invalid", "숫자로"),
    ("원", "invalid", "숫자로"),
    ("만만", "order", "단위 순서"),
    ("5000원원", "invalid", "숫자로"),
    ("+5000", "invalid", "숫자로"),
    ("5만 3억", "order", "단위 순서"),
    ("5천5천", "order", "단위 순서"),
    ("1천 1500", "order", "단위 순서"),
    ("1억 15000만", "order", "단위 순서"),
    ("1만 15000", "order", "단위 순서"),
    ("1억 2천", "ambiguous", "뜻이 둘"),  # 1억 2천만 or 100,002,000?
    ("1억 2000", "ambiguous", "뜻이 둘"),
    ("3억 500원", "ambiguous", "뜻이 둘"),
    ("1조", "too_large", "너무 큽니다"),
    ("1,000,000,000,000", "too_large", "너무 큽니다"),
]


@pytest.mark.parametrize(("typed", "code", "message"), REFUSED)
def test_what_is_not_a_whole_won_amount_is_refused_in_korean(typed, code, message):
    with pytest.raises(AmountError) as refused:
        parse_won(typed)
    assert refused.value.code == code
    with pytest.raises(forms.ValidationError, match=message):
        WonField(required=False).clean(typed)


def test_a_typo_with_extra_zeros_is_refused():
    assert WonField().clean(f"{MAX_AMOUNT:,}") == MAX_AMOUNT
    with pytest.raises(forms.ValidationError, match="너무 큽니다"):
        WonField().clean(str(MAX_AMOUNT * 10))


def test_an_amount_is_shown_back_with_separators():
    assert WonField().prepare_value(5_000_000) == "5,000,000"


@pytest.mark.parametrize(
    ("amount", "hangul"),
    [
        (0, "영"),
        (1, "일"),
        (10, "일십"),
        (1_000, "일천"),
        (10_000, "일만"),
        (113_560, "일십일만삼천오백육십"),  # the example of 시행규칙 제2조
        (5_000_000, "오백만"),
        (120_000_000, "일억이천만"),
        (100_002_000, "일억이천"),
        (300_000_005, "삼억오"),
        (MAX_AMOUNT, "구천구백구십구억구천구백구십구만구천구백구십구"),
    ],
)
def test_amounts_in_hangul_as_official_documents_write_them(amount, hangul):
    assert won_in_hangul(amount) == hangul


def test_the_official_writing_has_figures_and_hangul():
    assert won_official(113_560) == "금113,560원(금일십일만삼천오백육십원)"
