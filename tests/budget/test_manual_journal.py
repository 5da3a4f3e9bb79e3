"""대체전표 through approval: checked at 상신 as post_entry checks, posted only when approved;
rejected, nothing is posted; only the 회계 담당 writes one."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from approval.models import DelegationRule
from approval.services import document_reject
from budget.books import EntryLine
from budget.manual_journal import JOURNAL_KIND, manual_journal_submit
from budget.models import EntryKind, JournalEntry, ManualJournal
from tests.factories.budget_execution import APRIL, approve, chain
from tests.factories.tasks_cards import unit_task

pytestmark = pytest.mark.django_db


@pytest.fixture
def books(in_alpha):
    books = chain()
    DelegationRule.objects.create(kind=JOURNAL_KIND, label="대체전표", deciding_position=books.org.positions["부서장"])
    books.task = unit_task(department=books.org.finance, owner=books.org.accountant, name="회계 관리")
    return books


def submit(books, lines, **over):
    values = {
        "title": "선급금 대체",
        "reason": "검수 완료분 비용 대체",
        "entry_date": date(2026, 4, 30),
        "unit_task": books.task,
        "lines": lines,
        "actor": books.org.accountant,
    }
    return manual_journal_submit(**(values | over))


RECLASS = [EntryLine("5201", debit=250_000, memo="사무관리비"), EntryLine("1120", credit=250_000, memo="선급금")]


def test_a_manual_entry_is_posted_when_approved(books):
    journal = submit(books, RECLASS)
    assert not JournalEntry.objects.exists()

    journal = approve(books, journal, at=APRIL)

    assert journal.status == "approved"
    entry = journal.entry
    assert (entry.kind, entry.entry_date, entry.memo) == (EntryKind.MANUAL, date(2026, 4, 30), "선급금 대체")
    rows = list(entry.lines.values_list("account__code", "debit", "credit"))
    assert rows == [("5201", 250_000, 0), ("1120", 0, 250_000)]


def test_rejected_posts_nothing_and_bad_entries_are_refused_at_submission(books):
    journal = submit(books, RECLASS)
    document_reject(document=journal.document, actor=books.org.finance_head, reason="증빙 보완")
    journal.refresh_from_db()
    assert journal.status == "rejected"
    assert not JournalEntry.objects.exists()

    with pytest.raises(ValidationError, match="차변 합계 250,000원"):
        submit(books, [EntryLine("5201", debit=250_000), EntryLine("1120", credit=200_000)])
    with pytest.raises(ValidationError) as caught:
        submit(books, RECLASS, title="", entry_date=None)
    assert caught.value.message_dict == {"title": ["적요를 입력하세요."], "entry_date": ["전표일자를 입력하세요."]}
    with pytest.raises(PermissionDenied):
        submit(books, RECLASS, actor=books.org.drafter)
    assert ManualJournal.objects.count() == 1


def test_the_accountant_writes_one_on_its_page(books, alpha, client_for):
    from tests.support import PASSWORD, login

    client = client_for(alpha)
    assert login(client, "aaccountant", PASSWORD).status_code == 302
    values = {
        "title": "선급금 대체",
        "reason": "검수 완료",
        "entry_date": "2026-04-30",
        "unit_task": books.task.pk,
        "account_0": books_account("5201"),
        "debit_0": "250,000",
        "account_1": books_account("1120"),
        "credit_1": "200,000",
    }
    refused = client.post("/budget/books/manual/new/", values)
    assert refused.status_code == 422
    assert "차변 합계 250,000원과(와) 대변 합계 200,000원이(가) 다릅니다." in refused.content.decode()

    assert client.post("/budget/books/manual/new/", values | {"credit_1": "250,000"}).status_code == 302
    assert ManualJournal.objects.get().status == "in_progress"


def books_account(code):
    from budget.books import ensure_chart
    from budget.models import Account

    ensure_chart()
    return Account.objects.get(code=code).pk


def test_a_title_or_line_memo_past_its_limit_is_refused_not_cut(books):
    with pytest.raises(ValidationError) as raised:
        submit(books, RECLASS, title="가" * 201)
    assert raised.value.message_dict == {"title": ["200자까지 쓸 수 있습니다(지금 201자). 줄여 주세요."]}
    long_memo = [EntryLine("5201", debit=250_000, memo="나" * 201), EntryLine("1120", credit=250_000)]
    with pytest.raises(ValidationError) as raised:
        submit(books, long_memo)
    assert raised.value.messages == ["행 적요는 200자까지 쓸 수 있습니다. 줄여 주세요."]
    assert not ManualJournal.objects.exists()

    journal = submit(books, RECLASS, title="가" * 200)  # the limit itself is kept whole
    assert journal.title == "가" * 200
