"""급여: the institution's pay structure (pay tables, pay items, settings), each staff member's pay
profile (grade and 호봉 by date, dependants, withholding ratio, insurance bases by year, bank
account and 주민등록번호 encrypted at rest), and the slips the calculator writes.

Money is integer won in BigIntegerFields whose names end in `_amount` (STYLE); every invariant a
slip's money depends on is also a CHECK or UNIQUE constraint."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.encryption import EncryptedCharField, mask_account, mask_rrn
from payroll.engine.parameters import SIZE_BAND_LABELS


class PayrollError(Exception):
    """A payroll action refused, with its Korean message."""


FINAL_STATUSES = ("finalised", "paid")
FINALISED_MESSAGE = "확정된 급여의 명세서는 고칠 수 없습니다. 차액은 정정 급여(소급·정정)로 지급하세요."


class NonTaxable(models.TextChoices):
    TAXABLE = "", _("과세")
    MEAL = "meal", _("비과세: 식대 (월 20만원 한도)")
    CAR = "car", _("비과세: 자가운전보조금 (월 20만원 한도)")
    CHILDCARE = "childcare", _("비과세: 출산·보육수당 (월 20만원 한도)")
    OTHER = "other", _("비과세: 실비변상 등 (한도 없음)")


class ItemKind(models.TextChoices):
    EARNING = "earning", _("지급 (수당)")
    DEDUCTION = "deduction", _("공제 (임의)")


class Computation(models.TextChoices):
    BASE_PAY = "base_pay", _("보수표 (기본급)")
    FIXED = "fixed", _("정액")
    PERCENT_OF_BASE = "percent_of_base", _("봉급월액의 %")
    FAMILY = "family", _("가족 수 (가족수당)")
    OVERTIME = "overtime", _("시간외 (근태 마감 시간 × 시급)")
    LONG_SERVICE = "long_service", _("근무연수 (정근수당, 1·7월)")
    LONG_SERVICE_BONUS = "long_service_bonus", _("근무연수 (정근수당가산금)")
    HOLIDAY_BONUS = "holiday_bonus", _("명절휴가비 (설·추석)")


class PayrollSettings(models.Model):
    """The institution's choices the statutory engine needs (one row)."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    size_band = models.CharField(
        _("고용안정·직업능력개발 규모"), max_length=20, choices=list(SIZE_BAND_LABELS.items()), default="under_150"
    )
    accident_rate = models.DecimalField(
        _("산재보험요율"),
        max_digits=6,
        decimal_places=5,
        default=Decimal("0.01470"),
        help_text=_("예: 0.01470 (1.47%)"),
    )
    pension_rounding = models.CharField(
        _("국민연금 끝수 처리"),
        max_length=10,
        choices=[("floor10", _("10원 미만 절사")), ("won", _("원 단위"))],
        default="floor10",
    )
    care_method = models.CharField(
        _("장기요양보험료 계산"),
        max_length=10,
        choices=[("premium", _("건강보험료 × 13.14%")), ("income", _("보수월액 × 0.9448% ÷ 2"))],
        default="premium",
    )
    updated_at = models.DateTimeField(_("변경일시"), auto_now=True)

    class Meta:
        verbose_name = _("급여 설정")
        verbose_name_plural = _("급여 설정")
        constraints = [
            models.CheckConstraint(condition=Q(id=1), name="payroll_settings_single_row"),
            models.CheckConstraint(
                condition=Q(accident_rate__gte=0, accident_rate__lt=1), name="payroll_settings_accident_rate_range"
            ),
        ]

    def __str__(self) -> str:
        return str(_("급여 설정"))

    @classmethod
    def current(cls) -> PayrollSettings:
        return cls.objects.filter(pk=1).first() or cls()


class PayTable(models.Model):
    """보수표: 직급 × 호봉 → 봉급월액, in force from `effective_from` until the next table."""

    name = models.CharField(_("이름"), max_length=100)
    effective_from = models.DateField(_("적용 시작일"), unique=True)
    created_at = models.DateTimeField(_("등록일시"), auto_now_add=True)

    class Meta:
        verbose_name = _("보수표")
        verbose_name_plural = _("보수표")
        ordering = ["-effective_from"]

    def __str__(self) -> str:
        return f"{self.name} ({self.effective_from:%Y. %-m. %-d.}~)"


class PayTableCell(models.Model):
    table = models.ForeignKey(PayTable, verbose_name=_("보수표"), on_delete=models.CASCADE, related_name="cells")
    grade = models.ForeignKey("org.Grade", verbose_name=_("직급"), on_delete=models.PROTECT, related_name="+")
    pay_step = models.PositiveSmallIntegerField(_("호봉"))
    base_amount = models.BigIntegerField(_("봉급월액"))

    class Meta:
        verbose_name = _("보수표 금액")
        verbose_name_plural = _("보수표 금액")
        ordering = ["table", "grade__rank", "pay_step"]
        constraints = [
            models.UniqueConstraint(fields=["table", "grade", "pay_step"], name="payroll_cell_unique"),
            models.CheckConstraint(condition=Q(base_amount__gte=0), name="payroll_cell_amount_non_negative"),
            models.CheckConstraint(condition=Q(pay_step__gte=1, pay_step__lte=60), name="payroll_cell_step_range"),
        ]

    def __str__(self) -> str:
        return f"{self.grade} {self.pay_step}호봉"


class PayItem(models.Model):
    """A 수당 or a voluntary 공제 of the institution: how it is computed, whether it is taxable
    (and under which 비과세 limit), whether it is 통상임금, and the budget line it is paid from."""

    code = models.SlugField(_("코드"), max_length=40, unique=True)
    name = models.CharField(_("항목명"), max_length=50)
    kind = models.CharField(_("구분"), max_length=10, choices=ItemKind.choices, default=ItemKind.EARNING)
    computation = models.CharField(
        _("계산 방식"), max_length=20, choices=Computation.choices, default=Computation.FIXED
    )
    non_taxable = models.CharField(_("과세 구분"), max_length=10, choices=NonTaxable.choices, default="", blank=True)
    is_ordinary_wage = models.BooleanField(_("통상임금"), default=False)
    amount = models.BigIntegerField(_("정액"), default=0, help_text=_("정액 항목의 월 금액 (원)"))
    percent = models.DecimalField(
        _("비율 (%)"), max_digits=5, decimal_places=2, null=True, blank=True, help_text=_("봉급월액의 % 항목")
    )
    budget_code = models.CharField(_("예산 통계목"), max_length=20, blank=True, help_text=_("예: 101-01"))
    account = models.CharField(_("회계 계정"), max_length=50, blank=True, help_text=_("예: 급여, 제수당"))
    paid_as_bonus = models.BooleanField(
        _("상여 항목"),
        default=False,
        help_text=_(
            "상여 급여(종류: 상여)로만 지급합니다 (성과상여금, 명절휴가비 등). 정기 급여에서는 빠지고, "
            "소득세는 소득세법 제136조(지급대상기간 평균)로 원천징수합니다."
        ),
    )
    order = models.PositiveSmallIntegerField(_("정렬 순서"), default=100)
    is_active = models.BooleanField(_("사용"), default=True)

    class Meta:
        verbose_name = _("급여 항목")
        verbose_name_plural = _("급여 항목")
        ordering = ["kind", "order", "code"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="payroll_item_amount_non_negative"),
            models.CheckConstraint(
                condition=Q(kind="earning") | Q(non_taxable=""), name="payroll_item_deduction_not_exempt"
            ),
            models.CheckConstraint(
                condition=Q(kind="earning") | Q(paid_as_bonus=False), name="payroll_item_deduction_not_bonus"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def is_taxable(self) -> bool:
        return self.non_taxable == ""


class WithholdingRatio(models.IntegerChoices):
    LOW = 80, "80%"
    NORMAL = 100, "100%"
    HIGH = 120, "120%"


class PayProfile(models.Model):
    """What payroll knows of one staff member beyond org: dependants, the withholding ratio,
    and, encrypted at rest, the bank account and 주민등록번호 (shown masked; see `masked_*`)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("직원"), on_delete=models.CASCADE, related_name="pay_profile"
    )
    family = models.PositiveSmallIntegerField(_("공제대상가족 수 (본인 포함)"), default=1)
    children_8_20 = models.PositiveSmallIntegerField(_("8~20세 자녀 수"), default=0)
    spouse = models.BooleanField(_("배우자 (가족수당)"), default=False)
    children = models.PositiveSmallIntegerField(_("자녀 수 (가족수당)"), default=0)
    other_dependants = models.PositiveSmallIntegerField(_("그 밖의 부양가족 (가족수당)"), default=0)
    withholding_ratio = models.PositiveSmallIntegerField(
        _("원천징수 비율"), choices=WithholdingRatio.choices, default=WithholdingRatio.NORMAL
    )
    employment_insured = models.BooleanField(_("고용보험 (실업급여) 적용"), default=True)
    bank_name = models.CharField(_("은행"), max_length=30, blank=True)
    bank_account = EncryptedCharField(_("계좌번호"), max_length=40, blank=True)
    rrn = EncryptedCharField(_("주민등록번호"), max_length=14, blank=True)
    updated_at = models.DateTimeField(_("변경일시"), auto_now=True)

    class Meta:
        verbose_name = _("급여 정보")
        verbose_name_plural = _("급여 정보")
        constraints = [
            models.CheckConstraint(condition=Q(family__gte=1), name="payroll_profile_family_includes_self"),
            models.CheckConstraint(
                condition=Q(children_8_20__lt=F("family")), name="payroll_profile_children_in_family"
            ),
            models.CheckConstraint(
                condition=Q(withholding_ratio__in=[80, 100, 120]), name="payroll_profile_ratio_choice"
            ),
        ]

    def __str__(self) -> str:
        return str(self.user)

    @property
    def masked_account(self) -> str:
        return mask_account(self.bank_account)

    @property
    def masked_rrn(self) -> str:
        return mask_rrn(self.rrn)


class PayStep(models.Model):
    """직급 and 호봉 from a date (승진, 승급): the one in force on a day is the latest not after it."""

    profile = models.ForeignKey(PayProfile, verbose_name=_("급여 정보"), on_delete=models.CASCADE, related_name="steps")
    effective_from = models.DateField(_("적용 시작일"))
    grade = models.ForeignKey("org.Grade", verbose_name=_("직급"), on_delete=models.PROTECT, related_name="+")
    pay_step = models.PositiveSmallIntegerField(_("호봉"))

    class Meta:
        verbose_name = _("직급·호봉 이력")
        verbose_name_plural = _("직급·호봉 이력")
        ordering = ["profile", "-effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["profile", "effective_from"], name="payroll_step_one_per_day"),
            models.CheckConstraint(condition=Q(pay_step__gte=1, pay_step__lte=60), name="payroll_step_range"),
        ]

    def __str__(self) -> str:
        return f"{self.grade} {self.pay_step}호봉 ({self.effective_from:%Y. %-m. %-d.}~)"


class InsuranceBase(models.Model):
    """The declared insurance bases of a year: 기준소득월액 (국민연금) and 보수월액 (건강보험)."""

    profile = models.ForeignKey(
        PayProfile, verbose_name=_("급여 정보"), on_delete=models.CASCADE, related_name="insurance_bases"
    )
    year = models.PositiveSmallIntegerField(_("연도"))
    pension_base_amount = models.BigIntegerField(_("기준소득월액 (국민연금)"))
    health_base_amount = models.BigIntegerField(_("보수월액 (건강보험)"))

    class Meta:
        verbose_name = _("보험 기준소득")
        verbose_name_plural = _("보험 기준소득")
        ordering = ["profile", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["profile", "year"], name="payroll_insurance_base_one_per_year"),
            models.CheckConstraint(
                condition=Q(pension_base_amount__gte=0, health_base_amount__gte=0),
                name="payroll_insurance_base_non_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}"


class ProfileItem(models.Model):
    """A person's own amount for a fixed item (직급보조비 of their grade, 노조비 …)."""

    profile = models.ForeignKey(PayProfile, verbose_name=_("급여 정보"), on_delete=models.CASCADE, related_name="items")
    item = models.ForeignKey(PayItem, verbose_name=_("급여 항목"), on_delete=models.PROTECT, related_name="+")
    amount = models.BigIntegerField(_("월 금액"))

    class Meta:
        verbose_name = _("개인별 급여 항목")
        verbose_name_plural = _("개인별 급여 항목")
        constraints = [
            models.UniqueConstraint(fields=["profile", "item"], name="payroll_profile_item_unique"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="payroll_profile_item_non_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.item.name}: {self.amount:,}원"


class RunKind(models.TextChoices):
    REGULAR = "regular", _("정기")
    RETROACTIVE = "retroactive", _("소급")
    BONUS = "bonus", _("상여")
    CORRECTION = "correction", _("정정")


CORRECTION_KINDS = (RunKind.RETROACTIVE, RunKind.CORRECTION)  # runs that pay a difference


class RunStatus(models.TextChoices):
    PREPARED = "prepared", _("준비")
    CALCULATING = "calculating", _("계산")
    REVIEW = "review", _("검토")
    BUDGET_CHECK = "budget_check", _("예산 확인")
    APPROVAL = "approval", _("결재")
    FINALISED = "finalised", _("확정")
    PAID = "paid", _("지급")


class PayrollRun(models.Model):
    """One payroll of a month (정기 once a month; 소급·상여 as needed)."""

    month = models.DateField(_("귀속 월"), help_text=_("그 달 1일"))
    kind = models.CharField(_("종류"), max_length=12, choices=RunKind.choices, default=RunKind.REGULAR)
    status = models.CharField(_("상태"), max_length=12, choices=RunStatus.choices, default=RunStatus.PREPARED)
    total_count = models.PositiveIntegerField(_("대상 인원"), default=0)
    done_count = models.PositiveIntegerField(_("계산 완료"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("작성자"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("작성일시"), auto_now_add=True)
    finalised_at = models.DateTimeField(_("확정일시"), null=True, blank=True)
    budget_checked_at = models.DateTimeField(_("예산 확인 일시"), null=True, blank=True)
    # What the last 예산 확인 found: [{"code", "line", "needed", "available", "short"}], or [] when
    # every line covered the run (payroll.budget_check).
    budget_problems = models.JSONField(_("예산 확인 결과"), default=list, blank=True)
    # 결재: the 급여지급 결의 (approval kind `payroll.run`), its current round, and what it decided.
    document = models.ForeignKey(
        "approval.Document",
        verbose_name=_("결재 문서"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    registration = models.CharField(_("생산등록번호"), max_length=120, blank=True)
    approved_at = models.DateTimeField(_("승인일시"), null=True, blank=True)
    paid_at = models.DateTimeField(_("지급일시"), null=True, blank=True)
    # A correction run (소급·정정) pays the difference against this finalised run's month.
    corrects = models.ForeignKey(
        "self",
        verbose_name=_("정정 대상 급여"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrections",
    )

    class Meta:
        verbose_name = _("급여 지급")
        verbose_name_plural = _("급여 지급")
        ordering = ["-month", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["month"], condition=Q(kind="regular"), name="payroll_run_one_regular_per_month"
            ),
            models.CheckConstraint(condition=Q(month__day=1), name="payroll_run_month_first_day"),
            models.CheckConstraint(condition=Q(done_count__lte=F("total_count")), name="payroll_run_done_le_total"),
            models.CheckConstraint(
                condition=Q(kind__in=["retroactive", "correction"]) | Q(corrects__isnull=True),
                name="payroll_run_only_corrections_correct",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y년 %-m월} {self.get_kind_display()}"

    @property
    def is_final(self) -> bool:
        return self.status in (RunStatus.FINALISED, RunStatus.PAID)


class SlipQuerySet(models.QuerySet):
    """Bulk writes of slips (or their lines) refuse rows of a finalised run: 확정 is final."""

    run_path = "run"

    def _refuse_final(self) -> None:
        if self.filter(**{f"{self.run_path}__status__in": FINAL_STATUSES}).exists():
            raise PayrollError(FINALISED_MESSAGE)

    def update(self, **kwargs: Any) -> int:
        self._refuse_final()
        return super().update(**kwargs)

    def delete(self) -> tuple[int, dict[str, int]]:
        self._refuse_final()
        return super().delete()


class LineQuerySet(SlipQuerySet):
    run_path = "slip__run"


def _refuse_if_final(run_id: int | None) -> None:
    if run_id is not None and PayrollRun.objects.filter(pk=run_id, status__in=FINAL_STATUSES).exists():
        raise PayrollError(FINALISED_MESSAGE)


SLIP_AMOUNTS = (  # every money column of a slip, in order
    "gross_amount",
    "taxable_amount",
    "non_taxable_amount",
    "national_pension_amount",
    "health_insurance_amount",
    "long_term_care_amount",
    "employment_insurance_amount",
    "income_tax_amount",
    "local_income_tax_amount",
    "other_deduction_amount",
    "total_deduction_amount",
    "net_amount",
    "employer_national_pension_amount",
    "employer_health_insurance_amount",
    "employer_long_term_care_amount",
    "employer_employment_insurance_amount",
    "employer_employment_stability_amount",
    "employer_industrial_accident_amount",
)


class Payslip(models.Model):
    """급여명세서: one person's result in one run, with what it was computed from (grade, 호봉,
    department as they stood) so it reads the same after the person moves on."""

    run = models.ForeignKey(PayrollRun, verbose_name=_("급여 지급"), on_delete=models.CASCADE, related_name="slips")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("직원"), on_delete=models.PROTECT, related_name="payslips"
    )
    month = models.DateField(_("귀속 월"))  # the run's, copied so 내 급여 reads one table
    department_name = models.CharField(_("부서"), max_length=100, blank=True)
    grade_name = models.CharField(_("직급"), max_length=50, blank=True)
    pay_step = models.PositiveSmallIntegerField(_("호봉"), null=True, blank=True)
    gross_amount = models.BigIntegerField(_("지급 합계"))
    taxable_amount = models.BigIntegerField(_("과세 급여"))
    non_taxable_amount = models.BigIntegerField(_("비과세 급여"))
    national_pension_amount = models.BigIntegerField(_("국민연금"))
    health_insurance_amount = models.BigIntegerField(_("건강보험"))
    long_term_care_amount = models.BigIntegerField(_("장기요양보험"))
    employment_insurance_amount = models.BigIntegerField(_("고용보험"))
    income_tax_amount = models.BigIntegerField(_("소득세"))
    local_income_tax_amount = models.BigIntegerField(_("지방소득세"))
    other_deduction_amount = models.BigIntegerField(_("기타 공제"))
    total_deduction_amount = models.BigIntegerField(_("공제 합계"))
    net_amount = models.BigIntegerField(_("실지급액"))
    employer_national_pension_amount = models.BigIntegerField(_("국민연금 (기관 부담)"))
    employer_health_insurance_amount = models.BigIntegerField(_("건강보험 (기관 부담)"))
    employer_long_term_care_amount = models.BigIntegerField(_("장기요양보험 (기관 부담)"))
    employer_employment_insurance_amount = models.BigIntegerField(_("고용보험 실업급여 (기관 부담)"))
    employer_employment_stability_amount = models.BigIntegerField(_("고용안정·직업능력개발 (기관 부담)"))
    employer_industrial_accident_amount = models.BigIntegerField(_("산재보험 (기관 부담)"))
    warnings = models.JSONField(_("확인할 점"), default=list, blank=True)
    basis = models.JSONField(_("적용 기준"), default=list, blank=True)
    created_at = models.DateTimeField(_("계산일시"), auto_now_add=True)

    objects = SlipQuerySet.as_manager()

    class Meta:
        verbose_name = _("급여명세서")
        verbose_name_plural = _("급여명세서")
        ordering = ["-month", "run", "user"]
        indexes = [models.Index(fields=["user", "-month"], name="payroll_slip_user_month")]
        constraints = [
            models.UniqueConstraint(fields=["run", "user"], name="payroll_slip_one_per_run_person"),
            models.CheckConstraint(
                condition=Q(net_amount=F("gross_amount") - F("total_deduction_amount")),
                name="payroll_slip_net_is_gross_minus_deductions",
            ),
            models.CheckConstraint(
                condition=Q(gross_amount=F("taxable_amount") + F("non_taxable_amount")),
                name="payroll_slip_gross_is_taxable_plus_exempt",
            ),
            models.CheckConstraint(
                condition=Q(
                    total_deduction_amount=F("national_pension_amount")
                    + F("health_insurance_amount")
                    + F("long_term_care_amount")
                    + F("employment_insurance_amount")
                    + F("income_tax_amount")
                    + F("local_income_tax_amount")
                    + F("other_deduction_amount")
                ),
                name="payroll_slip_deductions_add_up",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y년 %-m월} {self.user}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        _refuse_if_final(self.run_id)
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        _refuse_if_final(self.run_id)
        return super().delete(*args, **kwargs)

    @property
    def paid_amount(self) -> int:
        """What the bank transfer pays: the net, or nothing when a correction lowered it."""
        return max(self.net_amount, 0)

    @property
    def recovery_amount(self) -> int:
        """환수액: what the person owes back when a correction's net difference is negative."""
        return max(-self.net_amount, 0)

    @property
    def employer_total_amount(self) -> int:
        return (
            self.employer_national_pension_amount
            + self.employer_health_insurance_amount
            + self.employer_long_term_care_amount
            + self.employer_employment_insurance_amount
            + self.employer_employment_stability_amount
            + self.employer_industrial_accident_amount
        )


class LineKind(models.TextChoices):
    EARNING = "earning", _("지급")
    DEDUCTION = "deduction", _("공제")
    EMPLOYER = "employer", _("기관 부담")


class PayslipLine(models.Model):
    """One line of a slip: an earning (with its taxable split), a deduction or an employer share,
    its budget line, and how it was computed (근로기준법 §48: 시간외 as hours × rate)."""

    slip = models.ForeignKey(Payslip, verbose_name=_("급여명세서"), on_delete=models.CASCADE, related_name="lines")
    kind = models.CharField(_("구분"), max_length=10, choices=LineKind.choices)
    code = models.CharField(_("코드"), max_length=40)
    label = models.CharField(_("항목"), max_length=50)
    amount = models.BigIntegerField(_("금액"))
    non_taxable_amount = models.BigIntegerField(_("비과세"), default=0)
    budget_code = models.CharField(_("예산 통계목"), max_length=20, blank=True)
    basis = models.CharField(_("계산 근거"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("순서"), default=0)

    objects = LineQuerySet.as_manager()

    class Meta:
        verbose_name = _("급여명세서 항목")
        verbose_name_plural = _("급여명세서 항목")
        ordering = ["slip", "order"]
        constraints = [
            models.UniqueConstraint(fields=["slip", "kind", "code"], name="payroll_line_unique_code"),
            # A line is paid (amount ≥ 0), or, on a correction run's slip, a difference that may
            # lower what was paid (환수: amount < 0); its 비과세 part has the amount's sign and is
            # never larger. Only payroll.corrections writes negative lines: the engine refuses them.
            models.CheckConstraint(
                condition=Q(amount__gte=0, non_taxable_amount__gte=0, non_taxable_amount__lte=F("amount"))
                | Q(amount__lt=0, non_taxable_amount__lte=0, non_taxable_amount__gte=F("amount")),
                name="payroll_line_amounts",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label}: {self.amount:,}원"

    def save(self, *args: Any, **kwargs: Any) -> None:
        _refuse_if_final(Payslip.objects.filter(pk=self.slip_id).values_list("run_id", flat=True).first())
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        _refuse_if_final(Payslip.objects.filter(pk=self.slip_id).values_list("run_id", flat=True).first())
        return super().delete(*args, **kwargs)


def _slip_pdf_upload_to(instance: PayslipPdf, filename: str) -> str:
    # TenantFileSystemStorage keeps it under the institution's own folder; the run and slip ids
    # in the path keep two slips from ever sharing a file.
    return f"payroll/slips/{instance.run_id}/{instance.slip_id}/{filename}"


class PayslipPdf(models.Model):
    """A finalised slip's PDF, rendered once by the `pdf` queue (payroll.payslips) and kept: the
    one-to-one (UNIQUE) link makes a second render of the same slip a no-op."""

    slip = models.OneToOneField(Payslip, verbose_name=_("급여명세서"), on_delete=models.CASCADE, related_name="pdf")
    run = models.ForeignKey(PayrollRun, verbose_name=_("급여 지급"), on_delete=models.CASCADE, related_name="+")
    file = models.FileField(_("파일"), upload_to=_slip_pdf_upload_to, max_length=200)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveBigIntegerField(_("크기(바이트)"))
    rendered_at = models.DateTimeField(_("생성일시"))

    class Meta:
        verbose_name = _("급여명세서 PDF")
        verbose_name_plural = _("급여명세서 PDF")

    def __str__(self) -> str:
        return f"{self.slip_id}.pdf"


class CollectionMethod(models.TextChoices):
    DEDUCTION = "deduction", _("급여공제")
    DEPOSIT = "deposit", _("계좌 입금")


class RecoveryCollection(models.Model):
    """What was collected of a 환수 (a correction slip's negative net, booked as 미수금 at the
    run's approval): by the person's deposit to the institution's account, or deducted from a
    later run's pay. Collections of one 환수 never add up to more than it (payroll.recoveries)."""

    slip = models.ForeignKey(
        Payslip, verbose_name=_("환수 급여명세서"), on_delete=models.PROTECT, related_name="collections"
    )
    collected_on = models.DateField(_("회수일"))
    amount = models.BigIntegerField(_("회수액"))
    method = models.CharField(_("회수 방법"), max_length=10, choices=CollectionMethod.choices)
    deducted_in = models.ForeignKey(
        PayrollRun,
        verbose_name=_("공제한 급여"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    memo = models.CharField(_("비고"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("기록자"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("기록일시"), auto_now_add=True)

    class Meta:
        verbose_name = _("환수금 회수")
        verbose_name_plural = _("환수금 회수")
        ordering = ["slip", "collected_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payroll_collection_amount_positive"),
            models.CheckConstraint(
                condition=Q(method="deduction", deducted_in__isnull=False)
                | Q(method="deposit", deducted_in__isnull=True),
                name="payroll_collection_deduction_names_its_run",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.slip} 환수 회수 {self.amount:,}원"
