"""What org adds to the platform (core.plugins): the labels of its audit entries, its figures for
province monitoring (정원, 현원 …: org.kpis) and the demo's 정원 and 퇴직일 (org.demo_staffing; the
people themselves come from org.demo, which seed_demo runs first). Its roles and their
permissions on org's own models are in org.roles, which every other app's `permissions` extend."""

from django.utils.translation import gettext_lazy as _

from core.plugins import DemoSeeder, Plugin

PLUGIN = Plugin(
    demo_seeder=DemoSeeder("org.demo_staffing.institution_seed", budget_seconds=0.5),
    kpis="org.kpis.SOURCE",
    audit_labels={
        "department.create": _("부서 신설"),
        "department.update": _("부서 변경"),
        "department.set_head": _("부서장 지정"),
        "absence.create": _("부재·직무대리 등록"),
        "absence.end": _("부재·직무대리 종료"),
        "staff.import": _("직원 일괄 등록"),
        "org_settings.update": _("기관 설정 변경"),
        "demo.seed": _("시연 자료 생성"),
    },
)
