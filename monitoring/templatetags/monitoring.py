"""Formatting for the monitoring pages, and nothing else: a KPI's value with its unit and
decimals, a row's value by code, the table's sort links, a chart's data, and the overview's long
tables written in one pass."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from html import escape
from typing import TypeVar
from urllib.parse import quote, urlencode

from django import template
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from core.kpis import Kpi
from core.templatetags.korean import kdatetime
from monitoring import catalogue
from monitoring.models import Alert
from monitoring.selectors import Card, Table, rule_texts_of

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


# --- Long tables, written in one pass ------------------------------------------------------------------
# The overview draws one row per institution (300 to 1,000 of them, each of a dozen cells) and eight
# trend tables of 92 days. Through the template language's loops and filters those rows took most
# of the page's time; these tags write the same markup directly, every value escaped (html.escape,
# as Django's own escape does, without its lazy-text wrapper on each of thousands of calls).


@register.simple_tag
def institution_rows(table: Table) -> SafeString:
    """The institution table's body: per row the name (linked to its drill-down), the kind, one
    cell per column (coloured and said in words when an alert is open on it) and when it was
    counted (stale figures flagged with the error in the title)."""
    alert_word, before, stale = escape(_("경보")), escape(_("수집 전")), escape(_("이전 수치"))
    link = reverse("monitoring:institution", args=["__code__"])
    lines = []
    for row in table.rows:
        cells = []
        for cell in row.cells:
            if cell.alert:
                said = escape(cell.alert)
                cells.append(
                    f'<td class="num warn">{escape(cell.text)} <span class="chip warn" title="{said}">'
                    f'{alert_word}<span class="sr-only">: {said}</span></span></td>'
                )
            else:
                cells.append(f'<td class="num">{escape(cell.text)}</td>')
        when = f'<span class="muted">{before}</span>' if row.never_counted else escape(kdatetime(row.as_of))
        if row.is_stale:
            error = escape(row.status.last_error if row.status else "")
            when += f' <span class="chip warn" title="{error}">{stale}</span>'
        href = escape(link.replace("__code__", quote(row.institution.code)))
        lines.append(
            f'<tr>\n        <th scope="row"><a href="{href}">{escape(row.institution.name)}</a></th>\n'
            f"        <td>{escape(row.kind_label)}</td>\n        {''.join(cells)}\n"
            f'        <td class="small">{when}</td>\n      </tr>'
        )
    return mark_safe("\n      ".join(lines))  # noqa: S308  # every value above is escaped


@register.simple_tag
def trend_rows(card: Card) -> SafeString:
    """A card's trend as its accessible table's rows, newest first: date, value."""
    return mark_safe(  # noqa: S308  # both columns escaped
        "".join(
            f'<tr><td>{escape(day)}</td><td class="num">{escape(value)}</td></tr>' for day, value in card.table_rows()
        )
    )


@register.simple_tag
def alert_rows(alerts: list[Alert]) -> SafeString:
    """The open alerts' rows: the institution (linked), the rule in words, when it opened."""
    alert_word = escape(_("경보"))
    link = reverse("monitoring:institution", args=["__code__"])
    texts = rule_texts_of(alerts)
    return mark_safe(  # noqa: S308  # every value escaped
        "".join(
            f'\n      <tr>\n        <td><a href="{escape(link.replace("__code__", quote(alert.institution.code)))}">'
            f"{escape(alert.institution.name)}</a></td>\n"
            f'        <td><span class="chip warn">{alert_word}</span> {escape(texts[alert.rule_id])}</td>\n'
            f"        <td>{escape(kdatetime(alert.opened_at))}</td>\n      </tr>"
            for alert in alerts
        )
    )
