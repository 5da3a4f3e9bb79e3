"""The e-approval boxes (결재함): 결재대기, 기안, 진행, 완료, 반려, 공람, 부서문서, 후결. Each box is
one selector (approval.selectors.box_documents) with the same search, 50 rows a page and an XLSX
export of the filtered rows."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from approval.forms.boxes import BoxFilterForm
from approval.selectors import BOXES, box_counts, box_documents
from core.htmx import render_page
from core.xlsx import xlsx_response

PER_PAGE = 50


def _headers() -> list[str]:
    return [
        _("문서번호"),
        _("제목"),
        _("기안자"),
        _("기안부서"),
        _("기안일"),
        _("상태"),
        _("결재 금액(원)"),
        _("현재 결재자"),
        _("단위과제"),
    ]


def _row(document) -> list:
    return [
        document.registration_display,
        document.title,
        document.drafter.name,
        document.department.name,
        document.submitted_at or document.created_at,
        document.get_status_display(),
        document.decision_amount if document.decision_amount is not None else "",
        document.current_approvers or "",
        document.unit_task.name if document.unit_task_id else "",
    ]


def _tabs(request: HttpRequest, now) -> list[tuple]:
    counts = box_counts(request.user, now=now)
    # The navigation badge shows the same number: approval.nav reads it from here.
    request.approval_waiting_count = counts["waiting"]
    return [(box, counts.get(key)) for key, box in BOXES.items()]


@require_GET
def box(request: HttpRequest, key: str) -> HttpResponse:
    """One box (결재대기함, 기안함 …; `key` comes from the URL conf, one route per box)."""
    box = BOXES[key]
    now = timezone.now()
    form = BoxFilterForm(request.GET, statuses=box.statuses)
    rows = box_documents(request.user, key, form.filters(), now=now)
    if request.GET.get("export") == "xlsx":
        return xlsx_response(
            filename=str(box.label), title=str(box.label), headers=_headers(), rows=(_row(d) for d in rows)
        )
    context = {
        "box": box,
        "tabs": _tabs(request, now),
        "form": form,
        "page": Paginator(rows, PER_PAGE).get_page(request.GET.get("page")),
        "tab": key,
    }
    return render_page(request, "approval/boxes/box.html", context, partial="results")
