"""거래처 (vendors): the 사업자등록번호 check, and saving a vendor once per number.

The number is validated by its check digit (국세청's rule: the first nine digits weighted
1 3 7 1 3 7 1 3 5, plus the tens of 9th digit × 5; the tenth digit makes the sum a multiple of
ten), kept as ten digits and shown 123-45-67890. The bank account number is stored encrypted
(core.encryption) and shown masked; pages never print it whole.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from audit.services import audit_record
from budget.models import BANK_NAMES, Vendor
from org.models import User

_WEIGHTS = (1, 3, 7, 1, 3, 7, 1, 3, 5)


def business_number_digits(value: str) -> str:
    """The ten digits of a 사업자등록번호 typed with or without hyphens/spaces, or a Korean
    ValidationError."""
    digits = "".join(ch for ch in (value or "") if ch not in "- ")
    if not digits:
        raise ValidationError(_("사업자등록번호를 입력하세요."))
    if len(digits) != 10 or not digits.isascii() or not digits.isdigit():
        raise ValidationError(_("사업자등록번호는 숫자 10자리입니다. 예: 123-45-67890"))
    if not business_number_valid(digits):
        raise ValidationError(_("사업자등록번호가 올바르지 않습니다(검증번호 불일치). 다시 확인하세요."))
    return digits


def business_number_valid(digits: str) -> bool:
    numbers = [int(ch) for ch in digits]
    total = sum(n * w for n, w in zip(numbers[:9], _WEIGHTS, strict=True)) + numbers[8] * 5 // 10
    return (10 - total % 10) % 10 == numbers[9]


def _account_digits(value: str) -> str:
    digits = "".join(ch for ch in (value or "") if ch not in "- ")
    if not digits:
        raise ValidationError(_("계좌번호를 입력하세요."))
    if not digits.isascii() or not digits.isdigit() or not 8 <= len(digits) <= 20:
        raise ValidationError(_("계좌번호는 숫자 8~20자리입니다(하이픈은 빼도 됩니다)."))
    return (value or "").strip()


def vendor_save(
    *,
    actor: User,
    name: str,
    business_number: str,
    bank_code: str,
    account_number: str,
    account_holder: str,
    representative: str = "",
    vendor: Vendor | None = None,
) -> Vendor:
    """Register a vendor, or change `vendor`. A second vendor with the same 사업자등록번호 is
    refused, naming the one already registered. Korean errors keyed by field."""
    errors: dict[str, str] = {}
    name, account_holder, representative = (name or "").strip(), (account_holder or "").strip(), representative.strip()
    digits = ""
    if not name:
        errors["name"] = _("상호를 입력하세요.")
    elif len(name) > 100:
        errors["name"] = _("상호는 100자까지 쓸 수 있습니다.")
    try:
        digits = business_number_digits(business_number)
    except ValidationError as exc:
        errors["business_number"] = exc.messages[0]
    if bank_code not in BANK_NAMES:
        errors["bank_code"] = _("은행을 고르세요.")
    try:
        account_number = _account_digits(account_number)
    except ValidationError as exc:
        errors["account_number"] = exc.messages[0]
    if not account_holder:
        errors["account_holder"] = _("예금주를 입력하세요.")
    elif len(account_holder) > 50:
        errors["account_holder"] = _("예금주는 50자까지 쓸 수 있습니다.")
    if digits and "business_number" not in errors:
        others = Vendor.objects.filter(business_number=digits)
        if vendor is not None and vendor.pk is not None:
            others = others.exclude(pk=vendor.pk)
        same = others.first()
        if same is not None:
            errors["business_number"] = _("이미 등록된 거래처입니다: %(vendor)s") % {"vendor": same}
    if errors:
        raise ValidationError(errors)
    target = vendor or Vendor()
    target.name, target.business_number, target.representative = name, digits, representative[:50]
    target.bank_code, target.account_number, target.account_holder = bank_code, account_number, account_holder
    try:
        with transaction.atomic():
            target.save()
            audit_record(
                action="vendor.save",
                actor=actor,
                target=target,
                data={"name": name, "business_number": digits, "bank": bank_code, "created": vendor is None},
            )
    except IntegrityError:
        # Two registrations of one number at once: the UNIQUE column lets one through.
        raise ValidationError({"business_number": _("이미 등록된 거래처입니다.")}) from None
    return target
