"""How budget pages write their figures (formatting only): 집행률 as `29.7%`, a gap to a target as
`-25.8%p`, "—" where there is no rate (a line without 예산현액), and the money cells of a row of
figures in one tag (a year's tree has hundreds of rows: one Python call per row instead of a
dozen template lookups and filters per row keeps 예산집행현황 fast)."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.safestring import SafeString, mark_safe

from budget.status.figures import Figures
from core.templatetags.korean import won

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


@register.simple_tag
def figure_cells(figures: Figures, *, available_amount: int | None = None, amendments: bool = False) -> SafeString:
    """The right-aligned cells of a row: [본예산, 증감,] 예산현액, 원인행위 잔액, 집행액, 잔액,
    집행률. `available_amount` replaces the 잔액 (the home's, by allotment when it is on)."""
    values = [
        *((won(figures.original_amount), won(figures.amended_amount)) if amendments else ()),
        won(figures.current_amount),
        won(figures.committed_amount),
        won(figures.executed_amount),
        won(figures.available_amount if available_amount is None else available_amount),
        rate(figures.rate),
    ]
    # Safe by construction: every value is digits, commas, a sign, "원", "%" or "—" made here from
    # ints and Decimals, never text anyone typed.
    return mark_safe("".join(f'<td class="num">{value}</td>' for value in values))  # noqa: S308
