"""The budget home (my department's lines and the monthly chart), a line's page with its history,
and 예산집행현황 with its XLSX and PDF."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from budget.charges import Balance
from budget.models import BudgetItem, BudgetSettings, FiscalYear, Level
from budget.queries import line_history
from budget.status.access import access_budget_line, line_scope, sees_whole_institution
from budget.status.figures import ExecutionStatus, Figures, execution_status
from budget.status.forms import VIEWS, StatusFilterForm, default_as_of, default_year
from core.downloads import generated_download
from core.htmx import render_page
from core.pdf import FONT_URL, html_to_pdf
from core.xlsx import xlsx_response
from standards.models import StandardBudgetCode

HISTORY_PER_PAGE = 100


@dataclass
class HomeLine:
    line: BudgetItem
    figures: Figures
    available_amount: int  # what may still be committed: 예산현액 (or 배정액) − committed − executed


@dataclass
class ProjectGroup:
    """The lines of one 세부사업 with their subtotal; `trail` names the 정책사업 and 단위사업."""

    project: BudgetItem | None
    trail: str
    lines: list[HomeLine] = field(default_factory=list)

    @property
    def figures(self) -> Figures:
        return Figures.total(row.figures for row in self.lines)

    @property
    def available_amount(self) -> int:
        return sum(row.available_amount for row in self.lines)


def _balance(line: BudgetItem, settings: BudgetSettings) -> Balance:
    """The line's balance by budget.charges' rule (배정 when allotment is on), from its stored
    figures: no query of its own."""
    return Balance(
        line_id=line.pk,
        label=line.label,
        current_amount=line.current_amount,
        allotted_amount=line.allotted_amount,
        committed_amount=line.committed_amount,
        executed_amount=line.executed_amount,
        uses_allotment=settings.allotment_enabled,
    )


def _ancestor(item: BudgetItem, by_pk: dict[int, BudgetItem], level: int) -> BudgetItem | None:
    node: BudgetItem | None = item
    while node is not None and node.level > level:
        node = by_pk.get(node.parent_id) if node.parent_id else None
    return node if node is not None and node.level == level else None


def _project_groups(status: ExecutionStatus, settings: BudgetSettings) -> list[ProjectGroup]:
    """The lines in scope under their 세부사업, in tree order, with the figures stored on them now
    (what the drafting pages' balance check reads)."""
    by_pk = {item.pk: item for item in status.items}
    groups: dict[int | None, ProjectGroup] = {}
    for line in status.lines:
        project = _ancestor(line, by_pk, Level.PROJECT)
        key = project.pk if project else None
        if key not in groups:
            trail = [_ancestor(project, by_pk, level) for level in (Level.PROGRAM, Level.UNIT)] if project else []
            groups[key] = ProjectGroup(project=project, trail=" › ".join(item.name for item in trail if item))
        available = _balance(line, settings).available_amount
        groups[key].lines.append(HomeLine(line=line, figures=Figures.stored(line), available_amount=available))
    return list(groups.values())


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """My department's lines (and, for a head, their department tree's) in the year open for
    execution, grouped by 세부사업, with the monthly execution against the 신속집행 target."""
    user = request.user
    scope = line_scope(user, personal=True)
    fiscal_year = default_year(list(FiscalYear.objects.all()))
    context: dict = {"fiscal_year": fiscal_year, "sees_whole": sees_whole_institution(user), "scope": scope}
    if fiscal_year is not None and not scope.is_empty:
        as_of = default_as_of(fiscal_year)
        status = execution_status(fiscal_year=fiscal_year, as_of=as_of, department_ids=scope.department_ids)
        settings = BudgetSettings.load()
        groups = _project_groups(status, settings)
        context |= {
            "as_of": as_of,
            "groups": groups,
            "totals": Figures.total(group.figures for group in groups),
            "available_amount": sum(group.available_amount for group in groups),
            "uses_allotment": settings.allotment_enabled,
            "months": status.by_month(),
            "checks": status.target_checks(),
            "chart": status.chart(),
        }
    return render_page(request, "budget/status/home.html", context)


@require_GET
def line_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A line: where it sits in the tree, its figures now, and every posting in order with the
    running 예산현액 and balance after it (the last page first: the latest is what people ask)."""
    line = access_budget_line(request.user, pk)
    trail_ids = [int(step) for step in line.path.split(".") if step and int(step) != line.pk]
    trail = list(BudgetItem.objects.filter(pk__in=trail_ids).order_by("level"))
    code_name = StandardBudgetCode.objects.filter(code=line.standard_code).values_list("name", flat=True).first()
    settings = BudgetSettings.load()
    history = line_history(line)
    paginator = Paginator(history, HISTORY_PER_PAGE)
    page = paginator.get_page(request.GET.get("page") or paginator.num_pages)
    context = {
        "line": line,
        "trail": trail,
        "code_name": code_name or "",
        "figures": Figures.stored(line),
        "balance": _balance(line, settings),
        "page": page,
    }
    return render_page(request, "budget/status/line.html", context)


def _view_rows(status: ExecutionStatus, view: str, level: int) -> list:
    if view == "department":
        return status.by_department()
    if view == "month":
        return status.by_month()
    if view == "code":
        return status.by_standard_code()
    return status.tree(level)


@require_GET
def execution_status_page(request: HttpRequest) -> HttpResponse:
    """예산집행현황: by line tree (subtotals at every level), by department, by month, by standard
    code, each against the 신속집행 target, as a page, an XLSX or a PDF."""
    user = request.user
    scope = line_scope(user)
    years = list(FiscalYear.objects.all())
    form = StatusFilterForm(request.GET, years=years, scope=scope)
    context: dict = {"form": form, "views": VIEWS, "scope": scope}
    if not form.is_valid():
        return render_page(request, "budget/status/report.html", context, status=400)
    data = form.cleaned_data
    fiscal_year: FiscalYear | None = data["fiscal_year"]
    view = form.chosen_view
    context["view"] = view
    if fiscal_year is None or scope.is_empty:
        return render_page(request, "budget/status/report.html", context)
    status = execution_status(fiscal_year=fiscal_year, as_of=data["as_of_date"], department_ids=form.department_ids())
    department = data["department_obj"]
    context |= {
        "fiscal_year": fiscal_year,
        "as_of": status.as_of,
        "department": department,
        "rows": _view_rows(status, view, data["level"]),
        "totals": status.totals,
        "checks": status.target_checks(),
        "view_label": VIEWS[view],
    }
    if data["export"] == "xlsx":
        return _xlsx(context)
    if data["export"] == "pdf":
        return _pdf(request, context)
    return render_page(request, "budget/status/report.html", context)


def _export_name(context: dict) -> str:
    department = context["department"]
    parts = [_("예산집행현황"), str(context["view_label"]), str(context["fiscal_year"].year)]
    if department is not None:
        parts.append(department.name)
    parts.append(f"{context['as_of']:%Y%m%d}기준")
    return "_".join(parts)


_MONEY_HEADERS = ("예산현액(원)", "원인행위 잔액(원)", "집행액(원)", "잔액(원)", "집행률(%)")


def _money(figures: Figures) -> list:
    return [
        figures.current_amount,
        figures.committed_amount,
        figures.executed_amount,
        figures.available_amount,
        figures.rate,
    ]


def _xlsx(context: dict) -> HttpResponse:
    """The view on screen as one sheet: money in won as numbers, 집행률 in percent, a total row."""
    view, rows, totals = context["view"], context["rows"], context["totals"]
    total_label = _("합계")
    if view == "department":
        headers = ["부서", *_MONEY_HEADERS, "순위"]
        table = [[row.department.name, *_money(row.figures), row.rank] for row in rows]
        table.append([total_label, *_money(totals), None])
    elif view == "month":
        headers = ["월", "월 집행액(원)", "누계 집행액(원)", "예산현액(원)", "누계 집행률(%)"]
        headers += ["신속집행 목표(%)", "목표 대비(%p)"]
        table = [
            [
                f"{row.month}월",
                row.executed_amount,
                row.cumulative_executed_amount,
                row.current_amount,
                row.rate,
                row.target_rate,
                row.gap,
            ]
            for row in rows
        ]
    elif view == "code":
        headers = ["구분", "표준과목 코드", "과목명", *_MONEY_HEADERS]
        table = [[Level(row.level).label, row.code, row.name, *_money(row.figures)] for row in rows]
        table.append([total_label, "", "", *_money(totals)])
    else:
        headers = ["구분", "코드", "과목명", "소관 부서", "표준과목", "본예산(원)", "증감(원)", *_MONEY_HEADERS]
        table = [
            [
                row.item.get_level_display(),
                row.item.code,
                row.item.name,
                row.item.department.name,
                row.item.standard_code,
                row.figures.original_amount,
                row.figures.amended_amount,
                *_money(row.figures),
            ]
            for row in rows
        ]
        table.append([total_label, "", "", "", "", totals.original_amount, totals.amended_amount, *_money(totals)])
    return xlsx_response(
        filename=_export_name(context),
        title=f"예산집행현황 {context['as_of']:%Y-%m-%d}",
        headers=headers,
        rows=table,
    )


def _pdf(request: HttpRequest, context: dict) -> HttpResponse:
    html = render_to_string(
        "budget/status/report_pdf.html",
        {
            **context,
            "font_url": FONT_URL,
            "institution_name": getattr(request.tenant, "name", ""),
            "printed_on": timezone.localdate(),
            "printed_by": request.user,
        },
    )
    return generated_download(
        html_to_pdf(html), filename=_export_name(context) + ".pdf", content_type="application/pdf"
    )
