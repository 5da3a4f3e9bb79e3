"""What province monitoring adds to the platform (core.plugins): 모니터링 on the province site for
the planning office and on each institution's site for its admins, its alert notices, the
planning office's rights on its tables in the province console, its own figure (monitoring.kpis)
and the demo's history (monitoring.demo, after every other app's seed: monitoring is listed last)."""

from django.utils.translation import gettext_lazy as _

from core.plugins import INSTITUTION, PROVINCE, DemoSeeder, NavEntry, Plugin
from org.roles import INSTITUTION_ADMIN, PLANNING_OFFICE

PLUGIN = Plugin(
    nav=(
        NavEntry(
            _("모니터링"),
            "monitoring:overview",
            namespaces=("monitoring",),
            order=20,
            sites=(PROVINCE,),
            roles=(PLANNING_OFFICE,),
        ),
        NavEntry(
            _("기관 현황"),
            "monitoring:own",
            namespaces=("monitoring",),
            order=80,
            sites=(INSTITUTION,),
            roles=(INSTITUTION_ADMIN,),
        ),
    ),
    demo_seeder=DemoSeeder("monitoring.demo.institution_seed", budget_seconds=1),
    permissions={PLANNING_OFFICE: ("add_", "change_", "view_")},
    audit_labels={
        "monitoring.extract": _("모니터링 자료 추출"),
        "monitoring.refresh": _("모니터링 지금 갱신"),
        "monitoring.alert_rule": _("경보 기준 변경"),
    },
    notification_categories={"monitoring_alert": _("모니터링 경보")},
    kpis="monitoring.kpis.SOURCE",
)
