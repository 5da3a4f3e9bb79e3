"""Meetings through their services: creating with a room, rescheduling, cancelling, RSVP, minutes
with the legally required fields, the 속기록 rule, decisions, mail after commit."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from audit.models import AuditEvent
from org.models import User
from org.services import department_set_head
from tasks.models import (
    Directive,
    Meeting,
    MeetingAttendee,
    MeetingStatus,
    Minutes,
    RelatedDocument,
    RoomBooking,
)
from tasks.selectors.meetings import meetings_for, minutes_prefill
from tasks.services.meetings import (
    meeting_cancel,
    meeting_decision_add,
    meeting_decision_to_directive,
    meeting_rsvp,
    meeting_update,
    minutes_attach,
    minutes_finalise,
    minutes_save,
    room_book,
)
from tests.factories import DepartmentFactory, PositionFactory, UserFactory
from tests.factories.tasks_cards import unit_task
from tests.factories.tasks_meetings import RoomFactory, kst, make_meeting
from tests.support import ADMIN, PEER, STAFF

pytestmark = pytest.mark.django_db

WAV = b"RIFF\x24\x00\x00\x00WAVEfmt " + b"\x00" * 40
PAST = {"starts_at": kst(2026, 3, 5, 10), "ends_at": kst(2026, 3, 5, 11)}


@pytest.fixture
def people(in_alpha):
    people = {u.username: u for u in User.objects.filter(username__in=[ADMIN, STAFF, PEER])}
    for user in people.values():
        user.email = f"{user.username}@alpha.example"
        user.save(update_fields=["email"])
    return people


@pytest.fixture
def room(in_alpha):
    return RoomFactory(name="대회의실", location="본관 3층")


@pytest.fixture
def stranger(in_alpha):
    other = DepartmentFactory(name="사업부", code="D200")
    return UserFactory(username="stranger", name="남부서", department=other, email="stranger@alpha.example")


def _edit(meeting, actor, **changes):
    values = {
        "title": meeting.title,
        "department": meeting.department,
        "starts_at": meeting.starts_at,
        "ends_at": meeting.ends_at,
        "room": meeting.booking.room if meeting.booking else None,
        "place": "" if meeting.booking else meeting.place,
        "agenda": [(a.title, a.presenter) for a in meeting.agenda_items.all()],
        "attendees": [a.user for a in meeting.attendees.filter(role="attendee")],
        "observers": [a.user for a in meeting.attendees.filter(role="observer")],
    }
    values.update(changes)
    return meeting_update(meeting=meeting, actor=actor, **values)


# --- Creating --------------------------------------------------------------------------------------


def test_create_books_the_room_and_invites_by_mail_after_commit(
    people, room, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        meeting = make_meeting(
            people[STAFF],
            room=room,
            agenda=[("상반기 실적 점검", "이직원"), ("  ", ""), ("하반기 계획", "")],
            attendees=[people[STAFF], people[PEER]],
            observers=[people[ADMIN]],
        )

    assert meeting.place == "대회의실 (본관 3층)"
    assert meeting.organiser == people[STAFF]
    assert meeting.status == MeetingStatus.SCHEDULED
    booking = meeting.booking
    assert (booking.room, booking.starts_at, booking.ends_at, booking.purpose) == (
        room,
        kst(2031, 3, 5, 10),
        kst(2031, 3, 5, 11),
        "주간업무회의",
    )
    assert list(meeting.agenda_items.values_list("order", "title", "presenter")) == [
        (1, "상반기 실적 점검", "이직원"),
        (2, "하반기 계획", ""),
    ]
    assert sorted(meeting.attendees.values_list("user__username", "role", "rsvp")) == [
        (ADMIN, "observer", "pending"),
        (PEER, "attendee", "pending"),
        (STAFF, "attendee", "pending"),
    ]
    assert sorted(m.to[0] for m in mailoutbox) == ["admin@alpha.example", "peer@alpha.example", "staff@alpha.example"]
    mail = next(m for m in mailoutbox if m.to == ["peer@alpha.example"])
    assert mail.subject == "[회의 안내] 주간업무회의"
    assert "2031. 3. 5. 10:00 ~ 11:00" in mail.body
    assert "1. 상반기 실적 점검 (이직원)" in mail.body
    assert f"/meetings/{meeting.pk}/" in mail.body
    assert AuditEvent.objects.filter(action="meeting.create", target_id=str(meeting.pk)).count() == 1


def test_no_mail_before_commit(people, mailoutbox):
    make_meeting(people[STAFF], attendees=[people[PEER]])
    assert mailoutbox == []


def test_create_refuses_bad_input_by_field(people, stranger):
    with pytest.raises(ValidationError) as caught:
        make_meeting(
            people[STAFF],
            title=" ",
            department=stranger.department,
            starts_at=kst(2031, 3, 5, 11),
            ends_at=kst(2031, 3, 5, 11),
            agenda=[("", "")],
            attendees=[people[PEER]],
            observers=[people[PEER]],
            place=" ",
            room=None,
        )

    assert caught.value.message_dict == {
        "title": ["회의명을 입력하세요."],
        "department": ["소속 부서나 관할 부서의 회의만 등록할 수 있습니다."],
        "ends_at": ["종료 일시는 시작 일시보다 뒤여야 합니다."],
        "place": ["장소를 입력하거나 회의실을 선택하세요."],
        "agenda": ["안건을 하나 이상 입력하세요."],
        "observers": ["참석자와 배석자로 함께 지정할 수 없습니다: 한동료"],
    }
    assert not Meeting.objects.exists()


def test_create_without_place_or_attendees(people):
    with pytest.raises(ValidationError) as caught:
        make_meeting(people[STAFF], attendees=[], place=" ", room=None)
    assert caught.value.message_dict == {
        "place": ["장소를 입력하거나 회의실을 선택하세요."],
        "attendees": ["참석자를 한 명 이상 지정하세요."],
    }


def test_a_room_clash_creates_nothing(people, room):
    make_meeting(people[STAFF], room=room)

    with pytest.raises(ValidationError) as caught:
        make_meeting(people[PEER], room=room, title="예산 협의", starts_at=kst(2031, 3, 5, 10, 30))

    assert caught.value.message_dict == {"room": ["선택한 시간에 이미 예약이 있습니다: 10:00~11:00 주간업무회의"]}
    assert list(Meeting.objects.values_list("title", flat=True)) == ["주간업무회의"]
    assert RoomBooking.objects.count() == 1


def test_a_head_hosts_for_the_tree_and_an_admin_for_anyone(people, stranger):
    child = DepartmentFactory(name="경영지원부 총무팀", code="D110", parent=people[STAFF].department)
    department_set_head(department=people[STAFF].department, head=people[PEER])
    people[PEER]._org_viewer = None

    assert make_meeting(User.objects.get(pk=people[PEER].pk), department=child).department == child
    assert make_meeting(people[ADMIN], department=stranger.department).department == stranger.department


def test_only_unit_tasks_one_may_file_under(people, stranger):
    mine = unit_task(department=people[STAFF].department)
    theirs = unit_task(department=stranger.department)

    assert make_meeting(people[STAFF], unit_task=mine).unit_task == mine
    with pytest.raises(ValidationError) as caught:
        make_meeting(people[STAFF], unit_task=theirs)
    assert caught.value.message_dict == {"unit_task": ["이 단위과제에는 회의를 등록할 수 없습니다."]}


# --- Changing and cancelling ---------------------------------------------------------------------


def test_reschedule_moves_the_booking_and_asks_again(people, room, django_capture_on_commit_callbacks, mailoutbox):
    meeting = make_meeting(people[STAFF], room=room, attendees=[people[STAFF], people[PEER]])
    meeting_rsvp(meeting=meeting, actor=people[PEER], answer="yes", now=kst(2031, 3, 1, 9))
    old_booking = meeting.booking

    # Within its own slot: the old booking is released first, so 10:30-11:30 does not clash with it.
    with django_capture_on_commit_callbacks(execute=True):
        meeting = _edit(meeting, people[STAFF], starts_at=kst(2031, 3, 5, 10, 30), ends_at=kst(2031, 3, 5, 11, 30))

    old_booking.refresh_from_db()
    assert old_booking.cancelled_at is not None
    assert (meeting.booking.starts_at, meeting.booking.ends_at) == (kst(2031, 3, 5, 10, 30), kst(2031, 3, 5, 11, 30))
    assert meeting.booking.cancelled_at is None
    assert set(meeting.attendees.values_list("rsvp", flat=True)) == {"pending"}
    assert sorted((m.subject, m.to[0]) for m in mailoutbox) == [
        ("[회의 변경] 주간업무회의", "peer@alpha.example"),
        ("[회의 변경] 주간업무회의", "staff@alpha.example"),
    ]


def test_reschedule_onto_another_booking_is_refused_and_changes_nothing(people, room):
    meeting = make_meeting(people[STAFF], room=room)
    room_book(
        room=room,
        starts_at=kst(2031, 3, 5, 14),
        ends_at=kst(2031, 3, 5, 15),
        purpose="외부 손님 접견",
        actor=people[PEER],
    )

    with pytest.raises(ValidationError) as caught:
        _edit(meeting, people[STAFF], starts_at=kst(2031, 3, 5, 14, 30), ends_at=kst(2031, 3, 5, 15, 30))

    assert caught.value.message_dict == {"room": ["선택한 시간에 이미 예약이 있습니다: 14:00~15:00 외부 손님 접견"]}
    meeting.refresh_from_db()
    meeting.booking.refresh_from_db()
    assert meeting.starts_at == kst(2031, 3, 5, 10)
    assert meeting.booking.cancelled_at is None


def test_update_changes_people_keeping_the_answers_of_those_who_stay(
    people, stranger, django_capture_on_commit_callbacks, mailoutbox
):
    meeting = make_meeting(people[STAFF], attendees=[people[STAFF], people[PEER]], observers=[people[ADMIN]])
    meeting_rsvp(meeting=meeting, actor=people[STAFF], answer="yes", now=kst(2031, 3, 1, 9))

    with django_capture_on_commit_callbacks(execute=True):
        _edit(meeting, people[STAFF], attendees=[people[STAFF], people[ADMIN], stranger], observers=[])

    assert sorted(meeting.attendees.values_list("user__username", "role", "rsvp")) == [
        (ADMIN, "attendee", "pending"),
        (STAFF, "attendee", "yes"),
        ("stranger", "attendee", "pending"),
    ]
    assert sorted((m.subject, m.to[0]) for m in mailoutbox) == [
        ("[회의 안내] 주간업무회의", "stranger@alpha.example"),
        ("[회의 참석 대상 제외] 주간업무회의", "peer@alpha.example"),
    ]


def test_only_the_organiser_or_an_admin_changes_a_meeting(people):
    meeting = make_meeting(people[STAFF], attendees=[people[STAFF], people[PEER]])

    with pytest.raises(PermissionDenied):
        _edit(meeting, people[PEER], title="바뀐 회의")
    with pytest.raises(PermissionDenied):
        meeting_cancel(meeting=meeting, actor=people[PEER])
    assert _edit(meeting, people[ADMIN], title="관리자가 바꾼 회의").title == "관리자가 바꾼 회의"


def test_cancel_frees_the_room_and_tells_everyone(people, room, django_capture_on_commit_callbacks, mailoutbox):
    meeting = make_meeting(people[STAFF], room=room, attendees=[people[STAFF], people[PEER]])

    with django_capture_on_commit_callbacks(execute=True):
        meeting_cancel(meeting=meeting, actor=people[STAFF], reason="기관장 일정 변경")

    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CANCELLED
    assert meeting.booking.cancelled_at is not None
    assert (
        room_book(
            room=room,
            purpose="다른 회의",
            actor=people[PEER],
            starts_at=kst(2031, 3, 5, 10),
            ends_at=kst(2031, 3, 5, 11),
        ).cancelled_at
        is None
    )
    assert {m.subject for m in mailoutbox} == {"[회의 취소] 주간업무회의"}
    assert all("취소 사유: 기관장 일정 변경" in m.body for m in mailoutbox)
    with pytest.raises(ValidationError, match="예정된 회의만 취소할 수 있습니다"):
        meeting_cancel(meeting=meeting, actor=people[STAFF])
    with pytest.raises(ValidationError, match="예정된 회의만 수정할 수 있습니다"):
        _edit(meeting, people[STAFF], title="다시")


# --- RSVP ----------------------------------------------------------------------------------------


def test_rsvp_by_attendees_and_observers(people):
    meeting = make_meeting(people[STAFF], attendees=[people[STAFF], people[PEER]], observers=[people[ADMIN]])
    at = kst(2031, 3, 4, 9, 30)

    row = meeting_rsvp(meeting=meeting, actor=people[PEER], answer="no", note=" 출장 ", now=at)
    meeting_rsvp(meeting=meeting, actor=people[ADMIN], answer="maybe", now=at)

    assert (row.rsvp, row.rsvp_note, row.responded_at) == ("no", "출장", at)
    assert dict(meeting.attendees.values_list("user__username", "rsvp")) == {
        STAFF: "pending",
        PEER: "no",
        ADMIN: "maybe",
    }


def test_rsvp_by_a_non_attendee_is_refused(people, stranger):
    meeting = make_meeting(people[STAFF], attendees=[people[STAFF]])

    with pytest.raises(PermissionDenied, match="참석 대상자만"):
        meeting_rsvp(meeting=meeting, actor=people[PEER], answer="yes", now=kst(2031, 3, 1))
    with pytest.raises(PermissionDenied):
        meeting_rsvp(meeting=meeting, actor=stranger, answer="yes", now=kst(2031, 3, 1))
    assert not MeetingAttendee.objects.filter(meeting=meeting, user__in=[people[PEER], stranger]).exists()


def test_rsvp_needs_a_known_answer_and_a_meeting_still_ahead(people):
    meeting = make_meeting(people[STAFF], attendees=[people[PEER]])

    with pytest.raises(ValidationError) as caught:
        meeting_rsvp(meeting=meeting, actor=people[PEER], answer="pending", now=kst(2031, 3, 1))
    assert caught.value.message_dict == {"answer": ["참석, 불참, 미정 중에서 고르세요."]}
    with pytest.raises(ValidationError, match="예정된 회의에만"):
        meeting_rsvp(meeting=meeting, actor=people[PEER], answer="yes", now=kst(2031, 3, 5, 11))


# --- Minutes -------------------------------------------------------------------------------------


def _minutes_values(**changes) -> dict:
    values = {
        "title": "주간업무회의",
        "department_name": "경영지원부",
        "held_from": kst(2026, 3, 5, 10),
        "held_to": kst(2026, 3, 5, 11),
        "place": "소회의실",
        "attendees_text": "이직원, 한동료",
        "observers_text": "",
        "order_of_business": "1. 개회\n2. 안건 심의\n3. 폐회",
        "agenda_text": "1. 주간 추진 실적 보고",
        "remarks": "이직원: 실적 보고. 한동료: 일정 조정 요청.",
        "decisions_text": "1. 다음 주까지 일정표 확정",
        "votes": "",
    }
    values.update(changes)
    return values


def test_prefill_from_the_meeting(people):
    position = PositionFactory(name="팀장", rank=30)
    people[PEER].position = position
    people[PEER].save()
    meeting = make_meeting(
        people[STAFF],
        room=RoomFactory(name="소회의실", location=""),
        agenda=[("주간 추진 실적 보고", "이직원"), ("청사 이전 계획", "")],
        attendees=[people[STAFF], people[PEER], people[ADMIN]],
        observers=[UserFactory(name="배석자")],
    )
    for user, answer in ((people[PEER], "yes"), (people[STAFF], "yes"), (people[ADMIN], "no")):
        meeting_rsvp(meeting=meeting, actor=user, answer=answer, now=kst(2031, 3, 1))
    meeting_decision_add(meeting=meeting, actor=people[STAFF], text="청사 이전은 하반기에 재논의")

    assert minutes_prefill(Meeting.objects.select_related("department").get(pk=meeting.pk)) == {
        "title": "주간업무회의",
        "department_name": "경영지원부",
        "held_from": kst(2031, 3, 5, 10),
        "held_to": kst(2031, 3, 5, 11),
        "place": "소회의실",
        "attendees_text": "이직원, 한동료 팀장",
        "observers_text": "배석자",
        "order_of_business": "1. 개회\n2. 안건 심의\n3. 결정사항 확인\n4. 폐회",
        "agenda_text": "1. 주간 추진 실적 보고 (이직원)\n2. 청사 이전 계획",
        "decisions_text": "1. 청사 이전은 하반기에 재논의",
    }


def test_every_required_minutes_field_is_checked_in_korean(people):
    meeting = make_meeting(people[STAFF], **PAST)
    blank = dict.fromkeys(_minutes_values(), "") | {"held_from": None, "held_to": None}

    with pytest.raises(ValidationError) as caught:
        minutes_save(meeting=meeting, actor=people[STAFF], **blank)

    assert caught.value.message_dict == {
        "title": ["회의명을 입력하세요."],
        "department_name": ["개최 부서를 입력하세요."],
        "held_from": ["개최 일시(시작)를 입력하세요."],
        "held_to": ["개최 일시(종료)를 입력하세요."],
        "place": ["장소를 입력하세요."],
        "attendees_text": ["참석자를 입력하세요."],
        "order_of_business": ["진행순서를 입력하세요."],
        "agenda_text": ["상정안건을 입력하세요."],
        "remarks": ["발언요지를 입력하세요."],
        "decisions_text": ["결정사항을 입력하세요."],
    }
    assert not Minutes.objects.exists()


def test_minutes_times_in_order(people):
    meeting = make_meeting(people[STAFF], **PAST)
    with pytest.raises(ValidationError) as caught:
        minutes_save(meeting=meeting, actor=people[STAFF], **_minutes_values(held_to=kst(2026, 3, 5, 9)))
    assert caught.value.message_dict == {"held_to": ["종료 일시는 시작 일시보다 뒤여야 합니다."]}


def test_minutes_are_written_by_the_organiser_or_an_admin(people):
    meeting = make_meeting(people[STAFF], attendees=[people[STAFF], people[PEER]], **PAST)

    with pytest.raises(PermissionDenied):
        minutes_save(meeting=meeting, actor=people[PEER], **_minutes_values())
    first = minutes_save(meeting=meeting, actor=people[STAFF], **_minutes_values())
    second = minutes_save(meeting=meeting, actor=people[ADMIN], **_minutes_values(remarks="보완한 발언요지"))

    assert first.pk == second.pk
    assert (second.remarks, second.recorded_by, second.status) == ("보완한 발언요지", people[ADMIN], "draft")


def test_finalised_minutes_hold_the_meeting_and_cannot_change(people):
    meeting = make_meeting(people[STAFF], **PAST)
    minutes = minutes_save(meeting=meeting, actor=people[STAFF], **_minutes_values())
    at = kst(2026, 3, 5, 17)

    minutes_finalise(minutes=minutes, actor=people[STAFF], now=at)

    minutes.refresh_from_db()
    meeting.refresh_from_db()
    assert (minutes.status, minutes.finalised_at, meeting.status) == ("final", at, MeetingStatus.HELD)
    with pytest.raises(ValidationError, match="확정된 회의록은 수정할 수 없습니다"):
        minutes_save(meeting=meeting, actor=people[STAFF], **_minutes_values(remarks="고침"))
    with pytest.raises(ValidationError, match="확정된 회의록은 수정할 수 없습니다"):
        minutes_finalise(minutes=minutes, actor=people[STAFF])
    with pytest.raises(ValidationError, match="확정된 회의록은 수정할 수 없습니다"):
        minutes_attach(
            minutes=minutes,
            file=SimpleUploadedFile("추가.txt", "내용".encode()),
            is_verbatim=False,
            actor=people[STAFF],
        )
    assert AuditEvent.objects.filter(action="minutes.finalise", target_id=str(minutes.pk)).count() == 1


def test_minutes_of_a_future_meeting_cannot_be_finalised(people):
    meeting = make_meeting(people[STAFF])
    minutes = minutes_save(meeting=meeting, actor=people[STAFF], **_minutes_values())
    with pytest.raises(ValidationError, match="회의가 시작된 뒤에"):
        minutes_finalise(minutes=minutes, actor=people[STAFF], now=kst(2031, 3, 5, 9))


def test_a_verbatim_meeting_needs_its_record_before_finalising(people, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    meeting = make_meeting(people[STAFF], is_verbatim=True, **PAST)
    minutes = minutes_save(meeting=meeting, actor=people[STAFF], **_minutes_values())
    minutes_attach(
        minutes=minutes,
        file=SimpleUploadedFile("자료.txt", "참고 자료".encode()),
        is_verbatim=False,
        actor=people[STAFF],
    )

    with pytest.raises(ValidationError) as caught:
        minutes_finalise(minutes=minutes, actor=people[STAFF])
    assert caught.value.messages == [
        "속기록 작성 대상 회의입니다. 속기록이나 녹음 파일을 '속기록·녹음'으로 첨부한 뒤 확정하세요."
    ]

    recording = minutes_attach(
        minutes=minutes, file=SimpleUploadedFile("녹음.wav", WAV), is_verbatim=True, actor=people[STAFF]
    )
    minutes_finalise(minutes=minutes, actor=people[STAFF])

    assert (recording.original_name, recording.content_type, recording.size) == ("녹음.wav", "audio/wav", len(WAV))
    assert recording.file.name.startswith("tasks/minutesattachment/")
    assert (tmp_path / "alpha" / recording.file.name).read_bytes() == WAV
    minutes.refresh_from_db()
    assert minutes.status == "final"


def test_an_attachment_must_pass_the_upload_check(people, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    meeting = make_meeting(people[STAFF], **PAST)
    minutes = minutes_save(meeting=meeting, actor=people[STAFF], **_minutes_values())

    with pytest.raises(ValidationError) as caught:
        minutes_attach(
            minutes=minutes,
            file=SimpleUploadedFile("녹음.wav", b"MZ\x90\x00not a wav"),
            is_verbatim=True,
            actor=people[STAFF],
        )

    assert caught.value.message_dict == {"file": ["녹음.wav: 파일 내용이 확장자(wav)와 맞지 않습니다."]}
    assert not minutes.attachments.exists()


def test_finalised_minutes_are_filed_under_the_unit_task(people):
    task = unit_task(department=people[STAFF].department)
    meeting = make_meeting(people[STAFF], unit_task=task, **PAST)
    minutes = minutes_save(meeting=meeting, actor=people[STAFF], **_minutes_values())

    minutes_finalise(minutes=minutes, actor=people[STAFF])

    document = RelatedDocument.objects.get(source="minutes", source_id=str(minutes.pk))
    assert (document.unit_task, document.title, document.produced_on.isoformat(), document.url) == (
        task,
        "주간업무회의 회의록",
        "2026-03-05",
        f"/meetings/{meeting.pk}/",
    )


def test_no_minutes_for_a_cancelled_meeting(people):
    meeting = make_meeting(people[STAFF], **PAST)
    meeting_cancel(meeting=meeting, actor=people[STAFF])
    with pytest.raises(ValidationError, match="취소된 회의에는 회의록을 작성할 수 없습니다"):
        minutes_save(meeting=meeting, actor=people[STAFF], **_minutes_values())


# --- Decisions -----------------------------------------------------------------------------------


def test_decisions_are_numbered_in_order(people):
    meeting = make_meeting(people[STAFF], **PAST)

    meeting_decision_add(meeting=meeting, actor=people[STAFF], text=" 일정표 확정 ")
    meeting_decision_add(meeting=meeting, actor=people[ADMIN], text="예산 재배정 검토")

    assert list(meeting.decisions.values_list("order", "text")) == [(1, "일정표 확정"), (2, "예산 재배정 검토")]
    with pytest.raises(ValidationError) as caught:
        meeting_decision_add(meeting=meeting, actor=people[STAFF], text=" ")
    assert caught.value.message_dict == {"text": ["결정사항을 입력하세요."]}
    with pytest.raises(PermissionDenied):
        meeting_decision_add(meeting=meeting, actor=people[PEER], text="권한 없음")


# --- The calendar's source -----------------------------------------------------------------------


def test_meetings_for_lists_what_one_organises_or_attends_in_the_period(people, stranger):
    organised = make_meeting(people[STAFF], attendees=[people[PEER]])
    invited = make_meeting(
        people[PEER],
        title="예산 협의",
        attendees=[people[STAFF]],
        starts_at=kst(2031, 3, 6, 14),
        ends_at=kst(2031, 3, 6, 15),
    )
    make_meeting(people[PEER], title="남의 회의", attendees=[people[PEER]])
    cancelled = make_meeting(people[STAFF], title="취소된 회의", attendees=[people[STAFF]])
    meeting_cancel(meeting=cancelled, actor=people[STAFF])
    make_meeting(people[STAFF], title="다음 주 회의", starts_at=kst(2031, 3, 12, 10), ends_at=kst(2031, 3, 12, 11))

    found = meetings_for(people[STAFF], kst(2031, 3, 5), kst(2031, 3, 5) + timedelta(days=7))

    assert [m.pk for m in found] == [organised.pk, invited.pk]


# --- Decisions become directives ------------------------------------------------------------------


@pytest.fixture
def head(people):
    """한동료 heads 경영지원부: heads (and admins) may issue directives."""
    department_set_head(department=people[PEER].department, head=people[PEER])
    return User.objects.get(pk=people[PEER].pk)


def test_a_decision_becomes_a_directive_once(people, head):
    task = unit_task(department=head.department)
    meeting = make_meeting(head, title="주간업무회의", unit_task=task, attendees=[head, people[STAFF]], **PAST)
    decision = meeting_decision_add(
        meeting=meeting, actor=head, text="청사 이전 일정표 확정\n세부 일정은 총무팀이 작성"
    )
    due = timezone.localdate() + timedelta(days=14)

    directive = meeting_decision_to_directive(decision=decision, actor=head, assignees=[people[STAFF]], due_on=due)

    decision.refresh_from_db()
    assert decision.directive == directive
    assert (directive.title, directive.department, directive.unit_task, directive.due_on, directive.issued_by) == (
        "청사 이전 일정표 확정",
        head.department,
        task,
        due,
        head,
    )
    assert directive.body == "주간업무회의(2026. 3. 5.) 결정사항\n\n청사 이전 일정표 확정\n세부 일정은 총무팀이 작성"
    assert list(directive.assignees.values_list("user__username", flat=True)) == [STAFF]
    assert AuditEvent.objects.filter(action="decision.to_directive", target_id=str(decision.pk)).count() == 1

    with pytest.raises(ValidationError, match="이미 지시사항으로 전환된 결정사항입니다"):
        meeting_decision_to_directive(decision=decision, actor=head, assignees=[people[STAFF]], due_on=due)
    assert Directive.objects.count() == 1


def test_only_those_who_may_direct_convert_a_decision(people):
    meeting = make_meeting(people[STAFF], **PAST)
    decision = meeting_decision_add(meeting=meeting, actor=people[STAFF], text="일정표 확정")
    due = timezone.localdate() + timedelta(days=7)

    with pytest.raises(PermissionDenied, match="부서장과 기관 관리자만"):
        meeting_decision_to_directive(decision=decision, actor=people[STAFF], assignees=[people[PEER]], due_on=due)
    with pytest.raises(PermissionDenied):
        meeting_decision_to_directive(decision=decision, actor=people[PEER], assignees=[people[PEER]], due_on=due)
    assert not Directive.objects.exists()

    directive = meeting_decision_to_directive(
        decision=decision,
        actor=people[ADMIN],
        assignees=[people[PEER]],
        due_on=due,
        department=people[STAFF].department,
    )
    assert directive.issued_by == people[ADMIN]
