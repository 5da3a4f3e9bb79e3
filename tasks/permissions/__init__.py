"""Who may see and change work items. Every area's visibility is built from one `Viewer`:

- staff see what they are party to, and their own department's work;
- department heads see their department tree (every department under the ones they head);
- institution admins see everything; auditors read everything (they audit the work).

Per-object grants beyond that (a colleague added to a unit task) are django-guardian object
permissions. A person outside all of these gets 404 for the object, never its content.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from org import roles
from org.models import Department, User


@dataclass(frozen=True)
class Viewer:
    user: User
    is_admin: bool
    is_auditor: bool
    department_id: int | None
    head_paths: tuple[str, ...]  # materialised paths of the departments this person heads

    @property
    def sees_everything(self) -> bool:
        return self.is_admin or self.is_auditor

    @property
    def is_head(self) -> bool:
        return bool(self.head_paths)

    def department_q(self, field: str = "department") -> Q:
        """Rows whose `field` is the viewer's own department or in a tree they head."""
        q = Q(**{f"{field}_id": self.department_id}) if self.department_id else Q(pk__in=[])
        for path in self.head_paths:
            q |= Q(**{f"{field}__path__startswith": path})
        return q

    def heads_department(self, department: Department | None) -> bool:
        return department is not None and any(department.path.startswith(p) for p in self.head_paths)

    def in_scope(self, department: Department | None) -> bool:
        """Is this department the viewer's own or under one they head?"""
        if department is None:
            return False
        return department.pk == self.department_id or self.heads_department(department)


def viewer_for(user: User) -> Viewer:
    """Build the viewer once per request (two small queries: roles, headed departments)."""
    cached = getattr(user, "_tasks_viewer", None)
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
    user._tasks_viewer = viewer
    return viewer
