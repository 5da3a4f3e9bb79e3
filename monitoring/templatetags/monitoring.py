"""Formatting for the monitoring pages, and nothing else: a KPI's value with its unit and
decimals, a row's value by code, the table's sort links, and a chart's data."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import TypeVar
from urllib.parse import urlencode

from django import template

from core.kpis import Kpi
from monitoring import catalogue
from monitoring.selectors import Table

T = TypeVar("T")

register = template.Library()


@register.filter
def kpi_value(value: Decimal | None, kpi: Kpi | None) -> str:
    """280 → "280명"; 45.25 → "45.3%"; None → "—"."""
    if kpi is None:
        return catalogue.number(value)
    return catalogue.format_value(kpi, value)


@register.filter
def kpi_number(value: Decimal | None, kpi: Kpi) -> str:
    """The value without its unit, for tables whose header names the unit."""
    return catalogue.number(value, kpi.decimals)


@register.filter
def kpi_difference(value: Decimal | None, kpi: Kpi) -> str:
    """A signed difference in the KPI's unit (percentage points for a rate): "+2.5%p", "−3명"."""
    if value is None:
        return "—"
    sign = "+" if value > 0 else "−" if value < 0 else ""
    return f"{sign}{catalogue.number(abs(value), kpi.decimals)}{catalogue.difference_unit(kpi)}"


@register.filter
def lookup(mapping: Mapping[str, T] | None, key: str) -> T | None:
    return mapping.get(key) if mapping else None


@register.filter
def month_label(value: date) -> str:
    """2026-11-01 → "2026. 11."."""
    return f"{value.year}. {value.month}."


@register.filter
def day_label(value: date) -> str:
    """2026-11-04 → "11. 4." (a chart's axis)."""
    return f"{value.month}. {value.day}."


@register.simple_tag
def sort_query(table: Table, key: str) -> str:
    """The query string that sorts the institution table by `key` (again: the other way)."""
    descending = key == table.sort and not table.descending
    params = {"sort": key, "dir": "desc" if descending else "asc"}
    if table.kind:
        params["kind"] = table.kind
    return "?" + urlencode(params)


@register.simple_tag
def aria_sort(table: Table, key: str) -> str:
    if key != table.sort:
        return "none"
    return "descending" if table.descending else "ascending"


@register.simple_tag
def chart_data(
    kpi: Kpi,
    points: Iterable[tuple[date | str, Decimal | None]],
    *,
    kind: str = "line",
    label: str = "",
    months: bool = False,
) -> dict[str, object]:
    """What static/js/monitoring-charts.js draws: labels, values (as text: Decimals stay exact in
    JSON), the unit and decimals to write them with. `points` are (date or text, value) pairs;
    dates are written as days ("11. 4.") or, with `months`, as months ("2026. 11.")."""
    write_date = month_label if months else day_label
    return {
        "kind": kind,
        "label": str(label or kpi.label),
        "unit": kpi.unit,
        "decimals": kpi.decimals,
        "labels": [write_date(key) if isinstance(key, date) else str(key) for key, _value in points],
        "values": [None if value is None else str(value) for _key, value in points],
    }
