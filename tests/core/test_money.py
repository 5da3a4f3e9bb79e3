"""Amounts as people type them: separators and 원 are fine; anything but ASCII digits, and a typo
with extra zeros, is a Korean form error, never a server error."""

import pytest
from django import forms

from core.money import MAX_AMOUNT, WonField


@pytest.mark.parametrize(
    ("typed", "amount"),
    [("1,250,000", 1_250_000), ("1250000원", 1_250_000), ("₩ 1,250,000", 1_250_000), ("", None), ("0", 0)],
)
def test_typed_amounts_become_integer_won(typed, amount):
    assert WonField(required=False).clean(typed) == amount


@pytest.mark.parametrize(
    ("typed", "message"), [("²", "숫자로"), ("1.5", "숫자로"), ("-300", "숫자로"), ("일만", "숫자로")]
)
def test_what_is_not_a_whole_won_amount_is_refused_in_korean(typed, message):
    with pytest.raises(forms.ValidationError, match=message):
        WonField(required=False).clean(typed)


def test_a_typo_with_extra_zeros_is_refused():
    assert WonField().clean(f"{MAX_AMOUNT:,}") == MAX_AMOUNT
    with pytest.raises(forms.ValidationError, match="너무 큽니다"):
        WonField().clean(str(MAX_AMOUNT * 10))


def test_an_amount_is_shown_back_with_separators():
    assert WonField().prepare_value(5_000_000) == "5,000,000"
