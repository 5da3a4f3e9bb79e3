"""Korean formatting, and nothing else: dates as `2026. 3. 5.`, money as `1,234,560원`, the particle
after a word (`기획조정실-1로`)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django import template
from django.utils import timezone

from core.particles import particle

register = template.Library()

_WEEKDAYS = "월화수목금토일"


@register.filter
def kdate(value: date | datetime | None, arg: str = "") -> str:
    """2026. 3. 5. — with arg "w": 2026. 3. 5.(목)."""
    if not value:
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    text = f"{value.year}. {value.month}. {value.day}."
    if arg == "w":
        text += f"({_WEEKDAYS[value.weekday()]})"
    return text


@register.filter
def kdatetime(value: datetime | None) -> str:
    """2026. 3. 5. 14:05"""
    if value is None:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{kdate(local)} {local:%H:%M}"


@register.filter
def won(value: int | Decimal | None) -> str:
    """1234560 → 1,234,560원 (integer won; money is never a float)."""
    if value is None or value == "":
        return ""
    if isinstance(value, float):
        raise TypeError("money must be int or Decimal, never float")
    amount = Decimal(value)
    if amount != amount.to_integral_value():
        raise ValueError(f"won amounts are whole: {value!r}")
    return f"{int(amount):,}원"


@register.filter
def josa(value: object, pair: str) -> str:
    """The particle (조사) that follows `value` as it is read: {{ name }}{{ name|josa:"을/를" }}."""
    return particle(str(value), pair)
