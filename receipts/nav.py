"""The 접수대기 count next to 문서 접수 in the navigation (receipts.plugin), for those who register
arrivals. Free for everyone else: the role names (cached on the user, read by the navigation
anyway) decide whether it is shown; the count itself comes from the cache (receipts.selectors)."""

from org.roles import role_set
from receipts.selectors import waiting_count_cached


def _registering_roles() -> set[str]:
    return {role for role, apps in role_set().items() if "register_" in apps.get("receipts", ())}


def waiting_badge(request) -> int:
    user = request.user
    if not (user.role_names() & _registering_roles()) and not user.is_superuser:
        return 0
    return waiting_count_cached()
