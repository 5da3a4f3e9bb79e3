"""Changes of the budget after it is confirmed, each a row decided through e-approval — never an
edit of a line: 추경 (supplementary budget, many lines at once), 전용 (transfer between lines of
one 세부사업), 이월 (carry-over from last year's closed lines, 명시 or 사고) — and quarterly
배정 (allotment) by the 예산 담당 when the institution uses it.

An amendment's status follows its approval document: the approval callbacks (budget.amendments)
post its lines to the ledger when it is approved; a rejected or withdrawn one posts nothing.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class AmendmentKind(models.TextChoices):
    SUPPLEMENTARY = "supplementary", _("추가경정예산(추경)")
    TRANSFER = "transfer", _("전용")
    CARRYOVER = "carryover", _("이월")


class CarryoverType(models.TextChoices):
    EXPLICIT = "explicit", _("명시이월")
    ACCIDENT = "accident", _("사고이월")


class AmendmentStatus(models.TextChoices):
    DRAFT = "draft", _("작성")
    IN_PROGRESS = "in_progress", _("결재 중")
    APPROVED = "approved", _("승인(반영)")
    REJECTED = "rejected", _("반려")
    WITHDRAWN = "withdrawn", _("회수")


class Amendment(models.Model):
    fiscal_year = models.ForeignKey(
        "budget.FiscalYear", verbose_name=_("회계연도"), on_delete=models.PROTECT, related_name="amendments"
    )
    kind = models.CharField(_("종류"), max_length=16, choices=AmendmentKind.choices)
    carryover_type = models.CharField(_("이월 구분"), max_length=10, choices=CarryoverType.choices, blank=True)
    title = models.CharField(_("제목"), max_length=200)
    reason = models.TextField(_("사유"))
    status = models.CharField(
        _("상태"), max_length=12, choices=AmendmentStatus.choices, default=AmendmentStatus.DRAFT, db_index=True
    )
    drafter = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("작성자"), on_delete=models.PROTECT, related_name="+"
    )
    unit_task = models.ForeignKey(
        "tasks.UnitTask",
        verbose_name=_("단위과제"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    document = models.ForeignKey(
        "approval.Document",
        verbose_name=_("결재 문서"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The approved document's 생산등록번호 as printed (총무팀-12), kept here so budget's pages never
    # read the engine's tables.
    registration = models.CharField(_("생산등록번호"), max_length=120, blank=True)
    approved_at = models.DateTimeField(_("승인일시"), null=True, blank=True)
    posted_on = models.DateField(_("반영일"), null=True, blank=True)
    created_at = models.DateTimeField(_("작성일시"), auto_now_add=True)
    updated_at = models.DateTimeField(_("수정일시"), auto_now=True)

    class Meta:
        verbose_name = _("예산 변경(추경·전용·이월)")
        verbose_name_plural = _("예산 변경(추경·전용·이월)")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind=AmendmentKind.CARRYOVER) & ~Q(carryover_type="")
                | ~Q(kind=AmendmentKind.CARRYOVER) & Q(carryover_type=""),
                name="amendment_carryover_type_iff_carryover",
                violation_error_message=_("이월이면 명시이월·사고이월을 고르고, 이월이 아니면 고르지 마세요."),
            ),
            models.CheckConstraint(
                condition=Q(status=AmendmentStatus.APPROVED, approved_at__isnull=False, posted_on__isnull=False)
                | ~Q(status=AmendmentStatus.APPROVED) & Q(approved_at__isnull=True, posted_on__isnull=True),
                name="amendment_approved_at_iff_approved",
            ),
            models.CheckConstraint(
                condition=Q(status=AmendmentStatus.DRAFT) | Q(document__isnull=False),
                name="amendment_document_once_submitted",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_editable(self) -> bool:
        return self.status == AmendmentStatus.DRAFT

    @property
    def kind_label(self) -> str:
        if self.kind == AmendmentKind.CARRYOVER and self.carryover_type:
            return str(self.get_carryover_type_display())
        return str(self.get_kind_display())


class AmendmentLine(models.Model):
    """One line's change in an amendment, signed: + 증액 / − 감액 (전용: − from, + to)."""

    amendment = models.ForeignKey(
        Amendment, verbose_name=_("예산 변경"), on_delete=models.CASCADE, related_name="lines"
    )
    line = models.ForeignKey(
        "budget.BudgetItem", verbose_name=_("예산과목"), on_delete=models.PROTECT, related_name="amendment_lines"
    )
    amount = models.BigIntegerField(_("증감액"))
    # 이월: the closed previous year's line the amount comes from.
    source_line = models.ForeignKey(
        "budget.BudgetItem",
        verbose_name=_("이월 원 과목(전년도)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="carried_over_lines",
    )
    memo = models.CharField(_("비고"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("변경 내역")
        verbose_name_plural = _("변경 내역")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["amendment", "line"],
                name="amendment_line_once_per_line",
                violation_error_message=_("같은 예산과목이 두 번 들어 있습니다: 한 줄로 합치세요."),
            ),
            models.CheckConstraint(condition=~Q(amount=0), name="amendment_line_amount_not_zero"),
        ]

    def __str__(self) -> str:
        return f"{self.line_id}: {self.amount:+,}원"


class Allotment(models.Model):
    """배정: part of a line's 예산현액 released for use in a quarter, by the 예산 담당. Cumulative:
    the line's allotted total is the sum of its allotments."""

    line = models.ForeignKey(
        "budget.BudgetItem", verbose_name=_("예산과목"), on_delete=models.PROTECT, related_name="allotments"
    )
    quarter = models.PositiveSmallIntegerField(_("분기"), choices=[(q, _("%d분기") % q) for q in (1, 2, 3, 4)])
    amount = models.BigIntegerField(_("배정액"))
    allotted_on = models.DateField(_("배정일"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("배정자"), on_delete=models.PROTECT, related_name="+"
    )
    memo = models.CharField(_("비고"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("기록일시"), auto_now_add=True)

    class Meta:
        verbose_name = _("예산 배정")
        verbose_name_plural = _("예산 배정")
        ordering = ["-allotted_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="allotment_amount_positive"),
            models.CheckConstraint(condition=Q(quarter__gte=1, quarter__lte=4), name="allotment_quarter_1_to_4"),
        ]

    def __str__(self) -> str:
        return f"{self.quarter}분기 {self.amount:,}원"
