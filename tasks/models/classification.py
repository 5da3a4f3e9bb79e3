"""The function classification (정부기능분류체계, BRM) of one institution and its unit tasks.

대기능 > 중기능 > 소기능 are `FunctionClass` rows (levels 1-3); a 단위과제 is a `UnitTask` under a
소기능. The unit task is what e-approval and records file every document under, and its retention
period is the 기록관리기준표 entry for those documents. Nothing that may be referenced is deleted: a
reorganisation retires and moves nodes, and `ClassificationChange` keeps what each node was.
"""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

code_validator = RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9_-]{0,29}$",
    _("코드는 영문·숫자·하이픈·밑줄 30자 이내여야 합니다."),
)
# 「공공기관의 정보공개에 관한 법률」 제9조① 비공개 대상 1~8호, one or several: "5" or "5,6".
disclosure_ground_validator = RegexValidator(
    r"^[1-8](,[1-8])*$",
    _("비공개 근거는 정보공개법 제9조제1항의 호수(1~8)를 쉼표로 구분해 적으세요. 예: 5 또는 5,6"),
)


class FunctionLevel(models.IntegerChoices):
    FUNCTION = 1, _("대기능")
    SUB_FUNCTION = 2, _("중기능")
    ACTIVITY = 3, _("소기능")


class RetentionPeriod(models.TextChoices):
    """보존기간 (공공기록물법 시행령 제26조): seven periods, no 20년. Counted from 1 January of the
    year after the record was produced."""

    PERMANENT = "permanent", _("영구")
    SEMI_PERMANENT = "semi_permanent", _("준영구")
    YEARS_30 = "30", _("30년")
    YEARS_10 = "10", _("10년")
    YEARS_5 = "5", _("5년")
    YEARS_3 = "3", _("3년")
    YEARS_1 = "1", _("1년")

    @classmethod
    def years(cls, value: str) -> int | None:
        """Years of a finite period; None for 영구/준영구."""
        return int(value) if value.isdigit() else None


class Disclosure(models.TextChoices):
    """공개구분. 부분공개 and 비공개 carry the legal ground (정보공개법 제9조① 호수)."""

    PUBLIC = "public", _("공개")
    PARTIAL = "partial", _("부분공개")
    PRIVATE = "private", _("비공개")


def disclosure_label(disclosure: str, ground: str) -> str:
    """How the 공개구분 is printed: 공개 / 부분공개(5) / 비공개(5,6)."""
    label = str(Disclosure(disclosure).label)
    return f"{label}({ground})" if ground and disclosure != Disclosure.PUBLIC else label


class FunctionClass(models.Model):
    """One node of 대기능 > 중기능 > 소기능. Retired nodes stay (is_active=False)."""

    code = models.CharField(_("기능코드"), max_length=30, unique=True, validators=[code_validator])
    name = models.CharField(_("기능명"), max_length=100)
    level = models.PositiveSmallIntegerField(_("단계"), choices=FunctionLevel.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("상위 기능"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    department = models.ForeignKey(
        "org.Department",
        verbose_name=_("주관 부서"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="functions",
    )
    order = models.PositiveSmallIntegerField(_("정렬 순서"), default=0)
    is_active = models.BooleanField(_("사용"), default=True)
    retired_on = models.DateField(_("폐지일"), null=True, blank=True)

    class Meta:
        verbose_name = _("기능분류")
        verbose_name_plural = _("기능분류")
        ordering = ["level", "order", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(level=1, parent__isnull=True) | Q(level__in=[2, 3], parent__isnull=False),
                name="function_class_parent_by_level",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}({self.code})"


class UnitTask(models.Model):
    """단위과제: the smallest function, owned by one handling department (처리과), with its
    retention schedule entry (보존기간 and its reason) and disclosure default.

    `is_common` marks the 처리과공통 tasks every department has (서무, 복무관리, 예산·회계 …).
    """

    code = models.CharField(_("단위과제 코드"), max_length=30, unique=True, validators=[code_validator])
    name = models.CharField(_("단위과제명"), max_length=100)
    function = models.ForeignKey(
        FunctionClass,
        verbose_name=_("소기능"),
        on_delete=models.PROTECT,
        related_name="unit_tasks",
        limit_choices_to={"level": FunctionLevel.ACTIVITY},
    )
    department = models.ForeignKey(
        "org.Department", verbose_name=_("처리과"), on_delete=models.PROTECT, related_name="unit_tasks"
    )
    description = models.TextField(_("설명"), blank=True)
    retention_period = models.CharField(_("보존기간"), max_length=20, choices=RetentionPeriod.choices)
    retention_reason = models.CharField(_("보존기간 책정 사유"), max_length=300)
    disclosure = models.CharField(
        _("공개구분 기본값"), max_length=10, choices=Disclosure.choices, default=Disclosure.PUBLIC
    )
    disclosure_ground = models.CharField(
        _("비공개 근거(호)"), max_length=20, blank=True, validators=[disclosure_ground_validator]
    )
    owner = models.ForeignKey(
        "org.User", verbose_name=_("담당자"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    deputy = models.ForeignKey(
        "org.User", verbose_name=_("부담당자"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    is_common = models.BooleanField(_("처리과공통"), default=False)
    is_active = models.BooleanField(_("사용"), default=True)
    retired_on = models.DateField(_("폐지일"), null=True, blank=True)
    created_at = models.DateTimeField(_("등록일시"), auto_now_add=True)

    class Meta:
        verbose_name = _("단위과제")
        verbose_name_plural = _("단위과제")
        ordering = ["department__path", "code"]
        indexes = [
            models.Index(fields=["department", "is_active"]),
            models.Index(fields=["owner"]),
            models.Index(fields=["deputy"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(disclosure="public", disclosure_ground="")
                | ~Q(disclosure="public") & ~Q(disclosure_ground=""),
                name="unit_task_disclosure_ground",
            ),
            models.CheckConstraint(
                condition=Q(deputy__isnull=True) | Q(owner__isnull=True) | ~Q(deputy=models.F("owner")),
                name="unit_task_deputy_not_owner",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}({self.code})"

    @property
    def disclosure_label(self) -> str:
        return disclosure_label(self.disclosure, self.disclosure_ground)


class UnitTaskHandover(models.Model):
    """인수인계: who handed the owner or deputy role of a unit task to whom, when, and what was
    handed over."""

    class Role(models.TextChoices):
        OWNER = "owner", _("담당자")
        DEPUTY = "deputy", _("부담당자")

    unit_task = models.ForeignKey(
        UnitTask, verbose_name=_("단위과제"), on_delete=models.PROTECT, related_name="handovers"
    )
    role = models.CharField(_("구분"), max_length=10, choices=Role.choices)
    from_user = models.ForeignKey(
        "org.User", verbose_name=_("전임자"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    to_user = models.ForeignKey(
        "org.User", verbose_name=_("후임자"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    handed_over_on = models.DateField(_("인계일"))
    note = models.TextField(_("인수인계 사항"), blank=True)
    recorded_by = models.ForeignKey(
        "org.User", verbose_name=_("기록한 사람"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(_("기록일시"), auto_now_add=True)

    class Meta:
        verbose_name = _("인수인계 이력")
        verbose_name_plural = _("인수인계 이력")
        ordering = ["-handed_over_on", "-id"]

    def __str__(self) -> str:
        return f"{self.unit_task} {self.get_role_display()} {self.handed_over_on}"


class ClassificationChange(models.Model):
    """What a classification node was before a change (rename, move, retire, reactivate), so a
    reorganisation never loses where a document was filed."""

    class Kind(models.TextChoices):
        CREATE = "create", _("신설")
        UPDATE = "update", _("변경")
        MOVE = "move", _("이관(이동)")
        RETIRE = "retire", _("폐지")
        REACTIVATE = "reactivate", _("재사용")

    function = models.ForeignKey(
        FunctionClass, verbose_name=_("기능"), null=True, blank=True, on_delete=models.PROTECT, related_name="changes"
    )
    unit_task = models.ForeignKey(
        UnitTask, verbose_name=_("단위과제"), null=True, blank=True, on_delete=models.PROTECT, related_name="changes"
    )
    kind = models.CharField(_("구분"), max_length=12, choices=Kind.choices)
    before = models.JSONField(_("변경 전"), default=dict, blank=True)
    after = models.JSONField(_("변경 후"), default=dict, blank=True)
    changed_by = models.ForeignKey(
        "org.User", verbose_name=_("변경한 사람"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(_("변경일시"), auto_now_add=True)

    class Meta:
        verbose_name = _("기능분류 변경 이력")
        verbose_name_plural = _("기능분류 변경 이력")
        ordering = ["-changed_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(function__isnull=False, unit_task__isnull=True)
                | Q(function__isnull=True, unit_task__isnull=False),
                name="classification_change_one_target",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.function or self.unit_task}"
