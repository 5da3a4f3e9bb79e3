"""검토: the run against last month's finalised run, with what needs a second look flagged."""

from __future__ import annotations

import datetime

import pytest

from org import roles
from org.models import User
from payroll.models import PayItem, PayrollRun, ProfileItem, RunStatus
from payroll.review import review_rows
from payroll.services import payroll_run_calculate_now, payroll_run_create
from tests.factories import UserFactory
from tests.payroll.helpers import pay_structure, profile_for
from tests.support import PEER, STAFF, login

pytestmark = pytest.mark.django_db


@pytest.fixture
def march(in_alpha):
    grade = pay_structure()
    staff, peer = User.objects.get(username=STAFF), User.objects.get(username=PEER)
    profile_for(staff, grade, step=5)
    profile_for(peer, grade, step=5)
    profile_for(UserFactory(username="steady", name="안정"), grade, step=5)  # nothing changes for them
    officer = UserFactory(username="payclerk", roles=[roles.STAFF, "payroll_officer"])
    february = payroll_run_calculate_now(
        actor=officer, run=payroll_run_create(actor=officer, month=datetime.date(2026, 2, 1))
    )
    PayrollRun.objects.filter(pk=february.pk).update(status=RunStatus.FINALISED)
    # Since February: staff gets a 1,000,000 allowance, peer's account is cleared and peer
    # leaves on March 31, and someone joins on March 2.
    research = PayItem.objects.create(code="research", name="연구수당", computation="fixed", budget_code="101-01")
    ProfileItem.objects.create(profile=staff.pay_profile, item=research, amount=1_000_000)
    peer.pay_profile.bank_account = ""
    peer.pay_profile.save()
    User.objects.filter(pk=peer.pk).update(retired_on=datetime.date(2026, 3, 31))
    profile_for(UserFactory(username="newbie", name="신입"), grade, step=1, hired=datetime.date(2026, 3, 2))
    return payroll_run_calculate_now(
        actor=officer, run=payroll_run_create(actor=officer, month=datetime.date(2026, 3, 1))
    )


def test_flags(march):
    rows = {row.name: row for row in review_rows(march)}
    staff, peer, newbie = (User.objects.get(username=u) for u in (STAFF, PEER, "newbie"))
    assert rows[staff.name].flags == ("실지급액 20% 넘게 변동",)
    assert rows[staff.name].change == rows[staff.name].net - rows[staff.name].previous_net
    assert rows[peer.name].flags == ("퇴직", "계좌 없음")
    assert rows[peer.name].change == 0
    assert rows[newbie.name].flags == ("신규 (지난달 급여 없음)",)
    assert rows[newbie.name].previous_net is None


def test_the_database_picks_exactly_the_flagged(march):
    everyone = review_rows(march)
    assert [row.flags for row in everyone if row.name == "안정"] == [()]
    flagged = review_rows(march, flagged_only=True)
    assert flagged == [row for row in everyone if row.flags]
    assert len(flagged) == 3


def test_the_run_page_lists_the_flagged(march, alpha, client_for):
    client = client_for(alpha)
    login(client, "payclerk")
    html = client.get(f"/payroll/runs/{march.pk}/").content.decode()
    assert 'id="review-flags"' in html
    assert "계좌 없음" in html
    assert "확인할 사람 3명" in html
