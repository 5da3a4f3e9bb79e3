"""The organisation's write services: the department tree, department heads, absences and who
decides while someone is away (대결, proxy decision)."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditEvent
from org import roles
from org.models import Absence, Department, EmploymentStatus
from org.services import absence_create, department_save, department_set_head, department_subtree, proxy_for
from tests.factories import DepartmentFactory, UserFactory

pytestmark = pytest.mark.django_db

SEOUL = ZoneInfo("Asia/Seoul")
MON_9AM = datetime(2026, 3, 2, 9, 0, tzinfo=SEOUL)


def _seg(department: Department) -> str:
    return f"{department.pk:04d}."


def _fresh(department: Department) -> Department:
    return Department.objects.get(pk=department.pk)


# --- the department tree ------------------------------------------------------------------------


def test_new_departments_get_path_and_depth(in_alpha):
    hq = DepartmentFactory(name="경영본부")
    planning = DepartmentFactory(name="기획부", parent=hq)
    budget = DepartmentFactory(name="예산팀", parent=planning)

    assert (hq.path, hq.depth) == (_seg(hq), 0)
    assert (planning.path, planning.depth) == (_seg(hq) + _seg(planning), 1)
    assert (budget.path, budget.depth) == (_seg(hq) + _seg(planning) + _seg(budget), 2)
    assert set(department_subtree(hq)) == {hq, planning, budget}
    assert set(department_subtree(planning)) == {planning, budget}


def test_moving_a_department_moves_its_subtree(in_alpha):
    hq = DepartmentFactory(name="경영본부")
    planning = DepartmentFactory(name="기획부", parent=hq)
    budget = DepartmentFactory(name="예산팀", parent=planning)
    audit_team = DepartmentFactory(name="감사팀", parent=budget)
    ops = DepartmentFactory(name="사업본부")

    planning.parent = ops
    department_save(department=planning)

    planning, budget, audit_team, hq = _fresh(planning), _fresh(budget), _fresh(audit_team), _fresh(hq)
    assert (planning.path, planning.depth) == (_seg(ops) + _seg(planning), 1)
    assert (budget.path, budget.depth) == (_seg(ops) + _seg(planning) + _seg(budget), 2)
    assert (audit_team.path, audit_team.depth) == (_seg(ops) + _seg(planning) + _seg(budget) + _seg(audit_team), 3)
    assert (hq.path, hq.depth) == (_seg(hq), 0)
    assert set(department_subtree(hq)) == {hq}

    # And back up to the top level.
    budget.parent = None
    department_save(department=budget)
    assert (_fresh(budget).path, _fresh(budget).depth) == (_seg(budget), 0)
    assert (_fresh(audit_team).path, _fresh(audit_team).depth) == (_seg(budget) + _seg(audit_team), 1)


def test_a_department_cannot_move_under_its_own_descendant(in_alpha):
    hq = DepartmentFactory(name="경영본부")
    planning = DepartmentFactory(name="기획부", parent=hq)
    budget = DepartmentFactory(name="예산팀", parent=planning)

    for new_parent in (budget, hq):
        hq.parent = new_parent
        with pytest.raises(ValidationError) as raised:
            department_save(department=hq)
        assert raised.value.message_dict == {"parent": ["자기 자신이나 하위 부서를 상위 부서로 지정할 수 없습니다."]}

    assert (_fresh(hq).parent, _fresh(hq).path) == (None, _seg(hq))


def test_department_save_is_audited(in_alpha):
    hq = DepartmentFactory(name="경영본부", code="HQ1")

    event = AuditEvent.objects.order_by("-id").first()
    assert (event.action, event.target_id, event.data) == (
        "department.create",
        str(hq.pk),
        {"code": "HQ1", "name": "경영본부", "parent": None},
    )


# --- department heads ---------------------------------------------------------------------------


def _roles(user) -> set[str]:
    return set(user.groups.values_list("name", flat=True))


def test_appointing_a_head_grants_the_role_and_replacing_revokes_it(in_alpha):
    planning = DepartmentFactory(name="기획부")
    kim, lee = UserFactory(department=planning), UserFactory(department=planning)

    department_set_head(department=planning, head=kim)
    assert _fresh(planning).head == kim
    assert roles.DEPARTMENT_HEAD in _roles(kim)

    department_set_head(department=planning, head=lee)
    assert _fresh(planning).head == lee
    assert roles.DEPARTMENT_HEAD in _roles(lee)
    assert roles.DEPARTMENT_HEAD not in _roles(kim)
    assert roles.STAFF in _roles(kim)

    department_set_head(department=planning, head=None)
    assert _fresh(planning).head is None
    assert roles.DEPARTMENT_HEAD not in _roles(lee)


def test_head_of_two_departments_keeps_the_role_until_the_last(in_alpha):
    planning, budget = DepartmentFactory(name="기획부"), DepartmentFactory(name="예산부")
    kim, lee = UserFactory(), UserFactory()
    department_set_head(department=planning, head=kim)
    department_set_head(department=budget, head=kim)

    department_set_head(department=planning, head=lee)
    assert roles.DEPARTMENT_HEAD in _roles(kim)  # still heads 예산부

    department_set_head(department=budget, head=lee)
    assert roles.DEPARTMENT_HEAD not in _roles(kim)


# --- absences and proxies -----------------------------------------------------------------------


@pytest.fixture
def people(in_alpha):
    department = DepartmentFactory(name="기획부")
    return {
        "kim": UserFactory(name="김부장", department=department),
        "lee": UserFactory(name="이차장", department=department),
        "park": UserFactory(name="박과장", department=department),
    }


def _absence(user, proxy, start, end):
    return absence_create(user=user, proxy=proxy, starts_at=start, ends_at=end, reason=Absence.Reason.TRIP)


def test_proxy_during_the_absence_and_not_outside(people):
    kim, lee = people["kim"], people["lee"]
    # 출장 (business trip) Monday 09:00 to Wednesday 18:00.
    _absence(kim, lee, MON_9AM, MON_9AM + timedelta(days=2, hours=9))

    assert proxy_for(kim, MON_9AM) == lee  # from the first moment
    assert proxy_for(kim, MON_9AM + timedelta(days=1)) == lee
    assert proxy_for(kim, MON_9AM + timedelta(days=2, hours=8, minutes=59)) == lee
    assert proxy_for(kim, MON_9AM + timedelta(days=2, hours=9)) is None  # back at 18:00 sharp
    assert proxy_for(kim, MON_9AM - timedelta(seconds=1)) is None
    assert proxy_for(lee, MON_9AM) is None  # the proxy is present


def test_overlapping_absences_are_refused(people):
    kim, lee, park = people["kim"], people["lee"], people["park"]
    _absence(kim, lee, MON_9AM, MON_9AM + timedelta(days=1))

    with pytest.raises(ValidationError) as raised:
        _absence(kim, park, MON_9AM + timedelta(hours=23), MON_9AM + timedelta(days=2))
    assert raised.value.message_dict == {"starts_at": ["같은 기간에 이미 등록된 부재가 있습니다."]}

    with pytest.raises(ValidationError) as raised:  # the proxy is away themselves then
        _absence(park, kim, MON_9AM + timedelta(hours=2), MON_9AM + timedelta(hours=4))
    assert raised.value.message_dict == {"proxy": ["직무대리자도 그 기간에 부재 중입니다."]}

    # Back to back is fine: the first ends exactly when the second starts.
    _absence(kim, park, MON_9AM + timedelta(days=1), MON_9AM + timedelta(days=2))
    assert Absence.objects.filter(user=kim).count() == 2


def test_self_as_proxy_is_refused(people):
    kim = people["kim"]
    with pytest.raises(ValidationError) as raised:
        _absence(kim, kim, MON_9AM, MON_9AM + timedelta(hours=1))
    assert raised.value.message_dict == {"proxy": ["본인을 직무대리자로 지정할 수 없습니다."]}


def test_end_before_start_is_refused(people):
    with pytest.raises(ValidationError) as raised:
        _absence(people["kim"], people["lee"], MON_9AM, MON_9AM - timedelta(hours=1))
    assert raised.value.message_dict == {"ends_at": ["종료 일시는 시작 일시보다 뒤여야 합니다."]}
    with pytest.raises(ValidationError):
        _absence(people["kim"], people["lee"], MON_9AM, MON_9AM)
    assert not Absence.objects.exists()


def test_proxy_must_be_working(people):
    lee = people["lee"]
    lee.employment_status = EmploymentStatus.ON_LEAVE
    lee.save()
    with pytest.raises(ValidationError) as raised:
        _absence(people["kim"], lee, MON_9AM, MON_9AM + timedelta(hours=1))
    assert raised.value.message_dict == {"proxy": ["재직 중인 직원만 직무대리자로 지정할 수 있습니다."]}


def test_absence_is_audited(people):
    absence = _absence(people["kim"], people["lee"], MON_9AM, MON_9AM + timedelta(hours=1))

    event = AuditEvent.objects.order_by("-id").first()
    assert (event.action, event.target_id) == ("absence.create", str(absence.pk))
    assert event.data == {
        "user": people["kim"].username,
        "proxy": people["lee"].username,
        "from": "2026-03-02T09:00:00+09:00",
        "to": "2026-03-02T10:00:00+09:00",
    }
