"""The 접수대기 count next to 문서 접수 in the navigation, for those who register arrivals. Lazy,
and free for everyone else: the role names (cached on the user, read by the navigation anyway)
decide whether it is shown; the count itself comes from the cache (receipts.selectors)."""

from django.utils.functional import SimpleLazyObject

from org.roles import role_set
from receipts.selectors import waiting_count_cached


def _registering_roles() -> set[str]:
    return {role for role, apps in role_set().items() if "register_" in apps.get("receipts", ())}


def nav_counts(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def counts() -> dict[str, int]:
        if not (user.role_names() & _registering_roles()) and not user.is_superuser:
            return {"waiting": 0}
        return {"waiting": waiting_count_cached()}

    return {"receipt_nav_counts": SimpleLazyObject(counts)}
