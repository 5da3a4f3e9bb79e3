"""출장 and 여비: the estimate from the table (공무원 여비 규정 별표2 defaults, worked by hand), the
commitment against the department's 국내여비 line on approval, the absence for 대결, the 정산
that executes the actual amount and releases the rest, and the shortfall refusals."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.timezone import localdate, localtime

from approval.services import document_approve, document_reject
from attendance.models import TravelRates, Trip, TripRegion, TripScope, TripStatus
from attendance.plugin import ATTENDANCE_OFFICER
from attendance.trips import estimate, trip_cancel, trip_settle, trip_submit
from audit.models import AuditEvent
from budget.charges import balance
from budget.execution import payment_make, transfer_file
from budget.models import Expenditure, ExpenditureStatus
from budget.plugin import ACCOUNTING_OFFICER
from org.models import Absence
from tests.factories.approval import org_chart
from tests.factories.attendance import leave_delegation
from tests.factories.budget_execution import expenditure_delegation
from tests.factories.budget_lines import small_budget

pytestmark = pytest.mark.django_db

NOV_10, NOV_12 = date(2026, 11, 10), date(2026, 11, 12)
AFTER = date(2026, 11, 20)


@pytest.fixture
def org(in_alpha):
    org = org_chart()
    leave_delegation(org.positions)
    expenditure_delegation(org)
    return org


def _budget(org, amount: int = 2_000_000):
    return small_budget(department=org.general_affairs, amounts={"국내여비": amount})


def _seoul(org, **fields) -> Trip:
    values = {
        "actor": org.drafter,
        "scope": TripScope.OUTSIDE,
        "purpose": "도 예산 협의",
        "place": "서울 세종로",
        "region": TripRegion.SEOUL,
        "start_date": NOV_10,
        "end_date": NOV_12,
        "transport": "KTX",
        "fare_amount": 120_000,
        "proxy": org.colleague,
    } | fields
    return trip_submit(**values)


def test_the_estimate_by_the_table():
    rates = TravelRates()  # the defaults: 공무원 여비 규정 별표2
    # 관외 서울 3 days: 일비 3×25,000 + 식비 3×25,000 + 숙박 2×100,000 + 운임 120,000 = 470,000
    seoul = estimate(scope="outside", start=NOV_10, end=NOV_12, region="seoul", fare_amount=120_000, rates=rates)
    assert (seoul.daily_allowance_amount, seoul.meal_amount, seoul.lodging_amount, seoul.fare_amount) == (
        75_000,
        75_000,
        200_000,
        120_000,
    )
    assert seoul.total_amount == 470_000
    # 관외 광역시 2 days by 공용차량: 일비 halved 2×12,500 + 식비 50,000 + 숙박 1×80,000 = 155,000
    metro = estimate(
        scope="outside", start=NOV_10, end=NOV_10 + timedelta(days=1), region="metro", official_car=True, rates=rates
    )
    assert metro.total_amount == 155_000
    # 관외 기타 1 day: 25,000 + 25,000, no night
    assert estimate(scope="outside", start=NOV_10, end=NOV_10, region="other", rates=rates).total_amount == 50_000
    # 관내: 4 h or more 20,000; under 4 h 10,000; 4 h or more by 공용차량 20,000 − 10,000
    assert estimate(scope="local", start=NOV_10, end=NOV_10, rates=rates).total_amount == 20_000
    assert (
        estimate(scope="local", start=NOV_10, end=NOV_10, four_hours_or_more=False, rates=rates).total_amount == 10_000
    )
    assert estimate(scope="local", start=NOV_10, end=NOV_10, official_car=True, rates=rates).total_amount == 10_000
    assert (
        estimate(
            scope="local", start=NOV_10, end=NOV_10, four_hours_or_more=False, official_car=True, rates=rates
        ).total_amount
        == 0
    )


def _at(day: date) -> datetime:
    return datetime.combine(day, time(10), tzinfo=ZoneInfo("Asia/Seoul"))


ACCOUNT = {"payee_bank_code": "004", "payee_account_number": "123-45-678901"}


def _approved(org, **fields) -> Trip:
    trip = _seoul(org, **fields)
    document_approve(document=trip.document, actor=org.lead)
    trip.refresh_from_db()
    return trip


def test_approval_commits_the_estimate_and_settlement_is_a_expenditure_resolution(org):
    budget = _budget(org)
    line = budget.line("국내여비")
    trip = _seoul(org)
    assert (trip.estimate_amount, trip.budget_line_id, trip.status) == (470_000, line.pk, TripStatus.PENDING)
    assert trip.document.title == "관외 출장 신청(서울 세종로, 2026. 11. 10.~2026. 11. 12.)"
    assert balance(line).committed_amount == 0

    document_approve(document=trip.document, actor=org.lead)
    trip.refresh_from_db()
    assert trip.status == TripStatus.APPROVED
    figures = balance(line)
    assert (figures.committed_amount, figures.executed_amount, figures.available_amount) == (470_000, 0, 1_530_000)
    absence = Absence.objects.get(pk=trip.absence_id)
    assert (absence.user, absence.proxy, absence.reason) == (org.drafter, org.colleague, Absence.Reason.TRIP)
    assert (localtime(absence.starts_at).date(), localtime(absence.ends_at).date()) == (NOV_10, date(2026, 11, 13))

    # Receipts: two nights 180,000 (under the 200,000 cap) and the train 118,400:
    # 75,000 + 75,000 + 180,000 + 118,400 = 448,400 goes to approval as a 지출결의 paying 김기안.
    settling = trip_settle(
        actor=org.drafter, trip=trip, actual_lodging_amount=180_000, actual_fare_amount=118_400, today=AFTER, **ACCOUNT
    )
    assert (settling.status, settling.actual_amount) == (TripStatus.SETTLING, 448_400)
    spent = Expenditure.objects.get(pk=settling.expenditure_id)
    assert (spent.amount, spent.line_id, spent.status, spent.vendor_id) == (
        448_400,
        line.pk,
        ExpenditureStatus.IN_PROGRESS,
        None,
    )
    assert (spent.payee_name, spent.bank_code, spent.account_number, spent.drafter) == (
        org.drafter.name,
        "004",
        "12345678901",
        org.drafter,
    )
    assert (spent.commitment_app, spent.commitment_model, spent.commitment_id) == ("attendance", "trip", str(trip.pk))
    assert spent.document.title.startswith("지출결의: 출장 여비 정산(")
    # Nothing moves in the budget until the 지출결의 is approved.
    figures = balance(line)
    assert (figures.committed_amount, figures.executed_amount) == (470_000, 0)
    with pytest.raises(ValidationError):
        trip_settle(actor=org.drafter, trip=settling, today=AFTER, **ACCOUNT)

    document_approve(document=spent.document, actor=org.lead)  # 100만원 미만: 팀장 전결
    trip.refresh_from_db()
    spent.refresh_from_db()
    assert (trip.status, spent.status) == (TripStatus.SETTLED, ExpenditureStatus.APPROVED)
    # 448,400 executed against the commitment, the 21,600 it still held released.
    figures = balance(line)
    assert (figures.committed_amount, figures.executed_amount, figures.available_amount) == (0, 448_400, 1_551_600)
    assert AuditEvent.objects.filter(action="trip.settle", target_id=str(trip.pk)).count() == 1


def test_the_settled_expenditure_is_paid_to_the_traveller(org):
    _budget(org)
    org.accountant.groups.add(Group.objects.get(name=ACCOUNTING_OFFICER))
    trip = trip_settle(actor=org.drafter, trip=_approved(org), today=AFTER, **ACCOUNT)
    document_approve(document=trip.expenditure.document, actor=org.lead)
    # No receipts: 일비 75,000 + 식비 75,000 = 150,000 paid to the traveller's account.
    batch = payment_make(
        actor=org.accountant,
        expenditure_ids=[trip.expenditure_id],
        paid_on=localdate(),  # the 지출결의 is executed on the day it is approved
        from_account="1",
        memo="여비",
    )
    assert transfer_file(batch).decode("cp949").splitlines()[1] == f"004,12345678901,{org.drafter.name},150000,여비"


def test_a_returned_settlement_can_be_settled_again(org):
    budget = _budget(org)
    trip = trip_settle(actor=org.drafter, trip=_approved(org), actual_fare_amount=120_000, today=AFTER, **ACCOUNT)
    first = trip.expenditure
    document_reject(document=first.document, actor=org.lead, reason="운임 영수증 누락")
    trip.refresh_from_db()
    assert (trip.status, trip.actual_amount) == (TripStatus.APPROVED, None)
    assert balance(budget.line("국내여비")).committed_amount == 470_000  # the commitment is intact
    # budget's own 재기안 is refused: the trip drafts it again.
    first.refresh_from_db()
    assert not first.can_resubmit
    again = trip_settle(actor=org.drafter, trip=trip, actual_fare_amount=118_400, today=AFTER, **ACCOUNT)
    assert again.expenditure_id != first.pk
    document_approve(document=again.expenditure.document, actor=org.lead)
    figures = balance(budget.line("국내여비"))
    # 75,000 + 75,000 + 0 + 118,400 = 268,400 executed; 201,600 released.
    assert (figures.committed_amount, figures.executed_amount) == (0, 268_400)


def test_a_settlement_above_the_estimate_takes_the_excess_from_the_balance(org):
    budget = _budget(org, amount=500_000)
    line = budget.line("국내여비")
    trip = _approved(org)
    # Fare 140,000 instead of 120,000: 75,000 + 75,000 + 200,000 + 140,000 = 490,000, of which
    # 470,000 from the commitment and 20,000 from the 30,000 left on the line.
    trip = trip_settle(
        actor=org.drafter, trip=trip, actual_lodging_amount=200_000, actual_fare_amount=140_000, today=AFTER, **ACCOUNT
    )
    document_approve(document=trip.expenditure.document, actor=org.lead)
    figures = balance(line)
    assert (figures.committed_amount, figures.executed_amount, figures.available_amount) == (0, 490_000, 10_000)


def test_an_excess_the_balance_cannot_cover_is_refused_with_the_shortfall(org):
    budget = _budget(org, amount=480_000)
    trip = _approved(org)
    # 490,000 asked, 470,000 committed: the 20,000 above it against 10,000 left on the line.
    with pytest.raises(ValidationError) as raised:
        trip_settle(
            actor=org.drafter,
            trip=trip,
            actual_lodging_amount=200_000,
            actual_fare_amount=140_000,
            today=AFTER,
            **ACCOUNT,
        )
    assert raised.value.message_dict == {
        "amount": ["예산 잔액이 부족합니다: 202-01 국내여비 — 잔액 10,000원, 요청 20,000원, 부족 10,000원"]
    }
    trip.refresh_from_db()
    assert (trip.status, trip.expenditure_id, trip.actual_amount) == (TripStatus.APPROVED, None, None)
    assert not Expenditure.objects.exists()
    assert balance(budget.line("국내여비")).committed_amount == 470_000


def test_a_settlement_without_a_proper_account_is_refused(org):
    _budget(org)
    trip = _approved(org)
    with pytest.raises(ValidationError) as raised:
        trip_settle(actor=org.drafter, trip=trip, today=AFTER, payee_bank_code="999", payee_account_number="12-ab")
    assert raised.value.message_dict == {
        "payee_bank_code": ["입금 은행을 고르세요."],
        "payee_account_number": ["계좌번호는 숫자(하이픈 가능) 10~16자리로 입력하세요."],
    }
    trip.refresh_from_db()
    assert (trip.status, trip.actual_amount) == (TripStatus.APPROVED, None)


def test_a_trip_with_nothing_to_pay_is_settled_at_once(org):
    _budget(org)
    # 관내 under 4 hours by 공용차량: 10,000 − 10,000 = 0원; nothing is committed, nothing to pay.
    trip = _approved(
        org,
        scope=TripScope.LOCAL,
        place="도청",
        end_date=NOV_10,
        four_hours_or_more=False,
        official_car=True,
        fare_amount=0,
    )
    assert trip.estimate_amount == 0
    settled = trip_settle(actor=org.drafter, trip=trip, today=AFTER)
    assert (settled.status, settled.actual_amount, settled.expenditure_id) == (TripStatus.SETTLED, 0, None)


# --- 출장 취소 -----------------------------------------------------------------------------------


def test_cancelling_before_the_trip_releases_the_commitment_and_the_absence(org):
    budget = _budget(org)
    trip = _approved(org)
    assert balance(budget.line("국내여비")).committed_amount == 470_000
    cancelled = trip_cancel(actor=org.drafter, trip=trip, reason="행사 취소", now=_at(NOV_10 - timedelta(days=3)))
    assert (cancelled.status, cancelled.cancel_reason) == (TripStatus.CANCELLED, "행사 취소")
    figures = balance(budget.line("국내여비"))
    assert (figures.committed_amount, figures.executed_amount, figures.available_amount) == (0, 0, 2_000_000)
    # The absence had not begun (the clock is before 11. 10.): it is removed, so no 대결 on those days.
    assert not Absence.objects.filter(pk=trip.absence_id).exists()
    event = AuditEvent.objects.get(action="trip.cancel", target_id=str(trip.pk))
    assert (event.data["released"], event.data["reason"], event.data["started"]) == (470_000, "행사 취소", False)
    # The days are free again: the same days may be requested anew.
    again = _seoul(org)
    assert again.status == TripStatus.PENDING
    with pytest.raises(ValidationError) as raised:
        trip_cancel(actor=org.drafter, trip=cancelled, reason="다시", now=_at(NOV_10 - timedelta(days=3)))
    assert raised.value.messages == ["취소할 수 있는 출장이 아닙니다(현재: 취소)."]


def test_a_started_trip_is_cancelled_only_by_hr(org):
    hr_officer = org.manager
    hr_officer.groups.add(Group.objects.get(name=ATTENDANCE_OFFICER))
    budget = _budget(org)
    trip = _approved(org)
    with pytest.raises(ValidationError) as raised:
        trip_cancel(actor=org.drafter, trip=trip, reason="출장 미실시", now=_at(NOV_10))
    assert raised.value.messages == [
        "이미 시작한 출장(2026. 11. 10. 시작)은 인사 담당만 취소할 수 있습니다(출장 미실시)."
    ]
    with pytest.raises(PermissionDenied):
        trip_cancel(actor=org.colleague, trip=trip, reason="출장 미실시", now=_at(NOV_10))
    with pytest.raises(ValidationError) as raised:
        trip_cancel(actor=hr_officer, trip=trip, reason=" ", now=_at(AFTER))
    assert raised.value.message_dict == {"reason": ["취소 사유를 입력하세요."]}
    trip.refresh_from_db()
    assert trip.status == TripStatus.APPROVED
    trip_cancel(actor=hr_officer, trip=trip, reason="출장 미실시(기상 악화)", now=_at(AFTER))
    assert balance(budget.line("국내여비")).committed_amount == 0


def test_what_may_not_be_cancelled(org):
    _budget(org)
    pending = _seoul(org)
    with pytest.raises(ValidationError) as raised:
        trip_cancel(actor=org.drafter, trip=pending, reason="취소", now=_at(NOV_10 - timedelta(days=3)))
    assert raised.value.messages == ["결재 중인 출장은 결재 문서에서 회수하세요."]
    document_approve(document=pending.document, actor=org.lead)
    pending.refresh_from_db()
    settling = trip_settle(actor=org.drafter, trip=pending, today=AFTER, **ACCOUNT)
    with pytest.raises(ValidationError) as raised:
        trip_cancel(actor=org.drafter, trip=settling, reason="취소", now=_at(AFTER))
    assert raised.value.messages == [
        "정산했거나 정산 결재 중인 출장은 취소할 수 없습니다. 지출결의의 회수나 반납·정정으로 바로잡으세요."
    ]


def test_a_request_the_budget_cannot_cover_is_refused_with_the_shortfall(org):
    _budget(org, amount=300_000)
    with pytest.raises(ValidationError) as raised:
        _seoul(org)
    assert raised.value.message_dict == {
        "__all__": ["예산 잔액이 부족합니다: 202-01 국내여비 — 잔액 300,000원, 요청 470,000원, 부족 170,000원"]
    }
    assert not Trip.objects.exists()


def test_approval_is_refused_when_the_balance_went_meanwhile(org):
    budget = _budget(org, amount=600_000)
    first = _seoul(org)
    second = _seoul(org, actor=org.colleague, proxy=org.drafter)
    document_approve(document=first.document, actor=org.lead)
    with pytest.raises(ValidationError) as raised:
        document_approve(document=second.document, actor=org.lead)
    assert "부족 340,000원" in " ".join(raised.value.messages)
    second.refresh_from_db()
    assert second.status == TripStatus.PENDING
    assert balance(budget.line("국내여비")).committed_amount == 470_000


def test_bad_requests_and_settlements(org):
    _budget(org)
    with pytest.raises(ValidationError) as raised:
        _seoul(org, end_date=NOV_10 - timedelta(days=1), purpose=" ")
    assert raised.value.message_dict == {
        "purpose": ["출장 목적을 입력하세요."],
        "end_date": ["종료일이 시작일보다 앞설 수 없습니다."],
    }
    with pytest.raises(ValidationError) as raised:
        _seoul(org, scope=TripScope.LOCAL)
    assert raised.value.message_dict == {"fare_amount": ["관내 출장은 운임을 따로 받지 않습니다(관내 여비에 포함)."]}
    trip = _seoul(org)
    with pytest.raises(ValidationError) as raised:
        _seoul(org, start_date=NOV_12, end_date=NOV_12 + timedelta(days=1))
    assert "같은 기간에 신청한 출장이 있습니다" in raised.value.message_dict["start_date"][0]
    with pytest.raises(ValidationError) as raised:
        trip_settle(actor=org.drafter, trip=trip, today=AFTER)
    assert raised.value.message_dict == {"__all__": ["승인된 출장만 정산할 수 있습니다(현재: 결재 중)."]}
    document_approve(document=trip.document, actor=org.lead)
    trip.refresh_from_db()
    with pytest.raises(ValidationError) as raised:
        trip_settle(actor=org.drafter, trip=trip, today=NOV_12 - timedelta(days=1))
    assert raised.value.message_dict == {"__all__": ["출장이 끝난 뒤(2026. 11. 12. 이후)에 정산합니다."]}
    with pytest.raises(ValidationError) as raised:
        trip_settle(actor=org.drafter, trip=trip, actual_lodging_amount=200_001, today=AFTER)
    assert raised.value.message_dict == {
        "actual_lodging_amount": ["숙박비는 1박 상한 100,000원 × 2박 = 200,000원까지 정산합니다."]
    }
    with pytest.raises(PermissionDenied):
        trip_settle(actor=org.colleague, trip=trip, today=AFTER)
    trip.refresh_from_db()
    assert trip.status == TripStatus.APPROVED


def test_no_travel_line_is_a_clear_refusal(org):
    with pytest.raises(ValidationError) as raised:
        _seoul(org)
    assert raised.value.message_dict == {
        "__all__": ["부서의 국내여비(202-01) 예산과목이 없어 출장 여비를 잡을 수 없습니다."]
    }


def test_the_trip_pages(org, alpha, client_for):
    from django_tenants.utils import schema_context

    from tests.support import PASSWORD, login

    with schema_context("alpha"):
        _budget(org)
        for person in (org.drafter, org.colleague):
            person.set_password(PASSWORD)
            person.save()
    client = client_for(alpha)
    assert login(client, org.drafter.username).status_code == 302
    page = client.get("/attendance/trips/new/")
    assert page.status_code == 200
    assert "202-01 국내여비" in page.content.decode()
    data = {
        "scope": "outside",
        "region": "seoul",
        "purpose": "도 예산 협의",
        "place": "서울 세종로",
        "start_date": "2026-11-10",
        "end_date": "2026-11-09",
        "transport": "KTX",
        "fare_amount": "120000",
    }
    bad = client.post("/attendance/trips/new/", data)
    assert bad.status_code == 422
    assert bad.context["form"].errors == {"end_date": ["종료일이 시작일보다 앞설 수 없습니다."]}
    made = client.post("/attendance/trips/new/", {**data, "end_date": "2026-11-12"})
    assert made.status_code == 302
    with schema_context("alpha"):
        trip = Trip.objects.get()
        assert trip.estimate_amount == 470_000
    detail = client.get(made["Location"])
    assert detail.status_code == 200
    assert "470,000원" in detail.content.decode()
    assert "470,000원" in client.get("/attendance/trips/").content.decode()
    # Not approved yet: 정산 is refused with the reason
    refused = client.post(f"/attendance/trips/{trip.pk}/settle/", {"actual_lodging_amount": "0"})
    assert refused.status_code == 422
    # A colleague who is neither approver nor HR never learns the trip exists.
    other = client_for(alpha)
    assert login(other, org.colleague.username).status_code == 302
    assert other.get(f"/attendance/trips/{trip.pk}/").status_code == 404
    assert other.post(f"/attendance/trips/{trip.pk}/settle/", {}).status_code == 404


def test_the_settle_and_cancel_forms(org, alpha, client_for):
    from django_tenants.utils import schema_context

    from tests.support import PASSWORD, login

    with schema_context("alpha"):
        _budget(org)
        org.drafter.set_password(PASSWORD)
        org.drafter.save()
        trip = _approved(org, start_date=date(2099, 5, 4), end_date=date(2099, 5, 5))
    client = client_for(alpha)
    assert login(client, org.drafter.username).status_code == 302
    page = client.get(f"/attendance/trips/{trip.pk}/").content.decode()
    assert "출장 취소" in page
    assert "입금 은행" not in page
    refused = client.post(f"/attendance/trips/{trip.pk}/cancel/", {"reason": ""})
    assert refused.status_code == 422
    assert refused.context["cancel_form"].errors == {"reason": ["취소 사유를 입력하세요."]}
    done = client.post(f"/attendance/trips/{trip.pk}/cancel/", {"reason": "행사 연기"})
    assert done.status_code == 302
    with schema_context("alpha"):
        trip.refresh_from_db()
        assert (trip.status, trip.cancel_reason) == (TripStatus.CANCELLED, "행사 연기")
    assert "행사 연기" in client.get(f"/attendance/trips/{trip.pk}/").content.decode()


def _reversed_settlement(org):
    """A trip settled for 150,000 (일비 + 식비, no receipts) whose 지출결의 is then reversed
    (반납·정정, approved by the 팀장)."""
    from approval.models import DelegationRule
    from budget.reversals import REVERSAL_KIND, reversal_submit

    DelegationRule.objects.create(kind=REVERSAL_KIND, label="반납·정정", deciding_position=org.positions["팀장"])
    trip = trip_settle(actor=org.drafter, trip=_approved(org), today=AFTER, **ACCOUNT)
    document_approve(document=trip.expenditure.document, actor=org.lead)
    trip.refresh_from_db()
    assert trip.status == TripStatus.SETTLED
    reversal = reversal_submit(
        actor=org.drafter, expenditure=trip.expenditure, reason="출장 일정 착오로 여비 환수", unit_task=org.task
    )
    document_approve(document=reversal.document, actor=org.lead)
    trip.refresh_from_db()
    return trip


def test_a_reversed_settlement_is_told_to_the_trip_which_is_settled_again(org):
    from notifications.models import Notification

    budget = _budget(org)
    line = budget.line("국내여비")
    trip = _reversed_settlement(org)
    first = Expenditure.objects.get(pk=trip.expenditure_id)
    assert first.status == ExpenditureStatus.REVERSED
    assert (trip.status, trip.get_status_display(), trip.actual_amount, trip.settled_at) == (
        TripStatus.REVERSED,
        "정산 취소",
        None,
        None,
    )
    # The 150,000 executed is back on the line; the commitment stayed settled (the 320,000 it
    # still held was released at the settlement).
    figures = balance(line)
    assert (figures.committed_amount, figures.executed_amount, figures.available_amount) == (0, 0, 2_000_000)
    event = AuditEvent.objects.get(action="trip.settlement_reverse", target_id=str(trip.pk))
    assert event.data == {"expenditure": first.pk, "amount": 150_000, "line": line.pk}
    told = Notification.objects.get(recipient=org.drafter, category="attendance_trip")
    assert told.title == (
        "[출장] 서울 세종로(2026. 11. 10.) 여비 정산이 취소되었습니다: 지출결의가 반납·정정되었으니 다시 정산하세요"
    )
    assert told.url == f"/attendance/trips/{trip.pk}/"
    # The trip still took place: it keeps its days (a new trip over them is refused).
    with pytest.raises(ValidationError):
        _seoul(org)
    # Settled again, with the train's receipt: 75,000 + 75,000 + 118,400 = 268,400, from the
    # line's balance since the commitment holds nothing.
    again = trip_settle(actor=org.drafter, trip=trip, actual_fare_amount=118_400, today=AFTER, **ACCOUNT)
    assert (again.status, again.actual_amount) == (TripStatus.SETTLING, 268_400)
    assert again.expenditure_id != first.pk
    document_approve(document=again.expenditure.document, actor=org.lead)
    again.refresh_from_db()
    assert again.status == TripStatus.SETTLED
    figures = balance(line)
    assert (figures.committed_amount, figures.executed_amount, figures.available_amount) == (0, 268_400, 1_731_600)
    # A reversal told twice (or of an expenditure the trip no longer points at) changes nothing.
    from attendance.trips import trip_settlement_decided
    from budget.charges import SourceRef
    from budget.execution import CommitmentDecision

    trip_settlement_decided(
        CommitmentDecision(
            event="reversed",
            expenditure_id=first.pk,
            commitment=SourceRef("attendance", "trip", str(trip.pk)),
            amount=150_000,
            actor=org.lead,
            at=_at(AFTER),
        )
    )
    again.refresh_from_db()
    assert again.status == TripStatus.SETTLED


def test_the_trip_page_shows_the_cancelled_settlement(org, alpha, client_for):
    from django_tenants.utils import schema_context

    from tests.support import PASSWORD, login

    with schema_context("alpha"):
        _budget(org)
        trip = _reversed_settlement(org)
        org.drafter.set_password(PASSWORD)
        org.drafter.save()
    client = client_for(alpha)
    assert login(client, org.drafter.username).status_code == 302
    page = client.get(f"/attendance/trips/{trip.pk}/").content.decode()
    assert 'data-testid="trip-settlement-reversed"' in page
    assert "정산 취소" in page
    assert f'action="/attendance/trips/{trip.pk}/settle/"' in page
