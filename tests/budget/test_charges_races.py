"""Charging the budget under real concurrency, each caller on its own connection committing for
real, in a fresh institution made for this module and dropped afterwards:

- 50 commitments of 30,000원 at once against a line of 1,000,000원: exactly 33 fit (990,000원);
  the other 17 are refused naming the 10,000원 left and the 20,000원 short, and the stored total
  is the sum of the postings;
- callers charging the same two lines in opposite orders finish, without a deadlock.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from django.db import connection, transaction
from django.db.models import Sum
from django_tenants.utils import schema_context

from budget.charges import BudgetShortfall, Charge, SourceRef, balance, commit, commit_many
from budget.ledger import ledger_drift
from budget.models import BudgetItem, BudgetPosting, PostingKind
from tenants.models import InstitutionKind
from tenants.services import institution_create
from tests import races
from tests.factories.budget_lines import small_budget

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

CODE = "chargerace"
ON = date(2026, 3, 5)


def in_thread(func: Callable, *, schema: str | None = CODE):
    return races.in_thread(func, schema=schema)


@pytest.fixture(scope="module")
def race_budget(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        database = in_thread(lambda: connection.settings_dict["NAME"], schema=None)
        if not database.startswith("test_"):
            raise RuntimeError(f"refusing to commit test data into {database!r}")
        in_thread(lambda: institution_create(code=CODE, name="예산경합기관", kind=InstitutionKind.AGENCY), schema=None)
        try:
            yield in_thread(lambda: small_budget(amounts={"국내여비": 1_000_000}))
        finally:
            in_thread(lambda: races.drop_institution(CODE), schema=None)


def test_fifty_commitments_at_once_never_overspend_a_line(race_budget):
    travel = race_budget.items["국내여비"]

    def charge(n: int):
        return commit(
            line=travel.pk, amount=30_000, source=SourceRef("attendance", "trip", n), actor=race_budget.officer, on=ON
        )

    outcomes = races.at_once([lambda n=n: charge(n) for n in range(50)], schema=CODE)

    accepted = [o for o in outcomes if isinstance(o, list)]
    refused = [o for o in outcomes if isinstance(o, BaseException)]
    assert (len(accepted), len(refused)) == (33, 17), [o for o in refused if not isinstance(o, BudgetShortfall)]
    assert all(isinstance(o, BudgetShortfall) for o in refused)
    assert {tuple(o.messages) for o in refused} == {
        ("예산 잔액이 부족합니다: 202-01 국내여비 — 잔액 10,000원, 요청 30,000원, 부족 20,000원",)
    }
    with schema_context(CODE):
        line = BudgetItem.objects.get(pk=travel.pk)
        committed = BudgetPosting.objects.filter(line=line, kind=PostingKind.COMMIT).aggregate(total=Sum("amount"))
        assert line.committed_amount == committed["total"] == 990_000
        assert balance(line).available_amount == 10_000
        assert ledger_drift() == []


def test_opposite_orders_over_the_same_two_lines_do_not_deadlock(race_budget):
    office, facilities = race_budget.items["사무관리비"].pk, race_budget.items["시설비"].pk
    officer = race_budget.officer

    def many(n: int, first: int, second: int):
        return commit_many(
            charges=[Charge(first, 1_000), Charge(second, 1_000)],
            source=SourceRef("payroll", "payrollrun", n),
            actor=officer,
            on=ON,
        )

    def one_by_one(n: int, first: int, second: int):
        # Two separate calls in one transaction, in the caller's own order.
        with transaction.atomic():
            commit(line=first, amount=1_000, source=SourceRef("attendance", "trip", 1000 + n), actor=officer, on=ON)
            return commit(
                line=second, amount=1_000, source=SourceRef("attendance", "trip", 1000 + n), actor=officer, on=ON
            )

    calls = []
    for n in range(8):
        first, second = (office, facilities) if n % 2 else (facilities, office)
        calls += [lambda n=n, a=first, b=second: many(n, a, b), lambda n=n, a=first, b=second: one_by_one(n, a, b)]

    outcomes = races.at_once(calls, schema=CODE)

    assert [o for o in outcomes if isinstance(o, BaseException)] == []
    with schema_context(CODE):
        assert BudgetItem.objects.get(pk=office).committed_amount == 16_000
        assert BudgetItem.objects.get(pk=facilities).committed_amount == 16_000
        assert ledger_drift() == []
