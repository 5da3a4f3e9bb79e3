"""생산현황 통보 (처리과 → 기록관, by 31 May of the next year): a department's records of a
production year counted by unit task, retention and disclosure (one grouped query), reviewed on
its page and submitted through e-approval as the kind `records.production_report` (records.kinds),
whose callbacks mark it 통보 완료 or returned. Meetings with minutes (회의록), and every
속기록-designated meeting with its minutes and 속기록 files (0 included), come from work
management's public face (tasks.selectors.production)."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from approval.services import approval_resubmit_subject, approval_submit_subject
from org.models import Department, User
from records.models import ProductionReport, Record, ReportStatus
from records.permissions import may_handle
from tasks.models import Disclosure, RetentionPeriod, UnitTask
from tasks.selectors.production import meeting_production_counts

KIND = "records.production_report"


def production_counts(department: Department, year: int) -> dict[str, Any]:
    """The department's records of `year` by unit task: retention, 공개/부분공개/비공개, 비전자, total;
    the totals by retention and by disclosure; and its meetings (회의록, 속기록 대상)."""
    rows = (
        Record.objects.filter(department=department, year=year)
        .values("unit_task__name", "unit_task__code", "retention_period")
        .annotate(
            total=Count("pk"),
            public=Count("pk", filter=Q(disclosure=Disclosure.PUBLIC)),
            partial=Count("pk", filter=Q(disclosure=Disclosure.PARTIAL)),
            private=Count("pk", filter=Q(disclosure=Disclosure.PRIVATE)),
            paper=Count("pk", filter=Q(is_electronic=False)),
        )
        .order_by("unit_task__code", "retention_period")
    )
    by_task = []
    by_retention: dict[str, int] = defaultdict(int)
    by_disclosure = {"public": 0, "partial": 0, "private": 0}
    for row in rows:
        retention = row["retention_period"]
        by_task.append(
            {
                "unit_task": row["unit_task__name"] or "미분류",
                "code": row["unit_task__code"] or "",
                "retention": str(RetentionPeriod(retention).label) if retention else "",
                "public": row["public"],
                "partial": row["partial"],
                "private": row["private"],
                "paper": row["paper"],
                "total": row["total"],
            }
        )
        by_retention[str(RetentionPeriod(retention).label) if retention else "미정"] += row["total"]
        for key in by_disclosure:
            by_disclosure[key] += row[key]
    return {
        "by_task": by_task,
        "by_retention": dict(by_retention),
        "by_disclosure": by_disclosure,
        "total": sum(r["total"] for r in by_task),
        "meetings": meeting_production_counts(department, year),
    }


def production_report_submit(
    *, actor: User, department: Department, year: int, unit_task: UnitTask | None, now: datetime | None = None
) -> ProductionReport:
    """Count the year again and submit the report through e-approval (the next round if the last
    one was returned). The 처리과's members and the heads over it may."""
    now = now or timezone.now()
    if not may_handle(actor, department):
        raise PermissionDenied(_("이 부서의 생산현황을 통보할 권한이 없습니다."))
    if year >= timezone.localdate(now).year:
        raise ValidationError({"year": _("지난해까지의 생산현황만 통보할 수 있습니다.")})
    if unit_task is None:
        raise ValidationError({"unit_task": _("결재 문서를 편철할 단위과제를 선택하세요.")})
    with transaction.atomic():
        report, _created = ProductionReport.objects.select_for_update().get_or_create(
            department=department, year=year, defaults={"created_by": actor}
        )
        if report.status in (ReportStatus.SUBMITTED, ReportStatus.APPROVED):
            raise ValidationError({"year": _("이미 상신했거나 통보를 마친 생산현황입니다.")})
        report.counts = production_counts(department, year)
        title = _("%(year)d년 기록물 생산현황 통보(%(department)s)") % {"year": year, "department": department.name}
        body = render_to_string("records/production_report_body.html", {"report": report, "counts": report.counts})
        if report.document_id is None:
            document = approval_submit_subject(
                kind=KIND, subject=report, actor=actor, title=title, body=body, unit_task=unit_task, now=now
            )
        else:
            document = approval_resubmit_subject(
                subject=report, actor=actor, title=title, body=body, unit_task=unit_task, now=now
            )
        report.document_id = document.pk
        report.status = ReportStatus.SUBMITTED
        report.submitted_at = now
        report.save()
    return report
