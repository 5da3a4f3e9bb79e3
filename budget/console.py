"""The budget in the institution's admin console: where the 예산 담당 keeps fiscal years, the
expenditure and revenue trees, amendments, allotments and the settings; the 회계 담당, admins and
auditors read them. Rights come from the roles' permissions on budget's models (budget.plugin).

Every write goes through budget's services; a form runs the same checks first, so a mistake is a
Korean message next to its field, never an error page.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import BigIntegerField, F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from budget.models import (
    BudgetItem,
    BudgetPosting,
    BudgetSettings,
    FiscalYear,
    Level,
    RevenueItem,
    RevenueLevel,
    YearStatus,
)
from budget.queries import line_history
from budget.structure import (
    budget_item_check,
    budget_item_delete,
    budget_item_delete_problem,
    budget_item_save,
    budget_settings_save,
    fiscal_year_confirm,
    fiscal_year_confirm_problems,
    fiscal_year_copy_structure,
    fiscal_year_create,
    revenue_item_check,
    revenue_item_save,
)
from budget.structure_io import COLUMNS, EXPORT_COLUMNS, ImportFileError, export_rows, structure_import
from budget.structure_io import MAX_BYTES as STRUCTURE_MAX_BYTES
from core.forms import apply_errors
from core.money import WonField
from core.templatetags.korean import kdate, won
from core.xlsx import xlsx_response
from org.admin import institution_site
from org.models import Department
from standards.models import CodeLevel, StandardBudgetCode
from standards.services import standard_code_choices

_CHANGELIST = "institution_admin:budget_{}_changelist"


def _line_label(item: BudgetItem) -> str:
    return f"{item.fiscal_year.year} · {item.label}"


class _LineChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: BudgetItem) -> str:
        return _line_label(obj)


def _open_lines():
    return (
        BudgetItem.objects.filter(level=Level.ITEM)
        .exclude(fiscal_year__status=YearStatus.CLOSED)
        .select_related("fiscal_year")
        .order_by("-fiscal_year__year", "path")
    )


# --- fiscal years -----------------------------------------------------------------------------


class FiscalYearForm(forms.ModelForm):
    class Meta:
        model = FiscalYear
        fields = ("year",)


class CopyStructureForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("새 회계연도"), min_value=2000, max_value=2100)
    with_amounts = forms.BooleanField(
        label=gettext_lazy("본예산(편성액)도 이 연도의 예산현액으로 채우기"),
        required=False,
        help_text=gettext_lazy("끄면 과목만 복사하고 금액은 새로 편성합니다."),
    )


@admin.register(FiscalYear, site=institution_site)
class FiscalYearAdmin(admin.ModelAdmin):
    form = FiscalYearForm
    list_display = ("year", "status", "line_count", "original_total", "current_total", "executed_total", "confirmed_at")
    list_filter = ("status",)
    actions = ["confirm_year", "copy_structure", "close_year"]
    readonly_fields = ("year", "status", "confirmed_at", "closed_at", "created_at")

    def get_queryset(self, request):
        lines = Q(items__level=Level.ITEM)
        return (
            super()
            .get_queryset(request)
            .annotate(
                _lines=Coalesce(Sum(1, filter=lines, output_field=BigIntegerField()), 0),
                _original=Coalesce(Sum("items__original_amount", filter=lines), 0),
                _current=Coalesce(Sum(F("items__original_amount") + F("items__amended_amount"), filter=lines), 0),
                _executed=Coalesce(Sum("items__executed_amount", filter=lines), 0),
            )
        )

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj is not None else ()

    def get_fields(self, request, obj=None):
        return self.readonly_fields if obj is not None else ("year",)

    @admin.display(description=gettext_lazy("통계목 수"), ordering="_lines")
    def line_count(self, obj):
        return obj._lines

    @admin.display(description=gettext_lazy("본예산"), ordering="_original")
    def original_total(self, obj):
        return won(obj._original)

    @admin.display(description=gettext_lazy("예산현액"), ordering="_current")
    def current_total(self, obj):
        return won(obj._current)

    @admin.display(description=gettext_lazy("집행액"), ordering="_executed")
    def executed_total(self, obj):
        return won(obj._executed)

    def has_delete_permission(self, request, obj=None):
        return False  # a year holds the ledger; it is closed, never deleted

    def save_model(self, request, obj, form, change):
        created = fiscal_year_create(actor=request.user, year=form.cleaned_data["year"])
        obj.pk = created.pk
        obj.refresh_from_db()

    def _one(self, request, queryset) -> FiscalYear | None:
        if queryset.count() != 1:
            self.message_user(request, _("회계연도를 하나만 고르세요."), messages.ERROR)
            return None
        return queryset.get()

    def _page(self, request, template: str, year: FiscalYear, action: str, **context):
        return TemplateResponse(
            request,
            f"admin/budget/fiscalyear/{template}",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": context.pop("title"),
                "fiscal_year": year,
                "action": action,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
                **context,
            },
        )

    @admin.action(description=gettext_lazy("선택한 연도 확정(본예산 반영)"), permissions=["change"])
    def confirm_year(self, request, queryset):
        year = self._one(request, queryset)
        if year is None:
            return None
        problems = fiscal_year_confirm_problems(year) if year.status == YearStatus.DRAFTING else []
        if request.POST.get("confirmed") == "yes" and not problems:
            try:
                year = fiscal_year_confirm(actor=request.user, fiscal_year=year)
            except ValidationError as exc:
                for message in exc.messages:
                    self.message_user(request, message, messages.ERROR)
                return None
            self.message_user(request, _("%(year)d 회계연도를 확정하고 본예산을 반영했습니다.") % {"year": year.year})
            return None
        lines = year.items.filter(level=Level.ITEM)
        return self._page(
            request,
            "confirm.html",
            year,
            "confirm_year",
            title=_("%(year)d 회계연도 확정") % {"year": year.year},
            problems=problems,
            line_count=lines.count(),
            planned_total=lines.aggregate(total=Coalesce(Sum("planned_amount"), 0))["total"],
            open_year=FiscalYear.objects.filter(status=YearStatus.CONFIRMED).exclude(pk=year.pk).first(),
        )

    @admin.action(description=gettext_lazy("선택한 연도 마감(결산)"), permissions=["change"])
    def close_year(self, request, queryset):
        """마감 is the 회계 담당's 결산 (budget.year_end): open commitments carried or lapsed, the
        closing and opening entries posted. The console only shows where that is done."""
        year = self._one(request, queryset)
        if year is None:
            return None
        return self._page(
            request,
            "close.html",
            year,
            "close_year",
            title=_("%(year)d 회계연도 마감") % {"year": year.year},
            year_end_url=reverse("budget:year_end") + f"?year={year.year}",
        )

    @admin.action(description=gettext_lazy("선택한 연도의 예산과목 구조를 새 연도로 복사"), permissions=["add"])
    def copy_structure(self, request, queryset):
        year = self._one(request, queryset)
        if year is None:
            return None
        if request.POST.get("confirmed") == "yes":
            form = CopyStructureForm(request.POST)
            if form.is_valid():
                try:
                    target = fiscal_year_copy_structure(
                        actor=request.user,
                        source=year,
                        year=form.cleaned_data["year"],
                        with_amounts=form.cleaned_data["with_amounts"],
                    )
                except ValidationError as exc:
                    apply_errors(form, exc)
                else:
                    self.message_user(
                        request,
                        _("%(source)d 회계연도의 예산과목 %(n)d개를 %(target)d 회계연도(편성)로 복사했습니다.")
                        % {"source": year.year, "n": target.items.count(), "target": target.year},
                    )
                    return None
        else:
            form = CopyStructureForm(initial={"year": year.year + 1})
        return self._page(
            request,
            "copy.html",
            year,
            "copy_structure",
            title=_("%(year)d 회계연도 예산과목 구조 복사") % {"year": year.year},
            form=form,
            item_count=year.items.count(),
            revenue_count=year.revenue_items.count(),
        )


# --- the expenditure tree ---------------------------------------------------------------------


def _standard_choices():
    return [
        ("", "—"),
        (str(CodeLevel.OBJECT.label), standard_code_choices(CodeLevel.OBJECT)),
        (str(CodeLevel.ITEM.label), standard_code_choices(CodeLevel.ITEM)),
    ]


class _ParentField(forms.ModelChoiceField):
    def label_from_instance(self, obj: BudgetItem) -> str:
        return f"{obj.fiscal_year.year} · {'　' * (obj.level - 1)}{obj.label} ({obj.get_level_display()})"


class BudgetItemForm(forms.ModelForm):
    parent = _ParentField(queryset=BudgetItem.objects.none(), required=False, label=gettext_lazy("상위 과목"))
    standard_code = forms.ChoiceField(
        label=gettext_lazy("표준 예산과목"),
        required=False,
        help_text=gettext_lazy("편성목과 통계목에는 도 표준 예산과목을 지정합니다(통계목은 상위 편성목의 코드 아래)."),
    )
    planned_amount = WonField(
        label=gettext_lazy("본예산(편성액)"),
        required=False,
        help_text=gettext_lazy("통계목에만, 회계연도가 편성 중일 때 입력합니다. 예: 12,500,000"),
    )

    class Meta:
        model = BudgetItem
        fields = ("fiscal_year", "parent", "code", "name", "department", "standard_code", "order", "planned_amount")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["standard_code"].choices = _standard_choices()
        if "parent" in self.fields:
            self.fields["parent"].queryset = (
                BudgetItem.objects.filter(level__lt=Level.ITEM)
                .exclude(fiscal_year__status=YearStatus.CLOSED)
                .select_related("fiscal_year")
                .order_by("-fiscal_year__year", "path")
            )
        if "fiscal_year" in self.fields:
            self.fields["fiscal_year"].queryset = FiscalYear.objects.exclude(status=YearStatus.CLOSED)
        if "department" in self.fields:
            self.fields["department"].queryset = Department.objects.filter(is_active=True).order_by("path")

    def _post_clean(self):
        super()._post_clean()
        if self.errors:
            return
        if self.instance.fiscal_year_id is None:
            return
        try:
            budget_item_check(self.instance)
        except ValidationError as exc:
            apply_errors(self, exc)


def _subtree_sum(expression):
    lines = BudgetItem.objects.filter(
        fiscal_year=OuterRef("fiscal_year"), level=Level.ITEM, path__startswith=OuterRef("path")
    )
    return Coalesce(
        Subquery(lines.values("fiscal_year").annotate(total=Sum(expression)).values("total")[:1]),
        0,
        output_field=BigIntegerField(),
    )


@admin.register(BudgetItem, site=institution_site)
class BudgetItemAdmin(admin.ModelAdmin):
    form = BudgetItemForm
    list_display = (
        "indented_name",
        "level",
        "standard_code",
        "department",
        "planned",
        "current",
        "committed",
        "executed",
        "available",
    )
    list_filter = ("fiscal_year", "department", "level")
    search_fields = ("code", "name", "standard_code")
    list_select_related = ("department", "fiscal_year")
    ordering = ("-fiscal_year__year", "path")
    list_per_page = 200
    actions = None  # items go one at a time, through the rules (no bulk delete)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                _current=_subtree_sum(F("original_amount") + F("amended_amount")),
                _committed=_subtree_sum("committed_amount"),
                _executed=_subtree_sum("executed_amount"),
            )
        )

    def get_fields(self, request, obj=None):
        fields = list(self.form.Meta.fields)
        if obj is not None and obj.level == Level.ITEM:
            fields.append("history")
        return fields

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        readonly = ["fiscal_year", "parent", "history"]
        if obj.fiscal_year.status != YearStatus.DRAFTING or obj.level != Level.ITEM:
            readonly.append("planned_amount")
        if obj.fiscal_year.status == YearStatus.CLOSED:
            return (*self.form.Meta.fields, "history")
        return readonly

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        parent = BudgetItem.objects.filter(pk=request.GET.get("parent") or 0).first()
        if parent is not None:
            initial.update(fiscal_year=parent.fiscal_year_id, department=parent.department_id)
        return initial

    @admin.display(description=gettext_lazy("과목"), ordering="path")
    def indented_name(self, obj):
        return format_html("{}{} {}", "　" * (obj.level - 1), obj.code, obj.name)

    @admin.display(description=gettext_lazy("본예산(편성)"))
    def planned(self, obj):
        return won(obj.planned_amount) if obj.level == Level.ITEM else ""

    @admin.display(description=gettext_lazy("예산현액"), ordering="_current")
    def current(self, obj):
        return won(obj._current)

    @admin.display(description=gettext_lazy("원인행위"), ordering="_committed")
    def committed(self, obj):
        return won(obj._committed)

    @admin.display(description=gettext_lazy("집행액"), ordering="_executed")
    def executed(self, obj):
        return won(obj._executed)

    @admin.display(description=gettext_lazy("잔액"))
    def available(self, obj):
        return won(obj._current - obj._committed - obj._executed)

    @admin.display(description=gettext_lazy("예산현액 변동 내역"))
    def history(self, obj):
        rows = [
            (
                kdate(row.posted_on),
                row.posting.get_kind_display(),
                f"{row.posting.amount:+,}",
                won(row.current_amount),
                won(row.committed_amount),
                won(row.executed_amount),
                row.posting.memo or row.posting.source_label,
            )
            for row in line_history(obj)
        ]
        if not rows:
            return _("아직 반영된 금액이 없습니다.")
        return format_html(
            "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>"
            "</thead><tbody>{}</tbody></table>",
            _("일자"),
            _("구분"),
            _("금액(원)"),
            _("예산현액"),
            _("원인행위"),
            _("집행액"),
            _("적요·출처"),
            format_html_join(
                "", "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", rows
            ),
        )

    def has_delete_permission(self, request, obj=None):
        if obj is not None and budget_item_delete_problem(obj):
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        budget_item_save(actor=request.user, item=obj)

    def delete_model(self, request, obj):
        budget_item_delete(actor=request.user, item=obj)

    # --- XLSX export and import of a year's structure ---

    def get_urls(self):
        return [
            path("import/", self.admin_site.admin_view(self.import_view), name="budget_budgetitem_import"),
            path("export/", self.admin_site.admin_view(self.export_view), name="budget_budgetitem_export"),
            *super().get_urls(),
        ]

    def export_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        year = FiscalYear.objects.filter(pk=_int(request.GET.get("fiscal_year__id__exact"))).first()
        year = year or FiscalYear.objects.order_by("-year").first()
        if year is None:
            self.message_user(request, _("회계연도가 없습니다. 먼저 회계연도를 등록하세요."), messages.ERROR)
            return HttpResponseRedirect(reverse(_CHANGELIST.format("budgetitem")))
        return xlsx_response(
            filename=f"세출예산과목_{year.year}",
            title=_("%(year)d 세출 예산과목") % {"year": year.year},
            headers=EXPORT_COLUMNS,
            rows=export_rows(year),
        )

    def import_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        result = None
        if request.method == "POST":
            form = StructureImportForm(request.POST, request.FILES)
            if form.is_valid():
                upload = form.cleaned_data["file"]
                year = form.cleaned_data["fiscal_year"]
                try:
                    result = structure_import(
                        fiscal_year=year, filename=upload.name, content=upload.read(), actor=request.user
                    )
                except ImportFileError as exc:
                    form.add_error("file", exc)
                else:
                    if result.ok:
                        self.message_user(
                            request,
                            _("%(year)d 회계연도 예산과목 %(c)d개를 새로 만들고 %(u)d개를 고쳤습니다.")
                            % {"year": year.year, "c": result.created, "u": result.updated},
                        )
                        return HttpResponseRedirect(
                            reverse(_CHANGELIST.format("budgetitem")) + f"?fiscal_year__id__exact={year.pk}"
                        )
        else:
            form = StructureImportForm()
        context = {
            **self.admin_site.each_context(request),
            "title": _("세출 예산과목 일괄 등록(XLSX)"),
            "form": form,
            "result": result,
            "columns": COLUMNS,
            "opts": self.model._meta,
        }
        failed = (result is not None and not result.ok) or (request.method == "POST" and form.errors)
        return TemplateResponse(request, "admin/budget/budgetitem/import.html", context, status=422 if failed else 200)


def _int(text) -> int:
    return int(text) if isinstance(text, str) and text.isascii() and text.isdigit() and len(text) < 18 else 0


class StructureImportForm(forms.Form):
    fiscal_year = forms.ModelChoiceField(
        label=gettext_lazy("회계연도"), queryset=FiscalYear.objects.exclude(status=YearStatus.CLOSED).order_by("-year")
    )
    file = forms.FileField(
        label=gettext_lazy("예산과목 파일"),
        help_text=gettext_lazy("엑셀(.xlsx), 5MB 이하. 첫 줄은 열 이름(내려받은 파일과 같은 양식)."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > STRUCTURE_MAX_BYTES:
            raise forms.ValidationError(_("파일이 너무 큽니다(최대 5MB)."))
        return upload


# --- the revenue tree -------------------------------------------------------------------------


class RevenueItemForm(forms.ModelForm):
    budgeted_amount = WonField(label=gettext_lazy("세입예산액"), required=False)

    class Meta:
        model = RevenueItem
        fields = ("fiscal_year", "parent", "code", "name", "department", "order", "budgeted_amount")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "parent" in self.fields:
            self.fields["parent"].queryset = (
                RevenueItem.objects.filter(level__lt=RevenueLevel.ITEM)
                .exclude(fiscal_year__status=YearStatus.CLOSED)
                .select_related("fiscal_year")
                .order_by("-fiscal_year__year", "path")
            )
        if "fiscal_year" in self.fields:
            self.fields["fiscal_year"].queryset = FiscalYear.objects.exclude(status=YearStatus.CLOSED)
        if "department" in self.fields:
            self.fields["department"].queryset = Department.objects.filter(is_active=True).order_by("path")

    def _post_clean(self):
        super()._post_clean()
        if self.errors or self.instance.fiscal_year_id is None:
            return
        if self.instance.budgeted_amount is None:
            self.instance.budgeted_amount = 0
        try:
            revenue_item_check(self.instance)
        except ValidationError as exc:
            apply_errors(self, exc)


@admin.register(RevenueItem, site=institution_site)
class RevenueItemAdmin(admin.ModelAdmin):
    form = RevenueItemForm
    list_display = ("indented_name", "level", "department", "budgeted", "collected")
    list_filter = ("fiscal_year", "level")
    search_fields = ("code", "name")
    list_select_related = ("department", "fiscal_year")
    ordering = ("-fiscal_year__year", "path")
    list_per_page = 200
    actions = None

    @admin.display(description=gettext_lazy("과목"), ordering="path")
    def indented_name(self, obj):
        return format_html("{}{} {}", "　" * (obj.level - 1), obj.code, obj.name)

    @admin.display(description=gettext_lazy("세입예산액"))
    def budgeted(self, obj):
        return won(obj.budgeted_amount) if obj.level == RevenueLevel.ITEM else ""

    @admin.display(description=gettext_lazy("수납액"))
    def collected(self, obj):
        return won(obj.collected_amount) if obj.level == RevenueLevel.ITEM else ""

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        if obj.fiscal_year.status == YearStatus.CLOSED:
            return self.form.Meta.fields
        readonly = ["fiscal_year", "parent"]
        if obj.fiscal_year.status != YearStatus.DRAFTING:
            readonly.append("budgeted_amount")
        return readonly

    def has_delete_permission(self, request, obj=None):
        return False  # revenue items are kept with their year

    def save_model(self, request, obj, form, change):
        revenue_item_save(actor=request.user, item=obj)


# --- settings ---------------------------------------------------------------------------------


class BudgetSettingsForm(forms.ModelForm):
    class Meta:
        model = BudgetSettings
        fields = ("allotment_enabled", "transfer_limit_percent")


@admin.register(BudgetSettings, site=institution_site)
class BudgetSettingsAdmin(admin.ModelAdmin):
    form = BudgetSettingsForm
    list_display = ("__str__", "allotment_enabled", "transfer_limit_percent", "updated_at")

    def changelist_view(self, request, extra_context=None):
        # One row per institution: the list is its form.
        current = BudgetSettings.objects.first()
        if current is None:
            return HttpResponseRedirect(reverse("institution_admin:budget_budgetsettings_add"))
        return HttpResponseRedirect(reverse("institution_admin:budget_budgetsettings_change", args=[current.pk]))

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not BudgetSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        budget_settings_save(actor=request.user, settings=obj)


# --- the ledger, read only --------------------------------------------------------------------


@admin.register(BudgetPosting, site=institution_site)
class BudgetPostingAdmin(admin.ModelAdmin):
    list_display = ("posted_on", "line_label", "kind", "amount_display", "source", "memo", "actor")
    list_filter = ("kind", "line__fiscal_year")
    search_fields = ("line__code", "line__name", "source_id", "memo")
    list_select_related = ("line__fiscal_year", "actor")
    date_hierarchy = "posted_on"
    actions = None

    @admin.display(description=gettext_lazy("예산과목"))
    def line_label(self, obj):
        return _line_label(obj.line)

    @admin.display(description=gettext_lazy("금액"), ordering="amount")
    def amount_display(self, obj):
        return f"{obj.amount:+,}원"

    @admin.display(description=gettext_lazy("출처"))
    def source(self, obj):
        return obj.source_label

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # the database refuses it too: the ledger is append-only


# --- the province's standard codes, read only -------------------------------------------------


@admin.register(StandardBudgetCode, site=institution_site)
class StandardBudgetCodeReadAdmin(admin.ModelAdmin):
    """The province's list, for picking codes (kept by the planning office in the province
    console); whoever may read the budget here may read it."""

    list_display = ("code", "name", "level", "parent", "is_active")
    list_filter = ("level", "is_active")
    search_fields = ("code", "name")
    list_select_related = ("parent",)
    ordering = ("code",)
    list_per_page = 200
    actions = None

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.has_perm("budget.view_budgetitem")

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
