"""Budget's models, one module per area; importing them here registers them with Django and
keeps `from budget.models import …` working for every caller."""

from budget.models.amendments import (
    Allotment,
    Amendment,
    AmendmentKind,
    AmendmentLine,
    AmendmentStatus,
    CarryoverType,
)
from budget.models.books import DEBIT_NORMAL, Account, AccountType, EntryKind, JournalEntry, JournalLine
from budget.models.execution import (
    BANK_CODES,
    BANK_NAMES,
    EXPENDITURE_RESUBMITTABLE,
    DecisionStatus,
    Expenditure,
    ExpenditureEvidence,
    ExpenditureReversal,
    ExpenditureStatus,
    PaymentBatch,
    RevenueResolution,
    ReversalKind,
    Vendor,
)
from budget.models.ledger import TOTAL_OF_KIND, BudgetPosting, PostingKind
from budget.models.plans import *  # noqa: F403 - the expense plan's module re-exported whole, so its edits need no change here
from budget.models.structure import (
    CODED_LEVELS,
    TOTAL_FIELDS,
    BudgetItem,
    BudgetSettings,
    FiscalYear,
    Level,
    RevenueItem,
    RevenueLevel,
    YearStatus,
)

__all__ = [  # noqa: RUF022 - grouped by module, as imported
    "Allotment",
    "Amendment",
    "AmendmentKind",
    "AmendmentLine",
    "AmendmentStatus",
    "CarryoverType",
    "DEBIT_NORMAL",
    "Account",
    "AccountType",
    "EntryKind",
    "JournalEntry",
    "JournalLine",
    "BANK_CODES",
    "BANK_NAMES",
    "EXPENDITURE_RESUBMITTABLE",
    "DecisionStatus",
    "ExpenditureReversal",
    "RevenueResolution",
    "ReversalKind",
    "Expenditure",
    "ExpenditureEvidence",
    "ExpenditureStatus",
    "PaymentBatch",
    "Vendor",
    "TOTAL_OF_KIND",
    "BudgetPosting",
    "PostingKind",
    "CODED_LEVELS",
    "TOTAL_FIELDS",
    "BudgetItem",
    "BudgetSettings",
    "FiscalYear",
    "Level",
    "RevenueItem",
    "RevenueLevel",
    "YearStatus",
]
