"""결산 (year-end close) walked in real headless Chromium, last year's budget closed this year.

The 예산 담당 prepares it in the institution console: copies last year's structure into this year
(so open commitments have a line to be carried into), then takes the console's 마감 action, which
leads to the 결산 page — where the officer sees the check before closing (nothing blocks) and the
open commitments, and that the close itself is the 회계 담당's. The 회계 담당 opens 결산 from the
books, asks to carry more than a commitment holds and is refused in Korean with nothing closed,
carries what it holds, and closes: the year's 불용·이월 per line and the closing entry in the
분개장. The 예산 담당 then sees the year 마감 in the console and the carried amount on this year's
line.

Last year worked by hand on the small budget (tests/factories/budget_lines), the same figures as
tests/budget/test_year_end.py:

    201-01 사무관리비 10,000,000: 7,000,000 executed directly
    202-01 국내여비    2,000,000: 500,000 committed, never executed (lapses)
    401-01 시설비     30,000,000: 20,000,000 committed, 12,000,000 of it executed (8,000,000 carried)
    201-02 공공운영비  5,000,000: untouched
    → 예산현액 47,000,000 · 집행 19,000,000 · 해제 8,500,000 · 이월 8,000,000 · 불용 20,000,000
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import date

import pytest
from django.contrib.auth.models import Group
from django.db import connection, connections
from django.utils import timezone
from django_tenants.utils import schema_context

from tenants.models import Institution, InstitutionKind
from tenants.services import institution_create
from tests.browser import CHROMIUM, CHROMIUM_ARGS, wait_for_url_or_refusal
from tests.support import PASSWORD

CODE = "byearend"
LAST = timezone.localdate().year - 1  # over, so it may close today

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db,
]


@pytest.fixture(scope="module")
def institution(django_db_setup, django_db_blocker):
    """org_chart() with last year's small budget owned by 총무팀, worked as in the module's doc
    through budget.charges and budget.books; 탁회계 (재무부) is 회계 담당, 예정산 (재무부) 예산 담당."""
    from budget.books import EntryLine, post_entry
    from budget.charges import SourceRef, commit, execute
    from budget.models import EntryKind
    from budget.plugin import ACCOUNTING_OFFICER
    from tests.factories.approval import org_chart
    from tests.factories.budget_lines import budget_officer, small_budget

    with django_db_blocker.unblock():
        created = institution_create(code=CODE, name="결산시험재단", kind=InstitutionKind.AGENCY).institution
        try:
            with schema_context(CODE):
                org = org_chart()
                org.accountant.groups.add(Group.objects.get(name=ACCOUNTING_OFFICER))
                officer = budget_officer(org.finance, username="bofficer", name="예정산")
                last = small_budget(year=LAST, department=org.team, officer=officer)
                facility = SourceRef("budget", "expenseplan", 1)
                commit(
                    line=last.items["시설비"], amount=20_000_000, source=facility, actor=officer, on=date(LAST, 3, 10)
                )
                execute(
                    source=SourceRef("budget", "expenditure", 1),
                    amount=12_000_000,
                    commitment_source=facility,
                    actor=officer,
                    on=date(LAST, 6, 30),
                )
                execute(
                    source=SourceRef("budget", "expenditure", 2),
                    amount=7_000_000,
                    line=last.items["사무관리비"],
                    actor=officer,
                    on=date(LAST, 5, 20),
                )
                commit(
                    line=last.items["국내여비"],
                    amount=500_000,
                    source=SourceRef("budget", "expenseplan", 3),
                    actor=officer,
                    on=date(LAST, 9, 1),
                )
                for name, on, debit, credit in (
                    (
                        "grant",
                        date(LAST, 1, 5),
                        EntryLine(role="bank", debit=50_000_000),
                        EntryLine("4101", credit=50_000_000),
                    ),
                    (
                        "office",
                        date(LAST, 5, 20),
                        EntryLine("5201", debit=7_000_000),
                        EntryLine(role="payable", credit=7_000_000),
                    ),
                    (
                        "works",
                        date(LAST, 6, 30),
                        EntryLine("5401", debit=12_000_000),
                        EntryLine(role="payable", credit=12_000_000),
                    ),
                ):
                    post_entry(
                        kind=EntryKind.EXTERNAL,
                        entry_date=on,
                        memo=name,
                        source=SourceRef("tests", "worked", name),
                        lines=[debit, credit],
                        actor=None,
                    )
            connection.set_schema_to_public()
            yield created
        finally:
            connection.set_schema_to_public()
            Institution.objects.get(pk=created.pk).delete(force_drop=True)


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            yield chromium
        finally:
            chromium.close()


def signed_in(browser, base: str, username: str):
    from playwright.sync_api import expect

    page = browser.new_context(locale="ko-KR", viewport={"width": 1280, "height": 1600}).new_page()
    page.goto(f"{base}/budget/")
    page.get_by_label("아이디").fill(username)
    page.get_by_label("비밀번호").fill(PASSWORD)
    page.get_by_role("button", name="로그인").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("예산 현황")
    return page


def console_action(page, base: str, year_pk: int, action: str) -> None:
    """The console's fiscal-year list: tick one year, pick an action, run it."""
    page.goto(f"{base}/admin/budget/fiscalyear/")
    page.locator(f"input[name=_selected_action][value='{year_pk}']").check()
    page.locator("select[name=action]").select_option(action)
    page.locator("button[name=index]").click()


def test_the_budget_officer_prepares_and_the_accountant_closes_last_year(browser, server_port):
    from playwright.sync_api import expect

    from budget.models import FiscalYear, YearStatus

    base = f"http://{CODE}.localhost:{server_port}"
    last_pk = in_schema(lambda: FiscalYear.objects.get(year=LAST).pk)

    # 1. The 예산 담당 copies last year's structure into this year, in the console.
    officer = signed_in(browser, base, "bofficer")
    console_action(officer, base, last_pk, "copy_structure")
    expect(officer.get_by_label("새 회계연도")).to_have_value(str(LAST + 1))
    officer.get_by_role("button", name="복사").click()
    expect(officer.locator(".messagelist")).to_contain_text(
        f"{LAST} 회계연도의 예산과목 11개를 {LAST + 1} 회계연도(편성)로 복사했습니다."
    )

    # 2. The console's 마감 leads to the 결산 page: nothing blocks, two commitments are open,
    # and the close is the 회계 담당's.
    console_action(officer, base, last_pk, "close_year")
    officer.get_by_role("link", name="결산(마감) 화면으로").click()
    expect(officer.get_by_role("heading", level=1)).to_have_text(f"{LAST} 회계연도 결산(마감)")
    check = officer.get_by_role("region", name="마감 전 점검")
    expect(check).to_contain_text("마감을 막는 것이 없습니다")
    expect(check.locator("dd")).to_have_text(["47,000,000원", "19,000,000원", "8,500,000원", "28,000,000원"])
    expect(officer.get_by_role("row").filter(has_text="202-01 국내여비")).to_contain_text("500,000원")
    expect(officer.get_by_role("row").filter(has_text="401-01 시설비")).to_contain_text("8,000,000원")
    expect(officer.locator("main")).to_contain_text("결산(마감)은 회계 담당만 할 수 있습니다.")
    expect(officer.get_by_role("button", name=f"{LAST} 회계연도 결산·마감")).to_have_count(0)

    # 3. The 회계 담당 opens 결산 from the books; carrying more than 시설비's commitment holds is
    # refused with the limit and the excess, and the year stays open.
    accountant = signed_in(browser, base, "aaccountant")
    accountant.get_by_role("navigation", name="예산·회계 메뉴").get_by_role("link", name="회계 장부").click()
    accountant.get_by_role("link", name="결산(마감)").click()
    expect(accountant.get_by_role("heading", level=1)).to_have_text(f"{LAST} 회계연도 결산(마감)")
    accountant.get_by_label("401-01 시설비 이월 구분").select_option(label="사고이월")
    accountant.get_by_label("401-01 시설비 이월액").fill("9,000,000")
    expect(accountant.get_by_label("401-01 시설비 이월 받는 과목")).to_have_value(str(_line_pk(LAST + 1, "401-01")))
    accountant.get_by_role("button", name=f"{LAST} 회계연도 결산·마감").click()
    expect(accountant.locator("form [role=alert]")).to_contain_text(
        "401-01 시설비: 사고이월은 원인행위 잔액 8,000,000원까지 할 수 있습니다 — 요청 9,000,000원, 초과 1,000,000원"
    )
    assert in_schema(lambda: FiscalYear.objects.get(pk=last_pk).status) == YearStatus.CONFIRMED

    # 4. What the commitment holds is carried; 국내여비's 500,000 lapses. The year closes.
    accountant.get_by_label("401-01 시설비 이월액").fill("8,000,000")
    accountant.get_by_role("button", name=f"{LAST} 회계연도 결산·마감").click()
    wait_for_url_or_refusal(accountant, f"{base}/budget/books/year-end/?year={LAST}")
    expect(accountant.locator("main")).to_contain_text(f"{LAST} 회계연도를 결산하고 마감했습니다.")
    done = accountant.get_by_role("region", name="결산 완료")
    expect(done.locator("dd")).to_have_text(
        ["47,000,000원", "19,000,000원", "8,000,000원", "20,000,000원", "8,500,000원"]
    )
    expect(accountant.get_by_role("row").filter(has_text="401-01 시설비")).to_contain_text("사고이월 → 401-01 시설비")
    expect(accountant.get_by_role("row").filter(has_text="202-01 국내여비")).to_contain_text("2,000,000원")
    accountant.get_by_role("link", name="분개장에서 보기").click()
    expect(accountant.get_by_role("heading", level=1)).to_have_text("분개장")
    expect(accountant.locator("main")).to_contain_text(f"{LAST} 회계연도 결산 마감")

    # 5. The 예산 담당 sees the year 마감 in the console and the carried 8,000,000 on this year's line.
    officer.goto(f"{base}/admin/budget/fiscalyear/")
    expect(officer.get_by_role("row").filter(has_text=str(LAST)).first).to_contain_text("마감")
    officer.goto(f"{base}/budget/lines/{_line_pk(LAST + 1, '401-01')}/")
    figures = officer.get_by_label("지금의 금액")
    expect(figures).to_contain_text("8,000,000원")
    expect(officer.get_by_role("row").filter(has_text="이월")).to_contain_text("8,000,000원")


def in_schema(query):
    """Run `query()` in the module's schema on a thread of its own (Playwright's sync API keeps an
    event loop on this thread, where Django refuses database calls)."""

    def run():
        try:
            with schema_context(CODE):
                return query()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(run).result()


def _line_pk(year: int, code: str) -> int:
    from budget.models import BudgetItem

    return in_schema(lambda: BudgetItem.objects.get(fiscal_year__year=year, code=code).pk)
