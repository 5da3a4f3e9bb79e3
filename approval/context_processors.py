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
    return {"approval_nav_counts": SimpleLazyObject(lambda: {"waiting": waiting_count(user)})}
