"""What 문서 접수 (receipt and distribution) adds to the platform (core.plugins), on institution
sites and the province's alike."""

from django.utils.translation import gettext_lazy as _

from core.plugins import INSTITUTION, PROVINCE, NavEntry, Plugin
from org.roles import AUDITOR, INSTITUTION_ADMIN, PLANNING_OFFICE
from receipts.audit_actions import ACTION_LABELS

PLUGIN = Plugin(
    nav=(
        NavEntry(
            _("문서 접수"),
            "receipts:waiting",
            namespaces=("receipts",),
            order=30,
            sites=(INSTITUTION, PROVINCE),
            count="receipts.nav.waiting_badge",
        ),
    ),
    permissions={
        # 접수·배부 is the 문서과's work: the institution admin's, and the province's own
        # (see receipts.permissions); auditors read.
        INSTITUTION_ADMIN: ("view_", "register_"),
        AUDITOR: ("view_",),
        PLANNING_OFFICE: ("view_", "register_"),
    },
    audit_labels=ACTION_LABELS,
    notification_categories={
        "receipt": _("문서 접수"),
        "receipt_assigned": _("처리담당 지정"),
    },
    kpis="receipts.kpis.SOURCE",  # documents received and waiting for 접수, for the province
)
