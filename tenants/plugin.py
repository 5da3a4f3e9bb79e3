"""What the province's institution register adds to the platform (core.plugins): the province
console's 기관 관리 entry and the labels of its audit entries. The planning office's permissions
on institutions are in org.roles: this app sits below org and does not name org's roles."""

from django.utils.translation import gettext_lazy as _

from core.plugins import PROVINCE, NavEntry, Plugin

PLUGIN = Plugin(
    nav=(NavEntry(_("기관 관리"), "province_admin:tenants_institution_changelist", order=10, sites=(PROVINCE,)),),
    audit_labels={
        "institution.create": _("기관 등록"),
        "institution.activate": _("기관 사용 재개"),
        "institution.deactivate": _("기관 사용중지"),
    },
)
