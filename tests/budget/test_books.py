"""The double-entry books: the standard chart, posting balanced entries (idempotent by source),
the mirror entry that corrects one, and the database refusing what Python would never write —
an entry that does not balance (a deferred constraint trigger, checked at COMMIT) and any edit."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, connection, transaction

from audit.models import AuditEvent
from budget.books import EntryLine, account_for_role, ensure_chart, expense_account_for, post_entry, reverse_entry
from budget.charges import SourceRef
from budget.models import Account, EntryKind, JournalEntry, JournalLine

pytestmark = pytest.mark.django_db

APRIL = date(2026, 4, 25)
PAYROLL = SourceRef("payroll", "payrollrun", 12)


def payroll_entry(**over):
    values = {
        "kind": EntryKind.EXTERNAL,
        "entry_date": APRIL,
        "memo": "4월 급여",
        "source": PAYROLL,
        "actor": None,
        "lines": [
            EntryLine("5101", debit=3_000_000),
            EntryLine(role="withholding", credit=373_300),
            EntryLine(role="bank", credit=2_626_700),
        ],
    }
    return post_entry(**(values | over))


def test_the_standard_chart_and_the_expense_account_of_each_line(in_alpha):
    ensure_chart()
    ensure_chart()  # twice: still one chart
    assert Account.objects.count() == 27
    assert str(account_for_role("bank")) == "1102 보통예금"
    assert str(account_for_role("payable")) == "2101 미지급금"
    assert str(expense_account_for("201-01")) == "5201 일반운영비"
    assert str(expense_account_for("201-15")) == "5105 복리후생비"  # the longer code wins over 201
    assert str(expense_account_for("304-01")) == "5104 법정부담금"
    assert str(expense_account_for("999-01")) == "5901 기타비용"


def test_a_generated_entry_with_many_lines_posts_once(in_alpha):
    entry = payroll_entry()

    rows = list(entry.lines.values_list("account__code", "debit", "credit"))
    assert rows == [("5101", 3_000_000, 0), ("2102", 0, 373_300), ("1102", 0, 2_626_700)]
    assert entry.number == f"2026-{entry.pk:06d}"
    # The same source again: the first entry, nothing new.
    assert payroll_entry() == entry
    assert JournalEntry.objects.count() == 1
    assert AuditEvent.objects.filter(action="journal.post").count() == 1
    # The same source with another total is refused.
    with pytest.raises(ValidationError, match="이미 3,000,000원의 전표가 기록되어 있습니다"):
        payroll_entry(lines=[EntryLine("5101", debit=10), EntryLine(role="bank", credit=10)])


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        ([EntryLine("5101", debit=100), EntryLine(role="bank", credit=90)], "차변 합계 100원과\\(와\\) 대변 합계 90원"),
        ([EntryLine("5101", debit=100)], "두 줄 이상"),
        ([EntryLine("5101", debit=100, credit=100), EntryLine(role="bank", credit=0)], "한쪽에만"),
        ([EntryLine("5101", debit=-5), EntryLine(role="bank", credit=-5)], "한쪽에만"),
        ([EntryLine("9999", debit=100), EntryLine(role="bank", credit=100)], "없는 계정과목입니다: 9999"),
    ],
)
def test_bad_entries_are_refused_in_korean_and_nothing_is_written(in_alpha, lines, message):
    with pytest.raises(ValidationError, match=message):
        payroll_entry(lines=lines)
    assert not JournalEntry.objects.exists()


def test_a_reversal_mirrors_the_entry_once(in_alpha):
    entry = payroll_entry()

    mirror = reverse_entry(entry=entry, entry_date=date(2026, 4, 30), actor=None)

    assert (mirror.kind, mirror.reverses, mirror.memo) == (EntryKind.REVERSAL, entry, "역분개: 4월 급여")
    rows = list(mirror.lines.values_list("account__code", "debit", "credit"))
    assert rows == [("5101", 0, 3_000_000), ("2102", 373_300, 0), ("1102", 2_626_700, 0)]
    assert reverse_entry(entry=entry, entry_date=date(2026, 4, 30), actor=None) == mirror


def raw_entry(source_id: str, lines: list[tuple[int, int, int]]) -> None:
    """Write an entry and its lines with raw SQL, then check the deferred constraints as COMMIT
    would (the test's own transaction never commits)."""
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute(
            "INSERT INTO budget_journalentry (entry_date, kind, memo, source_app, source_model, source_id, created_at)"
            " VALUES ('2026-04-01', 'manual', 'x', 't', 't', %s, now()) RETURNING id",
            [source_id],
        )
        (entry_id,) = cur.fetchone()
        for account, debit, credit in lines:
            cur.execute(
                "INSERT INTO budget_journalline (entry_id, account_id, debit, credit, memo)"
                " VALUES (%s, %s, %s, %s, '')",
                [entry_id, account, debit, credit],
            )
        cur.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cur.execute("SET CONSTRAINTS ALL DEFERRED")


def test_the_database_refuses_an_unbalanced_entry_at_commit(in_alpha):
    ensure_chart()
    bank, expense = account_for_role("bank").pk, expense_account_for("201-01").pk

    with pytest.raises(IntegrityError, match="does not balance"):
        raw_entry("1", [(expense, 100, 0), (bank, 0, 90)])
    with pytest.raises(IntegrityError, match="0 lines"):
        raw_entry("2", [])

    # Balanced, written line by line, it passes.
    raw_entry("3", [(expense, 100, 0), (bank, 0, 100)])
    assert JournalEntry.objects.filter(source_id="3").exists()


def raw(statement: str, pk: int) -> None:
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute(statement, [pk])


def test_entries_and_lines_are_never_edited(in_alpha):
    entry = payroll_entry()
    line = entry.lines.first()
    for statement, pk in (
        ("UPDATE budget_journalline SET debit = debit + 1 WHERE id = %s", line.pk),
        ("DELETE FROM budget_journalline WHERE id = %s", line.pk),
        ("UPDATE budget_journalentry SET memo = 'x' WHERE id = %s", entry.pk),
        ("DELETE FROM budget_journalentry WHERE id = %s", entry.pk),
    ):
        with pytest.raises(DatabaseError, match="append-only"):
            raw(statement, pk)
    assert JournalLine.objects.get(pk=line.pk).debit == 3_000_000
