"""The meeting pages: list with filters and export, the form, the meeting page with htmx RSVP and
decisions, minutes with files, the rooms board; who gets 404/403/login; flat query counts."""

from __future__ import annotations

import io
from datetime import datetime, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tenants.utils import schema_context
from openpyxl import load_workbook

from org import roles
from org.models import User
from org.services import department_set_head
from tasks.models import Meeting, Minutes, RoomBooking
from tasks.services.classification import unit_task_handover
from tasks.services.meetings import meeting_cancel, meeting_decision_add, meeting_rsvp, minutes_save, room_book
from tests.exports import FORMULA, assert_text_only
from tests.factories import DepartmentFactory, UserFactory
from tests.factories.tasks_cards import unit_task
from tests.factories.tasks_meetings import RoomFactory, kst, make_meeting
from tests.support import ADMIN, PEER, STAFF, login, redirects_to_login

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def people(in_alpha):
    return {u.username: u for u in User.objects.filter(username__in=[ADMIN, STAFF, PEER])}


@pytest.fixture
def stranger(in_alpha):
    other = DepartmentFactory(name="사업부", code="D200")
    return UserFactory(username="stranger", name="남부서", department=other)


@pytest.fixture
def room(in_alpha):
    return RoomFactory(name="대회의실", location="본관 3층")


@pytest.fixture
def as_user(alpha, client_for):
    def make(username):
        client = client_for(alpha)
        assert login(client, username).status_code == 302
        return client

    return make


def _local(value: datetime) -> str:
    return value.strftime("%Y-%m-%dT%H:%M")


def _form(**changes) -> dict:
    data = {
        "title": "분기 성과 점검 회의",
        "department": "",
        "starts_at": "2031-03-05T10:00",
        "ends_at": "2031-03-05T11:00",
        "room": "",
        "place": "",
        "description": "1분기 성과 점검",
        "unit_task": "",
        "attendees": [],
        "observers": [],
        "agenda-TOTAL_FORMS": "2",
        "agenda-INITIAL_FORMS": "0",
        "agenda-MIN_NUM_FORMS": "0",
        "agenda-MAX_NUM_FORMS": "30",
        "agenda-0-title": "1분기 실적",
        "agenda-0-presenter": "이직원",
        "agenda-1-title": "",
        "agenda-1-presenter": "",
    }
    data.update(changes)
    return data


# --- Who may see what ----------------------------------------------------------------------------


def test_anonymous_is_sent_to_login(people, alpha, client_for):
    meeting = make_meeting(people[STAFF])
    client = client_for(alpha)
    for path in ("/meetings/", f"/meetings/{meeting.pk}/", "/meetings/rooms/", "/meetings/new/"):
        assert redirects_to_login(client.get(path)), path
    assert redirects_to_login(client.post(f"/meetings/{meeting.pk}/rsvp/", {"answer": "yes"}))


def test_a_stranger_in_another_department_gets_404(people, stranger, as_user):
    meeting = make_meeting(people[STAFF], attendees=[people[STAFF]])
    client = as_user("stranger")

    assert client.get(f"/meetings/{meeting.pk}/").status_code == 404
    assert client.get(f"/meetings/{meeting.pk}/minutes/").status_code == 404
    assert client.post(f"/meetings/{meeting.pk}/rsvp/", {"answer": "yes"}).status_code == 404
    listing = client.get("/meetings/?period=all")
    assert "주간업무회의" not in listing.content.decode()


def test_a_colleague_of_the_department_reads_but_does_not_change(people, as_user):
    meeting = make_meeting(people[STAFF], attendees=[people[STAFF]])
    client = as_user(PEER)

    page = client.get(f"/meetings/{meeting.pk}/")
    assert page.status_code == 200
    assert "주간업무회의" in page.content.decode()
    assert client.get(f"/meetings/{meeting.pk}/edit/").status_code == 403
    assert client.post(f"/meetings/{meeting.pk}/cancel/").status_code == 403
    assert client.post(f"/meetings/{meeting.pk}/rsvp/", {"answer": "yes"}).status_code == 403
    meeting.refresh_from_db()
    assert meeting.status == "scheduled"


def test_an_attendee_from_another_department_sees_it(people, stranger, as_user):
    meeting = make_meeting(people[STAFF], attendees=[people[STAFF], stranger])
    assert as_user("stranger").get(f"/meetings/{meeting.pk}/").status_code == 200


def test_the_same_ids_at_beta_show_nothing_of_alpha(people, beta, client_for):
    meeting = make_meeting(people[STAFF], title="알파 기밀 회의")
    client = client_for(beta)
    assert login(client, STAFF).status_code == 302

    response = client.get(f"/meetings/{meeting.pk}/")
    assert response.status_code == 404
    listing = client.get("/meetings/?period=all").content.decode()
    assert "알파 기밀 회의" not in listing
    with schema_context("beta"):
        assert not Meeting.objects.exists()


# --- List ----------------------------------------------------------------------------------------


def test_list_filters_and_exports(people, as_user):
    make_meeting(people[STAFF], title="주간업무회의")
    make_meeting(
        people[PEER],
        title="예산 협의",
        attendees=[people[PEER]],
        starts_at=kst(2031, 3, 6, 14),
        ends_at=kst(2031, 3, 6, 15),
    )
    make_meeting(people[STAFF], title="1월 정례회의", starts_at=kst(2026, 1, 5, 10), ends_at=kst(2026, 1, 5, 11))
    client = as_user(STAFF)

    upcoming = client.get("/meetings/").content.decode()
    assert "주간업무회의" in upcoming
    assert "예산 협의" in upcoming
    assert "1월 정례회의" not in upcoming
    mine = client.get("/meetings/?scope=mine").content.decode()
    assert "예산 협의" not in mine
    assert "1월 정례회의" in client.get("/meetings/?period=past").content.decode()
    searched = client.get("/meetings/?q=예산", **HTMX)
    assert searched.template_name == "tasks/meetings/list.html#results"
    assert "예산 협의" in searched.content.decode()
    assert "주간업무회의" not in searched.content.decode()

    export = client.get("/meetings/?period=all&export=xlsx")
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True))
    assert rows[0][:4] == ("회의명", "개최 부서", "주관자", "시작")
    assert [(r[0], r[1], r[2], r[3]) for r in rows[1:]] == [
        ("예산 협의", "경영지원부", "한동료", kst(2031, 3, 6, 14).replace(tzinfo=None)),
        ("주간업무회의", "경영지원부", "이직원", kst(2031, 3, 5, 10).replace(tzinfo=None)),
        ("1월 정례회의", "경영지원부", "이직원", kst(2026, 1, 5, 10).replace(tzinfo=None)),
    ]


def _list_queries(client, count, people, start_day):
    for i in range(count):
        make_meeting(
            people[STAFF],
            title=f"회의 {start_day}-{i}",
            attendees=[people[STAFF], people[PEER]],
            starts_at=kst(2031, 4, start_day, 8 + i % 8),
            ends_at=kst(2031, 4, start_day, 9 + i % 8),
        )
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/meetings/?period=all")
    assert response.status_code == 200
    return len(queries)


def test_list_query_count_is_flat(people, as_user):
    client = as_user(STAFF)
    few = _list_queries(client, 3, people, 1)
    many = _list_queries(client, 9, people, 2)
    assert few == many


# --- The form ------------------------------------------------------------------------------------


def test_create_through_the_form_books_the_room(people, room, as_user):
    client = as_user(STAFF)
    assert client.get("/meetings/new/").status_code == 200

    response = client.post(
        "/meetings/new/",
        _form(
            department=people[STAFF].department_id,
            room=room.pk,
            attendees=[people[STAFF].pk, people[PEER].pk],
            observers=[people[ADMIN].pk],
        ),
    )

    meeting = Meeting.objects.get(title="분기 성과 점검 회의")
    assert response.status_code == 302
    assert response["Location"] == f"/meetings/{meeting.pk}/"
    assert meeting.booking.room == room
    assert meeting.place == "대회의실 (본관 3층)"
    assert list(meeting.agenda_items.values_list("title", "presenter")) == [("1분기 실적", "이직원")]


def test_a_clash_in_the_form_keeps_what_was_typed(people, room, as_user):
    make_meeting(people[PEER], room=room, title="예산 협의")
    client = as_user(STAFF)

    response = client.post(
        "/meetings/new/",
        _form(
            department=people[STAFF].department_id,
            room=room.pk,
            attendees=[people[STAFF].pk],
            starts_at="2031-03-05T10:30",
            ends_at="2031-03-05T11:30",
        ),
    )

    body = response.content.decode()
    assert response.status_code == 422
    assert "선택한 시간에 이미 예약이 있습니다: 10:00~11:00 예산 협의" in body
    assert 'value="분기 성과 점검 회의"' in body
    assert 'value="1분기 실적"' in body
    assert Meeting.objects.count() == 1


def test_room_options_mark_the_busy_rooms(people, room, as_user):
    RoomFactory(name="소회의실", location="")
    make_meeting(people[PEER], room=room, title="예산 협의")
    client = as_user(STAFF)

    body = client.get(
        "/meetings/room-options/", {"starts_at": "2031-03-05T10:30", "ends_at": "2031-03-05T12:00"}, **HTMX
    ).content.decode()

    assert "대회의실 (12명) — 예약 있음 10:00~11:00 예산 협의" in body
    assert "소회의실 (12명)</option>" in body


def test_edit_moves_the_meeting(people, room, as_user):
    meeting = make_meeting(people[STAFF], room=room, attendees=[people[STAFF]])
    client = as_user(STAFF)
    assert client.get(f"/meetings/{meeting.pk}/edit/").status_code == 200

    response = client.post(
        f"/meetings/{meeting.pk}/edit/",
        _form(
            title="주간업무회의",
            department=people[STAFF].department_id,
            room=room.pk,
            attendees=[people[STAFF].pk],
            starts_at="2031-03-05T15:00",
            ends_at="2031-03-05T16:00",
        ),
    )

    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.starts_at, meeting.booking.starts_at) == (kst(2031, 3, 5, 15), kst(2031, 3, 5, 15))
    assert RoomBooking.objects.filter(cancelled_at__isnull=True).count() == 1


# --- The meeting page ----------------------------------------------------------------------------


def test_rsvp_buttons_update_in_place(people, as_user):
    meeting = make_meeting(people[STAFF], attendees=[people[STAFF], people[PEER]])
    client = as_user(PEER)
    page = client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert f'hx-post="/meetings/{meeting.pk}/rsvp/"' in page

    response = client.post(f"/meetings/{meeting.pk}/rsvp/", {"answer": "no", "note": "출장"}, **HTMX)

    assert response.status_code == 200
    assert response.template_name == "tasks/meetings/detail.html#people"
    body = response.content.decode()
    assert "나의 응답: <strong>불참</strong>" in body
    assert "출장" in body
    assert meeting.attendees.get(user=people[PEER]).rsvp == "no"


def test_rsvp_without_htmx_redirects_back(people, as_user):
    meeting = make_meeting(people[STAFF], attendees=[people[STAFF], people[PEER]])
    response = as_user(PEER).post(f"/meetings/{meeting.pk}/rsvp/", {"answer": "maybe"})
    assert response.status_code == 302
    assert meeting.attendees.get(user=people[PEER]).rsvp == "maybe"


def test_cancel_through_the_page(people, room, as_user):
    meeting = make_meeting(people[STAFF], room=room)
    response = as_user(STAFF).post(f"/meetings/{meeting.pk}/cancel/", {"reason": "일정 변경"})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == "cancelled"


def test_decisions_added_in_place(people, as_user):
    meeting = make_meeting(people[STAFF])
    client = as_user(STAFF)

    response = client.post(f"/meetings/{meeting.pk}/decisions/", {"text": "일정표 확정"}, **HTMX)
    assert response.status_code == 200
    assert "일정표 확정" in response.content.decode()
    refused = client.post(f"/meetings/{meeting.pk}/decisions/", {"text": " "}, **HTMX)
    assert refused.status_code == 422
    assert "결정사항을 입력하세요." in refused.content.decode()


# --- Minutes -------------------------------------------------------------------------------------


MINUTES_FORM = {
    "title": "주간업무회의",
    "department_name": "경영지원부",
    "held_from": "2026-03-05T10:00",
    "held_to": "2026-03-05T11:00",
    "place": "소회의실",
    "attendees_text": "이직원, 한동료",
    "observers_text": "",
    "order_of_business": "1. 개회\n2. 폐회",
    "agenda_text": "1. 주간 실적",
    "remarks": "실적 보고",
    "decisions_text": "1. 일정 확정",
    "votes": "",
}


def test_minutes_form_is_prefilled_and_checks_required_fields(people, as_user):
    meeting = make_meeting(
        people[STAFF],
        attendees=[people[STAFF], people[PEER]],
        starts_at=kst(2031, 3, 5, 10),
        ends_at=kst(2031, 3, 5, 11),
    )
    meeting_rsvp(meeting=meeting, actor=people[PEER], answer="yes", now=kst(2031, 3, 1))
    client = as_user(STAFF)

    page = client.get(f"/meetings/{meeting.pk}/minutes/").content.decode()
    assert 'value="주간업무회의"' in page
    assert "한동료</textarea>" in page
    assert 'value="2031-03-05T10:00"' in page

    refused = client.post(f"/meetings/{meeting.pk}/minutes/", {**MINUTES_FORM, "remarks": "", "agenda_text": " "})
    body = refused.content.decode()
    assert refused.status_code == 422
    assert "발언요지를 입력하세요." in body
    assert "상정안건을 입력하세요." in body
    assert 'value="소회의실"' in body  # what was typed stays in the form
    assert "1. 일정 확정</textarea>" in body
    assert not Minutes.objects.exists()

    saved = client.post(f"/meetings/{meeting.pk}/minutes/", MINUTES_FORM)
    assert saved.status_code == 302
    assert Minutes.objects.get(meeting=meeting).remarks == "실적 보고"


def test_attach_download_and_finalise(people, as_user, stranger, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    meeting = make_meeting(people[STAFF], is_verbatim=True, starts_at=kst(2026, 3, 5, 10), ends_at=kst(2026, 3, 5, 11))
    minutes = minutes_save(
        meeting=meeting,
        actor=people[STAFF],
        **{
            k: (kst(2026, 3, 5, 10) if k == "held_from" else kst(2026, 3, 5, 11) if k == "held_to" else v)
            for k, v in MINUTES_FORM.items()
        },
    )
    client = as_user(STAFF)

    refused = client.post(f"/meetings/{meeting.pk}/minutes/finalise/", follow=True)
    assert "속기록 작성 대상 회의입니다" in refused.content.decode()

    wav = SimpleUploadedFile("녹음.wav", b"RIFF\x24\x00\x00\x00WAVEfmt " + b"\x00" * 40)
    assert client.post(f"/meetings/{meeting.pk}/minutes/attach/", {"file": wav, "is_verbatim": "on"}).status_code == 302
    attachment = minutes.attachments.get()

    download = client.get(f"/meetings/attachments/{attachment.pk}/")
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")
    assert b"".join(download.streaming_content).startswith(b"RIFF")
    assert as_user("stranger").get(f"/meetings/attachments/{attachment.pk}/").status_code == 404

    assert client.post(f"/meetings/{meeting.pk}/minutes/finalise/").status_code == 302
    minutes.refresh_from_db()
    assert minutes.status == "final"
    assert client.get(f"/meetings/{meeting.pk}/minutes/").status_code == 302


def test_a_bad_attachment_is_refused_on_the_page(people, as_user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    meeting = make_meeting(people[STAFF], starts_at=kst(2026, 3, 5, 10), ends_at=kst(2026, 3, 5, 11))
    minutes_save(
        meeting=meeting,
        actor=people[STAFF],
        **{
            k: (kst(2026, 3, 5, 10) if k == "held_from" else kst(2026, 3, 5, 11) if k == "held_to" else v)
            for k, v in MINUTES_FORM.items()
        },
    )

    response = as_user(STAFF).post(
        f"/meetings/{meeting.pk}/minutes/attach/", {"file": SimpleUploadedFile("실행.exe", b"MZ\x90\x00")}
    )

    assert response.status_code == 422
    assert "실행.exe: 첨부할 수 없는 형식입니다." in response.content.decode()


# --- Rooms ---------------------------------------------------------------------------------------


def test_rooms_board_and_booking_with_a_clash(people, room, as_user):
    room_book(
        room=room,
        starts_at=kst(2031, 3, 5, 10),
        ends_at=kst(2031, 3, 5, 11),
        purpose="주간업무회의",
        actor=people[PEER],
    )
    client = as_user(STAFF)

    board = client.get("/meetings/rooms/?date=2031-03-05").content.decode()
    assert "10:00~11:00" in board
    assert "주간업무회의" in board

    clash = client.post(
        "/meetings/rooms/?date=2031-03-05",
        {"room": room.pk, "starts_at": "2031-03-05T10:30", "ends_at": "2031-03-05T11:30", "purpose": "면담"},
        **HTMX,
    )
    assert clash.status_code == 422
    assert clash.template_name == "tasks/meetings/rooms.html#booking_form"
    assert "선택한 시간에 이미 예약이 있습니다: 10:00~11:00 주간업무회의" in clash.content.decode()
    assert 'value="면담"' in clash.content.decode()

    booked = client.post(
        "/meetings/rooms/?date=2031-03-05",
        {"room": room.pk, "starts_at": "2031-03-05T11:00", "ends_at": "2031-03-05T12:00", "purpose": "면담"},
        **HTMX,
    )
    assert booked["HX-Redirect"] == "/meetings/rooms/?date=2031-03-05&view=day"
    booking = RoomBooking.objects.get(purpose="면담")

    assert as_user(PEER).post(f"/meetings/bookings/{booking.pk}/cancel/").status_code == 403
    assert client.post(f"/meetings/bookings/{booking.pk}/cancel/").status_code == 302
    booking.refresh_from_db()
    assert booking.cancelled_at is not None


def _rooms_queries(client, people, rooms, per_room, day):
    for room in rooms:
        for hour in range(per_room):
            room_book(
                room=room,
                starts_at=kst(2031, 5, day, 8 + hour),
                ends_at=kst(2031, 5, day, 9 + hour),
                purpose=f"예약 {hour}",
                actor=people[STAFF],
            )
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/meetings/rooms/?date=2031-05-{day:02d}&view=week")
    assert response.status_code == 200
    return len(queries)


def test_rooms_board_query_count_is_flat(people, as_user):
    client = as_user(STAFF)
    few = _rooms_queries(client, people, [RoomFactory(), RoomFactory()], 2, 5)
    many = _rooms_queries(client, people, [RoomFactory(), RoomFactory(), RoomFactory(), RoomFactory()], 6, 6)
    assert few == many


def test_a_cancelled_meeting_is_not_on_the_board(people, room, as_user):
    meeting = make_meeting(people[STAFF], room=room, title="취소될 회의")
    meeting_cancel(meeting=meeting, actor=people[STAFF])
    assert "취소될 회의" not in as_user(STAFF).get("/meetings/rooms/?date=2031-03-05").content.decode()


def test_a_head_turns_a_decision_into_a_directive_from_the_page(people, as_user):
    department_set_head(department=people[PEER].department, head=people[PEER])
    head = User.objects.get(pk=people[PEER].pk)
    meeting = make_meeting(head, attendees=[head, people[STAFF]])
    decision = meeting_decision_add(meeting=meeting, actor=head, text="일정표 확정")
    client = as_user(PEER)
    due = (timezone.localdate() + timedelta(days=10)).isoformat()

    assert "지시사항으로 전환" in client.get(f"/meetings/{meeting.pk}/").content.decode()
    refused = client.post(f"/meetings/decisions/{decision.pk}/directive/", {f"d{decision.pk}-due_on": due})
    assert refused.status_code == 422
    assert "필수 항목입니다." in refused.content.decode()

    response = client.post(
        f"/meetings/decisions/{decision.pk}/directive/",
        {f"d{decision.pk}-assignees": [people[STAFF].pk], f"d{decision.pk}-due_on": due},
    )

    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.directive.title == "일정표 확정"
    page = client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert f'href="/directives/{decision.directive_id}/"' in page
    assert "지시사항으로 전환</summary>" not in page


def test_an_organiser_who_may_not_direct_sees_no_conversion(people, as_user):
    meeting = make_meeting(people[STAFF])
    meeting_decision_add(meeting=meeting, actor=people[STAFF], text="일정표 확정")
    page = as_user(STAFF).get(f"/meetings/{meeting.pk}/").content.decode()
    assert "일정표 확정" in page
    assert "지시사항으로 전환" not in page


def test_heads_of_the_tree_and_auditors_read_but_only_admins_change(people, as_user):
    child = DepartmentFactory(name="총무팀", code="D110", parent=people[STAFF].department)
    member = UserFactory(username="member", name="팀원", department=child)
    meeting = make_meeting(member, department=child, title="총무팀 회의", attendees=[member])
    department_set_head(department=people[PEER].department, head=people[PEER])
    UserFactory(username="auditor", name="감사관", department=people[STAFF].department, roles=[roles.AUDITOR])

    head = as_user(PEER)
    assert head.get(f"/meetings/{meeting.pk}/").status_code == 200
    assert head.get(f"/meetings/{meeting.pk}/edit/").status_code == 403
    auditor = as_user("auditor")
    assert auditor.get(f"/meetings/{meeting.pk}/").status_code == 200
    assert auditor.post(f"/meetings/{meeting.pk}/cancel/").status_code == 403
    assert as_user(STAFF).get(f"/meetings/{meeting.pk}/").status_code == 404  # a parent's member, not its head
    assert as_user(ADMIN).get(f"/meetings/{meeting.pk}/edit/").status_code == 200


def test_editing_keeps_a_unit_task_one_could_no_longer_file_under(people, stranger, as_user):
    task = unit_task(department=stranger.department, owner=people[STAFF])
    meeting = make_meeting(people[STAFF], unit_task=task, attendees=[people[STAFF]])
    unit_task_handover(unit_task=task, role="owner", to_user=stranger, handed_over_on=timezone.localdate(), actor=None)
    client = as_user(STAFF)
    assert f'<option value="{task.pk}" selected>' in client.get(f"/meetings/{meeting.pk}/edit/").content.decode()

    response = client.post(
        f"/meetings/{meeting.pk}/edit/",
        _form(
            title="주간업무회의",
            department=people[STAFF].department_id,
            place="소회의실",
            unit_task=task.pk,
            attendees=[people[STAFF].pk],
        ),
    )

    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.unit_task == task


def test_export_writes_a_formula_title_as_text(people, as_user):
    make_meeting(people[STAFF], title=FORMULA)

    assert_text_only(as_user(STAFF).get("/meetings/?period=all&export=xlsx").content, FORMULA)
