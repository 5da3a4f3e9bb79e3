"""What e-approval (전자결재) adds to the platform (core.plugins)."""

from django.utils.translation import gettext_lazy as _

from approval.audit_actions import ACTION_LABELS
from core.plugins import DemoSeeder, NavEntry, Plugin
from org.roles import AUDITOR, INSTITUTION_ADMIN

PLUGIN = Plugin(
    nav=(
        NavEntry(
            _("전자결재"),
            "approval:waiting",
            namespaces=("approval",),
            order=20,
            count="approval.nav.waiting_badge",
        ),
    ),
    home_panels=("approval.home.approval_panel",),
    demo_seeder=DemoSeeder("approval.demo.institution_seed", budget_seconds=3),
    permissions={
        # Admins keep the delegation table (위임전결 규정); the console refuses deletes of documents.
        INSTITUTION_ADMIN: ("add_", "change_", "view_"),
        AUDITOR: ("view_",),
    },
    audit_labels=ACTION_LABELS,
    # What approval.notify notifies people of, as the 알림 list names it.
    notification_categories={
        "approval_waiting": _("결재 요청"),
        "approval_returned": _("반려"),
        "approval_held": _("보류"),
        "approval_resumed": _("보류 해제"),
        "approval_withdrawn": _("회수"),
        "approval_completed": _("결재 완료"),
        "approval_post": _("후결 요청"),
        "circulation": _("공람"),
    },
    # The general draft (일반 기안) every institution has.
    approval_kinds=("approval.kinds.register_builtin_kinds",),
    kpis="approval.kpis.SOURCE",  # lead times, waiting documents, 전결/대결, use per head for the province
)
