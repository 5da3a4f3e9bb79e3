"""Records (기록물) and record files (기록물철) of one institution, per 공공기록물법.

Every completed document (생산) and every registered receipt (접수) becomes a `Record` in the
transaction that completes or registers it (records.registration, through the signals approval
and receipts send); paper and other non-electronic records (도면, 사진, 대장 …) are registered by
hand. A record is filed into a `RecordFile`: one per unit task (단위과제), department and
production year and medium (전자/비전자), created on demand. Retention and its reason come from the
unit task's entry in the retention schedule (기록관리기준표), never typed; a file keeps the longest
retention of its records. Records are never deleted: only the disposal procedure may destroy
content, and it keeps the metadata.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tasks.models import Disclosure, RetentionPeriod
from tasks.models.classification import disclosure_label

# Longest first: a file's retention is the first of these any of its records has.
RETENTION_ORDER = (
    RetentionPeriod.PERMANENT,
    RetentionPeriod.SEMI_PERMANENT,
    RetentionPeriod.YEARS_30,
    RetentionPeriod.YEARS_10,
    RetentionPeriod.YEARS_5,
    RetentionPeriod.YEARS_3,
    RetentionPeriod.YEARS_1,
)


def longest_retention(*periods: str) -> str:
    """The longest of the given retention periods (영구 > 준영구 > 30년 > … > 1년)."""
    given = [p for p in periods if p]
    if not given:
        return ""
    return min(given, key=lambda p: RETENTION_ORDER.index(RetentionPeriod(p)))


class RecordSource(models.TextChoices):
    PRODUCED = "produced", _("생산")
    RECEIVED = "received", _("접수")
    MANUAL = "manual", _("수기 등록")
    LEGACY = "legacy", _("기존 시스템 이관")  # 자료이관: imported from an institution's old system
    # What the 업무관리시스템 produces (tasks.signals.work_produced), numbered in the department's
    # yearly 업무관리 series (RecordCounter, series "work").
    MEMO = "memo", _("메모보고")
    MINUTES = "minutes", _("회의록")
    TASK_CARD = "task_card", _("과제관리카드")


class RecordType(models.TextChoices):
    """기록물 형태 (비전자기록물 registered by hand name theirs)."""

    DOCUMENT = "document", _("일반문서")
    DRAWING = "drawing", _("도면")
    PHOTO = "photo", _("사진·필름")
    LEDGER = "ledger", _("대장")
    CARD = "card", _("카드")
    AUDIOVISUAL = "audiovisual", _("시청각")


class FileStatus(models.TextChoices):
    OPEN = "open", _("생산 중")
    CLOSED = "closed", _("정리 완료")
    TRANSFERRING = "transferring", _("이관 요청")
    ARCHIVED = "archived", _("기록관 인수")
    DISPOSED = "disposed", _("폐기")  # content destroyed (records.disposal); the metadata stays


class RecordFile(models.Model):
    """기록물철: the records of one unit task, department and production year, electronic or not
    (a unit task may have several, split by subject: `sequence`)."""

    unit_task = models.ForeignKey(
        "tasks.UnitTask", verbose_name=_("단위과제"), on_delete=models.PROTECT, related_name="record_files"
    )
    department = models.ForeignKey(
        "org.Department", verbose_name=_("처리과"), on_delete=models.PROTECT, related_name="record_files"
    )
    year = models.PositiveSmallIntegerField(_("생산연도"))
    is_electronic = models.BooleanField(_("전자기록물철"), default=True)
    sequence = models.PositiveSmallIntegerField(_("철 순번"), default=1)
    title = models.CharField(_("기록물철 제목"), max_length=300)
    # From the unit task's schedule entry; raised (never lowered) to the longest of its records.
    retention_period = models.CharField(_("보존기간"), max_length=20, choices=RetentionPeriod.choices)
    retention_reason = models.CharField(_("보존기간 책정 사유"), max_length=300)
    status = models.CharField(_("상태"), max_length=12, choices=FileStatus.choices, default=FileStatus.OPEN)
    closed_at = models.DateTimeField(_("정리일시"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("정리한 사람"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    transfer = models.ForeignKey(
        "records.Transfer",
        verbose_name=_("이관"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="files",
    )
    created_at = models.DateTimeField(_("생성일시"), auto_now_add=True)

    class Meta:
        verbose_name = _("기록물철")
        verbose_name_plural = _("기록물철")
        ordering = ["department", "-year", "unit_task__code", "is_electronic", "sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit_task", "department", "year", "is_electronic", "sequence"], name="record_file_unique"
            ),
            models.CheckConstraint(
                condition=Q(status="open", closed_at__isnull=True) | ~Q(status="open") & Q(closed_at__isnull=False),
                name="record_file_closed_when_not_open",
            ),
        ]
        indexes = [models.Index(fields=["department", "year"]), models.Index(fields=["status"])]

    def __str__(self) -> str:
        return self.title

    @property
    def number(self) -> str:
        """철 번호 as printed: 처리과코드-단위과제코드-연도-전자/비전자 순번 (A111-UT0001-2026-전1)."""
        medium = "전" if self.is_electronic else "비"
        return f"{self.department.code}-{self.unit_task.code}-{self.year}-{medium}{self.sequence}"


class Record(models.Model):
    """기록물 (one registered document, received document or paper record) and its 등록정보."""

    source = models.CharField(_("등록 구분"), max_length=10, choices=RecordSource.choices)
    # The document (생산) or received document (접수) it registers; none for a hand registration or
    # a record imported from a legacy system (its number and dates are the old system's).
    source_id = models.PositiveBigIntegerField(_("원본 번호"), null=True, blank=True)
    registration_number = models.CharField(_("등록번호"), max_length=120)
    title = models.CharField(_("제목"), max_length=300)
    registered_on = models.DateField(_("등록일자"), db_index=True)
    year = models.PositiveSmallIntegerField(_("생산연도"))
    department = models.ForeignKey(
        "org.Department", verbose_name=_("처리과"), on_delete=models.PROTECT, related_name="records"
    )
    drafter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("기안자·접수자"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    author_label = models.CharField(_("생산자(발신기관)"), max_length=150, blank=True)
    # Received documents come without one: the 처리과 files them under a unit task (정리 checks it).
    unit_task = models.ForeignKey(
        "tasks.UnitTask",
        verbose_name=_("단위과제"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="records",
    )
    record_file = models.ForeignKey(
        RecordFile,
        verbose_name=_("기록물철"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="records",
    )
    retention_period = models.CharField(_("보존기간"), max_length=20, choices=RetentionPeriod.choices, blank=True)
    disclosure = models.CharField(_("공개구분"), max_length=10, choices=Disclosure.choices, default=Disclosure.PUBLIC)
    disclosure_ground = models.CharField(_("비공개 근거(호)"), max_length=20, blank=True)
    start_date = models.DateField(_("기산일"))
    is_electronic = models.BooleanField(_("전자기록물"), default=True)
    record_type = models.CharField(
        _("기록물 형태"), max_length=12, choices=RecordType.choices, default=RecordType.DOCUMENT
    )
    # The content as registered (the document's text) and its checksum; the components
    # (붙임, PDF) as [{"name", "path", "sha256"}] in the institution's storage.
    body = models.TextField(_("본문"), blank=True)
    body_sha256 = models.CharField(_("본문 SHA-256"), max_length=64, blank=True)
    components = models.JSONField(_("구성파일"), default=list, blank=True)
    # 비전자기록물: 쪽수, 보존 위치, 비치기록물 여부.
    pages = models.PositiveIntegerField(_("쪽수"), null=True, blank=True)
    location = models.CharField(_("보존 위치"), max_length=200, blank=True)
    kept_in_office = models.BooleanField(_("비치기록물"), default=False)
    # Fixity (records.fixity): when the body and every component were last re-hashed, the outcome,
    # and what did not match ([{"component", "reason"}]).
    fixity_checked_at = models.DateTimeField(_("무결성 확인일시"), null=True, blank=True)
    fixity_ok = models.BooleanField(_("무결성 정상"), null=True, blank=True)
    fixity_problems = models.JSONField(_("무결성 오류"), default=list, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("등록자"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("등록일시"))

    class Meta:
        verbose_name = _("기록물")
        verbose_name_plural = _("기록물")
        ordering = ["-registered_on", "-id"]
        constraints = [
            # A document or receipt is registered once, however often its completion is replayed.
            models.UniqueConstraint(
                fields=["source", "source_id"], condition=Q(source_id__isnull=False), name="record_source_once"
            ),
            models.CheckConstraint(
                condition=Q(source__in=("manual", "legacy"), source_id__isnull=True)
                | ~Q(source__in=("manual", "legacy")) & Q(source_id__isnull=False),
                name="record_source_id_unless_manual",
            ),
            models.CheckConstraint(
                condition=Q(is_electronic=True) | Q(pages__gt=0) & ~Q(location=""),
                name="record_paper_pages_location",
            ),
            models.CheckConstraint(
                condition=Q(record_file__isnull=True) | Q(unit_task__isnull=False) & ~Q(retention_period=""),
                name="record_filed_with_task",
            ),
        ]
        indexes = [
            models.Index(fields=["department", "year"]),
            models.Index(fields=["record_file"]),
            models.Index(fields=["unit_task"]),
            models.Index(fields=["fixity_checked_at", "id"], name="record_fixity_due"),
            models.Index(fields=["fixity_ok"], name="record_fixity_ok"),
            # The register's order (newest first): its first page reads the index, not a sort.
            models.Index(fields=["-registered_on", "-id"], name="record_register_order"),
            # Title and number search use pg_trgm's trigram indexes where the server has the
            # extension (migration 0005 creates them outside the model state; none otherwise).
        ]

    def __str__(self) -> str:
        return f"{self.registration_number} {self.title}"

    @property
    def disclosure_label(self) -> str:
        return disclosure_label(self.disclosure, self.disclosure_ground)

    @property
    def is_private(self) -> bool:
        return self.disclosure == Disclosure.PRIVATE


class CounterSeries(models.TextChoices):
    PAPER = "paper", _("비전자기록물")  # hand-registered records: `처리과명-비전자7`
    WORK = "work", _("업무관리")  # 메모보고, 회의록, 과제관리카드 share one series: `처리과명-메모보고7`


class RecordCounter(models.Model):
    """The last serial of one of a department's yearly records series (`series`): hand-registered
    (비전자) records, or what the 업무관리시스템 produces. Each series is gap-free per department
    and calendar year (core.serials)."""

    department = models.ForeignKey("org.Department", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    series = models.CharField(max_length=10, choices=CounterSeries.choices, default=CounterSeries.PAPER)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("기록물 번호 카운터")
        verbose_name_plural = _("기록물 번호 카운터")
        constraints = [
            models.UniqueConstraint(fields=["department", "year", "series"], name="record_counter_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.department_id} {self.year} {self.series}: {self.last}"


class ReadingLog(models.Model):
    """열람 기록: who opened a 비공개 record's content, when (listed for the 기록관)."""

    record = models.ForeignKey(Record, verbose_name=_("기록물"), on_delete=models.PROTECT, related_name="readings")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("열람자"), on_delete=models.PROTECT, related_name="+"
    )
    read_at = models.DateTimeField(_("열람일시"))
    ip_address = models.GenericIPAddressField(_("접속 IP"), null=True, blank=True)

    class Meta:
        verbose_name = _("열람 기록")
        verbose_name_plural = _("열람 기록")
        ordering = ["-read_at", "-id"]

    def __str__(self) -> str:
        return f"{self.record_id} {self.user_id} {self.read_at:%Y-%m-%d %H:%M}"


class TransferStatus(models.TextChoices):
    REQUESTED = "requested", _("인계 요청")
    ACCEPTED = "accepted", _("인수 완료")


class Transfer(models.Model):
    """이관 (처리과 → 기록관): the transfer list of one department's closed files, accepted by the
    기록관 once every component's checksum has been verified."""

    department = models.ForeignKey(
        "org.Department", verbose_name=_("처리과"), on_delete=models.PROTECT, related_name="record_transfers"
    )
    status = models.CharField(
        _("상태"), max_length=10, choices=TransferStatus.choices, default=TransferStatus.REQUESTED
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("인계자"), on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("인계 요청일시"))
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("인수자"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    accepted_at = models.DateTimeField(_("인수일시"), null=True, blank=True)
    checked_components = models.PositiveIntegerField(_("검증한 구성파일 수"), default=0)

    class Meta:
        verbose_name = _("이관")
        verbose_name_plural = _("이관")
        ordering = ["-requested_at", "-id"]

    def __str__(self) -> str:
        return f"{self.department_id} {self.requested_at:%Y-%m-%d}"


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("작성 중")
    SUBMITTED = "submitted", _("결재 중")
    APPROVED = "approved", _("통보 완료")
    RETURNED = "returned", _("반려·회수")


class ProductionReport(models.Model):
    """생산현황 통보 (처리과 → 기록관, by 31 May): a department's records of a production year
    counted by unit task, retention and disclosure, submitted through e-approval
    (`records.production_report`); the engine's callbacks move it."""

    department = models.ForeignKey(
        "org.Department", verbose_name=_("처리과"), on_delete=models.PROTECT, related_name="production_reports"
    )
    year = models.PositiveSmallIntegerField(_("생산연도"))
    status = models.CharField(_("상태"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    # [{"unit_task", "code", "retention", "public", "partial", "private", "paper", "total"}] and totals.
    counts = models.JSONField(_("생산현황"), default=dict)
    document = models.ForeignKey(
        "approval.Document",
        verbose_name=_("결재 문서"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    registration_number = models.CharField(_("생산등록번호"), max_length=60, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("작성자"), on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("상신일시"), null=True, blank=True)
    decided_at = models.DateTimeField(_("결재일시"), null=True, blank=True)

    class Meta:
        verbose_name = _("생산현황 통보")
        verbose_name_plural = _("생산현황 통보")
        ordering = ["-year", "department"]
        constraints = [models.UniqueConstraint(fields=["department", "year"], name="production_report_once")]

    def __str__(self) -> str:
        return f"{self.department_id} {self.year}"


# --- 평가·폐기, 법적 보존, 비공개 재분류 (records.disposal, records.reclassify) ------------------------


class HoldReason(models.TextChoices):
    LITIGATION = "litigation", _("소송")
    AUDIT = "audit", _("감사")
    DISCLOSURE_REQUEST = "disclosure_request", _("정보공개 청구")
    OTHER = "other", _("기타 법적 보존 요청")


class LegalHold(models.Model):
    """법적 보존 요청: while in force (not released) the file cannot be chosen for disposal."""

    record_file = models.ForeignKey(
        RecordFile, verbose_name=_("기록물철"), on_delete=models.PROTECT, related_name="legal_holds"
    )
    reason = models.CharField(_("보존 요청 사유"), max_length=20, choices=HoldReason.choices)
    note = models.CharField(_("근거(사건번호·청구번호 등)"), max_length=300)
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("요청 등록자"), on_delete=models.PROTECT, related_name="+"
    )
    placed_at = models.DateTimeField(_("등록일시"))
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("해제한 사람"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    released_at = models.DateTimeField(_("해제일시"), null=True, blank=True)

    class Meta:
        verbose_name = _("법적 보존 요청")
        verbose_name_plural = _("법적 보존 요청")
        ordering = ["-placed_at", "-id"]
        indexes = [models.Index(fields=["record_file", "released_at"])]

    def __str__(self) -> str:
        return f"{self.record_file_id} {self.reason}"


class DisposalStatus(models.TextChoices):
    OPINION = "opinion", _("처리과 의견조회")
    REVIEW = "review", _("전문요원 심사")
    COMMITTEE = "committee", _("심의회 결재 중")
    DECIDED = "decided", _("심의 완료")


class Disposal(models.Model):
    """평가·폐기 of expired files in three steps: the 기록관 lists them and asks the 처리과 for
    its opinion, 기록물관리전문요원 심사 proposes a decision per file, the 기록물평가심의회
    (members recorded, outside ones included) decides through e-approval (`records.disposal`)."""

    status = models.CharField(_("단계"), max_length=10, choices=DisposalStatus.choices, default=DisposalStatus.OPINION)
    title = models.CharField(_("제목"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("작성자"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("작성일시"))
    # [{"name", "affiliation", "outside": bool}] of the 기록물평가심의회.
    committee = models.JSONField(_("기록물평가심의회 위원"), default=list, blank=True)
    reviewed_at = models.DateTimeField(_("심사일시"), null=True, blank=True)
    document = models.ForeignKey(
        "approval.Document",
        verbose_name=_("결재 문서"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("상신일시"), null=True, blank=True)
    decided_at = models.DateTimeField(_("결정일시"), null=True, blank=True)
    registration_number = models.CharField(_("결재 문서 등록번호"), max_length=60, blank=True)
    destroyed_at = models.DateTimeField(_("폐기 집행일시"), null=True, blank=True)

    class Meta:
        verbose_name = _("기록물 평가·폐기")
        verbose_name_plural = _("기록물 평가·폐기")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title


class DisposalDecision(models.TextChoices):
    DISPOSE = "dispose", _("폐기")
    RESET = "reset", _("보존기간 재책정")
    HOLD = "hold", _("보류")


class DisposalItem(models.Model):
    """One expired file in a disposal: the 처리과's opinion, the 전문요원's proposal, the decision
    and, once destroyed, what was destroyed ([{"number", "title", "body_sha256", "components"}])."""

    disposal = models.ForeignKey(Disposal, verbose_name=_("평가·폐기"), on_delete=models.PROTECT, related_name="items")
    record_file = models.ForeignKey(
        RecordFile, verbose_name=_("기록물철"), on_delete=models.PROTECT, related_name="disposal_items"
    )
    retention_before = models.CharField(_("종전 보존기간"), max_length=20, choices=RetentionPeriod.choices)
    expired_on = models.DateField(_("보존기간 만료일"))
    opinion = models.CharField(_("처리과 의견"), max_length=10, choices=DisposalDecision.choices, blank=True)
    opinion_reason = models.CharField(_("처리과 의견 사유"), max_length=500, blank=True)
    opinion_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("의견 제출자"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    opinion_at = models.DateTimeField(_("의견 제출일시"), null=True, blank=True)
    decision = models.CharField(_("심사·결정"), max_length=10, choices=DisposalDecision.choices, blank=True)
    decision_reason = models.CharField(_("심사 의견"), max_length=500, blank=True)
    new_retention = models.CharField(_("재책정 보존기간"), max_length=20, choices=RetentionPeriod.choices, blank=True)
    hold_until = models.DateField(_("보류 후 재평가일"), null=True, blank=True)
    destroyed = models.JSONField(_("폐기한 기록물"), default=list, blank=True)
    destroyed_at = models.DateTimeField(_("폐기일시"), null=True, blank=True)

    class Meta:
        verbose_name = _("평가 대상 기록물철")
        verbose_name_plural = _("평가 대상 기록물철")
        ordering = ["disposal", "id"]
        constraints = [
            models.UniqueConstraint(fields=["disposal", "record_file"], name="disposal_item_once"),
        ]

    def __str__(self) -> str:
        return f"{self.disposal_id} {self.record_file_id}"


class CommitteeSignature(models.Model):
    """One 기록물평가심의회 member's signed opinion on one file of a review (기록물평가심의서): 동의 or
    부동의 of the proposed decision, with the reason for a 부동의. Members sign individually (outside
    members on the paper 심의서 the 전문요원 records as 간사); a file is destroyed only when every
    member agreed with its 폐기 (records.disposal)."""

    item = models.ForeignKey(
        DisposalItem, verbose_name=_("평가 대상 기록물철"), on_delete=models.PROTECT, related_name="signatures"
    )
    member = models.PositiveSmallIntegerField(_("위원 순번"))  # the member's place in Disposal.committee
    member_name = models.CharField(_("위원 성명"), max_length=100)
    agrees = models.BooleanField(_("동의"))
    reason = models.CharField(_("의견"), max_length=500, blank=True)
    signed_on = models.DateField(_("서명일"))
    # The 간사 who recorded a paper 심의서, or none when the member signed through their link.
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("기록한 사람(간사)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    invitation = models.ForeignKey(
        "records.CommitteeInvitation",
        verbose_name=_("서명 링크"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="signatures",
    )
    recorded_at = models.DateTimeField(_("기록일시"))

    class Meta:
        verbose_name = _("심의회 위원 서명")
        verbose_name_plural = _("심의회 위원 서명")
        ordering = ["item", "member"]
        constraints = [
            models.UniqueConstraint(fields=["item", "member"], name="committee_signature_once"),
            models.CheckConstraint(condition=Q(agrees=True) | ~Q(reason=""), name="committee_dissent_has_reason"),
            models.CheckConstraint(
                condition=Q(recorded_by__isnull=False) | Q(invitation__isnull=False),
                name="committee_signature_recorded_or_signed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item_id} {self.member_name}"


class CommitteeInvitation(models.Model):
    """서명 링크: a one-time, time-limited link for one 기록물평가심의회 member (an outside member has
    no account here) to read the files under review and sign the 심의서 themselves: 동의 or 부동의
    with a reason per file (records.committee_links). Only the token's SHA-256 is kept; the 간사
    sees the link once and sends it. A newer link for the same member revokes the older one."""

    disposal = models.ForeignKey(
        Disposal, verbose_name=_("평가·폐기"), on_delete=models.PROTECT, related_name="invitations"
    )
    member = models.PositiveSmallIntegerField(_("위원 순번"))  # the member's place in Disposal.committee
    member_name = models.CharField(_("위원 성명"), max_length=100)
    token_sha256 = models.CharField(_("링크 토큰 SHA-256"), max_length=64, unique=True)
    expires_at = models.DateTimeField(_("만료일시"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("만든 사람(간사)"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("만든 일시"))
    used_at = models.DateTimeField(_("서명일시"), null=True, blank=True)
    used_ip = models.GenericIPAddressField(_("서명 IP"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("무효화 일시"), null=True, blank=True)

    class Meta:
        verbose_name = _("심의회 위원 서명 링크")
        verbose_name_plural = _("심의회 위원 서명 링크")
        ordering = ["disposal", "member", "-created_at"]
        indexes = [models.Index(fields=["disposal", "member"])]

    def __str__(self) -> str:
        return f"{self.disposal_id} {self.member_name}"


class DisclosureReview(models.Model):
    """비공개 재분류 (법 제35조): a review of one record's 공개구분 with its ground; 비공개 records
    are reviewed again every 5 years."""

    record = models.ForeignKey(
        Record, verbose_name=_("기록물"), on_delete=models.PROTECT, related_name="disclosure_reviews"
    )
    reviewed_on = models.DateField(_("재분류일"))
    # None for the automatic opening 30 years after production (records.reclassify.open_after_thirty_years).
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("재분류한 사람"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    automatic = models.BooleanField(_("30년 경과 자동 공개"), default=False)
    disclosure_before = models.CharField(_("종전 공개구분"), max_length=10, choices=Disclosure.choices)
    ground_before = models.CharField(_("종전 비공개 근거"), max_length=20, blank=True)
    disclosure = models.CharField(_("재분류 공개구분"), max_length=10, choices=Disclosure.choices)
    ground = models.CharField(_("비공개 근거(호)"), max_length=20, blank=True)
    reason = models.CharField(_("재분류 사유"), max_length=500)
    # 비공개 유지 결정 (법 제35조③ 단서): a 비공개 record kept closed past 30 years after production
    # carries the day it must be reviewed again; the automatic opening leaves it closed.
    keep_closed_until = models.DateField(_("비공개 유지 재검토일"), null=True, blank=True)
    # The approved 재분류안 that decided it (records.reclassify).
    reclassification = models.ForeignKey(
        "records.Reclassification",
        verbose_name=_("재분류안"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reviews",
    )

    class Meta:
        verbose_name = _("비공개 재분류")
        verbose_name_plural = _("비공개 재분류")
        ordering = ["-reviewed_on", "-id"]
        indexes = [models.Index(fields=["record", "reviewed_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(automatic=True, reviewed_by__isnull=True, disclosure="public")
                | Q(automatic=False, reviewed_by__isnull=False),
                name="disclosure_review_by_person_or_automatic",
            ),
            models.CheckConstraint(
                condition=Q(keep_closed_until__isnull=True) | Q(disclosure="private"),
                name="disclosure_review_keep_closed_private",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.record_id} {self.reviewed_on}"


class ReclassificationStatus(models.TextChoices):
    DRAFT = "draft", _("작성 중")  # also after a 반려·회수 (then it has a document: the next round)
    SUBMITTED = "submitted", _("결재 중")
    APPROVED = "approved", _("재분류 완료")


class Reclassification(models.Model):
    """비공개 재분류안: the 기록관's decision per record (공개구분, 근거 호, 사유), decided through
    e-approval (`records.reclassify`) and applied in the approving transaction (records.reclassify)."""

    status = models.CharField(
        _("상태"), max_length=10, choices=ReclassificationStatus.choices, default=ReclassificationStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("작성자"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("작성일시"))
    document = models.ForeignKey(
        "approval.Document",
        verbose_name=_("결재 문서"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("상신자"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("상신일시"), null=True, blank=True)
    decided_at = models.DateTimeField(_("결재일시"), null=True, blank=True)
    registration_number = models.CharField(_("결재 문서 등록번호"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("비공개 재분류안")
        verbose_name_plural = _("비공개 재분류안")
        ordering = ["-created_at", "-id"]
        constraints = [
            # One draft at a time: the 기록관 builds one list and sends it for approval.
            models.UniqueConstraint(fields=["status"], condition=Q(status="draft"), name="reclassification_one_draft"),
        ]

    def __str__(self) -> str:
        return f"{self.pk} {self.get_status_display()}"


class ReclassificationItem(models.Model):
    """One record's proposed 공개구분 in a 재분류안."""

    reclassification = models.ForeignKey(
        Reclassification, verbose_name=_("재분류안"), on_delete=models.PROTECT, related_name="items"
    )
    record = models.ForeignKey(
        Record, verbose_name=_("기록물"), on_delete=models.PROTECT, related_name="reclassification_items"
    )
    disclosure = models.CharField(_("재분류 공개구분"), max_length=10, choices=Disclosure.choices)
    ground = models.CharField(_("비공개 근거(호)"), max_length=20, blank=True)
    reason = models.CharField(_("재분류 사유"), max_length=500)
    keep_closed_until = models.DateField(_("비공개 유지 재검토일"), null=True, blank=True)

    class Meta:
        verbose_name = _("재분류 대상 기록물")
        verbose_name_plural = _("재분류 대상 기록물")
        ordering = ["reclassification", "id"]
        constraints = [
            models.UniqueConstraint(fields=["reclassification", "record"], name="reclassification_item_once"),
        ]

    def __str__(self) -> str:
        return f"{self.reclassification_id} {self.record_id}"
