from __future__ import annotations

from dataclasses import dataclass

import pytest

from org.models import Department, User
from org.services import department_set_head
from tests.factories import DepartmentFactory, UserFactory
from tests.support import ADMIN, PEER, STAFF


@dataclass
class Office:
    """beta's receiving side: the registrar (admin, in 경영지원부, the 문서과), 기획팀 with its head
    and two members, and an outsider in 경영지원부 (peer) who is given nothing."""

    registrar: User
    staff: User
    peer: User
    records: Department
    planning: Department
    planning_head: User
    planner: User
    planner2: User


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.MULTITENANT_RELATIVE_MEDIA_ROOT = "%s"
    return tmp_path


@pytest.fixture
def office(in_beta, media) -> Office:
    registrar = User.objects.get(username=ADMIN)
    planning = DepartmentFactory(name="기획팀", code="B200")
    head = UserFactory(username="bhead", name="기팀장", department=planning)
    department_set_head(department=planning, head=head)
    planning.refresh_from_db()
    return Office(
        registrar=registrar,
        staff=User.objects.get(username=STAFF),
        peer=User.objects.get(username=PEER),
        records=registrar.department,
        planning=planning,
        planning_head=User.objects.get(pk=head.pk),
        planner=UserFactory(username="bplanner", name="기담당", department=planning),
        planner2=UserFactory(username="bplanner2", name="기직원", department=planning),
    )
