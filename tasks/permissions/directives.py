"""Who may see a directive (지시사항) and who may do what with it.

Seeing: the issuer, the assignees, the members of the responsible department, the heads of a
tree containing it, admins and auditors. Everyone else gets 404.

Acting (`DirectiveRights`): assignees submit the plan, report progress and completion; the issuer
or a head of the department's tree asks for more work on a completed one (보완 요구); the issuer or
an admin cancels an open one; parties, heads and admins comment. Issuing is for department heads
(to people in their tree) and admins. Services and pages use these same rules.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from org.models import Department, EmploymentStatus, User
from org.visibility import Viewer, viewer_for
from tasks.models import Directive, DirectiveAssignee, DirectiveStatus


def assigned_q(user: User) -> Q:
    return Q(Exists(DirectiveAssignee.objects.filter(directive=OuterRef("pk"), user=user)))


def directive_visibility_q(viewer: Viewer) -> Q:
    if viewer.sees_everything:
        return Q()
    return Q(issued_by=viewer.user) | assigned_q(viewer.user) | viewer.department_q("department")


def directives_visible_to(user: User) -> QuerySet[Directive]:
    return Directive.objects.filter(directive_visibility_q(viewer_for(user)))


def access_directive(user: User, pk: int, *, for_write: bool = False) -> Directive:
    """The directive if `user` may see it, else 404. `for_write`: they must be able to do at least
    one thing with it (otherwise 403)."""
    directive = (
        directives_visible_to(user)
        .select_related("department", "issued_by", "issued_by__position", "unit_task")
        .filter(pk=pk)
        .first()
    )
    if directive is None:
        raise Http404(_("지시사항을 찾을 수 없습니다."))
    if for_write and not directive_rights(user, directive).any:
        raise PermissionDenied(_("이 지시사항을 처리할 권한이 없습니다."))
    return directive


def may_issue(viewer: Viewer) -> bool:
    return viewer.is_admin or viewer.is_head


def issuable_departments(viewer: Viewer) -> QuerySet[Department]:
    """Departments a directive from this viewer may be given to: their trees; all for admins."""
    departments = Department.objects.filter(is_active=True).order_by("path")
    if viewer.is_admin:
        return departments
    return departments.filter(viewer.overseen_q(""))


def assignable_people(viewer: Viewer) -> QuerySet[User]:
    """People a directive from this viewer may be given to: at work in their trees (all for admins)."""
    people = (
        User.objects.filter(is_active=True, employment_status=EmploymentStatus.ACTIVE)
        .select_related("department", "position")
        .order_by("department__path", "position__rank", "name", "pk")
    )
    if viewer.is_admin:
        return people
    return people.filter(viewer.overseen_q("department"))


@dataclass(frozen=True)
class DirectiveRights:
    is_issuer: bool
    is_assignee: bool
    heads_tree: bool
    is_admin: bool
    status: str

    @property
    def is_open(self) -> bool:
        return self.status in DirectiveStatus.open_values()

    @property
    def may_work(self) -> bool:
        """Plan, progress and completion: the assignees' part, while the directive is open."""
        return self.is_assignee and self.is_open

    @property
    def may_reopen(self) -> bool:
        return (self.is_issuer or self.heads_tree) and self.status == DirectiveStatus.COMPLETED

    @property
    def may_cancel(self) -> bool:
        return (self.is_issuer or self.is_admin) and self.is_open

    @property
    def may_comment(self) -> bool:
        return self.is_issuer or self.is_assignee or self.heads_tree or self.is_admin

    @property
    def any(self) -> bool:
        return self.may_work or self.may_reopen or self.may_cancel or self.may_comment


def directive_rights(user: User, directive: Directive, assignee_ids: set[int] | None = None) -> DirectiveRights:
    """What `user` may do with `directive` now. Pass `assignee_ids` when already loaded."""
    viewer = viewer_for(user)
    if assignee_ids is None:
        is_assignee = DirectiveAssignee.objects.filter(directive=directive, user=user).exists()
    else:
        is_assignee = user.pk in assignee_ids
    return DirectiveRights(
        is_issuer=directive.issued_by_id == user.pk,
        is_assignee=is_assignee,
        heads_tree=viewer.oversees(directive.department),
        is_admin=viewer.is_admin,
        status=directive.status,
    )
