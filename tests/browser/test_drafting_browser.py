"""A drafter, in real headless Chromium, starts a general draft, writes a bold word with the
editor's toolbar, picks a unit task by searching (its retention period fills in), sees the page
save itself, adds a carbon copy from the people search, and submits (상신) along the suggested
line.

Same set-up as test_login_browser.py: Debian's Chromium via Playwright's `executable_path`, a
live server thread of this process, and a committed institution of this module's own, dropped
at the end.
"""

from __future__ import annotations

import re
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.db import connection, connections
from django.test.testcases import LiveServerThread
from django_tenants.utils import schema_context

from approval.models import Document, DocumentStatus
from tenants.models import Institution, InstitutionKind
from tenants.services import institution_create
from tests.browser.test_login_browser import CHROMIUM, CHROMIUM_ARGS
from tests.factories.approval import org_chart
from tests.factories.tasks_cards import unit_task
from tests.support import PASSWORD

CODE = "draftweb"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db,
]


@pytest.fixture(scope="module")
def institution(django_db_setup, django_db_blocker):
    """A committed institution with the org chart of tests.factories.approval and a unit task
    민원 응대 (보존기간 10년) in the drafter's team."""
    with django_db_blocker.unblock():
        created = institution_create(code=CODE, name="기안시험공사", kind=InstitutionKind.CORPORATION).institution
        try:
            with schema_context(CODE):
                org = org_chart()
                unit_task(department=org.team, code="MW-001", name="민원 응대", retention_period="10")
            connection.set_schema_to_public()
            yield created
        finally:
            connection.set_schema_to_public()
            Institution.objects.get(pk=created.pk).delete(force_drop=True)


@pytest.fixture(scope="module")
def server_port(institution):
    thread = LiveServerThread("127.0.0.1", StaticFilesHandler, port=0)
    thread.daemon = True
    thread.start()
    thread.is_ready.wait()
    if thread.error:
        raise thread.error
    yield thread.port
    thread.terminate()


@pytest.fixture
def page():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            context = browser.new_context(locale="ko-KR")
            yield context.new_page()
        finally:
            browser.close()


def in_schema(query):
    """Run `query()` in the institution's schema on a thread of its own: Playwright's sync API
    keeps an event loop on this thread, where Django refuses database calls. The live server
    commits, so a fresh connection sees what the browser did."""

    def run():
        try:
            with schema_context(CODE):
                return query()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(run).result()


def eventually(check, seconds: float = 5.0) -> None:
    """Wait until `check()` is true in the institution's schema: autosave is asynchronous."""
    deadline = time.monotonic() + seconds
    while not in_schema(check):
        if time.monotonic() > deadline:
            raise AssertionError("the draft was not saved in time")
        time.sleep(0.1)


def test_draft_with_the_editor_autosave_and_submit(page, server_port):
    from playwright.sync_api import expect

    problems: list[str] = []  # script errors and CSP refusals (inline script or style)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("console", lambda m: problems.append(m.text) if "Content Security Policy" in m.text else None)
    base = f"http://{CODE}.localhost:{server_port}"
    page.goto(f"{base}/approval/new/")
    page.get_by_label("아이디").fill("adrafter")
    page.get_by_label("비밀번호").fill(PASSWORD)
    page.get_by_role("button", name="로그인").click()
    page.get_by_role("button", name="기안 시작").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("기안문 작성")
    pk = int(re.search(r"/approval/(\d+)/draft/", page.url).group(1))

    # The suggested line is there and passes the delegation table (일반 사항: 부서장 전결).
    editor_line = page.locator("#line-editor")
    expect(editor_line).to_contain_text("도팀장")
    expect(editor_line).to_contain_text("남부장")
    expect(page.locator("#line-check")).to_contain_text("부서장 이상이 결재합니다")

    page.get_by_label("제목", exact=True).fill("민원 응대 매뉴얼 개정")
    # The rich-text editor replaces the plain textarea once the page's script has run; a query made
    # before that would hold on to the textarea the script then hides (seen on a loaded machine).
    expect(page.locator("#body-editor")).to_be_visible()
    body = page.get_by_role("textbox", name="본문")
    body.click()
    page.keyboard.type("민원 응대 매뉴얼을 ")
    page.get_by_role("button", name="굵게").click()
    page.keyboard.type("개정")
    page.get_by_role("button", name="굵게").click()
    page.keyboard.type("하고자 합니다.")

    # Search the unit task and pick it: its retention period fills in, and the page saves.
    page.get_by_label("단위과제", exact=True).fill("민원")
    page.get_by_role("button", name=re.compile("민원 응대")).click()
    expect(page.locator("#unit-task-current")).to_contain_text("민원 응대 (MW-001)")
    expect(page.get_by_label("보존기간", exact=True)).to_have_value("10")
    expect(page.locator("#autosave-status")).to_contain_text("자동 저장됨")

    amount = page.get_by_label("결재 금액(원)")
    amount.fill("300000")
    amount.blur()
    expect(amount).to_have_value("300,000")

    page.get_by_label("결재선에 넣을 사람 찾기").fill("변동료")
    page.get_by_role("button", name="변동료 참조로 추가").click()
    expect(page.locator(".cc-list")).to_contain_text("변동료")

    # The line editor works from the keyboard: add a 협조 from the search, then move the team
    # head down with Enter; the focus stays on their button after the editor is swapped.
    page.get_by_label("결재선에 넣을 사람 찾기").fill("석재무")
    page.get_by_role("button", name="석재무 협조로 추가").click()
    expect(editor_line).to_contain_text("석재무")
    # Let the search and the autosave that leaving the search box starts finish first: a swap
    # landing between the focus and the key press would take the focused button away (seen once
    # on a loaded machine); a person would simply press again.
    page.wait_for_load_state("networkidle")
    page.get_by_role("button", name="도팀장 아래로").focus()
    page.keyboard.press("Enter")
    expect(editor_line.get_by_role("row").nth(2)).to_contain_text("석재무")
    expect(page.get_by_role("button", name="도팀장 아래로")).to_be_focused()
    page.get_by_role("button", name="석재무 결재선에서 빼기").click()
    expect(editor_line).not_to_contain_text("석재무")

    # Saved by itself: the title, the bold word and the unit task's retention period.
    page.get_by_role("button", name="임시 저장").click()
    eventually(
        lambda: Document.objects.filter(
            pk=pk, title="민원 응대 매뉴얼 개정", body__contains="<b>개정</b>", retention_period="10"
        ).exists()
    )

    # The network drops: the page says so in Korean and keeps the text; the next save goes through.
    status = page.locator("#autosave-status")
    title = page.get_by_label("제목", exact=True)
    page.route("**/autosave/", lambda route: route.abort())
    title.fill("민원 응대 매뉴얼 개정(안)")
    page.get_by_role("button", name="임시 저장").click()
    expect(status).to_contain_text("자동 저장하지 못했습니다")
    expect(title).to_have_value("민원 응대 매뉴얼 개정(안)")
    page.unroute("**/autosave/")
    page.get_by_role("button", name="임시 저장").click()
    expect(status).to_contain_text("자동 저장됨")
    eventually(lambda: Document.objects.filter(pk=pk, title="민원 응대 매뉴얼 개정(안)").exists())

    page.get_by_role("button", name="상신", exact=True).click()
    page.wait_for_url(f"{base}/approval/{pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("민원 응대 매뉴얼 개정(안)")
    assert problems == []

    def submitted():
        document = Document.objects.get(pk=pk)
        return (
            document.status,
            document.decision_amount,
            list(document.carbon_copies.values_list("user__username", flat=True)),
            list(document.steps.order_by("order").values_list("approver__username", flat=True)),
        )

    assert in_schema(submitted) == (DocumentStatus.IN_PROGRESS, 300_000, ["acolleague"], ["alead", "amanager"])
