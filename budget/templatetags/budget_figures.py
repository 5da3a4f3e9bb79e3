"""How budget pages write rates (formatting only): 집행률 as `29.7%`, a gap to a target as
`-25.8%p`, and "—" where there is no rate (a line without 예산현액)."""

from __future__ import annotations

from decimal import Decimal

from django import template

register = template.Library()

NO_RATE = "—"


@register.filter
def rate(value: Decimal | None) -> str:
    """Decimal(29.7) → 29.7%"""
    if value is None or value == "":
        return NO_RATE
    return f"{value}%"


@register.filter
def gap(value: Decimal | None) -> str:
    """Decimal(1.2) → +1.2%p, Decimal(-25.8) → -25.8%p"""
    if value is None or value == "":
        return NO_RATE
    if value == 0:
        return f"{abs(value)}%p"  # no sign on nothing, and never "-0.0"
    return f"{value:+}%p"
