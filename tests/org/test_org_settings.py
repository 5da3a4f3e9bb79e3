"""정원 (the institution's authorised headcount) kept in the institution console and audited, and
the 퇴직일 of staff who left, which province monitoring counts by month."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_tenants.utils import schema_context

from audit.models import AuditEvent
from org.demo_staffing import institution_seed
from org.kpis import employed_on
from org.models import EmploymentStatus, OrgSettings, User
from org.services import org_settings_save
from tests.factories import UserFactory
from tests.support import ADMIN, STAFF, login

pytestmark = pytest.mark.django_db


def test_the_admin_keeps_the_staffing_level_in_the_console_and_it_is_audited(alpha, client_for):
    client = client_for(alpha)
    login(client, ADMIN)
    assert client.get("/admin/org/orgsettings/add/").status_code == 200

    response = client.post("/admin/org/orgsettings/add/", {"authorised_headcount": "120"})

    assert response.status_code == 302
    assert client.get("/admin/org/orgsettings/add/").status_code == 403  # one row: nothing to add twice
    response = client.post("/admin/org/orgsettings/1/change/", {"authorised_headcount": "125"})
    assert response.status_code == 302
    with schema_context("alpha"):
        assert OrgSettings.current().authorised_headcount == 125
        entries = list(AuditEvent.objects.filter(action="org_settings.update").order_by("id"))
    assert [(e.data["previous"], e.data["authorised_headcount"], e.actor_label) for e in entries] == [
        (None, 120, ADMIN),
        (120, 125, ADMIN),
    ]


@pytest.mark.parametrize("value", ["0", "-3", "100001", "많이"])
def test_a_staffing_level_out_of_range_is_refused_in_korean(alpha, client_for, value):
    client = client_for(alpha)
    login(client, ADMIN)
    response = client.post("/admin/org/orgsettings/add/", {"authorised_headcount": value})
    assert response.status_code == 200  # the form again, with its error
    assert "errorlist" in response.content.decode()


def test_staff_cannot_change_the_staffing_level(alpha, client_for):
    client = client_for(alpha)
    login(client, STAFF)
    assert client.post("/admin/org/orgsettings/add/", {"authorised_headcount": "9"}).status_code in {302, 403}


def test_the_service_refuses_what_the_form_would(in_alpha):
    with pytest.raises(ValidationError):
        org_settings_save(authorised_headcount=0, actor=None)


def test_a_leaving_day_belongs_to_someone_who_left_after_joining(in_alpha):
    person = UserFactory(hire_date=date(2020, 3, 1), retired_on=date(2026, 1, 31))
    with pytest.raises(ValidationError, match="퇴직인 직원에게만"):
        person.full_clean()
    person.employment_status = EmploymentStatus.RETIRED
    person.retired_on = date(2019, 1, 1)
    with pytest.raises(ValidationError, match="입사일보다 앞설 수 없습니다"):
        person.full_clean()
    person.retired_on = date(2026, 1, 31)
    person.full_clean()


def test_the_demo_sets_a_staffing_level_near_the_headcount_and_dates_its_leavers(alpha, in_alpha):
    for _ in range(3):
        UserFactory(employment_status=EmploymentStatus.RETIRED, hire_date=date(2010, 1, 1))
    now = timezone.now()

    outcome = institution_seed(institution=alpha, now=now)

    today = timezone.localdate(now)
    headcount = employed_on(today).count()
    authorised = OrgSettings.current().authorised_headcount
    assert round(headcount * 0.97) <= authorised <= round(headcount * 1.12)
    leavers = User.objects.filter(employment_status=EmploymentStatus.RETIRED)
    assert all(0 <= (today - person.retired_on).days <= 150 for person in leavers)
    assert outcome.counts == {"leavers_dated": 3, "authorised": authorised}
    assert institution_seed(institution=alpha, now=now).note == "정원 already set"
