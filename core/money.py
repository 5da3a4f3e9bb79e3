"""Money is integer won (STYLE: never float). One place for the largest amount the system takes
and for reading an amount as people type it."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

# BIGINT holds more, but no decision of a provincial institution comes near a trillion won: a typo
# with extra zeros is refused instead of being routed to whoever decides the largest amounts.
MAX_AMOUNT = 999_999_999_999

_NOISE = re.compile(r"[,\s원₩]")
_DIGITS = re.compile(r"[0-9]+")  # ASCII digits only: str.isdigit() also takes "²", which int() refuses


class WonField(forms.CharField):
    """An amount in whole won as people type it: "1,250,000", "1250000원", "₩ 1,250,000"; shown
    back with thousands separators."""

    default_error_messages = {
        "invalid": _("금액은 원 단위 숫자로 입력하세요. 예: 1,250,000"),
        "too_large": _("금액이 너무 큽니다. 자릿수를 확인하세요."),
    }

    def to_python(self, value):
        text = _NOISE.sub("", super().to_python(value) or "")
        if not text:
            return None
        if not _DIGITS.fullmatch(text):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        amount = int(text)
        if amount > MAX_AMOUNT:
            raise forms.ValidationError(self.error_messages["too_large"], code="too_large")
        return amount

    def prepare_value(self, value):
        return f"{value:,}" if isinstance(value, int) and not isinstance(value, bool) else value
