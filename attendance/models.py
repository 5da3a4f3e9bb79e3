"""복무 (attendance): the institution's attendance settings and closures, leave types, the leave
ledger, leave requests and their cancellations, and clock records.

The leave balance is never a stored number: it is the sum of the person's `LeaveLedgerEntry`
rows (grant, use, cancel, carry-over, expiry, adjustment), each written by a service and never
edited. A request's days are counted once, with the calendar, when it is made.
"""

from __future__ import annotations

from datetime import time
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class EntitlementBasis(models.TextChoices):
    HIRE = "hire", _("입사일 기준")
    FISCAL = "fiscal", _("회계연도 기준")


class AttendanceSettings(models.Model):
    """The institution's 복무 settings, one row per schema (pk 1)."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    work_start = models.TimeField(_("출근 시각"), default=time(9, 0))
    work_end = models.TimeField(_("퇴근 시각"), default=time(18, 0))
    break_minutes = models.PositiveSmallIntegerField(_("휴게 시간(분)"), default=60)
    entitlement_basis = models.CharField(
        _("연차 산정 기준"), max_length=10, choices=EntitlementBasis.choices, default=EntitlementBasis.HIRE
    )
    smallest_unit = models.DecimalField(
        _("휴가 최소 단위(일)"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("0.25"),
        help_text=_("1 (하루), 0.5 (반차), 0.25 (반반차)"),
    )
    labour_day_off = models.BooleanField(
        _("근로자의 날 유급휴일"),
        default=True,
        help_text=_("근로기준법을 적용받는 직원은 5월 1일(근로자의 날)을 쉽니다."),
    )
    overtime_deduction_minutes = models.PositiveSmallIntegerField(
        _("평일 시간외근무 공제(분)"),
        default=0,
        help_text=_(
            "근무일의 시간외근무에서 하루에 빼는 시간(석식 등). 공무원 복무 모델은 60분, 근로기준법만 따르면 0분."
        ),
    )
    ip_allowlist = models.TextField(
        _("출퇴근 허용 IP"),
        blank=True,
        help_text=_("한 줄에 하나씩, 예: 10.1.0.0/16. 비워 두면 어디서나 출퇴근을 기록할 수 있습니다."),
    )
    updated_at = models.DateTimeField(_("변경일시"), auto_now=True)

    class Meta:
        verbose_name = _("복무 설정")
        verbose_name_plural = _("복무 설정")
        constraints = [
            models.CheckConstraint(condition=Q(id=1), name="attendance_settings_single_row"),
            models.CheckConstraint(
                condition=Q(smallest_unit__in=(Decimal("1"), Decimal("0.5"), Decimal("0.25"))),
                name="attendance_settings_unit",
            ),
        ]

    def __str__(self) -> str:
        return str(_("복무 설정"))

    @classmethod
    def current(cls) -> AttendanceSettings:
        return cls.objects.get_or_create(pk=1)[0]


class Closure(models.Model):
    """A day the institution closes on its own (창립기념일 …): not a working day for its staff."""

    date = models.DateField(_("날짜"), unique=True, error_messages={"unique": _("그 날짜의 휴무일이 이미 있습니다.")})
    name = models.CharField(_("명칭"), max_length=50)

    class Meta:
        verbose_name = _("기관 휴무일")
        verbose_name_plural = _("기관 휴무일")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.name}"


class LeaveType(models.Model):
    """A kind of leave and its rules, kept per institution."""

    code = models.SlugField(_("코드"), max_length=30, unique=True)
    name = models.CharField(_("휴가 종류"), max_length=50)
    is_paid = models.BooleanField(_("유급"), default=True)
    counts_against_annual = models.BooleanField(_("연가에서 차감"), default=False)
    smallest_unit = models.DecimalField(
        _("최소 단위(일)"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("1"),
        help_text=_("1, 0.5 (반차), 0.25 (반반차)"),
    )
    yearly_max_days = models.DecimalField(_("연간 최대 일수"), max_digits=6, decimal_places=2, null=True, blank=True)
    certificate_after_days = models.PositiveSmallIntegerField(
        _("증빙 필요 일수"), null=True, blank=True, help_text=_("이 일수를 넘으면 증빙서류(진단서 등)가 필요합니다.")
    )
    counts_calendar_days = models.BooleanField(
        _("휴일 포함 계산"), default=False, help_text=_("출산휴가처럼 휴일도 일수에 넣는 휴가")
    )
    is_active = models.BooleanField(_("사용"), default=True)
    order = models.PositiveSmallIntegerField(_("정렬 순서"), default=0)

    class Meta:
        verbose_name = _("휴가 종류")
        verbose_name_plural = _("휴가 종류")
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(smallest_unit__in=(Decimal("1"), Decimal("0.5"), Decimal("0.25"))),
                name="leave_type_unit",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class LedgerKind(models.TextChoices):
    GRANT = "grant", _("발생")
    USE = "use", _("사용")
    CANCEL = "cancel", _("사용 취소")
    CARRY_OVER = "carry_over", _("이월")
    EXPIRY = "expiry", _("소멸")
    ADJUSTMENT = "adjustment", _("조정")


class LeaveLedgerEntry(models.Model):
    """One movement of a person's 연가 balance; the balance is the sum of their entries.

    `source` names what wrote the entry ("grant:2026-03-02", "leave:12:use") so a job or a
    callback delivered twice writes it once (the unique constraint is the backstop)."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("직원"), on_delete=models.PROTECT, related_name="leave_entries"
    )
    kind = models.CharField(_("구분"), max_length=12, choices=LedgerKind.choices)
    days = models.DecimalField(_("일수"), max_digits=6, decimal_places=2)
    effective_on = models.DateField(_("기준일"))
    reason = models.CharField(_("사유"), max_length=200, blank=True)
    source = models.CharField(_("출처"), max_length=60)
    leave_request = models.ForeignKey(
        "LeaveRequest", verbose_name=_("휴가 신청"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("기록자"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("기록일시"), auto_now_add=True)

    class Meta:
        verbose_name = _("연가 원장")
        verbose_name_plural = _("연가 원장")
        ordering = ["effective_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["person", "source"], name="leave_ledger_once_per_source"),
            models.CheckConstraint(condition=~Q(days=0), name="leave_ledger_days_not_zero"),
            models.CheckConstraint(
                condition=~Q(kind="adjustment") | ~Q(reason=""), name="leave_ledger_adjustment_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.days}"


class Portion(models.TextChoices):
    FULL = "full", _("종일")
    AM = "am", _("오전 반차")
    PM = "pm", _("오후 반차")
    QUARTER = "quarter", _("반반차")


PORTION_DAYS = {
    Portion.FULL: Decimal("1"),
    Portion.AM: Decimal("0.5"),
    Portion.PM: Decimal("0.5"),
    Portion.QUARTER: Decimal("0.25"),
}


class LeaveStatus(models.TextChoices):
    PENDING = "pending", _("결재 중")
    APPROVED = "approved", _("승인")
    REJECTED = "rejected", _("반려")
    WITHDRAWN = "withdrawn", _("회수")
    CANCELLED = "cancelled", _("취소")


# A request in one of these holds its days: another request may not overlap it.
HOLDING = (LeaveStatus.PENDING, LeaveStatus.APPROVED)


class LeaveRequest(models.Model):
    """휴가 신청: decided through e-approval (kind `attendance.leave`)."""

    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("신청인"), on_delete=models.PROTECT, related_name="leave_requests"
    )
    leave_type = models.ForeignKey(LeaveType, verbose_name=_("휴가 종류"), on_delete=models.PROTECT)
    start_date = models.DateField(_("시작일"))
    end_date = models.DateField(_("종료일"))
    portion = models.CharField(_("구분"), max_length=10, choices=Portion.choices, default=Portion.FULL)
    days = models.DecimalField(_("일수"), max_digits=6, decimal_places=2)
    reason = models.CharField(_("사유"), max_length=200, blank=True)
    proxy = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("직무대리자"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(_("상태"), max_length=10, choices=LeaveStatus.choices, default=LeaveStatus.PENDING)
    document = models.ForeignKey(
        "approval.Document", verbose_name=_("결재 문서"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    absence = models.ForeignKey(
        "org.Absence", verbose_name=_("부재"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submission_token = models.UUIDField(_("제출 토큰"), null=True, blank=True, unique=True, editable=False)
    created_at = models.DateTimeField(_("신청일시"), auto_now_add=True)
    updated_at = models.DateTimeField(_("변경일시"), auto_now=True)

    class Meta:
        verbose_name = _("휴가 신청")
        verbose_name_plural = _("휴가 신청")
        ordering = ["-start_date", "-pk"]
        indexes = [models.Index(fields=["applicant", "start_date", "end_date"])]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=F("start_date")), name="leave_request_end_after_start"),
            models.CheckConstraint(condition=Q(days__gt=0), name="leave_request_days_positive"),
            models.CheckConstraint(
                condition=Q(portion="full") | Q(end_date=F("start_date")), name="leave_request_part_day_one_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.leave_type} {self.start_date:%Y-%m-%d}~{self.end_date:%Y-%m-%d}"

    def can_cancel(self) -> bool:
        return self.status == LeaveStatus.APPROVED


class CancellationStatus(models.TextChoices):
    PENDING = "pending", _("결재 중")
    APPROVED = "approved", _("취소 승인")
    REJECTED = "rejected", _("반려")
    WITHDRAWN = "withdrawn", _("회수")


class LeaveCancellation(models.Model):
    """취소 신청 of an approved leave, decided through e-approval (`attendance.leave_cancel`)."""

    leave = models.ForeignKey(
        LeaveRequest, verbose_name=_("휴가 신청"), on_delete=models.PROTECT, related_name="cancellations"
    )
    reason = models.CharField(_("취소 사유"), max_length=200)
    status = models.CharField(
        _("상태"), max_length=10, choices=CancellationStatus.choices, default=CancellationStatus.PENDING
    )
    document = models.ForeignKey(
        "approval.Document", verbose_name=_("결재 문서"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("신청일시"), auto_now_add=True)
    updated_at = models.DateTimeField(_("변경일시"), auto_now=True)

    class Meta:
        verbose_name = _("휴가 취소 신청")
        verbose_name_plural = _("휴가 취소 신청")
        ordering = ["-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["leave"], condition=Q(status="pending"), name="leave_cancellation_one_pending"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.leave} 취소"


class ClockKind(models.TextChoices):
    IN = "in", _("출근")
    OUT = "out", _("퇴근")


class ClockSource(models.TextChoices):
    WEB = "web", _("웹")
    DEMO = "demo", _("시연 자료")


class ClockRecord(models.Model):
    """One 출근 or 퇴근 of one person on one day; never edited (근태 정정 is a separate request).

    One of each per person and day: a double click, or two tabs, leave one record."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("직원"), on_delete=models.PROTECT, related_name="clock_records"
    )
    day = models.DateField(_("근무일"))
    kind = models.CharField(_("구분"), max_length=3, choices=ClockKind.choices)
    at = models.DateTimeField(_("시각"))
    source = models.CharField(_("경로"), max_length=10, choices=ClockSource.choices, default=ClockSource.WEB)
    ip_address = models.GenericIPAddressField(_("IP"), null=True, blank=True)

    class Meta:
        verbose_name = _("출퇴근 기록")
        verbose_name_plural = _("출퇴근 기록")
        ordering = ["day", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["person", "day", "kind"], name="clock_record_once_per_day"),
        ]

    def __str__(self) -> str:
        return f"{self.day:%Y-%m-%d} {self.get_kind_display()}"


class CorrectionStatus(models.TextChoices):
    PENDING = "pending", _("결재 중")
    APPROVED = "approved", _("승인")
    REJECTED = "rejected", _("반려")
    WITHDRAWN = "withdrawn", _("회수")


class ClockCorrection(models.Model):
    """근태 정정: a request to count another 출근 or 퇴근 time for one day, decided through
    e-approval (`attendance.correction`). The clock record itself is never edited: once approved,
    the corrected time is what the day is judged by, and both stay on record."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("직원"), on_delete=models.PROTECT, related_name="clock_corrections"
    )
    day = models.DateField(_("근무일"))
    kind = models.CharField(_("구분"), max_length=3, choices=ClockKind.choices)
    at = models.DateTimeField(_("정정 시각"))
    reason = models.CharField(_("사유"), max_length=200)
    status = models.CharField(
        _("상태"), max_length=10, choices=CorrectionStatus.choices, default=CorrectionStatus.PENDING
    )
    document = models.ForeignKey(
        "approval.Document", verbose_name=_("결재 문서"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("신청일시"), auto_now_add=True)
    updated_at = models.DateTimeField(_("변경일시"), auto_now=True)

    class Meta:
        verbose_name = _("근태 정정")
        verbose_name_plural = _("근태 정정")
        ordering = ["-day", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "day", "kind"],
                condition=Q(status__in=("pending", "approved")),
                name="clock_correction_one_open",
                violation_error_message=_("그날의 같은 정정 신청이 이미 있습니다."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day:%Y-%m-%d} {self.get_kind_display()} 정정"


class FlexibleKind(models.TextChoices):
    STAGGERED = "staggered", _("시차출퇴근")
    SELECTIVE = "selective", _("근무시간선택제")
    COMPRESSED = "compressed", _("집약근무")
    REMOTE = "remote", _("재택근무")


class FlexibleWork(models.Model):
    """유연근무 for a period, decided through e-approval (`attendance.flexible_work`): once
    approved, the days of the period expect its start and end instead of the institution's."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("직원"), on_delete=models.PROTECT, related_name="flexible_work"
    )
    kind = models.CharField(_("유형"), max_length=12, choices=FlexibleKind.choices)
    start_date = models.DateField(_("시작일"))
    end_date = models.DateField(_("종료일"))
    work_start = models.TimeField(_("출근 시각"))
    work_end = models.TimeField(_("퇴근 시각"))
    reason = models.CharField(_("사유"), max_length=200, blank=True)
    status = models.CharField(
        _("상태"), max_length=10, choices=CorrectionStatus.choices, default=CorrectionStatus.PENDING
    )
    document = models.ForeignKey(
        "approval.Document", verbose_name=_("결재 문서"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("신청일시"), auto_now_add=True)
    updated_at = models.DateTimeField(_("변경일시"), auto_now=True)

    class Meta:
        verbose_name = _("유연근무")
        verbose_name_plural = _("유연근무")
        ordering = ["-start_date", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=F("start_date")), name="flexible_work_end_after_start"),
            models.CheckConstraint(condition=Q(work_end__gt=F("work_start")), name="flexible_work_hours_forward"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.start_date:%Y-%m-%d}~{self.end_date:%Y-%m-%d}"


class Overtime(models.Model):
    """시간외근무: pre-approved through e-approval (`attendance.overtime`) for one day's span. The
    hours paid are the lesser of the approved span and what the clock records show
    (attendance.overtime), split into 연장, 야간 (22–06) and 휴일 (≤ 8 h, > 8 h)."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("직원"), on_delete=models.PROTECT, related_name="overtime"
    )
    day = models.DateField(_("근무일"))
    starts_at = models.DateTimeField(_("시작"))
    ends_at = models.DateTimeField(_("종료"))
    reason = models.CharField(_("업무 내용"), max_length=200)
    over_cap = models.BooleanField(_("한도 초과"), default=False)
    over_cap_reason = models.CharField(_("한도 초과 사유"), max_length=200, blank=True)
    status = models.CharField(
        _("상태"), max_length=10, choices=CorrectionStatus.choices, default=CorrectionStatus.PENDING
    )
    document = models.ForeignKey(
        "approval.Document", verbose_name=_("결재 문서"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("신청일시"), auto_now_add=True)
    updated_at = models.DateTimeField(_("변경일시"), auto_now=True)

    class Meta:
        verbose_name = _("시간외근무")
        verbose_name_plural = _("시간외근무")
        ordering = ["-day", "-pk"]
        indexes = [models.Index(fields=["person", "day"])]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="overtime_ends_after_start"),
            models.CheckConstraint(
                condition=Q(over_cap=False) | ~Q(over_cap_reason=""), name="overtime_over_cap_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day:%Y-%m-%d} 시간외근무"


class MonthClose(models.Model):
    """월 복무 마감: one row per closed month (the institution's). While it exists the month is
    locked: no 근태 정정, leave or overtime dated in it. Reopening deletes it, audited with a
    reason; `DepartmentConfirmation` rows record each head's confirmation before the close."""

    year = models.PositiveSmallIntegerField(_("연도"))
    month = models.PositiveSmallIntegerField(_("월"))
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("마감자"), on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(_("마감일시"), auto_now_add=True)

    class Meta:
        verbose_name = _("월 복무 마감")
        verbose_name_plural = _("월 복무 마감")
        ordering = ["-year", "-month"]
        constraints = [
            models.UniqueConstraint(fields=["year", "month"], name="month_close_once"),
            models.CheckConstraint(condition=Q(month__gte=1, month__lte=12), name="month_close_month"),
        ]

    def __str__(self) -> str:
        return f"{self.year}년 {self.month}월 마감"


class DepartmentConfirmation(models.Model):
    """A department head's confirmation of their department's month (부서 확인)."""

    year = models.PositiveSmallIntegerField(_("연도"))
    month = models.PositiveSmallIntegerField(_("월"))
    department = models.ForeignKey("org.Department", verbose_name=_("부서"), on_delete=models.PROTECT)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("확인자"), on_delete=models.PROTECT, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("확인일시"), auto_now_add=True)

    class Meta:
        verbose_name = _("부서 복무 확인")
        verbose_name_plural = _("부서 복무 확인")
        constraints = [
            models.UniqueConstraint(fields=["year", "month", "department"], name="department_confirmation_once"),
        ]

    def __str__(self) -> str:
        return f"{self.year}년 {self.month}월 {self.department}"


class TravelRates(models.Model):
    """여비 table (the institution's, one row per schema, pk 1), editable in the console. The
    defaults are the 공무원 여비 규정 별표2 amounts (reference kr-payroll-rules §4.2): 관내 under
    4 hours 10,000원, 4 hours or more 20,000원, less 10,000원 with a 공용차량; 관외 일비 25,000원
    and 식비 25,000원 a day, 숙박비 at cost up to 100,000 (서울) / 80,000 (광역시) / 70,000 (기타)
    a night, 운임 at cost; with a 공용차량 the 일비 is halved (별표2 비고)."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    local_short_amount = models.PositiveIntegerField(_("관내 4시간 미만(원)"), default=10_000)
    local_long_amount = models.PositiveIntegerField(_("관내 4시간 이상(원)"), default=20_000)
    local_car_deduction_amount = models.PositiveIntegerField(_("관내 공용차량 감액(원)"), default=10_000)
    daily_allowance_amount = models.PositiveIntegerField(_("관외 일비(원/일)"), default=25_000)
    meal_amount = models.PositiveIntegerField(_("관외 식비(원/일)"), default=25_000)
    lodging_seoul_amount = models.PositiveIntegerField(_("숙박비 상한 서울(원/박)"), default=100_000)
    lodging_metro_amount = models.PositiveIntegerField(_("숙박비 상한 광역시(원/박)"), default=80_000)
    lodging_other_amount = models.PositiveIntegerField(_("숙박비 상한 기타(원/박)"), default=70_000)
    updated_at = models.DateTimeField(_("변경일시"), auto_now=True)

    class Meta:
        verbose_name = _("여비 기준")
        verbose_name_plural = _("여비 기준")
        constraints = [models.CheckConstraint(condition=Q(id=1), name="travel_rates_single_row")]

    def __str__(self) -> str:
        return str(_("여비 기준"))

    @classmethod
    def current(cls) -> TravelRates:
        rates, _created = cls.objects.get_or_create(pk=1)
        return rates


class TripScope(models.TextChoices):
    LOCAL = "local", _("관내")
    OUTSIDE = "outside", _("관외")


class TripRegion(models.TextChoices):
    SEOUL = "seoul", _("서울특별시")
    METRO = "metro", _("광역시")
    OTHER = "other", _("기타 지역")


class TripStatus(models.TextChoices):
    PENDING = "pending", _("결재 중")
    APPROVED = "approved", _("승인")
    SETTLING = "settling", _("정산 결재 중")
    SETTLED = "settled", _("정산 완료")
    REVERSED = "reversed", _("정산 취소")  # its 지출결의 was reversed (반납·정정): to be settled again
    REJECTED = "rejected", _("반려")
    WITHDRAWN = "withdrawn", _("회수")
    CANCELLED = "cancelled", _("취소")


# Trips that happen (or happened): on the calendar, in the close, the reports and the KPIs.
TRIP_TAKING_PLACE = (TripStatus.APPROVED, TripStatus.SETTLING, TripStatus.SETTLED, TripStatus.REVERSED)
# Trips that may be settled (정산): approved, or settled once and that settlement reversed.
TRIP_SETTLEABLE = (TripStatus.APPROVED, TripStatus.REVERSED)
# Trips that hold their days against another request for the same days.
TRIP_HOLDING_DAYS = (TripStatus.PENDING, *TRIP_TAKING_PLACE)


class Trip(models.Model):
    """출장: requested through e-approval (`attendance.trip`) with the 여비 estimated from
    `TravelRates`. Approved, the estimate is committed against the traveller's department's
    국내여비 line (budget.charges) and the trip becomes an absence (대결); settled (정산) after
    return, the actual amount becomes a 지출결의 (budget) whose approval executes it and releases
    what the commitment still holds. Cancelled (출장 취소), the commitment is released."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("출장자"), on_delete=models.PROTECT, related_name="trips"
    )
    scope = models.CharField(_("구분"), max_length=10, choices=TripScope.choices)
    purpose = models.CharField(_("출장 목적"), max_length=200)
    place = models.CharField(_("출장지"), max_length=100)
    region = models.CharField(_("숙박 지역"), max_length=10, choices=TripRegion.choices, default=TripRegion.OTHER)
    start_date = models.DateField(_("시작일"))
    end_date = models.DateField(_("종료일"))
    four_hours_or_more = models.BooleanField(_("4시간 이상"), default=True)
    transport = models.CharField(_("교통수단"), max_length=50)
    official_car = models.BooleanField(_("공용차량 이용"), default=False)
    proxy = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("대결자"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The estimate, line by line (원), and its sum: what is committed on approval.
    daily_allowance_amount = models.PositiveIntegerField(_("일비"), default=0)
    meal_amount = models.PositiveIntegerField(_("식비"), default=0)
    lodging_amount = models.PositiveIntegerField(_("숙박비"), default=0)
    fare_amount = models.PositiveIntegerField(_("운임"), default=0)
    estimate_amount = models.PositiveIntegerField(_("예상 여비"), default=0)
    budget_line = models.ForeignKey(
        "budget.BudgetItem", verbose_name=_("예산과목"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("상태"), max_length=10, choices=TripStatus.choices, default=TripStatus.PENDING)
    document = models.ForeignKey(
        "approval.Document", verbose_name=_("결재 문서"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    absence = models.ForeignKey(
        "org.Absence", verbose_name=_("부재"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # 정산: the receipts' amounts and the total executed.
    actual_lodging_amount = models.PositiveIntegerField(_("숙박비 실비"), null=True, blank=True)
    actual_fare_amount = models.PositiveIntegerField(_("운임 실비"), null=True, blank=True)
    actual_amount = models.PositiveIntegerField(_("정산액"), null=True, blank=True)
    settlement_note = models.CharField(_("정산 메모"), max_length=200, blank=True)
    settled_at = models.DateTimeField(_("정산일시"), null=True, blank=True)
    # The 지출결의 (budget) that settles the commitment; the latest one when one was returned.
    expenditure = models.ForeignKey(
        "budget.Expenditure",
        verbose_name=_("정산 지출결의"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    cancelled_at = models.DateTimeField(_("취소일시"), null=True, blank=True)
    cancel_reason = models.CharField(_("취소 사유"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("신청일시"), auto_now_add=True)
    updated_at = models.DateTimeField(_("변경일시"), auto_now=True)

    class Meta:
        verbose_name = _("출장")
        verbose_name_plural = _("출장")
        ordering = ["-start_date", "-pk"]
        indexes = [models.Index(fields=["person", "start_date"]), models.Index(fields=["start_date", "status"])]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=F("start_date")), name="trip_ends_after_start"),
            models.CheckConstraint(
                condition=Q(
                    estimate_amount=F("daily_allowance_amount")
                    + F("meal_amount")
                    + F("lodging_amount")
                    + F("fare_amount")
                ),
                name="trip_estimate_is_the_sum",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["settling", "settled"], actual_amount__isnull=False)
                | ~Q(status__in=["settling", "settled"]),
                name="trip_settled_has_amount",
            ),
            models.CheckConstraint(
                condition=Q(status="settling", expenditure__isnull=False) | ~Q(status="settling"),
                name="trip_settling_has_expenditure",
            ),
            models.CheckConstraint(
                condition=Q(status="cancelled", cancelled_at__isnull=False) & ~Q(cancel_reason="")
                | ~Q(status="cancelled") & Q(cancelled_at__isnull=True),
                name="trip_cancelled_with_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.start_date:%Y-%m-%d} {self.place} 출장"

    @property
    def days(self) -> int:
        return (self.end_date - self.start_date).days + 1

    @property
    def nights(self) -> int:
        return self.days - 1


class PromotionStep(models.TextChoices):
    NOTICE = "notice", _("1차 통지(미사용 연차·사용 시기 요청)")
    PLAN = "plan", _("직원 사용 계획 제출")
    DESIGNATION = "designation", _("2차 통보(사용 시기 지정)")


class PromotionPortion(models.IntegerChoices):
    """Which days a 사용촉진 step is for: the 연차 of staff employed a year or more (§61①), or
    the monthly days of the first year (§61②): those that arose by the first notice (usually 9,
    noticed 3 months before the first year ends) and those that arose after it (usually 2,
    noticed 1 month before)."""

    ANNUAL = 0, _("1년 이상 근무자 연차(제61조제1항)")
    FIRST_YEAR = 1, _("최초 1년 월 단위 연차(제61조제2항)")
    FIRST_YEAR_LATER = 2, _("최초 1년 월 단위 연차 중 1차 촉구 뒤 발생분(제61조제2항 단서)")


class LeavePromotion(models.Model):
    """연차 사용촉진 (근로기준법 §61): each step kept as a record with its date — the employer's
    written notice of the unused days 6 months before the leave expires, the staff member's plan
    within 10 days, and, without a plan, the employer's designation of the dates 2 months before
    expiry (the first year's monthly days on the shorter §61② schedule, by `portion`). With the
    steps taken, no 연차수당 is owed for the days left (attendance.promotion)."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("직원"), on_delete=models.PROTECT, related_name="leave_promotions"
    )
    expires_on = models.DateField(_("연차 소멸일"))
    portion = models.PositiveSmallIntegerField(
        _("대상 연차"), choices=PromotionPortion.choices, default=PromotionPortion.ANNUAL
    )
    step = models.CharField(_("단계"), max_length=12, choices=PromotionStep.choices)
    unused_days = models.DecimalField(_("미사용 일수"), max_digits=6, decimal_places=2)
    on = models.DateField(_("일자"))
    note = models.CharField(_("내용"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("기록자"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        help_text=_("비어 있으면 자동 통지 작업이 기록했습니다."),
    )
    created_at = models.DateTimeField(_("기록일시"), auto_now_add=True)

    class Meta:
        verbose_name = _("연차 사용촉진")
        verbose_name_plural = _("연차 사용촉진")
        ordering = ["expires_on", "person_id", "on"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "expires_on", "portion", "step"], name="leave_promotion_portion_step_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.expires_on:%Y-%m-%d} {self.get_step_display()}"
