"""Resubmitting one plan twice at once (a double click, two tabs), with two real connections
committing for real: the plan's row lock lets exactly one start the next round; the other is
refused in Korean, and the engine's one-running-document-per-subject rule holds.

Registered documents cannot be deleted, so this works in a fresh institution made for this
module and dropped afterwards, as approval's concurrency tests do."""

from __future__ import annotations

import threading
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
from tenants.models import Domain, Institution, InstitutionKind
from tenants.services import institution_create
from tests.factories.approval import org_chart
from tests.factories.budget import expense_delegation_table, plan

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

CODE = "budgetrace"


def in_thread(func: Callable, *, schema: str | None = CODE):
    box: dict = {}

    def run():
        try:
            if schema is None:
                box["result"] = func()
            else:
                with schema_context(schema):
                    box["result"] = func()
        except BaseException as exc:
            box["error"] = exc
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if "error" in box:
        raise box["error"]
    return box.get("result")


def at_once(calls: list[Callable]) -> list:
    barrier = threading.Barrier(len(calls))
    outcomes: list = [None] * len(calls)

    def run(index: int, call: Callable):
        try:
            with schema_context(CODE):
                connection.ensure_connection()
                barrier.wait(timeout=60)
                outcomes[index] = call()
        except BaseException as exc:
            outcomes[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a thread hung"
    return outcomes


def _drop_institution() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f'DROP SCHEMA IF EXISTS "{CODE}" CASCADE')
    Domain.objects.filter(tenant__schema_name=CODE).delete()
    Institution.objects.filter(schema_name=CODE).delete()


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
