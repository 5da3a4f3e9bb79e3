"""What e-approval (전자결재) reports to province monitoring: documents submitted (상신) and
completed this month, how long the line takes (the median and the 90th percentile from 상신 to
completion), documents kept waiting, 전결 and 대결, use per staff member (사용실적) and documents
sent to other institutions.

Counted from the dated columns, so a past day reads as it stood then: a document was waiting on a
day if it had been submitted and not yet closed (completed, returned or withdrawn) by then.
"Working days" are Monday to Friday: the system has no holiday calendar yet (복무 will bring one),
so a public holiday counts as a working day here.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Aggregate, Count, DurationField, Exists, F, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from approval.models import ApprovalStep, Document, DocumentStatus
from core.kpis import PROVINCE_MEAN, Kpi, KpiAlert, KpiDay, KpiFigure, KpiSource, percent, quotient
from org.kpis import employed_on

APPROVAL = _("전자결재")
WAITING_WORKING_DAYS = 3
LEAD_TIME_DAYS = 30  # the lead times of the documents completed in the last 30 days


class PercentileDuration(Aggregate):
    """PostgreSQL's ``percentile_cont(f) WITHIN GROUP (ORDER BY interval)``: an interpolated
    percentile of durations, as a duration."""

    function = "percentile_cont"
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = DurationField()

    def __init__(self, expression, fraction: str, **extra):
        super().__init__(expression, fraction=fraction, **extra)


def working_days_before(on: date, days: int) -> date:
    """The day `days` working days (Monday–Friday) before `on`."""
    day = on
    while days:
        day -= timedelta(days=1)
        if day.weekday() < 5:
            days -= 1
    return day


def _hours(duration: timedelta | None) -> Decimal | None:
    if duration is None:
        return None
    micros = Decimal(duration // timedelta(microseconds=1))
    return (micros / 3_600_000_000).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def figures(*, on: date) -> list[KpiFigure]:
    """Four queries: the documents' counts, the lead times, the 대결, the 현원 for use per head."""
    day = KpiDay(on)
    submitted = Q(submitted_at__gte=day.month_start, submitted_at__lt=day.until)
    completed = Q(status=DocumentStatus.COMPLETED, closed_at__gte=day.month_start, closed_at__lt=day.until)
    delegated = Exists(ApprovalStep.objects.filter(document=OuterRef("pk"), delegated=True))
    cutoff = KpiDay(working_days_before(on, WAITING_WORKING_DAYS)).day_start
    waiting = Q(submitted_at__lt=cutoff) & (Q(closed_at__isnull=True) | Q(closed_at__gte=day.until))
    counts = Document.objects.aggregate(
        submitted=Count("pk", filter=submitted),
        completed=Count("pk", filter=completed),
        delegated=Count("pk", filter=completed & Q(delegated)),
        sent=Count("pk", filter=completed & Q(is_internal=False)),
        waiting=Count("pk", filter=waiting),
    )
    lead = (
        Document.objects.filter(
            status=DocumentStatus.COMPLETED,
            closed_at__gte=day.days_back(LEAD_TIME_DAYS),
            closed_at__lt=day.until,
            submitted_at__isnull=False,
        )
        .annotate(lead=F("closed_at") - F("submitted_at"))
        .aggregate(median=PercentileDuration("lead", "0.5"), p90=PercentileDuration("lead", "0.9"))
    )
    proxies = ApprovalStep.objects.filter(
        proxy_for__isnull=False, acted_at__gte=day.month_start, acted_at__lt=day.until
    ).count()
    headcount = employed_on(on).count()
    result = [
        KpiFigure("approval.submitted_month", counts["submitted"]),
        KpiFigure("approval.completed_month", counts["completed"]),
        KpiFigure("approval.waiting", counts["waiting"]),
        KpiFigure("approval.proxy_month", proxies),
        KpiFigure("approval.sent_month", counts["sent"]),
    ]
    optional = {
        "approval.lead_time_median": _hours(lead["median"]),
        "approval.lead_time_p90": _hours(lead["p90"]),
        "approval.delegated_ratio": percent(counts["delegated"], counts["completed"]),
        "approval.per_staff_month": quotient(counts["submitted"], headcount),
    }
    result += [KpiFigure(code, value) for code, value in optional.items() if value is not None]
    return result


SOURCE = KpiSource(
    kpis=(
        Kpi(
            "approval.lead_time_median",
            _("결재 소요시간(중앙값)"),
            "시간",
            higher_is_better=False,
            group=APPROVAL,
            decimals=1,
            description=_("최근 30일에 결재 완료된 문서의 상신부터 완료까지 걸린 시간의 중앙값"),
            province=PROVINCE_MEAN,
            card=30,
        ),
        Kpi(
            "approval.lead_time_p90",
            _("결재 소요시간(90%)"),
            "시간",
            higher_is_better=False,
            group=APPROVAL,
            decimals=1,
            description=_("최근 30일에 결재 완료된 문서 90%가 이 시간 안에 끝남"),
            province=PROVINCE_MEAN,
        ),
        Kpi(
            "approval.waiting",
            _("3근무일 넘게 결재 대기"),
            "건",
            higher_is_better=False,
            group=APPROVAL,
            description=_("상신한 지 3근무일(월~금)이 지나도록 종결되지 않은 문서"),
            card=35,
            alert=KpiAlert("gt", 10),
        ),
        Kpi("approval.submitted_month", _("이번 달 상신"), "건", group=APPROVAL, description=_("이번 달 상신한 문서")),
        Kpi(
            "approval.completed_month",
            _("이번 달 결재 완료"),
            "건",
            group=APPROVAL,
            description=_("이번 달 결재가 끝나 등록된 문서"),
        ),
        Kpi(
            "approval.delegated_ratio",
            _("전결 비율"),
            "%",
            group=APPROVAL,
            decimals=1,
            description=_("이번 달 결재 완료 문서 중 위임전결로 끝난 문서의 비율"),
            province=PROVINCE_MEAN,
        ),
        Kpi(
            "approval.proxy_month",
            _("이번 달 대결"),
            "건",
            group=APPROVAL,
            description=_("이번 달 부재 중인 결재자를 대신해 처리한 결재(대결)"),
        ),
        Kpi(
            "approval.per_staff_month",
            _("직원 1인당 상신(사용실적)"),
            "건",
            higher_is_better=True,
            group=APPROVAL,
            decimals=1,
            description=_("이번 달 상신 문서 ÷ 현원"),
            province=PROVINCE_MEAN,
        ),
        Kpi(
            "approval.sent_month",
            _("이번 달 발송 문서"),
            "건",
            group=APPROVAL,
            description=_("이번 달 결재 완료된 문서 중 다른 기관에 보낸 문서(문서유통)"),
        ),
    ),
    figures=figures,
)
