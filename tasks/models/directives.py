"""지시사항 (directive): instruction → assignee(s) → due date → 이행계획 → progress updates →
completion, with overdue lists per department and per person."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tasks.models.classification import UnitTask


class DirectiveStatus(models.TextChoices):
    ISSUED = "issued", _("지시")
    PLANNED = "planned", _("이행계획 제출")
    IN_PROGRESS = "in_progress", _("이행 중")
    COMPLETED = "completed", _("완료")
    CANCELLED = "cancelled", _("취소")

    @classmethod
    def open_values(cls) -> list[str]:
        return [cls.ISSUED, cls.PLANNED, cls.IN_PROGRESS]


class Directive(models.Model):
    title = models.CharField(_("지시 제목"), max_length=200)
    body = models.TextField(_("지시 내용"))
    issued_by = models.ForeignKey("org.User", verbose_name=_("지시자"), on_delete=models.PROTECT, related_name="+")
    issued_at = models.DateTimeField(_("지시일시"))
    due_on = models.DateField(_("처리기한"))
    department = models.ForeignKey(
        "org.Department", verbose_name=_("주관 부서"), on_delete=models.PROTECT, related_name="directives"
    )
    unit_task = models.ForeignKey(
        UnitTask, verbose_name=_("단위과제"), null=True, blank=True, on_delete=models.PROTECT, related_name="directives"
    )
    status = models.CharField(_("상태"), max_length=12, choices=DirectiveStatus.choices, default=DirectiveStatus.ISSUED)
    plan = models.TextField(_("이행계획"), blank=True)
    planned_on = models.DateField(_("이행 완료 예정일"), null=True, blank=True)
    progress = models.PositiveSmallIntegerField(_("진척률(%)"), default=0)
    completion_report = models.TextField(_("이행 결과"), blank=True)
    completed_at = models.DateTimeField(_("완료일시"), null=True, blank=True)
    updated_at = models.DateTimeField(_("최근 변경"), auto_now=True)

    class Meta:
        verbose_name = _("지시사항")
        verbose_name_plural = _("지시사항")
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(fields=["department", "status", "due_on"]),
            models.Index(fields=["issued_by", "status"]),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="directive_progress_percent"),
            models.CheckConstraint(
                condition=Q(status="completed", completed_at__isnull=False)
                | (~Q(status="completed") & Q(completed_at__isnull=True)),
                name="directive_completed_at_when_completed",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status in DirectiveStatus.open_values()

    def is_overdue(self, today) -> bool:
        return self.is_open and self.due_on < today


class DirectiveAssignee(models.Model):
    directive = models.ForeignKey(Directive, on_delete=models.CASCADE, related_name="assignees")
    user = models.ForeignKey("org.User", verbose_name=_("이행 담당자"), on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("이행 담당자")
        verbose_name_plural = _("이행 담당자")
        ordering = ["id"]
        indexes = [models.Index(fields=["user"])]
        constraints = [models.UniqueConstraint(fields=["directive", "user"], name="directive_assignee_once")]

    def __str__(self) -> str:
        return f"{self.directive} → {self.user}"


class DirectiveUpdate(models.Model):
    """The directive's history: plan, progress, completion, reopening, cancellation, comments."""

    class Kind(models.TextChoices):
        ISSUE = "issue", _("지시")
        PLAN = "plan", _("이행계획")
        PROGRESS = "progress", _("추진상황")
        COMPLETE = "complete", _("완료 보고")
        REOPEN = "reopen", _("보완 요구")
        CANCEL = "cancel", _("지시 취소")
        COMMENT = "comment", _("의견")

    directive = models.ForeignKey(Directive, on_delete=models.CASCADE, related_name="updates")
    kind = models.CharField(_("구분"), max_length=10, choices=Kind.choices)
    author = models.ForeignKey("org.User", verbose_name=_("작성자"), on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("내용"), blank=True)
    progress = models.PositiveSmallIntegerField(_("진척률(%)"), null=True, blank=True)
    created_at = models.DateTimeField(_("일시"), auto_now_add=True)

    class Meta:
        verbose_name = _("지시사항 이력")
        verbose_name_plural = _("지시사항 이력")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.directive} {self.get_kind_display()}"
