"""근태 정정 through e-approval: the clock record stays as it was, the approved correction is what
the day is judged by; bad requests are refused in Korean with nothing written."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from approval.services import document_approve, document_reject
from attendance.corrections import correction_submit
from attendance.models import ClockCorrection, ClockRecord, CorrectionStatus
from attendance.selectors import LATE, my_month
from audit.models import AuditEvent
from tests.factories.approval import org_chart
from tests.factories.attendance import leave_delegation
from tests.support import login

pytestmark = pytest.mark.django_db
SEOUL = ZoneInfo("Asia/Seoul")
DAY = date(2026, 5, 8)


@pytest.fixture
def org(in_alpha):
    org = org_chart()
    leave_delegation(org.positions)
    ClockRecord.objects.create(person=org.drafter, day=DAY, kind="in", at=datetime(2026, 5, 8, 9, 40, tzinfo=SEOUL))
    return org


def test_an_approved_correction_counts_and_the_record_stays(org):
    correction = correction_submit(
        actor=org.drafter, day=DAY, kind="in", at_time=time(8, 50), reason="출입 카드 오류로 늦게 기록됨"
    )
    assert correction.document.title == "근태 정정 신청(2026. 5. 8. 출근 08:50)"
    assert "09:40" in correction.document.body
    before = my_month(org.drafter, 2026, 5, today=date(2026, 5, 9))
    assert LATE in before.days[7].anomalies
    document_approve(document=correction.document, actor=org.lead)
    correction.refresh_from_db()
    assert correction.status == CorrectionStatus.APPROVED
    after = my_month(org.drafter, 2026, 5, today=date(2026, 5, 9))
    assert LATE not in after.days[7].anomalies
    assert ClockRecord.objects.get(person=org.drafter, day=DAY).at == datetime(2026, 5, 8, 9, 40, tzinfo=SEOUL)
    assert AuditEvent.objects.filter(action="correction.approve").count() == 1


def test_a_rejected_correction_changes_nothing_and_may_be_asked_again(org):
    correction = correction_submit(actor=org.drafter, day=DAY, kind="in", at_time=time(8, 50), reason="사유")
    document_reject(document=correction.document, actor=org.lead, reason="증빙 없음")
    correction.refresh_from_db()
    assert correction.status == CorrectionStatus.REJECTED
    assert LATE in my_month(org.drafter, 2026, 5, today=date(2026, 5, 9)).days[7].anomalies
    assert correction_submit(actor=org.drafter, day=DAY, kind="in", at_time=time(8, 55), reason="다시")


def test_bad_requests_are_refused_in_korean(org):
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError) as raised:
        correction_submit(actor=org.drafter, day=tomorrow, kind="lunch", at_time=time(9), reason=" ")
    assert raised.value.message_dict == {
        "kind": ["출근 또는 퇴근을 선택하세요."],
        "day": ["지난 날이나 오늘의 기록만 정정할 수 있습니다."],
        "reason": ["정정 사유를 입력하세요."],
    }
    correction_submit(actor=org.drafter, day=DAY, kind="out", at_time=time(18), reason="퇴근 누락")
    with pytest.raises(ValidationError) as raised:
        correction_submit(actor=org.drafter, day=DAY, kind="out", at_time=time(18, 5), reason="두 번")
    assert raised.value.message_dict == {"day": ["그날의 같은 정정 신청이 이미 있습니다."]}
    assert ClockCorrection.objects.count() == 1


def test_the_correction_page(org, alpha, client_for):
    from django_tenants.utils import schema_context

    from tests.support import PASSWORD

    with schema_context("alpha"):
        org.drafter.set_password(PASSWORD)
        org.drafter.save()
    client = client_for(alpha)
    assert login(client, org.drafter.username).status_code == 302
    assert client.get("/attendance/corrections/new/?day=2026-05-08&kind=in").status_code == 200
    bad = client.post(
        "/attendance/corrections/new/", {"day": "2026-05-08", "kind": "in", "at_time": "25:00", "reason": ""}
    )
    assert bad.status_code == 422
    assert bad.context["form"].errors == {"at_time": ["시각은 09:00처럼 적으세요."], "reason": ["필수 항목입니다."]}
    good = client.post(
        "/attendance/corrections/new/", {"day": "2026-05-08", "kind": "in", "at_time": "08:50", "reason": "카드 오류"}
    )
    assert good.status_code == 302
    assert good["Location"] == "/attendance/month/?month=2026-05"
    with schema_context("alpha"):
        assert ClockCorrection.objects.get().status == CorrectionStatus.PENDING
