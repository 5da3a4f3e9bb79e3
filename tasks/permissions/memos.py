"""Who may see a memo report (메모보고) and act on it.

A memo is between its author and its recipients. Besides them only the author's superiors see
it — the heads of a department tree that contains the department the author wrote from — and
the institution's admins and auditors. A colleague in the same department does not: a report to
one's head is not a department notice board.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from org.models import User
from org.visibility import Viewer, viewer_for
from tasks.models import MemoAttachment, MemoRecipient, MemoReport


def memo_visibility_q(viewer: Viewer) -> Q:
    if viewer.sees_everything:
        return Q()
    user = viewer.user
    q = Q(author=user) | Q(Exists(MemoRecipient.objects.filter(memo=OuterRef("pk"), recipient=user)))
    return q | viewer.overseen_q("department")


def memos_visible_to(user: User) -> QuerySet[MemoReport]:
    return MemoReport.objects.filter(memo_visibility_q(viewer_for(user)))


def is_memo_party(memo: MemoReport, user: User) -> bool:
    """The author or one of the recipients: the people who may reply."""
    return memo.author_id == user.pk or MemoRecipient.objects.filter(memo=memo, recipient=user).exists()


def access_memo(user: User, pk: int, *, for_write: bool = False) -> MemoReport:
    """The memo if `user` may see it (404 otherwise); `for_write` also requires being a party."""
    memo = memos_visible_to(user).select_related("author", "author__position", "department", "unit_task").filter(pk=pk)
    found = memo.first()
    if found is None:
        raise Http404(_("메모보고를 찾을 수 없습니다."))
    if for_write and not is_memo_party(found, user):
        raise PermissionDenied(_("메모보고의 작성자와 받는 사람만 답글을 달 수 있습니다."))
    return found


def access_memo_attachment(user: User, memo_pk: int, pk: int) -> MemoAttachment:
    """An attachment is readable exactly when its memo is."""
    memo = access_memo(user, memo_pk)
    attachment = MemoAttachment.objects.filter(memo=memo, pk=pk).first()
    if attachment is None:
        raise Http404(_("첨부파일을 찾을 수 없습니다."))
    return attachment
