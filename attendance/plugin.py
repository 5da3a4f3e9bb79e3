"""What attendance (복무) adds to the platform (core.plugins): its audit labels and its approval
kinds (휴가 신청, 휴가 취소 신청)."""

from attendance.audit_actions import ACTION_LABELS
from core.plugins import Plugin

PLUGIN = Plugin(audit_labels=ACTION_LABELS, approval_kinds=("attendance.kinds.register",))
