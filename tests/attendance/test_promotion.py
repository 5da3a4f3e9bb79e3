"""연차 사용촉진 (근로기준법 §61) for the leave expiring 2026. 12. 31.: the 1차 notice only within
7. 1.–7. 10. to people employed a year or more with unused days, the plan within 10 days, the
2차 designation by 10. 31. for those without a plan; with the steps taken no 연차수당 is owed."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError

from attendance.models import LeavePromotion, PromotionStep
from attendance.promotion import (
    allowance_days,
    designation_deadline,
    notice_window,
    promoted,
    promotion_designations_issue,
    promotion_notices_issue,
    promotion_plan_submit,
)
from org.models import User
from tests.factories import UserFactory
from tests.factories.attendance import grant

pytestmark = pytest.mark.django_db
END = date(2026, 12, 31)


@pytest.fixture
def people(in_alpha):
    hr = UserFactory(roles=["staff", "attendance_officer"])
    planner = UserFactory(hire_date=date(2020, 3, 2))
    silent = UserFactory(hire_date=date(2019, 1, 1))
    newcomer = UserFactory(hire_date=date(2026, 2, 1))  # first year: a separate schedule
    used_all = UserFactory(hire_date=date(2018, 1, 1))
    for person, days in ((planner, 15), (silent, 16), (newcomer, 5), (used_all, 0)):
        if days:
            grant(person, days)
    return {"hr": User.objects.get(pk=hr.pk), "planner": planner, "silent": silent, "newcomer": newcomer}


def test_the_statutory_windows():
    assert notice_window(END) == (date(2026, 7, 1), date(2026, 7, 10))
    assert designation_deadline(END) == date(2026, 10, 31)


def test_the_three_steps_and_the_allowance(people):
    hr, planner, silent = people["hr"], people["planner"], people["silent"]
    with pytest.raises(ValidationError) as raised:
        promotion_notices_issue(actor=hr, expires_on=END, on=date(2026, 7, 11))
    assert raised.value.messages == ["1차 통지는 소멸 6개월 전부터 10일 안(2026. 7. 1.~2026. 7. 10.)에 합니다."]
    with pytest.raises(PermissionDenied):
        promotion_notices_issue(actor=planner, expires_on=END, on=date(2026, 7, 1))
    assert promotion_notices_issue(actor=hr, expires_on=END, on=date(2026, 7, 1)) >= 2
    noticed = dict(LeavePromotion.objects.filter(step=PromotionStep.NOTICE).values_list("person_id", "unused_days"))
    assert (noticed[planner.pk], noticed[silent.pk]) == (Decimal(15), Decimal(16))
    assert people["newcomer"].pk not in noticed
    # the plan within 10 days (7. 11. is the 10th day after 7. 1.)
    promotion_plan_submit(actor=planner, expires_on=END, plan="12. 21.~12. 31.", on=date(2026, 7, 11))
    with pytest.raises(ValidationError) as raised:
        promotion_plan_submit(actor=silent, expires_on=END, plan="12. 1.", on=date(2026, 7, 12))
    assert raised.value.messages == ["사용 계획은 통지 뒤 10일 안(2026. 7. 11.까지)에 제출합니다."]
    with pytest.raises(ValidationError):
        promotion_designations_issue(actor=hr, expires_on=END, on=date(2026, 11, 1), note="12. 22.~")
    assert promotion_designations_issue(actor=hr, expires_on=END, on=date(2026, 10, 20), note="12. 14.~12. 31.") >= 1
    designated = set(LeavePromotion.objects.filter(step=PromotionStep.DESIGNATION).values_list("person_id", flat=True))
    assert silent.pk in designated
    assert planner.pk not in designated
    done = promoted(END)
    assert {planner.pk, silent.pk} <= done
    assert allowance_days(Decimal(3), promoted_person=True) == 0
    assert allowance_days(Decimal(3), promoted_person=False) == Decimal(3)


def test_the_promotion_page(people, alpha, client_for):
    from django_tenants.utils import schema_context

    from tests.support import login

    with schema_context("alpha"):
        Group.objects.get(name="attendance_officer")
    client = client_for(alpha)
    assert login(client, people["hr"].username).status_code == 302
    page = client.get("/attendance/leave/promotion/?year=2026")
    assert page.status_code == 200
    assert "2026. 7. 1.~2026. 7. 10." in page.content.decode()
    # outside the window today: refused in Korean, nothing recorded
    refused = client.post("/attendance/leave/promotion/", {"year": "2026", "action": "notice"})
    assert refused.status_code == 422
    assert "1차 통지는 소멸 6개월 전부터" in refused.content.decode()
    staff = client_for(alpha)
    assert login(staff, people["planner"].username).status_code == 302
    assert staff.get("/attendance/leave/promotion/").status_code == 200
    answer = staff.post("/attendance/leave/promotion/", {"year": "2026", "action": "plan", "plan": "12. 24."})
    assert answer.status_code == 422
    assert "받은 연차 사용촉진 통지가 없습니다." in answer.content.decode()
    assert staff.post("/attendance/leave/promotion/", {"year": "2026", "action": "x"}).status_code == 404
    with schema_context("alpha"):
        assert not LeavePromotion.objects.exists()
