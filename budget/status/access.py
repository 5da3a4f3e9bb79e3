"""Whose budget lines a person sees, on the budget home, a line's page and 예산집행현황.

- Everyone sees the lines of their own department, and a department head the lines of every
  department in the tree they head (org's one rule, org.visibility: a 본부장 oversees the teams
  under them; the institution's head heads the root, so sees every line).
- Everyone also sees the lines of the departments above their own: those are the lines they may
  draft 품의·지출결의 against (budget.drafting), so their balance is theirs to read — a team's
  member charging the lines their 부서 or 본부 owns sees them on the budget home.
- The budget and accounting officers (예산·회계 담당), auditors and the institution's admins read
  the whole institution's figures in 예산집행현황 and open any line (they read the same figures in
  the console already). The budget home stays personal for everyone: it shows the lines of one's
  own department and headed tree.

Anyone else gets a 404 for a line, and figures only of what they may see.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _

from budget.drafting import drafting_department_ids
from budget.models import BudgetItem, Level
from budget.plugin import ACCOUNTING_OFFICER, BUDGET_OFFICER
from org.models import Department, User
from org.visibility import viewer_for

# Besides those who see everything of the institution anyway (org.visibility: admins, auditors).
BUDGET_ROLES = frozenset({BUDGET_OFFICER, ACCOUNTING_OFFICER})


@dataclass(frozen=True)
class LineScope:
    """The departments whose lines a person sees. `everything` means every department, including
    one made after this was read; `departments` are those they may pick in a filter, in the
    organisation's order."""

    everything: bool
    departments: tuple[Department, ...]

    @property
    def department_ids(self) -> frozenset[int] | None:
        """The departments to report on: None for every department."""
        return None if self.everything else frozenset(d.pk for d in self.departments)

    def within(self, department: Department) -> frozenset[int]:
        """The departments of `department`'s tree that this scope reaches (a filter's choice)."""
        return frozenset(d.pk for d in self.departments if d.path.startswith(department.path))

    def allows(self, department_id: int) -> bool:
        return self.everything or any(d.pk == department_id for d in self.departments)

    @property
    def is_empty(self) -> bool:
        return not self.everything and not self.departments


def sees_whole_institution(user: User) -> bool:
    return viewer_for(user).sees_everything or not BUDGET_ROLES.isdisjoint(user.role_names())


def line_scope(user: User, *, personal: bool = False) -> LineScope:
    """The person's scope for 예산집행현황 and a line's page; with `personal`, for the budget home
    (their own department, the departments above it and the tree they head, whatever their role).
    Three or four queries: roles, the departments they head, their department's path, the
    departments in scope."""
    if not user.is_authenticated:
        return LineScope(everything=False, departments=())
    if not personal and sees_whole_institution(user):
        return LineScope(everything=True, departments=tuple(Department.objects.order_by("path", "pk")))
    reach = viewer_for(user).department_q("") | Q(pk__in=drafting_department_ids(user))
    return LineScope(everything=False, departments=tuple(Department.objects.filter(reach).order_by("path", "pk")))


def access_budget_line(user: User, pk: int) -> BudgetItem:
    """The budget line (통계목) `pk` if `user` may see it; 404 otherwise (a line of another
    department is not acknowledged to exist)."""
    line = (
        BudgetItem.objects.filter(pk=pk, level=Level.ITEM).select_related("fiscal_year", "department", "parent").first()
    )
    if line is None or not (sees_whole_institution(user) or line_scope(user).allows(line.department_id)):
        raise Http404(_("예산과목을 찾을 수 없습니다."))
    return line
