"""The expense plan (지출 품의 / 지출계획): what is to be bought or paid, for how much, from which
budget item, approved through e-approval before the money is spent.

Money is integer won (BigIntegerField), never float. The plan's status follows its approval
document and changes only in budget.services (submit, resubmit) and the approval callbacks in
budget.kinds (approved, rejected, withdrawn); the database refuses a plan whose amount is not
positive, an approval date without approval, a plan past 작성 without its document, and a second
plan from one submitted form (the UNIQUE `submission_token`, core.once).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("작성")
    IN_PROGRESS = "in_progress", _("결재 중")
    APPROVED = "approved", _("승인")
    REJECTED = "rejected", _("반려")
    WITHDRAWN = "withdrawn", _("회수")


# A plan in these states may be corrected and submitted again (a new approval round).
RESUBMITTABLE = (PlanStatus.REJECTED, PlanStatus.WITHDRAWN)


class ExpensePlan(models.Model):
    title = models.CharField(_("건명"), max_length=200)
    purpose = models.TextField(_("목적·내용"))
    amount = models.BigIntegerField(_("금액(원)"))
    budget_item = models.CharField(
        _("예산과목"), max_length=200, help_text=_("세부사업/편성목, 예: 사무관리비/일반수용비")
    )
    # The budget line (통계목) the plan commits once approved (지출원인행위). Plans written before
    # the budget was kept here name their 예산과목 only as text (budget_item) and commit nothing.
    line = models.ForeignKey(
        "budget.BudgetItem",
        verbose_name=_("예산과목(통계목)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="expense_plans",
    )
    planned_date = models.DateField(_("집행 예정일"))
    unit_task = models.ForeignKey(
        "tasks.UnitTask", verbose_name=_("단위과제"), on_delete=models.PROTECT, related_name="expense_plans"
    )
    department = models.ForeignKey(
        "org.Department", verbose_name=_("부서"), on_delete=models.PROTECT, related_name="expense_plans"
    )
    drafter = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("기안자"), on_delete=models.PROTECT, related_name="expense_plans"
    )
    status = models.CharField(
        _("상태"), max_length=12, choices=PlanStatus.choices, default=PlanStatus.DRAFT, db_index=True
    )
    # The latest approval round; earlier rounds are reachable through Document.redraft_of.
    document = models.ForeignKey(
        "approval.Document",
        verbose_name=_("결재 문서"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("승인일시"), null=True, blank=True)
    # The approved document's 생산등록번호 as printed (총무팀-12), told by the approval callback.
    registration = models.CharField(_("생산등록번호"), max_length=120, blank=True)
    # The new-plan form's token (core.once): a double click or a resent form makes one plan.
    submission_token = models.UUIDField(_("제출 토큰"), null=True, blank=True, unique=True, editable=False)
    created_at = models.DateTimeField(_("작성일시"), auto_now_add=True)
    updated_at = models.DateTimeField(_("수정일시"), auto_now=True)

    class Meta:
        verbose_name = _("지출 품의")
        verbose_name_plural = _("지출 품의")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["department", "status"]), models.Index(fields=["drafter", "status"])]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="expense_plan_amount_positive"),
            models.CheckConstraint(
                condition=Q(status="approved", approved_at__isnull=False)
                | ~Q(status="approved") & Q(approved_at__isnull=True),
                name="expense_plan_approved_at_iff_approved",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(document__isnull=False),
                name="expense_plan_document_once_submitted",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def can_resubmit(self) -> bool:
        return self.status in RESUBMITTABLE
