"""The budget ledger: every change of a line's amounts is one `BudgetPosting` row.

A posting names its line, its kind (which of the line's running totals it moves), a signed
amount, the date it counts on, who did it, and the source that caused it — `(source_app,
source_model, source_id)`, e.g. an approved amendment, a payroll run, a trip. The UNIQUE
constraint on (source, kind, line) is what makes a repeated call with the same source a no-op.

Postings are never edited or deleted (a database trigger refuses it); a correction is another
posting. The running totals on the line are moved in the same transaction, under the line's row
lock, by budget.ledger; `manage.py budget_reconcile` recomputes them from here.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class PostingKind(models.TextChoices):
    ORIGINAL = "original", _("본예산")
    SUPPLEMENTARY = "supplementary", _("추경")
    TRANSFER_OUT = "transfer_out", _("전용(감)")
    TRANSFER_IN = "transfer_in", _("전용(증)")
    CARRYOVER = "carryover", _("이월")
    ALLOTMENT = "allotment", _("배정")
    COMMIT = "commit", _("지출원인행위")
    RELEASE = "release", _("원인행위 해제")
    SETTLE = "settle", _("원인행위 정산")
    EXECUTE = "execute", _("집행")
    REVERSE = "reverse", _("집행 취소(반납·정정)")


# Which running total of the line each kind moves.
TOTAL_OF_KIND: dict[str, str] = {
    PostingKind.ORIGINAL: "original_amount",
    PostingKind.SUPPLEMENTARY: "amended_amount",
    PostingKind.TRANSFER_OUT: "amended_amount",
    PostingKind.TRANSFER_IN: "amended_amount",
    PostingKind.CARRYOVER: "amended_amount",
    PostingKind.ALLOTMENT: "allotted_amount",
    PostingKind.COMMIT: "committed_amount",
    PostingKind.RELEASE: "committed_amount",
    PostingKind.SETTLE: "committed_amount",
    PostingKind.EXECUTE: "executed_amount",
    PostingKind.REVERSE: "executed_amount",
}

_POSITIVE = (
    PostingKind.ORIGINAL,
    PostingKind.TRANSFER_IN,
    PostingKind.CARRYOVER,
    PostingKind.ALLOTMENT,
    PostingKind.COMMIT,
    PostingKind.EXECUTE,
)
_NEGATIVE = (PostingKind.TRANSFER_OUT, PostingKind.RELEASE, PostingKind.SETTLE, PostingKind.REVERSE)


class BudgetPosting(models.Model):
    line = models.ForeignKey(
        "budget.BudgetItem", verbose_name=_("예산과목"), on_delete=models.PROTECT, related_name="postings"
    )
    kind = models.CharField(_("구분"), max_length=16, choices=PostingKind.choices)
    amount = models.BigIntegerField(_("금액"))
    posted_on = models.DateField(_("일자"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("처리자"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    source_app = models.CharField(_("출처 앱"), max_length=40)
    source_model = models.CharField(_("출처 종류"), max_length=60)
    source_id = models.CharField(_("출처 ID"), max_length=64)
    # A settlement names the commitment posting it draws down, so what is still outstanding on a
    # commitment is its own postings plus the settlements that point at it.
    settles = models.ForeignKey(
        "self",
        verbose_name=_("정산한 원인행위"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="settlements",
    )
    memo = models.CharField(_("적요"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("기록일시"), auto_now_add=True)

    class Meta:
        verbose_name = _("예산 원장")
        verbose_name_plural = _("예산 원장")
        ordering = ["posted_on", "pk"]
        indexes = [
            models.Index(fields=["line", "posted_on"]),
            models.Index(fields=["source_app", "source_model", "source_id"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["source_app", "source_model", "source_id", "kind", "line"],
                name="budget_posting_once_per_source",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=_POSITIVE, amount__gt=0)
                | Q(kind__in=_NEGATIVE, amount__lt=0)
                | Q(kind=PostingKind.SUPPLEMENTARY) & ~Q(amount=0),
                name="budget_posting_sign_by_kind",
            ),
            models.CheckConstraint(
                condition=Q(kind=PostingKind.SETTLE, settles__isnull=False)
                | ~Q(kind=PostingKind.SETTLE) & Q(settles__isnull=True),
                name="budget_posting_settles_a_commitment",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount:,}원"

    @property
    def source_label(self) -> str:
        return f"{self.source_app}.{self.source_model}:{self.source_id}"
