"""Leave requests through e-approval: days counted with the calendar, balance checked at request
and at the final decision, overlaps refused, the approved leave used in the ledger with the
absence that makes approval's 대결 work, and the cancellation that gives the days back."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from approval.kinds import get_kind
from approval.models import DocumentStatus
from approval.services import document_approve, document_reject, document_withdraw
from attendance.kinds import LEAVE_KIND
from attendance.models import (
    CancellationStatus,
    LeaveLedgerEntry,
    LeaveRequest,
    LeaveStatus,
    LedgerKind,
)
from attendance.services import leave_adjust, leave_balance, leave_cancel_request
from audit.models import AuditEvent
from org.models import Absence
from org.services import absence_create, proxy_for
from tests.factories.approval import org_chart
from tests.factories.attendance import grant, leave_delegation, leave_type, request_leave

pytestmark = pytest.mark.django_db
SEOUL = ZoneInfo("Asia/Seoul")


@pytest.fixture
def org(in_alpha):
    org = org_chart()
    leave_delegation(org.positions)
    grant(org.drafter, 15)
    return org


def test_the_kinds_are_registered():
    assert str(get_kind(LEAVE_KIND).label) == "휴가 신청"
    assert get_kind(LEAVE_KIND).subject_model == "attendance.LeaveRequest"


def test_request_counts_working_days_and_goes_to_the_team_head(org):
    # 5/20 Wed … 5/26 Tue: 5 weekdays minus 5/25 (부처님오신날 대체) = 4
    leave = request_leave(org.drafter, date(2026, 5, 20), date(2026, 5, 26), proxy=org.colleague, reason="가족 여행")
    assert leave.days == Decimal(4)
    assert leave.status == LeaveStatus.PENDING
    document = leave.document
    assert document.kind == LEAVE_KIND
    assert document.title == "연가 신청(2026. 5. 20.~2026. 5. 26., 4일)"
    assert document.status == DocumentStatus.IN_PROGRESS
    assert [s.approver for s in document.steps.all()] == [org.lead]
    assert AuditEvent.objects.filter(action="leave.request").count() == 1


def test_approval_uses_the_days_and_records_the_absence_for_proxy_approval(org):
    leave = request_leave(org.drafter, date(2026, 5, 20), date(2026, 5, 21), proxy=org.colleague)
    document_approve(document=leave.document, actor=org.lead)
    leave.refresh_from_db()
    assert leave.status == LeaveStatus.APPROVED
    assert leave_balance(org.drafter) == Decimal(13)
    use = LeaveLedgerEntry.objects.get(kind=LedgerKind.USE)
    assert (use.days, use.effective_on, use.source) == (Decimal(-2), date(2026, 5, 20), f"leave:{leave.pk}:use")
    absence = leave.absence
    assert (absence.user, absence.proxy, absence.reason) == (org.drafter, org.colleague, Absence.Reason.LEAVE)
    assert absence.starts_at == datetime(2026, 5, 20, tzinfo=SEOUL)
    assert absence.ends_at == datetime(2026, 5, 22, tzinfo=SEOUL)
    assert proxy_for(org.drafter, datetime(2026, 5, 21, 10, tzinfo=SEOUL)) == org.colleague
    assert proxy_for(org.drafter, datetime(2026, 5, 22, 10, tzinfo=SEOUL)) is None


def test_half_and_quarter_days(org):
    am = request_leave(org.drafter, date(2026, 5, 20), portion="am")
    quarter = request_leave(org.drafter, date(2026, 5, 21), portion="quarter")
    assert (am.days, quarter.days) == (Decimal("0.5"), Decimal("0.25"))
    with pytest.raises(ValidationError) as raised:
        request_leave(org.drafter, date(2026, 5, 22), date(2026, 5, 26), portion="pm")
    assert raised.value.message_dict == {"portion": ["반차·반반차는 하루만 신청할 수 있습니다."]}
    with pytest.raises(ValidationError) as raised:
        request_leave(org.drafter, date(2026, 5, 22), portion="quarter", leave_type=leave_type("sick"))
    assert raised.value.message_dict == {"portion": ["병가은(는) 0.5일 단위로만 신청할 수 있습니다."]}


def test_bad_input_is_refused_in_korean_and_nothing_is_written(org):
    cases = [
        ({"start": date(2026, 5, 22), "end": date(2026, 5, 20)}, {"end_date": ["종료일이 시작일보다 앞섭니다."]}),
        (
            {"start": date(2026, 5, 23), "end": date(2026, 5, 25)},
            {"start_date": ["신청한 기간에 근무일이 없습니다(주말·공휴일)."]},
        ),
        ({"start": date(2026, 5, 20), "proxy": "self"}, {"proxy": ["본인을 직무대리자로 지정할 수 없습니다."]}),
        # June 2026: 22 weekdays less 6/3 (지방선거일) = 21
        (
            {"start": date(2026, 6, 1), "end": date(2026, 6, 30)},
            {"days": ["연가 잔여일수가 부족합니다. 남은 일수 15일, 신청 21일."]},
        ),
    ]
    for fields, errors in cases:
        proxy = org.drafter if fields.pop("proxy", None) == "self" else None
        with pytest.raises(ValidationError) as raised:
            request_leave(org.drafter, fields["start"], fields.get("end"), proxy=proxy)
        assert raised.value.message_dict == errors
    assert not LeaveRequest.objects.exists()
    assert not AuditEvent.objects.filter(action="leave.request").exists()


def test_overlapping_requests_are_refused(org):
    request_leave(org.drafter, date(2026, 5, 20), date(2026, 5, 22))
    with pytest.raises(ValidationError) as raised:
        request_leave(org.drafter, date(2026, 5, 22), date(2026, 5, 27))
    assert raised.value.message_dict == {"start_date": ["같은 기간에 이미 신청했거나 승인된 휴가가 있습니다."]}


def test_pending_requests_hold_their_days(org):
    request_leave(org.drafter, date(2026, 6, 1), date(2026, 6, 12))  # 10 weekdays less 6/3 (선거일) = 9
    with pytest.raises(ValidationError) as raised:
        request_leave(org.drafter, date(2026, 6, 15), date(2026, 6, 23))  # 7 days, 6 left
    assert raised.value.message_dict == {"days": ["연가 잔여일수가 부족합니다. 남은 일수 6일, 신청 7일."]}


def test_the_balance_is_checked_again_at_the_final_decision(org):
    leave = request_leave(org.drafter, date(2026, 6, 1), date(2026, 6, 5))  # 5 weekdays less 6/3 = 4
    leave_adjust(person=org.drafter, days=Decimal(-12), reason="전년도 초과 사용 정산", actor=org.manager)
    with pytest.raises(ValidationError) as raised:
        document_approve(document=leave.document, actor=org.lead)
    assert raised.value.message_dict == {"days": ["연가 잔여일수가 부족합니다. 남은 일수 3일, 신청 4일."]}
    leave.refresh_from_db()
    assert leave.status == LeaveStatus.PENDING
    assert leave.document.status == DocumentStatus.IN_PROGRESS
    assert not LeaveLedgerEntry.objects.filter(kind=LedgerKind.USE).exists()


def test_sick_leave_does_not_touch_the_balance_but_has_a_yearly_maximum(org):
    sick = request_leave(org.drafter, date(2026, 3, 3), leave_type=leave_type("sick"))
    document_approve(document=sick.document, actor=org.lead)
    assert leave_balance(org.drafter) == Decimal(15)
    request_leave(org.drafter, date(2026, 7, 1), date(2026, 7, 2), leave_type=leave_type("reward"))
    with pytest.raises(ValidationError) as raised:
        request_leave(org.drafter, date(2026, 8, 3), date(2026, 8, 14), leave_type=leave_type("reward"))
    assert raised.value.message_dict == {
        "leave_type": ["포상휴가은(는) 한 해 10일까지입니다. 올해 이미 2일을 신청했습니다."]
    }


def test_maternity_leave_counts_calendar_days(org):
    leave = request_leave(org.drafter, date(2026, 5, 1), date(2026, 5, 31), leave_type=leave_type("maternity"))
    assert leave.days == Decimal(31)


def test_rejected_and_withdrawn_requests_release_their_days(org):
    first = request_leave(org.drafter, date(2026, 6, 1), date(2026, 6, 12))
    document_reject(document=first.document, actor=org.lead, reason="업무 일정")
    first.refresh_from_db()
    assert first.status == LeaveStatus.REJECTED
    second = request_leave(org.drafter, date(2026, 6, 1), date(2026, 6, 12))
    document_withdraw(document=second.document, actor=org.drafter, reason="일정 변경")
    second.refresh_from_db()
    assert second.status == LeaveStatus.WITHDRAWN
    assert request_leave(org.drafter, date(2026, 6, 1), date(2026, 6, 12)).days == 9


def test_a_proxy_who_is_away_blocks_the_approval(org):
    leave = request_leave(org.drafter, date(2026, 5, 20), proxy=org.colleague)
    absence_create(
        user=org.colleague,
        proxy=org.lead,
        starts_at=datetime(2026, 5, 20, tzinfo=SEOUL),
        ends_at=datetime(2026, 5, 21, tzinfo=SEOUL),
        reason=Absence.Reason.TRIP,
    )
    with pytest.raises(ValidationError) as raised:
        document_approve(document=leave.document, actor=org.lead)
    assert raised.value.message_dict == {"proxy": ["직무대리자도 그 기간에 부재 중입니다."]}
    assert leave_balance(org.drafter) == 15


def test_cancellation_approved_restores_the_balance_and_ends_the_absence(org):
    # a leave still to come (2030-01-15 Tue, 16 Wed): its absence is removed, not shortened
    leave = request_leave(org.drafter, date(2030, 1, 15), date(2030, 1, 16), proxy=org.colleague)
    document_approve(document=leave.document, actor=org.lead)
    cancellation = leave_cancel_request(actor=org.drafter, leave=leave, reason="일정 취소")
    with pytest.raises(ValidationError):
        leave_cancel_request(actor=org.drafter, leave=leave, reason="두 번")
    document_approve(document=cancellation.document, actor=org.lead)
    leave.refresh_from_db()
    cancellation.refresh_from_db()
    assert (leave.status, cancellation.status) == (LeaveStatus.CANCELLED, CancellationStatus.APPROVED)
    assert leave_balance(org.drafter) == Decimal(15)
    assert not Absence.objects.filter(user=org.drafter).exists()  # not begun yet: removed
    assert [e.kind for e in LeaveLedgerEntry.objects.filter(person=org.drafter)] == ["grant", "use", "cancel"]
    # the days may be requested again
    assert request_leave(org.drafter, date(2030, 1, 15), date(2030, 1, 16)).days == 2


def test_only_the_applicant_cancels_and_only_approved_leave(org):
    leave = request_leave(org.drafter, date(2026, 5, 20))
    with pytest.raises(ValidationError) as raised:
        leave_cancel_request(actor=org.drafter, leave=leave, reason="x")
    assert raised.value.messages == ["승인된 휴가만 취소 신청할 수 있습니다."]
    with pytest.raises(ValidationError) as raised:
        leave_cancel_request(actor=org.colleague, leave=leave, reason="x")
    assert raised.value.messages == ["본인의 휴가만 취소 신청할 수 있습니다."]


def test_adjustments_need_a_reason_and_sane_days(org):
    with pytest.raises(ValidationError) as raised:
        leave_adjust(person=org.drafter, days=Decimal("0.3"), reason="", actor=org.manager)
    assert raised.value.message_dict == {
        "reason": ["조정 사유를 입력하세요."],
        "days": ["조정 일수는 0.25일 단위로 입력하세요."],
    }
    leave_adjust(person=org.drafter, days=Decimal("1.5"), reason="포상 연가 가산", actor=org.manager)
    assert leave_balance(org.drafter) == Decimal("16.5")
    assert AuditEvent.objects.filter(action="leave.adjust").count() == 1
