"""The issue's "Done means" walk in real headless Chromium: a 총무팀 staff member drafts a 지출 품의
against a real line and sees its balance, the team head approves it (the commitment appears on
the line); the staff member drafts the 지출결의 on it with an invoice, an over-balance 지출결의 is
refused at 상신 with the shortfall, the team head approves the first (집행액 and the journal entry
appear); the 회계 담당 pays it and downloads the transfer file (CP949), and reads the entry in the
분개장 and a balanced 합계잔액시산표.

A committed institution of this module's own, dropped at the end, and the live server of
tests/browser/conftest.py; each person signs in in a browser context of their own. The budget is
this year's, so the dates the pages default to (today) fall inside it.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.utils import timezone
from django_tenants.utils import schema_context

from tenants.models import Institution, InstitutionKind
from tenants.services import institution_create
from tests.browser import CHROMIUM, CHROMIUM_ARGS
from tests.support import PASSWORD

CODE = "bexecweb"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db,
]


@pytest.fixture(scope="module")
def institution(django_db_setup, django_db_blocker):
    """org_chart() with this year's small budget owned by 총무팀, the delegation rows for plans
    and expenditures, a vendor, and 탁회계 (재무부) as 회계 담당 (tests/factories/budget_execution)."""
    from tests.factories.budget_execution import chain

    with django_db_blocker.unblock():
        created = institution_create(code=CODE, name="집행시험재단", kind=InstitutionKind.AGENCY).institution
        try:
            with schema_context(CODE):
                chain(year=timezone.localdate().year, own_team=True)
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

    context = browser.new_context(locale="ko-KR", viewport={"width": 1280, "height": 1600}, accept_downloads=True)
    page = context.new_page()
    page.goto(f"{base}/budget/")
    page.get_by_label("아이디").fill(username)
    page.get_by_label("비밀번호").fill(PASSWORD)
    page.get_by_role("button", name="로그인").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("예산 현황")
    return page


def approve_document(browser, base: str, href: str) -> None:
    """The team head (도팀장) opens the document and gives the final approval."""
    from playwright.sync_api import expect

    page = signed_in(browser, base, "alead")
    page.goto(f"{base}{href}")
    page.locator("#actions button.primary").first.click()
    expect(page.locator("#actions")).not_to_contain_text("결재할 차례")
    page.context.close()


def test_plan_commitment_expenditure_payment_and_books(browser, server_port):
    from playwright.sync_api import expect

    base = f"http://{CODE}.localhost:{server_port}"
    today = timezone.localdate().isoformat()
    staff = signed_in(browser, base, "adrafter")

    # 1. 품의 against a real line; the form names the line and the balance is checked at 상신.
    staff.get_by_role("navigation", name="예산·회계 메뉴").get_by_role("link", name="지출 품의").click()
    staff.get_by_role("link", name="새 지출 품의").click()
    staff.get_by_label("건명").fill("복사용지 구매")
    staff.get_by_label("목적·내용").fill("A4 복사용지 100박스")
    staff.get_by_label("금액(원)").fill("800,000")
    staff.get_by_label("집행 예정일").fill(today)
    staff.get_by_label("예산과목").select_option(label="일반운영비/201-01 사무관리비 [총무팀]")
    staff.get_by_label("단위과제").select_option(index=1)
    staff.get_by_role("button", name="상신").click()
    expect(staff.get_by_role("heading", level=1)).to_have_text("복사용지 구매")
    plan_url = staff.url
    document = staff.get_by_role("region", name="결재 문서").get_by_role("link").first.get_attribute("href")

    approve_document(browser, base, document)
    # The commitment appears on the line: 10,000,000 − 800,000 committed.
    staff.goto(plan_url)
    expect(staff.locator("main")).to_contain_text("승인")
    staff.goto(f"{base}/budget/")
    expect(staff.get_by_role("row").filter(has_text="사무관리비").first).to_contain_text("800,000원")

    # 2. An expenditure larger than the balance is refused at 상신, with the shortfall.
    staff.goto(f"{base}/budget/expenditures/new/")
    staff.get_by_label("건명").fill("출장 여비 일괄")
    staff.get_by_label("지출 내용").fill("연간 출장")
    staff.get_by_label("예산과목(직접 지출)").select_option(label="여비/202-01 국내여비 [총무팀]")
    staff.get_by_label("거래처").select_option(index=1)
    staff.get_by_label("금액(원)").fill("2,300,000")
    staff.get_by_label("지급 예정일").fill(today)
    staff.get_by_label("단위과제").select_option(index=1)
    staff.get_by_role("button", name="상신").click()
    expect(staff.locator(".has-error")).to_contain_text(
        "예산 잔액이 부족합니다: 202-01 국내여비 — 잔액 2,000,000원, 요청 2,300,000원, 부족 300,000원"
    )

    # 3. The 지출결의 on the approved plan, with its invoice.
    staff.goto(f"{base}/budget/expenditures/new/")
    staff.get_by_label("건명").fill("복사용지 대금")
    staff.get_by_label("지출 내용").fill("A4 복사용지 100박스 납품")
    staff.get_by_label("지출 품의(원인행위)").select_option(index=1)
    staff.get_by_label("거래처").select_option(index=1)
    staff.get_by_label("금액(원)").fill("770,000")
    staff.get_by_label("지급 예정일").fill(today)
    staff.get_by_label("단위과제").select_option(index=1)
    staff.get_by_label("증빙 서류").set_input_files(
        {"name": "세금계산서.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 invoice"}
    )
    staff.get_by_role("button", name="상신").click()
    expect(staff.get_by_role("heading", level=1)).to_have_text("복사용지 대금")
    expect(staff.locator("main")).to_contain_text("세금계산서.pdf")
    document = staff.get_by_role("region", name="결재 문서").get_by_role("link").first.get_attribute("href")
    approve_document(browser, base, document)
    staff.reload()
    expect(staff.locator("main")).to_contain_text("승인(집행)")
    staff.goto(f"{base}/budget/")
    row = staff.get_by_role("row").filter(has_text="사무관리비").first
    expect(row).to_contain_text("770,000원")  # 집행액
    expect(row).to_contain_text("30,000원")  # what the plan still holds

    # 4. The 회계 담당 pays it and downloads the transfer file; the books show the entries.
    accountant = signed_in(browser, base, "aaccountant")
    accountant.get_by_role("navigation", name="예산·회계 메뉴").get_by_role("link", name="지급").click()
    expect(accountant.locator("main")).to_contain_text("지급 대기 1건 · 770,000원")
    accountant.get_by_label("복사용지 대금").check()
    accountant.get_by_label("지급일").fill(today)
    accountant.get_by_label("출금 계좌").fill("농협 301-0000-01")
    accountant.get_by_label("적요(받는 분 통장 표시)").fill("집행시험재단")
    accountant.get_by_role("button", name="선택한 건 지급 처리").click()
    expect(accountant.locator("main")).to_contain_text("1건을 지급 처리했습니다")
    with accountant.expect_download() as caught:
        accountant.get_by_role("link", name="이체 파일 내려받기").first.click()
    with open(caught.value.path(), "rb") as handle:
        lines = handle.read().decode("cp949").splitlines()
    assert lines == ["은행코드,계좌번호,예금주,금액,적요", "004,123456789012,한빛문구,770000,집행시험재단"]

    accountant.get_by_role("navigation", name="예산·회계 메뉴").get_by_role("link", name="회계 장부").click()
    expect(accountant.get_by_role("heading", level=1)).to_have_text("분개장")
    expect(accountant.locator("main")).to_contain_text("5201 일반운영비")
    expect(accountant.locator("main")).to_contain_text("2101 미지급금")
    accountant.get_by_role("link", name="합계잔액시산표·재무제표").click()
    expect(accountant.locator("tfoot")).to_contain_text("대차 일치")
    expect(accountant.locator("tfoot")).to_contain_text("1,540,000원")
