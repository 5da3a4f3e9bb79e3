"""Who may see and do what with received documents.

- 접수·배부 (register, distribute): holders of `receipts.register_receipt` — the 문서과's role,
  given to the institution admin (and the province's planning office) in org.roles. They and
  auditors (`receipts.view_receiveddocument`) see every received document.
- The department a document was distributed to sees it, and so do the heads overseeing it
  (org.visibility: a 본부장 sees what reaches the teams under them); the department's own head
  assigns the handler.
- The handler sees it, circulates it (공람) and marks it done; circulation recipients see it.
Anyone else gets a 404 for the object (they may not know it exists).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _

from org.visibility import viewer_for
from receipts.models import ReceiptStatus, ReceivedAttachment, ReceivedDocument

REGISTER_PERM = "receipts.register_receipt"
VIEW_ALL_PERM = "receipts.view_receiveddocument"


def is_registrar(user) -> bool:
    return user.is_authenticated and user.has_perm(REGISTER_PERM)


def sees_all(user) -> bool:
    return user.is_authenticated and (user.has_perm(REGISTER_PERM) or user.has_perm(VIEW_ALL_PERM))


def heads_department(user, received: ReceivedDocument) -> bool:
    """Is `user` the head of the department it was distributed to (who names its handler)?"""
    department = received.department
    return department is not None and department.head_id == user.pk


def receipt_visibility_q(user) -> Q:
    if sees_all(user):
        return Q()
    q = Q(handler_id=user.pk) | Q(circulations__user_id=user.pk)
    if user.department_id:
        q |= Q(department_id=user.department_id) & ~Q(status__in=[ReceiptStatus.WAITING, ReceiptStatus.REGISTERED])
    q |= viewer_for(user).overseen_q("department")
    return q


def visible_receipts(user):
    if not user.is_authenticated:
        return ReceivedDocument.objects.none()
    q = receipt_visibility_q(user)
    if not q:
        return ReceivedDocument.objects.all()
    return ReceivedDocument.objects.filter(pk__in=ReceivedDocument.objects.filter(q).values("pk"))


def access_receipt(user, pk: int, *, for_write: bool = False) -> ReceivedDocument:
    """The received document `pk` if `user` may see it (404 otherwise). `for_write`: they must also
    be able to act on it in some way (registrar, department head, handler): 403 otherwise."""
    received = (
        visible_receipts(user)
        .select_related("department__head", "handler__position", "registered_by", "registered_department")
        .filter(pk=pk)
        .first()
    )
    if received is None:
        raise Http404(_("수신문서를 찾을 수 없습니다."))
    if for_write and not (is_registrar(user) or heads_department(user, received) or received.handler_id == user.pk):
        raise PermissionDenied(_("이 수신문서를 처리할 권한이 없습니다."))
    return received


def access_receipt_attachment(user, pk: int, attachment_pk: int) -> ReceivedAttachment:
    received = access_receipt(user, pk)
    attachment = ReceivedAttachment.objects.filter(received=received, pk=attachment_pk).first()
    if attachment is None:
        raise Http404(_("첨부파일을 찾을 수 없습니다."))
    return attachment
