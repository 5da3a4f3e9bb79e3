"""The e-approval demo seed (approval.demo) on a real demo institution: 독도재단 is provisioned
fresh and seeded by org's seed, the work-management seed and ours, inside the test's transaction.
Checked: every state is there, the history obeys what real use obeys (gap-free numbers in
completion order, 전결 under the delegation table, 대결 by the stand-in approval.turn names, the
audit chain), the demo accounts have work waiting today, idempotency and determinism."""

from __future__ import annotations

from collections import defaultdict

import pytest
from django.db import transaction
from django.utils import timezone
from django_tenants.utils import schema_context

from approval import demo
from approval.lines import delegation_rule_for
from approval.models import (
    ApprovalStep,
    Circulation,
    DelegationRule,
    Document,
    DocumentEvent,
    DocumentStatus,
    DocumentVersion,
    EventAction,
    StepKind,
)
from approval.selectors import documents_waiting_for
from audit.services import audit_verify_chain
from org import demo as org_demo
from org import demo_data as org_data
from org.models import Absence, User
from tasks import demo as tasks_demo
from tenants.models import Institution
from tests.factories.approval import stand_in_when_decided

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

SPEC = next(s for s in org_data.INSTITUTIONS if s.code == "dokdo")  # the smallest: 30 staff


def _seed(now):
    assert org_demo.institution_seed(spec=SPEC, password_hash=lambda: "!").created
    institution = Institution.objects.get(code=SPEC.code)
    with schema_context(institution.schema_name):
        assert tasks_demo.institution_seed(institution=institution, now=now).created
        result = demo.institution_seed(institution=institution, now=now)
    return institution, result


@pytest.fixture(scope="module")
def moment():
    return timezone.now()


@pytest.fixture
def seeded(moment):
    institution, result = _seed(moment)
    with schema_context(institution.schema_name):
        yield institution, result


def test_every_state_is_there_in_hundreds(seeded):
    _institution, result = seeded
    assert result.created
    by_status = defaultdict(int)
    for status in Document.objects.values_list("status", flat=True):
        by_status[status] += 1
    assert sum(by_status.values()) >= demo.DOCUMENTS
    assert set(by_status) == set(DocumentStatus.values)
    assert by_status[DocumentStatus.COMPLETED] > sum(by_status.values()) / 2
    assert Document.objects.filter(redraft_of__isnull=False, status=DocumentStatus.COMPLETED).exists()  # 재기안
    assert Document.objects.filter(is_internal=False, status=DocumentStatus.COMPLETED).exists()  # 시행문
    assert Document.objects.filter(delegation_rule__isnull=False, status=DocumentStatus.COMPLETED).exists()  # 전결
    decisions = ApprovalStep.objects.filter(kind=StepKind.APPROVAL, document__status=DocumentStatus.COMPLETED)
    assert decisions.filter(delegated=True).exists()  # 전결 below the head
    assert decisions.filter(delegated=False).exists()  # the head's own decisions (3천만원 이상)
    assert ApprovalStep.objects.filter(proxy_for__isnull=False).exists()  # 대결
    assert ApprovalStep.objects.filter(post_approved_at__isnull=False).exists()  # 후결
    assert DocumentVersion.objects.filter(step__isnull=False).exists()  # an approver's edit
    assert Circulation.objects.filter(read_at__isnull=False).exists()  # 공람 read
    assert DocumentEvent.objects.filter(action=EventAction.HOLD).exists()


def test_numbers_are_gap_free_and_follow_completion(seeded):
    series = defaultdict(list)
    for department, year, serial, registered_at in Document.objects.filter(status=DocumentStatus.COMPLETED).values_list(
        "department", "registration_year", "registration_serial", "registered_at"
    ):
        series[(department, year)].append((serial, registered_at))
    assert series
    for rows in series.values():
        rows.sort()
        assert [serial for serial, _at in rows] == list(range(1, len(rows) + 1))
        moments = [at for _serial, at in rows]
        assert moments == sorted(moments)


def test_decisions_follow_the_delegation_table_and_the_proxies(seeded, moment):
    assert DelegationRule.objects.filter(kind="general").count() == 5
    completed = Document.objects.filter(status=DocumentStatus.COMPLETED).select_related("department")
    for document in completed[:80]:
        final = document.steps.get(kind=StepKind.APPROVAL)
        rule = delegation_rule_for(document.kind, document.decision_amount, document.importance)
        assert document.delegation_rule_id == (rule.pk if rule else None)
        if rule is not None:
            assert final.approver.position.rank <= rule.deciding_position.rank
    for step in ApprovalStep.objects.filter(proxy_for__isnull=False).select_related("document"):
        # The stand-in approval.turn named then: the designated proxy, or a head up the chain
        # when the proxy drafted the document, whose 대결 always needs 후결.
        other = stand_in_when_decided(step)
        assert step.proxy_for_id == step.approver_id
        assert (other.user_id if other else None) == step.acted_by_id
        assert step.post_approval_required or not other.fallback
    assert not Document.objects.filter(submitted_at__gt=moment).exists()
    assert not DocumentEvent.objects.filter(occurred_at__gt=moment).exists()


def test_the_audit_chain_holds_and_the_demo_accounts_have_work(seeded, moment):
    assert audit_verify_chain().ok
    staff = User.objects.get(username="staff")
    waiting = list(documents_waiting_for(staff, now=moment))
    assert len(waiting) >= 2
    assert Document.objects.filter(drafter=staff, status=DocumentStatus.IN_PROGRESS).exists()
    assert Document.objects.filter(drafter=staff, status=DocumentStatus.REJECTED).exists()
    # Their team head is on a course today: a senior colleague decides for them (대결).
    head = staff.department.head
    away = Absence.objects.get(user=head, starts_at__lte=moment, ends_at__gt=moment)
    assert away.proxy_id != staff.pk
    assert any(
        document.steps.filter(approver=head, state="pending").exists()
        for document in documents_waiting_for(away.proxy, now=moment)
    )


def test_a_second_run_leaves_the_institution_as_it_was(seeded, moment):
    institution, _result = seeded
    count = Document.objects.count()
    again = demo.institution_seed(institution=institution, now=moment)
    assert not again.created
    assert Document.objects.count() == count


def test_two_fresh_institutions_from_one_spec_get_the_same_history(moment):
    runs = []
    for _ in range(2):
        with transaction.atomic():
            institution, result = _seed(moment)
            with schema_context(institution.schema_name):
                runs.append(
                    (
                        result.counts,
                        list(
                            Document.objects.order_by("created_at", "title").values_list(
                                "title", "status", "drafter__username", "registration_number"
                            )
                        ),
                    )
                )
            transaction.set_rollback(True)
    assert runs[0] == runs[1]
