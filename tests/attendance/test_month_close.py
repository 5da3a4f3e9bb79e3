"""월 복무 마감: heads confirm their departments, HR closes the month (which locks it: corrections,
leave and overtime dated in it are refused), and reopening is audited with a reason."""

from __future__ import annotations

from datetime import date, time

import pytest
from django.core.exceptions import ValidationError

from attendance.close import department_confirm, month_close, month_reopen
from attendance.corrections import correction_submit
from attendance.models import MonthClose
from attendance.overtime import overtime_submit
from audit.models import AuditEvent
from org.models import User
from tests.factories.approval import org_chart
from tests.factories.attendance import grant, leave_delegation, request_leave

pytestmark = pytest.mark.django_db


@pytest.fixture
def org(in_alpha):
    org = org_chart()
    leave_delegation(org.positions)
    grant(org.drafter, 15)
    # Only the org chart's departments have staff in this test.
    User.objects.exclude(
        pk__in=[
            u.pk
            for u in (
                org.ceo,
                org.director,
                org.manager,
                org.lead,
                org.drafter,
                org.colleague,
                org.finance_head,
                org.accountant,
            )
        ]
    ).update(department=None)
    return org


@pytest.fixture
def officer(org):
    from django.contrib.auth.models import Group

    org.manager.groups.add(Group.objects.get(name="attendance_officer"))
    return User.objects.get(pk=org.manager.pk)


def _confirm_all(org):
    for department in (org.root, org.division, org.general_affairs, org.team, org.finance):
        department.refresh_from_db()
        department_confirm(actor=department.head, department=department, year=2026, month=5)


def test_only_the_head_confirms_and_hr_closes_after_every_department(org, officer):
    with pytest.raises(ValidationError) as raised:
        department_confirm(actor=org.drafter, department=org.team, year=2026, month=5)
    assert raised.value.messages == ["부서장만 부서의 복무를 확인할 수 있습니다."]
    department_confirm(actor=org.lead, department=org.team, year=2026, month=5)
    with pytest.raises(ValidationError) as raised:
        month_close(actor=officer, year=2026, month=5)
    assert raised.value.messages[0].startswith("부서장 확인이 남은 부서가 있습니다: ")
    _confirm_all(org)
    with pytest.raises(ValidationError) as raised:
        month_close(actor=org.lead, year=2026, month=5)
    assert raised.value.messages == ["인사 담당만 월 복무를 마감할 수 있습니다."]
    month_close(actor=officer, year=2026, month=5)
    assert MonthClose.objects.filter(year=2026, month=5).exists()
    assert AuditEvent.objects.filter(action="month.close").count() == 1


def test_a_closed_month_refuses_changes_until_reopened(org, officer):
    _confirm_all(org)
    month_close(actor=officer, year=2026, month=5)
    closed = "2026년 5월은 복무 마감되어 바꿀 수 없습니다."
    with pytest.raises(ValidationError) as raised:
        correction_submit(actor=org.drafter, day=date(2026, 5, 8), kind="in", at_time=time(9), reason="카드 오류")
    assert raised.value.message_dict == {"day": [closed]}
    with pytest.raises(ValidationError) as raised:
        request_leave(org.drafter, date(2026, 5, 20))
    assert raised.value.message_dict == {"start_date": [closed]}
    with pytest.raises(ValidationError) as raised:
        overtime_submit(actor=org.drafter, day=date(2026, 5, 20), start=time(18), end=time(20), reason="x")
    assert raised.value.message_dict == {"day": [closed]}
    with pytest.raises(ValidationError) as raised:
        month_reopen(actor=officer, year=2026, month=5, reason=" ")
    assert raised.value.message_dict == {"reason": ["마감을 푸는 사유를 입력하세요."]}
    month_reopen(actor=officer, year=2026, month=5, reason="병가 누락 정정")
    assert AuditEvent.objects.get(action="month.reopen").data["reason"] == "병가 누락 정정"
    assert correction_submit(actor=org.drafter, day=date(2026, 5, 8), kind="in", at_time=time(9), reason="카드 오류")
