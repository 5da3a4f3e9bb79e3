"""거래처: the 사업자등록번호 check digit, one vendor per number, the account encrypted at rest
and shown masked.

Check digit of 123-45-6789?, worked by hand: weights 1 3 7 1 3 7 1 3 5 over 1 2 3 4 5 6 7 8 9
give 1+6+21+4+15+42+7+24+45 = 165, plus (9×5)//10 = 4 → 169; (10 − 9) % 10 = 1 → 123-45-67891."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from budget.models import Vendor
from budget.vendors import business_number_digits, business_number_valid, vendor_save

pytestmark = pytest.mark.django_db


def save(actor=None, **over):
    values = {
        "name": "한빛문구",
        "business_number": "123-45-67891",
        "bank_code": "004",
        "account_number": "123-456-789012",
        "account_holder": "한빛문구",
    }
    return vendor_save(actor=actor, **(values | over))


def test_the_check_digit():
    assert business_number_valid("1234567891")
    assert not business_number_valid("1234567890")
    assert business_number_digits(" 123-45-67891 ") == "1234567891"
    with pytest.raises(ValidationError, match="검증번호 불일치"):
        business_number_digits("123-45-67890")
    with pytest.raises(ValidationError, match="숫자 10자리"):
        business_number_digits("123-45-6789")


def test_a_vendor_is_kept_once_per_number_with_its_account_encrypted(in_alpha):
    vendor = save()

    assert vendor.business_number_display == "123-45-67891"
    assert vendor.account_masked == "***-***-**9012"
    with connection.cursor() as cur:
        cur.execute("SELECT account_number FROM budget_vendor WHERE id = %s", [vendor.pk])
        (stored,) = cur.fetchone()
    assert "789012" not in stored
    assert Vendor.objects.get(pk=vendor.pk).account_number == "123-456-789012"

    with pytest.raises(ValidationError) as caught:
        save(name="한빛문구(중복)", business_number="1234567891")
    assert caught.value.message_dict == {"business_number": ["이미 등록된 거래처입니다: 한빛문구 (123-45-67891)"]}
    # Changing the vendor itself keeps its own number.
    assert save(vendor=vendor, name="한빛문구㈜").name == "한빛문구㈜"


def test_bad_input_is_refused_next_to_each_field(in_alpha):
    with pytest.raises(ValidationError) as caught:
        save(name="", business_number="123-45-67890", bank_code="999", account_number="12-3", account_holder="")
    assert caught.value.message_dict == {
        "name": ["상호를 입력하세요."],
        "business_number": ["사업자등록번호가 올바르지 않습니다(검증번호 불일치). 다시 확인하세요."],
        "bank_code": ["은행을 고르세요."],
        "account_number": ["계좌번호는 숫자 8~20자리입니다(하이픈은 빼도 됩니다)."],
        "account_holder": ["예금주를 입력하세요."],
    }
    assert not Vendor.objects.exists()
