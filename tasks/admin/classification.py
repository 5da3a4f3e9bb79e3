"""Function classification and unit tasks in the institution admin console.

Every save goes through tasks.services.classification with the admin as actor, so a change made
here is recorded (ClassificationChange, audit) exactly like one made by the XLSX import. Nothing
is deleted here: nodes and unit tasks are retired (사용 off) instead. The whole classification
is exported and imported as one XLSX sheet from the unit-task list.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import apply_errors
from core.xlsx import xlsx_response
from org.admin import institution_site
from org.visibility import viewer_for
from tasks.classification_io import COLUMNS, ImportFileError, classification_import, export_rows
from tasks.forms.cards import ClassificationImportForm
from tasks.models import ClassificationChange, FunctionClass, FunctionLevel, UnitTask, UnitTaskHandover
from tasks.services.classification import (
    FUNCTION_FIELDS,
    UNIT_TASK_FIELDS,
    function_create,
    function_reactivate,
    function_reactivate_validate,
    function_retire,
    function_retire_validate,
    function_update,
    function_validate,
    unit_task_assign_holders,
    unit_task_create,
    unit_task_reactivate,
    unit_task_reactivate_validate,
    unit_task_retire,
    unit_task_update,
    unit_task_validate,
)


class _AdminOnly:
    """The console's role groups carry no permissions on this app; institution admins manage it."""

    def _is_admin(self, request) -> bool:
        return request.user.is_active and viewer_for(request.user).is_admin

    def has_module_permission(self, request):
        return self._is_admin(request)

    def has_view_permission(self, request, obj=None):
        return self._is_admin(request)

    def has_add_permission(self, request, obj=None):
        return self._is_admin(request)

    def has_change_permission(self, request, obj=None):
        return self._is_admin(request)

    def has_delete_permission(self, request, obj=None):
        return False  # documents are filed under these: retire (사용 off), never delete


class _ReadOnlyInline(admin.TabularInline):
    """A history shown under its node: visible to admins, never edited here."""

    extra = 0
    max_num = 0
    can_delete = False

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and viewer_for(request.user).is_admin

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# --- Function nodes ------------------------------------------------------------------------------------


class FunctionClassForm(forms.ModelForm):
    class Meta:
        model = FunctionClass
        fields = ("code", "name", "level", "parent", "department", "order", "is_active")

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        instance = self.instance if self.instance.pk else None
        values = {name: data.get(name) for name in FUNCTION_FIELDS}
        if instance is None:
            values.update(code=data.get("code"), level=data.get("level"))
        else:
            values["order"] = data.get("order") or 0
        try:
            function_validate(values=values, instance=instance)
            if instance is not None and data.get("is_active") != instance.is_active:
                if data.get("is_active"):
                    function_reactivate_validate(instance, parent=values["parent"])
                else:
                    function_retire_validate(instance)
        except ValidationError as exc:
            apply_errors(self, exc)
        return data


class UnitTaskInline(_ReadOnlyInline):
    model = UnitTask
    fields = ("code", "name", "department", "retention_period", "owner", "is_active")
    readonly_fields = fields
    show_change_link = True
    verbose_name_plural = _("이 소기능의 단위과제")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("department", "owner")


class FunctionChangeInline(_ReadOnlyInline):
    model = ClassificationChange
    fk_name = "function"
    fields = ("changed_at", "kind", "before", "after", "changed_by")
    readonly_fields = fields
    verbose_name_plural = _("변경 이력")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("changed_by")


@admin.register(FunctionClass, site=institution_site)
class FunctionClassAdmin(_AdminOnly, admin.ModelAdmin):
    form = FunctionClassForm
    list_display = ("indented_name", "code", "level", "parent", "department", "task_count", "is_active", "retired_on")
    list_filter = ("level", "is_active", ("department", admin.RelatedOnlyFieldListFilter))
    search_fields = ("code", "name")
    autocomplete_fields = ("parent", "department")
    list_select_related = ("parent", "department")
    ordering = ("code",)
    list_per_page = 100
    inlines = (UnitTaskInline, FunctionChangeInline)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_tasks=Count("unit_tasks"))

    def get_readonly_fields(self, request, obj=None):
        return ("code", "level", "retired_on") if obj is not None else ("retired_on",)

    def get_inlines(self, request, obj):
        if obj is None:
            return ()
        return self.inlines if obj.level == FunctionLevel.ACTIVITY else (FunctionChangeInline,)

    @admin.display(description=_("기능명"), ordering="name")
    def indented_name(self, obj):
        return ("　" * (obj.level - 1)) + obj.name

    @admin.display(description=_("단위과제 수"), ordering="_tasks")
    def task_count(self, obj):
        return obj._tasks

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if not change:
            created = function_create(
                code=data["code"], name=data["name"], level=data["level"], parent=data.get("parent"),
                department=data.get("department"), order=data.get("order") or 0, actor=request.user,
            )  # fmt: skip
            obj.pk = created.pk
            if not data.get("is_active", True):
                function_retire(function=created, actor=request.user)
            return
        current = FunctionClass.objects.get(pk=obj.pk)
        changes = {name: data.get(name) for name in FUNCTION_FIELDS if name in form.changed_data}
        if "order" in changes:
            changes["order"] = changes["order"] or 0
        if data.get("is_active") and not current.is_active:
            # Re-parent first so the node is used again under the parent it will have.
            function_update(function=current, actor=request.user, **changes)
            function_reactivate(function=current, actor=request.user)
        elif not data.get("is_active") and current.is_active:
            function_update(function=current, actor=request.user, **changes)
            function_retire(function=current, actor=request.user)
        elif changes:
            function_update(function=current, actor=request.user, **changes)


# --- Unit tasks ------------------------------------------------------------------------------------


class UnitTaskForm(forms.ModelForm):
    class Meta:
        model = UnitTask
        fields = (
            "code",
            "name",
            "function",
            "department",
            "description",
            "retention_period",
            "retention_reason",
            "disclosure",
            "disclosure_ground",
            "owner",
            "deputy",
            "is_common",
            "is_active",
        )

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        instance = self.instance if self.instance.pk else None
        values = {name: data.get(name) for name in UNIT_TASK_FIELDS}
        values["disclosure_ground"] = values.get("disclosure_ground") or ""
        owner, deputy = data.get("owner"), data.get("deputy")
        if instance is None:
            values.update(code=data.get("code"), owner=owner, deputy=deputy)
        try:
            unit_task_validate(values=values, instance=instance)
            if instance is not None:
                self._check_holders(instance, owner, deputy)
                if data.get("is_active") and not instance.is_active:
                    unit_task_reactivate_validate(
                        instance, function=values["function"], department=values["department"]
                    )
        except ValidationError as exc:
            apply_errors(self, exc)
        return data

    @staticmethod
    def _check_holders(instance: UnitTask, owner, deputy) -> None:
        errors = {}
        if owner is None and instance.owner_id is not None:
            errors["owner"] = _("담당자를 비울 수 없습니다. 다른 직원에게 인계하세요.")
        elif owner is not None and deputy is not None and owner.pk == deputy.pk:
            errors["deputy"] = _("담당자와 부담당자는 같은 사람일 수 없습니다.")
        for field, person in (("owner", owner), ("deputy", deputy)):
            changed = person is not None and person.pk != getattr(instance, f"{field}_id")
            if changed and (not person.is_active or person.employment_status != "active"):
                errors.setdefault(field, _("재직 중인 직원만 지정할 수 있습니다: %(name)s") % {"name": person.name})
        if errors:
            raise ValidationError(errors)


class HandoverInline(_ReadOnlyInline):
    model = UnitTaskHandover
    fields = ("handed_over_on", "role", "from_user", "to_user", "note", "recorded_by")
    readonly_fields = fields
    verbose_name_plural = _("인수인계 이력")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("from_user", "to_user", "recorded_by")


class UnitTaskChangeInline(FunctionChangeInline):
    fk_name = "unit_task"


@admin.register(UnitTask, site=institution_site)
class UnitTaskAdmin(_AdminOnly, admin.ModelAdmin):
    form = UnitTaskForm
    change_list_template = "admin/tasks/unittask/change_list.html"
    list_display = (
        "code",
        "name",
        "function",
        "department",
        "retention_period",
        "disclosure_display",
        "owner",
        "deputy",
        "is_common",
        "is_active",
    )
    list_filter = (
        "is_active",
        "retention_period",
        "disclosure",
        "is_common",
        ("department", admin.RelatedOnlyFieldListFilter),
    )
    search_fields = ("code", "name", "function__name", "function__code", "department__name", "owner__name")
    autocomplete_fields = ("function", "department", "owner", "deputy")
    list_select_related = ("function", "department", "owner", "deputy")
    ordering = ("department__path", "code")
    list_per_page = 100
    inlines = (HandoverInline, UnitTaskChangeInline)
    fieldsets = (
        (None, {"fields": ("code", "name", "function", "department", "description", "is_common")}),
        (_("기록관리기준표"), {"fields": ("retention_period", "retention_reason", "disclosure", "disclosure_ground")}),
        (_("담당"), {"fields": ("owner", "deputy")}),
        (_("사용"), {"fields": ("is_active", "retired_on", "created_at")}),
    )

    def get_readonly_fields(self, request, obj=None):
        return ("code", "retired_on", "created_at") if obj is not None else ("retired_on", "created_at")

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else ()

    @admin.display(description=_("공개구분"), ordering="disclosure")
    def disclosure_display(self, obj):
        return obj.disclosure_label

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if not change:
            created = unit_task_create(
                code=data["code"],
                name=data["name"],
                function=data["function"],
                department=data["department"],
                description=data.get("description") or "",
                retention_period=data["retention_period"],
                retention_reason=data["retention_reason"],
                disclosure=data["disclosure"],
                disclosure_ground=data.get("disclosure_ground") or "",
                owner=data.get("owner"),
                deputy=data.get("deputy"),
                is_common=data.get("is_common", False),
                actor=request.user,
            )
            obj.pk = created.pk
            if not data.get("is_active", True):
                unit_task_retire(unit_task=created, actor=request.user)
            return
        current = UnitTask.objects.get(pk=obj.pk)
        changes = {name: data.get(name) for name in UNIT_TASK_FIELDS if name in form.changed_data}
        if "disclosure_ground" in changes:
            changes["disclosure_ground"] = changes["disclosure_ground"] or ""
        if changes:
            unit_task_update(unit_task=current, actor=request.user, **changes)
        if {"owner", "deputy"} & set(form.changed_data):
            unit_task_assign_holders(
                unit_task=current,
                owner=data.get("owner"),
                deputy=data.get("deputy"),
                handed_over_on=timezone.localdate(),
                note=str(_("관리 콘솔에서 지정")),
                actor=request.user,
                empty_clears_deputy=True,
            )
        if data.get("is_active") and not current.is_active:
            unit_task_reactivate(unit_task=current, actor=request.user)
        elif not data.get("is_active") and current.is_active:
            unit_task_retire(unit_task=current, actor=request.user)

    # --- XLSX import and export of the whole classification ---

    def get_urls(self):
        return [
            path("import/", self.admin_site.admin_view(self.import_view), name="tasks_unittask_import"),
            path("export/", self.admin_site.admin_view(self.export_view), name="tasks_unittask_export"),
            *super().get_urls(),
        ]

    def export_view(self, request):
        if not self.has_view_permission(request):
            return redirect("institution_admin:index")
        return xlsx_response(filename="기능분류체계", title=str(_("기능분류체계")), headers=COLUMNS, rows=export_rows())

    def import_view(self, request):
        if not self.has_add_permission(request):
            return redirect("institution_admin:index")
        result = None
        if request.method == "POST":
            form = ClassificationImportForm(request.POST, request.FILES)
            if form.is_valid():
                upload = form.cleaned_data["file"]
                try:
                    result = classification_import(filename=upload.name, content=upload.read(), actor=request.user)
                except ImportFileError as exc:
                    form.add_error("file", exc)
                else:
                    if result.ok:
                        messages.success(
                            request,
                            _(
                                "기능 %(fc)d개를 새로 만들고 %(fu)d개를 고쳤으며, "
                                "단위과제 %(tc)d개를 새로 만들고 %(tu)d개를 고쳤습니다."
                            )
                            % {
                                "fc": result.functions_created,
                                "fu": result.functions_updated,
                                "tc": result.tasks_created,
                                "tu": result.tasks_updated,
                            },
                        )
                        return redirect("institution_admin:tasks_unittask_changelist")
        else:
            form = ClassificationImportForm()
        context = {
            **self.admin_site.each_context(request),
            "title": _("기능분류 일괄 등록"),
            "form": form,
            "result": result,
            "columns": COLUMNS,
            "opts": self.model._meta,
        }
        status = 422 if result is not None and not result.ok else 200
        return TemplateResponse(request, "admin/tasks/unittask/import.html", context, status=status)


# --- Read-only histories -----------------------------------------------------------------------------


class _ReadOnly(_AdminOnly):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ClassificationChange, site=institution_site)
class ClassificationChangeAdmin(_ReadOnly, admin.ModelAdmin):
    list_display = ("changed_at", "kind", "target", "before", "after", "changed_by")
    list_filter = ("kind",)
    search_fields = ("function__code", "function__name", "unit_task__code", "unit_task__name")
    list_select_related = ("function", "unit_task", "changed_by")
    date_hierarchy = "changed_at"
    list_per_page = 100

    @admin.display(description=_("대상"))
    def target(self, obj):
        return obj.function or obj.unit_task


@admin.register(UnitTaskHandover, site=institution_site)
class UnitTaskHandoverAdmin(_ReadOnly, admin.ModelAdmin):
    list_display = ("handed_over_on", "unit_task", "role", "from_user", "to_user", "recorded_by")
    list_filter = ("role",)
    search_fields = ("unit_task__code", "unit_task__name", "from_user__name", "to_user__name")
    list_select_related = ("unit_task", "from_user", "to_user", "recorded_by")
    date_hierarchy = "handed_over_on"
    list_per_page = 100
