"""What attendance (복무) adds to the platform (core.plugins): its menu entry, the clock panel on
the home page, the HR role (인사 담당) that keeps its settings, leave types, closures and 여비
기준 in the institution console, its audit labels, its approval kinds (휴가, 휴가 취소, 근태 정정,
유연근무, 시간외근무, 출장), and its KPIs."""

from django.utils.translation import gettext_lazy as _

from attendance.audit_actions import ACTION_LABELS
from core.plugins import DemoSeeder, NavEntry, Plugin, Role
from org.roles import AUDITOR, INSTITUTION_ADMIN

ATTENDANCE_OFFICER = "attendance_officer"  # 인사 담당: 복무 settings, leave types, the ledger

PLUGIN = Plugin(
    nav=(NavEntry(_("복무"), "attendance:today", namespaces=("attendance",), order=40),),
    home_panels=("attendance.home.clock_panel",),
    # Measured 3.8 s on 독도재단 on a loaded 2-core machine: ~0.3 s per leave request through the
    # services, 0.3 s for the year of clock records in one statement (docs/PERFORMANCE.md); with
    # the five trips through the services and the bulk 시간외근무 history, 3.0 s (2026-12-05).
    demo_seeder=DemoSeeder("attendance.demo.institution_seed", budget_seconds=4.0),
    roles=(Role(ATTENDANCE_OFFICER, "인사 담당", console=True),),
    permissions={
        ATTENDANCE_OFFICER: ("add_", "change_", "view_"),
        INSTITUTION_ADMIN: ("view_",),
        AUDITOR: ("view_",),
    },
    audit_labels=ACTION_LABELS,
    approval_kinds=("attendance.kinds.register",),
    kpis="attendance.kpis.SOURCE",
    notification_categories={"attendance_promotion": _("연차 사용촉진"), "attendance_trip": _("출장")},
)
