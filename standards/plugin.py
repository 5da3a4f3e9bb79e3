"""What the province's standard lists add to the platform (core.plugins)."""

from core.plugins import Plugin
from standards.audit_actions import ACTION_LABELS

# org.roles.PLANNING_OFFICE, written out: standards imports nothing above tenants and core, and
# the role table refuses an unknown role name at start, so a rename cannot pass unnoticed.
_PLANNING_OFFICE = "planning_office"

PLUGIN = Plugin(
    # The planning office keeps the lists in the province console; codes are deactivated, not
    # deleted, because institutions' budget lines refer to them by code.
    permissions={_PLANNING_OFFICE: ("add_", "change_", "view_")},
    audit_labels=ACTION_LABELS,
)
