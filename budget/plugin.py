"""What budget (예산·회계) adds to the platform (core.plugins): its menu entry, its demo expense
plans, the labels of its audit entries, and the approval kind of the expense plan (지출 품의)."""

from django.utils.translation import gettext_lazy as _

from budget.audit_actions import ACTION_LABELS
from core.plugins import DemoSeeder, NavEntry, Plugin

PLUGIN = Plugin(
    nav=(NavEntry(_("예산·회계"), "budget:plan_list", namespaces=("budget",), order=50),),
    demo_seeder=DemoSeeder("budget.demo.institution_seed", budget_seconds=2),
    audit_labels=ACTION_LABELS,
    approval_kinds=("budget.kinds.register",),
)
