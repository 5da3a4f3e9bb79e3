"""Figures the monitoring tests record for the session's institutions."""

from __future__ import annotations

from decimal import Decimal

from monitoring.collect import Figure


def figures(**values) -> dict[str, Figure]:
    """figures(org__headcount=280) → {"org.headcount": Figure(Decimal(280), [])}."""
    return {code.replace("__", "."): Figure(Decimal(str(value)), []) for code, value in values.items()}


# alpha (공사) with 12 overdue directives; beta (출연기관) with 3.
ALPHA = figures(org__headcount=280, tasks__directives_overdue=12, approval__lead_time_median="23.5")
BETA = figures(org__headcount=30, tasks__directives_overdue=3, approval__lead_time_median="40.0")
