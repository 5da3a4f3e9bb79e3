"""Work management (업무관리, the 온나라 side): every model of the app, one module per area."""

from tasks.models.cards import (
    CardEntryKind,
    RelatedDocument,
    TaskCard,
    TaskCardEntry,
    TaskCardEntryVersion,
    TaskCardYear,
    TaskGoal,
)
from tasks.models.classification import (
    ClassificationChange,
    Disclosure,
    FunctionClass,
    FunctionLevel,
    RetentionPeriod,
    UnitTask,
    UnitTaskHandover,
)
from tasks.models.directives import Directive, DirectiveAssignee, DirectiveStatus, DirectiveUpdate
from tasks.models.meetings import (
    Meeting,
    MeetingAgendaItem,
    MeetingAttendee,
    MeetingDecision,
    MeetingStatus,
    Minutes,
    MinutesAttachment,
    Room,
    RoomBooking,
)
from tasks.models.memos import MemoAttachment, MemoRecipient, MemoReply, MemoReport
from tasks.models.schedules import ScheduleEntry, ScheduleScope

__all__ = [
    "CardEntryKind",
    "ClassificationChange",
    "Directive",
    "DirectiveAssignee",
    "DirectiveStatus",
    "DirectiveUpdate",
    "Disclosure",
    "FunctionClass",
    "FunctionLevel",
    "Meeting",
    "MeetingAgendaItem",
    "MeetingAttendee",
    "MeetingDecision",
    "MeetingStatus",
    "MemoAttachment",
    "MemoRecipient",
    "MemoReply",
    "MemoReport",
    "Minutes",
    "MinutesAttachment",
    "RelatedDocument",
    "RetentionPeriod",
    "Room",
    "RoomBooking",
    "ScheduleEntry",
    "ScheduleScope",
    "TaskCard",
    "TaskCardEntry",
    "TaskCardEntryVersion",
    "TaskCardYear",
    "TaskGoal",
    "UnitTask",
    "UnitTaskHandover",
]
