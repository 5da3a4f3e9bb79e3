from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from tenants.demo_progress import province_progress
from tenants.models import InstitutionKind
from tenants.selectors import institution_list


@require_GET
def province_home(request: HttpRequest) -> HttpResponse:
    """The planning office's first page: every institution, its kind, state and address."""
    # On the province host `is_staff` means the planning-office role (see org.roles).
    if not request.user.is_staff:
        raise PermissionDenied
    institutions = list(institution_list())
    counts = {kind: 0 for kind in InstitutionKind.values if kind != InstitutionKind.PROVINCE}
    for institution in institutions:
        counts[institution.kind] += 1
    port = request.get_port()
    suffix = "" if port in {"80", "443"} else f":{port}"
    return TemplateResponse(
        request,
        "tenants/province_home.html",
        {
            "institutions": institutions,
            "kind_counts": [(InstitutionKind(kind).label, n) for kind, n in counts.items()],
            "active_count": sum(1 for i in institutions if i.is_active),
            "host_suffix": suffix,
            "scheme": request.scheme,
            "base_domain": settings.BASE_DOMAIN,
            "demo_progress": province_progress(),
        },
    )
