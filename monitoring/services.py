"""Writes of province monitoring, all in the public schema: starting a rollup, recording one
institution's outcome (its snapshot, its day's history, its status, the run's progress and, for
the last one, the province's figures), alerts, and the planners' own actions.

An institution's figures are counted in its own schema by the job (monitoring.tasks), which then
hands them here; one institution's outcome is written in one transaction, and a run's
RollupResult row (UNIQUE per run and institution) is written first, so a job delivered twice
writes once.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Avg, Count, F, Max, QuerySet, Sum
from django.urls import reverse
from django.utils import timezone
from django_tenants.utils import get_public_schema_name

from audit.services import audit_record
from core.kpis import PROVINCE_MEAN, PROVINCE_RATIO, percent
from monitoring import catalogue
from monitoring.collect import Figure
from monitoring.kpis import ROLLUP_FAILURES
from monitoring.models import (
    Alert,
    AlertRule,
    DailyFigure,
    InstitutionStatus,
    ProvinceDailyFigure,
    RollupResult,
    RollupRun,
    Snapshot,
)
from notifications.services import notify
from org.models import User
from org.roles import PLANNING_OFFICE
from tenants.models import Institution, InstitutionKind

logger = logging.getLogger(__name__)

# A run still unfinished after this long lost a job (a worker killed mid-way): the next start
# closes it, its missing institutions counted as such, so a new run can begin.
ABANDONED_AFTER = timedelta(minutes=20)
# Runs and their per-institution results are kept this long (one run every 15 minutes); the
# figures themselves are kept MONITORING_HISTORY_DAYS.
RUNS_KEPT_DAYS = 14
_FOUR_PLACES = Decimal("0.0001")
_PROVINCE_DAYS_LOCK_KEY = 0x50524459  # "PRDY": province_days_refresh, one transaction at a time

OK, FAILED, DUPLICATE = "ok", "failed", "duplicate"


def active_institutions() -> QuerySet[Institution]:
    """The institutions the province monitors: every active one but the province itself."""
    return Institution.objects.filter(is_active=True).exclude(kind=InstitutionKind.PROVINCE).order_by("code")


def _lock(name: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [name])


def _require_public() -> None:
    if connection.schema_name != get_public_schema_name():  # type: ignore[attr-defined]  # django-tenants' connection knows its schema
        raise RuntimeError("monitoring writes its tables from the public schema")


def _person(actor: User | None) -> str:
    if actor is None:
        return ""
    return f"{actor.name}({actor.get_username()})" if getattr(actor, "name", "") else actor.get_username()


# --- Runs ------------------------------------------------------------------------------------------


def rollup_start(*, trigger: str, actor: User | None = None, now: datetime | None = None) -> tuple[RollupRun, bool]:
    """Start a rollup of every active institution, or return the one still running (and False):
    planners pressing 지금 갱신 twice, or a schedule falling due meanwhile, join the running run
    rather than counting everything twice. The fan-out is sent once the run is committed."""
    _require_public()
    now = now or timezone.now()
    with transaction.atomic():
        # Serialises starts: two presses at the same moment make one run.
        _lock("monitoring.rollup_start")
        runs_close_abandoned(now=now)
        running = RollupRun.objects.filter(finished_at__isnull=True).order_by("-started_at").first()
        if running is not None:
            return running, False
        ids = list(active_institutions().values_list("pk", flat=True))
        run = RollupRun.objects.create(
            trigger=trigger,
            requested_by=_person(actor),
            day=timezone.localdate(now),
            institution_ids=ids,
            total=len(ids),
            started_at=now,
            finished_at=None if ids else now,
        )
        alert_rules_ensure_declared()
        if trigger == RollupRun.Trigger.MANUAL:
            audit_record(action="monitoring.refresh", actor=actor, target=run, data={"institutions": len(ids)})
        if ids:
            from monitoring.tasks import rollup_dispatch

            transaction.on_commit(lambda: rollup_dispatch.delay(run.pk))
    return run, True


def runs_close_abandoned(*, now: datetime) -> list[RollupRun]:
    """Close the runs a lost job left unfinished; their day's province figures are made from the
    institutions that did report."""
    abandoned = list(RollupRun.objects.filter(finished_at__isnull=True, started_at__lt=now - ABANDONED_AFTER))
    if abandoned:
        RollupRun.objects.filter(pk__in=[run.pk for run in abandoned]).update(finished_at=now)
        province_days_refresh(days={run.day for run in abandoned}, now=now)
        logger.warning("rollup runs abandoned", extra={"runs": [run.pk for run in abandoned]})
    return abandoned


def rollup_record(
    *,
    run: RollupRun,
    institution_id: int,
    figures: dict[str, Figure] | None,
    error: str = "",
    milliseconds: int = 0,
    as_of: datetime,
) -> str:
    """Record one institution's outcome in `run`: its figures (None when counting failed, with
    the `error`), in one transaction. Returns OK, FAILED or DUPLICATE (this run already has the
    institution's outcome: nothing is written)."""
    _require_public()
    now = timezone.now()
    with transaction.atomic():
        try:
            with transaction.atomic():
                RollupResult.objects.create(
                    run=run,
                    institution_id=institution_id,
                    ok=figures is not None,
                    error=error[:4000],
                    milliseconds=milliseconds,
                    finished_at=now,
                )
        except IntegrityError:
            return DUPLICATE
        InstitutionStatus.objects.get_or_create(institution_id=institution_id)
        # The status row is the institution's: two runs recording it at once count failures in turn.
        status = InstitutionStatus.objects.select_for_update().get(institution_id=institution_id)
        if figures is not None:
            status.last_success_at, status.consecutive_failures, status.last_error = now, 0, ""
        else:
            status.last_failure_at, status.last_error = now, error[:4000]
            status.consecutive_failures += 1
        status.save()
        own = {ROLLUP_FAILURES: Figure(Decimal(status.consecutive_failures), [])}
        written = {**figures, **own} if figures is not None else own
        figures_write(
            institution_id=institution_id, figures=written, day=run.day, as_of=as_of, replace=figures is not None
        )
        counter = "ok_count" if figures is not None else "failed_count"
        RollupRun.objects.filter(pk=run.pk).update(**{counter: F(counter) + 1})
        # The last outcome finishes the run (the row lock the update above took orders them).
        finished = RollupRun.objects.filter(
            pk=run.pk, finished_at__isnull=True, total__lte=F("ok_count") + F("failed_count")
        ).update(finished_at=now)
        if finished:
            province_days_refresh(days={run.day}, now=now)
            history_prune(today=timezone.localdate(now))
        alerts_evaluate(institution_id=institution_id, codes=written, now=now)
    return OK if figures is not None else FAILED


def figures_write(
    *, institution_id: int, figures: dict[str, Figure], day: date, as_of: datetime, replace: bool
) -> None:
    """Upsert the institution's latest snapshot and its figures of `day`. With `replace`, the
    figures it no longer reports (a 정원 cleared) leave the snapshot and that day."""
    Snapshot.objects.bulk_create(
        [
            Snapshot(institution_id=institution_id, code=code, value=f.value, breakdown=f.breakdown, as_of=as_of)
            for code, f in figures.items()
        ],
        update_conflicts=True,
        unique_fields=["institution", "code"],
        update_fields=["value", "breakdown", "as_of"],
    )
    DailyFigure.objects.bulk_create(
        [
            DailyFigure(institution_id=institution_id, code=code, day=day, value=f.value, as_of=as_of)
            for code, f in figures.items()
        ],
        update_conflicts=True,
        unique_fields=["institution", "code", "day"],
        update_fields=["value", "as_of"],
    )
    if replace:
        Snapshot.objects.filter(institution_id=institution_id).exclude(code__in=list(figures)).delete()
        DailyFigure.objects.filter(institution_id=institution_id, day=day).exclude(code__in=list(figures)).delete()


def history_record(*, institution_id: int, days: dict[date, dict[str, Figure]], now: datetime) -> int:
    """Write an institution's figures of past days (the demo's history, counted by the real KPI
    functions for each day), without touching its latest snapshot, then the province's figures
    of those days. Days it already has are rewritten with the same counts (idempotent)."""
    _require_public()
    with transaction.atomic():
        rows = [
            DailyFigure(
                institution_id=institution_id,
                code=code,
                day=day,
                value=figure.value,
                as_of=timezone.make_aware(datetime.combine(day + timedelta(days=1), datetime.min.time())),
            )
            for day, figures in days.items()
            for code, figure in figures.items()
        ]
        DailyFigure.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["institution", "code", "day"],
            update_fields=["value", "as_of"],
            batch_size=2000,
        )
        province_days_refresh(days=days.keys(), now=now)
    return len(rows)


def province_days_refresh(*, days: Iterable[date], now: datetime) -> int:
    """The province's figure of every KPI on each of `days`, from the active institutions'
    figures of that day: a sum, a mean, or a rate of two sums over the institutions that report
    both (core.kpis.Kpi.province). Four queries (the lock and three reads) whatever the number of
    institutions."""
    days = sorted(set(days))
    with transaction.atomic():
        # Two institutions' figures recorded at once (two workers, parallel demo seeding): each
        # transaction would count the province's day without the other's uncommitted figures and
        # the later commit would win with one institution missing. Taken in turn, the second
        # counts after the first has committed. Held until the caller's transaction ends.
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_PROVINCE_DAYS_LOCK_KEY])
        return _province_days_write(days, now)


def _province_days_write(days: list[date], now: datetime) -> int:
    declared = catalogue.kpis()
    active = DailyFigure.objects.filter(day__in=days, institution__is_active=True)
    groups = {
        (row["day"], row["code"]): row
        for row in active.values("day", "code").annotate(
            total=Sum("value"), mean=Avg("value"), n=Count("pk"), as_of=Max("as_of")
        )
    }
    ratios = {code: kpi for code, kpi in declared.items() if kpi.province == PROVINCE_RATIO}
    parts: dict[tuple[date, str], dict[int, Decimal]] = defaultdict(dict)
    components = {code for kpi in ratios.values() for code in kpi.ratio_of}
    for institution_id, day, code, part in active.filter(code__in=components).values_list(
        "institution_id", "day", "code", "value"
    ):
        parts[(day, code)][institution_id] = part
    rows = []
    for day in days:
        for code, kpi in declared.items():
            group = groups.get((day, code))
            value: Decimal | None
            if kpi.province == PROVINCE_RATIO:
                if not kpi.ratio_of:
                    continue  # core.kpis refuses a ratio without its two codes: never here
                numerator, denominator = kpi.ratio_of
                numerators, denominators = parts.get((day, numerator), {}), parts.get((day, denominator), {})
                both = numerators.keys() & denominators.keys()
                if not both:
                    continue
                value = percent(sum(numerators[i] for i in both), sum(denominators[i] for i in both), places=4)
                count = len(both)
            elif group is None:
                continue
            else:
                value = group["mean"] if kpi.province == PROVINCE_MEAN else group["total"]
                count = group["n"]
            as_of = group["as_of"] if group is not None else now
            value = value.quantize(_FOUR_PLACES) if value is not None else None
            rows.append(ProvinceDailyFigure(code=code, day=day, value=value, institutions=count, as_of=as_of))
    ProvinceDailyFigure.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["code", "day"],
        update_fields=["value", "institutions", "as_of"],
    )
    return len(rows)


def history_prune(*, today: date) -> None:
    """Drop figures older than MONITORING_HISTORY_DAYS and runs older than RUNS_KEPT_DAYS (both
    deletes use an index on the day or start)."""
    oldest = today - timedelta(days=settings.MONITORING_HISTORY_DAYS)
    DailyFigure.objects.filter(day__lt=oldest).delete()
    ProvinceDailyFigure.objects.filter(day__lt=oldest).delete()
    cutoff = timezone.make_aware(datetime.combine(today - timedelta(days=RUNS_KEPT_DAYS), datetime.min.time()))
    RollupRun.objects.filter(started_at__lt=cutoff, finished_at__isnull=False).delete()


# --- Alerts ----------------------------------------------------------------------------------------


def alert_rules_ensure_declared() -> int:
    """Make the alert rules the KPIs start with (core.kpis.KpiAlert), once each: after that they
    belong to the planners, who may change or switch them off in the province console."""
    made = set(AlertRule.objects.filter(declared_for__isnull=False).values_list("declared_for", flat=True))
    missing = [
        AlertRule(
            code=kpi.code,
            operator=kpi.alert.operator,
            threshold=Decimal(kpi.alert.threshold),
            against_compare=kpi.alert.against_compare,
            declared_for=kpi.code,
        )
        for kpi in catalogue.kpis().values()
        if kpi.alert is not None and kpi.code not in made
    ]
    AlertRule.objects.bulk_create(missing, ignore_conflicts=True)
    return len(missing)


def alerts_evaluate(*, institution_id: int, codes: Iterable[str], now: datetime) -> list[Alert]:
    """Open an alert for each active rule on `codes` the institution's latest figures cross
    (notifying the planners, once per crossing), keep the open ones that still cross, and clear
    those that no longer do. A rule that cannot be told (its figure missing) is left as it is."""
    rules = list(AlertRule.objects.filter(is_active=True, code__in=list(codes)))
    if not rules:
        return []
    declared = catalogue.kpis()
    compare = {rule.code: declared[rule.code].compare_to for rule in rules if rule.code in declared}
    needed = {rule.code for rule in rules} | {code for code in compare.values() if code}
    values = dict(Snapshot.objects.filter(institution_id=institution_id, code__in=needed).values_list("code", "value"))
    open_alerts = {
        alert.rule_id: alert
        for alert in Alert.objects.filter(institution_id=institution_id, rule__in=rules, cleared_at__isnull=True)
    }
    opened = []
    for rule in rules:
        value = values.get(rule.code)
        if value is None:
            continue  # its figure missing: the rule cannot be told
        other = values.get(compare.get(rule.code) or "")
        state = catalogue.crossed(rule, value, other)
        alert = open_alerts.get(rule.pk)
        if state and alert is None:
            opened.append(
                Alert.objects.create(
                    rule=rule,
                    institution_id=institution_id,
                    opened_at=now,
                    value=value,
                    compare_value=other,
                    last_value=value,
                )
            )
        elif state and alert is not None and alert.last_value != value:
            Alert.objects.filter(pk=alert.pk).update(last_value=value)
        elif state is False and alert is not None:
            Alert.objects.filter(pk=alert.pk).update(cleared_at=now, last_value=value)
    if opened:
        _notify_planners(opened, now=now)
    return opened


def _notify_planners(alerts: list[Alert], *, now: datetime) -> None:
    planners = list(User.objects.filter(is_active=True, groups__name=PLANNING_OFFICE).distinct())
    institution = Institution.objects.get(pk=alerts[0].institution_id)
    url = reverse("monitoring:institution", args=[institution.code], urlconf=settings.PUBLIC_SCHEMA_URLCONF)
    for alert in alerts:
        kpi = catalogue.kpi_or_none(alert.rule.code)
        current = catalogue.format_value(kpi, alert.value) if kpi else str(alert.value)
        notify(
            recipients=planners,
            category="monitoring_alert",
            title=f"{institution.name} · {catalogue.rule_text(alert.rule)}",
            body=f"{kpi.label if kpi else alert.rule.code}: {current}",
            url=url,
            now=now,
        )


def alert_rule_save(*, rule: AlertRule, actor: User) -> AlertRule:
    """Keep a rule the planners edited in the province console (recorded in the province's audit
    chain). Switching it off clears its open alerts at once; a changed threshold is judged again
    at the next rollup."""
    _require_public()
    with transaction.atomic():
        created = rule.pk is None
        rule.save()
        if not rule.is_active:
            Alert.objects.filter(rule=rule, cleared_at__isnull=True).update(cleared_at=timezone.now())
        audit_record(
            action="monitoring.alert_rule",
            actor=actor,
            target=rule,
            data={
                "created": created,
                "code": rule.code,
                "operator": rule.operator,
                "threshold": str(rule.threshold),
                "against_compare": rule.against_compare,
                "active": rule.is_active,
            },
        )
    return rule


def extraction_record(
    *, actor: User, codes: list[str], institutions: list[str], start: date, end: date, fmt: str
) -> None:
    """An extraction (추출) is the province reading institutions' figures out: who took what is
    kept in the province's audit chain."""
    _require_public()
    audit_record(
        action="monitoring.extract",
        actor=actor,
        data={
            "kpis": codes,
            "institutions": institutions,
            "from": start.isoformat(),
            "to": end.isoformat(),
            "format": fmt,
        },
    )
