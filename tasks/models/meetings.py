"""회의관리 (meetings): rooms and their bookings, meetings with agenda, attendees and RSVP, minutes
with the legally required fields, the 속기록 (verbatim record) flag, and decisions that can
become directives.

A room is never double-booked: an exclusion constraint on (room, time range) refuses overlapping
live bookings in the database itself, whatever the code does.
"""

from __future__ import annotations

from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import BigIntegerRangeField, DateTimeRangeField, RangeBoundary, RangeOperators
from django.db import models
from django.db.models import Func, Q
from django.utils.translation import gettext_lazy as _

from tasks.models.classification import UnitTask
from tasks.models.directives import Directive
from tasks.models.files import StoredFile


class TsTzRange(Func):
    function = "TSTZRANGE"
    output_field = DateTimeRangeField()


class RoomPoint(Func):
    """The room id as the one-point range [id, id]. Ranges have built-in GiST support, so the
    exclusion constraint needs no btree_gist extension (which not every PostgreSQL ships)."""

    function = "INT8RANGE"
    template = "%(function)s(%(expressions)s, %(expressions)s, '[]')"
    output_field = BigIntegerRangeField()


class Room(models.Model):
    name = models.CharField(_("회의실명"), max_length=100, unique=True)
    location = models.CharField(_("위치"), max_length=200, blank=True)
    capacity = models.PositiveSmallIntegerField(_("수용 인원"), default=10)
    is_active = models.BooleanField(_("사용"), default=True)

    class Meta:
        verbose_name = _("회의실")
        verbose_name_plural = _("회의실")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class RoomBooking(models.Model):
    room = models.ForeignKey(Room, verbose_name=_("회의실"), on_delete=models.PROTECT, related_name="bookings")
    starts_at = models.DateTimeField(_("시작"))
    ends_at = models.DateTimeField(_("종료"))
    purpose = models.CharField(_("사용 목적"), max_length=200)
    booked_by = models.ForeignKey("org.User", verbose_name=_("예약자"), on_delete=models.PROTECT, related_name="+")
    booked_at = models.DateTimeField(_("예약일시"), auto_now_add=True)
    cancelled_at = models.DateTimeField(_("취소일시"), null=True, blank=True)

    class Meta:
        verbose_name = _("회의실 예약")
        verbose_name_plural = _("회의실 예약")
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="room_booking_ends_after_start"
            ),
            # Two live bookings of one room may not overlap ([start, end): back-to-back is fine).
            ExclusionConstraint(
                name="room_booking_no_overlap",
                expressions=[
                    (RoomPoint("room"), RangeOperators.OVERLAPS),
                    (TsTzRange("starts_at", "ends_at", RangeBoundary()), RangeOperators.OVERLAPS),
                ],
                condition=Q(cancelled_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.room} {self.starts_at:%Y-%m-%d %H:%M}"


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("예정")
    HELD = "held", _("개최")
    CANCELLED = "cancelled", _("취소")


class Meeting(models.Model):
    title = models.CharField(_("회의명"), max_length=200)
    department = models.ForeignKey(
        "org.Department", verbose_name=_("개최 부서"), on_delete=models.PROTECT, related_name="meetings"
    )
    organiser = models.ForeignKey("org.User", verbose_name=_("주관자"), on_delete=models.PROTECT, related_name="+")
    starts_at = models.DateTimeField(_("시작"))
    ends_at = models.DateTimeField(_("종료"))
    booking = models.OneToOneField(
        RoomBooking,
        verbose_name=_("회의실 예약"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meeting",
    )
    place = models.CharField(_("장소"), max_length=200, blank=True)
    description = models.TextField(_("회의 목적"), blank=True)
    unit_task = models.ForeignKey(
        UnitTask, verbose_name=_("단위과제"), null=True, blank=True, on_delete=models.PROTECT, related_name="meetings"
    )
    is_verbatim = models.BooleanField(
        _("속기록 작성 대상"), default=False, help_text=_("속기록(또는 녹음)을 회의록과 함께 등록해야 하는 회의")
    )
    status = models.CharField(_("상태"), max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("회의")
        verbose_name_plural = _("회의")
        ordering = ["-starts_at", "id"]
        indexes = [models.Index(fields=["department", "starts_at"]), models.Index(fields=["starts_at"])]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="meeting_ends_after_start"),
        ]

    def __str__(self) -> str:
        return self.title


class MeetingAgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    order = models.PositiveSmallIntegerField(_("순서"), default=0)
    title = models.CharField(_("안건"), max_length=200)
    presenter = models.CharField(_("보고·제안자"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("안건")
        verbose_name_plural = _("안건")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.title


class MeetingAttendee(models.Model):
    class Role(models.TextChoices):
        ATTENDEE = "attendee", _("참석자")
        OBSERVER = "observer", _("배석자")

    class Rsvp(models.TextChoices):
        PENDING = "pending", _("응답 전")
        YES = "yes", _("참석")
        NO = "no", _("불참")
        MAYBE = "maybe", _("미정")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendees")
    user = models.ForeignKey("org.User", verbose_name=_("참석 대상"), on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("구분"), max_length=10, choices=Role.choices, default=Role.ATTENDEE)
    rsvp = models.CharField(_("참석 여부"), max_length=10, choices=Rsvp.choices, default=Rsvp.PENDING)
    responded_at = models.DateTimeField(_("응답일시"), null=True, blank=True)
    rsvp_note = models.CharField(_("사유"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("회의 참석 대상")
        verbose_name_plural = _("회의 참석 대상")
        ordering = ["role", "id"]
        indexes = [models.Index(fields=["user"])]
        constraints = [models.UniqueConstraint(fields=["meeting", "user"], name="meeting_attendee_once")]

    def __str__(self) -> str:
        return f"{self.meeting} {self.user}"


class Minutes(models.Model):
    """회의록 with the fields the records rules require: 회의명, 개최 부서, 일시·장소, 참석자·배석자,
    진행순서, 상정안건, 발언요지, 결정사항·표결내용. Names and places are kept as written at the
    time (a later rename of a department must not rewrite old minutes)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("작성 중")
        FINAL = "final", _("확정")

    meeting = models.OneToOneField(Meeting, on_delete=models.PROTECT, related_name="minutes")
    title = models.CharField(_("회의명"), max_length=200)
    department_name = models.CharField(_("개최 부서"), max_length=100)
    held_from = models.DateTimeField(_("개최 일시(시작)"))
    held_to = models.DateTimeField(_("개최 일시(종료)"))
    place = models.CharField(_("장소"), max_length=200)
    attendees_text = models.TextField(_("참석자"))
    observers_text = models.TextField(_("배석자"), blank=True)
    order_of_business = models.TextField(_("진행순서"))
    agenda_text = models.TextField(_("상정안건"))
    remarks = models.TextField(_("발언요지"))
    decisions_text = models.TextField(_("결정사항"))
    votes = models.TextField(_("표결내용"), blank=True)
    status = models.CharField(_("상태"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    recorded_by = models.ForeignKey("org.User", verbose_name=_("작성자"), on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(_("수정일시"), auto_now=True)
    finalised_at = models.DateTimeField(_("확정일시"), null=True, blank=True)

    class Meta:
        verbose_name = _("회의록")
        verbose_name_plural = _("회의록")
        constraints = [
            models.CheckConstraint(condition=Q(held_to__gt=models.F("held_from")), name="minutes_held_to_after_from"),
            models.CheckConstraint(
                condition=Q(status="final", finalised_at__isnull=False) | Q(status="draft", finalised_at__isnull=True),
                name="minutes_finalised_at_when_final",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} 회의록"


class MinutesAttachment(StoredFile):
    """A file with the minutes; `is_verbatim` marks the 속기록 or recording a designated meeting
    must have before its minutes can be finalised."""

    minutes = models.ForeignKey(Minutes, on_delete=models.PROTECT, related_name="attachments")
    is_verbatim = models.BooleanField(_("속기록·녹음"), default=False)

    class Meta:
        verbose_name = _("회의록 첨부파일")
        verbose_name_plural = _("회의록 첨부파일")
        ordering = ["id"]


class MeetingDecision(models.Model):
    """One decision (결정사항). It can be turned into a directive once; `directive` links them."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    order = models.PositiveSmallIntegerField(_("순서"), default=0)
    text = models.TextField(_("결정사항"))
    directive = models.OneToOneField(
        Directive, null=True, blank=True, on_delete=models.PROTECT, related_name="source_decision"
    )

    class Meta:
        verbose_name = _("결정사항")
        verbose_name_plural = _("결정사항")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.text[:50]
