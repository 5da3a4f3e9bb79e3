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


DECEMBER = datetime(2026, 12, 5, 9, 0, tzinfo=ZoneInfo("Asia/Seoul"))
CODE_ELSEWHERE = "gbdc"


def _seed_with_budget(code: str):
    from approval import demo as approval_demo
    from budget.demo_year import year_seed
    from tasks import demo as tasks_demo

    spec = next(s for s in org_data.INSTITUTIONS if s.code == code)
    assert org_demo.institution_seed(spec=spec, password_hash=lambda: "!", now=DECEMBER).created
    institution = Institution.objects.get(code=code)
    with schema_context(institution.schema_name):
        assert tasks_demo.institution_seed(institution=institution, now=DECEMBER).created
        assert approval_demo.institution_seed(institution=institution, now=DECEMBER, documents=12).created
        assert year_seed(institution=institution, now=DECEMBER).created
        result = demo.institution_seed(institution=institution, now=DECEMBER)
        assert result.created, result.note
        return PayrollRun.objects.get(month=DECEMBER.date().replace(day=1))


def test_at_dokdo_this_months_run_is_blocked_by_the_short_budget():
    """독도재단's demo budget (budget.demo_year) leaves its 인건비 lines short of December's pay:
    the run is calculated, checked, and stays in 검토 with the shortfall listed."""
    run = _seed_with_budget("dokdo")
    assert run.status == RunStatus.REVIEW
    assert run.budget_checked_at is not None
    assert run.budget_problems
    for problem in run.budget_problems:
        assert problem["short"] > 0
        assert problem["needed"] == problem["available"] + problem["short"]


def test_elsewhere_this_months_run_waits_in_review_and_its_budget_covers_it():
    from payroll.budget_check import check_run

    run = _seed_with_budget(CODE_ELSEWHERE)
    assert run.status == RunStatus.REVIEW
    assert run.budget_checked_at is None  # the newcomer runs the check
    with schema_context(Institution.objects.get(code=CODE_ELSEWHERE).schema_name):
        problems = [need.as_problem() for need in check_run(run) if need.short > 0 or need.line_id is None]
    assert problems == []
