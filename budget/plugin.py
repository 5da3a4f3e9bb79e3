"""What budget (예산·회계) adds to the platform (core.plugins): its menu entry (the budget home), its
demo expense plans, its two roles, the labels of its audit entries, its approval kinds — the
expense plan (지출 품의), amendments (추경·이월) and transfers (전용) — and the figures it reports to
province monitoring (budget.kpis)."""

from django.utils.translation import gettext_lazy as _

from budget.audit_actions import ACTION_LABELS
from core.plugins import DemoSeeder, NavEntry, Plugin, Role
from org.roles import AUDITOR, INSTITUTION_ADMIN

BUDGET_OFFICER = "budget_officer"  # 예산 담당: structure, amendments, allotments
ACCOUNTING_OFFICER = "accounting_officer"  # 회계 담당: payments, journal, vendors

PLUGIN = Plugin(
    nav=(NavEntry(_("예산·회계"), "budget:home", namespaces=("budget",), order=50),),
    demo_seeder=DemoSeeder("budget.demo.institution_seed", budget_seconds=3.5),
    # Both keep their books in the institution console, where they see only budget's models.
    roles=(
        Role(BUDGET_OFFICER, "예산 담당", console=True),
        Role(ACCOUNTING_OFFICER, "회계 담당", console=True),
    ),
    permissions={
        BUDGET_OFFICER: ("add_", "change_", "delete_", "view_"),
        ACCOUNTING_OFFICER: ("view_",),
        INSTITUTION_ADMIN: ("view_",),
        AUDITOR: ("view_",),
    },
    audit_labels=ACTION_LABELS,
    approval_kinds=(
        "budget.kinds.register",
        "budget.amendments.register_kinds",
        "budget.execution.register_kinds",
        "budget.reversals.register_kinds",
        "budget.revenue.register_kinds",
        "budget.manual_journal.register_kinds",
    ),
    kpis="budget.kpis.SOURCE",
)
