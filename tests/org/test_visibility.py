"""org.visibility: a head oversees the tree under the departments they head (and nothing under an
inactive one), a member only their own department; admins and auditors see everything; the answer
is computed once per user object."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from org import roles
from org.models import Department, User
from org.services import department_set_head
from org.visibility import viewer_for
from tests.factories import DepartmentFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree(in_alpha):
    division = DepartmentFactory(name="경영본부", code="V100")
    team = DepartmentFactory(name="총무팀", code="V110", parent=division)
    unit = DepartmentFactory(name="총무1파트", code="V111", parent=team)
    other = DepartmentFactory(name="사업본부", code="V200")
    chief = UserFactory(username="vchief", department=division)
    lead = UserFactory(username="vlead", department=team)
    department_set_head(department=division, head=chief)
    department_set_head(department=team, head=lead)
    return {
        "division": division,
        "team": Department.objects.get(pk=team.pk),
        "unit": Department.objects.get(pk=unit.pk),
        "other": other,
        "chief": User.objects.get(pk=chief.pk),
        "lead": User.objects.get(pk=lead.pk),
        "member": UserFactory(username="vmember", department=team),
    }


def _names(q) -> list[str]:
    return list(Department.objects.filter(q).order_by("path").values_list("name", flat=True))


def test_a_head_oversees_the_whole_tree_under_their_department(tree):
    chief = viewer_for(tree["chief"])
    assert chief.is_head
    assert _names(chief.overseen_q("")) == ["경영본부", "총무팀", "총무1파트"]
    assert chief.oversees(tree["unit"])
    assert not chief.oversees(tree["other"])
    assert not chief.oversees(None)

    lead = viewer_for(tree["lead"])
    assert _names(lead.overseen_q("")) == ["총무팀", "총무1파트"]
    assert not lead.oversees(tree["division"])
    people = User.objects.filter(lead.overseen_q("department")).values_list("username", flat=True)
    assert sorted(people) == ["vlead", "vmember"]


def test_a_member_sees_only_their_own_department_and_oversees_nothing(tree):
    member = viewer_for(tree["member"])
    assert not member.is_head
    assert _names(member.overseen_q("")) == []
    assert _names(member.department_q("")) == ["총무팀"]
    assert member.in_scope(tree["team"])
    assert not member.in_scope(tree["unit"])
    assert not member.sees_everything


def test_someone_without_a_department_or_headship_sees_no_department(tree):
    loner = viewer_for(UserFactory(username="vloner"))
    assert _names(loner.department_q("")) == []
    assert not loner.in_scope(tree["team"])


def test_heading_an_inactive_department_oversees_nothing(tree):
    Department.objects.filter(pk=tree["team"].pk).update(is_active=False)
    lead = viewer_for(User.objects.get(username="vlead"))
    assert not lead.is_head
    assert not lead.oversees(tree["unit"])


def test_admins_and_auditors_see_everything_by_role_alone(tree):
    admin = viewer_for(UserFactory(username="vadmin", roles=[roles.INSTITUTION_ADMIN]))
    auditor = viewer_for(UserFactory(username="vauditor", roles=[roles.AUDITOR]))
    assert (admin.is_admin, admin.is_auditor, admin.sees_everything) == (True, False, True)
    assert (auditor.is_admin, auditor.is_auditor, auditor.sees_everything) == (False, True, True)
    assert not viewer_for(tree["member"]).sees_everything


def test_the_answer_is_computed_once_per_user_object(tree):
    user = User.objects.get(username="vchief")
    with CaptureQueriesContext(connection) as first:
        viewer = viewer_for(user)
    with CaptureQueriesContext(connection) as again:
        assert viewer_for(user) is viewer
    assert len(first) == 2  # roles, headed departments
    assert len(again) == 0
