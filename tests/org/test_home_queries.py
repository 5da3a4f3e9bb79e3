"""First pages run a fixed number of queries, however many rows the institution has."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tenants.utils import schema_context

from org.models import Absence, Department, User
from org.services import absence_create
from tenants.models import Domain, Institution, InstitutionKind
from tests.factories import DepartmentFactory, GradeFactory, PositionFactory, UserFactory
from tests.support import ADMIN, DEPARTMENT_CODE, PLANNER, STAFF, login

pytestmark = pytest.mark.django_db

MORE = 50
MAX_QUERIES = 30


def _count_queries(client, path: str) -> int:
    client.get(path)  # warm: the first request after sign-in may differ (e.g. a fresh session)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries)


def _grow_alpha() -> None:
    """50 more departments, 50 more people in staff's department (each with a position and a
    grade) who are all away today with staff standing in for them."""
    now = timezone.now()
    with schema_context("alpha"):
        home = Department.objects.get(code=DEPARTMENT_CODE)
        staff = User.objects.get(username=STAFF)
        parent = None
        for _ in range(MORE):
            parent = DepartmentFactory(parent=parent if parent is not None and parent.depth < 5 else None)
        for _ in range(MORE):
            colleague = UserFactory(department=home, position=PositionFactory(), grade=GradeFactory())
            absence_create(
                user=colleague,
                proxy=staff,
                starts_at=now - timedelta(hours=1),
                ends_at=now + timedelta(days=1),
                reason=Absence.Reason.LEAVE,
            )


@pytest.mark.parametrize("username", [STAFF, ADMIN])
def test_institution_home_query_count_is_fixed(username, alpha, client_for):
    client = client_for(alpha)
    login(client, username)
    small = _count_queries(client, "/")

    _grow_alpha()
    large = _count_queries(client, "/")

    assert large == small
    assert small <= MAX_QUERIES


def test_staff_home_shows_the_grown_data(alpha, client_for):
    client = client_for(alpha)
    login(client, STAFF)
    _grow_alpha()

    page = client.get("/").content.decode()

    with schema_context("alpha"):
        names = list(Absence.objects.values_list("user__name", flat=True))
    assert len(names) == MORE
    assert all(name in page for name in names)


def test_console_index_query_count_is_fixed(alpha, client_for):
    client = client_for(alpha)
    login(client, ADMIN)
    small = _count_queries(client, "/admin/")

    _grow_alpha()
    large = _count_queries(client, "/admin/")

    assert large == small
    assert small <= MAX_QUERIES


def test_province_home_query_count_is_fixed(province_client):
    login(province_client, PLANNER)
    small = _count_queries(province_client, "/")

    # Rows only: the province home lists institutions and never opens their schemas, and cloning
    # 50 schemas through institution_create would take a minute for nothing.
    for n in range(MORE):
        institution = Institution.objects.create(
            code=f"inst{n}", schema_name=f"inst{n}", name=f"기관{n:02d}", kind=InstitutionKind.AGENCY
        )
        Domain.objects.create(domain=f"inst{n}.localhost", tenant=institution, is_primary=True)
    large = _count_queries(province_client, "/")

    assert large == small
    assert small <= MAX_QUERIES
    assert "기관49" in province_client.get("/").content.decode()
