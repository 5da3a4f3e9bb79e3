"""Documents (문서, 기안문) and what is kept with them: versions of the text, comments, the
recorded decision path (문서관리카드 보고경로), recipients, carbon copies and attachments.

A document is drafted by one person for their department (the 처리과, whose yearly counter gives
the registration number on completion), filed under a unit task with its retention period and
disclosure class, and passes the approval line (`ApprovalStep` rows, approval.models.lines).
Nothing that was decided is overwritten: approvers' edits are `DocumentVersion` rows, every
action is a `DocumentEvent`, a returned document is redrafted as a new round (`redraft_of`), and a
registered document cannot be deleted (a database trigger refuses it, migration 0002).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from org.models import User

from tasks.models.classification import Disclosure, RetentionPeriod, disclosure_ground_validator, disclosure_label

GENERAL_KIND = "general"


class DocumentStatus(models.TextChoices):
    DRAFT = "draft", _("기안 중")
    IN_PROGRESS = "in_progress", _("결재 진행")
    ON_HOLD = "on_hold", _("보류")
    COMPLETED = "completed", _("결재 완료")
    REJECTED = "rejected", _("반려")
    WITHDRAWN = "withdrawn", _("회수")


# Statuses in which the approval line is still running.
OPEN_STATUSES = (DocumentStatus.IN_PROGRESS, DocumentStatus.ON_HOLD)


class Importance(models.TextChoices):
    """중요도, one of the keys of the delegation table (중요한 사항은 상위 직위가 결재)."""

    NORMAL = "normal", _("일반")
    IMPORTANT = "important", _("중요")


class DocumentQuerySet(models.QuerySet):
    def visible_to(self, user: User | None, *, now: datetime | None = None) -> DocumentQuerySet:
        """Documents this person may open; see approval.permissions for the rules."""
        from approval.permissions import document_visibility_q

        return self.filter(document_visibility_q(user, now=now))


class Document(models.Model):
    title = models.CharField(_("제목"), max_length=300)
    body = models.TextField(_("본문"), blank=True, help_text=_("허용된 태그만 남기고 정리한 HTML"))
    version = models.PositiveIntegerField(_("본문 버전"), default=1)
    kind = models.CharField(_("문서 종류(양식)"), max_length=50, default=GENERAL_KIND, db_index=True)
    form_data = models.JSONField(_("양식 입력값"), default=dict, blank=True)
    decision_amount = models.BigIntegerField(
        _("결재 금액(원)"), null=True, blank=True, help_text=_("위임전결 규정의 금액 구간을 정하는 금액")
    )
    importance = models.CharField(_("중요도"), max_length=10, choices=Importance.choices, default=Importance.NORMAL)
    # What the document decides about, for kinds other apps register (leave, expenditure …).
    subject_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    subject_id = models.CharField(max_length=64, blank=True)
    # Who the subject is for when the kind names someone other than the drafter (a leave
    # request's applicant …): like the drafter, they never decide a step of it (approval.turn).
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("신청인"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="requested_documents",
    )

    drafter = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("기안자"), on_delete=models.PROTECT, related_name="drafted_documents"
    )
    department = models.ForeignKey(
        "org.Department", verbose_name=_("처리과"), on_delete=models.PROTECT, related_name="documents"
    )
    is_internal = models.BooleanField(_("내부결재"), default=True)

    # Filing data (단위과제, 보존기간, 공개구분). A draft may lack them while it is being written
    # (autosave); from 상신 on they are required (constraint document_filed_when_submitted).
    unit_task = models.ForeignKey(
        "tasks.UnitTask",
        verbose_name=_("단위과제"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
    )
    retention_period = models.CharField(_("보존기간"), max_length=20, choices=RetentionPeriod.choices, blank=True)
    disclosure = models.CharField(_("공개구분"), max_length=10, choices=Disclosure.choices, default=Disclosure.PUBLIC)
    disclosure_ground = models.CharField(
        _("비공개 근거(호)"), max_length=20, blank=True, validators=[disclosure_ground_validator]
    )

    status = models.CharField(
        _("상태"), max_length=12, choices=DocumentStatus.choices, default=DocumentStatus.DRAFT, db_index=True
    )
    round = models.PositiveSmallIntegerField(_("기안 차수"), default=1)
    redraft_of = models.OneToOneField(
        "self",
        verbose_name=_("재기안 전 문서"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="redraft",
    )
    # The delegation-table row the line was validated against on 상신 (None: the institution head
    # decides). Rules are deactivated, never deleted, so the record keeps what it was decided under.
    delegation_rule = models.ForeignKey(
        "approval.DelegationRule", null=True, blank=True, on_delete=models.PROTECT, related_name="documents"
    )
    # While on hold (보류): the step that holds it; only its approver (or proxy) may move it on.
    held_step = models.ForeignKey(
        "approval.ApprovalStep", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The line being composed while drafting (autosaved with the text); steps exist from 상신 on.
    draft_line = models.JSONField(_("작성 중인 결재선"), default=dict, blank=True)

    created_at = models.DateTimeField(_("작성일시"), auto_now_add=True)
    updated_at = models.DateTimeField(_("수정일시"), auto_now=True)
    submitted_at = models.DateTimeField(_("상신일시"), null=True, blank=True)
    closed_at = models.DateTimeField(_("종결일시"), null=True, blank=True)

    # 생산등록번호: the handling department's code and its serial for the calendar year.
    registration_number = models.CharField(_("생산등록번호"), max_length=60, blank=True)
    registration_year = models.PositiveSmallIntegerField(_("등록 연도"), null=True, blank=True)
    registration_serial = models.PositiveIntegerField(_("등록 일련번호"), null=True, blank=True)
    registered_at = models.DateTimeField(_("등록일시"), null=True, blank=True)
    # The department's name when the number was given: the printed number (총무과-4056) keeps it
    # even if the department is renamed later.
    registered_department_name = models.CharField(_("등록 당시 처리과명"), max_length=100, blank=True)
    # 기록물 폐기 (records.disposal, 공공기록물법 제27조): the text, versions, 붙임 and PDF are gone;
    # the 등록정보 (number, title, dates, the decision path) stays.
    disposed_at = models.DateTimeField(_("폐기일시"), null=True, blank=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("문서")
        verbose_name_plural = _("문서")
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["drafter", "status"]),
            models.Index(fields=["department", "status"]),
            models.Index(fields=["subject_type", "subject_id"]),
            models.Index(fields=["unit_task"]),
        ]
        constraints = [
            # The backstop of numbering: a serial is never given twice in a department's year.
            models.UniqueConstraint(
                fields=["department", "registration_year", "registration_serial"],
                condition=Q(registration_serial__isnull=False),
                name="document_registration_unique",
            ),
            models.CheckConstraint(
                condition=Q(
                    status="completed",
                    registration_serial__isnull=False,
                    registration_year__isnull=False,
                    registered_at__isnull=False,
                )
                & ~Q(registration_number="")
                | ~Q(status="completed")
                & Q(registration_serial__isnull=True, registration_year__isnull=True, registration_number=""),
                name="document_registered_iff_completed",
            ),
            models.CheckConstraint(
                condition=Q(status="draft")
                | Q(disclosure="public", disclosure_ground="")
                | ~Q(disclosure="public") & ~Q(disclosure_ground=""),
                name="document_disclosure_ground",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(unit_task__isnull=False) & ~Q(retention_period=""),
                name="document_filed_when_submitted",
            ),
            models.CheckConstraint(
                condition=Q(status="on_hold", held_step__isnull=False)
                | ~Q(status="on_hold") & Q(held_step__isnull=True),
                name="document_held_step_iff_on_hold",
            ),
            models.CheckConstraint(condition=Q(decision_amount__gte=0), name="document_amount_not_negative"),
            # One subject is decided by one running document at a time.
            models.UniqueConstraint(
                fields=["subject_type", "subject_id"],
                condition=Q(status__in=["draft", "in_progress", "on_hold"]) & ~Q(subject_id=""),
                name="document_one_open_per_subject",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_registered(self) -> bool:
        return self.registration_serial is not None

    @property
    def registration_display(self) -> str:
        """The number as printed: 처리과명-연번 (e.g. 총무과-4056)."""
        if not self.is_registered:
            return ""
        return f"{self.registered_department_name}-{self.registration_serial}"

    @property
    def disclosure_label(self) -> str:
        return disclosure_label(self.disclosure, self.disclosure_ground)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class Recipient(models.Model):
    """수신: an institution (or the province) the completed document is sent to. Delivery state is
    kept by the exchange (문서유통) when it lands; here only who, in which order, and 경유."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="recipients")
    order = models.PositiveSmallIntegerField(_("순서"))
    institution_code = models.CharField(_("수신 기관코드"), max_length=30)
    name = models.CharField(_("수신자"), max_length=100, help_text=_("예: 경상북도지사(기획조정실장)"))
    via = models.CharField(_("경유"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("수신자")
        verbose_name_plural = _("수신자")
        ordering = ["document", "order"]
        constraints = [
            models.UniqueConstraint(fields=["document", "order"], name="recipient_order_unique"),
            models.UniqueConstraint(fields=["document", "institution_code"], name="recipient_once"),
        ]

    def __str__(self) -> str:
        return self.name


class CarbonCopy(models.Model):
    """참조: someone informed of the document, who does not decide."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="carbon_copies")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("참조자"), on_delete=models.PROTECT, related_name="+"
    )
    read_at = models.DateTimeField(_("열람일시"), null=True, blank=True)

    class Meta:
        verbose_name = _("참조")
        verbose_name_plural = _("참조")
        constraints = [models.UniqueConstraint(fields=["document", "user"], name="carbon_copy_once")]
        indexes = [models.Index(fields=["user"])]

    def __str__(self) -> str:
        return f"{self.document_id} {self.user_id}"


class DocumentVersion(models.Model):
    """The title and body as they stood at one moment: the submitted text (the first version of
    the round) and every edit an approver made while deciding. The current text is copied onto
    the document so pages read one row."""

    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="versions")
    version = models.PositiveIntegerField(_("버전"))
    title = models.CharField(_("제목"), max_length=300)
    body = models.TextField(_("본문"), blank=True)
    step = models.ForeignKey(
        "approval.ApprovalStep", null=True, blank=True, on_delete=models.PROTECT, related_name="versions"
    )
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("수정자"), on_delete=models.PROTECT, related_name="+"
    )
    edited_at = models.DateTimeField(_("수정일시"))
    note = models.CharField(_("수정 사유"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("문서 버전")
        verbose_name_plural = _("문서 버전")
        ordering = ["document", "version"]
        constraints = [models.UniqueConstraint(fields=["document", "version"], name="document_version_unique")]

    def __str__(self) -> str:
        return f"{self.title} v{self.version}"


class DocumentComment(models.Model):
    """의견: a remark by the drafter or someone on the line, on the step they were at."""

    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="comments")
    step = models.ForeignKey(
        "approval.ApprovalStep", null=True, blank=True, on_delete=models.PROTECT, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("작성자"), on_delete=models.PROTECT, related_name="+"
    )
    body = models.TextField(_("의견"))
    created_at = models.DateTimeField(_("작성일시"))

    class Meta:
        verbose_name = _("의견")
        verbose_name_plural = _("의견")
        ordering = ["document", "created_at", "id"]

    def __str__(self) -> str:
        return self.body[:50]


class EventAction(models.TextChoices):
    SUBMIT = "submit", _("상신")
    APPROVE = "approve", _("승인")
    CONCUR = "concur", _("협조")
    REVIEW = "review", _("검토")
    REJECT = "reject", _("반려")
    RETURN_STEP = "return_step", _("전단계 반려")
    HOLD = "hold", _("보류")
    RESUME = "resume", _("보류 해제")
    WITHDRAW = "withdraw", _("회수")
    EDIT = "edit", _("수정")
    COMMENT = "comment", _("의견")
    COMPLETE = "complete", _("결재 완료")
    POST_APPROVE = "post_approve", _("후결")
    REDRAFT = "redraft", _("재기안")
    CIRCULATE = "circulate", _("공람 지정")
    DISPOSE = "dispose", _("기록물 폐기")


class DocumentEvent(models.Model):
    """One line of the 보고경로 (the recorded decision path): who did what, when, at which step,
    in whose place (대결), with which text version. Appended, never changed; the tamper-evident
    copy of the decisive ones is the audit chain."""

    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="events")
    step = models.ForeignKey(
        "approval.ApprovalStep", null=True, blank=True, on_delete=models.PROTECT, related_name="events"
    )
    action = models.CharField(_("처리"), max_length=20, choices=EventAction.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("처리자"), on_delete=models.PROTECT, related_name="+"
    )
    on_behalf_of = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("대결 대상자"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    version = models.PositiveIntegerField(_("본문 버전"))
    comment = models.TextField(_("의견"), blank=True)
    occurred_at = models.DateTimeField(_("일시"))

    class Meta:
        verbose_name = _("보고경로 이력")
        verbose_name_plural = _("보고경로 이력")
        ordering = ["document", "occurred_at", "id"]

    def __str__(self) -> str:
        return f"{self.document_id} {self.get_action_display()}"


def _attachment_upload_to(instance: Attachment, filename: str) -> str:
    # Stored under the checksum, never the uploader's name (no path tricks, no clash between two
    # files both called 붙임.hwp); TenantFileSystemStorage puts it under the institution's folder.
    return f"approval/{instance.sha256[:2]}/{instance.sha256}"


class Attachment(models.Model):
    """붙임: a file attached to a document, checked by core.uploads.check_upload."""

    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="attachments")
    order = models.PositiveSmallIntegerField(_("순서"))
    file = models.FileField(_("파일"), upload_to=_attachment_upload_to, max_length=200)
    original_name = models.CharField(_("파일명"), max_length=255)
    content_type = models.CharField(_("형식"), max_length=100)
    size = models.PositiveBigIntegerField(_("크기(바이트)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("올린 일시"), auto_now_add=True)

    class Meta:
        verbose_name = _("붙임")
        verbose_name_plural = _("붙임")
        ordering = ["document", "order"]
        constraints = [models.UniqueConstraint(fields=["document", "order"], name="attachment_order_unique")]

    def __str__(self) -> str:
        return self.original_name
