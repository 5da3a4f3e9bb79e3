"""The institution's rules for deciding and numbering: the delegation table (위임전결 규정) and
the registration counters (생산등록번호 대장) per handling department and year."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from approval.models.documents import Importance


class DelegationRule(models.Model):
    """One row of the delegation table (사무전결 처리규칙): for documents of `kind`, with a decision
    amount in [min_amount, max_amount) (no bound when empty) and of `importance` (any when
    empty), the lowest position that may take the final decision. Anyone at that position or
    more senior (lower rank) may decide; below the institution head the decision is 전결.

    `post_approval_required` says whether a 대결 (proxy decision) on such a document must be
    confirmed by the absent approver afterwards (후결).
    """

    kind = models.CharField(_("문서 종류(양식)"), max_length=50, db_index=True)
    label = models.CharField(_("전결 사항"), max_length=200, help_text=_("예: 1천만원 미만 물품 구매"))
    min_amount = models.BigIntegerField(_("금액 하한(원, 이상)"), null=True, blank=True)
    max_amount = models.BigIntegerField(_("금액 상한(원, 미만)"), null=True, blank=True)
    importance = models.CharField(_("중요도"), max_length=10, choices=Importance.choices, blank=True)
    deciding_position = models.ForeignKey(
        "org.Position", verbose_name=_("전결권자 직위"), on_delete=models.PROTECT, related_name="+"
    )
    post_approval_required = models.BooleanField(_("대결 시 후결 필요"), default=False)
    is_active = models.BooleanField(_("사용"), default=True)

    class Meta:
        verbose_name = _("위임전결 규정")
        verbose_name_plural = _("위임전결 규정")
        ordering = ["kind", "importance", "min_amount"]
        constraints = [
            models.CheckConstraint(
                condition=Q(min_amount__isnull=True) | Q(max_amount__isnull=True) | Q(max_amount__gt=F("min_amount")),
                name="delegation_rule_band_order",
            ),
            models.CheckConstraint(
                condition=Q(min_amount__isnull=True) | Q(min_amount__gte=0), name="delegation_rule_min_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return self.label

    def matches(self, amount: int | None, importance: str) -> bool:
        if self.importance and self.importance != importance:
            return False
        if self.min_amount is not None and (amount is None or amount < self.min_amount):
            return False
        return self.max_amount is None or (amount is not None and amount < self.max_amount)


class RegistrationCounter(models.Model):
    """The last serial given in one handling department's calendar year. Incremented in the
    completing transaction (approval.numbering), so a rolled-back completion gives its number back
    and the series has no gaps."""

    department = models.ForeignKey("org.Department", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("연도"))
    last = models.PositiveIntegerField(_("마지막 일련번호"), default=0)

    class Meta:
        verbose_name = _("생산등록번호 카운터")
        verbose_name_plural = _("생산등록번호 카운터")
        constraints = [models.UniqueConstraint(fields=["department", "year"], name="registration_counter_unique")]

    def __str__(self) -> str:
        return f"{self.department_id} {self.year}: {self.last}"
