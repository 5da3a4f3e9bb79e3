"""The demo province can register what institutions send it: its planner works in the planning
office (기획조정실), a department of the province's own schema, whose receipt numbers are used."""

from __future__ import annotations

import pytest
from django_tenants.utils import get_public_schema_name, schema_context

from org import demo as org_demo
from org.models import User
from receipts.services import receipt_register
from tests.factories.exchange import received
from tests.support import PASSWORD, login

pytestmark = pytest.mark.django_db


def test_the_demo_planner_registers_under_the_planning_office(media):
    with schema_context(get_public_schema_name()):
        User.objects.filter(username="planner").update(username="planner-session")  # rolled back after
        org_demo.province_seed(password_hash=lambda: "!")
        planner = User.objects.select_related("department").get(username="planner")
        assert planner.department.name == "기획조정실"
        doc = receipt_register(actor=planner, received=received(title="도에 보고"))
        assert doc.registration_number == "기획조정실-1"


def test_a_planner_seeded_before_the_office_joins_it(media):
    with schema_context(get_public_schema_name()):
        User.objects.filter(username="planner").update(department=None)  # the session's planner
        result = org_demo.province_seed(password_hash=lambda: "!")
        assert not result.created
        assert User.objects.get(username="planner").department.name == "기획조정실"


def test_the_province_console_keeps_its_offices_and_who_works_in_them(province_client, media):
    with schema_context(get_public_schema_name()):
        User.objects.create_superuser(username="root", password=PASSWORD, name="관리자")
    assert login(province_client, "root", PASSWORD).status_code == 302
    assert province_client.get("/admin/org/department/add/").status_code == 200
    planner = User.objects.get(username="planner")
    page = province_client.get(f"/admin/org/user/{planner.pk}/change/").content.decode()
    assert 'name="department"' in page
