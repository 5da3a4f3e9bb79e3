"""유연근무 through e-approval: the rules of each type refused in Korean, overlaps refused, and an
approved period moving the day's expected start and end."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from approval.services import document_approve
from attendance.flexible import flexible_submit
from attendance.models import ClockRecord, CorrectionStatus, FlexibleWork
from attendance.selectors import EARLY, LATE, my_month
from tests.factories.approval import org_chart
from tests.factories.attendance import leave_delegation
from tests.support import PASSWORD, login

pytestmark = pytest.mark.django_db
SEOUL = ZoneInfo("Asia/Seoul")


@pytest.fixture
def org(in_alpha):
    org = org_chart()
    leave_delegation(org.positions)
    return org


def _ask(org, kind="staggered", start=time(8), end=time(17), days=(date(2026, 6, 1), date(2026, 6, 30))):
    return flexible_submit(
        actor=org.drafter, kind=kind, start_date=days[0], end_date=days[1], work_start=start, work_end=end
    )


@pytest.mark.parametrize(
    ("kind", "start", "end", "errors"),
    [
        (
            "staggered",
            time(6, 30),
            time(15, 30),
            {"work_start": ["시차출퇴근의 출근 시각은 07:00부터 10:00 사이입니다."]},
        ),
        (
            "staggered",
            time(8),
            time(16),
            {"work_end": ["시차출퇴근은 하루 8시간(점심 1시간을 더해 9시간) 근무입니다."]},
        ),
        ("selective", time(9), time(12), {"work_end": ["근무시간선택제는 하루 4시간에서 12시간 사이입니다."]}),
        ("compressed", time(7), time(21), {"work_end": ["하루 근무는 12시간(점심 1시간 별도)을 넘을 수 없습니다."]}),
        ("remote", time(5), time(14), {"work_start": ["근무 시간은 06:00부터 22:00 사이로 정하세요."]}),
        ("remote", time(18), time(9), {"work_end": ["퇴근 시각은 출근 시각보다 늦어야 합니다."]}),
        ("nap", time(9), time(18), {"kind": ["유연근무 유형을 목록에서 고르세요."]}),
    ],
)
def test_the_rules_of_each_type(org, kind, start, end, errors):
    with pytest.raises(ValidationError) as raised:
        _ask(org, kind, start, end)
    assert raised.value.message_dict == errors
    assert not FlexibleWork.objects.exists()


def test_staggered_hours_move_the_day_once_approved(org):
    work = _ask(org)  # 08:00–17:00 through June
    assert work.document.title == "유연근무 신청(시차출퇴근, 2026. 6. 1.~2026. 6. 30., 08:00~17:00)"
    day = date(2026, 6, 2)
    ClockRecord.objects.create(person=org.drafter, day=day, kind="in", at=datetime(2026, 6, 2, 8, 20, tzinfo=SEOUL))
    ClockRecord.objects.create(person=org.drafter, day=day, kind="out", at=datetime(2026, 6, 2, 17, 5, tzinfo=SEOUL))
    before = my_month(org.drafter, 2026, 6, today=date(2026, 6, 3)).days[1]
    assert (before.anomalies, before.expected_start) == ([EARLY], time(9))
    document_approve(document=work.document, actor=org.lead)
    work.refresh_from_db()
    assert work.status == CorrectionStatus.APPROVED
    after = my_month(org.drafter, 2026, 6, today=date(2026, 6, 3)).days[1]
    assert (after.anomalies, after.expected_start, after.expected_end) == ([LATE], time(8), time(17))


def test_overlapping_periods_are_refused(org):
    _ask(org)
    with pytest.raises(ValidationError) as raised:
        _ask(org, "remote", time(9), time(18), (date(2026, 6, 30), date(2026, 7, 3)))
    assert raised.value.message_dict == {"start_date": ["같은 기간에 이미 신청했거나 승인된 유연근무가 있습니다."]}


def test_the_page(org, alpha, client_for):
    from django_tenants.utils import schema_context

    with schema_context("alpha"):
        org.drafter.set_password(PASSWORD)
        org.drafter.save()
    client = client_for(alpha)
    assert login(client, org.drafter.username).status_code == 302
    data = {"kind": "staggered", "start_date": "2026-06-01", "end_date": "2026-06-30", "work_start": "07:30"}
    bad = client.post("/attendance/flexible/new/", {**data, "work_end": "16:00"})
    assert bad.status_code == 422
    assert bad.context["form"].errors == {"work_end": ["시차출퇴근은 하루 8시간(점심 1시간을 더해 9시간) 근무입니다."]}
    assert client.post("/attendance/flexible/new/", {**data, "work_end": "16:30"}).status_code == 302
