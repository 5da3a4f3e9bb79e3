"""결산 (year-end close) of a fiscal year, kept as its own record: what the 회계 담당 decided for
each line — how much was carried into next year (명시이월/사고이월, into which line) and how much
lapsed (불용액 = 예산현액 − 집행액 − 이월액) — and the two entries the close posted to the books:
the closing entry (수익·비용 to 순자산) and next year's opening entry (기초 잔액). Written once by
budget.year_end.year_end_close, never edited."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from budget.models.amendments import CarryoverType


class YearEnd(models.Model):
    fiscal_year = models.OneToOneField(
        "budget.FiscalYear", verbose_name=_("회계연도"), on_delete=models.PROTECT, related_name="year_end"
    )
    closed_on = models.DateField(_("결산일"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("결산 처리자"), on_delete=models.PROTECT, related_name="+"
    )
    closing_entry = models.OneToOneField(
        "budget.JournalEntry",
        verbose_name=_("마감 분개"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    opening_entry = models.OneToOneField(
        "budget.JournalEntry",
        verbose_name=_("다음 연도 개시 분개"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    current_total = models.BigIntegerField(_("예산현액 합계"))
    executed_total = models.BigIntegerField(_("집행액 합계"))
    released_total = models.BigIntegerField(_("해제한 원인행위 합계"))
    carried_total = models.BigIntegerField(_("이월액 합계"))
    lapsed_total = models.BigIntegerField(_("불용액 합계"))
    created_at = models.DateTimeField(_("기록일시"), auto_now_add=True)

    class Meta:
        verbose_name = _("결산(회계연도 마감)")
        verbose_name_plural = _("결산(회계연도 마감)")
        ordering = ["-closed_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(lapsed_total=F("current_total") - F("executed_total") - F("carried_total")),
                name="year_end_lapsed_is_what_is_left",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.fiscal_year} 결산"


class YearEndLine(models.Model):
    """One 통계목 at the close: its 예산현액 and 집행액, the commitment still open (released at the
    close), what was carried into next year's `target_line`, and what lapsed."""

    year_end = models.ForeignKey(YearEnd, verbose_name=_("결산"), on_delete=models.PROTECT, related_name="lines")
    line = models.ForeignKey(
        "budget.BudgetItem", verbose_name=_("예산과목"), on_delete=models.PROTECT, related_name="year_end_rows"
    )
    current_amount = models.BigIntegerField(_("예산현액"))
    executed_amount = models.BigIntegerField(_("집행액"))
    released_amount = models.BigIntegerField(_("해제한 원인행위"), default=0)
    carryover_type = models.CharField(_("이월 구분"), max_length=10, choices=CarryoverType.choices, blank=True)
    carried_amount = models.BigIntegerField(_("이월액"), default=0)
    target_line = models.ForeignKey(
        "budget.BudgetItem",
        verbose_name=_("이월 받는 과목(다음 연도)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="carried_in_rows",
    )
    lapsed_amount = models.BigIntegerField(_("불용액"))

    class Meta:
        verbose_name = _("결산 내역")
        verbose_name_plural = _("결산 내역")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["year_end", "line"], name="year_end_line_once"),
            models.CheckConstraint(
                condition=Q(lapsed_amount=F("current_amount") - F("executed_amount") - F("carried_amount")),
                name="year_end_line_lapsed_is_what_is_left",
            ),
            models.CheckConstraint(
                condition=Q(carried_amount__gte=0, lapsed_amount__gte=0, released_amount__gte=0),
                name="year_end_line_amounts_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(carried_amount=0, carryover_type="", target_line__isnull=True)
                | Q(carried_amount__gt=0, target_line__isnull=False) & ~Q(carryover_type=""),
                name="year_end_line_carry_names_type_and_target",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.line_id}: 이월 {self.carried_amount:,} / 불용 {self.lapsed_amount:,}"
