"""The contract between the apps that report figures to province monitoring and monitoring.

An app that feeds the province declares its KPIs and the function that counts them in
``<app>/kpis.py`` as one `KpiSource` (``SOURCE``), and names it in its plugin
(``Plugin(kpis="<app>.kpis.SOURCE")``, core.plugins). Monitoring's Celery job calls the function
inside each institution's schema and stores the figures in the public schema; the dashboard reads
only those. This module holds the types, the moments a day's figures are counted at, and the one
percent rule every source uses.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property

from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

# How the province-wide figure of a KPI is made from the institutions' figures.
PROVINCE_SUM = "sum"  # counts: the province's total
PROVINCE_MEAN = "mean"  # per-institution rates and times: the mean of the institutions
PROVINCE_RATIO = "ratio"  # a rate of two summed figures (Kpi.ratio_of), in percent
_PROVINCE_RULES = (PROVINCE_SUM, PROVINCE_MEAN, PROVINCE_RATIO)
# How an alert compares: below / at most / above / at least its threshold.
ALERT_OPERATORS = ("lt", "le", "gt", "ge")


@dataclass(frozen=True)
class KpiAlert:
    """The alert a KPI starts with in the province console (the planners may change it there):
    raised when the figure (or, with `against_compare`, the figure minus its `compare_to`
    figure, in the KPI's unit) is `operator` `threshold`."""

    operator: str
    threshold: int | Decimal
    against_compare: bool = False


@dataclass(frozen=True)
class Kpi:
    """One figure an app reports to province monitoring, declared once in ``<app>/kpis.py``.

    - `code`: stable, ``"<app_label>.<name>"``; snapshots, history, alert rules and extractions
      are stored under it, so it never changes meaning.
    - `label`, `unit` ("명", "건", "%", "시간", "원"), `decimals` shown, `description` (how it is
      counted, shown to planners), `group` (the heading it is filed under).
    - `higher_is_better`: True/False, or None for a volume that is neither good nor bad.
    - `province`: how the province-wide figure is made (PROVINCE_SUM, PROVINCE_MEAN, or
      PROVINCE_RATIO of the two codes in `ratio_of`, numerator first, in percent).
    - `compare_to`: the code of the figure this one is read against (현원 against 정원, an
      execution rate against its target): shown beside it, and usable by alerts.
    - `card`: its order among the province overview's cards (and the institution table's
      columns); None keeps it to the drill-down pages.
    - `alert`: the alert the province starts with (`KpiAlert`), if any.
    """

    code: str
    label: str
    unit: str = ""
    higher_is_better: bool | None = None
    group: str = ""
    decimals: int = 0
    description: str = ""
    province: str = PROVINCE_SUM
    ratio_of: tuple[str, str] | tuple[()] = ()
    compare_to: str = ""
    card: int | None = None
    alert: KpiAlert | None = None


@dataclass(frozen=True)
class KpiFigure:
    """One institution's value of a declared `Kpi` (by its code), an int or a Decimal, never a
    float (money is won). `breakdown` optionally splits it, as (label, value) pairs in the order
    to show them (현원 by grade; an execution rate by standard code)."""

    key: str
    value: int | Decimal
    breakdown: tuple[tuple[str, int | Decimal], ...] = ()


@dataclass(frozen=True)
class KpiSource:
    """What ``<app>/kpis.py`` exposes (as ``SOURCE``, named by the app's `Plugin.kpis`): the KPIs
    it declares and `figures`, ``(*, on: date) -> Iterable[KpiFigure]``, which monitoring's Celery
    job calls inside one institution's schema (never during a request). `figures` reads only that
    schema, runs a fixed number of aggregate queries whatever the institution's size, and
    describes the moment `KpiDay(on).until`: now for today, the end of a past day (the demo's
    history is built by calling it for past days). None when the platform computes the figures
    itself (monitoring's own). `history` is False for a source whose rows are dated when they
    were written rather than when the thing happened (history loaded in bulk lands on one day),
    so a past day is not counted from it: its trend starts with the first rollup."""

    kpis: tuple[Kpi, ...]
    figures: Callable[..., Iterable[KpiFigure]] | None
    history: bool = True


@dataclass(frozen=True)
class KpiDay:
    """The moments a figure "on" a day is counted at, in the site's time zone: `until` is now
    for today and the end of the day for a past day; `month_start` and `day_start` open the
    periods "this month" and "today" count from."""

    on: date

    @cached_property
    def day_start(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.on, time.min))

    @cached_property
    def until(self) -> datetime:
        return min(timezone.now(), self.day_start + timedelta(days=1))

    @cached_property
    def month_start(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.on.replace(day=1), time.min))

    def days_back(self, days: int) -> datetime:
        """The start of the period of `days` days that ends with this day (1 = today)."""
        return timezone.make_aware(datetime.combine(self.on - timedelta(days=days - 1), time.min))


def quotient(part: int | Decimal, whole: int | Decimal, *, places: int = 1) -> Decimal | None:
    """`part` / `whole` rounded half up to `places` decimals (7 / 3 → 2.3); None when there is no
    whole to divide by (a rate of nothing is not 0)."""
    if not whole:
        return None
    return (Decimal(part) / Decimal(whole)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def percent(part: int | Decimal, whole: int | Decimal, *, places: int = 1) -> Decimal | None:
    """`part` of `whole` in percent, rounded the same way (2 of 3 → 66.7)."""
    return quotient(Decimal(part) * 100, whole, places=places)


def check_sources(sources: tuple[tuple[str, KpiSource], ...]) -> None:
    """Refuse declarations that contradict each other or name figures nobody declares."""
    seen: set[str] = set()
    for label, source in sources:
        if not isinstance(source, KpiSource):
            raise ImproperlyConfigured(f"the kpis of {label!r} do not name a core.kpis.KpiSource")
        for kpi in source.kpis:
            if not kpi.code.startswith(f"{label}."):
                raise ImproperlyConfigured(f"KPI {kpi.code!r} of {label!r} must be named {label}.<name>")
            if kpi.code in seen:
                raise ImproperlyConfigured(f"KPI {kpi.code!r} is declared twice")
            if kpi.province not in _PROVINCE_RULES:
                raise ImproperlyConfigured(f"KPI {kpi.code!r} has an unknown province rule {kpi.province!r}")
            if (kpi.province == PROVINCE_RATIO) != bool(kpi.ratio_of):
                raise ImproperlyConfigured(f"KPI {kpi.code!r}: a ratio names its two codes in ratio_of, only a ratio")
            if kpi.alert is not None and kpi.alert.operator not in ALERT_OPERATORS:
                raise ImproperlyConfigured(f"KPI {kpi.code!r} has an unknown alert operator {kpi.alert.operator!r}")
            if kpi.alert is not None and kpi.alert.against_compare and not kpi.compare_to:
                raise ImproperlyConfigured(f"KPI {kpi.code!r} alerts against a figure it does not compare to")
            seen.add(kpi.code)
    for _label, source in sources:
        for kpi in source.kpis:
            for other in (*kpi.ratio_of, kpi.compare_to):
                if other and other not in seen:
                    raise ImproperlyConfigured(f"KPI {kpi.code!r} refers to {other!r}, which nobody declares")
