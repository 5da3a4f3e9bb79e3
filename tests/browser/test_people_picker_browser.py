"""The one people picker (issue 9, item 13) in real headless Chromium: a memo's recipients are
picked by typing a name, a department and a position and choosing with the keyboard, one is taken
off again from the keyboard, and the memo sent has exactly the two left, in the order picked. On
the document page, 공람 and then 열람 권한 are given through pickers that htmx swaps in.

Same set-up as test_drafting_browser.py: Debian's Chromium, a live server thread of this process
and a committed institution of this module's own, dropped at the end.
"""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connections
from django_tenants.utils import schema_context

from approval.models import Circulation, Document
from approval.permissions import read_grants
from approval.services import document_approve
from tasks.models import MemoReport
from tenants.models import InstitutionKind
from tests.browser import committed_institution
from tests.factories.approval import org_chart, submitted
from tests.support import PASSWORD

CODE = "pickweb"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db,
]


@pytest.fixture(scope="module")
def institution(django_db_setup, django_db_blocker):
    """A committed institution with the org chart of tests.factories.approval and one completed
    document of the drafter's."""
    with committed_institution(
        django_db_blocker, code=CODE, name="선택시험공사", kind=InstitutionKind.CORPORATION
    ) as created:
        with schema_context(CODE):
            org = org_chart()
            document = submitted(org, title="공람할 완료 문서")
            document_approve(document=document, actor=org.lead)
            document_approve(document=document, actor=org.manager)
        yield created


def in_schema(query):
    """Run `query()` in the institution's schema on a thread of its own (Playwright's sync API
    keeps an event loop on this one, where Django refuses database calls)."""

    def run():
        try:
            with schema_context(CODE):
                return query()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(run).result()


def sign_in(page, base: str, path: str, username: str) -> None:
    page.goto(f"{base}{path}")
    page.get_by_label("아이디").fill(username)
    page.get_by_label("비밀번호").fill(PASSWORD)
    page.get_by_role("button", name="로그인").click()


def test_pick_three_people_by_keyboard_remove_one_and_send(page, server_port):
    from playwright.sync_api import expect

    problems: list[str] = []  # script errors and CSP refusals
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("console", lambda m: problems.append(m.text) if "Content Security Policy" in m.text else None)
    base = f"http://{CODE}.localhost:{server_port}"
    sign_in(page, base, "/memos/new/", "adrafter")
    expect(page.get_by_role("heading", level=1)).to_have_text("메모보고 작성")

    page.get_by_label("제목").fill("주간 업무 보고")
    page.get_by_label("내용").fill("이번 주 업무를 보고드립니다.")

    picker = page.get_by_role("combobox", name="받는 사람")
    results = page.get_by_role("listbox", name="찾은 사람")
    chosen = page.get_by_role("list", name="고른 사람")
    status = page.locator(".people-picker [role=status]")

    # By name: the first match is ready, Enter takes it and the focus stays in the box.
    picker.fill("도팀")
    expect(results.get_by_role("option")).to_have_count(1)
    expect(results.get_by_role("option").first).to_contain_text("도팀장")
    picker.press("Enter")
    expect(chosen).to_contain_text("도팀장 · 총무팀 · 팀장")
    expect(status).to_contain_text("도팀장 · 총무팀 · 팀장 추가함. 고른 사람 1명.")
    expect(picker).to_be_focused()
    expect(picker).to_have_value("")

    # By department: two people of 재무부; ↓ moves to the second, Enter takes it.
    picker.press_sequentially("재무부")
    expect(results.get_by_role("option")).to_have_count(2)
    expect(status).to_contain_text("2명 찾음")
    picker.press("ArrowDown")
    expect(results.get_by_role("option", selected=True)).to_contain_text("탁회계")
    picker.press("Enter")
    expect(chosen).to_contain_text("탁회계 · 재무부 · 팀원")

    # By position.
    picker.press_sequentially("본부장")
    expect(results.get_by_role("option")).to_have_count(1)
    picker.press("Enter")
    expect(chosen.get_by_role("listitem")).to_have_count(3)

    # Enter never sent the memo from the box.
    assert page.url.endswith("/memos/new/")

    # Take 탁회계 off from the keyboard: Backspace in the empty box goes to the last chip, ← to the
    # one before, Delete removes it and the focus goes on to the chip that took its place.
    picker.press("Backspace")
    expect(page.get_by_role("button", name="권본부 · 경영본부 · 본부장 빼기")).to_be_focused()
    page.keyboard.press("ArrowLeft")
    expect(page.get_by_role("button", name="탁회계 · 재무부 · 팀원 빼기")).to_be_focused()
    page.keyboard.press("Delete")
    expect(chosen.get_by_role("listitem")).to_have_count(2)
    expect(chosen).not_to_contain_text("탁회계")
    expect(status).to_contain_text("탁회계 · 재무부 · 팀원 뺌. 고른 사람 2명.")
    expect(page.get_by_role("button", name="권본부 · 경영본부 · 본부장 빼기")).to_be_focused()

    page.get_by_role("button", name="보내기").click()
    expect(page).to_have_url(re.compile(r"/memos/\d+/$"))
    memo_pk = int(re.search(r"/memos/(\d+)/$", page.url).group(1))

    def recipients():
        memo = MemoReport.objects.get(pk=memo_pk)
        return list(memo.recipients.order_by("pk").values_list("recipient__username", flat=True))

    assert in_schema(recipients) == ["alead", "adirector"]
    assert problems == []


def test_circulate_and_grant_reading_on_the_document_page(page, server_port):
    """The document page's actions come back swapped in by htmx when one is refused: the picker
    of the new part works as the first did."""
    from playwright.sync_api import expect

    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("console", lambda m: problems.append(m.text) if "Content Security Policy" in m.text else None)
    base = f"http://{CODE}.localhost:{server_port}"
    pk = in_schema(lambda: Document.objects.get(title="공람할 완료 문서").pk)
    sign_in(page, base, f"/approval/{pk}/", "adrafter")
    actions = page.locator("#actions")

    # 공람 지정 with nobody chosen is refused, and the actions come back swapped in.
    actions.locator("summary", has_text="공람 지정").click()
    actions.get_by_role("button", name="공람 지정").click()
    expect(actions.locator(".error")).to_contain_text("필수 항목입니다")
    circulate = actions.get_by_role("combobox", name="공람할 직원")
    for query in ("변동", "석재"):
        circulate.fill(query)
        expect(actions.get_by_role("option").first).to_contain_text(query)
        circulate.press("Enter")
    expect(actions.get_by_role("list", name="고른 사람").get_by_role("listitem")).to_have_count(2)
    actions.get_by_role("button", name="공람 지정").click()
    expect(page.get_by_role("main")).to_contain_text("공람을 지정했습니다")

    # 열람 권한: one person, picked the same way.
    actions.locator("summary", has_text="열람 권한").click()
    reader = actions.get_by_role("combobox", name="열람 권한을 줄 직원")
    reader.fill("탁회")
    expect(actions.get_by_role("option").first).to_contain_text("탁회계")
    reader.press("Enter")
    actions.get_by_role("button", name="열람 권한 주기").click()
    expect(page.get_by_role("main")).to_contain_text("열람 권한을 주었습니다")

    def given():
        circulated = sorted(Circulation.objects.filter(document_id=pk).values_list("user__username", flat=True))
        readers = sorted(read_grants(pk).values_list("user__username", flat=True))
        return circulated, readers

    assert in_schema(given) == (["acolleague", "afinhead"], ["aaccountant"])
    assert problems == []
