"""회의관리 writes: room bookings, meetings with agenda and attendees, RSVP, minutes (회의록) and
their files, decisions (결정사항) and their conversion into directives.

A room is never double-booked: the exclusion constraint `room_booking_no_overlap` on
(room, [starts_at, ends_at)) refuses overlapping live bookings inside PostgreSQL. `room_book`
also looks for a clash first, but only to phrase the message early; two people booking at the
same moment both pass that look, and the constraint is what turns one of them away.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from functools import partial

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mass_mail
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.services import audit_record
from core.templatetags.korean import kdate, kdatetime
from core.uploads import check_upload
from org.models import Department, User
from org.visibility import viewer_for
from tasks.models import (
    Directive,
    Meeting,
    MeetingAgendaItem,
    MeetingAttendee,
    MeetingDecision,
    MeetingStatus,
    Minutes,
    MinutesAttachment,
    Room,
    RoomBooking,
    UnitTask,
)
from tasks.permissions.meetings import can_cancel_booking, can_host_for, require_manage_meeting
from tasks.produced import minutes_files, minutes_work
from tasks.selectors.cards import unit_tasks_for_filing
from tasks.services.cards import related_document_link
from tasks.services.directives import directive_issue
from tasks.signals import work_produced
from tenants.services import site_url

ROOM_OVERLAP_CONSTRAINT = "room_booking_no_overlap"
RSVP_ANSWERS = (MeetingAttendee.Rsvp.YES, MeetingAttendee.Rsvp.NO, MeetingAttendee.Rsvp.MAYBE)
DIRECTIVE_TITLE_MAX = 200

# The fields of 회의록 the records rules require, with the message shown when one is empty.
# 배석자 and 표결내용 may be empty: not every meeting has observers or takes a vote.
MINUTES_REQUIRED = {
    "title": gettext_lazy("회의명을 입력하세요."),
    "department_name": gettext_lazy("개최 부서를 입력하세요."),
    "held_from": gettext_lazy("개최 일시(시작)를 입력하세요."),
    "held_to": gettext_lazy("개최 일시(종료)를 입력하세요."),
    "place": gettext_lazy("장소를 입력하세요."),
    "attendees_text": gettext_lazy("참석자를 입력하세요."),
    "order_of_business": gettext_lazy("진행순서를 입력하세요."),
    "agenda_text": gettext_lazy("상정안건을 입력하세요."),
    "remarks": gettext_lazy("발언요지를 입력하세요."),
    "decisions_text": gettext_lazy("결정사항을 입력하세요."),
}


# --- Rooms -------------------------------------------------------------------------------------


def _constraint_name(exc: IntegrityError) -> str | None:
    diag = getattr(exc.__cause__, "diag", None)
    return getattr(diag, "constraint_name", None)


def room_clash(*, room_id: int, starts_at: datetime, ends_at: datetime) -> RoomBooking | None:
    """The first live booking of the room overlapping [starts_at, ends_at), if any."""
    return (
        RoomBooking.objects.filter(
            room_id=room_id, cancelled_at__isnull=True, starts_at__lt=ends_at, ends_at__gt=starts_at
        )
        .order_by("starts_at", "id")
        .first()
    )


def clash_message(clash: RoomBooking | None, *, on: datetime) -> str:
    """선택한 시간에 이미 예약이 있습니다: 10:00~11:00 주간업무회의 (with the date when the clash
    is not on the day asked for)."""
    if clash is None:
        return _("선택한 시간에 이미 예약이 있습니다.")
    start, end = timezone.localtime(clash.starts_at), timezone.localtime(clash.ends_at)
    if start.date() == end.date() == timezone.localtime(on).date():
        span = f"{start:%H:%M}~{end:%H:%M}"
    else:
        span = f"{kdatetime(start)}~{kdatetime(end)}"
    return _("선택한 시간에 이미 예약이 있습니다: %(span)s %(purpose)s") % {"span": span, "purpose": clash.purpose}


def room_book(*, room: Room, starts_at: datetime, ends_at: datetime, purpose: str, actor: User) -> RoomBooking:
    purpose = purpose.strip()
    errors: dict[str, str] = {}
    if not purpose:
        errors["purpose"] = _("사용 목적을 입력하세요.")
    if ends_at <= starts_at:
        errors["ends_at"] = _("종료 시각은 시작 시각보다 뒤여야 합니다.")
    if not room.is_active:
        errors["room"] = _("사용하지 않는 회의실입니다.")
    if errors:
        raise ValidationError(errors)
    # Early and friendly, never the guard: a booking committed after this look is caught below.
    clash = room_clash(room_id=room.pk, starts_at=starts_at, ends_at=ends_at)
    if clash is not None:
        raise ValidationError({"room": clash_message(clash, on=starts_at)})
    with transaction.atomic():
        # Lock the room row: two overlapping bookings inserted at the same moment would each wait
        # for the other inside the exclusion-constraint check and PostgreSQL would abort one as a
        # deadlock. With the lock the second waits here, then its INSERT meets the first's
        # committed row and the constraint refuses it as usual.
        Room.objects.select_for_update(of=("self",)).filter(pk=room.pk).order_by("pk").first()
        try:
            # A savepoint of its own, so a refused INSERT leaves the caller's transaction usable.
            with transaction.atomic():
                booking = RoomBooking.objects.create(
                    room=room, starts_at=starts_at, ends_at=ends_at, purpose=purpose[:200], booked_by=actor
                )
        except IntegrityError as exc:
            if _constraint_name(exc) != ROOM_OVERLAP_CONSTRAINT:
                raise
            # The other booking committed meanwhile; a new statement sees it (READ COMMITTED).
            clash = room_clash(room_id=room.pk, starts_at=starts_at, ends_at=ends_at)
            raise ValidationError({"room": clash_message(clash, on=starts_at)}) from exc
        audit_record(
            action="room.book",
            actor=actor,
            target=booking,
            data={"room": room.name, "starts_at": starts_at.isoformat(), "ends_at": ends_at.isoformat()},
        )
    return booking


def _release_booking(booking_id: int, now: datetime) -> bool:
    # Compare-and-set: of two cancellations at once, one changes the row, the other sees it done.
    return bool(RoomBooking.objects.filter(pk=booking_id, cancelled_at__isnull=True).update(cancelled_at=now))


def room_booking_cancel(*, booking: RoomBooking, actor: User) -> RoomBooking:
    """Free a room. A meeting's booking goes with the meeting (cancel or edit the meeting)."""
    if not can_cancel_booking(viewer_for(actor), booking):
        raise PermissionDenied(_("예약한 사람이나 관리자만 취소할 수 있습니다."))
    if Meeting.objects.filter(booking_id=booking.pk).exists():
        raise ValidationError(_("회의에 딸린 예약입니다. 회의를 취소하거나 회의 장소를 바꾸세요."))
    with transaction.atomic():
        if not _release_booking(booking.pk, timezone.now()):
            raise ValidationError(_("이미 취소된 예약입니다."))
        booking.refresh_from_db()
        audit_record(action="room.cancel", actor=actor, target=booking, data={"room": booking.room.name})
    return booking


# --- Meetings ----------------------------------------------------------------------------------


def _room_place(room: Room) -> str:
    return f"{room.name} ({room.location})" if room.location else room.name


def _clean_agenda(agenda: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    rows = []
    for title, presenter in agenda:
        title, presenter = (title or "").strip(), (presenter or "").strip()
        if title:
            rows.append((title[:200], presenter[:100]))
    return rows


def _may_file_under(actor: User, unit_task: UnitTask) -> bool:
    return unit_tasks_for_filing(actor).filter(pk=unit_task.pk).exists()


def _validate_meeting(
    *,
    actor: User,
    title: str,
    department: Department | None,
    starts_at: datetime | None,
    ends_at: datetime | None,
    room: Room | None,
    place: str,
    unit_task: UnitTask | None,
    agenda: list[tuple[str, str]],
    attendees: Sequence[User],
    observers: Sequence[User],
    current_unit_task_id: int | None = None,
) -> None:
    errors: dict[str, str] = {}
    viewer = viewer_for(actor)
    if not title.strip():
        errors["title"] = _("회의명을 입력하세요.")
    if department is None:
        errors["department"] = _("개최 부서를 선택하세요.")
    elif not can_host_for(viewer, department):
        errors["department"] = _("소속 부서나 관할 부서의 회의만 등록할 수 있습니다.")
    if starts_at is None:
        errors["starts_at"] = _("시작 일시를 입력하세요.")
    if ends_at is None:
        errors["ends_at"] = _("종료 일시를 입력하세요.")
    elif starts_at is not None and ends_at <= starts_at:
        errors["ends_at"] = _("종료 일시는 시작 일시보다 뒤여야 합니다.")
    if room is None and not place.strip():
        errors["place"] = _("장소를 입력하거나 회의실을 선택하세요.")
    if room is not None and not room.is_active:
        errors["room"] = _("사용하지 않는 회의실입니다.")
    # A unit task the meeting already carries stays acceptable (its owner may have changed since).
    if unit_task is not None and unit_task.pk != current_unit_task_id and not _may_file_under(actor, unit_task):
        errors["unit_task"] = _("이 단위과제에는 회의를 등록할 수 없습니다.")
    if not agenda:
        errors["agenda"] = _("안건을 하나 이상 입력하세요.")
    if not attendees:
        errors["attendees"] = _("참석자를 한 명 이상 지정하세요.")
    both = {u.pk for u in attendees} & {u.pk for u in observers}
    if both:
        names = ", ".join(sorted(u.name for u in observers if u.pk in both))
        errors["observers"] = _("참석자와 배석자로 함께 지정할 수 없습니다: %(names)s") % {"names": names}
    if errors:
        raise ValidationError(errors)


def _set_agenda(meeting: Meeting, agenda: list[tuple[str, str]]) -> None:
    meeting.agenda_items.all().delete()
    MeetingAgendaItem.objects.bulk_create(
        MeetingAgendaItem(meeting=meeting, order=i, title=title, presenter=presenter)
        for i, (title, presenter) in enumerate(agenda, start=1)
    )


def _wanted_roles(attendees: Sequence[User], observers: Sequence[User]) -> dict[int, str]:
    wanted = {u.pk: MeetingAttendee.Role.OBSERVER for u in observers}
    wanted.update({u.pk: MeetingAttendee.Role.ATTENDEE for u in attendees})
    return wanted


def meeting_create(
    *,
    actor: User,
    title: str,
    department: Department | None,
    starts_at: datetime | None,
    ends_at: datetime | None,
    room: Room | None = None,
    place: str = "",
    description: str = "",
    unit_task: UnitTask | None = None,
    is_verbatim: bool = False,
    agenda: Iterable[tuple[str, str]] = (),
    attendees: Sequence[User] = (),
    observers: Sequence[User] = (),
) -> Meeting:
    """Register a meeting, book its room in the same transaction, invite its people by mail."""
    agenda = _clean_agenda(agenda)
    _validate_meeting(
        actor=actor, title=title, department=department, starts_at=starts_at, ends_at=ends_at, room=room,
        place=place, unit_task=unit_task, agenda=agenda, attendees=attendees, observers=observers,
    )  # fmt: skip
    title = title.strip()
    with transaction.atomic():
        booking = (
            room_book(room=room, starts_at=starts_at, ends_at=ends_at, purpose=title, actor=actor) if room else None
        )
        meeting = Meeting.objects.create(
            title=title,
            department=department,
            organiser=actor,
            starts_at=starts_at,
            ends_at=ends_at,
            booking=booking,
            place=place.strip() or _room_place(room),
            description=description.strip(),
            unit_task=unit_task,
            is_verbatim=is_verbatim,
        )
        _set_agenda(meeting, agenda)
        wanted = _wanted_roles(attendees, observers)
        MeetingAttendee.objects.bulk_create(
            MeetingAttendee(meeting=meeting, user_id=user_id, role=role) for user_id, role in wanted.items()
        )
        audit_record(
            action="meeting.create",
            actor=actor,
            target=meeting,
            data={
                "starts_at": starts_at.isoformat(),
                "department": department.code,
                "room": room.name if room else None,
            },
        )
        transaction.on_commit(partial(_mail_meeting, meeting.pk, "invite", list(wanted)))
    return meeting


def meeting_update(
    *,
    meeting: Meeting,
    actor: User,
    title: str,
    department: Department | None,
    starts_at: datetime | None,
    ends_at: datetime | None,
    room: Room | None = None,
    place: str = "",
    description: str = "",
    unit_task: UnitTask | None = None,
    is_verbatim: bool = False,
    agenda: Iterable[tuple[str, str]] = (),
    attendees: Sequence[User] = (),
    observers: Sequence[User] = (),
) -> Meeting:
    """Change a scheduled meeting. A new time or room moves the booking (the old one is released
    first, inside this transaction, so a meeting may move within its own slot); the exclusion
    constraint still guards the new slot. A new time asks everyone to answer again."""
    agenda = _clean_agenda(agenda)
    with transaction.atomic():
        # Lock the meeting: two edits (or an edit and a cancellation) must not interleave.
        meeting = Meeting.objects.select_for_update(of=("self",)).select_related("booking").get(pk=meeting.pk)
        require_manage_meeting(viewer_for(actor), meeting)
        if meeting.status != MeetingStatus.SCHEDULED:
            raise ValidationError(_("예정된 회의만 수정할 수 있습니다."))
        _validate_meeting(
            actor=actor, title=title, department=department, starts_at=starts_at, ends_at=ends_at, room=room,
            place=place, unit_task=unit_task, agenda=agenda, attendees=attendees, observers=observers,
            current_unit_task_id=meeting.unit_task_id,
        )  # fmt: skip
        title = title.strip()
        old_booking = meeting.booking
        retimed = (starts_at, ends_at) != (meeting.starts_at, meeting.ends_at)
        room_changed = (old_booking.room_id if old_booking else None) != (room.pk if room else None)
        new_place = place.strip() or (_room_place(room) if room else "")
        moved = retimed or room_changed or new_place != meeting.place
        if retimed or room_changed:
            if old_booking is not None:
                _release_booking(old_booking.pk, timezone.now())
            meeting.booking = (
                room_book(room=room, starts_at=starts_at, ends_at=ends_at, purpose=title, actor=actor) if room else None
            )
        elif old_booking is not None and old_booking.purpose != title:
            RoomBooking.objects.filter(pk=old_booking.pk).update(purpose=title[:200])
        meeting.title = title
        meeting.department = department
        meeting.starts_at, meeting.ends_at = starts_at, ends_at
        meeting.place = new_place
        meeting.description = description.strip()
        meeting.unit_task = unit_task
        meeting.is_verbatim = is_verbatim
        meeting.save()
        _set_agenda(meeting, agenda)

        wanted = _wanted_roles(attendees, observers)
        existing = dict(meeting.attendees.values_list("user_id", "role"))
        removed = [uid for uid in existing if uid not in wanted]
        added = [uid for uid in wanted if uid not in existing]
        meeting.attendees.filter(user_id__in=removed).delete()
        MeetingAttendee.objects.bulk_create(
            MeetingAttendee(meeting=meeting, user_id=uid, role=wanted[uid]) for uid in added
        )
        for role in MeetingAttendee.Role.values:
            changed = [uid for uid, old in existing.items() if uid in wanted and wanted[uid] == role and old != role]
            if changed:
                meeting.attendees.filter(user_id__in=changed).update(role=role)
        if retimed:
            meeting.attendees.update(rsvp=MeetingAttendee.Rsvp.PENDING, responded_at=None, rsvp_note="")

        staying = [uid for uid in wanted if uid in existing]
        transaction.on_commit(partial(_mail_meeting, meeting.pk, "invite", added))
        if moved:
            transaction.on_commit(partial(_mail_meeting, meeting.pk, "change", staying))
        transaction.on_commit(partial(_mail_meeting, meeting.pk, "removed", removed))
    return meeting


def meeting_cancel(*, meeting: Meeting, actor: User, reason: str = "") -> Meeting:
    """Cancel a scheduled meeting, free its room, tell its people."""
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update(of=("self",)).get(pk=meeting.pk)
        require_manage_meeting(viewer_for(actor), meeting)
        if meeting.status != MeetingStatus.SCHEDULED:
            raise ValidationError(_("예정된 회의만 취소할 수 있습니다."))
        meeting.status = MeetingStatus.CANCELLED
        meeting.save(update_fields=["status"])
        if meeting.booking_id:
            _release_booking(meeting.booking_id, timezone.now())
        audit_record(action="meeting.cancel", actor=actor, target=meeting, data={"reason": reason.strip()[:200]})
        people = list(meeting.attendees.values_list("user_id", flat=True))
        transaction.on_commit(partial(_mail_meeting, meeting.pk, "cancel", people, reason.strip()))
    return meeting


def meeting_rsvp(
    *, meeting: Meeting, actor: User, answer: str, note: str = "", now: datetime | None = None
) -> MeetingAttendee:
    """An attendee or observer answers 참석 / 불참 / 미정, until the meeting ends."""
    now = now or timezone.now()
    if answer not in RSVP_ANSWERS:
        raise ValidationError({"answer": _("참석, 불참, 미정 중에서 고르세요.")})
    with transaction.atomic():
        row = (
            MeetingAttendee.objects.select_for_update(of=("self",))
            .select_related("meeting")
            .filter(meeting_id=meeting.pk, user=actor)
            .first()
        )
        if row is None:
            raise PermissionDenied(_("참석 대상자만 참석 여부를 답할 수 있습니다."))
        if row.meeting.status != MeetingStatus.SCHEDULED or row.meeting.ends_at <= now:
            raise ValidationError(_("예정된 회의에만 참석 여부를 답할 수 있습니다."))
        row.rsvp, row.responded_at, row.rsvp_note = answer, now, note.strip()[:200]
        row.save(update_fields=["rsvp", "responded_at", "rsvp_note"])
    return row


# --- Minutes -----------------------------------------------------------------------------------


def minutes_save(
    *,
    meeting: Meeting,
    actor: User,
    title: str,
    department_name: str,
    held_from: datetime | None,
    held_to: datetime | None,
    place: str,
    attendees_text: str,
    order_of_business: str,
    agenda_text: str,
    remarks: str,
    decisions_text: str,
    observers_text: str = "",
    votes: str = "",
) -> Minutes:
    """Write or rewrite the draft minutes. Every required field of 회의록 must be filled in."""
    values = {
        "title": title.strip(),
        "department_name": department_name.strip(),
        "held_from": held_from,
        "held_to": held_to,
        "place": place.strip(),
        "attendees_text": attendees_text.strip(),
        "observers_text": observers_text.strip(),
        "order_of_business": order_of_business.strip(),
        "agenda_text": agenda_text.strip(),
        "remarks": remarks.strip(),
        "decisions_text": decisions_text.strip(),
        "votes": votes.strip(),
    }
    errors = {field: str(message) for field, message in MINUTES_REQUIRED.items() if not values[field]}
    if held_from and held_to and held_to <= held_from:
        errors["held_to"] = _("종료 일시는 시작 일시보다 뒤여야 합니다.")
    for field, limit in (("title", 200), ("department_name", 100), ("place", 200)):
        if len(values[field]) > limit:
            errors[field] = _("%(n)d자 이내로 입력하세요.") % {"n": limit}
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        # Lock the meeting: the organiser and an admin saving at once must not both create minutes.
        meeting = Meeting.objects.select_for_update(of=("self",)).get(pk=meeting.pk)
        require_manage_meeting(viewer_for(actor), meeting)
        if meeting.status == MeetingStatus.CANCELLED:
            raise ValidationError(_("취소된 회의에는 회의록을 작성할 수 없습니다."))
        minutes = Minutes.objects.filter(meeting=meeting).first()
        if minutes is None:
            minutes = Minutes(meeting=meeting)
        elif minutes.status == Minutes.Status.FINAL:
            raise ValidationError(_("확정된 회의록은 수정할 수 없습니다."))
        for field, value in values.items():
            setattr(minutes, field, value)
        minutes.recorded_by = actor
        minutes.save()
    return minutes


def _lock_draft_minutes(minutes: Minutes, actor: User) -> tuple[Meeting, Minutes]:
    # Meeting first, then minutes: the same order as minutes_save, so the two never deadlock.
    meeting = Meeting.objects.select_for_update(of=("self",)).get(pk=minutes.meeting_id)
    minutes = Minutes.objects.select_for_update(of=("self",)).get(pk=minutes.pk)
    require_manage_meeting(viewer_for(actor), meeting)
    if minutes.status == Minutes.Status.FINAL:
        raise ValidationError(_("확정된 회의록은 수정할 수 없습니다."))
    return meeting, minutes


def minutes_attach(*, minutes: Minutes, file: UploadedFile, is_verbatim: bool, actor: User) -> MinutesAttachment:
    """Attach a file to draft minutes; `is_verbatim` marks the 속기록 or recording (m4a/mp3/wav)."""
    try:
        checked = check_upload(file)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from exc
    with transaction.atomic():
        _meeting, minutes = _lock_draft_minutes(minutes, actor)
        if minutes.attachments.count() >= settings.ATTACHMENT_MAX_FILES:
            raise ValidationError(
                {"file": _("회의록에는 파일을 %(n)d개까지 첨부할 수 있습니다.") % {"n": settings.ATTACHMENT_MAX_FILES}}
            )
        attachment = MinutesAttachment(
            minutes=minutes,
            original_name=checked.original_name,
            content_type=checked.content_type,
            size=checked.size,
            sha256=checked.sha256,
            uploaded_by=actor,
            is_verbatim=is_verbatim,
        )
        attachment.file.save(checked.original_name, checked.file, save=False)
        attachment.save()
    return attachment


def minutes_finalise(*, minutes: Minutes, actor: User, now: datetime | None = None) -> Minutes:
    """Fix the minutes for good: the meeting becomes 개최, and minutes of a meeting filed under a
    unit task appear among that task's related documents. A meeting designated for a verbatim
    record (속기록) needs one attached first."""
    now = now or timezone.now()
    with transaction.atomic():
        meeting, minutes = _lock_draft_minutes(minutes, actor)
        if meeting.status == MeetingStatus.CANCELLED:
            raise ValidationError(_("취소된 회의의 회의록은 확정할 수 없습니다."))
        if meeting.starts_at > now:
            raise ValidationError(_("회의가 시작된 뒤에 회의록을 확정할 수 있습니다."))
        if meeting.is_verbatim and not minutes.attachments.filter(is_verbatim=True).exists():
            raise ValidationError(
                _("속기록 작성 대상 회의입니다. 속기록이나 녹음 파일을 '속기록·녹음'으로 첨부한 뒤 확정하세요.")
            )
        minutes.status = Minutes.Status.FINAL
        minutes.finalised_at = now
        minutes.save(update_fields=["status", "finalised_at", "updated_at"])
        meeting.status = MeetingStatus.HELD
        meeting.save(update_fields=["status"])
        if meeting.unit_task_id:
            related_document_link(
                unit_task=meeting.unit_task,
                source="minutes",
                source_id=minutes.pk,
                title=f"{minutes.title} 회의록",
                produced_on=timezone.localdate(minutes.held_from),
                url=reverse("meetings:detail", args=[meeting.pk]),
            )
        audit_record(action="minutes.finalise", actor=actor, target=minutes, data={"meeting": meeting.pk})
        _announce_minutes(meeting, minutes, actor, now)
    return minutes


def minutes_text(minutes: Minutes) -> str:
    """The minutes as registered: every field the records rules require, in their order."""
    fields = [
        (_("회의명"), minutes.title),
        (_("개최 부서"), minutes.department_name),
        (_("일시"), f"{kdatetime(minutes.held_from)} ~ {kdatetime(minutes.held_to)}"),
        (_("장소"), minutes.place),
        (_("참석자"), minutes.attendees_text),
        (_("배석자"), minutes.observers_text),
        (_("진행순서"), minutes.order_of_business),
        (_("상정안건"), minutes.agenda_text),
        (_("발언요지"), minutes.remarks),
        (_("결정사항"), minutes.decisions_text),
        (_("표결내용"), minutes.votes),
    ]
    return "\n\n".join(f"[{label}]\n{value}" for label, value in fields if value)


def _announce_minutes(meeting: Meeting, minutes: Minutes, actor: User, now: datetime) -> None:
    """Finalised minutes are a record of the meeting's department, with every attached file; the
    속기록 or recording of a designated meeting is registered together with them (records follows
    work_produced)."""
    files = minutes_files(minutes.attachments.order_by("id"))
    work = minutes_work(meeting, minutes, actor, now, minutes_text(minutes), files)
    work_produced.send(sender=Minutes, work=work, actor=actor)


# --- Decisions ---------------------------------------------------------------------------------


def meeting_decision_add(*, meeting: Meeting, actor: User, text: str) -> MeetingDecision:
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("결정사항을 입력하세요.")})
    with transaction.atomic():
        # Lock the meeting so two decisions added at once get distinct order numbers.
        meeting = Meeting.objects.select_for_update(of=("self",)).get(pk=meeting.pk)
        require_manage_meeting(viewer_for(actor), meeting)
        if meeting.status == MeetingStatus.CANCELLED:
            raise ValidationError(_("취소된 회의에는 결정사항을 추가할 수 없습니다."))
        last = meeting.decisions.aggregate(n=Max("order"))["n"] or 0
        return MeetingDecision.objects.create(meeting=meeting, order=last + 1, text=text)


def _directive_title(decision: MeetingDecision) -> str:
    first_line = decision.text.strip().splitlines()[0]
    return first_line if len(first_line) <= DIRECTIVE_TITLE_MAX else first_line[: DIRECTIVE_TITLE_MAX - 1] + "…"


def meeting_decision_to_directive(
    *,
    decision: MeetingDecision,
    actor: User,
    assignees: Sequence[User],
    due_on,
    department: Department | None = None,
    title: str = "",
    body: str = "",
) -> Directive:
    """Turn a decision into a directive (once). The directive is issued by `actor` to the
    assignees, hosted by the meeting's department unless another is given, under the meeting's
    unit task."""
    with transaction.atomic():
        # Lock the decision: two people converting it at once must not issue two directives.
        decision = MeetingDecision.objects.select_for_update(of=("self",)).select_related("meeting").get(pk=decision.pk)
        meeting = decision.meeting
        require_manage_meeting(viewer_for(actor), meeting)
        if decision.directive_id is not None:
            raise ValidationError(_("이미 지시사항으로 전환된 결정사항입니다."))
        if meeting.status == MeetingStatus.CANCELLED:
            raise ValidationError(_("취소된 회의의 결정사항은 전환할 수 없습니다."))
        held = kdate(meeting.starts_at)
        directive = directive_issue(
            actor=actor,
            title=title.strip() or _directive_title(decision),
            body=body.strip() or f"{meeting.title}({held}) 결정사항\n\n{decision.text}",
            due_on=due_on,
            department=department or meeting.department,
            assignees=assignees,
            unit_task=meeting.unit_task,
        )
        decision.directive = directive
        decision.save(update_fields=["directive"])
        audit_record(
            action="decision.to_directive",
            actor=actor,
            target=decision,
            data={"meeting": meeting.pk, "directive": directive.pk},
        )
    return directive


# --- Mail --------------------------------------------------------------------------------------

_MAIL_SUBJECTS = {
    "invite": gettext_lazy("[회의 안내] %(title)s"),
    "change": gettext_lazy("[회의 변경] %(title)s"),
    "cancel": gettext_lazy("[회의 취소] %(title)s"),
    "removed": gettext_lazy("[회의 참석 대상 제외] %(title)s"),
}


def _meeting_link(meeting_id: int) -> str:
    return site_url(reverse("meetings:detail", args=[meeting_id]))


def _mail_meeting(meeting_id: int, kind: str, user_ids: list[int], reason: str = "") -> None:
    """Runs after commit: one message per person who has an address (a missing address is not an
    error; the meeting is on their calendar either way)."""
    if not user_ids:
        return
    meeting = (
        Meeting.objects.select_related("department", "organiser")
        .prefetch_related("agenda_items")
        .filter(pk=meeting_id)
        .first()
    )
    if meeting is None:
        return
    people = User.objects.filter(pk__in=user_ids, is_active=True).exclude(email="")
    subject = str(_MAIL_SUBJECTS[kind]) % {"title": meeting.title}
    messages = []
    for person in people:
        body = render_to_string(
            "tasks/meetings/mail.txt",
            {"meeting": meeting, "kind": kind, "person": person, "reason": reason, "link": _meeting_link(meeting.pk)},
        )
        messages.append((subject, body, None, [person.email]))
    if messages:
        send_mass_mail(messages, fail_silently=False)
