"""Submitting one form several times at once (a double click) and resubmitting one plan twice at
once (two tabs), with real connections committing for real: the form's token (UNIQUE on the plan)
makes one plan of identical POSTs; the plan's row lock lets exactly one resubmission start the next
round, the other is refused in Korean, and the engine's one-running-document-per-subject rule holds.

Registered documents cannot be deleted, so this works in a fresh institution made for this
module and dropped afterwards, as approval's concurrency tests do."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from uuid import uuid4

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django_tenants.utils import schema_context

from approval.models import Document, DocumentStatus
from approval.services import document_withdraw
from budget.kinds import EXPENSE_PLAN_KIND
from budget.models import ExpensePlan, PlanStatus
from budget.services import expense_plan_resubmit
from tenants.models import InstitutionKind
from tenants.services import institution_create, institution_domain
from tests import races
from tests.factories.approval import org_chart
from tests.factories.budget import expense_delegation_table, plan
from tests.support import HostClient, login

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

CODE = "budgetrace"


def in_thread(func: Callable, *, schema: str | None = CODE):
    return races.in_thread(func, schema=schema)


def at_once(calls: list[Callable]) -> list:
    return races.at_once(calls, schema=CODE)


def _drop_institution() -> None:
    races.drop_institution(CODE)


@pytest.fixture(scope="module")
def race_org(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        database = in_thread(lambda: connection.settings_dict["NAME"], schema=None)
        if not database.startswith("test_"):
            raise RuntimeError(f"refusing to commit test data into {database!r}")
        in_thread(lambda: institution_create(code=CODE, name="예산경합기관", kind=InstitutionKind.AGENCY), schema=None)
        try:

            def build():
                org = org_chart(prefix="B")
                expense_delegation_table(org.positions)
                return org

            yield in_thread(build)
        finally:
            in_thread(_drop_institution, schema=None)


def test_two_resubmissions_at_once_start_one_round(race_org):
    org = race_org

    def prepare():
        withdrawn = plan(org, amount=800_000)
        document_withdraw(document=withdrawn.document, actor=org.drafter)
        return withdrawn

    withdrawn = in_thread(prepare)

    def resubmit(n: int):
        return expense_plan_resubmit(
            actor=org.drafter,
            plan=withdrawn,
            title=f"복사용지 구매(수정 {n})",
            purpose="복사용지 100박스",
            amount=900_000,
            budget_item="사무관리비/일반수용비",
            planned_date=date(2026, 12, 20),
            unit_task=org.task,
        )

    outcomes = at_once([lambda n=n: resubmit(n) for n in range(2)])

    won = [o for o in outcomes if isinstance(o, ExpensePlan)]
    refused = [o for o in outcomes if isinstance(o, BaseException)]
    assert len(won) == 1, outcomes
    assert len(refused) == 1
    assert isinstance(refused[0], ValidationError)
    assert refused[0].messages == ["반려되거나 회수된 지출 품의만 다시 상신할 수 있습니다."]
    with schema_context(CODE):
        current = ExpensePlan.objects.get(pk=withdrawn.pk)
        assert (current.status, current.document.round) == (PlanStatus.IN_PROGRESS, 2)
        rounds = Document.objects.filter(kind=EXPENSE_PLAN_KIND, subject_id=str(withdrawn.pk))
        assert sorted(rounds.values_list("round", "status")) == [
            (1, DocumentStatus.WITHDRAWN),
            (2, DocumentStatus.IN_PROGRESS),
        ]


def test_four_identical_posts_at_once_make_one_plan(race_org):
    """Issue 9 item 6: a double click (here four identical POSTs of one form, at the same moment,
    each on its own connection) makes one plan and one document; every request lands on it."""
    org = race_org
    host = institution_domain(CODE)

    def signed_in() -> HostClient:
        client = HostClient(HTTP_HOST=host)
        assert login(client, org.drafter.username).status_code == 302
        return client

    clients = [in_thread(signed_in) for _ in range(4)]
    token = str(uuid4())
    form = {
        "submission_token": token,
        "title": "회의용 다과 구매",
        "purpose": "분기 회의 다과",
        "amount": "300,000",
        "budget_item": "업무추진비/기관운영업무추진비",
        "planned_date": "2026-12-20",
        "unit_task": org.task.pk,
    }

    responses = at_once([lambda c=client: c.post("/budget/new/", form) for client in clients])

    assert [r.status_code for r in responses] == [302] * 4, responses
    with schema_context(CODE):
        created = ExpensePlan.objects.get(submission_token=token)
        assert {r["Location"] for r in responses} == {f"/budget/{created.pk}/"}
        assert Document.objects.filter(kind=EXPENSE_PLAN_KIND, subject_id=str(created.pk)).count() == 1
        assert ExpensePlan.objects.filter(title="회의용 다과 구매").count() == 1
