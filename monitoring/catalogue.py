"""The KPIs as monitoring shows them: whatever the installed apps declare (core.kpis, collected by
core.plugins.registry), grouped and ordered, with their values written the Korean way and alert
rules put into words. Monitoring names no app's figures: a KPI an app declares tomorrow appears
in the drill-down, the comparison pages and the extraction, and as an overview card if it asks
for one."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from core.kpis import Kpi
from core.plugins import registry
from monitoring.models import AlertRule, Operator


def kpis() -> dict[str, Kpi]:
    """Every declared KPI by code, in declaration order."""
    return registry().kpis


def kpi_or_none(code: str) -> Kpi | None:
    return kpis().get(code)


def cards() -> list[Kpi]:
    """The overview's cards (and the institution table's columns), in their declared order."""
    return sorted((kpi for kpi in kpis().values() if kpi.card is not None), key=lambda kpi: kpi.card or 0)


@dataclass(frozen=True)
class Group:
    label: str
    kpis: list[Kpi]


def groups() -> list[Group]:
    """The KPIs under their headings: headings with overview cards first, in their cards' order,
    then the others in the order they were declared."""
    found: dict[str, list[Kpi]] = {}
    for kpi in kpis().values():
        found.setdefault(str(kpi.group) or _("기타"), []).append(kpi)

    def first_card(members: list[Kpi]) -> float:
        return min((kpi.card for kpi in members if kpi.card is not None), default=float("inf"))

    return [Group(label, members) for label, members in sorted(found.items(), key=lambda item: first_card(item[1]))]


def difference_unit(kpi: Kpi) -> str:
    """A difference of percentages is in percentage points."""
    return "%p" if kpi.unit == "%" else kpi.unit


def number(value: Decimal | int | None, decimals: int = 0) -> str:
    """1234.5 → "1,234.5" (rounded half up to `decimals`); None → "—"."""
    if value is None:
        return "—"
    quantum = Decimal(1).scaleb(-decimals)
    return f"{Decimal(value).quantize(quantum, rounding=ROUND_HALF_UP):,.{decimals}f}"


def format_value(kpi: Kpi, value: Decimal | int | None, *, unit: str | None = None) -> str:
    """A figure as the dashboard writes it: "280명", "45.2%", "5.3시간", "1,234,560원"."""
    if value is None:
        return "—"
    return f"{number(value, kpi.decimals)}{kpi.unit if unit is None else unit}"


def rule_text(rule: AlertRule) -> str:
    """The rule in a sentence: "기한 초과 지시사항 10건 초과", "집행률: 신속집행 목표보다 10%p
    넘게 낮음"."""
    kpi = kpi_or_none(rule.code)
    if kpi is None:
        return _("%(code)s (선언되지 않은 지표)") % {"code": rule.code}
    operator = Operator(rule.operator).label
    if not rule.against_compare:
        return f"{kpi.label} {format_value(kpi, rule.threshold)} {operator}"
    other = kpi_or_none(kpi.compare_to)
    other_label = str(other.label) if other else kpi.compare_to
    size = format_value(kpi, abs(rule.threshold), unit=difference_unit(kpi))
    if rule.operator in (Operator.LT, Operator.LE) and rule.threshold <= 0:
        how = _("넘게 낮음") if rule.operator == Operator.LT else _("이상 낮음")
        return _("%(kpi)s: %(other)s보다 %(size)s %(how)s") % {
            "kpi": kpi.label,
            "other": other_label,
            "size": size,
            "how": how,
        }
    if rule.operator in (Operator.GT, Operator.GE) and rule.threshold >= 0:
        how = _("넘게 높음") if rule.operator == Operator.GT else _("이상 높음")
        return _("%(kpi)s: %(other)s보다 %(size)s %(how)s") % {
            "kpi": kpi.label,
            "other": other_label,
            "size": size,
            "how": how,
        }
    signed = format_value(kpi, rule.threshold, unit=difference_unit(kpi))
    return f"{kpi.label} − {other_label} {signed} {operator}"


def crossed(rule: AlertRule, value: Decimal | None, compare_value: Decimal | None) -> bool | None:
    """Whether `value` (and its comparison figure) crosses the rule; None when it cannot be told
    (the figure, or the figure it is compared with, is missing)."""
    if value is None:
        return None
    if rule.against_compare:
        if compare_value is None:
            return None
        value = value - compare_value
    threshold = rule.threshold
    return {
        Operator.LT: value < threshold,
        Operator.LE: value <= threshold,
        Operator.GT: value > threshold,
        Operator.GE: value >= threshold,
    }[Operator(rule.operator)]
