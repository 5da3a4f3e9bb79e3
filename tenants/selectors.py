from django.db.models import Prefetch, QuerySet

from tenants.models import Domain, Institution, InstitutionKind


def institution_list() -> QuerySet[Institution]:
    """Institutions for the planning office's list, with their primary host, in two queries."""
    return (
        Institution.objects.exclude(kind=InstitutionKind.PROVINCE)
        .prefetch_related(Prefetch("domains", queryset=Domain.objects.filter(is_primary=True), to_attr="primary"))
        .order_by("name")
    )
