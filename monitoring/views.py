"""The monitoring pages. On the province site (public schema), for the planning office: the
overview with the institution table, one institution, one KPI across institutions, the
extraction, and 지금 갱신 with its progress. On an institution's site, for its admins: their own
institution's page. Every page reads the public schema's snapshots only (selectors); none
switches schema or reads an institution's tables."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_tenants.utils import get_public_schema_name

from core.htmx import render_page
from core.xlsx import csv_response, xlsx_response
from monitoring import catalogue
from monitoring.forms import CSV, MONTHLY, ExtractionForm
from monitoring.models import RollupRun
from monitoring.selectors import (
    NAME,
    extraction_rows,
    institution_page,
    institution_table,
    kinds,
    kpi_comparison,
    latest_run,
    open_alerts,
    overview_cards,
)
from monitoring.services import active_institutions, extraction_record, rollup_start
from org.models import User
from org.roles import INSTITUTION_ADMIN, PLANNING_OFFICE
from tenants.models import Institution


def _is_public() -> bool:
    return connection.schema_name == get_public_schema_name()  # type: ignore[attr-defined]  # django-tenants' connection knows its schema


def _planner(request: HttpRequest) -> User:
    """The signed-in planner (or superuser) on the province site; anyone else gets a 403."""
    user = request.user
    if not (_is_public() and user.is_authenticated and (user.is_superuser or PLANNING_OFFICE in user.role_names())):
        raise PermissionDenied(_("도 기획조정실만 볼 수 있습니다."))
    return user


def planning_office_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The province site's monitoring is the planning office's (superusers too); anyone else,
    and any institution host, gets a 403."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        _planner(request)
        return view(request, *args, **kwargs)

    return wrapped


@require_GET
@planning_office_only
def overview(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    alerts = open_alerts()
    descending = request.GET.get("dir") == "desc"
    table = institution_table(
        kind=request.GET.get("kind", ""), sort=request.GET.get("sort", NAME), descending=descending, alerts=alerts
    )
    context = {
        "cards": overview_cards(today=today),
        "table": table,
        "alerts": alerts,
        "run": latest_run(),
        "kinds": kinds(),
        "stale_count": sum(1 for row in table.rows if row.is_stale),
    }
    return render_page(request, "monitoring/overview.html", context, partial="table")


@require_GET
@planning_office_only
def institution_detail(request: HttpRequest, code: str) -> HttpResponse:
    institution = get_object_or_404(active_institutions(), code=code)
    page = institution_page(institution, today=timezone.localdate(), with_peers=True)
    return render_page(request, "monitoring/institution.html", {"page": page, "province_view": True})


@require_GET
@planning_office_only
def kpi_detail(request: HttpRequest, code: str) -> HttpResponse:
    kpi = catalogue.kpi_or_none(code)
    if kpi is None:
        raise Http404(_("그런 지표가 없습니다."))
    comparison = kpi_comparison(kpi, kind=request.GET.get("kind", ""), alerts=open_alerts())
    return render_page(
        request,
        "monitoring/kpi.html",
        {"comparison": comparison, "kinds": kinds()},
        partial="table",
    )


@require_GET
@planning_office_only
def extraction(request: HttpRequest) -> HttpResponse:
    """The form (GET without a choice), or the file (XLSX or CSV) for the choices made; a choice
    that cannot be extracted shows the form again with Korean errors (422)."""
    if "kpis" not in request.GET and "start" not in request.GET:
        return render_page(request, "monitoring/extraction.html", {"form": ExtractionForm()})
    form = ExtractionForm(request.GET)
    if not form.is_valid():
        return render_page(request, "monitoring/extraction.html", {"form": form}, status=422)
    data = form.cleaned_data
    codes = data["kpis"]
    declared = catalogue.kpis()
    rows = extraction_rows(
        codes=codes,
        institutions=data["chosen"],
        start=data["start"],
        end=data["end"],
        monthly=data["granularity"] == MONTHLY,
    )
    headers = [_("기관코드"), _("기관명"), _("유형"), _("월") if data["granularity"] == MONTHLY else _("일자")]
    headers += [str(declared[c].label) + (f" ({declared[c].unit})" if declared[c].unit else "") for c in codes]
    extraction_record(
        actor=_planner(request),
        codes=codes,
        institutions=[i.code for i in data["chosen"]],
        start=data["start"],
        end=data["end"],
        fmt=data["fmt"],
    )
    filename = _("모니터링_추출")
    if data["fmt"] == CSV:
        return csv_response(filename=filename, headers=headers, rows=rows)
    return xlsx_response(filename=filename, title=_("모니터링 추출"), headers=headers, rows=rows)


@require_POST
@planning_office_only
def refresh(request: HttpRequest) -> HttpResponse:
    """지금 갱신: start a run (or join the running one) and show its progress."""
    run, _started = rollup_start(trigger=RollupRun.Trigger.MANUAL, actor=_planner(request))
    if not getattr(request, "htmx", False):
        return redirect("monitoring:overview")
    return render_page(request, "monitoring/overview.html", {"run": run}, partial="run")


@require_GET
@planning_office_only
def run_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """A run's progress for the polling panel; once it has finished the page reloads to show the
    new figures (only the poll of a run seen running asks for that, so nothing loops)."""
    run = get_object_or_404(RollupRun, pk=pk)
    if not getattr(request, "htmx", False):
        return redirect("monitoring:overview")
    headers = {"HX-Refresh": "true"} if run.finished_at else None
    return render_page(request, "monitoring/overview.html", {"run": run}, partial="run", headers=headers)


@require_GET
def own(request: HttpRequest) -> HttpResponse:
    """An institution's own monitoring, for its admins (주무부서): its figures, trends and alerts,
    from its own snapshots only — no peers, no ranks, nothing of another institution."""
    user = request.user
    institution = getattr(request, "tenant", None)  # the site's institution (django-tenants)
    if not (
        not _is_public()
        and isinstance(institution, Institution)
        and user.is_authenticated
        and (user.is_superuser or INSTITUTION_ADMIN in user.role_names())
    ):
        raise PermissionDenied(_("기관 관리자만 볼 수 있습니다."))
    page = institution_page(institution, today=timezone.localdate(), with_peers=False)
    return render_page(request, "monitoring/institution.html", {"page": page, "province_view": False})
