"""What records (기록관리) reports to province monitoring for one institution (core.kpis; named by
records' plugin): records registered this year, records still unfiled (미분류), files whose 정리 is
overdue, closed files due for 이관 this year or overdue, expired files waiting for 평가·폐기
(records.disposal), 비공개 records due for 재분류 (records.reclassify), and whether last year's
생산현황 통보 reached the 기록관 by 31 May (departments that had records to report, those that
submitted it on time, and — once the date has passed — those that did not).

A handful of aggregate queries whatever the number of records. File states (open, closed, transferred) are
kept as they stand, not as a history, so past days are not counted from them (`history=False`):
the trend starts with the first rollup.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from core.kpis import Kpi, KpiAlert, KpiDay, KpiFigure, KpiSource
from org.models import Department
from records import duties
from records.disposal import pending_q
from records.due import overdue_transfer_q
from records.models import FileStatus, ProductionReport, Record, RecordFile, ReportStatus
from records.reclassify import due_records

GROUP = str(_("기록관리"))
REGISTERED = "records.registered_year"
UNFILED = "records.unfiled"
ARRANGEMENT_OVERDUE = "records.arrangement_overdue"
TRANSFER_DUE = "records.transfer_due"
TRANSFER_OVERDUE = "records.transfer_overdue"
FIXITY_FAILURES = "records.fixity_failures"
DISPOSAL_PENDING = "records.disposal_pending"
RECLASSIFY_DUE = "records.reclassify_due"
REPORT_DUE = "records.production_report_due"
REPORT_ON_TIME = "records.production_report_on_time"
REPORT_LATE = "records.production_report_late"


def production_report_figures(on: date) -> dict[str, int]:
    """생산현황 통보 of last year's records: the departments with records of that year (due to
    report), those whose report went to e-approval by the end of 31 May (submitted or approved;
    a report returned and submitted again counts from its last submission), and, after that day,
    the departments due that had not."""
    year = on.year - 1
    due = duties.production_report_due(year)
    on_time = ProductionReport.objects.filter(
        department=OuterRef("pk"),
        year=year,
        status__in=(ReportStatus.SUBMITTED, ReportStatus.APPROVED),
        submitted_at__lt=KpiDay(min(due, on)).until,  # the end of 31 May (or of `on`, if earlier)
    )
    counted = Department.objects.filter(
        Exists(Record.objects.filter(department=OuterRef("pk"), year=year, created_at__lt=KpiDay(on).until))
    ).aggregate(due=Count("pk"), on_time=Count("pk", filter=Q(Exists(on_time))))
    late = counted["due"] - counted["on_time"] if on > due else 0
    return {REPORT_DUE: counted["due"], REPORT_ON_TIME: counted["on_time"], REPORT_LATE: late}


def figures(*, on: date) -> list[KpiFigure]:
    day = KpiDay(on)
    records = Record.objects.filter(created_at__lt=day.until).aggregate(
        registered=Count("pk", filter=Q(year=on.year)),
        unfiled=Count("pk", filter=Q(record_file__isnull=True)),
        fixity_failures=Count("pk", filter=Q(fixity_ok=False)),
    )
    # 정리 of year Y is overdue after the end of February of Y+1.
    last_arranged_year = on.year - 1 if on > duties.arrangement_due(on.year - 1) else on.year - 2
    electronic_due = Q(is_electronic=True, year=on.year - 1)  # due 31 December of this year
    paper_due = Q(is_electronic=False, year=on.year - 2)
    files = RecordFile.objects.aggregate(
        arrangement_overdue=Count("pk", filter=Q(status=FileStatus.OPEN, year__lte=last_arranged_year)),
        transfer_due=Count("pk", filter=Q(status=FileStatus.CLOSED) & (electronic_due | paper_due)),
        transfer_overdue=Count("pk", filter=overdue_transfer_q(on)),
        disposal_pending=Count("pk", filter=pending_q(on)),
    )
    return [
        KpiFigure(REGISTERED, records["registered"]),
        KpiFigure(UNFILED, records["unfiled"]),
        KpiFigure(ARRANGEMENT_OVERDUE, files["arrangement_overdue"]),
        KpiFigure(TRANSFER_DUE, files["transfer_due"]),
        KpiFigure(TRANSFER_OVERDUE, files["transfer_overdue"]),
        KpiFigure(FIXITY_FAILURES, records["fixity_failures"]),
        KpiFigure(DISPOSAL_PENDING, files["disposal_pending"]),
        KpiFigure(RECLASSIFY_DUE, due_records(on).count()),
        *(KpiFigure(code, value) for code, value in production_report_figures(on).items()),
    ]


SOURCE = KpiSource(
    kpis=(
        Kpi(
            REGISTERED,
            str(_("올해 등록 기록물")),
            "건",
            group=GROUP,
            description=str(_("올해 생산·접수·수기 등록한 기록물")),
        ),
        Kpi(
            UNFILED,
            str(_("미분류 기록물")),
            "건",
            higher_is_better=False,
            group=GROUP,
            description=str(_("단위과제를 정하지 않아 기록물철에 들지 않은 기록물(주로 접수문서)")),
        ),
        Kpi(
            ARRANGEMENT_OVERDUE,
            str(_("정리 기한 지난 기록물철")),
            "철",
            higher_is_better=False,
            group=GROUP,
            description=str(_("2월 말까지 정리(종결)하지 않은 지난해 이전의 기록물철")),
            alert=KpiAlert("gt", 0),
        ),
        Kpi(
            TRANSFER_DUE,
            str(_("올해 이관 대상 기록물철")),
            "철",
            group=GROUP,
            description=str(_("올해 말까지 기록관으로 이관해야 하는 정리된 기록물철(전자 1년, 비전자 2년)")),
        ),
        Kpi(
            TRANSFER_OVERDUE,
            str(_("이관 기한 지난 기록물철")),
            "철",
            higher_is_better=False,
            group=GROUP,
            description=str(_("이관 기한이 지났는데 아직 처리과에 있는 기록물철")),
            alert=KpiAlert("gt", 0),
        ),
        Kpi(
            FIXITY_FAILURES,
            str(_("무결성 오류 기록물")),
            "건",
            higher_is_better=False,
            group=GROUP,
            description=str(_("무결성 점검(SHA-256)에서 체크섬이 맞지 않거나 파일이 없는 기록물")),
            alert=KpiAlert("gt", 0),
        ),
        Kpi(
            DISPOSAL_PENDING,
            str(_("평가·폐기 대기 기록물철")),
            "철",
            higher_is_better=False,
            group=GROUP,
            description=str(_("보존기간이 끝났는데 아직 평가·폐기 심의를 마치지 않은 기록물철(보류 중인 것 제외)")),
        ),
        Kpi(
            RECLASSIFY_DUE,
            str(_("재분류 대상 비공개 기록물")),
            "건",
            higher_is_better=False,
            group=GROUP,
            description=str(_("이관 시 또는 5년 주기로 공개 여부를 다시 분류해야 하는 비공개 기록물")),
        ),
        Kpi(
            REPORT_DUE,
            str(_("생산현황 통보 대상 부서")),
            "개",
            group=GROUP,
            description=str(_("지난해 생산·접수한 기록물이 있어 5월 31일까지 생산현황을 통보해야 하는 부서")),
        ),
        Kpi(
            REPORT_ON_TIME,
            str(_("생산현황 기한 내 통보 부서")),
            "개",
            higher_is_better=True,
            group=GROUP,
            description=str(_("지난해 생산현황을 5월 31일까지 전자결재로 상신(또는 통보 완료)한 부서")),
            compare_to=REPORT_DUE,
        ),
        Kpi(
            REPORT_LATE,
            str(_("생산현황 기한 넘긴 부서")),
            "개",
            higher_is_better=False,
            group=GROUP,
            description=str(_("5월 31일이 지났는데 지난해 생산현황을 기한 안에 상신하지 않은 부서")),
            alert=KpiAlert("gt", 0),
        ),
    ),
    figures=figures,
    history=False,
)
