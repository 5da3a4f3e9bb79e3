"""The budget's structure: fiscal years, the expenditure tree whose leaves are the budget lines,
the revenue tree, and the institution's budget settings.

A budget line is a 통계목 item (level 5). It carries the running totals every charge moves — under
its row lock and only together with a posting (budget.ledger), so `manage.py budget_reconcile`
can recompute each from the postings. The database refuses what no code path may produce: money
on a non-leaf row, a negative commitment or execution, and above all commitments plus execution
beyond the line's 예산현액 (the backstop against overspend). Money is integer won.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

# The materialised path is the pks from the root, each zero-padded to this width and ended by a
# dot ("0000000012.0000000045."), so a subtree is one indexed prefix query. Items never move to
# another parent, so a path never changes once written.
PATH_STEP = 10
TREE_DEPTH = 5


class YearStatus(models.TextChoices):
    DRAFTING = "drafting", _("편성")
    CONFIRMED = "confirmed", _("확정(집행)")
    CLOSED = "closed", _("마감")


class FiscalYear(models.Model):
    """회계연도, 1 January to 31 December. 편성 (the structure and 본예산 are drafted) → 확정 (본예산
    posted; lines may be charged) → 마감 (closed: nothing moves). At most one year is confirmed at
    a time; the next one may be drafted meanwhile."""

    year = models.PositiveSmallIntegerField(
        _("연도"), unique=True, validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    status = models.CharField(
        _("상태"), max_length=10, choices=YearStatus.choices, default=YearStatus.DRAFTING, db_index=True
    )
    confirmed_at = models.DateTimeField(_("확정일시"), null=True, blank=True)
    closed_at = models.DateTimeField(_("마감일시"), null=True, blank=True)
    created_at = models.DateTimeField(_("등록일시"), auto_now_add=True)

    class Meta:
        verbose_name = _("회계연도")
        verbose_name_plural = _("회계연도")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["status"], condition=Q(status=YearStatus.CONFIRMED), name="fiscal_year_one_confirmed"
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100),
                name="fiscal_year_plausible",
                violation_error_message=_("연도를 2000에서 2100 사이로 입력하세요."),
            ),
            models.CheckConstraint(
                condition=Q(status=YearStatus.DRAFTING) | Q(confirmed_at__isnull=False),
                name="fiscal_year_confirmed_at_once_confirmed",
            ),
            models.CheckConstraint(
                condition=~Q(status=YearStatus.CLOSED) | Q(closed_at__isnull=False),
                name="fiscal_year_closed_at_once_closed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} 회계연도"

    @property
    def starts_on(self) -> date:
        return date(self.year, 1, 1)

    @property
    def ends_on(self) -> date:
        return date(self.year, 12, 31)

    def contains(self, day: date) -> bool:
        return self.starts_on <= day <= self.ends_on

    @property
    def is_open(self) -> bool:
        """Open for execution: lines may be charged and amended."""
        return self.status == YearStatus.CONFIRMED


class Level(models.IntegerChoices):
    PROGRAM = 1, _("정책사업")
    UNIT = 2, _("단위사업")
    PROJECT = 3, _("세부사업")
    OBJECT = 4, _("편성목")
    ITEM = 5, _("통계목")


# Levels that carry a province standard code (standards.StandardBudgetCode of the same level).
CODED_LEVELS = (Level.OBJECT, Level.ITEM)

# The running totals of a line, each moved only by the posting kinds budget.ledger maps to it.
TOTAL_FIELDS = ("original_amount", "amended_amount", "allotted_amount", "committed_amount", "executed_amount")


class BudgetItem(models.Model):
    """One node of a year's expenditure tree: 정책사업 > 단위사업 > 세부사업 > 편성목 > 통계목.

    Only 통계목 items (the budget lines) carry amounts. `planned_amount` is the 본예산 drafted while
    the year is in 편성; confirming the year posts it (`original_amount`). After that a line's
    예산현액 changes only through approved amendments (`amended_amount`, signed: 추경, 전용, 이월).
    `standard_code` is the code of the province's list (standards.StandardBudgetCode) by its
    string — the institution's schema keeps no foreign key into the public schema.
    """

    fiscal_year = models.ForeignKey(
        FiscalYear, verbose_name=_("회계연도"), on_delete=models.PROTECT, related_name="items"
    )
    parent = models.ForeignKey(
        "self", verbose_name=_("상위 과목"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    level = models.PositiveSmallIntegerField(_("구분"), choices=Level.choices)
    code = models.CharField(_("코드"), max_length=20)
    name = models.CharField(_("과목명"), max_length=200)
    department = models.ForeignKey(
        "org.Department", verbose_name=_("소관 부서"), on_delete=models.PROTECT, related_name="budget_items"
    )
    standard_code = models.CharField(_("표준 예산과목"), max_length=6, blank=True, db_index=True)
    order = models.PositiveIntegerField(_("순서"), default=0)
    path = models.CharField(_("트리 경로"), max_length=(PATH_STEP + 1) * TREE_DEPTH, editable=False, db_index=True)

    planned_amount = models.BigIntegerField(_("본예산(편성액)"), null=True, blank=True)
    original_amount = models.BigIntegerField(_("본예산"), default=0, editable=False)
    amended_amount = models.BigIntegerField(_("증감액(추경·전용·이월)"), default=0, editable=False)
    allotted_amount = models.BigIntegerField(_("배정액"), default=0, editable=False)
    committed_amount = models.BigIntegerField(_("원인행위 잔액"), default=0, editable=False)
    executed_amount = models.BigIntegerField(_("집행액"), default=0, editable=False)

    created_at = models.DateTimeField(_("등록일시"), auto_now_add=True)
    updated_at = models.DateTimeField(_("수정일시"), auto_now=True)

    class Meta:
        verbose_name = _("세출 예산과목")
        verbose_name_plural = _("세출 예산과목")
        ordering = ["fiscal_year", "path"]
        indexes = [
            models.Index(fields=["fiscal_year", "level"]),
            models.Index(fields=["fiscal_year", "department"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["fiscal_year", "parent", "code"],
                nulls_distinct=False,
                name="budget_item_code_among_siblings",
                violation_error_message=_("같은 상위 과목 아래에 같은 코드가 이미 있습니다."),
            ),
            models.CheckConstraint(
                condition=Q(parent__isnull=True, level=Level.PROGRAM)
                | Q(parent__isnull=False, level__gt=Level.PROGRAM),
                name="budget_item_root_is_program",
            ),
            models.CheckConstraint(
                condition=Q(level__lt=Level.OBJECT, standard_code="")
                | Q(level__gte=Level.OBJECT) & ~Q(standard_code=""),
                name="budget_item_standard_code_on_objects_and_items",
            ),
            models.CheckConstraint(
                condition=Q(level=Level.ITEM)
                | Q(
                    planned_amount__isnull=True,
                    original_amount=0,
                    amended_amount=0,
                    allotted_amount=0,
                    committed_amount=0,
                    executed_amount=0,
                ),
                name="budget_item_amounts_on_lines_only",
            ),
            models.CheckConstraint(
                condition=(Q(planned_amount__isnull=True) | Q(planned_amount__gte=0))
                & Q(original_amount__gte=0, allotted_amount__gte=0, committed_amount__gte=0, executed_amount__gte=0),
                name="budget_item_amounts_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(original_amount__gte=-F("amended_amount")), name="budget_item_current_not_negative"
            ),
            # The backstop against overspend: whatever the code does, the database refuses to
            # commit or execute more than the line's 예산현액.
            models.CheckConstraint(
                condition=Q(committed_amount__lte=F("original_amount") + F("amended_amount") - F("executed_amount")),
                name="budget_item_no_overspend",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def is_line(self) -> bool:
        return self.level == Level.ITEM

    @property
    def current_amount(self) -> int:
        """예산현액: 본예산 ± amendments."""
        return self.original_amount + self.amended_amount

    @property
    def label(self) -> str:
        """How messages name a line: its code and name."""
        return f"{self.code} {self.name}"


class RevenueLevel(models.IntegerChoices):
    SECTION = 1, _("관")
    CHAPTER = 2, _("항")
    ITEM = 3, _("목")


class RevenueItem(models.Model):
    """One node of a year's revenue tree (세입: 관 > 항 > 목); amounts on 목 only: the budgeted
    amount (drafted with the year) and what has been collected (수납)."""

    fiscal_year = models.ForeignKey(
        FiscalYear, verbose_name=_("회계연도"), on_delete=models.PROTECT, related_name="revenue_items"
    )
    parent = models.ForeignKey(
        "self", verbose_name=_("상위 과목"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    level = models.PositiveSmallIntegerField(_("구분"), choices=RevenueLevel.choices)
    code = models.CharField(_("코드"), max_length=20)
    name = models.CharField(_("과목명"), max_length=200)
    department = models.ForeignKey(
        "org.Department",
        verbose_name=_("소관 부서"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="revenue_items",
    )
    order = models.PositiveIntegerField(_("순서"), default=0)
    path = models.CharField(_("트리 경로"), max_length=(PATH_STEP + 1) * 3, editable=False, db_index=True)
    budgeted_amount = models.BigIntegerField(_("세입예산액"), default=0)
    collected_amount = models.BigIntegerField(_("수납액"), default=0, editable=False)
    created_at = models.DateTimeField(_("등록일시"), auto_now_add=True)
    updated_at = models.DateTimeField(_("수정일시"), auto_now=True)

    class Meta:
        verbose_name = _("세입 예산과목")
        verbose_name_plural = _("세입 예산과목")
        ordering = ["fiscal_year", "path"]
        constraints = [
            models.UniqueConstraint(
                fields=["fiscal_year", "parent", "code"],
                nulls_distinct=False,
                name="revenue_item_code_among_siblings",
                violation_error_message=_("같은 상위 과목 아래에 같은 코드가 이미 있습니다."),
            ),
            models.CheckConstraint(
                condition=Q(parent__isnull=True, level=RevenueLevel.SECTION)
                | Q(parent__isnull=False, level__gt=RevenueLevel.SECTION),
                name="revenue_item_root_is_section",
            ),
            models.CheckConstraint(
                condition=Q(level=RevenueLevel.ITEM) | Q(budgeted_amount=0, collected_amount=0),
                name="revenue_item_amounts_on_items_only",
            ),
            models.CheckConstraint(
                condition=Q(budgeted_amount__gte=0, collected_amount__gte=0), name="revenue_item_amounts_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class BudgetSettings(models.Model):
    """How this institution controls its budget: one row per schema (`load()` reads it, or the
    defaults while none is saved)."""

    singleton = models.BooleanField(_("기관당 하나"), default=True, unique=True, editable=False)
    allotment_enabled = models.BooleanField(
        _("분기별 배정 사용"),
        default=False,
        help_text=_("켜면 지출원인행위와 집행은 예산현액이 아니라 배정액 안에서만 할 수 있습니다."),
    )
    transfer_limit_percent = models.DecimalField(
        _("전용 한도(%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(20),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
        help_text=_("한 예산과목에서 한 해 동안 전용해 나갈 수 있는 금액의 한도: 그 과목 예산현액(전용 제외)의 비율"),
    )
    updated_at = models.DateTimeField(_("수정일시"), auto_now=True)

    class Meta:
        verbose_name = _("예산 운용 설정")
        verbose_name_plural = _("예산 운용 설정")
        constraints = [
            models.CheckConstraint(condition=Q(singleton=True), name="budget_settings_single_row"),
            models.CheckConstraint(
                condition=Q(transfer_limit_percent__gte=0, transfer_limit_percent__lte=100),
                name="budget_settings_transfer_limit_percent",
                violation_error_message=_("전용 한도는 0에서 100 사이의 비율입니다."),
            ),
        ]

    def __str__(self) -> str:
        return str(_("예산 운용 설정"))

    @classmethod
    def load(cls) -> BudgetSettings:
        return cls.objects.first() or cls()
