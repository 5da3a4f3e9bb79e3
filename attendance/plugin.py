"""What attendance (복무) adds to the platform (core.plugins)."""

from attendance.audit_actions import ACTION_LABELS
from core.plugins import Plugin

PLUGIN = Plugin(audit_labels=ACTION_LABELS)
