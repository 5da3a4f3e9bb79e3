"""Picks the schema from the host name; unknown hosts and deactivated institutions get a clear
Korean page instead of an error."""

from django.db import connection
from django.template.response import TemplateResponse
from django_tenants.middleware.main import TenantMainMiddleware

# Paths a deactivated institution still answers: the health probe (operations need it).
_ALWAYS_OPEN = ("/healthz",)


class InstitutionMiddleware(TenantMainMiddleware):
    def no_tenant_found(self, request, hostname):
        return TemplateResponse(request, "errors/unknown_host.html", {"hostname": hostname}, status=404).render()

    def process_request(self, request):
        response = super().process_request(request)
        if response is not None:
            return response
        tenant = request.tenant
        if not tenant.is_active and request.path not in _ALWAYS_OPEN:
            connection.set_schema_to_public()
            return TemplateResponse(
                request, "errors/institution_inactive.html", {"institution": tenant}, status=403
            ).render()
        return None
