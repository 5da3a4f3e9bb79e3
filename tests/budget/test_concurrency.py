"""Resubmitting one plan twice at once (a double click, two tabs), with two real connections
committing for real: the plan's row lock lets exactly one start the next round; the other is
refused in Korean, and the engine's one-running-document-per-subject rule holds.

Registered documents cannot be deleted, so this works in a fresh institution made for this
module and dropped afterwards, as approval's concurrency tests do."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

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
from tenants.services import institution_create
from tests import races
from tests.factories.approval import org_chart
from tests.factories.budget import expense_delegation_table, plan

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
