"""Documents received from other institutions (수신문서), in the receiver's own schema.

A `ReceivedDocument` is created by the exchange's delivery job (one per outbox message: the
message uuid is UNIQUE, so a redelivered message creates nothing twice) with copies of the
official PDF and the attachments, each with its SHA-256. It then goes 접수대기 → 접수 (a receipt
number `<처리과명>-<serial>` from the registering department's yearly counter) → 배부 (to the
department that handles it) → 처리담당 (the handler named by that department) → 처리 완료;
공람 (circulation) records who read it. Every step is a `ReceiptEvent`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ReceiptStatus(models.TextChoices):
    WAITING = "waiting", _("접수대기")
    REGISTERED = "registered", _("접수")
    DISTRIBUTED = "distributed", _("배부")
    ASSIGNED = "assigned", _("처리 중")
    DONE = "done", _("처리 완료")


def _pdf_upload_to(instance: ReceivedDocument, filename: str) -> str:
    # TenantFileSystemStorage puts this under the receiving institution's folder.
    return f"receipts/{instance.message_id}/{filename}"


def _attachment_upload_to(instance: ReceivedAttachment, filename: str) -> str:
    return f"receipts/{instance.received.message_id}/{instance.order}-{instance.sha256[:16]}"


class ReceivedDocument(models.Model):
    message_id = models.UUIDField(_("유통 메시지"), unique=True, editable=False)
    sender_code = models.CharField(_("발신 기관코드"), max_length=30)
    sender_name = models.CharField(_("발신 기관"), max_length=100)
    sender_title = models.CharField(_("발신명의"), max_length=150, blank=True)
    sender_department = models.CharField(_("발신 처리과"), max_length=100, blank=True)
    sender_registration_number = models.CharField(_("생산등록번호"), max_length=60, blank=True)
    sender_registered_at = models.DateTimeField(_("시행일자"), null=True, blank=True)
    addressed_to = models.CharField(_("수신자"), max_length=100, blank=True)
    title = models.CharField(_("제목"), max_length=300)
    body = models.TextField(_("본문"), blank=True)
    disclosure = models.CharField(_("공개구분"), max_length=100, blank=True)
    received_at = models.DateTimeField(_("수신일시"), db_index=True)

    status = models.CharField(
        _("상태"), max_length=12, choices=ReceiptStatus.choices, default=ReceiptStatus.WAITING, db_index=True
    )
    # 접수: the registering department's serial of the calendar year (접수등록번호).
    registered_department = models.ForeignKey(
        "org.Department", verbose_name=_("접수 부서"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    registration_year = models.PositiveSmallIntegerField(_("접수 연도"), null=True, blank=True)
    registration_serial = models.PositiveIntegerField(_("접수 일련번호"), null=True, blank=True)
    registration_number = models.CharField(_("접수등록번호"), max_length=120, blank=True)
    registered_at = models.DateTimeField(_("접수일시"), null=True, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("접수자"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # 배부: the department that handles it (처리과).
    department = models.ForeignKey(
        "org.Department",
        verbose_name=_("처리과"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="received_documents",
    )
    distributed_at = models.DateTimeField(_("배부일시"), null=True, blank=True)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("처리담당자"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="handled_receipts",
    )
    assigned_at = models.DateTimeField(_("담당 지정일시"), null=True, blank=True)
    completed_at = models.DateTimeField(_("처리 완료일시"), null=True, blank=True)

    pdf = models.FileField(_("공문서 PDF"), upload_to=_pdf_upload_to, max_length=200)
    pdf_sha256 = models.CharField(_("PDF SHA-256"), max_length=64)
    pdf_size = models.PositiveBigIntegerField(_("PDF 크기(바이트)"))
    # The same PDF with this institution's 접수 stamp (접수등록번호 and date) on its last page,
    # made once on 접수; the sender's file above stays byte-identical.
    stamped_pdf = models.FileField(_("접수 표시 PDF"), upload_to=_pdf_upload_to, max_length=200, blank=True)
    stamped_pdf_sha256 = models.CharField(_("접수 표시 PDF SHA-256"), max_length=64, blank=True)
    # 기록물 폐기 (records.disposal): the text, PDFs and 붙임 are gone; the 등록정보 stays.
    disposed_at = models.DateTimeField(_("폐기일시"), null=True, blank=True)

    class Meta:
        verbose_name = _("수신문서")
        verbose_name_plural = _("수신문서")
        ordering = ["-received_at", "-id"]
        # 문서과/기록물관리 담당: who registers (접수) arrivals and distributes (배부) them. Granted
        # to the institution admin role (and the province's planning office) in org.roles.
        permissions = [("register_receipt", _("수신문서를 접수·배부할 수 있음"))]
        indexes = [
            models.Index(fields=["department", "status"]),
            models.Index(fields=["handler", "status"]),
        ]
        constraints = [
            # The backstop of receipt numbering: a serial is never given twice in a department's year.
            models.UniqueConstraint(
                fields=["registered_department", "registration_year", "registration_serial"],
                condition=Q(registration_serial__isnull=False),
                name="receipt_registration_unique",
            ),
            # Waiting documents have no number; every later state has one.
            models.CheckConstraint(
                condition=Q(status="waiting", registration_serial__isnull=True)
                | ~Q(status="waiting")
                & Q(
                    registration_serial__isnull=False, registered_department__isnull=False, registered_at__isnull=False
                ),
                name="receipt_numbered_unless_waiting",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["distributed", "assigned", "done"]) | Q(department__isnull=False),
                name="receipt_department_when_distributed",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["assigned", "done"]) | Q(handler__isnull=False),
                name="receipt_handler_when_assigned",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ReceivedAttachment(models.Model):
    """붙임 of a received document: a copy in this institution's folder, with the sender's SHA-256."""

    received = models.ForeignKey(ReceivedDocument, on_delete=models.PROTECT, related_name="attachments")
    order = models.PositiveSmallIntegerField(_("순서"))
    file = models.FileField(_("파일"), upload_to=_attachment_upload_to, max_length=200)
    original_name = models.CharField(_("파일명"), max_length=255)
    content_type = models.CharField(_("형식"), max_length=100)
    size = models.PositiveBigIntegerField(_("크기(바이트)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)

    class Meta:
        verbose_name = _("수신문서 붙임")
        verbose_name_plural = _("수신문서 붙임")
        ordering = ["received", "order"]
        constraints = [models.UniqueConstraint(fields=["received", "order"], name="received_attachment_order_unique")]

    def __str__(self) -> str:
        return self.original_name


class ReceiptCounter(models.Model):
    """The last receipt serial of a department's calendar year (접수등록번호의 연번)."""

    department = models.ForeignKey("org.Department", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("접수번호 카운터")
        verbose_name_plural = _("접수번호 카운터")
        constraints = [models.UniqueConstraint(fields=["department", "year"], name="receipt_counter_unique")]

    def __str__(self) -> str:
        return f"{self.department_id} {self.year}: {self.last}"


class ReceiptAction(models.TextChoices):
    ARRIVE = "arrive", _("수신")
    REGISTER = "register", _("접수")
    DISTRIBUTE = "distribute", _("배부")
    ASSIGN = "assign", _("처리담당자 지정")
    CIRCULATE = "circulate", _("공람 지정")
    COMPLETE = "complete", _("처리 완료")
    DISPOSE = "dispose", _("기록물 폐기")


class ReceiptEvent(models.Model):
    """One line of the received document's history. Appended, never changed."""

    received = models.ForeignKey(ReceivedDocument, on_delete=models.PROTECT, related_name="events")
    action = models.CharField(_("처리"), max_length=20, choices=ReceiptAction.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("처리자"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.CharField(_("내용"), max_length=300, blank=True)
    occurred_at = models.DateTimeField(_("일시"))

    class Meta:
        verbose_name = _("수신문서 이력")
        verbose_name_plural = _("수신문서 이력")
        ordering = ["received", "occurred_at", "id"]

    def __str__(self) -> str:
        return f"{self.received_id} {self.get_action_display()}"


class ReceiptCirculation(models.Model):
    """공람: someone named to read the received document, and when they read it."""

    received = models.ForeignKey(ReceivedDocument, on_delete=models.PROTECT, related_name="circulations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("공람자"), on_delete=models.PROTECT, related_name="+"
    )
    circulated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    circulated_at = models.DateTimeField(_("지정일시"))
    read_at = models.DateTimeField(_("열람일시"), null=True, blank=True)

    class Meta:
        verbose_name = _("수신문서 공람")
        verbose_name_plural = _("수신문서 공람")
        ordering = ["received", "circulated_at", "id"]
        constraints = [models.UniqueConstraint(fields=["received", "user"], name="receipt_circulation_once")]
        indexes = [models.Index(fields=["user"])]

    def __str__(self) -> str:
        return f"{self.received_id} {self.user_id}"
