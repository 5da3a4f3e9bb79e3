"""과제관리카드 (unit-task card): 표제부 on `TaskCard`, goals and indicators, and dated entries
(계획·실적·품질·홍보·고객) that are versioned: an edit appends a version, nothing is overwritten.

`completeness` is stored on the card (recomputed by tasks.services.cards on every change and
nightly, because milestones fall due with time) so lists and the province dashboard read one
column instead of recomputing per row.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tasks.models.classification import UnitTask


class TaskCard(models.Model):
    unit_task = models.OneToOneField(
        UnitTask, verbose_name=_("단위과제"), on_delete=models.PROTECT, related_name="card"
    )
    summary = models.TextField(_("과제 개요"), blank=True)
    legal_basis = models.CharField(_("근거 법령·규정"), max_length=300, blank=True)
    budget_program = models.CharField(_("관련 세부사업"), max_length=200, blank=True)
    started_on = models.DateField(_("착수일"), null=True, blank=True)
    completeness = models.PositiveSmallIntegerField(_("작성 충실도(%)"), default=0)
    completeness_checked_on = models.DateField(_("충실도 산정일"), null=True, blank=True)
    created_by = models.ForeignKey("org.User", null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("작성일시"), auto_now_add=True)
    updated_at = models.DateTimeField(_("수정일시"), auto_now=True)

    class Meta:
        verbose_name = _("과제관리카드")
        verbose_name_plural = _("과제관리카드")
        constraints = [
            models.CheckConstraint(condition=Q(completeness__lte=100), name="task_card_completeness_percent"),
        ]

    def __str__(self) -> str:
        return str(self.unit_task)


class TaskGoal(models.Model):
    """목표 and 성과지표 for one year: what is aimed at, how it is measured, the target and the
    result so far."""

    card = models.ForeignKey(TaskCard, on_delete=models.CASCADE, related_name="goals")
    year = models.PositiveSmallIntegerField(_("연도"))
    title = models.CharField(_("목표"), max_length=200)
    indicator = models.CharField(_("성과지표"), max_length=200)
    target = models.CharField(_("목표치"), max_length=100)
    result = models.CharField(_("실적치"), max_length=100, blank=True)
    order = models.PositiveSmallIntegerField(_("순서"), default=0)

    class Meta:
        verbose_name = _("목표·성과지표")
        verbose_name_plural = _("목표·성과지표")
        ordering = ["-year", "order", "id"]

    def __str__(self) -> str:
        return f"{self.year} {self.title}"


class TaskCardYear(models.Model):
    """A year of a card registered as a record (과제관리카드 기록물 등록): the card as it stood for
    that year (표제부, the year's goals and entries at their latest version), kept as written so a
    later edit of the card does not rewrite what was registered. Once per card and year."""

    card = models.ForeignKey(TaskCard, on_delete=models.PROTECT, related_name="registered_years")
    year = models.PositiveSmallIntegerField(_("연도"))
    body = models.TextField(_("등록 내용"))
    registered_by = models.ForeignKey("org.User", verbose_name=_("등록자"), on_delete=models.PROTECT, related_name="+")
    registered_at = models.DateTimeField(_("등록일시"))

    class Meta:
        verbose_name = _("과제관리카드 연도 등록")
        verbose_name_plural = _("과제관리카드 연도 등록")
        ordering = ["card", "-year"]
        constraints = [models.UniqueConstraint(fields=["card", "year"], name="task_card_year_once")]

    def __str__(self) -> str:
        return f"{self.card} {self.year}"


class CardEntryKind(models.TextChoices):
    PLAN = "plan", _("추진계획")
    PERFORMANCE = "performance", _("실적")
    QUALITY = "quality", _("품질관리")
    PUBLIC_RELATIONS = "public_relations", _("홍보관리")
    CUSTOMER = "customer", _("고객관리")


class TaskCardEntry(models.Model):
    """One entry of a card. Its current content is copied here from its latest version so a card
    page reads one table; `TaskCardEntryVersion` holds every version, the first included.

    For a plan entry (milestone) `entry_date` is the due date and `completed_on` when it was met;
    for the others `entry_date` is the date the entry is about.
    """

    card = models.ForeignKey(TaskCard, on_delete=models.PROTECT, related_name="entries")
    kind = models.CharField(_("구분"), max_length=20, choices=CardEntryKind.choices)
    title = models.CharField(_("제목"), max_length=200)
    body = models.TextField(_("내용"), blank=True)
    entry_date = models.DateField(_("일자"))
    completed_on = models.DateField(_("완료일"), null=True, blank=True)
    author = models.ForeignKey("org.User", verbose_name=_("작성자"), on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(_("버전"), default=1)
    created_at = models.DateTimeField(_("작성일시"), auto_now_add=True)
    updated_at = models.DateTimeField(_("수정일시"))

    class Meta:
        verbose_name = _("카드 항목")
        verbose_name_plural = _("카드 항목")
        ordering = ["entry_date", "id"]
        indexes = [models.Index(fields=["card", "kind", "entry_date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="plan") | Q(completed_on__isnull=True), name="task_card_entry_completion_plan_only"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class TaskCardEntryVersion(models.Model):
    entry = models.ForeignKey(TaskCardEntry, on_delete=models.PROTECT, related_name="versions")
    version = models.PositiveIntegerField(_("버전"))
    title = models.CharField(_("제목"), max_length=200)
    body = models.TextField(_("내용"), blank=True)
    entry_date = models.DateField(_("일자"))
    completed_on = models.DateField(_("완료일"), null=True, blank=True)
    edited_by = models.ForeignKey("org.User", verbose_name=_("작성자"), on_delete=models.PROTECT, related_name="+")
    edited_at = models.DateTimeField(_("작성일시"))

    class Meta:
        verbose_name = _("카드 항목 버전")
        verbose_name_plural = _("카드 항목 버전")
        ordering = ["entry", "-version"]
        constraints = [models.UniqueConstraint(fields=["entry", "version"], name="task_card_entry_version_unique")]

    def __str__(self) -> str:
        return f"{self.title} v{self.version}"


class RelatedDocument(models.Model):
    """A document filed under a unit task, shown on its card (관련문서).

    Written by the producing app through tasks.services.related_document_link — e-approval on
    registration, and this app for memo reports and meeting minutes — so the work-management app
    never imports the apps above it. (source, source_id) is unique: linking twice is a no-op.
    """

    class Source(models.TextChoices):
        APPROVAL = "approval", _("전자결재 문서")
        RECEIVED = "received", _("접수 문서")
        MEMO = "memo", _("메모보고")
        MINUTES = "minutes", _("회의록")
        DIRECTIVE = "directive", _("지시사항")

    unit_task = models.ForeignKey(UnitTask, on_delete=models.PROTECT, related_name="related_documents")
    source = models.CharField(_("구분"), max_length=20, choices=Source.choices)
    source_id = models.CharField(max_length=64)
    title = models.CharField(_("제목"), max_length=300)
    reference = models.CharField(_("등록번호"), max_length=100, blank=True)
    produced_on = models.DateField(_("생산일자"))
    url = models.CharField(max_length=300, blank=True)
    linked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("관련 문서")
        verbose_name_plural = _("관련 문서")
        ordering = ["-produced_on", "-id"]
        indexes = [models.Index(fields=["unit_task", "-produced_on"])]
        constraints = [models.UniqueConstraint(fields=["source", "source_id"], name="related_document_once")]

    def __str__(self) -> str:
        return self.title
