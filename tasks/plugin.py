"""What work management (업무관리) adds to the platform (core.plugins)."""

from django.utils.translation import gettext_lazy as _

from core.plugins import DemoSeeder, NavEntry, Plugin
from org.roles import AUDITOR, INSTITUTION_ADMIN
from tasks.audit_actions import ACTION_LABELS

PLUGIN = Plugin(
    nav=(
        NavEntry(
            _("업무관리"),
            "tasks:unit_task_list",
            namespaces=("tasks", "memos", "directives", "meetings", "calendar"),
            order=10,
        ),
    ),
    home_panels=("tasks.home.work_panels",),
    demo_seeder=DemoSeeder("tasks.demo.institution_seed", budget_seconds=1.5),
    permissions={
        # Admins keep the classification and the meeting rooms; the console refuses deletes of
        # anything records may point to.
        INSTITUTION_ADMIN: ("add_", "change_", "view_"),
        AUDITOR: ("view_",),
    },
    audit_labels=ACTION_LABELS,
    kpis="tasks.kpis.SOURCE",  # card completeness, directives, memos and meetings for the province
)
