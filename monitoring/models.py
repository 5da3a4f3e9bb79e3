"""Province monitoring's tables, in the public schema only (a shared app): what each institution
reported and when, the province's figure per day, the rollup runs, and the alerts.

Nothing here is read from an institution's schema during a request: the rollup
(monitoring.rollup) writes these rows from Celery jobs that ran inside each institution's schema.
Values are Decimals with four places (counts, percentages, hours and won amounts alike); a KPI's
declaration (core.kpis.Kpi) says how many to show.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

# Every value column: up to 16 digits before the point (won amounts) and four after.
VALUE_DIGITS, VALUE_PLACES = 20, 4
CODE_LENGTH = 64


class RollupRun(models.Model):
    """One rollup of the province: every active institution's figures for `day`, one Celery job
    per institution. The last job to record its outcome finishes the run."""

    class Trigger(models.TextChoices):
        SCHEDULE = "schedule", _("정기 갱신")
        MANUAL = "manual", _("지금 갱신")
        DEMO = "demo", _("시연 자료")

    trigger = models.CharField(_("계기"), max_length=10, choices=Trigger.choices)
    requested_by = models.CharField(_("요청자"), max_length=150, blank=True)
    day = models.DateField(_("기준일"))
    institution_ids = models.JSONField(_("대상 기관"), default=list)
    total = models.PositiveIntegerField(_("대상 기관 수"))
    ok_count = models.PositiveIntegerField(_("성공"), default=0)
    failed_count = models.PositiveIntegerField(_("실패"), default=0)
    started_at = models.DateTimeField(_("시작"))
    finished_at = models.DateTimeField(_("종료"), null=True, blank=True)

    class Meta:
        verbose_name = _("갱신 기록")
        verbose_name_plural = _("갱신 기록")
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["-started_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ok_count__lte=F("total") - F("failed_count")), name="rollup_run_counts_within_total"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_trigger_display()} {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def done(self) -> int:
        return self.ok_count + self.failed_count

    @property
    def missing(self) -> int:
        """Institutions whose job never reported (a run given up after a lost worker)."""
        return self.total - self.done if self.finished_at else 0

    @property
    def duration(self) -> timedelta | None:
        return self.finished_at - self.started_at if self.finished_at else None


class RollupResult(models.Model):
    """One institution's outcome in one run. UNIQUE per (run, institution): a job delivered twice
    finds the first one's row and writes nothing."""

    run = models.ForeignKey(RollupRun, on_delete=models.CASCADE, related_name="results")
    institution = models.ForeignKey("tenants.Institution", on_delete=models.CASCADE, related_name="+")
    ok = models.BooleanField(_("성공"))
    error = models.TextField(_("오류"), blank=True)
    milliseconds = models.PositiveIntegerField(_("소요(ms)"))
    finished_at = models.DateTimeField(_("완료"))

    class Meta:
        verbose_name = _("기관별 갱신 결과")
        verbose_name_plural = _("기관별 갱신 결과")
        constraints = [models.UniqueConstraint(fields=["run", "institution"], name="rollup_result_once_per_run")]

    def __str__(self) -> str:
        return f"{self.run_id} {self.institution_id} {'ok' if self.ok else 'failed'}"


class InstitutionStatus(models.Model):
    """How an institution's figures stand: when they were last counted, and whether the latest
    attempts failed (its last good figures stay, marked stale, until one succeeds)."""

    institution = models.OneToOneField(
        "tenants.Institution", primary_key=True, on_delete=models.CASCADE, related_name="monitoring_status"
    )
    last_success_at = models.DateTimeField(_("최근 성공"), null=True, blank=True)
    last_failure_at = models.DateTimeField(_("최근 실패"), null=True, blank=True)
    last_error = models.TextField(_("최근 오류"), blank=True)
    consecutive_failures = models.PositiveIntegerField(_("연속 실패"), default=0)

    class Meta:
        verbose_name = _("기관별 갱신 상태")
        verbose_name_plural = _("기관별 갱신 상태")

    def __str__(self) -> str:
        return str(self.institution_id)

    @property
    def is_stale(self) -> bool:
        return self.consecutive_failures > 0


class Snapshot(models.Model):
    """An institution's latest value of one KPI, with the moment it was counted."""

    institution = models.ForeignKey("tenants.Institution", on_delete=models.CASCADE, related_name="+")
    code = models.CharField(_("지표"), max_length=CODE_LENGTH)
    value = models.DecimalField(_("값"), max_digits=VALUE_DIGITS, decimal_places=VALUE_PLACES)
    breakdown = models.JSONField(_("내역"), default=list, blank=True)  # [[label, "value"], …]
    as_of = models.DateTimeField(_("기준 시각"))

    class Meta:
        verbose_name = _("최신 수치")
        verbose_name_plural = _("최신 수치")
        constraints = [models.UniqueConstraint(fields=["institution", "code"], name="snapshot_one_per_kpi")]
        indexes = [models.Index(fields=["code"])]

    def __str__(self) -> str:
        return f"{self.institution_id} {self.code} {self.value}"


class DailyFigure(models.Model):
    """An institution's value of one KPI on one day: the last count of that day. Kept for
    MONITORING_HISTORY_DAYS days, for trends and extraction."""

    institution = models.ForeignKey("tenants.Institution", on_delete=models.CASCADE, related_name="+")
    code = models.CharField(_("지표"), max_length=CODE_LENGTH)
    day = models.DateField(_("일자"))
    value = models.DecimalField(_("값"), max_digits=VALUE_DIGITS, decimal_places=VALUE_PLACES)
    as_of = models.DateTimeField(_("기준 시각"))

    class Meta:
        verbose_name = _("일별 수치")
        verbose_name_plural = _("일별 수치")
        constraints = [
            models.UniqueConstraint(fields=["institution", "code", "day"], name="daily_figure_one_per_day"),
        ]
        indexes = [models.Index(fields=["day", "code"])]

    def __str__(self) -> str:
        return f"{self.institution_id} {self.code} {self.day} {self.value}"


class ProvinceDailyFigure(models.Model):
    """The province-wide value of one KPI on one day (core.kpis.Kpi.province says how it is made),
    from the institutions that reported that day. The overview's cards and trends read only
    these, so they cost the same with 20 institutions or 1,000."""

    code = models.CharField(_("지표"), max_length=CODE_LENGTH)
    day = models.DateField(_("일자"))
    value = models.DecimalField(_("값"), null=True, blank=True, max_digits=VALUE_DIGITS, decimal_places=VALUE_PLACES)
    institutions = models.PositiveIntegerField(_("반영 기관 수"))
    as_of = models.DateTimeField(_("기준 시각"))

    class Meta:
        verbose_name = _("도 전체 일별 수치")
        verbose_name_plural = _("도 전체 일별 수치")
        constraints = [models.UniqueConstraint(fields=["code", "day"], name="province_figure_one_per_day")]

    def __str__(self) -> str:
        return f"{self.code} {self.day} {self.value}"


class Operator(models.TextChoices):
    LT = "lt", _("미만")
    LE = "le", _("이하")
    GT = "gt", _("초과")
    GE = "ge", _("이상")


class AlertRule(models.Model):
    """A threshold the planning office keeps in the province console: an institution whose figure
    (or figure minus its comparison figure, `against_compare`) crosses it is alerted once per
    crossing. `declared_for` marks the rule a KPI declaration started (core.kpis.KpiAlert), so it
    is made once and then belongs to the planners."""

    code = models.CharField(_("지표"), max_length=CODE_LENGTH)
    operator = models.CharField(_("조건"), max_length=2, choices=Operator.choices)
    threshold = models.DecimalField(_("기준값"), max_digits=VALUE_DIGITS, decimal_places=VALUE_PLACES)
    against_compare = models.BooleanField(
        _("비교 지표와의 차이로 판단"),
        default=False,
        help_text=_("예: 집행률이 신속집행 목표보다 10%p 넘게 낮으면 → 차이 -10 미만"),
    )
    is_active = models.BooleanField(_("사용"), default=True)
    declared_for = models.CharField(
        _("기본 기준을 선언한 지표"), max_length=CODE_LENGTH, unique=True, null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("등록일시"), auto_now_add=True)
    updated_at = models.DateTimeField(_("변경일시"), auto_now=True)

    class Meta:
        verbose_name = _("경보 기준")
        verbose_name_plural = _("경보 기준")
        ordering = ["code", "id"]

    def __str__(self) -> str:
        from monitoring.catalogue import rule_text

        return rule_text(self)


class Alert(models.Model):
    """One crossing of one rule by one institution: open until the figure is back on the right
    side (`cleared_at`). At most one open alert per rule and institution (a partial UNIQUE), so a
    rollup every 15 minutes notifies once, not every time."""

    rule = models.ForeignKey(AlertRule, on_delete=models.CASCADE, related_name="alerts")
    institution = models.ForeignKey("tenants.Institution", on_delete=models.CASCADE, related_name="+")
    opened_at = models.DateTimeField(_("발생"))
    value = models.DecimalField(_("발생 시 값"), max_digits=VALUE_DIGITS, decimal_places=VALUE_PLACES)
    compare_value = models.DecimalField(
        _("발생 시 비교값"), null=True, blank=True, max_digits=VALUE_DIGITS, decimal_places=VALUE_PLACES
    )
    last_value = models.DecimalField(_("최근 값"), max_digits=VALUE_DIGITS, decimal_places=VALUE_PLACES)
    cleared_at = models.DateTimeField(_("해소"), null=True, blank=True)

    class Meta:
        verbose_name = _("경보")
        verbose_name_plural = _("경보")
        ordering = ["-opened_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["rule", "institution"], condition=Q(cleared_at__isnull=True), name="alert_one_open_per_rule"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.institution_id} {self.rule_id} {self.opened_at:%Y-%m-%d %H:%M}"
