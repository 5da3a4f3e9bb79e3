"""What records (기록관리) adds to the platform (core.plugins): its menu entry, the 기록관's role
(기록물관리전문요원), the labels of its audit entries, its demo seeder and the figures it reports
to province monitoring (records.kpis)."""

from django.utils.translation import gettext_lazy as _

from core.plugins import DemoSeeder, NavEntry, Plugin, Role
from org.roles import AUDITOR, INSTITUTION_ADMIN
from records.audit_actions import ACTION_LABELS

RECORDS_MANAGER = "records_manager"  # 기록물관리전문요원: the 기록관 (인수, 열람 기록, 평가)

PLUGIN = Plugin(
    nav=(
        NavEntry(_("기록관리"), "records:register", namespaces=("records",), order=70),
        NavEntry(_("통합검색"), "records:search", order=71),  # one box over every kind (records.search)
    ),
    # After approval's and budget's seeders (INSTALLED_APPS order): registers what they completed.
    demo_seeder=DemoSeeder("records.demo.institution_seed", budget_seconds=0.5),  # docs/PERFORMANCE.md
    roles=(Role(RECORDS_MANAGER, "기록물관리전문요원"),),
    permissions={
        RECORDS_MANAGER: ("add_", "change_", "view_"),
        INSTITUTION_ADMIN: ("view_",),
        AUDITOR: ("view_",),
    },
    audit_labels=ACTION_LABELS,
    approval_kinds=(
        "records.kinds.register",
        "records.disposal.register_kind_disposal",
        "records.reclassify.register_kind_reclassify",
    ),
    kpis="records.kpis.SOURCE",
    notification_categories={
        "records_due": _("기록관리 일정"),
        "records_transfer": _("기록물 이관"),
        "records_fixity": _("기록물 무결성"),
        "records_disposal": _("기록물 평가·폐기"),
    },
)
