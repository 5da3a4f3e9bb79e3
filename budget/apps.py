from django.apps import AppConfig


class BudgetConfig(AppConfig):
    """예산·회계 (budget and accounting). Its first piece: the expense plan (지출 품의), which must be
    approved through e-approval before money is spent; it registers the approval kind
    `budget.expense_plan` so the engine calls back when the plan is decided."""

    name = "budget"
    verbose_name = "예산·회계"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from audit.models import ACTION_LABELS
        from budget.audit_actions import ACTION_LABELS as BUDGET_LABELS
        from budget.kinds import register

        ACTION_LABELS.update(BUDGET_LABELS)
        register()
