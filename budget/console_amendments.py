"""The institution console's amendment pages (추경·전용·이월 with their 증감 lines and 상신) and
allotments (배정): split from budget.console along its seams; registered when budget.admin loads it."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from budget.amendments import (
    LineChange,
    allotment_problem,
    allotments_post,
    amendment_check,
    amendment_create,
    amendment_set_lines,
    amendment_submit,
    amendment_update,
)
from budget.charges import Charge
from budget.console import _line_label, _LineChoiceField, _open_lines
from budget.models import (
    Allotment,
    Amendment,
    AmendmentLine,
    AmendmentStatus,
    BudgetItem,
    FiscalYear,
    Level,
    YearStatus,
)
from core.money import WonField
from core.templatetags.korean import won
from org.admin import institution_site
from tasks.selectors.cards import unit_tasks_for_filing

# --- amendments -------------------------------------------------------------------------------


class AmendmentForm(forms.ModelForm):
    class Meta:
        model = Amendment
        fields = ("fiscal_year", "kind", "carryover_type", "title", "reason", "unit_task")

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if "fiscal_year" in self.fields:
            self.fields["fiscal_year"].queryset = FiscalYear.objects.filter(status=YearStatus.CONFIRMED)
        if "unit_task" in self.fields and user is not None:
            self.fields["unit_task"].queryset = unit_tasks_for_filing(user)
            self.fields["unit_task"].required = True


class AmendmentLineForm(forms.ModelForm):
    line = _LineChoiceField(queryset=BudgetItem.objects.none(), label=gettext_lazy("예산과목"))
    direction = forms.ChoiceField(
        label=gettext_lazy("증감"), choices=[("+", gettext_lazy("증액(+)")), ("-", gettext_lazy("감액(−)"))]
    )
    amount_value = WonField(label=gettext_lazy("금액"))
    source_line = _LineChoiceField(
        queryset=BudgetItem.objects.none(), required=False, label=gettext_lazy("이월 원 과목(전년도)")
    )

    class Meta:
        model = AmendmentLine
        fields = ("line", "direction", "amount_value", "source_line", "memo")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["line"].queryset = _open_lines()
        self.fields["source_line"].queryset = (
            BudgetItem.objects.filter(level=Level.ITEM, fiscal_year__status=YearStatus.CLOSED)
            .select_related("fiscal_year")
            .order_by("-fiscal_year__year", "path")
        )
        if self.instance.pk and self.instance.amount:
            self.initial.setdefault("direction", "+" if self.instance.amount > 0 else "-")
            self.initial.setdefault("amount_value", abs(self.instance.amount))

    def clean(self):
        cleaned = super().clean()
        value = cleaned.get("amount_value")
        if value == 0:
            self.add_error("amount_value", _("금액은 1원 이상이어야 합니다."))
        elif value is not None:
            cleaned["signed_amount"] = value if cleaned.get("direction") == "+" else -value
        return cleaned


class AmendmentLineInline(admin.TabularInline):
    model = AmendmentLine
    form = AmendmentLineForm
    extra = 3
    fk_name = "amendment"

    def has_change_permission(self, request, obj=None):
        return obj is None or (obj.is_editable and obj.drafter_id == request.user.pk)

    has_add_permission = has_change_permission
    has_delete_permission = has_change_permission


@admin.register(Amendment, site=institution_site)
class AmendmentAdmin(admin.ModelAdmin):
    form = AmendmentForm
    inlines = [AmendmentLineInline]
    list_display = ("title", "kind_display", "fiscal_year", "status", "drafter", "registration", "created_at")
    list_filter = ("status", "kind", "fiscal_year")
    search_fields = ("title", "reason")
    list_select_related = ("fiscal_year", "drafter")
    readonly_fields = ("status", "drafter", "registration", "approved_at", "posted_on")
    actions = None

    @admin.display(description=gettext_lazy("종류"))
    def kind_display(self, obj):
        return obj.kind_label

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)

        class WithUser(form):
            def __init__(self, *args, **kw):
                super().__init__(*args, user=request.user, **kw)

        return WithUser

    def get_fields(self, request, obj=None):
        fields = list(AmendmentForm.Meta.fields)
        return fields if obj is None else [*fields, *self.readonly_fields]

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or (obj.is_editable and obj.drafter_id == request.user.pk))

    def has_delete_permission(self, request, obj=None):
        return False  # a draft that is not wanted simply stays unsubmitted; submitted ones are records

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        fields = {name: data.get(name) for name in ("fiscal_year", "kind", "title", "reason", "unit_task")}
        fields["carryover_type"] = data.get("carryover_type") or ""
        if change:
            saved = amendment_update(actor=request.user, amendment=obj, **fields)
        else:
            saved = amendment_create(actor=request.user, changes=[], **fields)
        obj.pk = saved.pk
        obj.refresh_from_db()

    def save_formset(self, request, form, formset, change):
        changes = [
            LineChange(
                line=row.cleaned_data["line"],
                amount=row.cleaned_data["signed_amount"],
                source_line=row.cleaned_data.get("source_line"),
                memo=row.cleaned_data.get("memo", ""),
            )
            for row in formset.forms
            if row.cleaned_data and not row.cleaned_data.get("DELETE") and "signed_amount" in row.cleaned_data
        ]
        amendment_set_lines(actor=request.user, amendment=form.instance, changes=changes)
        # The admin's change message reads what a formset saved; the lines were replaced whole.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []

    def get_urls(self):
        return [
            path(
                "<int:pk>/submit/",
                self.admin_site.admin_view(self.submit_view),
                name="budget_amendment_submit",
            ),
            *super().get_urls(),
        ]

    def submit_view(self, request, pk: int):
        """상신: show the lines and today's check, then submit on POST."""
        amendment = get_object_or_404(Amendment.objects.select_related("fiscal_year", "unit_task"), pk=pk)
        if not self.has_view_permission(request, amendment):
            raise PermissionDenied
        problems: list[str] = []
        try:
            amendment_check(amendment)
        except ValidationError as exc:
            problems = exc.messages
        if request.method == "POST" and not problems:
            try:
                amendment_submit(actor=request.user, amendment=amendment)
            except PermissionDenied:
                raise
            except ValidationError as exc:
                problems = exc.messages
            else:
                self.message_user(request, _("예산 변경을 결재에 올렸습니다."))
                return HttpResponseRedirect(reverse("institution_admin:budget_amendment_change", args=[pk]))
        lines = amendment.lines.select_related("line__fiscal_year", "source_line__fiscal_year")
        return TemplateResponse(
            request,
            "admin/budget/amendment/submit.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": _("예산 변경 상신: %(title)s") % {"title": amendment.title},
                "amendment": amendment,
                "rows": [
                    {
                        "line": _line_label(row.line),
                        "source": _line_label(row.source_line) if row.source_line_id else "",
                        "current": won(row.line.current_amount),
                        "change": f"{row.amount:+,}원",
                        "after": won(row.line.current_amount + row.amount),
                    }
                    for row in lines
                ],
                "problems": problems,
                "can_submit": amendment.status == AmendmentStatus.DRAFT and amendment.drafter_id == request.user.pk,
            },
            status=422 if problems and request.method == "POST" else 200,
        )


# --- allotments -------------------------------------------------------------------------------


class AllotmentForm(forms.ModelForm):
    line = _LineChoiceField(queryset=BudgetItem.objects.none(), label=gettext_lazy("예산과목"))
    amount = WonField(label=gettext_lazy("배정액"))

    class Meta:
        model = Allotment
        fields = ("line", "quarter", "amount", "allotted_on", "memo")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["line"].queryset = (
            BudgetItem.objects.filter(level=Level.ITEM, fiscal_year__status=YearStatus.CONFIRMED)
            .select_related("fiscal_year")
            .order_by("path")
        )

    def clean(self):
        cleaned = super().clean()
        line, amount, day = cleaned.get("line"), cleaned.get("amount"), cleaned.get("allotted_on")
        if amount == 0:
            self.add_error("amount", _("배정액은 1원 이상이어야 합니다."))
        elif line is not None and amount and day is not None:
            problem = allotment_problem(line, amount, day)
            if problem:
                self.add_error(None, problem)
        return cleaned


@admin.register(Allotment, site=institution_site)
class AllotmentAdmin(admin.ModelAdmin):
    form = AllotmentForm
    list_display = ("allotted_on", "quarter", "line_label", "amount_display", "actor")
    list_filter = ("quarter", "line__fiscal_year")
    search_fields = ("line__code", "line__name")
    list_select_related = ("line__fiscal_year", "actor")
    actions = None

    @admin.display(description=gettext_lazy("예산과목"))
    def line_label(self, obj):
        return _line_label(obj.line)

    @admin.display(description=gettext_lazy("배정액"), ordering="amount")
    def amount_display(self, obj):
        return won(obj.amount)

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False  # an allotment is a posting: it stays

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        [created] = allotments_post(
            actor=request.user,
            quarter=data["quarter"],
            charges=[Charge(data["line"], data["amount"])],
            on=data["allotted_on"],
            memo=data.get("memo", ""),
        )
        obj.pk = created.pk
        obj.refresh_from_db()
