"""Who oversees which departments: the one rule every app's visibility is built on.

- A person belongs to one department and sees its work.
- A department head oversees the whole tree under the departments they head: a 본부장 (head of a
  division) sees the teams under the division as its 팀장s do, because the division answers for
  them (they approve their documents, give them directives, take over when a 팀장 is away).
  Heading an inactive department oversees nothing.
- Institution admins (and superusers) manage everything; auditors (감사 담당) read everything.

Each app decides what these mean for its own objects (e-approval, for one, shows admins no
documents by role alone), but none of them computes heads, trees or roles on its own:
`viewer_for(user)` answers once per request and the `Viewer` turns the answer into querysets
(`overseen_q`, `department_q`) and checks (`oversees`, `in_scope`).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from org import roles
from org.models import Department, User

# Kept on the user object, which lives as long as its request (or its test).
_CACHE_ATTRIBUTE = "_org_viewer"


@dataclass(frozen=True)
class Viewer:
    user: User
    is_admin: bool
    is_auditor: bool
    department_id: int | None
    head_paths: tuple[str, ...]  # materialised paths of the active departments this person heads

    @property
    def sees_everything(self) -> bool:
        return self.is_admin or self.is_auditor

    @property
    def is_head(self) -> bool:
        return bool(self.head_paths)

    def overseen_q(self, field: str = "department") -> Q:
        """Rows whose `field` (a department foreign key, or "" for `Department` rows themselves) lies
        in a tree this viewer heads; nothing for someone who heads no department."""
        lookup = f"{field}__path__startswith" if field else "path__startswith"
        q = Q(pk__in=[])
        for path in self.head_paths:
            q |= Q(**{lookup: path})
        return q

    def department_q(self, field: str = "department") -> Q:
        """Rows whose `field` is the viewer's own department or in a tree they head."""
        own = Q(**{f"{field}_id" if field else "pk": self.department_id}) if self.department_id else Q(pk__in=[])
        return own | self.overseen_q(field)

    def oversees(self, department: Department | None) -> bool:
        """Is this department one the viewer heads, or under one they head?"""
        return department is not None and any(department.path.startswith(p) for p in self.head_paths)

    def in_scope(self, department: Department | None) -> bool:
        """Is this department the viewer's own or under one they head?"""
        if department is None:
            return False
        return department.pk == self.department_id or self.oversees(department)


def viewer_for(user: User) -> Viewer:
    """The viewer, built once per user object (two small queries: roles, headed departments)."""
    cached = getattr(user, _CACHE_ATTRIBUTE, None)
    if cached is not None:
        return cached
    names = user.role_names()
    viewer = Viewer(
        user=user,
        is_admin=user.is_superuser or roles.INSTITUTION_ADMIN in names,
        is_auditor=roles.AUDITOR in names,
        department_id=user.department_id,
        head_paths=tuple(Department.objects.filter(head=user, is_active=True).values_list("path", flat=True)),
    )
    setattr(user, _CACHE_ATTRIBUTE, viewer)
    return viewer
