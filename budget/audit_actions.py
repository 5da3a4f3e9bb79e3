"""How the budget app's audit actions read in Korean (declared in budget.plugin)."""

from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "expense_plan.submit": _("지출 품의 상신"),
    "expense_plan.resubmit": _("지출 품의 재상신"),
}
