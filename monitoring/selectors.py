"""Reads for the monitoring pages, from the public schema's snapshots only. Each runs a fixed
number of queries whatever the number of institutions (the pages' counts are pinned in
tests/monitoring/test_views.py)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.contrib.postgres.aggregates import ArrayAgg
from django.db.models import Max, QuerySet

from core.kpis import Kpi
from core.templatetags.korean import kdate
from monitoring import catalogue
from monitoring.models import (
    Alert,
    DailyFigure,
    InstitutionStatus,
    ProvinceDailyFigure,
    RollupRun,
    Snapshot,
)
from monitoring.services import active_institutions
from tenants.models import Institution, InstitutionKind

TREND_DAYS = 92  # the overview's trends: about three months of days
MONTHS_SHOWN = 6  # the drill-down's monthly columns, this month included


def kind_labels() -> dict[str, str]:
    """Every kind's label by value, read once per page (get_kind_display per row is slow)."""
    return {value: str(label) for value, label in InstitutionKind.choices}


def kinds() -> list[tuple[str, str]]:
    """The institution kinds a planner filters by (공사, 공단, 출연기관, 출자기관)."""
    return [(value, str(label)) for value, label in InstitutionKind.choices if value != InstitutionKind.PROVINCE]


def latest_run() -> RollupRun | None:
    return RollupRun.objects.defer("institution_ids").order_by("-started_at", "-id").first()


def open_alerts(*, institution: Institution | None = None) -> list[Alert]:
    """Open alerts of active rules (of one institution, or of every active one), newest first."""
    alerts = Alert.objects.filter(cleared_at__isnull=True, rule__is_active=True, institution__is_active=True)
    if institution is not None:
        alerts = alerts.filter(institution=institution)
    return list(alerts.select_related("rule", "institution").order_by("-opened_at", "-id"))


def rule_texts_of(alerts: list[Alert]) -> dict[int, str]:
    """Each alerted rule in words (catalogue.rule_text), by rule id: once per rule, not per alert."""
    texts: dict[int, str] = {}
    for alert in alerts:
        if alert.rule_id not in texts:
            texts[alert.rule_id] = catalogue.rule_text(alert.rule)
    return texts


# --- Overview cards --------------------------------------------------------------------------------


@dataclass
class Card:
    kpi: Kpi
    value: Decimal | None = None
    institutions: int = 0
    as_of: datetime | None = None
    compare: Kpi | None = None
    compare_value: Decimal | None = None
    trend: list[tuple[date, Decimal | None]] = field(default_factory=list)

    @property
    def compare_percent(self) -> Decimal | None:
        """The figure as a share of its comparison (현원 of 정원), when both are counts."""
        if self.value is None or not self.compare_value or self.kpi.unit == "%":
            return None
        return (self.value * 100 / self.compare_value).quantize(Decimal("0.1"))

    @property
    def difference(self) -> Decimal | None:
        """The figure minus its comparison, for rates (집행률 against its target, in %p)."""
        if self.value is None or self.compare_value is None or self.kpi.unit != "%":
            return None
        return self.value - self.compare_value

    def table_rows(self) -> list[tuple[str, str]]:
        """The trend as its accessible table shows it, newest first, written here rather than by
        the template: eight cards of 92 days are 736 rows on every overview."""
        return [(kdate(day), catalogue.format_value(self.kpi, value)) for day, value in reversed(self.trend)]


def overview_cards(*, today: date) -> list[Card]:
    """The province's card figures on their latest day, with their trend: one query."""
    cards = [Card(kpi=kpi, compare=catalogue.kpi_or_none(kpi.compare_to)) for kpi in catalogue.cards()]
    codes = {card.kpi.code for card in cards} | {card.compare.code for card in cards if card.compare}
    series: dict[str, list[tuple[date, Decimal | None, int, datetime]]] = defaultdict(list)
    for code, day, value, institutions, as_of in (
        ProvinceDailyFigure.objects.filter(code__in=codes, day__gt=today - timedelta(days=TREND_DAYS))
        .order_by("day")
        .values_list("code", "day", "value", "institutions", "as_of")
    ):
        series[code].append((day, value, institutions, as_of))
    for card in cards:
        rows = series.get(card.kpi.code, [])
        card.trend = [(day, value) for day, value, _n, _as_of in rows]
        if rows:
            day, card.value, card.institutions, card.as_of = rows[-1]
            if card.compare is not None:
                compared = {other_day: value for other_day, value, _n, _as_of in series.get(card.compare.code, [])}
                card.compare_value = compared.get(day)
    return cards


# --- The institution table -------------------------------------------------------------------------

NAME, KIND, AS_OF = "name", "kind", "as_of"


@dataclass(frozen=True)
class Cell:
    text: str  # the value as written ("1,234" in the column's unit)
    alert: str  # the rule it crosses, in words; "" when none


@dataclass(frozen=True)
class Shown:
    """An institution as the tables show it, read as plain values: a model instance per row
    (django-tenants' TenantMixin) cost more than the rest of its row."""

    pk: int
    code: str
    name: str
    kind: str


@dataclass(frozen=True)
class Standing:
    """An institution's InstitutionStatus as the tables need it, read as plain values."""

    last_success_at: datetime | None
    last_error: str
    consecutive_failures: int


@dataclass
class Row:
    institution: Shown
    status: Standing | None
    values: dict[str, Decimal]
    alerts: dict[str, list[Alert]]
    as_of: datetime | None
    kind_label: str = ""  # 공사, 공단…: read once per page, not per row (get_kind_display is slow)
    cells: list[Cell] = field(default_factory=list)

    @property
    def is_stale(self) -> bool:
        return self.status is not None and self.status.consecutive_failures > 0

    @property
    def never_counted(self) -> bool:
        return self.status is None or self.status.last_success_at is None


def _shown(kind: str) -> tuple[QuerySet[Institution], str]:
    """The active institutions of `kind` (all of them for an unknown kind) and the kind kept."""
    shown = active_institutions()
    if kind in dict(kinds()):
        return shown.filter(kind=kind), kind
    return shown, ""


def _rows(shown: QuerySet[Institution]) -> list[Row]:
    """A row per institution with its status, without figures yet: two queries."""
    standings = {
        institution_id: Standing(success, error, failures)
        for institution_id, success, error, failures in InstitutionStatus.objects.filter(
            institution__in=shown
        ).values_list("institution_id", "last_success_at", "last_error", "consecutive_failures")
    }
    labels = kind_labels()
    return [
        Row(Shown(pk, code, name, kind), standings.get(pk), {}, {}, None, labels.get(kind, ""))
        for pk, code, name, kind in shown.values_list("pk", "code", "name", "kind")
    ]


@dataclass
class Table:
    columns: list[Kpi]
    rows: list[Row]
    sort: str
    descending: bool
    kind: str


def institution_table(*, kind: str = "", sort: str = NAME, descending: bool = False, alerts: list[Alert]) -> Table:
    """Every active institution (of `kind`) with its card figures, sorted by any column (blanks
    last). Three queries, whatever the number of institutions; `alerts` are the open alerts the
    page already read."""
    columns = catalogue.cards()
    shown, kind = _shown(kind)
    rows = _rows(shown)
    codes = [kpi.code for kpi in columns]
    # One row per institution (its figures as two arrays, its latest moment), not one per figure:
    # a thousand institutions' eight columns are 8,000 rows and as many timestamps to read.
    by_pk = {row.institution.pk: row for row in rows}
    for institution_id, found, values, moment in (
        Snapshot.objects.filter(institution__in=shown, code__in=codes)
        .values("institution_id")
        .annotate(found=ArrayAgg("code"), figures=ArrayAgg("value"), latest=Max("as_of"))
        .values_list("institution_id", "found", "figures", "latest")
    ):
        row = by_pk.get(institution_id)
        if row is not None:
            row.values, row.as_of = dict(zip(found, values, strict=True)), moment
    flagged: dict[int, dict[str, list[Alert]]] = defaultdict(lambda: defaultdict(list))
    for alert in alerts:
        flagged[alert.institution_id][alert.rule.code].append(alert)
    # Written here rather than by the template: a cell per institution and column, on every view;
    # a rule is put into words once, however many institutions cross it.
    rule_texts = rule_texts_of(alerts)
    for row in rows:
        row.alerts = flagged.get(row.institution.pk, {})
        row.cells = [
            Cell(
                catalogue.number(row.values.get(kpi.code), kpi.decimals),
                rule_texts[row.alerts[kpi.code][0].rule_id] if row.alerts.get(kpi.code) else "",
            )
            for kpi in columns
        ]
    if sort not in {NAME, KIND, AS_OF, *codes}:
        sort, descending = NAME, False
    rows = _sorted(rows, sort, descending)
    return Table(columns=columns, rows=rows, sort=sort, descending=descending, kind=kind)


def _sorted(rows: list[Row], sort: str, descending: bool) -> list[Row]:
    def key(row: Row) -> str | tuple[str, str] | datetime | Decimal | None:
        if sort == NAME:
            return row.institution.name
        if sort == KIND:
            return (row.kind_label, row.institution.name)
        if sort == AS_OF:
            return row.as_of
        return row.values.get(sort)

    keyed = [(key(row), row) for row in rows]
    present = [(value, row) for value, row in keyed if value is not None]
    blank = [row for value, row in keyed if value is None]
    present.sort(key=lambda pair: pair[1].institution.name)
    present.sort(key=lambda pair: pair[0], reverse=descending)
    return [row for _value, row in present] + sorted(blank, key=lambda row: row.institution.name)


# --- One institution ---------------------------------------------------------------------------------


@dataclass
class Line:
    """One KPI of one institution: its latest value and breakdown, its monthly trend, its rank."""

    kpi: Kpi
    value: Decimal | None
    breakdown: list[list[str]]
    as_of: datetime | None
    months: list[tuple[date, Decimal | None]]
    compare: Kpi | None = None
    compare_value: Decimal | None = None
    rank: int | None = None
    peers: int = 0
    alerts: list[Alert] = field(default_factory=list)


@dataclass
class InstitutionPage:
    institution: Institution
    status: InstitutionStatus | None
    groups: list[tuple[str, list[Line]]]
    months: list[date]
    alerts: list[Alert]
    peers_kind: str

    @property
    def as_of(self) -> datetime | None:
        """When its figures were last counted (a failed attempt since does not make them newer)."""
        if self.status is not None and self.status.last_success_at is not None:
            return self.status.last_success_at
        moments = [line.as_of for _label, lines in self.groups for line in lines if line.as_of]
        return max(moments) if moments else None


def month_starts(today: date, count: int = MONTHS_SHOWN) -> list[date]:
    """The first days of the last `count` months, oldest first, this month last."""
    starts = []
    month = today.replace(day=1)
    for _ in range(count):
        starts.append(month)
        month = (month - timedelta(days=1)).replace(day=1)
    return starts[::-1]


def institution_page(institution: Institution, *, today: date, with_peers: bool) -> InstitutionPage:
    """Every KPI of one institution with its monthly trend (the last value of each month) and,
    for the province, its rank among active peers of the same kind. Five queries (four without
    peers)."""
    months = month_starts(today)
    snapshots = {s.code: s for s in Snapshot.objects.filter(institution=institution)}
    monthly: dict[str, dict[date, Decimal]] = defaultdict(dict)
    for code, day, value in (
        DailyFigure.objects.filter(institution=institution, day__gte=months[0])
        .order_by("day")
        .values_list("code", "day", "value")
    ):
        monthly[code][day.replace(day=1)] = value  # ordered by day: the month's last value wins
    ranks: dict[str, tuple[int, int]] = {}
    if with_peers:
        ranks = _ranks(institution)
    alerts = open_alerts(institution=institution)
    by_code: dict[str, list[Alert]] = defaultdict(list)
    for alert in alerts:
        by_code[alert.rule.code].append(alert)
    status = InstitutionStatus.objects.filter(institution=institution).first()
    groups = []
    for group in catalogue.groups():
        lines = []
        for kpi in group.kpis:
            snapshot = snapshots.get(kpi.code)
            compare = catalogue.kpi_or_none(kpi.compare_to)
            other = snapshots.get(compare.code) if compare else None
            rank, peers = ranks.get(kpi.code, (None, 0))
            lines.append(
                Line(
                    kpi=kpi,
                    value=snapshot.value if snapshot else None,
                    breakdown=snapshot.breakdown if snapshot else [],
                    as_of=snapshot.as_of if snapshot else None,
                    months=[(month, monthly[kpi.code].get(month)) for month in months],
                    compare=compare,
                    compare_value=other.value if other else None,
                    rank=rank,
                    peers=peers,
                    alerts=by_code.get(kpi.code, []),
                )
            )
        groups.append((group.label, lines))
    return InstitutionPage(
        institution=institution,
        status=status,
        groups=groups,
        months=months,
        alerts=alerts,
        peers_kind=institution.get_kind_display(),
    )


def _ranks(institution: Institution) -> dict[str, tuple[int, int]]:
    """(rank, peers) per KPI with a direction, among active institutions of the same kind: 1 is
    the best (the highest when higher is better). Ties share a rank."""
    declared = catalogue.kpis()
    values: dict[str, list[tuple[int, Decimal]]] = defaultdict(list)
    for institution_id, code, value in Snapshot.objects.filter(
        institution__kind=institution.kind, institution__is_active=True
    ).values_list("institution_id", "code", "value"):
        values[code].append((institution_id, value))
    ranks = {}
    for code, pairs in values.items():
        kpi = declared.get(code)
        mine = next((value for institution_id, value in pairs if institution_id == institution.pk), None)
        if kpi is None or kpi.higher_is_better is None or mine is None:
            continue
        better = [value for _i, value in pairs if (value > mine if kpi.higher_is_better else value < mine)]
        ranks[code] = (len(better) + 1, len(pairs))
    return ranks


# --- One KPI across institutions ---------------------------------------------------------------------


@dataclass
class Comparison:
    kpi: Kpi
    compare: Kpi | None
    rows: list[Row]
    province: ProvinceDailyFigure | None
    kind: str

    @property
    def points(self) -> list[tuple[str, Decimal]]:
        """(institution, value) of the institutions that have a value, in the table's order."""
        return [(row.institution.name, row.values[self.kpi.code]) for row in self.rows if self.kpi.code in row.values]


def kpi_comparison(kpi: Kpi, *, kind: str = "", alerts: list[Alert]) -> Comparison:
    """Every active institution's latest value of `kpi` (and of its comparison figure), best first,
    blanks last. Four queries; `alerts` are the open alerts the page already read."""
    compare = catalogue.kpi_or_none(kpi.compare_to)
    shown, kind = _shown(kind)
    rows = _rows(shown)
    by_pk = {row.institution.pk: row for row in rows}
    codes = [kpi.code] + ([compare.code] if compare else [])
    for institution_id, code, value, moment in Snapshot.objects.filter(
        institution__in=shown, code__in=codes
    ).values_list("institution_id", "code", "value", "as_of"):
        row = by_pk.get(institution_id)
        if row is not None:
            row.values[code] = value
            if code == kpi.code:
                row.as_of = moment
    for alert in alerts:
        row = by_pk.get(alert.institution_id)
        if row is not None and alert.rule.code == kpi.code:
            row.alerts.setdefault(kpi.code, []).append(alert)
    rows = _sorted(rows, kpi.code, descending=kpi.higher_is_better is not False)
    province = ProvinceDailyFigure.objects.filter(code=kpi.code).order_by("-day").first()
    return Comparison(kpi=kpi, compare=compare, rows=rows, province=province, kind=kind)


# --- Extraction --------------------------------------------------------------------------------------


def extraction_rows(
    *, codes: list[str], institutions: QuerySet[Institution] | list[Institution], start: date, end: date, monthly: bool
) -> list[list]:
    """One row per institution and day (or month, with the month's last value), one column per
    KPI in `codes`: 기관코드, 기관명, 유형, 일자, values (to the KPI's decimals)… One query."""
    declared = catalogue.kpis()
    quanta = {code: Decimal(1).scaleb(-declared[code].decimals) for code in codes}
    institutions = list(institutions)
    by_pk = {i.pk: i for i in institutions}
    cells: dict[tuple[int, date], dict[str, Decimal]] = defaultdict(dict)
    for institution_id, day, code, value in (
        DailyFigure.objects.filter(institution__in=institutions, code__in=codes, day__gte=start, day__lte=end)
        .order_by("day")
        .values_list("institution_id", "day", "code", "value")
    ):
        cells[(institution_id, day.replace(day=1) if monthly else day)][code] = value.quantize(quanta[code])
    labels = kind_labels()
    rows = []
    for institution_id, period in sorted(cells, key=lambda k: (by_pk[k[0]].name, k[1])):
        institution = by_pk[institution_id]
        values = cells[(institution_id, period)]
        label = f"{period.year}-{period.month:02d}" if monthly else period
        rows.append(
            [institution.code, institution.name, labels.get(institution.kind, ""), label]
            + [values.get(code) for code in codes]
        )
    return rows
