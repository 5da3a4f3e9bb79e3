"""The institution admin console (Django admin on the institution's host, for institution admins),
and the province's user list (planning-office accounts) on the province console."""

from axes.admin import AccessAttemptAdmin
from axes.conf import settings as axes_settings
from axes.models import AccessAttempt
from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from audit.admin import AuditEventAdmin
from audit.models import AuditEvent
from core.admin_site import make_site
from core.forms import apply_errors
from org import roles
from org.forms import AbsenceForm, AuditorRoleForm, DepartmentForm, RoleChoiceField, StaffImportForm
from org.models import Absence, Department, Grade, OrgSettings, Position, User
from org.selectors import auditors_of
from org.services import absence_create, auditor_role_set, department_save, department_set_head, org_settings_save
from org.staff_import import ImportFileError, staff_import
from tenants.admin import province_site
from tenants.models import Institution, InstitutionKind

institution_site = make_site("institution_admin", _("기관 관리 콘솔"))


@admin.register(Department, site=institution_site)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ("indented_name", "code", "head", "member_count", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name", "code")
    autocomplete_fields = ("parent", "head")
    fields = ("name", "code", "parent", "head", "order", "phone", "is_active")
    form = DepartmentForm
    list_per_page = 100

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("head")
            .annotate(_members=Count("members", filter=Q(members__employment_status="active")))
        )

    @admin.display(description=_("부서명"), ordering="path")
    def indented_name(self, obj):
        return ("　" * obj.depth) + obj.name

    @admin.display(description=_("재직 인원"), ordering="_members")
    def member_count(self, obj):
        return obj._members

    def save_model(self, request, obj, form, change):
        head = obj.head
        # The head is appointed through its own service (it also grants the head role).
        obj.head = Department.objects.get(pk=obj.pk).head if change else None
        department_save(department=obj, actor=request.user)
        if obj.head != head:
            department_set_head(department=obj, head=head, actor=request.user)

    def has_delete_permission(self, request, obj=None):
        return False  # departments are retired (is_active), never deleted: documents refer to them


@admin.register(Position, site=institution_site)
class PositionAdmin(admin.ModelAdmin):
    list_display = ("name", "rank")
    ordering = ("rank",)


@admin.register(Grade, site=institution_site)
class GradeAdmin(admin.ModelAdmin):
    list_display = ("name", "rank")
    ordering = ("rank",)


class StaffChangeForm(UserChangeForm):
    groups = RoleChoiceField(
        queryset=Group.objects.filter(
            name__in=[role for role in roles.ROLE_LABELS if role not in roles.PROVINCE_APPOINTED]
        ).order_by("name"),
        required=False,
        label=_("역할"),
        help_text=_("감사 담당은 도 기획조정실이 도 관리 콘솔에서 지정하고 해제합니다."),
        widget=admin.widgets.FilteredSelectMultiple(_("역할"), is_stacked=False),
    )

    class Meta(UserChangeForm.Meta):
        model = User
        fields = "__all__"

    def clean_groups(self):
        # The picker does not offer the province-appointed roles (a forged choice is refused as
        # invalid), and saving must not take away one the province gave.
        chosen = self.cleaned_data["groups"]
        if self.instance.pk is None:
            return chosen
        kept = self.instance.groups.filter(name__in=roles.PROVINCE_APPOINTED)
        return Group.objects.filter(Q(pk__in=chosen) | Q(pk__in=kept))


class StaffCreationForm(AdminUserCreationForm):
    class Meta(AdminUserCreationForm.Meta):
        model = User
        fields = ("username", "name", "employee_number", "department", "position", "grade", "hire_date")


class RoleFilter(admin.SimpleListFilter):
    title = _("역할")
    parameter_name = "role"

    def lookups(self, request, model_admin):
        names = Group.objects.filter(name__in=list(roles.ROLE_LABELS)).values_list("name", flat=True)
        return [(name, roles.ROLE_LABELS[name]) for name in sorted(names)]

    def queryset(self, request, queryset):
        return queryset.filter(groups__name=self.value()) if self.value() else queryset


@admin.register(User, site=institution_site)
class StaffAdmin(DjangoUserAdmin):
    form = StaffChangeForm
    add_form = StaffCreationForm
    change_list_template = "admin/org/user/staff_change_list.html"
    list_display = (
        "employee_number",
        "name",
        "username",
        "department",
        "position",
        "grade",
        "employment_status",
        "is_active",
    )
    list_filter = ("employment_status", "is_active", RoleFilter, "position", "grade")
    search_fields = ("name", "username", "employee_number", "email", "department__name")
    ordering = ("department__path", "position__rank", "name")
    autocomplete_fields = ("department",)
    list_select_related = ("department", "position", "grade")
    list_per_page = 100
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("인적 사항"), {"fields": ("name", "employee_number", "email", "phone")}),
        (_("소속"), {"fields": ("department", "position", "grade", "hire_date", "employment_status", "retired_on")}),
        (_("권한"), {"fields": ("is_active", "groups", "province_roles")}),
        (_("기록"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "username",
                    "name",
                    "employee_number",
                    "department",
                    "position",
                    "grade",
                    "hire_date",
                    "usable_password",
                    "password1",
                    "password2",
                ),
            },
        ),
    )
    readonly_fields = ("last_login", "date_joined", "province_roles")
    filter_horizontal = ()

    @staticmethod
    def _province_appointed(obj: User | None) -> bool:
        return obj is not None and obj.pk is not None and bool(obj.role_names() & roles.PROVINCE_APPOINTED)

    def get_readonly_fields(self, request, obj=None):
        # Whoever can set an auditor's password or sign-in name can sign in as the auditor and read
        # every 비공개 document: the province appoints auditors, so the institution console cannot.
        fields = super().get_readonly_fields(request, obj)
        if self._province_appointed(obj) and not request.user.is_superuser:
            return (*fields, "username", "email", "is_active")
        return fields

    def user_change_password(self, request, id, form_url=""):
        user = self.get_object(request, unquote(id))
        if self._province_appointed(user) and not request.user.is_superuser:
            messages.error(
                request,
                _(
                    "감사 담당의 비밀번호는 기관에서 바꿀 수 없습니다. 도 기획조정실이 감사 담당을 해제한 뒤 "
                    "재설정하고 다시 지정합니다."
                ),
            )
            return redirect("institution_admin:org_user_change", user.pk)
        return super().user_change_password(request, id, form_url)

    @admin.display(description=_("도 지정 역할"))
    def province_roles(self, obj):
        names = sorted(obj.role_names() & roles.PROVINCE_APPOINTED) if obj.pk else []
        return ", ".join(roles.ROLE_LABELS[name] for name in names) or "-"

    def get_urls(self):
        return [
            path("import/", self.admin_site.admin_view(self.import_view), name="org_user_import"),
            *super().get_urls(),
        ]

    def import_view(self, request):
        if not self.has_add_permission(request):
            return redirect("institution_admin:index")
        result = None
        if request.method == "POST":
            form = StaffImportForm(request.POST, request.FILES)
            if form.is_valid():
                upload = form.cleaned_data["file"]
                try:
                    result = staff_import(filename=upload.name, content=upload.read(), actor=request.user)
                except ImportFileError as exc:
                    form.add_error("file", exc)
                else:
                    if result.ok:
                        messages.success(
                            request,
                            _("직원 %(c)d명을 새로 등록하고 %(u)d명을 갱신했습니다.")
                            % {"c": result.created, "u": result.updated},
                        )
                        return redirect("institution_admin:org_user_changelist")
        else:
            form = StaffImportForm()
        context = {
            **self.admin_site.each_context(request),
            "title": _("직원 일괄 등록"),
            "form": form,
            "result": result,
            "opts": self.model._meta,
        }
        status = 422 if result is not None and not result.ok else 200
        return TemplateResponse(request, "admin/org/user/import.html", context, status=status)


@admin.register(Absence, site=institution_site)
class AbsenceAdmin(admin.ModelAdmin):
    form = AbsenceForm
    list_display = ("user", "reason", "starts_at", "ends_at", "proxy")
    list_filter = ("reason",)
    search_fields = ("user__name", "proxy__name")
    autocomplete_fields = ("user", "proxy")
    list_select_related = ("user", "proxy")
    date_hierarchy = "starts_at"

    def save_model(self, request, obj, form, change):
        if change:
            obj.save()
            return
        created = absence_create(
            user=obj.user,
            proxy=obj.proxy,
            starts_at=obj.starts_at,
            ends_at=obj.ends_at,
            reason=obj.reason,
            note=obj.note,
            actor=request.user,
        )
        obj.pk = created.pk


@admin.register(OrgSettings, site=institution_site)
class OrgSettingsAdmin(admin.ModelAdmin):
    """One row per institution: the console lists it and opens it; there is nothing to add twice
    or to delete."""

    list_display = ("__str__", "authorised_headcount", "updated_at")
    fields = ("authorised_headcount",)

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not OrgSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        saved = org_settings_save(authorised_headcount=obj.authorised_headcount, actor=request.user)
        obj.pk = saved.pk


institution_site.register(AuditEvent, AuditEventAdmin)


@admin.register(AccessAttempt, site=institution_site)
class LockoutAdmin(AccessAttemptAdmin):
    """django-axes' failed sign-ins (로그인 잠금), in Korean: its labels come from locale/ko; what it
    writes in English without a translation hook (the entry's name, the remaining count, the
    clean-up message) is said here."""

    change_form_template = "admin/axes/accessattempt/change_form.html"

    @staticmethod
    def entry_label(obj: AccessAttempt) -> str:
        return _("%(username)s · %(ip)s · 실패 %(n)d회") % {
            "username": obj.username or "-",
            "ip": obj.ip_address or "-",
            "n": obj.failures_since_start,
        }

    def action_checkbox(self, obj):
        # Django names the row after str(obj), which axes writes in English.
        attrs = {
            "class": "action-select",
            "aria-label": format_html(_("Select this object for an action - {}"), self.entry_label(obj)),
        }
        return forms.CheckboxInput(attrs, lambda value: False).render(helpers.ACTION_CHECKBOX_NAME, str(obj.pk))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        extra = {"subtitle": self.entry_label(obj)} if obj is not None else {}
        return super().change_view(request, object_id, form_url, {**extra, **(extra_context or {})})

    @admin.display(description=_("상태"))
    def status(self, obj: AccessAttempt):
        limit = axes_settings.AXES_FAILURE_LIMIT
        if obj.failures_since_start < limit:
            return _("%(n)d회 남음") % {"n": limit - obj.failures_since_start}
        return _("잠김")

    @admin.action(description=_("만료된 실패 기록 지우기"))
    def cleanup_expired_attempts(self, request, queryset):
        count = self.handler.clean_expired_user_attempts(request=request)
        self.message_user(request, _("만료된 실패 기록 %(n)d건을 지웠습니다.") % {"n": count})


class ProvinceUserAdmin(DjangoUserAdmin):
    """Planning-office accounts of the province (public schema)."""

    form = StaffChangeForm
    add_form = StaffCreationForm
    list_display = ("username", "name", "email", "is_active", "last_login")
    list_filter = ("is_active",)
    search_fields = ("username", "name", "email")
    ordering = ("username",)
    filter_horizontal = ()
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        # The department gives documents the province receives their 접수 numbers (기획조정실-1 …).
        (_("인적 사항"), {"fields": ("name", "department", "email", "phone")}),
        (_("권한"), {"fields": ("is_active", "groups")}),
        (_("기록"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "name", "usable_password", "password1", "password2")}),
    )
    readonly_fields = ("last_login", "date_joined")


province_site.register(User, ProvinceUserAdmin)
# The province's own offices (기획조정실 …): documents the institutions send are registered under them.
province_site.register(Department, DepartmentAdmin)


def auditor_roles(request):
    """도 관리 콘솔 › 기관 감사 담당: pick an institution, see its 감사 담당, appoint or relieve one
    (org.roles.PROVINCE_APPOINTED: institution admins cannot)."""
    if not roles.may_appoint_auditors(request.user):
        raise PermissionDenied
    institutions = list(
        Institution.objects.filter(is_active=True).exclude(kind=InstitutionKind.PROVINCE).order_by("name")
    )
    by_code = {i.code: i for i in institutions}
    data = request.POST if request.method == "POST" else None
    form = AuditorRoleForm(data, institutions=institutions, initial={"action": "appoint"})
    chosen = by_code.get(request.POST.get("institution") if data is not None else request.GET.get("institution"))
    if data is not None and form.is_valid():
        chosen = by_code[form.cleaned_data["institution"]]
        appointed = form.cleaned_data["action"] == "appoint"
        try:
            user = auditor_role_set(
                institution=chosen,
                person=form.cleaned_data["person"],
                appointed=appointed,
                reason=form.cleaned_data["reason"],
                actor=request.user,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            done = (
                _("감사 담당을 지정했습니다: %(name)s(%(who)s)")
                if appointed
                else _("감사 담당을 해제했습니다: %(name)s(%(who)s)")
            )
            messages.success(request, done % {"name": user.name, "who": user.username})
            return redirect(f"{reverse('province_admin:org_auditors')}?institution={chosen.code}")
    context = {
        **province_site.each_context(request),
        "title": _("기관 감사 담당 지정"),
        "institutions": institutions,
        "chosen": chosen,
        "auditors": auditors_of(chosen) if chosen else [],
        "form": form,
    }
    return TemplateResponse(request, "admin/org/auditors.html", context, status=422 if form.errors else 200)


province_site.register_view(
    "auditors/", auditor_roles, name="org_auditors", label=_("기관 감사 담당 지정"), allowed=roles.may_appoint_auditors
)
