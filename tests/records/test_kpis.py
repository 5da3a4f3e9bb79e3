"""What records reports to province monitoring (issue 15 item 11), counted by hand."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.plugins import registry
from records.kpis import SOURCE
from records.reports import production_report_submit
from records.services import arrangement_close, record_register_paper
from tests.factories.records import completed
from tests.factories.tasks_cards import unit_task

pytestmark = pytest.mark.django_db

KST = ZoneInfo("Asia/Seoul")


def _figures(on: date) -> dict:
    return {f.key: f.value for f in SOURCE.figures(on=on)}


def test_registered_arranged_and_transfer_figures(org):
    completed(org, now=datetime(2026, 3, 5, 10, tzinfo=KST))
    other = unit_task(department=org.team, name="인사관리")
    completed(org, unit_task=other, now=datetime(2026, 6, 1, 10, tzinfo=KST))

    with CaptureQueriesContext(connection) as captured:
        figures = _figures(date(2026, 12, 1))
    assert len(captured.captured_queries) == 4
    assert figures == {
        "records.registered_year": 2,
        "records.unfiled": 0,
        "records.arrangement_overdue": 0,
        "records.transfer_due": 0,
        "records.transfer_overdue": 0,
        "records.fixity_failures": 0,
        "records.disposal_pending": 0,
        "records.reclassify_due": 0,
        "records.production_report_due": 0,
        "records.production_report_on_time": 0,
        "records.production_report_late": 0,
    }
    # March 2027: the two 2026 files were not closed by the end of February.
    assert _figures(date(2027, 3, 1))["records.arrangement_overdue"] == 2
    assert _figures(date(2027, 3, 1))["records.registered_year"] == 0
    arrangement_close(actor=org.lead, department=org.team, year=2026, now=datetime(2027, 3, 2, tzinfo=KST))
    after = _figures(date(2027, 3, 2))
    assert (after["records.arrangement_overdue"], after["records.transfer_due"]) == (0, 2)
    # Not transferred by the end of 2027 (electronic: within 1 year of the 기산일 2027-01-01).
    assert _figures(date(2028, 1, 2))["records.transfer_overdue"] == 2


def test_production_report_on_time_and_late(org):
    """Two departments produced records in 2025: 총무팀 reports on 1 April 2026 (on time), 재무부
    only on 2 June. Until 31 May nobody is late; from 1 June 재무부 is, and its report submitted
    after the date is never counted on time. (Past dates: a KPI day never counts beyond now.)"""
    completed(org, now=datetime(2025, 3, 5, 10, tzinfo=KST))
    finance_task = unit_task(department=org.finance, name="회계관리")
    record_register_paper(
        actor=org.accountant, title="금고 출납부", registered_on=date(2025, 4, 1), unit_task=finance_task,
        record_type="ledger", pages=12, location="재무부 서고", now=datetime(2025, 4, 1, 9, tzinfo=KST),
    )  # fmt: skip
    keys = ("records.production_report_due", "records.production_report_on_time", "records.production_report_late")
    assert tuple(_figures(date(2026, 3, 1))[k] for k in keys) == (2, 0, 0)
    production_report_submit(
        actor=org.drafter, department=org.team, year=2025, unit_task=org.task, now=datetime(2026, 4, 1, 9, tzinfo=KST)
    )
    assert tuple(_figures(date(2026, 3, 31))[k] for k in keys) == (2, 0, 0)  # not yet submitted that day
    assert tuple(_figures(date(2026, 5, 31))[k] for k in keys) == (2, 1, 0)
    assert tuple(_figures(date(2026, 6, 1))[k] for k in keys) == (2, 1, 1)
    production_report_submit(
        actor=org.accountant, department=org.finance, year=2025, unit_task=finance_task,
        now=datetime(2026, 6, 2, 9, tzinfo=KST),
    )  # fmt: skip
    assert tuple(_figures(date(2026, 6, 3))[k] for k in keys) == (2, 1, 1)
    # Figures on a day of 2025 look at 2024, when nothing was produced.
    assert tuple(_figures(date(2025, 12, 1))[k] for k in keys) == (0, 0, 0)


def test_records_reports_through_the_registry():
    assert "records.transfer_overdue" in registry().kpis


def test_disposal_pending_and_reclassification_due_by_hand(org):
    # A 비공개 5년 record of 2026: 기산일 2027-01-01; retention ends 2031-12-31; first 재분류 2032-01-01.
    completed(org, disclosure="private", disclosure_ground="6", now=datetime(2026, 3, 5, 10, tzinfo=KST))
    arrangement_close(actor=org.lead, department=org.team, year=2026, now=datetime(2027, 2, 2, tzinfo=KST))
    before = _figures(date(2031, 12, 31))
    assert (before["records.disposal_pending"], before["records.reclassify_due"]) == (0, 0)
    after = _figures(date(2032, 1, 1))
    assert (after["records.disposal_pending"], after["records.reclassify_due"]) == (1, 1)
