"""The demo province can register what institutions send it: its planner works in the planning
office (기획조정실), a department of the province's own schema, whose receipt numbers are used."""

from __future__ import annotations

import pytest
from django_tenants.utils import get_public_schema_name, schema_context

from org import demo as org_demo
from org.models import User
from receipts.services import receipt_register
from tests.factories.exchange import received

pytestmark = pytest.mark.django_db


def test_the_demo_planner_registers_under_the_planning_office(media):
    with schema_context(get_public_schema_name()):
        User.objects.filter(username="planner").update(username="planner-session")  # rolled back after
        org_demo.province_seed(password_hash=lambda: "!")
        planner = User.objects.select_related("department").get(username="planner")
        assert planner.department.name == "기획조정실"
        doc = receipt_register(actor=planner, received=received(title="도에 보고"))
        assert doc.registration_number == "기획조정실-1"
