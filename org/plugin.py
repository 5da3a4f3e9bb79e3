"""What org adds to the platform (core.plugins): the labels of its audit entries. Its roles and
their permissions on org's own models are in org.roles, which every other app's `permissions`
extend."""

from django.utils.translation import gettext_lazy as _

from core.plugins import Plugin

PLUGIN = Plugin(
    audit_labels={
        "department.create": _("부서 신설"),
        "department.update": _("부서 변경"),
        "department.set_head": _("부서장 지정"),
        "absence.create": _("부재·직무대리 등록"),
        "staff.import": _("직원 일괄 등록"),
        "demo.seed": _("시연 자료 생성"),
    },
)
