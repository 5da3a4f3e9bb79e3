"""Counts shown in the work-management navigation. Lazy: the query runs only on pages whose
template actually shows the count."""

from django.db import connection
from django.utils.functional import SimpleLazyObject
from django_tenants.utils import get_public_schema_name

from tasks.selectors.memos import unread_memo_count


def nav_counts(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or connection.schema_name == get_public_schema_name():
        return {}
    return {"nav_counts": SimpleLazyObject(lambda: {"memos_unread": unread_memo_count(user)})}
