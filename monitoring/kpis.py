"""Monitoring's own figure about each institution: how many rollups in a row failed to count its
figures. Written by the rollup itself (no function runs in the institution's schema for it), so
a planner can be alerted when an institution's figures go stale."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from core.kpis import Kpi, KpiAlert, KpiSource

ROLLUP_FAILURES = "monitoring.rollup_failures"

SOURCE = KpiSource(
    kpis=(
        Kpi(
            ROLLUP_FAILURES,
            str(_("연속 갱신 실패")),
            "회",
            higher_is_better=False,
            group=str(_("수집 상태")),
            description=str(_("이 기관의 수치를 세지 못한 갱신이 연달아 몇 번인지(성공하면 0)")),
            alert=KpiAlert("ge", 2),
        ),
    ),
    figures=None,
)
