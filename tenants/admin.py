"""The province console: the Django admin on the province host, for the planning office."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from audit.admin import AuditEventAdmin
from audit.models import AuditEvent
from core.admin_site import make_site
from tenants.forms import InstitutionCreateForm
from tenants.models import Institution, InstitutionKind
from tenants.services import institution_create, institution_set_active

province_site = make_site("province_admin", _("도 통합업무시스템 관리"))


@admin.register(Institution, site=province_site)
class InstitutionAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "kind", "primary_domain", "is_active", "created_at")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "code")
    actions = ["deactivate", "activate"]
    readonly_fields = ("code", "schema_name", "is_active", "created_at", "deactivated_at")
    # 우편번호 … 전송: the 결문 of the institution's official documents (시행규칙 별지 제1호서식).
    fields = (
        "code",
        "name",
        "kind",
        "postal_code",
        "address",
        "homepage",
        "phone",
        "fax",
        "schema_name",
        "is_active",
        "created_at",
        "deactivated_at",
    )
    closing_fields = ("postal_code", "address", "homepage", "phone", "fax")

    def get_queryset(self, request):
        return super().get_queryset(request).exclude(kind=InstitutionKind.PROVINCE).prefetch_related("domains")

    @admin.display(description=_("주소"))
    def primary_domain(self, obj):
        return next((d.domain for d in obj.domains.all() if d.is_primary), "")

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            return InstitutionCreateForm
        return super().get_form(request, obj, change, **kwargs)

    def get_fields(self, request, obj=None):
        return ("code", "name", "kind") if obj is None else self.fields

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else self.readonly_fields

    def has_delete_permission(self, request, obj=None):
        return False  # institutions are deactivated, never deleted: their records must be kept

    def save_model(self, request, obj, form, change):
        if change:
            obj.save(update_fields=["name", "kind", *self.closing_fields])
            return
        result = institution_create(
            code=form.cleaned_data["code"],
            name=form.cleaned_data["name"],
            kind=form.cleaned_data["kind"],
            actor=request.user,
        )
        obj.pk = result.institution.pk
        obj.refresh_from_db()
        messages.success(request, _("기관을 등록하고 업무공간을 만들었습니다(%(s).1f초).") % {"s": result.seconds})

    def _set_active(self, request, queryset, active: bool):
        done = 0
        for institution in queryset:
            try:
                institution_set_active(institution=institution, active=active, actor=request.user)
                done += 1
            except ValidationError as exc:
                messages.error(request, "; ".join(exc.messages))
        messages.success(request, _("%(n)d개 기관을 처리했습니다.") % {"n": done})

    @admin.action(description=_("선택한 기관 사용중지 (자료는 보존)"))
    def deactivate(self, request, queryset):
        self._set_active(request, queryset, False)

    @admin.action(description=_("선택한 기관 다시 사용"))
    def activate(self, request, queryset):
        self._set_active(request, queryset, True)


province_site.register(AuditEvent, AuditEventAdmin)
