"""전자결재 (e-approval): every model of the app, one module per area."""

from approval.models.circulation import Circulation
from approval.models.documents import (
    GENERAL_KIND,
    OPEN_STATUSES,
    Attachment,
    CarbonCopy,
    Document,
    DocumentComment,
    DocumentEvent,
    DocumentStatus,
    DocumentVersion,
    EventAction,
    Importance,
    Recipient,
)
from approval.models.lines import (
    DECISION_LABELS,
    TURN_LABELS,
    ApprovalStep,
    SavedLine,
    StepAction,
    StepKind,
    StepState,
)
from approval.models.pdf import DocumentPdf
from approval.models.rules import DelegationRule, RegistrationCounter

__all__ = [
    "DECISION_LABELS",
    "GENERAL_KIND",
    "OPEN_STATUSES",
    "TURN_LABELS",
    "ApprovalStep",
    "Attachment",
    "CarbonCopy",
    "Circulation",
    "DelegationRule",
    "Document",
    "DocumentComment",
    "DocumentEvent",
    "DocumentPdf",
    "DocumentStatus",
    "DocumentVersion",
    "EventAction",
    "Importance",
    "Recipient",
    "RegistrationCounter",
    "SavedLine",
    "StepAction",
    "StepKind",
    "StepState",
]
