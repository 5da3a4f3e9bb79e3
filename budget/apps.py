from django.apps import AppConfig


class BudgetConfig(AppConfig):
    """예산·회계 (budget and accounting). Its first piece: the expense plan (지출 품의), which must be
    approved through e-approval before money is spent; it registers the approval kind
    `budget.expense_plan` so the engine calls back when the plan is decided."""

    name = "budget"
    verbose_name = "예산·회계"
    default_auto_field = "django.db.models.BigAutoField"
    plugin = "budget.plugin.PLUGIN"
