"""The calendar: merging schedule entries, meetings, due milestones and directives into one sorted
list; the month grid; the scopes 나/부서/기관; the iCalendar export; pages and their query counts."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from icalendar import Calendar

from org.models import User
from org.services import department_set_head
from tasks.selectors.calendar import calendar_items, month_bounds, month_grid
from tasks.services.cards import card_entry_add
from tasks.services.directives import directive_issue
from tasks.services.schedules import schedule_entry_create
from tests.factories import DepartmentFactory, UserFactory
from tests.factories.tasks_cards import card_for, unit_task
from tests.factories.tasks_meetings import SEOUL, kst, make_meeting
from tests.support import ADMIN, PEER, STAFF, login, redirects_to_login

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(in_alpha):
    return {u.username: u for u in User.objects.filter(username__in=[ADMIN, STAFF, PEER])}


@pytest.fixture
def stranger(in_alpha):
    return UserFactory(username="stranger", name="남부서", department=DepartmentFactory(name="사업부", code="D200"))


@pytest.fixture
def as_user(alpha, client_for):
    def make(username):
        client = client_for(alpha)
        assert login(client, username).status_code == 302
        return client

    return make


def entry(actor, title, start, end, scope="personal", **fields):
    return schedule_entry_create(
        actor=actor, scope=scope, title=title, starts_at=kst(*start), ends_at=kst(*end), **fields
    )


def milestone(owner, title, due: date):
    task = unit_task(department=owner.department, owner=owner, name="청사 이전")
    return card_entry_add(card=card_for(task, owner), kind="plan", title=title, body="", entry_date=due, actor=owner)


@pytest.fixture
def march(people, stranger):
    """March 2026 for 이직원 (staff). 2026-03-01 is a Sunday."""
    return {
        "institution": entry(people[ADMIN], "삼일절", (2026, 3, 1), (2026, 3, 1), scope="institution", all_day=True),
        "personal": entry(people[STAFF], "외부 교육", (2026, 3, 5, 9), (2026, 3, 5, 10), location="인재개발원"),
        "meeting": make_meeting(
            people[PEER],
            title="예산 협의",
            attendees=[people[PEER], people[STAFF]],
            starts_at=kst(2026, 3, 5, 14),
            ends_at=kst(2026, 3, 5, 15),
            place="소회의실",
        ),
        "department": entry(people[PEER], "부서 워크숍", (2026, 3, 9), (2026, 3, 10), scope="department", all_day=True),
        "milestone": milestone(people[STAFF], "이전 계획 수립", date(2026, 3, 20)),
        "others": [
            entry(people[PEER], "동료 개인 일정", (2026, 3, 5, 9), (2026, 3, 5, 10)),
            entry(stranger, "남의 부서 일정", (2026, 3, 5, 9), (2026, 3, 5, 10), scope="department"),
            make_meeting(
                people[PEER],
                title="초대받지 않은 회의",
                attendees=[people[PEER]],
                starts_at=kst(2026, 3, 6, 10),
                ends_at=kst(2026, 3, 6, 11),
            ),
            entry(people[STAFF], "4월 일정", (2026, 4, 6, 9), (2026, 4, 6, 10)),
        ],
    }


def test_month_bounds_start_on_monday_and_end_on_sunday():
    assert month_bounds(2026, 3) == (date(2026, 2, 23), date(2026, 4, 5))  # 1 March is a Sunday
    assert month_bounds(2027, 2) == (date(2027, 2, 1), date(2027, 2, 28))  # a February of exactly 4 weeks
    assert month_bounds(2026, 12) == (date(2026, 11, 30), date(2027, 1, 3))


def test_my_calendar_merges_every_source_in_order(people, march):
    items = calendar_items(people[STAFF], date(2026, 2, 23), date(2026, 4, 5), today=date(2026, 3, 10))

    assert [(i.kind, i.label, i.title) for i in items] == [
        ("schedule", "기관", "삼일절"),
        ("schedule", "개인", "외부 교육"),
        ("meeting", "회의", "예산 협의"),
        ("schedule", "부서", "부서 워크숍"),
        ("milestone", "추진계획", "이전 계획 수립 (청사 이전)"),
    ]
    by_title = {i.title: i for i in items}
    workshop = by_title["부서 워크숍"]
    assert (workshop.first_day, workshop.last_day, workshop.all_day) == (date(2026, 3, 9), date(2026, 3, 10), True)
    meeting = by_title["예산 협의"]
    assert (meeting.start, meeting.end, meeting.place) == (kst(2026, 3, 5, 14), kst(2026, 3, 5, 15), "소회의실")
    assert meeting.url == f"/meetings/{march['meeting'].pk}/"
    assert by_title["외부 교육"].url == f"/calendar/entries/{march['personal'].pk}/"
    assert by_title["삼일절"].url == ""  # staff cannot edit an institution entry
    assert by_title["이전 계획 수립 (청사 이전)"].tone == ""
    assert calendar_items(people[STAFF], date(2026, 3, 1), date(2026, 3, 31), today=date(2026, 3, 21))[-1].tone == (
        "overdue"
    )


def test_directives_due_are_on_the_assignees_calendar(people):
    department_set_head(department=people[PEER].department, head=people[PEER])
    head = User.objects.get(pk=people[PEER].pk)
    today = timezone.localdate()
    directive = directive_issue(
        actor=head,
        title="민원 처리 현황 보고",
        body="주간 현황",
        due_on=today + timedelta(days=3),
        department=head.department,
        assignees=[people[STAFF]],
    )

    items = calendar_items(people[STAFF], today, today + timedelta(days=6), today=today)
    assert [(i.kind, i.title, i.first_day, i.all_day, i.url) for i in items] == [
        ("directive", "민원 처리 현황 보고", today + timedelta(days=3), True, f"/directives/{directive.pk}/")
    ]
    assert calendar_items(people[ADMIN], today, today + timedelta(days=6), today=today) == []


def test_scopes_department_and_institution(people, march):
    department = calendar_items(people[STAFF], date(2026, 3, 1), date(2026, 3, 31), scope="department")
    institution = calendar_items(people[STAFF], date(2026, 3, 1), date(2026, 3, 31), scope="institution")

    assert [i.title for i in department] == ["예산 협의", "초대받지 않은 회의", "부서 워크숍"]
    assert [i.title for i in institution] == ["삼일절"]


def test_month_grid_of_march_2026(people, march):
    items = calendar_items(people[STAFF], *month_bounds(2026, 3), today=date(2026, 3, 5))

    weeks = month_grid(2026, 3, items, today=date(2026, 3, 5))

    assert len(weeks) == 6
    assert [d.date for d in weeks[0]] == [date(2026, 2, 23) + timedelta(days=i) for i in range(7)]
    assert [d.weekday_label for d in weeks[0]] == ["월", "화", "수", "목", "금", "토", "일"]
    assert [d.in_month for d in weeks[0]] == [False] * 6 + [True]
    assert [i.title for i in weeks[0][6].items] == ["삼일절"]
    thursday = weeks[1][3]
    assert (thursday.date, thursday.is_today) == (date(2026, 3, 5), True)
    assert [i.title for i in thursday.items] == ["외부 교육", "예산 협의"]
    assert [i.title for i in weeks[2][0].items] == ["부서 워크숍"]  # Monday the 9th
    assert [i.title for i in weeks[2][1].items] == ["부서 워크숍"]  # and Tuesday the 10th
    assert weeks[2][2].items == []
    assert [i.title for i in weeks[3][4].items] == ["이전 계획 수립 (청사 이전)"]  # Friday the 20th
    assert weeks[5][6].date == date(2026, 4, 5)
    assert not weeks[5][6].in_month


# --- Pages -----------------------------------------------------------------------------------------


def test_month_page(people, march, as_user):
    page = as_user(STAFF).get("/calendar/?month=2026-03")

    body = page.content.decode()
    assert page.status_code == 200
    assert "2026년 3월" in body
    assert '<th scope="col">월</th>' in body
    assert "?month=2026-02&amp;scope=me" in body
    assert "?month=2026-04&amp;scope=me" in body
    for title in ("삼일절", "외부 교육", "예산 협의", "부서 워크숍", "이전 계획 수립 (청사 이전)"):
        assert title in body
    for title in ("동료 개인 일정", "남의 부서 일정", "초대받지 않은 회의"):
        assert title not in body


def test_today_is_highlighted(people, as_user):
    today = timezone.localdate()
    body = as_user(STAFF).get("/calendar/").content.decode()
    assert 'class=" today" aria-current="date"' in body
    assert f'aria-label="{today.year}. {today.month}. {today.day}.' in body
    assert body.count('aria-current="date"') == 1


def test_week_page_shows_times(people, march, as_user):
    body = as_user(STAFF).get("/calendar/week/?date=2026-03-05").content.decode()
    assert "2026. 3. 2. ~ 2026. 3. 8." in body
    assert "14:00~15:00" in body
    assert "예산 협의" in body
    assert "부서 워크숍" not in body


def test_department_scope_page(people, march, as_user):
    body = as_user(STAFF).get("/calendar/?month=2026-03&scope=department").content.decode()
    assert "초대받지 않은 회의" in body
    assert "외부 교육" not in body


def _month_queries(client, people, n, day):
    for i in range(n):
        entry(people[STAFF], f"개인 {day}-{i}", (2026, 3, day, 9), (2026, 3, day, 10))
        entry(people[STAFF], f"부서 {day}-{i}", (2026, 3, day, 11), (2026, 3, day, 12), scope="department")
        make_meeting(
            people[PEER],
            title=f"회의 {day}-{i}",
            attendees=[people[STAFF]],
            starts_at=kst(2026, 3, day, 14),
            ends_at=kst(2026, 3, day, 15),
        )
        milestone(people[STAFF], f"계획 {day}-{i}", date(2026, 3, day))
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/calendar/?month=2026-03")
    assert response.status_code == 200
    return len(queries)


def test_month_query_count_is_flat(people, as_user):
    client = as_user(STAFF)
    assert _month_queries(client, people, 2, 10) == _month_queries(client, people, 6, 11)


# --- Entries through the pages ----------------------------------------------------------------------


def test_create_and_edit_an_entry(people, as_user):
    client = as_user(STAFF)
    assert client.get("/calendar/entries/new/?date=2026-03-05").status_code == 200

    response = client.post(
        "/calendar/entries/new/",
        {
            "scope": "personal",
            "title": "건강검진",
            "starts_at": "2026-03-05T09:00",
            "ends_at": "2026-03-05T11:00",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/calendar/?month=2026-03"
    made = calendar_items(people[STAFF], date(2026, 3, 5), date(2026, 3, 5))[0]
    assert (made.title, made.start, made.end) == ("건강검진", kst(2026, 3, 5, 9), kst(2026, 3, 5, 11))

    edit_url = made.url
    form = client.get(edit_url).content.decode()
    assert 'value="건강검진"' in form
    backwards = client.post(
        edit_url,
        {
            "scope": "personal",
            "title": "건강검진(변경)",
            "starts_at": "2026-03-05T09:00",
            "ends_at": "2026-03-05T08:00",
        },
    )
    assert backwards.status_code == 422
    assert "종료는 시작보다 앞설 수 없습니다." in backwards.content.decode()
    assert 'value="건강검진(변경)"' in backwards.content.decode()
    not_offered = client.post(
        edit_url,
        {
            "scope": "institution",
            "title": "건강검진",
            "starts_at": "2026-03-05T09:00",
            "ends_at": "2026-03-05T10:00",
        },
    )
    assert not_offered.status_code == 422
    assert 'name="scope"' in not_offered.content.decode()
    assert calendar_items(people[STAFF], date(2026, 3, 5), date(2026, 3, 5), scope="institution") == []


def test_an_all_day_entry_form_shows_its_last_day(people, as_user):
    made = entry(people[STAFF], "연가", (2026, 3, 5), (2026, 3, 6), all_day=True)
    body = as_user(STAFF).get(f"/calendar/entries/{made.pk}/").content.decode()
    assert 'value="2026-03-06T00:00"' in body


def test_other_peoples_entries_are_not_found(people, stranger, as_user):
    personal = entry(people[STAFF], "개인 일정", (2026, 3, 5, 9), (2026, 3, 5, 10))
    department = entry(people[STAFF], "부서 일정", (2026, 3, 5, 9), (2026, 3, 5, 10), scope="department")

    peer = as_user(PEER)
    assert peer.get(f"/calendar/entries/{personal.pk}/").status_code == 404
    assert peer.post(f"/calendar/entries/{personal.pk}/delete/").status_code == 404
    assert peer.get(f"/calendar/entries/{department.pk}/").status_code == 200
    outsider = as_user("stranger")
    assert outsider.get(f"/calendar/entries/{department.pk}/").status_code == 404
    assert "부서 일정" not in outsider.get("/calendar/?month=2026-03").content.decode()


def test_beta_and_anonymous_see_nothing(people, beta, client_for, alpha):
    made = entry(people[STAFF], "알파 개인 일정", (2026, 3, 5, 9), (2026, 3, 5, 10))
    anonymous = client_for(alpha)
    for path in ("/calendar/", "/calendar/week/", f"/calendar/entries/{made.pk}/", "/calendar/calendar.ics"):
        assert redirects_to_login(anonymous.get(path)), path

    twin = client_for(beta)
    assert login(twin, STAFF).status_code == 302
    assert twin.get(f"/calendar/entries/{made.pk}/").status_code == 404
    assert "알파 개인 일정" not in twin.get("/calendar/?month=2026-03").content.decode()
    assert "알파 개인 일정" not in twin.get("/calendar/calendar.ics?from=2026-03-01&to=2026-03-31").content.decode()


# --- iCalendar -----------------------------------------------------------------------------------


def test_ical_export_parses_back(people, march, as_user):
    response = as_user(STAFF).get("/calendar/calendar.ics?from=2026-03-01&to=2026-03-31")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    calendar = Calendar.from_ical(response.content)
    events = {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {"삼일절", "외부 교육", "예산 협의", "부서 워크숍", "이전 계획 수립 (청사 이전)"}
    meeting = events["예산 협의"]
    assert meeting.decoded("DTSTART") == datetime(2026, 3, 5, 14, tzinfo=SEOUL)
    assert meeting.decoded("DTEND") == datetime(2026, 3, 5, 15, tzinfo=SEOUL)
    assert meeting["DTSTART"].params["TZID"] == "Asia/Seoul"
    assert str(meeting["LOCATION"]) == "소회의실"
    assert str(meeting["URL"]).endswith(f"/meetings/{march['meeting'].pk}/")
    workshop = events["부서 워크숍"]
    assert (workshop.decoded("DTSTART"), workshop.decoded("DTEND")) == (date(2026, 3, 9), date(2026, 3, 11))
    assert events["외부 교육"].decoded("DTSTART") == datetime(2026, 3, 5, 9, tzinfo=SEOUL)
    uids = [str(e["UID"]) for e in calendar.walk("VEVENT")]
    assert len(set(uids)) == len(uids) == 5
    assert f"meeting-{march['meeting'].pk}@alpha." in " ".join(uids)
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Asia/Seoul"]
