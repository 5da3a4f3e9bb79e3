"""Schedule entries (일정) through their services and the selector the home page and calendar use:
who may write which calendar, time rules, all-day entries, what a person's calendar holds."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from org.models import User
from org.services import department_set_head
from tasks.models import ScheduleEntry
from tasks.selectors.schedules import schedule_entries_for
from tasks.services.schedules import schedule_entry_create, schedule_entry_delete, schedule_entry_update
from tests.factories import DepartmentFactory, UserFactory
from tests.factories.tasks_meetings import kst
from tests.support import ADMIN, PEER, STAFF

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(in_alpha):
    return {u.username: u for u in User.objects.filter(username__in=[ADMIN, STAFF, PEER])}


@pytest.fixture
def stranger(in_alpha):
    return UserFactory(username="stranger", name="남부서", department=DepartmentFactory(name="사업부", code="D200"))


def entry(actor, scope="personal", title="외부 교육", start=(2026, 3, 5, 9), end=(2026, 3, 5, 10), **fields):
    return schedule_entry_create(
        actor=actor, scope=scope, title=title, starts_at=kst(*start), ends_at=kst(*end), **fields
    )


def test_a_personal_entry_belongs_to_its_author(people):
    made = entry(people[STAFF], location=" 도청 ", note="교재 지참")

    assert (made.scope, made.owner, made.department, made.created_by) == (
        "personal",
        people[STAFF],
        None,
        people[STAFF],
    )
    assert (made.location, made.note) == ("도청", "교재 지참")


def test_department_entries_by_members_heads_and_admins(people, stranger):
    own = entry(people[STAFF], scope="department", title="부서 워크숍")
    assert own.department == people[STAFF].department

    with pytest.raises(ValidationError) as caught:
        entry(people[STAFF], scope="department", department=stranger.department)
    assert caught.value.message_dict == {"scope": ["소속 부서나 관할 부서의 일정만 등록할 수 있습니다."]}

    child = DepartmentFactory(name="총무팀", code="D110", parent=people[PEER].department)
    department_set_head(department=people[PEER].department, head=people[PEER])
    head = User.objects.get(pk=people[PEER].pk)
    assert entry(head, scope="department", department=child).department == child
    assert entry(people[ADMIN], scope="department", department=stranger.department).department == stranger.department


def test_institution_entries_by_admins_only(people):
    with pytest.raises(ValidationError) as caught:
        entry(people[STAFF], scope="institution", title="창립기념일")
    assert caught.value.message_dict == {"scope": ["기관 일정은 관리자만 등록할 수 있습니다."]}

    made = entry(people[ADMIN], scope="institution", title="창립기념일", department=people[STAFF].department)
    assert (made.owner, made.department) == (None, None)


def test_end_may_not_precede_start_but_may_equal_it(people):
    with pytest.raises(ValidationError) as caught:
        entry(people[STAFF], title=" ", start=(2026, 3, 5, 10), end=(2026, 3, 5, 9))
    assert caught.value.message_dict == {
        "title": ["일정 제목을 입력하세요."],
        "ends_at": ["종료는 시작보다 앞설 수 없습니다."],
    }
    moment = entry(people[STAFF], title="보고서 제출 마감", start=(2026, 3, 5, 18), end=(2026, 3, 5, 18))
    assert moment.starts_at == moment.ends_at


def test_an_all_day_entry_covers_whole_days(people):
    made = entry(people[STAFF], title="연가", start=(2026, 3, 5, 15), end=(2026, 3, 6, 9), all_day=True)

    # Days 5 and 6, stored from midnight of the 5th to midnight after the 6th.
    assert (made.starts_at, made.ends_at) == (kst(2026, 3, 5), kst(2026, 3, 7))


def test_only_the_owner_changes_a_personal_entry(people):
    made = entry(people[STAFF])

    with pytest.raises(PermissionDenied):
        schedule_entry_update(
            entry=made,
            actor=people[PEER],
            scope="personal",
            title="가로채기",
            starts_at=made.starts_at,
            ends_at=made.ends_at,
        )
    with pytest.raises(PermissionDenied):
        schedule_entry_delete(entry=made, actor=people[ADMIN])

    changed = schedule_entry_update(
        entry=made,
        actor=people[STAFF],
        scope="personal",
        title="외부 교육(변경)",
        starts_at=kst(2026, 3, 5, 13),
        ends_at=kst(2026, 3, 5, 17),
        location="인재개발원",
    )
    assert (changed.title, changed.starts_at, changed.location, changed.owner) == (
        "외부 교육(변경)",
        kst(2026, 3, 5, 13),
        "인재개발원",
        people[STAFF],
    )
    schedule_entry_delete(entry=changed, actor=people[STAFF])
    assert not ScheduleEntry.objects.exists()


def test_department_colleagues_share_their_department_entry(people, stranger):
    made = entry(people[STAFF], scope="department", title="부서 워크숍")

    schedule_entry_update(
        entry=made,
        actor=people[PEER],
        scope="department",
        title="부서 워크숍(장소 변경)",
        starts_at=made.starts_at,
        ends_at=made.ends_at,
    )
    with pytest.raises(PermissionDenied):
        schedule_entry_delete(entry=made, actor=stranger)
    made.refresh_from_db()
    assert made.title == "부서 워크숍(장소 변경)"


def test_a_person_sees_their_own_their_departments_and_the_institutions(people, stranger):
    mine = entry(people[STAFF], title="개인 일정")
    entry(people[PEER], title="동료 개인 일정")
    department = entry(
        people[PEER], scope="department", title="부서 회식", start=(2026, 3, 6, 18), end=(2026, 3, 6, 20)
    )
    institution = entry(
        people[ADMIN], scope="institution", title="창립기념일", start=(2026, 3, 2), end=(2026, 3, 2), all_day=True
    )
    entry(stranger, scope="department", title="남의 부서 일정")
    entry(people[STAFF], title="다음 주", start=(2026, 3, 9, 9), end=(2026, 3, 9, 10))
    at_start = entry(people[STAFF], title="자정 알림", start=(2026, 3, 2), end=(2026, 3, 2))
    entry(people[STAFF], title="전날 밤까지", start=(2026, 3, 1, 22), end=(2026, 3, 2))

    found = schedule_entries_for(people[STAFF], kst(2026, 3, 2), kst(2026, 3, 9))

    assert [e.title for e in found] == [e.title for e in (institution, at_start, mine, department)]
