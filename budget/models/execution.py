"""The execution chain after the commitment: vendors (거래처), 지출결의 (`Expenditure`) with its
evidence, and payments (지급) in transfer batches.

An expenditure's status follows its approval document, as a plan's does: only budget.execution
(submit, resubmit) and the approval callbacks move it. Approved, its amount is executed on its
line (budget.charges) and journalised (Dr 비용 / Cr 미지급금); paid, it is journalised again
(Dr 미지급금 / Cr 보통예금). Money is integer won.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.encryption import EncryptedCharField, mask_account

# 금융결제원 bank codes of the banks Korean public bodies pay to (the firm-banking file's 은행코드).
BANK_CODES: tuple[tuple[str, str], ...] = (
    ("002", "KDB산업은행"),
    ("003", "IBK기업은행"),
    ("004", "KB국민은행"),
    ("007", "수협은행"),
    ("011", "NH농협은행"),
    ("012", "지역농축협"),
    ("020", "우리은행"),
    ("023", "SC제일은행"),
    ("027", "한국씨티은행"),
    ("031", "iM뱅크(대구)"),
    ("032", "부산은행"),
    ("034", "광주은행"),
    ("035", "제주은행"),
    ("037", "전북은행"),
    ("039", "경남은행"),
    ("045", "새마을금고"),
    ("048", "신협"),
    ("071", "우체국"),
    ("081", "하나은행"),
    ("088", "신한은행"),
    ("089", "케이뱅크"),
    ("090", "카카오뱅크"),
    ("092", "토스뱅크"),
)
BANK_NAMES = dict(BANK_CODES)


class Vendor(models.Model):
    """거래처: whom an expenditure pays. One per 사업자등록번호 (10 digits, check digit valid);
    the account number is stored encrypted and shown masked."""

    name = models.CharField(_("상호"), max_length=100)
    business_number = models.CharField(_("사업자등록번호"), max_length=10, unique=True)
    representative = models.CharField(_("대표자"), max_length=50, blank=True)
    bank_code = models.CharField(_("은행"), max_length=3, choices=BANK_CODES)
    account_number = EncryptedCharField(_("계좌번호"), max_length=30)
    account_holder = models.CharField(_("예금주"), max_length=50)
    is_active = models.BooleanField(_("사용"), default=True)
    created_at = models.DateTimeField(_("등록일시"), auto_now_add=True)
    updated_at = models.DateTimeField(_("수정일시"), auto_now=True)

    class Meta:
        verbose_name = _("거래처")
        verbose_name_plural = _("거래처")
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(business_number__regex=r"^[0-9]{10}$"), name="vendor_business_number_ten_digits"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.business_number_display})"

    @property
    def business_number_display(self) -> str:
        n = self.business_number
        return f"{n[:3]}-{n[3:5]}-{n[5:]}" if len(n) == 10 else n

    @property
    def account_masked(self) -> str:
        return mask_account(self.account_number or "")

    @property
    def bank_name(self) -> str:
        return BANK_NAMES.get(self.bank_code, self.bank_code)


class ExpenditureStatus(models.TextChoices):
    DRAFT = "draft", _("작성")
    IN_PROGRESS = "in_progress", _("결재 중")
    APPROVED = "approved", _("승인(집행)")
    REJECTED = "rejected", _("반려")
    WITHDRAWN = "withdrawn", _("회수")
    REVERSED = "reversed", _("반납·정정")


EXPENDITURE_RESUBMITTABLE = (ExpenditureStatus.REJECTED, ExpenditureStatus.WITHDRAWN)


class PaymentBatch(models.Model):
    """지급: expenditures paid together by the 회계 담당 on one day from one account of the
    institution; its transfer file (이체 파일) lists them."""

    paid_on = models.DateField(_("지급일"))
    from_account = models.CharField(_("출금 계좌"), max_length=60)
    memo = models.CharField(_("적요"), max_length=20, help_text=_("받는 분 통장에 찍힐 내용, 20자까지"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("지급 처리자"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("처리일시"), auto_now_add=True)

    class Meta:
        verbose_name = _("지급(이체 묶음)")
        verbose_name_plural = _("지급(이체 묶음)")
        ordering = ["-paid_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.paid_on} 지급 #{self.pk}"


class Expenditure(models.Model):
    """지출결의: pay `amount` to `vendor` from `line`, against the approved plan's commitment
    (`plan`) or directly (small fixed costs: the line's balance must cover it)."""

    title = models.CharField(_("건명"), max_length=200)
    purpose = models.TextField(_("지출 내용"))
    line = models.ForeignKey(
        "budget.BudgetItem", verbose_name=_("예산과목"), on_delete=models.PROTECT, related_name="expenditures"
    )
    plan = models.ForeignKey(
        "budget.ExpensePlan",
        verbose_name=_("지출 품의(원인행위)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="expenditures",
    )
    settle_fully = models.BooleanField(
        _("원인행위 정산 완료"),
        default=False,
        help_text=_("승인되면 품의에서 쓰고 남은 금액을 해제해 예산 잔액으로 돌립니다."),
    )
    vendor = models.ForeignKey(
        Vendor, verbose_name=_("거래처"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # 개인 채주: a person paid directly (a traveller's 여비), with the account they named, when
    # there is no vendor. Exactly one of the two (CHECK below).
    payee_name = models.CharField(_("채주(개인)"), max_length=50, blank=True)
    payee_bank_code = models.CharField(_("채주 은행"), max_length=3, choices=BANK_CODES, blank=True)
    payee_account_number = EncryptedCharField(_("채주 계좌번호"), max_length=30, blank=True)
    # The commitment (지출원인행위) another app made and this expenditure settles, e.g. a trip's
    # ("attendance", "trip", "12"); blank for a plan's or a direct expenditure. Its owner is told
    # of the decision (budget.execution.register_commitment_owner).
    commitment_app = models.CharField(_("원인행위 업무"), max_length=40, blank=True)
    commitment_model = models.CharField(_("원인행위 종류"), max_length=40, blank=True)
    commitment_id = models.CharField(_("원인행위 번호"), max_length=40, blank=True)
    amount = models.BigIntegerField(_("금액(원)"))
    pay_date = models.DateField(_("지급 예정일"))
    department = models.ForeignKey(
        "org.Department", verbose_name=_("부서"), on_delete=models.PROTECT, related_name="expenditures"
    )
    drafter = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("기안자"), on_delete=models.PROTECT, related_name="expenditures"
    )
    unit_task = models.ForeignKey(
        "tasks.UnitTask", verbose_name=_("단위과제"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("상태"), max_length=12, choices=ExpenditureStatus.choices, default=ExpenditureStatus.DRAFT, db_index=True
    )
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
    executed_on = models.DateField(_("집행일"), null=True, blank=True)
    payment = models.ForeignKey(
        PaymentBatch,
        verbose_name=_("지급"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="expenditures",
    )
    submission_token = models.UUIDField(_("제출 토큰"), null=True, blank=True, unique=True, editable=False)
    created_at = models.DateTimeField(_("작성일시"), auto_now_add=True)
    updated_at = models.DateTimeField(_("수정일시"), auto_now=True)

    class Meta:
        verbose_name = _("지출결의")
        verbose_name_plural = _("지출결의")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["department", "status"]), models.Index(fields=["status", "payment"])]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="expenditure_amount_positive"),
            models.CheckConstraint(
                condition=Q(status__in=["approved", "reversed"], approved_at__isnull=False, executed_on__isnull=False)
                | ~Q(status__in=["approved", "reversed"]) & Q(approved_at__isnull=True, executed_on__isnull=True),
                name="expenditure_executed_iff_approved",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(document__isnull=False),
                name="expenditure_document_once_submitted",
            ),
            models.CheckConstraint(
                condition=Q(payment__isnull=True) | Q(status__in=["approved", "reversed"]),
                name="expenditure_paid_only_once_approved",
            ),
            models.CheckConstraint(
                condition=Q(vendor__isnull=False, payee_name="")
                | Q(vendor__isnull=True) & ~Q(payee_name="") & ~Q(payee_bank_code=""),
                name="expenditure_vendor_or_payee",
            ),
            models.CheckConstraint(
                condition=Q(commitment_app="", commitment_model="", commitment_id="")
                | ~Q(commitment_app="") & ~Q(commitment_model="") & ~Q(commitment_id="") & Q(plan__isnull=True),
                name="expenditure_one_commitment",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def can_resubmit(self) -> bool:
        return self.status in EXPENDITURE_RESUBMITTABLE and not self.commitment_app

    @property
    def is_paid(self) -> bool:
        return self.payment_id is not None

    @property
    def payee_label(self) -> str:
        """Whom it pays: the vendor's name, or the person's with (개인)."""
        return self.vendor.name if self.vendor is not None else f"{self.payee_name} (개인)"

    @property
    def bank_code(self) -> str:
        return self.vendor.bank_code if self.vendor is not None else self.payee_bank_code

    @property
    def bank_name(self) -> str:
        return BANK_NAMES.get(self.bank_code, self.bank_code)

    @property
    def account_number(self) -> str:
        return self.vendor.account_number if self.vendor is not None else self.payee_account_number

    @property
    def account_masked(self) -> str:
        return mask_account(self.account_number or "")

    @property
    def account_holder(self) -> str:
        return self.vendor.account_holder if self.vendor is not None else self.payee_name

    @property
    def owned_elsewhere(self) -> bool:
        """It settles another app's commitment (a trip's 여비): that app drafts it again."""
        return bool(self.commitment_app)


def _evidence_upload_to(instance: ExpenditureEvidence, filename: str) -> str:
    # The checksum, never the uploader's name (no path tricks, no clashes).
    return f"budget/evidence/{instance.sha256[:2]}/{instance.sha256}"


class ExpenditureEvidence(models.Model):
    """증빙: an invoice, a receipt, an inspection report attached to an expenditure (checked by
    core.uploads; served only to those who may see the expenditure's evidence)."""

    expenditure = models.ForeignKey(
        Expenditure, verbose_name=_("지출결의"), on_delete=models.PROTECT, related_name="evidence"
    )
    file = models.FileField(_("파일"), upload_to=_evidence_upload_to, max_length=200)
    original_name = models.CharField(_("파일명"), max_length=255)
    content_type = models.CharField(_("형식"), max_length=100)
    size = models.PositiveBigIntegerField(_("크기(바이트)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(_("올린 일시"), auto_now_add=True)

    class Meta:
        verbose_name = _("증빙 서류")
        verbose_name_plural = _("증빙 서류")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.original_name


class ReversalKind(models.TextChoices):
    CORRECTION = "correction", _("정정(지급 전 취소)")
    REFUND = "refund", _("반납(지급 후 환수)")


class DecisionStatus(models.TextChoices):
    DRAFT = "draft", _("작성")
    IN_PROGRESS = "in_progress", _("결재 중")
    APPROVED = "approved", _("승인")
    REJECTED = "rejected", _("반려")
    WITHDRAWN = "withdrawn", _("회수")


class ExpenditureReversal(models.Model):
    """반납·정정: an approved expenditure cancelled by its own approval (kind `budget.reversal`).
    Approved, its execution is reversed on the line (the balance is restored) and its journal
    entries are reversed (and, if it was paid, the money coming back: Dr 보통예금). Never an edit
    of the expenditure."""

    expenditure = models.ForeignKey(
        Expenditure, verbose_name=_("지출결의"), on_delete=models.PROTECT, related_name="reversals"
    )
    kind = models.CharField(_("구분"), max_length=12, choices=ReversalKind.choices)
    reason = models.TextField(_("사유"))
    status = models.CharField(
        _("상태"), max_length=12, choices=DecisionStatus.choices, default=DecisionStatus.DRAFT, db_index=True
    )
    drafter = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("기안자"), on_delete=models.PROTECT, related_name="+"
    )
    unit_task = models.ForeignKey(
        "tasks.UnitTask", verbose_name=_("단위과제"), on_delete=models.PROTECT, related_name="+"
    )
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
    reversed_on = models.DateField(_("처리일"), null=True, blank=True)
    created_at = models.DateTimeField(_("작성일시"), auto_now_add=True)
    updated_at = models.DateTimeField(_("수정일시"), auto_now=True)

    class Meta:
        verbose_name = _("반납·정정")
        verbose_name_plural = _("반납·정정")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # One reversal running or done per expenditure.
            models.UniqueConstraint(
                fields=["expenditure"],
                condition=Q(status__in=["in_progress", "approved"]),
                name="expenditure_reversal_one_live",
            ),
            models.CheckConstraint(
                condition=Q(status="approved", approved_at__isnull=False, reversed_on__isnull=False)
                | ~Q(status="approved") & Q(approved_at__isnull=True, reversed_on__isnull=True),
                name="expenditure_reversal_done_iff_approved",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.expenditure}"


class RevenueResolution(models.Model):
    """수입결의 (approval kind `budget.revenue`): an amount to be received on a 세입 목 from a payer.
    Approved, it is booked (Dr 미수금 / Cr 수익); 수납 (collected) by the 회계 담당, the money is
    booked in (Dr 보통예금 / Cr 미수금) and the 목's 수납액 rises."""

    title = models.CharField(_("건명"), max_length=200)
    revenue_item = models.ForeignKey(
        "budget.RevenueItem", verbose_name=_("세입 과목"), on_delete=models.PROTECT, related_name="resolutions"
    )
    payer = models.CharField(_("납부자"), max_length=100)
    amount = models.BigIntegerField(_("금액(원)"))
    due_date = models.DateField(_("납부 기한"))
    status = models.CharField(
        _("상태"), max_length=12, choices=DecisionStatus.choices, default=DecisionStatus.DRAFT, db_index=True
    )
    department = models.ForeignKey("org.Department", verbose_name=_("부서"), on_delete=models.PROTECT, related_name="+")
    drafter = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("기안자"), on_delete=models.PROTECT, related_name="+"
    )
    unit_task = models.ForeignKey(
        "tasks.UnitTask", verbose_name=_("단위과제"), on_delete=models.PROTECT, related_name="+"
    )
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
    booked_on = models.DateField(_("조정일"), null=True, blank=True)
    collected_on = models.DateField(_("수납일"), null=True, blank=True)
    collected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("수납 처리자"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("작성일시"), auto_now_add=True)
    updated_at = models.DateTimeField(_("수정일시"), auto_now=True)

    class Meta:
        verbose_name = _("수입결의")
        verbose_name_plural = _("수입결의")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="revenue_resolution_amount_positive"),
            models.CheckConstraint(
                condition=Q(status="approved", approved_at__isnull=False, booked_on__isnull=False)
                | ~Q(status="approved") & Q(approved_at__isnull=True, booked_on__isnull=True),
                name="revenue_resolution_booked_iff_approved",
            ),
            models.CheckConstraint(
                condition=Q(collected_on__isnull=True) | Q(status="approved"),
                name="revenue_resolution_collected_once_approved",
            ),
        ]

    def __str__(self) -> str:
        return self.title
