from django.conf import settings
from django.db import connection
from django.utils.translation import gettext_lazy as _
from django_tenants.utils import get_public_schema_name

# The work areas in the order staff meet them: (label, URL name, the URL namespaces that belong
# to the area, for highlighting). An entry without a URL name is shown as "coming" (not a link)
# until its app lands; each app replaces its None with its URL name.
# An optional fourth item names a lazy count in the context (core.templatetags.nav), shown as a badge.
INSTITUTION_NAV = [
    (_("업무관리"), "tasks:unit_task_list", ("tasks", "memos", "directives", "meetings", "calendar")),
    (_("전자결재"), "approval:waiting", ("approval",), "approval_nav_counts.waiting"),
    (_("문서 접수"), "receipts:waiting", ("receipts",), "receipt_nav_counts.waiting"),
    (_("복무"), None, ()),
    (_("예산·회계"), "budget:plan_list", ("budget",)),
    (_("급여"), None, ()),
    (_("기록관리"), None, ()),
]
PROVINCE_NAV = [
    (_("기관 관리"), "province_admin:tenants_institution_changelist", ()),
    (_("모니터링"), None, ()),
    (_("문서 접수"), "receipts:waiting", ("receipts",), "receipt_nav_counts.waiting"),
]


def site(request):
    tenant = getattr(request, "tenant", None)
    is_province = connection.schema_name == get_public_schema_name()
    return {
        "site_tenant": tenant,
        "is_province_site": is_province,
        "base_domain": settings.BASE_DOMAIN,
        "nav_items": PROVINCE_NAV if is_province else INSTITUTION_NAV,
    }
