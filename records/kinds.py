"""The approval kinds records decides through e-approval (approval.kinds, its public face):
`records.production_report`, the 생산현황 통보 of a department's year (records.reports)."""

from __future__ import annotations

from approval.kinds import Decision, register_kind
from records.models import ProductionReport, ReportStatus

PRODUCTION_REPORT = "records.production_report"


def _current(decision: Decision) -> ProductionReport | None:
    report: ProductionReport = decision.subject
    return report if report.document_id == decision.document_id else None


def production_report_approved(decision: Decision) -> None:
    report = _current(decision)
    if report is None:
        return
    report.status = ReportStatus.APPROVED
    report.decided_at = decision.at
    report.registration_number = decision.registration
    report.save(update_fields=["status", "decided_at", "registration_number"])


def production_report_returned(decision: Decision) -> None:
    report = _current(decision)
    if report is None:
        return
    report.status = ReportStatus.RETURNED
    report.decided_at = decision.at
    report.save(update_fields=["status", "decided_at"])


def register() -> None:
    register_kind(
        PRODUCTION_REPORT,
        label="기록물 생산현황 통보",
        subject_model="records.ProductionReport",
        on_approved=production_report_approved,
        on_rejected=production_report_returned,
        on_withdrawn=production_report_returned,
    )
