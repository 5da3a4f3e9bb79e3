"""`manage.py budget_reconcile` recomputes every line from its postings: silent after real work,
loud (non-zero exit, naming the line) after a raw write that bypassed the ledger."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from budget.charges import SourceRef, commit, execute
from tests.factories.budget_lines import small_budget

pytestmark = pytest.mark.django_db


@pytest.fixture
def budget(in_alpha):
    budget = small_budget()
    office = budget.items["사무관리비"]
    commit(line=office, amount=3_000_000, source=SourceRef("t", "plan", 1), actor=budget.officer, on=date(2026, 3, 5))
    execute(
        source=SourceRef("t", "expenditure", 1),
        amount=1_000_000,
        commitment_source=SourceRef("t", "plan", 1),
        actor=budget.officer,
        on=date(2026, 3, 9),
    )
    return budget


def test_books_kept_through_the_ledger_reconcile(budget):
    out = StringIO()

    call_command("budget_reconcile", schema="alpha", stdout=out)

    assert out.getvalue() == "alpha\tOK\t예산과목 11개\n"


def test_a_raw_sql_update_is_caught_and_named(budget):
    office = budget.items["사무관리비"]
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE budget_budgetitem SET committed_amount = committed_amount - 500000 WHERE id = %s", [office.pk]
        )
    out = StringIO()

    with pytest.raises(CommandError, match="예산과목 1개의 금액이 예산 원장과 맞지 않습니다"):
        call_command("budget_reconcile", schema="alpha", stdout=out)

    assert out.getvalue() == (
        f"alpha\tDRIFT\t2026 201-01 사무관리비 (id {office.pk})\t원인행위 잔액: 저장 1,500,000원 ≠ 원장 2,000,000원\n"
    )


def test_every_institution_is_checked_by_default(budget):
    out = StringIO()

    call_command("budget_reconcile", stdout=out)

    lines = out.getvalue().splitlines()
    assert "alpha\tOK\t예산과목 11개" in lines
    assert "beta\tOK\t예산과목 0개" in lines


def test_an_unbalanced_journal_entry_written_behind_the_triggers_is_named(budget):
    from budget.books import EntryLine, post_entry
    from budget.models import JournalLine

    entry = post_entry(
        kind="manual",
        entry_date=date(2026, 3, 9),
        memo="대체",
        source=SourceRef("t", "manual", 1),
        actor=None,
        lines=[EntryLine("5201", debit=1_000), EntryLine(role="bank", credit=1_000)],
    )
    line = JournalLine.objects.filter(entry=entry, credit__gt=0).get()
    with connection.cursor() as cursor:
        # The entry's deferred balance check runs now, as at COMMIT; then what only a superuser
        # bypassing the triggers could do.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute("UPDATE budget_journalline SET credit = 900 WHERE id = %s", [line.pk])
        cursor.execute("SET LOCAL session_replication_role = origin")
    out = StringIO()

    with pytest.raises(CommandError, match="대차가 맞지 않는 전표가 1건 있습니다"):
        call_command("budget_reconcile", schema="alpha", stdout=out)

    assert f"alpha\tUNBALANCED\t전표 2026-{entry.pk:06d}\t차변 1,000원 ≠ 대변 900원 (분개 2줄)" in out.getvalue()
