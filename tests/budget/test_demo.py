"""The budget demo seed on a real demo institution (독도재단, provisioned fresh by org's seed and
given its work by the tasks and e-approval seeds): the delegation rows for the kind, plans in
every state driven through the services, the `staff` account's own plans, registration numbers
following completion times, the audit chain intact, and idempotency."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from approval import demo as approval_demo
from approval.lines import delegation_rule_for
from approval.models import Document, DocumentStatus, Importance, StepKind
from audit.services import audit_verify_chain
from budget import demo
from budget.books_reports import trial_balance, unbalanced_entries
from budget.charges import SourceRef, commitment_left
from budget.kinds import EXPENSE_PLAN_KIND
from budget.ledger import ledger_drift
from budget.models import (
    DecisionStatus,
    EntryKind,
    Expenditure,
    ExpenditureReversal,
    ExpenditureStatus,
    ExpensePlan,
    JournalEntry,
    ManualJournal,
    PlanStatus,
    RevenueResolution,
    ReversalKind,
)
from org import demo as org_demo
from org import demo_data as org_data
from org.models import User
from tasks import demo as tasks_demo
from tenants.models import Institution

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

SPEC = next(s for s in org_data.INSTITUTIONS if s.code == "dokdo")


@pytest.fixture(scope="module")
def moment():
    return timezone.now()


@pytest.fixture
def seeded(moment):
    assert org_demo.institution_seed(spec=SPEC, password_hash=lambda: "!").created
    institution = Institution.objects.get(code=SPEC.code)
    with schema_context(institution.schema_name):
        assert tasks_demo.institution_seed(institution=institution, now=moment).created
        assert approval_demo.institution_seed(institution=institution, now=moment).created
        result = demo.institution_seed(institution=institution, now=moment)
        yield institution, result


def test_plans_in_every_state_through_the_services(seeded, moment):
    _institution, result = seeded
    assert result.created
    assert result.counts["delegation_rules"] == 4
    assert result.counts["expense_plans"] == len(demo.PLANS)
    statuses = Counter(ExpensePlan.objects.values_list("status", flat=True))
    assert statuses == {
        PlanStatus.APPROVED: 6,  # five of PLANS and the walk-through's plan on a real line
        PlanStatus.IN_PROGRESS: 3,
        PlanStatus.REJECTED: 1,
        PlanStatus.WITHDRAWN: 1,
    }

    for plan in ExpensePlan.objects.select_related("document__delegation_rule"):
        document = plan.document
        assert (document.kind, document.subject_id, document.decision_amount) == (
            EXPENSE_PLAN_KIND,
            str(plan.pk),
            plan.amount,
        )
        # The document decides under the delegation row for the plan's amount.
        assert document.delegation_rule == delegation_rule_for(EXPENSE_PLAN_KIND, plan.amount, Importance.NORMAL)
        expected = {
            PlanStatus.APPROVED: DocumentStatus.COMPLETED,
            PlanStatus.IN_PROGRESS: DocumentStatus.IN_PROGRESS,
            PlanStatus.REJECTED: DocumentStatus.REJECTED,
            PlanStatus.WITHDRAWN: DocumentStatus.WITHDRAWN,
        }[plan.status]
        assert document.status == expected
        assert (plan.approved_at is not None) == (plan.status == PlanStatus.APPROVED)
        if plan.status == PlanStatus.APPROVED:
            assert plan.approved_at == document.closed_at <= moment
            assert document.registration_number
            final = document.steps.get(kind=StepKind.APPROVAL)
            assert final.acted_by == final.approver

    resubmitted = Document.objects.filter(kind=EXPENSE_PLAN_KIND, redraft_of__isnull=False)
    assert resubmitted.count() == 2
    assert {d.redraft_of.status for d in resubmitted} == {DocumentStatus.REJECTED, DocumentStatus.WITHDRAWN}
    assert audit_verify_chain().ok


def test_staff_has_plans_of_their_own(seeded):
    mine = ExpensePlan.objects.filter(drafter__username="staff", line__isnull=True).order_by("created_at")
    assert [p.status for p in mine] == [PlanStatus.APPROVED, PlanStatus.IN_PROGRESS, PlanStatus.REJECTED]
    waiting = mine[1].document.steps.get(state="pending")
    assert waiting.approver == mine[1].drafter.department.head  # their team head has it


def test_the_walk_through_has_a_budget_expenditures_a_payment_and_balanced_books(seeded):
    _institution, result = seeded
    # The walk-through charges the demo budget year's lines (budget.demo_year), its 사무관리비 of the
    # staff's department: 1,800,000 committed by the plan, 1,540,000 of it executed, 260,000 held.
    staff_plan = ExpensePlan.objects.get(drafter__username="staff", line__isnull=False)
    assert staff_plan.status == PlanStatus.APPROVED
    assert (staff_plan.line.standard_code, staff_plan.line.department_id) == (
        "201-01",
        staff_plan.drafter.department_id,
    )
    assert commitment_left(SourceRef.of(staff_plan)) == 260_000
    statuses = Counter(Expenditure.objects.values_list("status", flat=True))
    # Three approved; the unpaid one of another department then corrected (정정).
    assert statuses[ExpenditureStatus.APPROVED] == 2
    assert statuses[ExpenditureStatus.REVERSED] == 1
    assert statuses[ExpenditureStatus.IN_PROGRESS] == 1
    assert Expenditure.objects.filter(payment__isnull=False).count() == 2
    reversal = ExpenditureReversal.objects.get()
    assert (reversal.status, reversal.kind) == (DecisionStatus.APPROVED, ReversalKind.CORRECTION)
    assert JournalEntry.objects.filter(kind=EntryKind.REVERSAL).count() == 1
    # Two 수입결의 approved: the 도 출연금 collected, the interest awaiting 수납 (beside the months'
    # migrated ones, budget.demo_books).
    revenue = sorted(
        (title, status, collected is None)
        for title, status, collected in RevenueResolution.objects.exclude(title__startswith="[이관]").values_list(
            "title", "status", "collected_on"
        )
    )
    assert revenue == [
        ("11월 예금 이자", DecisionStatus.APPROVED, True),
        ("4분기 도 출연금 교부", DecisionStatus.APPROVED, False),
    ]
    journal = ManualJournal.objects.get()
    assert journal.status == "approved"
    assert list(journal.entry.lines.values_list("account__code", "debit", "credit")) == [
        ("1120", 300_000, 0),
        ("1102", 0, 300_000),
    ]
    assert (result.counts["reversals"], result.counts["revenue"], result.counts["manual_journals"]) == (1, 2, 1)
    year = timezone.localdate(moment_of(result)).year
    assert trial_balance(date(year, 1, 1), date(year, 12, 31)).balanced
    assert unbalanced_entries() == []
    assert ledger_drift() == []
    # A member of 재무회계팀 (or, where there is none, of the staff's department) pays; the demo's
    # `admin` holds the role too, for the README's walk-through.
    assert set(User.objects.filter(groups__name="accounting_officer").values_list("username", flat=True)) >= {"admin"}
    assert User.objects.filter(groups__name="accounting_officer").count() == 2


def moment_of(result):
    return timezone.now()


def test_registration_numbers_follow_completion_times(seeded):
    for department_id in set(Document.objects.filter(kind=EXPENSE_PLAN_KIND).values_list("department_id", flat=True)):
        completed = list(
            Document.objects.filter(department_id=department_id, registration_serial__isnull=False)
            .order_by("registration_year", "registration_serial")
            .values_list("registered_at", flat=True)
        )
        assert completed == sorted(completed)


def test_a_second_run_leaves_the_institution_as_it_is(seeded, moment):
    institution, _result = seeded
    before = list(ExpensePlan.objects.order_by("pk").values_list("title", "amount", "status", "document_id"))

    again = demo.institution_seed(institution=institution, now=moment)

    assert (again.created, again.note) == (False, "already has expense plans")
    assert list(ExpensePlan.objects.order_by("pk").values_list("title", "amount", "status", "document_id")) == before
