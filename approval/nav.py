"""The 결재대기 count next to 전자결재 in the navigation (approval.plugin). Runs only when the
navigation is drawn, which only institution pages do."""

from approval.selectors import waiting_count


def waiting_badge(request) -> int:
    # A box page counted it already for its tabs (approval.views.boxes), the home page for its
    # panel (approval.home); otherwise one query.
    known = getattr(request, "approval_waiting_count", None)
    if known is None:
        known = getattr(request.user, "approval_waiting_count", None)
    return known if known is not None else waiting_count(request.user)
