"""연차 사용촉진 (근로기준법 §61) for the leave expiring 2026. 12. 31.: the 1차 notice only within
7. 1.–7. 10. to people employed a year or more with unused days, the plan within 10 days, the
2차 designation by 10. 31. for those without a plan; with the steps taken no 연차수당 is owed."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from attendance.models import AttendanceSettings, EntitlementBasis, LeavePromotion, PromotionStep
from attendance.promotion import (
    allowance_days,
    designation_deadline,
    hire_date_expiry,
    hire_date_notices_due,
    notice_window,
    promoted,
    promotion_designations_issue,
    promotion_designations_issue_by_hire_date,
    promotion_notices_issue,
    promotion_notices_issue_by_hire_date,
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
        AttendanceSettings.objects.update_or_create(pk=1, defaults={"entitlement_basis": EntitlementBasis.FISCAL})
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


# --- 입사일 기준 (hire-date basis): each person's own expiry and windows -----------------------


@pytest.fixture
def by_hire_date(in_alpha):
    hr = UserFactory(roles=["staff", "attendance_officer"])
    march_2 = UserFactory(hire_date=date(2020, 3, 2))
    march_5 = UserFactory(hire_date=date(2020, 3, 5))
    july = UserFactory(hire_date=date(2019, 7, 15))
    newcomer = UserFactory(hire_date=date(2026, 1, 5))  # first year: a separate schedule
    for person, days in ((march_2, 16), (march_5, 16), (july, 16), (newcomer, 5)):
        grant(person, days, on=date(2026, 3, 1))
    return {
        "hr": User.objects.get(pk=hr.pk),
        "march_2": march_2,
        "march_5": march_5,
        "july": july,
        "newcomer": newcomer,
    }


def test_the_windows_on_the_hire_date_basis():
    # Hired 2020. 3. 2.: the leave year 2026. 3. 2.–2027. 3. 1. expires on 2027. 3. 1.; 6 months
    # before it (counting from the day after) is 2026. 9. 2., the notice within 10 days to 9. 11.,
    # the designation 2 months before, by 2027. 1. 1.
    assert hire_date_expiry(date(2020, 3, 2), date(2026, 9, 2)) == date(2027, 3, 1)
    assert hire_date_expiry(date(2020, 3, 2), date(2026, 3, 1)) == date(2026, 3, 1)
    assert notice_window(date(2027, 3, 1)) == (date(2026, 9, 2), date(2026, 9, 11))
    assert designation_deadline(date(2027, 3, 1)) == date(2027, 1, 1)
    # Hired 2019. 7. 15.: expires 2027. 7. 14.; notice 2027. 1. 15.–1. 24.
    assert hire_date_expiry(date(2019, 7, 15), date(2026, 9, 2)) == date(2027, 7, 14)
    assert notice_window(date(2027, 7, 14)) == (date(2027, 1, 15), date(2027, 1, 24))


def test_the_three_steps_by_hire_date(by_hire_date):
    hr, march_2, march_5, july = (by_hire_date[k] for k in ("hr", "march_2", "march_5", "july"))
    # 9. 2.: only the one hired 3. 2. is in their window (3. 5.'s opens 9. 5., July's in January).
    assert hire_date_notices_due(date(2026, 9, 2)) == {march_2.pk: date(2027, 3, 1)}
    with pytest.raises(PermissionDenied):
        promotion_notices_issue_by_hire_date(actor=march_2, on=date(2026, 9, 2))
    assert promotion_notices_issue_by_hire_date(actor=hr, on=date(2026, 9, 2)) == 1
    # 9. 5.: both windows are open; the one already noticed is not noticed twice.
    assert set(hire_date_notices_due(date(2026, 9, 5))) == {march_2.pk, march_5.pk}
    assert promotion_notices_issue_by_hire_date(actor=hr, on=date(2026, 9, 5)) == 1
    notices = {
        (n.person_id, n.expires_on, n.on, n.unused_days)
        for n in LeavePromotion.objects.filter(step=PromotionStep.NOTICE)
    }
    assert notices == {
        (march_2.pk, date(2027, 3, 1), date(2026, 9, 2), Decimal(16)),
        (march_5.pk, date(2027, 3, 4), date(2026, 9, 5), Decimal(16)),
    }
    # The plan within 10 days, to the person's own notice.
    promotion_plan_submit(actor=march_2, expires_on=None, plan="2027. 2. 15.~2. 28.", on=date(2026, 9, 12))
    with pytest.raises(ValidationError):
        promotion_plan_submit(actor=july, expires_on=None, plan="12. 1.", on=date(2026, 9, 12))
    # 9. 14.: 3. 5.'s 10 days (9. 6.–9. 15.) are not over yet: nobody to designate.
    assert promotion_designations_issue_by_hire_date(actor=hr, on=date(2026, 9, 14), note="2027. 2. 22.~") == 0
    assert promotion_designations_issue_by_hire_date(actor=hr, on=date(2026, 9, 16), note="2027. 2. 22.~") == 1
    designated = LeavePromotion.objects.get(step=PromotionStep.DESIGNATION)
    assert (designated.person_id, designated.expires_on) == (march_5.pk, date(2027, 3, 4))
    assert promoted(None, year=2027) == {march_2.pk, march_5.pk}
    assert promoted(date(2027, 12, 31)) == set()


def test_a_designation_after_the_persons_deadline_is_not_made(by_hire_date):
    hr, march_2 = by_hire_date["hr"], by_hire_date["march_2"]
    promotion_notices_issue_by_hire_date(actor=hr, on=date(2026, 9, 2))
    # 2027. 1. 2. is past the 2027. 1. 1. deadline of the leave expiring 2027. 3. 1.
    assert promotion_designations_issue_by_hire_date(actor=hr, on=date(2027, 1, 2), note="2. 20.~") == 0
    assert march_2.pk not in promoted(None, year=2027)
    with pytest.raises(ValidationError) as raised:
        promotion_designations_issue_by_hire_date(actor=hr, on=date(2026, 12, 1), note=" ")
    assert raised.value.message_dict == {"note": ["지정한 사용 시기를 적으세요."]}


def test_the_promotion_page_by_hire_date(by_hire_date, alpha, client_for):
    from django_tenants.utils import schema_context

    from tests.support import login

    with schema_context("alpha"):
        AttendanceSettings.objects.update_or_create(pk=1, defaults={"entitlement_basis": EntitlementBasis.HIRE})
        promotion_notices_issue_by_hire_date(actor=by_hire_date["hr"], on=date(2026, 9, 2))
    client = client_for(alpha)
    assert login(client, by_hire_date["hr"].username).status_code == 302
    page = client.get("/attendance/leave/promotion/?year=2027").content.decode()
    assert "입사일 기준" in page
    assert 'data-testid="promotion-due"' in page
    staff = client_for(alpha)
    assert login(staff, by_hire_date["march_2"].username).status_code == 302
    mine = staff.get("/attendance/leave/promotion/?year=2027").content.decode()
    assert "소멸일 2027. 3. 1." in mine


# --- 최초 1년 (§61②): the first year's monthly days, and the nightly job -----------------------


def test_the_first_year_windows():
    from attendance.models import PromotionPortion as P
    from attendance.promotion import first_year_expiry

    # The ministry's worked example: hired 2020. 1. 1., the first year ends 2020. 12. 31.
    end = first_year_expiry(date(2020, 1, 1))
    assert end == date(2020, 12, 31)
    assert notice_window(end, P.FIRST_YEAR) == (date(2020, 10, 1), date(2020, 10, 10))
    assert designation_deadline(end, P.FIRST_YEAR) == date(2020, 11, 30)
    assert notice_window(end, P.FIRST_YEAR_LATER) == (date(2020, 12, 1), date(2020, 12, 5))
    assert designation_deadline(end, P.FIRST_YEAR_LATER) == date(2020, 12, 21)
    # Hired 2025. 3. 2.: the year ends 2026. 3. 1.; 3 months before its end is 2025. 12. 2.
    end = first_year_expiry(date(2025, 3, 2))
    assert end == date(2026, 3, 1)
    assert notice_window(end, P.FIRST_YEAR) == (date(2025, 12, 2), date(2025, 12, 11))
    assert designation_deadline(end, P.FIRST_YEAR) == date(2026, 2, 1)
    assert notice_window(end, P.FIRST_YEAR_LATER) == (date(2026, 2, 2), date(2026, 2, 6))
    assert designation_deadline(end, P.FIRST_YEAR_LATER) == date(2026, 2, 19)
    # Hired 2025. 5. 31.: ends 2026. 5. 30.; 3 months before 5. 31. is 2. 28. (no 2. 31.)
    end = first_year_expiry(date(2025, 5, 31))
    assert notice_window(end, P.FIRST_YEAR) == (date(2026, 2, 28), date(2026, 3, 9))
    assert designation_deadline(end, P.FIRST_YEAR) == date(2026, 4, 29)
    assert notice_window(end, P.FIRST_YEAR_LATER) == (date(2026, 4, 30), date(2026, 5, 4))
    assert designation_deadline(end, P.FIRST_YEAR_LATER) == date(2026, 5, 20)


def _grants_until(person, until):
    from attendance.entitlement import grants
    from attendance.models import LeaveLedgerEntry

    for g in grants(hired=person.hire_date, until=until):
        if not LeaveLedgerEntry.objects.filter(person=person, source=g.key).exists():
            grant(person, g.days, on=g.on, source=g.key)


@pytest.fixture
def first_year(in_alpha):
    AttendanceSettings.objects.update_or_create(pk=1, defaults={"entitlement_basis": EntitlementBasis.HIRE})
    hr = UserFactory(roles=["staff", "attendance_officer"])
    newbie = UserFactory(hire_date=date(2025, 3, 2))
    later = UserFactory(hire_date=date(2025, 3, 5))
    veteran = UserFactory(hire_date=date(2019, 7, 15))  # §61① window in January: not due in December
    grant(veteran, 16, on=date(2025, 7, 15))
    return {"hr": User.objects.get(pk=hr.pk), "newbie": newbie, "later": later, "veteran": veteran}


def test_the_first_year_notices_plans_and_designations(first_year):
    from attendance.models import PromotionPortion as P
    from attendance.promotion import SYSTEM_ACTOR, first_year_notices_due, promotion_notices_send_due
    from audit.models import AuditEvent
    from notifications.models import Notification

    hr, newbie, later = first_year["hr"], first_year["newbie"], first_year["later"]
    for person in (newbie, later):
        _grants_until(person, date(2025, 12, 5))  # 4. 2. … 12. 2. (9 days); 4. 5. … 12. 5.
    assert first_year_notices_due(date(2025, 12, 1)) == {}
    assert first_year_notices_due(date(2025, 12, 2)) == {newbie.pk: (date(2026, 3, 1), P.FIRST_YEAR)}
    run = promotion_notices_send_due(on=date(2025, 12, 2))
    assert (run.annual, run.first_year, run.notified) == (0, 1, 1)
    notice = LeavePromotion.objects.get(person=newbie)
    assert (notice.portion, notice.step, notice.unused_days, notice.on, notice.recorded_by_id) == (
        P.FIRST_YEAR,
        PromotionStep.NOTICE,
        Decimal(9),
        date(2025, 12, 2),
        None,
    )
    assert notice.note == "미사용 연차 9일(2026. 3. 1. 소멸). 2025. 12. 12.까지 사용 계획을 제출하세요."
    told = Notification.objects.get(recipient=newbie, category="attendance_promotion")
    assert told.title == "[연차 사용촉진] 미사용 연차 9일: 2025. 12. 12.까지 사용 계획을 제출하세요"
    assert told.url == "/attendance/leave/promotion/?year=2026"
    event = AuditEvent.objects.get(action="leave.promotion_notice")
    assert (event.actor_id, event.actor_label, event.data["first_year"]) == (None, SYSTEM_ACTOR, 1)
    # The job delivered again, and HR's button the same day: nobody noticed or told twice.
    assert promotion_notices_send_due(on=date(2025, 12, 2)).notified == 0
    assert promotion_notices_issue_by_hire_date(actor=hr, on=date(2025, 12, 2)) == 0
    assert Notification.objects.filter(category="attendance_promotion").count() == 1
    assert AuditEvent.objects.filter(action="leave.promotion_notice").count() == 2  # the job's, HR's (0 people)
    # 12. 5.: the one hired 3. 5. (window 12. 5.–12. 14.)
    assert promotion_notices_send_due(on=date(2025, 12, 5)).first_year == 1
    promotion_plan_submit(actor=later, expires_on=None, plan="2026. 2. 23.~3. 3.", on=date(2025, 12, 15))
    # Designation for the 9 days: after the 10 days (12. 12.) and by 2026. 2. 1.
    assert promotion_designations_issue_by_hire_date(actor=hr, on=date(2025, 12, 11), note="2. 9.~2. 20.") == 0
    assert promotion_designations_issue_by_hire_date(actor=hr, on=date(2025, 12, 20), note="2. 9.~2. 20.") == 1
    assert promoted(None, year=2026) == {newbie.pk, later.pk}
    # 2026. 2. 2.: the 10th and 11th monthly days (1. 2., 2. 2.) arose after the first notice.
    _grants_until(newbie, date(2026, 2, 2))
    _grants_until(later, date(2026, 2, 5))
    assert first_year_notices_due(date(2026, 2, 2)) == {newbie.pk: (date(2026, 3, 1), P.FIRST_YEAR_LATER)}
    run = promotion_notices_send_due(on=date(2026, 2, 2))
    assert (run.first_year, run.notified) == (1, 1)
    second = LeavePromotion.objects.get(person=newbie, portion=P.FIRST_YEAR_LATER)
    assert second.unused_days == Decimal(2)  # of 11 left, only the 2 that arose after 12. 2.
    assert newbie.pk not in promoted(None, year=2026)  # a notice not yet answered
    # Its designation: after 2. 12., by 2. 19.; on 2. 20. it is too late.
    assert promotion_designations_issue_by_hire_date(actor=hr, on=date(2026, 2, 20), note="2. 23.~2. 24.") == 0
    assert promotion_designations_issue_by_hire_date(actor=hr, on=date(2026, 2, 13), note="2. 23.~2. 24.") == 1
    assert newbie.pk in promoted(None, year=2026)
    # The one hired 3. 5. used up to 2 days after the notice: noticed 2. 5. for them.
    run = promotion_notices_send_due(on=date(2026, 2, 5))
    assert run.first_year == 1
    assert LeavePromotion.objects.get(person=later, portion=P.FIRST_YEAR_LATER).unused_days == Decimal(2)
    assert later.pk not in promoted(None, year=2026)


def test_the_job_on_the_fiscal_basis_notices_in_july_only(people):
    from attendance.promotion import promotion_notices_send_due

    AttendanceSettings.objects.update_or_create(pk=1, defaults={"entitlement_basis": EntitlementBasis.FISCAL})
    assert promotion_notices_send_due(on=date(2026, 6, 30)).notified == 0
    run = promotion_notices_send_due(on=date(2026, 7, 1))
    assert (run.annual, run.first_year) == (2, 0)  # planner and silent; the newcomer is in year one
    assert promotion_notices_send_due(on=date(2026, 7, 2)).notified == 0
    assert set(LeavePromotion.objects.values_list("person_id", "expires_on")) == {
        (people["planner"].pk, END),
        (people["silent"].pk, END),
    }
