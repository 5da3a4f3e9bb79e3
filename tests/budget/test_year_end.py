"""결산 (year-end close), worked by hand on the small 2025 budget (tests/factories/budget_lines):

    201-01 사무관리비 10,000,000 · 201-02 공공운영비 5,000,000 · 202-01 국내여비 2,000,000
    401-01 시설비 30,000,000 — 예산현액 47,000,000

During 2025: 시설비 committed 20,000,000 and 12,000,000 of it executed (8,000,000 still open);
사무관리비 7,000,000 executed directly; 국내여비 committed 500,000 (open, never executed).
The books: 출연금 50,000,000 received, the two expenses booked to 미지급금, 사무관리비 paid.

The officer carries 시설비's open 8,000,000 into 2026's 시설비 (사고이월); 국내여비's 500,000
lapses. So:

    line        현액         집행        해제       이월        불용
    사무관리비   10,000,000   7,000,000   0          0           3,000,000
    공공운영비    5,000,000   0           0          0           5,000,000
    국내여비      2,000,000   0           500,000    0           2,000,000
    시설비       30,000,000  12,000,000   8,000,000  8,000,000  10,000,000
    합계         47,000,000  19,000,000   8,500,000  8,000,000  20,000,000

Closing entry (2025. 12. 31.): Dr 출연금수익 50,000,000 / Cr 일반운영비 7,000,000, Cr 시설유지비
12,000,000, Cr 적립순자산 31,000,000. Opening entry (2026. 1. 1.): Dr 보통예금 43,000,000 / Cr
미지급금 12,000,000, Cr 적립순자산 31,000,000.
"""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from pypdf import PdfReader

from audit.models import AuditEvent
from budget.amendments import LineChange, amendment_create, amendment_submit
from budget.books import EntryLine, post_entry
from budget.books_reports import account_ledger, statements, trial_balance
from budget.charges import SourceRef, balance, commit, commitment_figures, commitment_left, execute, release
from budget.ledger import ledger_drift
from budget.models import (
    Account,
    AmendmentKind,
    BudgetItem,
    CarryoverType,
    EntryKind,
    FiscalYear,
    ManualJournal,
    YearEnd,
    YearStatus,
)
from budget.plugin import ACCOUNTING_OFFICER
from budget.structure import fiscal_year_confirm
from budget.year_end import Carry, year_end_close, year_end_review
from tests.factories.budget_execution import chain
from tests.factories.budget_lines import SmallBudget, budget_officer, small_budget
from tests.factories.tasks_cards import unit_task
from tests.support import PASSWORD, login

pytestmark = pytest.mark.django_db

AFTER = date(2026, 1, 10)
FACILITY_PLAN = SourceRef("budget", "expenseplan", 1)
TRAVEL_PLAN = SourceRef("budget", "expenseplan", 3)


def entry(source_id: str, on: date, *lines: EntryLine) -> None:
    post_entry(
        kind=EntryKind.EXTERNAL,
        entry_date=on,
        memo=source_id,
        source=SourceRef("tests", "worked", source_id),
        lines=list(lines),
        actor=None,
    )


def worked_year() -> tuple[SmallBudget, SmallBudget]:
    last = small_budget(year=2025)
    officer = last.officer
    # A small institution's one 예산·회계 담당: the 결산 is the 회계 담당's.
    officer.groups.add(Group.objects.get(name=ACCOUNTING_OFFICER))
    commit(line=last.items["시설비"], amount=20_000_000, source=FACILITY_PLAN, actor=officer, on=date(2025, 3, 10))
    execute(
        source=SourceRef("budget", "expenditure", 1),
        amount=12_000_000,
        commitment_source=FACILITY_PLAN,
        actor=officer,
        on=date(2025, 6, 30),
    )
    execute(
        source=SourceRef("budget", "expenditure", 2),
        amount=7_000_000,
        line=last.items["사무관리비"],
        actor=officer,
        on=date(2025, 5, 20),
    )
    commit(line=last.items["국내여비"], amount=500_000, source=TRAVEL_PLAN, actor=officer, on=date(2025, 9, 1))
    entry("grant", date(2025, 1, 5), EntryLine(role="bank", debit=50_000_000), EntryLine("4101", credit=50_000_000))
    entry("office", date(2025, 5, 20), EntryLine("5201", debit=7_000_000), EntryLine(role="payable", credit=7_000_000))
    entry("works", date(2025, 6, 30), EntryLine("5401", debit=12_000_000), EntryLine(role="payable", credit=12_000_000))
    entry(
        "paid", date(2025, 7, 10), EntryLine(role="payable", debit=7_000_000), EntryLine(role="bank", credit=7_000_000)
    )
    following = small_budget(year=2026, confirm=False, department=last.department, officer=officer)
    return last, following


def lines_of(entry_obj) -> list[tuple[str, int, int]]:
    return list(entry_obj.lines.order_by("pk").values_list("account__code", "debit", "credit"))


def test_the_worked_year_closes_with_lapse_carry_over_and_closing_entries(in_alpha):
    last, following = worked_year()
    review = year_end_review(last.year, today=AFTER)
    assert review.blocking == []
    assert [(c.line.name, c.committed, [t.pk for t in c.targets]) for c in review.commitments] == [
        ("국내여비", 500_000, [following.items["국내여비"].pk]),
        ("시설비", 8_000_000, [following.items["시설비"].pk]),
    ]

    year_end = year_end_close(
        actor=last.officer,
        fiscal_year=last.year,
        carries=[Carry(last.items["시설비"], CarryoverType.ACCIDENT, 8_000_000, following.items["시설비"])],
        today=AFTER,
    )

    rows = {
        r.line.name: (r.current_amount, r.executed_amount, r.released_amount, r.carried_amount, r.lapsed_amount)
        for r in year_end.lines.select_related("line")
    }
    assert rows == {
        "사무관리비": (10_000_000, 7_000_000, 0, 0, 3_000_000),
        "공공운영비": (5_000_000, 0, 0, 0, 5_000_000),
        "국내여비": (2_000_000, 0, 500_000, 0, 2_000_000),
        "시설비": (30_000_000, 12_000_000, 8_000_000, 8_000_000, 10_000_000),
    }
    assert (
        year_end.current_total,
        year_end.executed_total,
        year_end.released_total,
        year_end.carried_total,
        year_end.lapsed_total,
    ) == (47_000_000, 19_000_000, 8_500_000, 8_000_000, 20_000_000)
    assert FiscalYear.objects.get(year=2025).status == YearStatus.CLOSED
    # Nothing stays reserved in the closed year; each commitment reads as released.
    assert sum(BudgetItem.objects.filter(fiscal_year=last.year).values_list("committed_amount", flat=True)) == 0
    assert commitment_left(FACILITY_PLAN) == commitment_left(TRAVEL_PLAN) == 0
    # The carry lands on next year's line, and stays there once the year is confirmed.
    assert following.line("시설비").amended_amount == 8_000_000
    fiscal_year_confirm(actor=last.officer, fiscal_year=following.year)
    assert balance(following.items["시설비"]).current_amount == 38_000_000
    assert ledger_drift() == []

    assert year_end.closing_entry.entry_date == date(2025, 12, 31)
    assert lines_of(year_end.closing_entry) == [
        ("4101", 50_000_000, 0),
        ("5201", 0, 7_000_000),
        ("5401", 0, 12_000_000),
        ("3201", 0, 31_000_000),
    ]
    assert year_end.opening_entry.entry_date == date(2026, 1, 1)
    assert lines_of(year_end.opening_entry) == [
        ("1102", 43_000_000, 0),
        ("2101", 0, 12_000_000),
        ("3201", 0, 31_000_000),
    ]
    events = AuditEvent.objects.filter(action="fiscal_year.year_end", target_id=str(last.year.pk))
    assert [(e.data["carried"], e.data["lapsed"]) for e in events] == [(8_000_000, 20_000_000)]
    assert AuditEvent.objects.filter(action="fiscal_year.close", target_id=str(last.year.pk)).exists()


def test_the_reports_before_and_after_the_close(in_alpha):
    last, _following = worked_year()
    year_end_close(actor=last.officer, fiscal_year=last.year, today=AFTER)

    # 2025's statements still show its operations (the closing entry is left out) …
    statement = statements(date(2025, 1, 1), date(2025, 12, 31))
    assert ([v for _a, v in statement.revenue], [v for _a, v in statement.expenses]) == (
        [50_000_000],
        [7_000_000, 12_000_000],
    )
    assert (statement.net_result, statement.total_assets, statement.total_liabilities_and_equity) == (
        31_000_000,
        43_000_000,
        43_000_000,
    )
    # … 2026's trial balance starts from the balances brought forward …
    tb = trial_balance(date(2026, 1, 1), date(2026, 12, 31))
    assert [(r.account.code, r.debit_balance, r.credit_balance) for r in tb.rows] == [
        ("1102", 43_000_000, 0),
        ("2101", 0, 12_000_000),
        ("3201", 0, 31_000_000),
    ]
    assert tb.balanced
    # … and a ledger counts them once: from the history, not again from the opening entry.
    bank = Account.objects.get(code="1102")
    assert (account_ledger(bank, date(2026, 1, 1), date(2026, 12, 31)).opening, ledger_rows(bank)) == (43_000_000, [])
    grant = account_ledger(Account.objects.get(code="4101"), date(2025, 1, 1), date(2025, 12, 31))
    assert [(r.debit, r.credit, r.balance) for r in grant.rows] == [(0, 50_000_000, 50_000_000), (50_000_000, 0, 0)]


def ledger_rows(account: Account) -> list:
    return account_ledger(account, date(2026, 1, 1), date(2026, 12, 31)).rows


def test_a_closed_year_takes_no_posting(in_alpha):
    last, _following = worked_year()
    year_end_close(actor=last.officer, fiscal_year=last.year, today=AFTER)

    with pytest.raises(ValidationError) as caught:
        commit(line=last.items["공공운영비"], amount=1, source=SourceRef("t", "t", 9), actor=None, on=date(2025, 12, 1))
    assert caught.value.messages == ["2025 회계연도는 마감되어 집행할 수 없습니다: 201-02 공공운영비"]
    with pytest.raises(ValidationError) as caught:
        entry("late", date(2025, 12, 31), EntryLine("5201", debit=1), EntryLine(role="bank", credit=1))
    assert caught.value.message_dict == {"entry_date": ["2025 회계연도는 마감되어 전표를 기록할 수 없습니다."]}
    with pytest.raises(ValidationError) as caught:
        year_end_close(actor=last.officer, fiscal_year=last.year, today=AFTER)
    assert caught.value.messages == ["집행 중(확정)인 회계연도만 결산할 수 있습니다."]


def test_a_part_released_commitment_is_released_whole_by_the_close(in_alpha):
    """A 1,000,000 commitment on 공공운영비 (2025): 400,000 executed, 250,000 given back by its
    source, 350,000 still held at the close; the close releases those 350,000 under its own name,
    and the commitment's figures count them: 1,000,000 = 400,000 + 600,000 released + 0 open."""
    last, _following = worked_year()
    source = SourceRef("budget", "expenseplan", 7)
    operating = last.items["공공운영비"]
    commit(line=operating, amount=1_000_000, source=source, actor=last.officer, on=date(2025, 4, 1))
    execute(
        source=SourceRef("budget", "expenditure", 7),
        amount=400_000,
        commitment_source=source,
        actor=last.officer,
        on=date(2025, 5, 1),
    )
    release(source=source, amount=250_000, actor=last.officer, on=date(2025, 6, 1))
    held = commitment_figures(source)
    assert held is not None
    assert (held.committed_amount, held.settled_amount, held.released_amount, held.open_amount) == (
        1_000_000,
        400_000,
        250_000,
        350_000,
    )

    year_end_close(actor=last.officer, fiscal_year=last.year, today=AFTER)

    closed = commitment_figures(source)
    assert closed is not None
    assert (closed.committed_amount, closed.settled_amount, closed.released_amount, closed.open_amount) == (
        1_000_000,
        400_000,
        600_000,
        0,
    )
    assert commitment_figures(SourceRef("budget", "expenseplan", 8)) is None
    assert last.line("공공운영비").committed_amount == 0


def test_what_blocks_a_close_and_a_carry_beyond_its_limit(in_alpha):
    last, following = worked_year()
    with pytest.raises(PermissionDenied) as refused:
        year_end_close(actor=budget_officer(last.department), fiscal_year=last.year, today=AFTER)
    assert str(refused.value) == "회계 담당만 회계연도를 결산(마감)할 수 있습니다."
    with pytest.raises(ValidationError) as caught:
        year_end_close(actor=last.officer, fiscal_year=last.year, today=date(2025, 12, 31))
    assert caught.value.messages == ["2025 회계연도가 끝난 뒤(2026. 1. 1.부터) 결산할 수 있습니다."]

    with pytest.raises(ValidationError) as caught:
        year_end_close(
            actor=last.officer,
            fiscal_year=last.year,
            carries=[
                Carry(last.items["공공운영비"], CarryoverType.ACCIDENT, 1_000, following.items["공공운영비"]),
                Carry(last.items["사무관리비"], CarryoverType.EXPLICIT, 3_000_001, following.items["사무관리비"]),
                Carry(last.items["국내여비"], CarryoverType.ACCIDENT, 500_000, following.items["시설비"]),
            ],
            today=AFTER,
        )
    assert caught.value.messages == [
        "201-02 공공운영비: 사고이월은 원인행위 잔액 0원까지 할 수 있습니다 — 요청 1,000원, 초과 1,000원",
        "201-01 사무관리비: 명시이월은 미집행액 3,000,000원까지 할 수 있습니다 — 요청 3,000,001원, 초과 1원",
        "202-01 국내여비: 이월 받는 과목(401-01 시설비)의 표준 예산과목이 다릅니다.",
    ]
    # Nothing was written.
    assert not YearEnd.objects.exists()
    assert FiscalYear.objects.get(year=2025).status == YearStatus.CONFIRMED
    assert last.line("시설비").committed_amount == 8_000_000


def test_a_document_still_in_approval_blocks_the_close_and_carry_over_is_not_repeated_later(in_alpha):
    last, following = worked_year()
    task = unit_task(department=last.department, owner=last.officer, name="예산 운용")
    running = ManualJournal.objects.create(
        title="연말 정리",
        reason="결산 정리",
        entry_date=date(2025, 12, 20),
        status="in_progress",
        drafter=last.officer,
        unit_task=task,
    )
    review = year_end_review(last.year, today=AFTER)
    assert review.blocking == ["결재 중이거나 상신하지 않은 대체전표 1건을 먼저 끝내세요(승인·반려·회수)."]
    with pytest.raises(ValidationError) as caught:
        year_end_close(actor=last.officer, fiscal_year=last.year, today=AFTER)
    assert caught.value.messages == review.blocking
    ManualJournal.objects.filter(pk=running.pk).update(status="withdrawn")
    year_end_close(actor=last.officer, fiscal_year=last.year, today=AFTER)

    # 이월 was decided at the close: an amendment cannot carry the lapsed money afterwards.
    fiscal_year_confirm(actor=last.officer, fiscal_year=following.year)
    late = amendment_create(
        actor=last.officer,
        fiscal_year=following.year,
        kind=AmendmentKind.CARRYOVER,
        carryover_type=CarryoverType.EXPLICIT,
        title="늦은 이월",
        reason="이월",
        changes=[LineChange(following.items["사무관리비"], 1_000_000, last.items["사무관리비"])],
    )
    with pytest.raises(ValidationError) as caught:
        amendment_submit(actor=last.officer, amendment=late, unit_task=task)
    assert caught.value.messages == ["2025 회계연도는 결산에서 이월을 이미 정했습니다(결산 내역을 보세요)."]


def test_the_accountant_closes_the_year_on_the_year_end_page(in_alpha, alpha, client_for):
    books = chain(year=2025)
    office = books.budget.items["사무관리비"]
    commit(line=office, amount=800_000, source=FACILITY_PLAN, actor=books.org.accountant, on=date(2025, 11, 3))
    following = small_budget(year=2026, confirm=False, department=books.budget.department, officer=books.budget.officer)
    target = following.items["사무관리비"]
    accountant = client_for(alpha)
    assert login(accountant, "aaccountant", PASSWORD).status_code == 302
    url = "/budget/books/year-end/?year=2025"

    page = accountant.get(url).content.decode()
    # The real date is in 2026's December: the year 2025 is over, nothing blocks.
    assert "마감을 막는 것이 없습니다" in page
    assert "201-01 사무관리비" in page
    assert "800,000원" in page

    no_target = accountant.post(url, {f"type_{office.pk}": CarryoverType.ACCIDENT, f"amount_{office.pk}": "800,000"})
    assert no_target.status_code == 422
    assert "이월 받는 다음 연도 과목을 고르세요." in no_target.content.decode()
    too_much = accountant.post(
        url,
        {
            f"type_{office.pk}": CarryoverType.ACCIDENT,
            f"amount_{office.pk}": "900,000",
            f"target_{office.pk}": str(target.pk),
        },
    )
    assert too_much.status_code == 422
    assert "사고이월은 원인행위 잔액 800,000원까지 할 수 있습니다" in too_much.content.decode()
    assert not YearEnd.objects.exists()

    done = accountant.post(
        url,
        {
            f"type_{office.pk}": CarryoverType.ACCIDENT,
            f"amount_{office.pk}": "800,000",
            f"target_{office.pk}": str(target.pk),
        },
    )
    assert done.status_code == 302
    assert FiscalYear.objects.get(year=2025).status == YearStatus.CLOSED
    assert following.line("사무관리비").amended_amount == 800_000
    page = accountant.get(url).content.decode()
    assert "결산 완료" in page
    assert "사고이월 → 201-01 사무관리비" in page

    drafter = client_for(alpha)
    assert login(drafter, "adrafter", PASSWORD).status_code == 302
    assert drafter.get(url).status_code == 403


def test_the_books_as_pdf_in_korean(in_alpha, alpha, client_for):
    books = chain(year=2025)
    officer = books.budget.officer
    execute(
        source=SourceRef("budget", "expenditure", 2),
        amount=7_000_000,
        line=books.budget.items["사무관리비"],
        actor=officer,
        on=date(2025, 5, 20),
    )
    entry("grant", date(2025, 1, 5), EntryLine(role="bank", debit=50_000_000), EntryLine("4101", credit=50_000_000))
    entry("office", date(2025, 5, 20), EntryLine("5201", debit=7_000_000), EntryLine(role="bank", credit=7_000_000))
    accountant = client_for(alpha)
    assert login(accountant, "aaccountant", PASSWORD).status_code == 302
    period = {"start": "2025-01-01", "end": "2025-12-31", "export": "pdf"}

    response = accountant.get("/budget/books/trial-balance/", period)
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    text = pdf_text(response.content)
    assert "합계잔액시산표" in text
    assert "기간 2025. 1. 1. ~ 2025. 12. 31." in text
    assert "43,000,000원 50,000,000원 1102 보통예금 7,000,000원" in text
    assert "자산 총계 43,000,000원" in text
    assert "운영차익 43,000,000원" in text

    bank = Account.objects.get(code="1102")
    response = accountant.get("/budget/books/ledger/", {**period, "account": bank.pk})
    text = pdf_text(response.content)
    assert "총계정원장 · 1102 보통예금" in text
    assert "기말 잔액 43,000,000원" in text


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))
