"""The rollup as the services and the jobs write it (called in-process; tests/monitoring/
test_workers.py runs the same through a real worker): one transaction per institution, once per
run; the last outcome finishes the run and makes the province's figures; a failure keeps the last
good figures, marked stale; alerts open once per crossing and notify the planners; the history."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tenants.utils import schema_context

from audit.models import AuditEvent
from core.kpis import PROVINCE_RATIO, Kpi, KpiAlert, KpiFigure, KpiSource
from core.plugins import Declaration, Plugin, Registry, registry
from monitoring import catalogue
from monitoring.collect import FigureError, collect_figures
from monitoring.demo import HISTORY_DAYS, institution_seed
from monitoring.kpis import ROLLUP_FAILURES
from monitoring.models import (
    Alert,
    AlertRule,
    DailyFigure,
    InstitutionStatus,
    Operator,
    ProvinceDailyFigure,
    RollupResult,
    RollupRun,
    Snapshot,
)
from monitoring.selectors import overview_cards
from monitoring.services import (
    ABANDONED_AFTER,
    DUPLICATE,
    FAILED,
    OK,
    alert_rule_save,
    rollup_record,
    rollup_start,
)
from monitoring.tasks import history_backfill, rollup_institution
from notifications.models import Notification
from org.models import User
from tests.monitoring.support import figures
from tests.support import PLANNER

pytestmark = pytest.mark.django_db
SCHEDULE = RollupRun.Trigger.SCHEDULE


def snapshot(institution, code: str) -> Decimal | None:
    return Snapshot.objects.filter(institution=institution, code=code).values_list("value", flat=True).first()


def record(run, institution, values: dict | None, error: str = "") -> str:
    return rollup_record(run=run, institution_id=institution.pk, figures=values, error=error, as_of=timezone.now())


def planner_notices() -> list[Notification]:
    return list(Notification.objects.filter(recipient__username=PLANNER, category="monitoring_alert").order_by("pk"))


def test_the_last_outcome_finishes_the_run_and_makes_the_province_figures(alpha, beta):
    run, started = rollup_start(trigger=SCHEDULE)
    assert (started, run.total, set(run.institution_ids)) == (True, 2, {alpha.pk, beta.pk})

    assert record(run, alpha, figures(org__headcount=280, org__authorised=300, tasks__card_completeness="70.0")) == OK
    run.refresh_from_db()
    assert (run.ok_count, run.finished_at) == (1, None)
    assert record(run, beta, figures(org__headcount=30, tasks__card_completeness="60.0")) == OK

    run.refresh_from_db()
    assert (run.ok_count, run.finished_at is not None) == (2, True)
    province = {row.code: row for row in ProvinceDailyFigure.objects.filter(day=run.day)}
    assert (province["org.headcount"].value, province["org.headcount"].institutions) == (Decimal(310), 2)
    assert province["tasks.card_completeness"].value == Decimal("65")  # the mean of 70 and 60
    # 현원 ÷ 정원 over the institutions that report both: alpha alone, 280 / 300.
    assert (province["org.staffing_rate"].value, province["org.staffing_rate"].institutions) == (Decimal("93.3333"), 1)
    assert snapshot(alpha, "org.headcount") == 280
    assert DailyFigure.objects.filter(institution=alpha, day=run.day, code="org.headcount").get().value == 280
    assert snapshot(alpha, ROLLUP_FAILURES) == 0


def test_a_duplicate_delivery_writes_nothing(alpha, beta):
    run, _ = rollup_start(trigger=SCHEDULE)
    assert record(run, alpha, figures(org__headcount=280)) == OK

    assert record(run, alpha, figures(org__headcount=999)) == DUPLICATE

    run.refresh_from_db()
    assert (run.ok_count, run.failed_count) == (1, 0)
    assert RollupResult.objects.filter(run=run, institution=alpha).count() == 1
    assert snapshot(alpha, "org.headcount") == 280


def test_a_failing_institution_keeps_its_last_good_figures_marked_stale_and_alerts_on_the_second_failure(alpha, beta):
    def run_with(alpha_values, error=""):
        run, started = rollup_start(trigger=SCHEDULE)
        assert started
        outcome = record(run, alpha, alpha_values, error)
        record(run, beta, figures(org__headcount=30))
        run.refresh_from_db()
        assert run.finished_at is not None
        return outcome

    assert run_with(figures(org__headcount=280)) == OK
    assert run_with(None, "ProgrammingError: relation does not exist") == FAILED

    status = InstitutionStatus.objects.get(institution=alpha)
    assert (status.is_stale, status.consecutive_failures) == (True, 1)
    assert "relation does not exist" in status.last_error
    assert snapshot(alpha, "org.headcount") == 280  # the last good figure stays
    assert snapshot(alpha, ROLLUP_FAILURES) == 1
    assert planner_notices() == []

    assert run_with(None, "OperationalError: timeout") == FAILED
    rule = AlertRule.objects.get(declared_for=ROLLUP_FAILURES)
    assert (rule.operator, rule.threshold) == (Operator.GE, 2)
    assert Alert.objects.filter(rule=rule, institution=alpha, cleared_at=None).count() == 1
    [notice] = planner_notices()
    assert notice.title == "알파개발공사 · 연속 갱신 실패 2회 이상"
    assert notice.url == "/monitoring/institutions/alpha/"

    assert run_with(None, "OperationalError: timeout") == FAILED  # still failing: no second notice
    assert len(planner_notices()) == 1

    assert run_with(figures(org__headcount=281)) == OK
    assert not InstitutionStatus.objects.get(institution=alpha).is_stale
    assert Alert.objects.get(rule=rule, institution=alpha).cleared_at is not None
    assert snapshot(alpha, "org.headcount") == 281


def test_an_alert_opens_once_per_crossing_and_clears_when_the_figure_is_back(alpha):
    rule = AlertRule.objects.create(code="tasks.directives_overdue", operator=Operator.GT, threshold=10)

    def overdue(n: int) -> None:
        run = RollupRun.objects.create(trigger=SCHEDULE, day=timezone.localdate(), total=1, started_at=timezone.now())
        record(run, alpha, figures(tasks__directives_overdue=n))

    overdue(12)
    overdue(13)
    assert Alert.objects.filter(rule=rule, cleared_at=None).get().last_value == 13
    overdue(10)
    assert not Alert.objects.filter(rule=rule, cleared_at=None).exists()
    overdue(11)
    assert Alert.objects.filter(rule=rule).count() == 2
    assert [n.title for n in planner_notices()] == ["알파개발공사 · 기한 초과 지시사항 10건 초과"] * 2


def test_switching_a_rule_off_clears_its_alerts_and_is_audited(alpha):
    planner = User.objects.get(username=PLANNER)
    rule = AlertRule.objects.create(code="tasks.directives_overdue", operator=Operator.GT, threshold=10)
    run = RollupRun.objects.create(trigger=SCHEDULE, day=timezone.localdate(), total=1, started_at=timezone.now())
    record(run, alpha, figures(tasks__directives_overdue=12))

    rule.is_active = False
    alert_rule_save(rule=rule, actor=planner)

    assert not Alert.objects.filter(rule=rule, cleared_at=None).exists()
    entry = AuditEvent.objects.order_by("-id").first()
    assert (entry.action, entry.actor_label, entry.data["active"]) == ("monitoring.alert_rule", PLANNER, False)


def test_a_start_joins_the_running_run_and_closes_an_abandoned_one(alpha, beta, django_capture_on_commit_callbacks):
    planner = User.objects.get(username=PLANNER)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        run, started = rollup_start(trigger=RollupRun.Trigger.MANUAL, actor=planner)
    assert (started, len(callbacks)) == (True, 1)  # the fan-out, sent after the commit
    assert run.requested_by == "정기획(planner)"
    assert AuditEvent.objects.filter(action="monitoring.refresh").exists()

    again, started = rollup_start(trigger=RollupRun.Trigger.MANUAL, actor=planner)
    assert (again.pk, started) == (run.pk, False)

    RollupRun.objects.filter(pk=run.pk).update(started_at=timezone.now() - ABANDONED_AFTER - timedelta(minutes=1))
    fresh, started = rollup_start(trigger=SCHEDULE)
    assert started
    assert fresh.pk != run.pk
    run.refresh_from_db()
    assert (run.finished_at is not None, run.missing) == (True, 2)


def test_the_declared_alerts_are_made_once_and_then_belong_to_the_planners(alpha):
    rollup_start(trigger=SCHEDULE)
    declared = {kpi.code for kpi in catalogue.kpis().values() if kpi.alert}
    assert set(AlertRule.objects.values_list("declared_for", flat=True)) == declared
    rule = AlertRule.objects.get(declared_for="tasks.directives_overdue")
    rule.threshold = 20
    rule.save()
    RollupRun.objects.update(finished_at=timezone.now())

    rollup_start(trigger=SCHEDULE)

    assert AlertRule.objects.filter(code="tasks.directives_overdue").get().threshold == 20


# --- The jobs, called in-process ---------------------------------------------------------------------


def test_the_institution_job_counts_in_its_schema_and_records_once(alpha, beta):
    run, _ = rollup_start(trigger=SCHEDULE)
    with schema_context(alpha.schema_name):
        assert rollup_institution(run.pk, alpha.pk) == OK
        assert rollup_institution(run.pk, alpha.pk) == DUPLICATE
    assert snapshot(alpha, "org.headcount") == 3  # admin, staff, peer
    assert RollupResult.objects.get(run=run, institution=alpha).ok


def test_a_broken_schema_is_recorded_as_that_institutions_failure(alpha, beta):
    run, _ = rollup_start(trigger=SCHEDULE)
    with schema_context(beta.schema_name):
        assert rollup_institution(run.pk, beta.pk) == OK
    with schema_context(alpha.schema_name):
        with connection.cursor() as cursor:
            cursor.execute("ALTER TABLE tasks_directive RENAME TO tasks_directive_gone")
        assert rollup_institution(run.pk, alpha.pk) == FAILED
    result = RollupResult.objects.get(run=run, institution=alpha)
    assert not result.ok
    assert "tasks_directive" in result.error
    run.refresh_from_db()
    assert (run.ok_count, run.failed_count, run.finished_at is not None) == (1, 1, True)
    assert snapshot(beta, "org.headcount") == 3


def test_figures_are_counted_only_inside_an_institution(db):
    with pytest.raises(FigureError):
        collect_figures(on=timezone.localdate())


HEADCOUNT = (Kpi("org.headcount", _("현원"), "명"),)
UNDECLARED = KpiSource(HEADCOUNT, lambda *, on: [KpiFigure("org.unknown", 1)])
FLOAT = KpiSource(HEADCOUNT, lambda *, on: [KpiFigure("org.headcount", 1.5)])  # type: ignore[arg-type]


@pytest.mark.parametrize("source", ["UNDECLARED", "FLOAT"])
def test_a_source_breaking_the_contract_is_refused(source, in_alpha, monkeypatch):
    fake = Registry([Declaration("org", Plugin(kpis=f"{__name__}.{source}"))])
    monkeypatch.setattr("monitoring.collect.registry", lambda: fake)
    with pytest.raises(FigureError):
        collect_figures(on=timezone.localdate())


def test_the_history_is_counted_for_past_days_once(alpha):
    with schema_context(alpha.schema_name):
        assert history_backfill(alpha.pk, 3) == 3
        assert history_backfill(alpha.pk, 3) == 0  # already there
    connection.set_schema_to_public()
    days = sorted(set(DailyFigure.objects.filter(institution=alpha).values_list("day", flat=True)))
    today = timezone.localdate()
    assert days == [today - timedelta(days=n) for n in (3, 2, 1)]
    codes = set(DailyFigure.objects.filter(institution=alpha).values_list("code", flat=True))
    assert {"org.headcount", "approval.waiting"} <= codes
    assert not any(code.startswith("audit.") for code in codes)  # dated when written: no past days
    assert ProvinceDailyFigure.objects.filter(code="org.headcount", day__in=days).count() == 3


def test_the_demo_seeder_records_todays_figures_and_queues_the_history(
    alpha, monkeypatch, django_capture_on_commit_callbacks
):
    sent = []
    monkeypatch.setattr(
        "monitoring.tasks.history_backfill.apply_async", lambda args, headers: sent.append((args, headers))
    )
    with schema_context(alpha.schema_name), django_capture_on_commit_callbacks(execute=True):
        outcome = institution_seed(institution=alpha, now=timezone.now())
    connection.set_schema_to_public()
    assert outcome.created
    assert outcome.counts["figures"] > 20
    assert snapshot(alpha, "org.headcount") == 3
    assert InstitutionStatus.objects.get(institution=alpha).last_success_at is not None
    assert sent == [((alpha.pk, HISTORY_DAYS), {"_schema_name": "alpha"})]
    with schema_context(alpha.schema_name):
        assert institution_seed(institution=alpha, now=timezone.now()).note == "figures already there"


# --- A figure another app declares later (a rate like budget's 집행률) needs nothing of monitoring ----

RATE = KpiSource(
    kpis=(
        Kpi(
            "budgetlike.execution_rate",
            _("집행률"),
            "%",
            higher_is_better=True,
            decimals=1,
            province=PROVINCE_RATIO,
            ratio_of=("budgetlike.executed", "budgetlike.current"),
            compare_to="budgetlike.prompt_target",
            card=10,
            alert=KpiAlert("lt", -10, against_compare=True),
        ),
        Kpi("budgetlike.prompt_target", _("신속집행 목표"), "%", decimals=1, province="mean"),
        Kpi("budgetlike.executed", _("집행액"), "원"),
        Kpi("budgetlike.current", _("예산현액"), "원"),
    ),
    figures=None,
)


@pytest.fixture
def with_budget_like(monkeypatch):
    extended = Registry([*registry().declarations, Declaration("budgetlike", Plugin(kpis=f"{__name__}.RATE"))])
    monkeypatch.setattr(catalogue, "registry", lambda: extended)
    return extended


def test_a_newly_declared_rate_gets_its_card_and_its_lag_alert(with_budget_like, alpha, beta):
    run, _ = rollup_start(trigger=SCHEDULE)
    lagging = figures(
        budgetlike__execution_rate="40.0",
        budgetlike__prompt_target="55.5",
        budgetlike__executed=400,
        budgetlike__current=1000,
    )
    on_track = figures(
        budgetlike__execution_rate="60.0",
        budgetlike__prompt_target="55.5",
        budgetlike__executed=600,
        budgetlike__current=1000,
    )
    record(run, alpha, lagging)
    record(run, beta, on_track)

    [alert] = Alert.objects.filter(cleared_at=None)
    assert alert.institution == alpha
    assert str(alert.rule) == "집행률: 신속집행 목표보다 10.0%p 넘게 낮음"
    assert [n.title for n in planner_notices()] == ["알파개발공사 · 집행률: 신속집행 목표보다 10.0%p 넘게 낮음"]
    cards = overview_cards(today=run.day)
    # Its card=10 ties budget's own 집행률: declaration order breaks the tie, budget first.
    assert [c.kpi.code for c in cards[:2]] == ["budget.execution_rate", "budgetlike.execution_rate"]
    card = cards[1]
    assert card.value == Decimal("50.0000")  # 1,000 of 2,000 executed
    assert card.compare_value == Decimal("55.5000")
    assert card.difference == Decimal("-5.5000")
