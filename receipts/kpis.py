"""What 문서 접수 reports to province monitoring for an institution: documents received from other
institutions this month and those still waiting for 접수 (registration), as they stood that day."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from core.kpis import Kpi, KpiAlert, KpiDay, KpiFigure, KpiSource
from receipts.models import ReceivedDocument

RECEIPTS = _("문서유통·접수")


def figures(*, on: date) -> list[KpiFigure]:
    """One query."""
    day = KpiDay(on)
    arrived = Q(received_at__lt=day.until)
    counts = ReceivedDocument.objects.aggregate(
        received=Count("pk", filter=arrived & Q(received_at__gte=day.month_start)),
        backlog=Count("pk", filter=arrived & (Q(registered_at__isnull=True) | Q(registered_at__gte=day.until))),
    )
    return [KpiFigure("receipts.received_month", counts["received"]), KpiFigure("receipts.backlog", counts["backlog"])]


SOURCE = KpiSource(
    kpis=(
        Kpi(
            "receipts.received_month",
            _("이번 달 수신 문서"),
            "건",
            group=RECEIPTS,
            description=_("이번 달 다른 기관·도에서 받은 문서(문서유통)"),
        ),
        Kpi(
            "receipts.backlog",
            _("접수 대기"),
            "건",
            higher_is_better=False,
            group=RECEIPTS,
            description=_("받았지만 아직 접수(등록)하지 않은 문서"),
            alert=KpiAlert("gt", 10),
        ),
    ),
    figures=figures,
)
