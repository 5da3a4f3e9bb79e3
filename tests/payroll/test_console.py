"""The pay structure in the institution console: the 급여 담당 keeps it, auditors read it,
institution admins do not see pay at all; personal data shows masked, and seeing it whole is a
POST that leaves an audit event."""

from __future__ import annotations

import pytest

from audit.models import AuditEvent
from org import roles
from org.models import User
from payroll.models import PayProfile
from tests.factories import UserFactory
from tests.payroll.helpers import pay_structure, profile_for
from tests.support import ADMIN, STAFF, login

pytestmark = pytest.mark.django_db


@pytest.fixture
def profile(in_alpha):
    grade = pay_structure()
    UserFactory(username="payclerk", roles=[roles.STAFF, "payroll_officer"])
    UserFactory(username="inspector", roles=[roles.STAFF, roles.AUDITOR])
    return profile_for(User.objects.get(username=STAFF), grade)


def _client(client_for, alpha, username):
    client = client_for(alpha)
    assert login(client, username).status_code == 302
    return client


def test_the_officer_sees_masked_values_and_reveals_with_an_audit_event(profile, alpha, client_for):
    client = _client(client_for, alpha, "payclerk")
    listing = client.get("/admin/payroll/payprofile/").content.decode()
    assert "900101-1******" in listing
    assert "900101-1234567" not in listing
    form = client.get(f"/admin/payroll/payprofile/{profile.pk}/change/").content.decode()
    assert "900101-1234567" not in form
    assert "302-1234-5678-91" not in form
    assert client.get(f"/admin/payroll/payprofile/{profile.pk}/reveal/").status_code == 405
    assert not AuditEvent.objects.filter(action="pay_profile.reveal").exists()
    revealed = client.post(f"/admin/payroll/payprofile/{profile.pk}/reveal/")
    assert revealed.status_code == 200
    assert "900101-1234567" in revealed.content.decode()
    event = AuditEvent.objects.get(action="pay_profile.reveal")
    assert event.actor_id == User.objects.get(username="payclerk").pk


def test_a_new_value_replaces_blank_keeps_and_bad_input_writes_nothing(profile, alpha, client_for):
    client = _client(client_for, alpha, "payclerk")
    url = f"/admin/payroll/payprofile/{profile.pk}/change/"
    base = {
        "user": profile.user_id,
        "family": 3,
        "children_8_20": 1,
        "spouse": "on",
        "children": 1,
        "other_dependants": 0,
        "withholding_ratio": 100,
        "employment_insured": "on",
        "bank_name": "대구은행",
        "new_rrn": "",
        "new_bank_account": "",
    }
    for prefix in ("steps", "insurance_bases", "items"):
        base.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    bad = client.post(url, {**base, "new_rrn": "12345", "children_8_20": 3})
    assert bad.status_code == 200
    text = bad.content.decode()
    assert "주민등록번호는 앞 6자리와 뒤 7자리" in text
    profile.refresh_from_db()
    assert (profile.family, profile.rrn) == (2, "900101-1234567")
    response = client.post(url, {**base, "new_bank_account": "504-12-345678"}, follow=False)
    assert response.status_code == 302
    profile.refresh_from_db()
    assert (profile.family, profile.bank_name, profile.bank_account, profile.rrn) == (
        3,
        "대구은행",
        "504-12-345678",
        "900101-1234567",
    )
    event = AuditEvent.objects.get(action="pay_profile.save")
    assert "504-12-345678" not in str(event.data)


def test_auditors_and_admins_never_reveal_and_admins_see_no_pay(profile, alpha, client_for):
    auditor = _client(client_for, alpha, "inspector")  # auditors read pay on the payroll pages
    assert auditor.post(f"/admin/payroll/payprofile/{profile.pk}/reveal/").status_code in (302, 403)
    admin = _client(client_for, alpha, ADMIN)
    assert admin.get("/admin/payroll/payprofile/").status_code == 403
    assert admin.get("/admin/payroll/paytable/").status_code == 403
    staff = _client(client_for, alpha, STAFF)
    assert staff.get("/admin/payroll/payprofile/").status_code in (302, 403)
    assert admin.post(f"/admin/payroll/payprofile/{profile.pk}/reveal/").status_code == 403
    assert not AuditEvent.objects.filter(action="pay_profile.reveal").exists()
    assert PayProfile.objects.count() == 1
