"""Numbering and approving under real concurrency: many threads, each with its own database
connection (Django gives every thread its own), committing for real.

Registered documents cannot be deleted (by design, a trigger refuses it), and the suite shares one
database, so these tests work in a fresh institution made for this module and dropped afterwards
(schema, institution and domain rows), instead of committing into alpha. Everything is set up and
committed from worker threads; the test's own connection only reads.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django_tenants.utils import schema_context

from approval.kinds import register_kind
from approval.models import ApprovalStep, Document, DocumentStatus, RegistrationCounter, StepKind, StepState
from approval.numbering import next_serial
from approval.services import document_approve, document_withdraw
from org.models import Absence
from org.services import absence_create
from tenants.models import InstitutionKind
from tenants.services import institution_create
from tests import races
from tests.factories.approval import delegation_table, line, org_chart, submitted

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

CODE = "approvalrace"
A, R = StepKind.APPROVAL, StepKind.REVIEW
FAILING_KIND = "tests.failing_on_approval"


class Refused(RuntimeError):
    pass


def _refuse(decision) -> None:
    raise Refused("on_approved refuses on purpose")


register_kind(FAILING_KIND, label="항상 실패하는 결재(시험)", on_approved=_refuse)


def in_thread(func: Callable, *, schema: str | None = CODE):
    return races.in_thread(func, schema=schema)


def at_once(calls: list[Callable]) -> list:
    return races.at_once(calls, schema=CODE)


def _drop_institution() -> None:
    races.drop_institution(CODE)


@pytest.fixture(scope="module")
def race_org(django_db_setup, django_db_blocker):
    """A fresh institution with the org chart, committed; dropped when the module is done.

    It depends on django_db_setup so it runs against the test database, never before it exists
    (a module fixture may otherwise run first, while the connection still names the development
    database)."""
    with django_db_blocker.unblock():
        database = in_thread(lambda: connection.settings_dict["NAME"], schema=None)
        if not database.startswith("test_"):
            raise RuntimeError(f"refusing to commit test data into {database!r}")
        in_thread(lambda: institution_create(code=CODE, name="경합시험기관", kind=InstitutionKind.AGENCY), schema=None)
        try:
            yield in_thread(lambda: org_chart(prefix="R"))
        finally:
            in_thread(_drop_institution, schema=None)


def test_concurrent_completions_get_unique_gap_free_numbers(race_org):
    org = race_org

    # 25 documents of one department wait for their last step; 5 of them belong to a kind whose
    # callback fails, so their completion rolls back and must give its number back.
    def prepare():
        delegation_table(org.positions, kind=FAILING_KIND)
        documents = [submitted(org, approval_line=line((A, org.manager)), title=f"동시 완료 {n}") for n in range(20)]
        failing = [
            submitted(org, approval_line=line((A, org.manager)), title=f"실패 {n}", kind=FAILING_KIND) for n in range(5)
        ]
        return documents, failing

    documents, failing = in_thread(prepare)
    mixed = [*documents[:10], *failing, *documents[10:]]

    started = time.perf_counter()
    outcomes = at_once([lambda d=d: document_approve(document=d, actor=org.manager) for d in mixed])
    seconds = time.perf_counter() - started

    errors = [o for o in outcomes if isinstance(o, BaseException)]
    assert len(errors) == 5, errors
    assert all(isinstance(e, Refused) for e in errors), errors
    with schema_context(CODE):
        completed = list(
            Document.objects.filter(department=org.team, status=DocumentStatus.COMPLETED).values_list(
                "registration_serial", "registration_number"
            )
        )
        assert sorted(serial for serial, _ in completed) == list(range(1, 21)), "gap or duplicate"
        assert len({number for _, number in completed}) == 20
        assert RegistrationCounter.objects.get(department=org.team, year=timezone.localdate().year).last == 20
        assert not Document.objects.filter(pk__in=[d.pk for d in failing]).exclude(status=DocumentStatus.IN_PROGRESS)
    assert seconds < 60


def test_the_counter_alone_under_concurrent_transactions_some_rolling_back(race_org):
    """The upsert by itself (without the audit chain's own serialising lock around it): 30
    transactions take a serial at once, hold it a moment, and every third rolls back."""
    department_id = race_org.finance.pk

    def take(index: int):
        try:
            with transaction.atomic():
                serial = next_serial(department_id=department_id, year=2099)
                time.sleep(0.01)
                if index % 3 == 0:
                    raise Refused(index)
                return serial
        except Refused:
            return None

    outcomes = at_once([lambda i=i: take(i) for i in range(30)])

    kept = [o for o in outcomes if o is not None]
    assert sorted(kept) == list(range(1, 21))
    with schema_context(CODE):
        assert RegistrationCounter.objects.get(department_id=department_id, year=2099).last == 20


def _absent(org, user, proxy):
    now = timezone.now()
    return absence_create(
        user=user, proxy=proxy, starts_at=now - timedelta(hours=1), ends_at=now + timedelta(days=1),
        reason=Absence.Reason.TRIP,
    )  # fmt: skip


def test_approver_and_proxy_clicking_at_once_one_wins(race_org):
    org = race_org

    def prepare():
        _absent(org, org.lead, org.colleague)
        return [submitted(org, title=f"경합 {n}") for n in range(5)]

    documents = in_thread(prepare)
    try:
        for document in documents:
            outcomes = at_once(
                [
                    lambda d=document: document_approve(document=d, actor=org.lead),
                    lambda d=document: document_approve(document=d, actor=org.colleague),
                ]
            )
            winners = [o for o in outcomes if isinstance(o, Document)]
            losers = [o for o in outcomes if isinstance(o, ValidationError)]
            assert len(winners) == 1, outcomes
            assert len(losers) == 1, outcomes
            assert losers[0].messages == ["이미 처리한 문서입니다."]
            with schema_context(CODE):
                step = ApprovalStep.objects.get(document=document, order=1)
                assert step.state == StepState.DONE
                winner = org.lead if outcomes[0] is winners[0] else org.colleague
                assert step.acted_by_id == winner.pk
                assert (step.proxy_for_id is not None) == (winner == org.colleague)
                assert document.events.filter(action="review").count() == 1
                assert ApprovalStep.objects.get(document=document, order=2).state == StepState.PENDING
    finally:
        in_thread(lambda: Absence.objects.filter(user=org.lead).delete())


def test_withdraw_racing_the_first_approval_one_wins(race_org):
    org = race_org
    documents = in_thread(lambda: [submitted(org, title=f"회수 경합 {n}") for n in range(5)])

    for document in documents:
        approved, withdrawn = at_once(
            [
                lambda d=document: document_approve(document=d, actor=org.lead),
                lambda d=document: document_withdraw(document=d, actor=org.drafter),
            ]
        )
        with schema_context(CODE):
            status = Document.objects.get(pk=document.pk).status
        if isinstance(approved, Document):
            assert isinstance(withdrawn, ValidationError)
            assert withdrawn.messages == ["결재선에서 이미 처리한 사람이 있어 회수할 수 없습니다."]
            assert status == DocumentStatus.IN_PROGRESS
        else:
            assert isinstance(withdrawn, Document)
            assert approved.messages == ["회수된 문서입니다."]
            assert status == DocumentStatus.WITHDRAWN
