"""반납·정정 of an approved expenditure and 수입결의 + 수납, with hand-worked figures and journals.

An expenditure of 400,000 on 201-02 공공운영비 (5,000,000), approved 4. 10.:
    executed 400,000, balance 4,600,000; Dr 5201 400,000 / Cr 2101 400,000
paid 4. 20.: Dr 2101 400,000 / Cr 1102 400,000
반납 approved 5. 6.: executed 0, balance 5,000,000 again; the two entries mirrored:
    Dr 2101 400,000 / Cr 5201 400,000 and Dr 1102 400,000 / Cr 2101 400,000
so the trial balance of the year nets every account to zero."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from approval.models import DelegationRule
from budget.books_reports import trial_balance
from budget.charges import SourceRef, balance
from budget.execution import payment_make
from budget.models import (
    DecisionStatus,
    EntryKind,
    ExpenditureStatus,
    JournalEntry,
    RevenueItem,
    ReversalKind,
)
from budget.revenue import REVENUE_KIND, revenue_collect, revenue_submit
from budget.reversals import REVERSAL_KIND, reversal_submit
from budget.structure import revenue_item_save
from tests.factories.budget_execution import APRIL, SEOUL, approve, chain, expenditure
from tests.factories.tasks_cards import unit_task

pytestmark = pytest.mark.django_db

MAY = datetime(2026, 5, 6, 10, 0, tzinfo=SEOUL)


@pytest.fixture
def books(in_alpha):
    books = chain()
    for kind in (REVERSAL_KIND, REVENUE_KIND):
        DelegationRule.objects.create(kind=kind, label="반납·수입", deciding_position=books.org.positions["팀장"])
    return books


def paid_expenditure(books):
    e = approve(books, expenditure(books, line=books.budget.items["공공운영비"], amount=400_000), at=APRIL)
    payment_make(
        actor=books.org.accountant, expenditure_ids=[e.pk], paid_on=date(2026, 4, 20), from_account="농협", memo="대금"
    )
    e.refresh_from_db()
    return e


def test_a_refund_restores_the_balance_and_mirrors_both_entries(books):
    e = paid_expenditure(books)
    line = books.line("공공운영비")
    assert balance(line).available_amount == 4_600_000

    reversal = reversal_submit(
        actor=books.org.drafter, expenditure=e, reason="납품 취소로 대금 환수", unit_task=books.org.task
    )
    assert reversal.kind == ReversalKind.REFUND
    reversal = approve(books, reversal, at=MAY)

    e.refresh_from_db()
    assert (reversal.status, reversal.reversed_on, e.status) == (
        DecisionStatus.APPROVED,
        date(2026, 5, 6),
        ExpenditureStatus.REVERSED,
    )
    b = balance(line)
    assert (b.executed_amount, b.available_amount) == (0, 5_000_000)
    mirrors = JournalEntry.objects.filter(kind=EntryKind.REVERSAL).order_by("pk")
    assert [[(x.account.code, x.debit, x.credit) for x in entry.lines.order_by("pk")] for entry in mirrors] == [
        [("5201", 0, 400_000), ("2101", 400_000, 0)],  # the expenditure's entry, mirrored
        [("2101", 0, 400_000), ("1102", 400_000, 0)],  # the payment's: the money comes back
    ]
    tb = trial_balance(date(2026, 1, 1), date(2026, 12, 31))
    assert tb.balanced
    assert all(row.net == 0 for row in tb.rows)
    # Once only.
    with pytest.raises(ValidationError, match="승인\\(집행\\)된 지출결의만"):
        reversal_submit(actor=books.org.drafter, expenditure=e, reason="x", unit_task=books.org.task)


def test_only_its_drafter_or_the_accountant_reverses_and_a_reason_is_needed(books):
    e = approve(books, expenditure(books, line=books.budget.items["사무관리비"], amount=100_000), at=APRIL)
    with pytest.raises(PermissionDenied):
        reversal_submit(actor=books.org.colleague, expenditure=e, reason="x", unit_task=books.org.task)
    with pytest.raises(ValidationError) as caught:
        reversal_submit(actor=books.org.drafter, expenditure=e, reason=" ", unit_task=books.org.task)
    assert caught.value.message_dict == {"reason": ["반납·정정 사유를 입력하세요."]}
    ledger_task = unit_task(department=books.org.finance, owner=books.org.accountant, name="회계 관리")
    correction = reversal_submit(actor=books.org.accountant, expenditure=e, reason="이중 결의", unit_task=ledger_task)
    assert correction.kind == ReversalKind.CORRECTION


def revenue_item(books) -> RevenueItem:
    year = books.budget.year
    officer = books.budget.officer
    section = revenue_item_save(actor=officer, item=RevenueItem(fiscal_year=year, code="200", name="사업수입"))
    chapter = revenue_item_save(
        actor=officer, item=RevenueItem(fiscal_year=year, parent=section, code="210", name="사업수익")
    )
    return revenue_item_save(
        actor=officer, item=RevenueItem(fiscal_year=year, parent=chapter, code="211", name="시설 대관료")
    )


def test_a_revenue_resolution_is_booked_then_collected(books):
    item = revenue_item(books)
    resolution = revenue_submit(
        actor=books.org.drafter,
        title="대회의실 대관료",
        revenue_item=item,
        payer="㈜한빛",
        amount=660_000,
        due_date=date(2026, 5, 31),
        unit_task=books.org.task,
    )
    resolution = approve(books, resolution, at=MAY)
    assert (resolution.status, resolution.booked_on) == (DecisionStatus.APPROVED, date(2026, 5, 6))

    with pytest.raises(PermissionDenied):
        revenue_collect(actor=books.org.drafter, resolution=resolution, collected_on=date(2026, 5, 20))
    revenue_collect(actor=books.org.accountant, resolution=resolution, collected_on=date(2026, 5, 20))

    item.refresh_from_db()
    assert item.collected_amount == 660_000
    rows = [
        (entry.kind, line.account.code, line.debit, line.credit)
        for entry in JournalEntry.objects.filter(**SourceRef.of(resolution).filter()).order_by("pk")
        for line in entry.lines.select_related("account").order_by("pk")
    ]
    assert rows == [
        (EntryKind.REVENUE, "1110", 660_000, 0),
        (EntryKind.REVENUE, "4201", 0, 660_000),
        (EntryKind.RECEIPT, "1102", 660_000, 0),
        (EntryKind.RECEIPT, "1110", 0, 660_000),
    ]
    with pytest.raises(ValidationError, match="이미 수납했습니다"):
        revenue_collect(actor=books.org.accountant, resolution=resolution, collected_on=date(2026, 5, 21))


def test_bad_revenue_input_is_refused_next_to_each_field(books):
    with pytest.raises(ValidationError) as caught:
        revenue_submit(
            actor=books.org.drafter,
            title="",
            revenue_item=revenue_item(books),
            payer="",
            amount=0,
            due_date=date(2027, 2, 1),
            unit_task=books.org.task,
        )
    assert caught.value.message_dict == {
        "title": ["건명을 입력하세요."],
        "payer": ["납부자를 입력하세요."],
        "amount": ["금액은 1원 이상이어야 합니다."],
        "due_date": ["2027. 2. 1.은(는) 2026 회계연도(1. 1.~12. 31.) 밖의 날짜입니다."],
    }
