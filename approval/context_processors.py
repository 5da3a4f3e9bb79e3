"""The 결재대기 count next to 전자결재 in the navigation. Lazy: the query runs only on pages whose
template shows it (institution pages), never on the province site."""

from django.db import connection
from django.utils.functional import SimpleLazyObject
from django_tenants.utils import get_public_schema_name

from approval.selectors import waiting_count


def nav_counts(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or connection.schema_name == get_public_schema_name():
        return {}

    def counts() -> dict[str, int]:
        # A box page counted it already for its tabs (approval.views.boxes), the home page for its
        # panel (approval.home); otherwise it is counted here.
        known = getattr(request, "approval_waiting_count", None)
        if known is None:
            known = getattr(user, "approval_waiting_count", None)
        return {"waiting": known if known is not None else waiting_count(user)}

    return {"approval_nav_counts": SimpleLazyObject(counts)}
