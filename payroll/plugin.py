"""What payroll (급여) adds to the platform (core.plugins): its menu entry (내 급여 for everyone;
the runs for the 급여 담당 and auditors), the 급여 담당 role (kept in the institution console,
where the pay tables, items and profiles live), the labels of its audit entries, its demo data
(2026 pay tables on the 공무원 model and a pay profile for every staff member) and the figures it
reports to province monitoring (payroll.kpis)."""

from django.utils.translation import gettext_lazy as _

from core.plugins import DemoSeeder, NavEntry, Plugin, Role
from org.roles import AUDITOR
from payroll.audit_actions import ACTION_LABELS
from payroll.permissions import PAYROLL_OFFICER

PLUGIN = Plugin(
    nav=(NavEntry(_("급여"), "payroll:my", namespaces=("payroll",), order=60),),
    demo_seeder=DemoSeeder("payroll.demo.institution_seed", budget_seconds=3),
    roles=(Role(PAYROLL_OFFICER, "급여 담당", console=True),),
    permissions={
        PAYROLL_OFFICER: ("add_", "change_", "delete_", "view_"),
        AUDITOR: ("view_",),
    },
    audit_labels=ACTION_LABELS,
    approval_kinds=("payroll.flow.register",),
    kpis="payroll.kpis.SOURCE",
    notification_categories={"payroll.payslip": _("급여명세서")},
)
