"""The province's standard lists, in the public schema.

`StandardBudgetCode` is the 세출 classification every institution's budget lines map to, so the
province can compare institutions: 편성목 ("201 일반운영비") and under each its 통계목 ("201-01
사무관리비"). Institutions refer to a code by its string, never by a foreign key into this schema
(a provisioned schema is a clone of the template and stays self-contained), so a code is never
renamed to mean something else nor deleted: it is deactivated.

`ExecutionTarget` is the 신속집행 (early execution) target the province sets per year and half:
the share of the year's budget (percent) institutions are expected to have executed by the end of
that half.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

OBJECT_CODE = r"^[0-9]{3}$"  # 편성목: "201"
ITEM_CODE = r"^[0-9]{3}-[0-9]{2}$"  # 통계목: "201-01", under the 편성목 of its first three digits


class CodeLevel(models.IntegerChoices):
    """The two levels of the standard list; the values are the budget tree's own level numbers
    (정책사업 1 … 편성목 4, 통계목 5) so a line and its code compare directly."""

    OBJECT = 4, _("편성목")
    ITEM = 5, _("통계목")


class StandardBudgetCode(models.Model):
    code = models.CharField(_("코드"), max_length=6, unique=True)
    name = models.CharField(_("과목명"), max_length=100)
    level = models.PositiveSmallIntegerField(_("구분"), choices=CodeLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("편성목"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        limit_choices_to={"level": CodeLevel.OBJECT},
    )
    is_active = models.BooleanField(_("사용"), default=True)
    order = models.PositiveIntegerField(_("순서"), default=0)
    description = models.TextField(_("설명"), blank=True)
    updated_at = models.DateTimeField(_("수정일시"), auto_now=True)

    class Meta:
        verbose_name = _("표준 예산과목")
        verbose_name_plural = _("표준 예산과목")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(level=CodeLevel.OBJECT, parent__isnull=True, code__regex=OBJECT_CODE)
                | Q(level=CodeLevel.ITEM, parent__isnull=False, code__regex=ITEM_CODE),
                name="standard_code_shape_by_level",
                violation_error_message=_(
                    "편성목은 세 자리 코드(예: 201)로 상위 과목 없이, 통계목은 '세 자리-두 자리' 코드(예: 201-01)로 "
                    "편성목 아래에 둡니다."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def object_code(self) -> str:
        """The 편성목 this code belongs to ("201" for "201-01" and for "201")."""
        return self.code[:3]


class ExecutionTarget(models.Model):
    year = models.PositiveSmallIntegerField(_("연도"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    half = models.PositiveSmallIntegerField(_("반기"), choices=[(1, _("상반기")), (2, _("하반기"))])
    target_rate = models.DecimalField(
        _("목표 집행률(%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
        help_text=_("그 반기 말까지 집행해야 할 예산현액 대비 비율, 예: 55.50"),
    )
    note = models.CharField(_("비고"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("수정일시"), auto_now=True)

    class Meta:
        verbose_name = _("신속집행 목표")
        verbose_name_plural = _("신속집행 목표")
        ordering = ["-year", "half"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "half"],
                name="execution_target_once_per_half",
                violation_error_message=_("그 연도·반기의 목표가 이미 있습니다. 있는 목표를 고치세요."),
            ),
            models.CheckConstraint(
                condition=Q(half__in=(1, 2)),
                name="execution_target_half_1_or_2",
                violation_error_message=_("반기는 상반기나 하반기입니다."),
            ),
            models.CheckConstraint(
                condition=Q(target_rate__gte=0, target_rate__lte=100),
                name="execution_target_rate_percent",
                violation_error_message=_("목표 집행률은 0에서 100 사이입니다."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}년 {self.get_half_display()} {self.target_rate}%"


class HolidayOverride(models.Model):
    """A province-wide change to the public-holiday calendar the `holidays` package gives: a
    임시공휴일 (temporary holiday) declared at short notice, or, rarely, a listed holiday that is
    not kept. Every institution's calendar (attendance.calendar) reads this list."""

    date = models.DateField(_("날짜"), unique=True, error_messages={"unique": _("그 날짜의 지정이 이미 있습니다.")})
    name = models.CharField(_("명칭"), max_length=50, help_text=_("예: 임시공휴일"))
    is_holiday = models.BooleanField(
        _("휴일로 지정"), default=True, help_text=_("끄면 그 날을 공휴일에서 빼고 근무일로 봅니다.")
    )
    note = models.CharField(_("근거"), max_length=200, blank=True, help_text=_("예: 관보 공고 번호"))
    updated_at = models.DateTimeField(_("수정일시"), auto_now=True)

    class Meta:
        verbose_name = _("공휴일 지정(임시공휴일)")
        verbose_name_plural = _("공휴일 지정(임시공휴일)")
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.name}"
