"""메모보고 (memo report): a short report or instruction to one or more superiors, instead of a
face-to-face report; readings are recorded, recipients reply, and it may be filed under a unit
task (then it shows among the card's related documents)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from tasks.models.classification import UnitTask
from tasks.models.files import StoredFile


class MemoReport(models.Model):
    class Kind(models.TextChoices):
        REPORT = "report", _("보고")
        INSTRUCTION = "instruction", _("지시")

    kind = models.CharField(_("구분"), max_length=12, choices=Kind.choices, default=Kind.REPORT)
    title = models.CharField(_("제목"), max_length=200)
    body = models.TextField(_("내용"))
    author = models.ForeignKey("org.User", verbose_name=_("작성자"), on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey(
        "org.Department", verbose_name=_("작성 부서"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    unit_task = models.ForeignKey(
        UnitTask,
        verbose_name=_("단위과제"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="memo_reports",
    )
    sent_at = models.DateTimeField(_("보고일시"), db_index=True)

    class Meta:
        verbose_name = _("메모보고")
        verbose_name_plural = _("메모보고")
        ordering = ["-sent_at", "-id"]
        indexes = [models.Index(fields=["author", "-sent_at"])]

    def __str__(self) -> str:
        return self.title


class MemoRecipient(models.Model):
    memo = models.ForeignKey(MemoReport, on_delete=models.CASCADE, related_name="recipients")
    recipient = models.ForeignKey("org.User", verbose_name=_("받는 사람"), on_delete=models.PROTECT, related_name="+")
    order = models.PositiveSmallIntegerField(default=0)
    read_at = models.DateTimeField(_("읽은 일시"), null=True, blank=True)

    class Meta:
        verbose_name = _("메모보고 수신자")
        verbose_name_plural = _("메모보고 수신자")
        ordering = ["order", "id"]
        indexes = [models.Index(fields=["recipient", "read_at"])]
        constraints = [models.UniqueConstraint(fields=["memo", "recipient"], name="memo_recipient_once")]

    def __str__(self) -> str:
        return f"{self.memo} → {self.recipient}"


class MemoReply(models.Model):
    memo = models.ForeignKey(MemoReport, on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey("org.User", verbose_name=_("작성자"), on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("내용"))
    created_at = models.DateTimeField(_("작성일시"), auto_now_add=True)

    class Meta:
        verbose_name = _("메모보고 답글")
        verbose_name_plural = _("메모보고 답글")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.memo} 답글"


class MemoAttachment(StoredFile):
    memo = models.ForeignKey(MemoReport, on_delete=models.PROTECT, related_name="attachments")

    class Meta:
        verbose_name = _("메모보고 첨부파일")
        verbose_name_plural = _("메모보고 첨부파일")
        ordering = ["id"]
