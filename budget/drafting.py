"""Which budget lines a person may draft against (지출 품의, 지출결의), and the checks every draft
against a line makes at 상신.

Department staff draft against the lines of their own department and of the departments above
it (a team's member charges the lines their 부서 or 본부 owns); never another department's. The
line must be a 통계목 of the year open for execution, the date inside that year, and the amount
within the line's balance now (it is checked again under the line's row lock when the money is
committed or executed).
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from budget.charges import balance
from budget.models import BudgetItem, Level, YearStatus
from core.templatetags.korean import kdate, won
from org.models import Department, User


def drafting_department_ids(user: User) -> list[int]:
    """The user's department and its ancestors (by the materialised path), nearest last."""
    if user is None or not user.is_authenticated or user.department_id is None:
        return []
    department = Department.objects.only("path").filter(pk=user.department_id).first()
    if department is None:
        return []
    return [int(step) for step in department.path.split(".") if step]


def lines_for_drafting(user: User) -> QuerySet[BudgetItem]:
    """The 통계목 lines of the open year `user` may draft against, in the tree's order."""
    return (
        BudgetItem.objects.filter(
            level=Level.ITEM,
            fiscal_year__status=YearStatus.CONFIRMED,
            department_id__in=drafting_department_ids(user),
        )
        .select_related("fiscal_year", "department", "parent")
        .order_by("path")
    )


def line_path_label(line: BudgetItem) -> str:
    """세부사업/편성목/통계목 as the plan's 예산과목 text (the parent is the 편성목)."""
    parent = line.parent
    return f"{parent.name}/{line.label}" if parent is not None else line.label


def check_draft_line(
    *,
    user: User,
    line: BudgetItem,
    amount: int | None,
    day: date | None,
    field: str = "line",
    date_field: str = "planned_date",
) -> None:
    """Refuse (Korean, keyed by field) a draft against `line` that cannot be made now (the line
    and its year are read fresh)."""
    errors: dict[str, str] = {}
    line = BudgetItem.objects.select_related("fiscal_year").get(pk=line.pk)
    if line.level != Level.ITEM:
        errors[field] = _("통계목을 고르세요.")
    elif line.fiscal_year.status != YearStatus.CONFIRMED:
        errors[field] = _("%(year)d 회계연도는 집행할 수 있는 상태가 아닙니다.") % {"year": line.fiscal_year.year}
    elif line.department_id not in drafting_department_ids(user):
        errors[field] = _("우리 부서 소관이 아닌 예산과목입니다: %(line)s") % {"line": line.label}
    if errors:
        raise ValidationError(errors)
    if day is not None and not line.fiscal_year.contains(day):
        errors[date_field] = _("%(day)s은(는) %(year)d 회계연도(1. 1.~12. 31.) 밖의 날짜입니다.") % {
            "day": kdate(day),
            "year": line.fiscal_year.year,
        }
    if amount is not None and amount > 0:
        figures = balance(line)
        if amount > figures.available_amount:
            errors["amount"] = _(
                "예산 잔액이 부족합니다: %(line)s — 잔액 %(available)s, 요청 %(requested)s, 부족 %(short)s"
            ) % {
                "line": line.label,
                "available": won(figures.available_amount),
                "requested": won(amount),
                "short": won(amount - figures.available_amount),
            }
    if errors:
        raise ValidationError(errors)
