"""What document exchange (문서유통) adds to the platform (core.plugins)."""

from core.plugins import Plugin
from exchange.audit_actions import ACTION_LABELS
from org.roles import PLANNING_OFFICE

PLUGIN = Plugin(
    # The envelopes (who sent what to whom, delivered or not) in the province console.
    permissions={PLANNING_OFFICE: ("view_",)},
    audit_labels=ACTION_LABELS,
)
