"""The legal calendar of records (공공기록물법 시행령), as pure functions of dates.

- 기산일 (the day retention is counted from): 1 January of the year after production.
- 정리 of a year's records by the 처리과: by the end of February of the next year.
- 생산현황 통보 (처리과 → 기록관): by 31 May of the next year.
- 이관 (처리과 → 기록관): within 1 year of the 기산일 for electronic records, within 2 years for
  non-electronic ones, i.e. by 31 December of the 기산일's year (+1 for non-electronic).
- Retention ends on the last day of the period counted from the 기산일 (5년 from 2027-01-01 ends
  on 2031-12-31); 영구 and 준영구 have no end here (준영구 is reviewed after 70 years).
- 비공개 records are reviewed again every 5 years and become 공개 30 years after production
  unless a reason is recorded (법 제35조).
"""

from __future__ import annotations

from calendar import monthrange
from datetime import date

from tasks.models import RetentionPeriod


def start_date(produced_on: date) -> date:
    """기산일: 1 January of the year after the record was produced."""
    return date(produced_on.year + 1, 1, 1)


def arrangement_due(production_year: int) -> date:
    """정리 of `production_year`'s records: the last day of February of the next year."""
    year = production_year + 1
    return date(year, 2, monthrange(year, 2)[1])


def production_report_due(production_year: int) -> date:
    """생산현황 통보 of `production_year`'s records to the 기록관: 31 May of the next year."""
    return date(production_year + 1, 5, 31)


def transfer_due(production_year: int, *, electronic: bool) -> date:
    """이관 to the 기록관: within 1 year (electronic) or 2 years (non-electronic) of the 기산일."""
    start = date(production_year + 1, 1, 1)
    years = 1 if electronic else 2
    return date(start.year + years - 1, 12, 31)


def retention_ends(production_year: int, retention_period: str) -> date | None:
    """The last day a record of `production_year` must be kept (None for 영구/준영구)."""
    years = RetentionPeriod.years(retention_period) if retention_period else None
    if years is None:
        return None
    return date(production_year + years, 12, 31)


def disclosure_review_due(last_review: date) -> date:
    """The next 비공개 재분류 review: 5 years after the last one."""
    try:
        return last_review.replace(year=last_review.year + 5)
    except ValueError:  # 29 February
        return date(last_review.year + 5, 2, 28)


def opens_by_default(production_year: int) -> date:
    """The day a 비공개 record becomes 공개 unless a reason is recorded: 30 years after production
    (counted like retention, from the 기산일)."""
    return date(production_year + 31, 1, 1)
