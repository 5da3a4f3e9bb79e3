"""Payroll's demo seed on a real demo institution (provisioned fresh by org's seed): pay profiles
for everyone with encrypted personal data, this year's finalised runs through the engine, this
month's run, and idempotency."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django_tenants.utils import schema_context

from audit.services import audit_verify_chain
from org import demo as org_demo
from org import demo_data as org_data
from org.models import User
from payroll import demo
from payroll.inputs import employed_in
from payroll.models import PayProfile, PayrollRun, Payslip, RunStatus
from tenants.models import Institution

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

SPEC = next(s for s in org_data.INSTITUTIONS if s.code == "dokdo")
NOW = datetime(2026, 11, 25, 12, 0, tzinfo=ZoneInfo("Asia/Seoul"))


@pytest.fixture
def seeded():
    assert org_demo.institution_seed(spec=SPEC, password_hash=lambda: "!").created
    institution = Institution.objects.get(code=SPEC.code)
    with schema_context(institution.schema_name):
        result = demo.institution_seed(institution=institution, now=NOW)
        yield institution, result


def test_everyone_has_a_profile_and_the_year_is_paid(seeded):
    _institution, result = seeded
    assert result.created, result.note
    staff = User.objects.filter(hire_date__isnull=False).count()
    assert PayProfile.objects.count() == staff == result.counts["pay_profiles"]
    finalised = PayrollRun.objects.filter(status=RunStatus.FINALISED).order_by("month")
    assert [run.month.month for run in finalised] == list(range(1, 11))
    for run in finalised:
        employed = User.objects.filter(employed_in(run.month), pay_profile__isnull=False).count()
        assert run.slips.count() == employed == run.done_count == run.total_count
    this_month = PayrollRun.objects.get(month=NOW.date().replace(day=1))
    assert this_month.status in (RunStatus.PREPARED, RunStatus.REVIEW)
    for slip in Payslip.objects.all()[:200]:
        assert slip.net_amount == slip.gross_amount - slip.total_deduction_amount
        assert slip.national_pension_amount % 10 == 0
    assert audit_verify_chain().ok


def test_personal_data_is_encrypted_at_rest(seeded):
    profile = PayProfile.objects.order_by("pk").first()
    assert profile.rrn
    assert profile.masked_rrn.endswith("******")
    with connection.cursor() as cursor:
        cursor.execute("SELECT rrn, bank_account FROM payroll_payprofile WHERE id = %s", [profile.pk])
        stored_rrn, stored_account = cursor.fetchone()
    assert profile.rrn not in stored_rrn
    assert profile.bank_account not in stored_account


def test_a_second_run_leaves_the_institution_as_it_is(seeded):
    institution, _result = seeded
    slips = Payslip.objects.count()
    again = demo.institution_seed(institution=institution, now=NOW)
    assert not again.created
    assert Payslip.objects.count() == slips
