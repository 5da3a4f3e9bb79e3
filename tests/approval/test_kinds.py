"""The engine's API for other apps: a kind registered here, in the test module only (the approval
app knows nothing of it), submitted through approval_submit_subject, with its callbacks running
inside the deciding transaction and told the decision (who, when, the number) — an exception in a
callback rolls the decision back."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import connection

from approval.kinds import Decision, get_kind, register_kind
from approval.lines import ApprovalLine, LineStep
from approval.models import ApprovalStep, Document, DocumentStatus, RegistrationCounter, StepKind, StepState
from approval.services import (
    REJECT_TO_PREVIOUS,
    approval_submit_subject,
    document_approve,
    document_reject,
    document_withdraw,
)
from audit.models import AuditEvent
from tasks.models import UnitTask
from tests.factories.approval import delegation_table, line, org_chart

pytestmark = pytest.mark.django_db

KIND = "tests.task_review"
calls: list[tuple] = []
failing: set[str] = set()


class CallbackFailed(RuntimeError):
    pass


def _record(event: str):
    def callback(decision: Decision) -> None:
        # What the callback sees is the state inside the deciding transaction.
        document = Document.objects.get(pk=decision.document_id)
        subject = decision.subject
        assert decision.event == event
        calls.append((event, document.pk, document.status, decision.registration, subject.pk, decision.actor.username))
        assert (decision.at, decision.round) == (document.closed_at, document.round)
        assert connection.in_atomic_block
        subject.description = f"{event}: {decision.registration or document.status} {decision.reason}".strip()
        subject.save(update_fields=["description"])
        if event in failing:
            raise CallbackFailed(f"{event} failed on purpose")

    return callback


register_kind(
    KIND,
    label="단위과제 검토(시험)",
    subject_model="tasks.UnitTask",
    on_approved=_record("approved"),
    on_rejected=_record("rejected"),
    on_withdrawn=_record("withdrawn"),
)


def _lead_decides(drafter, amount, importance):
    lead = drafter.department.head
    return ApprovalLine(steps=(LineStep(kind=StepKind.APPROVAL, approver=lead),))


register_kind("tests.lead_only", label="팀장 결재(시험)", subject_model="tasks.UnitTask", default_line=_lead_decides)


@pytest.fixture
def org(in_alpha):
    calls.clear()
    failing.clear()
    org = org_chart()
    delegation_table(org.positions, kind=KIND)
    delegation_table(org.positions, kind="tests.lead_only")
    yield org
    failing.clear()


def _submit(org, **kwargs) -> Document:
    return approval_submit_subject(
        kind=KIND,
        subject=org.task,
        actor=org.drafter,
        title="단위과제 검토 요청",
        body="<p>검토 바랍니다.</p>",
        unit_task=org.task,
        **kwargs,
    )


def test_submitting_a_subject_drafts_and_submits_along_the_suggested_line(org):
    document = _submit(org, decision_amount=2_000_000)

    assert (document.status, document.kind, document.subject_id) == (DocumentStatus.IN_PROGRESS, KIND, str(org.task.pk))
    assert document.subject_type.model_class() is UnitTask
    assert [(s.kind, s.approver) for s in ApprovalStep.objects.filter(document=document).order_by("order")] == [
        (StepKind.REVIEW, org.lead),
        (StepKind.APPROVAL, org.manager),
    ]


def test_a_kinds_default_line_is_used(org):
    document = approval_submit_subject(
        kind="tests.lead_only",
        subject=org.task,
        actor=org.drafter,
        title="팀장 결재",
        body="<p>본문</p>",
        unit_task=org.task,
        decision_amount=10_000,
    )

    assert [s.approver for s in document.steps.all()] == [org.lead]


def test_on_approved_runs_in_the_completing_transaction(org):
    document = _submit(org)
    document_approve(document=document, actor=org.lead)
    assert calls == []

    document = document_approve(document=document, actor=org.manager)

    assert calls == [("approved", document.pk, DocumentStatus.COMPLETED, "총무팀-1", org.task.pk, "amanager")]
    org.task.refresh_from_db()
    assert org.task.description == "approved: 총무팀-1"


def test_a_failing_callback_rolls_the_approval_back_and_gives_the_number_back(org):
    document = _submit(org)
    document_approve(document=document, actor=org.lead)
    audit_before = AuditEvent.objects.count()
    failing.add("approved")

    with pytest.raises(CallbackFailed):
        document_approve(document=document, actor=org.manager)

    document.refresh_from_db()
    assert (document.status, document.registration_number) == (DocumentStatus.IN_PROGRESS, "")
    final = ApprovalStep.objects.get(document=document, order=2)
    assert (final.state, final.action, final.acted_by) == (StepState.PENDING, "", None)
    assert not RegistrationCounter.objects.filter(department=org.team).exists()
    assert AuditEvent.objects.count() == audit_before
    org.task.refresh_from_db()
    assert org.task.description == ""

    failing.clear()
    document = document_approve(document=document, actor=org.manager)
    assert document.registration_number == "A111-1"  # the number the failed attempt took came back


def test_on_rejected_runs_when_returned_to_the_drafter_only(org):
    document = _submit(org)
    document_approve(document=document, actor=org.lead)
    document_reject(document=document, actor=org.manager, reason="다시", to=REJECT_TO_PREVIOUS)
    assert calls == []

    document_reject(document=document, actor=org.lead, reason="보완 필요")

    assert calls == [("rejected", document.pk, DocumentStatus.REJECTED, "", org.task.pk, "alead")]
    org.task.refresh_from_db()
    assert org.task.description == "rejected: rejected 보완 필요"


def test_a_failing_rejection_callback_keeps_the_document_in_the_line(org):
    document = _submit(org)
    failing.add("rejected")

    with pytest.raises(CallbackFailed):
        document_reject(document=document, actor=org.lead, reason="보완 필요")

    assert Document.objects.get(pk=document.pk).status == DocumentStatus.IN_PROGRESS


def test_on_withdrawn_runs_on_withdraw(org):
    document = _submit(org)

    document_withdraw(document=document, actor=org.drafter, reason="내용 수정")

    assert calls == [("withdrawn", document.pk, DocumentStatus.WITHDRAWN, "", org.task.pk, "adrafter")]
    org.task.refresh_from_db()
    assert org.task.description == "withdrawn: withdrawn 내용 수정"


def test_one_running_document_per_subject(org):
    _submit(org)

    with pytest.raises(ValidationError) as raised:
        _submit(org)

    assert raised.value.messages == ["이 건은 이미 결재가 진행 중입니다."]


def test_a_subject_of_the_wrong_model_is_a_programming_error(org):
    with pytest.raises(ImproperlyConfigured, match=r"decides about tasks\.UnitTask"):
        approval_submit_subject(
            kind=KIND, subject=org.drafter, actor=org.drafter, title="t", body="<p>b</p>", unit_task=org.task
        )


def test_unknown_kinds_and_conflicting_registrations(org):
    with pytest.raises(ValidationError) as raised:
        get_kind("nobody.registered")
    assert raised.value.messages == ["등록되지 않은 문서 종류입니다: nobody.registered"]

    # The same definition again is harmless (an app's ready() may run twice) …
    assert register_kind(KIND, label="단위과제 검토(시험)", subject_model="tasks.UnitTask",
                         on_approved=get_kind(KIND).on_approved, on_rejected=get_kind(KIND).on_rejected,
                         on_withdrawn=get_kind(KIND).on_withdrawn) == get_kind(KIND)  # fmt: skip
    # … a different one under a taken name is not.
    with pytest.raises(ImproperlyConfigured, match="already registered differently"):
        register_kind(KIND, label="다른 정의")


def test_the_line_for_a_subject_is_validated_like_any_other(org):
    with pytest.raises(ValidationError) as raised:
        _submit(org, decision_amount=20_000_000, line=line((StepKind.APPROVAL, org.manager)))

    assert raised.value.message_dict == {"line": ["위임전결 규정(1천만원 이상)에 따라 본부장 이상이 결재해야 합니다."]}
    assert not Document.objects.filter(kind=KIND).exists()  # drafting rolled back with the refusal


def test_the_approval_app_imports_no_app_that_uses_it():
    """approval sits below budget, attendance, payroll and records (DESIGN: dependency direction)."""
    # Below approval: the platform, work management, and the services approval itself uses (the
    # exchange outbox, notifications).
    allowed_project_apps = {
        "approval",
        "audit",
        "config",
        "core",
        "exchange",
        "notifications",
        "org",
        "tasks",
        "tenants",
    }
    base = Path(settings.BASE_DIR)
    project_apps = {path.parent.name for path in base.glob("*/apps.py")} | {
        "budget",
        "attendance",
        "payroll",
        "records",
        "monitoring",
    }
    assert {"approval", "tasks", "tenants"} <= project_apps
    offenders = []
    for path in (base / "approval").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            for name in names:
                top = name.split(".")[0]
                if top in project_apps and top not in allowed_project_apps:
                    offenders.append(f"{path.name}: {name}")
    assert offenders == []
