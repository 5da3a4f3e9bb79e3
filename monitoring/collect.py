"""Counting one institution's figures: every declared source's function, called in the current
(institution's) schema. Only the rollup job and the demo's history call this; a request never
does (DESIGN: no request reads a tenant schema)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import connection
from django_tenants.utils import get_public_schema_name

from core.kpis import KpiFigure
from core.plugins import registry


class FigureError(ValueError):
    """A source returned something that is not a figure of a KPI it declared."""


@dataclass(frozen=True)
class Figure:
    value: Decimal
    breakdown: list[list[str]]  # [[label, "value"], …] as stored in Snapshot.breakdown


def collect_figures(*, on: date, past: bool = False) -> dict[str, Figure]:
    """Every figure of every source for `on`, by KPI code (with `past`, only of the sources that
    can count a past day: core.kpis.KpiSource.history). Raises what a source raises (the rollup
    records it as that institution's failure) and FigureError for a figure that breaks the
    contract (undeclared code, float or missing value)."""
    if connection.schema_name == get_public_schema_name():  # type: ignore[attr-defined]  # django-tenants' connection knows its schema
        raise FigureError("figures are counted inside an institution's schema, not the public one")
    figures: dict[str, Figure] = {}
    for label, source in registry().kpi_sources:
        if source.figures is None or (past and not source.history):
            continue
        declared = {kpi.code for kpi in source.kpis}
        for figure in source.figures(on=on):
            figures[figure.key] = _checked(label, declared, figure)
    return figures


def _checked(label: str, declared: set[str], figure: KpiFigure) -> Figure:
    if figure.key not in declared:
        raise FigureError(f"{label} reported {figure.key!r}, which it does not declare")
    values = [figure.value, *(value for _name, value in figure.breakdown)]
    if any(isinstance(value, bool) or not isinstance(value, int | Decimal) for value in values):
        raise FigureError(f"{figure.key}: values are int or Decimal, never float or None")
    return Figure(Decimal(figure.value), [[str(name), str(value)] for name, value in figure.breakdown])
