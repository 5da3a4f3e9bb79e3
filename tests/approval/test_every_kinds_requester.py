"""Nobody decides their own request, for every kind's subjects (issue 9 item 1).

The rule itself is one pure function over the document (approval.turn): the drafter and the
document's `requester` never decide a step, not on the line, not as proxy; the next present head
up the absent approver's chain stands in, with 후결 required (tests/approval/test_self_approval.py,
test_turn.py). What differs from kind to kind is who a subject is *for*: drafting stores
`kind.requester_of(subject)` on the document. So every registered kind is listed here with the
person its subject names, and a kind registered without a row fails the first test: whoever adds
a kind must say whose request its subjects are. A leave request then walks the attack end to end
through attendance's real kind."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.utils import timezone

from approval.kinds import get_kind, kind_choices
from approval.models import ApprovalStep, DocumentStatus
from approval.services import document_approve
from attendance.models import LeaveStatus
from org.models import User
from org.services import absence_create
from tests.factories import UserFactory
from tests.factories.approval import org_chart
from tests.factories.attendance import grant, leave_delegation, request_leave

SELF = "본인이 기안하거나 신청한 문서는 결재할 수 없습니다(대결 포함)."


def _own(field: str):
    """A subject naming its person in `field`."""
    return lambda model, person: model(**{field: person})


def _cancellation(model, person):
    return model(leave=apps.get_model("attendance.LeaveRequest")(applicant=person))


# kind → how to build a subject that is `person`'s request; None: the subject is nobody's own
# request but its drafter's (a payroll run pays everyone, a disposal, a 재분류 or a production report
# is the 기록관's duty), so the drafter alone is kept off its decisions.
REQUESTS: dict[str, Any] = {
    "general": None,
    "attendance.leave": _own("applicant"),
    "attendance.leave_cancel": _cancellation,
    "attendance.correction": _own("person"),
    "attendance.flexible_work": _own("person"),
    "attendance.overtime": _own("person"),
    "attendance.trip": _own("person"),
    "budget.expense_plan": _own("drafter"),
    "budget.expenditure": _own("drafter"),
    "budget.revenue": _own("drafter"),
    "budget.reversal": _own("drafter"),
    "budget.journal": _own("drafter"),
    "budget.amendment": _own("drafter"),
    "budget.transfer": _own("drafter"),
    "payroll.run": None,
    "records.disposal": None,
    "records.production_report": None,
    "records.reclassify": None,
}


def _registered() -> set[str]:
    # Test modules register kinds of their own under "tests."; they are not the product's.
    return {name for name, _label in kind_choices() if not name.startswith("tests.")}


def test_every_registered_kind_says_whose_request_its_subjects_are():
    assert _registered() == set(REQUESTS)


@pytest.mark.parametrize("name", sorted(REQUESTS))
def test_the_kind_names_the_person_its_subject_is_for(name):
    kind = get_kind(name)
    build = REQUESTS[name]
    person = User(username="someone", name="신청인")
    if build is None:
        assert kind.requester is None
        return
    model = kind.model()
    assert model is not None, f"{name} has a requester but no subject model"
    assert kind.requester_of(build(model, person)) is person


@pytest.mark.django_db
def test_a_leave_applicant_standing_in_for_their_absent_head_cannot_approve_their_own_leave(in_alpha):
    org = org_chart()
    leave_delegation(org.positions)
    grant(org.drafter, 15)
    now = timezone.now()
    # The team head is away with the applicant as their designated proxy.
    away = {"starts_at": now - timedelta(hours=2), "ends_at": now + timedelta(days=1)}
    absence_create(user=org.lead, proxy=org.drafter, reason="출장", **away)
    start = timezone.localdate() + timedelta(days=14)  # a week: it holds working days whatever the date
    leave = request_leave(org.drafter, start, start + timedelta(days=6), proxy=UserFactory(department=org.team))
    document = leave.document
    assert (document.drafter, document.requester) == (org.drafter, org.drafter)

    with pytest.raises(ValidationError) as refused:
        document_approve(document=document, actor=org.drafter)
    assert refused.value.messages == [SELF]
    leave.refresh_from_db()
    assert leave.status == LeaveStatus.PENDING

    document = document_approve(document=document, actor=org.manager)  # the head above stands in
    step = ApprovalStep.objects.get(document=document)
    assert document.status == DocumentStatus.COMPLETED
    assert (step.acted_by, step.proxy_for, step.post_approval_required) == (org.manager, org.lead, True)
    leave.refresh_from_db()
    assert leave.status == LeaveStatus.APPROVED
