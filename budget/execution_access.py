"""Who sees an expenditure (지출결의), its evidence, and the payment pages.

- An expenditure is shown to those who may open its approval document (the engine's rule,
  approval.permissions.visible_document_ids: drafter, the people on its line, heads of the
  handling department's tree, auditors …), and to the institution's budget and accounting
  officers (예산·회계 담당), who pay and book it. Anyone else gets 404.
- Its evidence (증빙) is narrower: its drafter, its own department's tree (members and the heads
  above them, who approve it; org.visibility) and those who see the whole institution's budget
  (예산·회계 담당, auditors, admins). A 참조 reader or a 협조 approver of another department sees
  the expenditure but not its files.
- Payments and the vendor register are the 회계 담당's (the 예산 담당 and auditors read them).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from approval.permissions import visible_document_ids
from budget.models import Expenditure
from budget.status.access import sees_whole_institution
from org.models import User
from org.visibility import viewer_for


def expenditures_visible_to(user: User) -> QuerySet[Expenditure]:
    if not user.is_authenticated:
        return Expenditure.objects.none()
    if sees_whole_institution(user):
        return Expenditure.objects.all()
    return Expenditure.objects.filter(
        Q(document_id__in=visible_document_ids(user)) | Q(document__isnull=True, drafter=user)
    )


def access_expenditure(user: User, pk: int, *, for_write: bool = False) -> Expenditure:
    expenditure = (
        expenditures_visible_to(user)
        .select_related("drafter__position", "department", "unit_task", "line__parent", "vendor", "plan", "payment")
        .filter(pk=pk)
        .first()
    )
    if expenditure is None:
        raise Http404(_("지출결의를 찾을 수 없습니다."))
    if for_write and expenditure.drafter_id != user.pk:
        raise PermissionDenied(_("지출결의를 작성한 사람만 고쳐서 다시 상신할 수 있습니다."))
    return expenditure


def may_see_evidence(user: User, expenditure: Expenditure) -> bool:
    if expenditure.drafter_id == user.pk or sees_whole_institution(user):
        return True
    return viewer_for(user).in_scope(expenditure.department)


def require_payment_reader(user: User) -> None:
    """The payment and vendor pages: 회계 담당 (who act), and those who read the whole
    institution's budget (예산 담당, auditors, admins)."""
    if not sees_whole_institution(user):
        raise PermissionDenied(_("회계 담당만 볼 수 있는 화면입니다."))
