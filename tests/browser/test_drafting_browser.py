"""A drafter, in real headless Chromium, starts a general draft, writes a bold word with the
editor's toolbar, picks a unit task by searching (its retention period fills in), sees the page
save itself, adds a carbon copy with the people picker, and submits (상신) along the suggested
line. Then what a first-time user met (issue 9): the 결재 금액 field keeps what was typed and
shows how it was read; three lines typed in 본문 — one of them composed through the Korean IME —
stay three paragraphs through the approver's edit and into the PDF; a title past its limit is
said at the field, never cut.

Same set-up as test_login_browser.py: Debian's Chromium via Playwright's `executable_path`, a
live server thread of this process, and a committed institution of this module's own, dropped
at the end.
"""

from __future__ import annotations

import io
import re
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connections
from django_tenants.utils import schema_context
from pypdf import PdfReader

from approval.models import Document, DocumentStatus
from approval.pdf import render_document_pdf
from approval.services import document_approve
from org.models import User
from tenants.models import InstitutionKind
from tests.browser import committed_institution, wait_for_url_or_refusal
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
    with committed_institution(
        django_db_blocker, code=CODE, name="기안시험공사", kind=InstitutionKind.CORPORATION
    ) as created:
        with schema_context(CODE):
            org = org_chart()
            unit_task(department=org.team, code="MW-001", name="민원 응대", retention_period="10")
        yield created


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


def eventually(check, seconds: float = 10.0) -> None:
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

    # People join the line through the people picker, with the kind chosen beside it.
    line_picker = page.get_by_role("combobox", name="결재선에 넣을 사람")
    kind = page.get_by_label("구분", exact=True)
    line_picker.fill("변동료")
    expect(page.get_by_role("option", name=re.compile("변동료"))).to_be_visible()
    line_picker.press("Enter")
    kind.select_option("cc")
    page.get_by_role("button", name="결재선에 추가").click()
    expect(page.locator(".cc-list")).to_contain_text("변동료")
    # Added: the picker is empty again, ready for the next.
    expect(page.get_by_role("list", name="고른 사람")).to_be_hidden()

    # The line editor works from the keyboard: add a 협조 through the picker, then move the team
    # head down with Enter; the focus stays on their button after the editor is swapped.
    line_picker.fill("석재무")
    expect(page.get_by_role("option", name=re.compile("석재무"))).to_be_visible()
    line_picker.press("Enter")
    kind.select_option("concurrence")
    page.get_by_role("button", name="결재선에 추가").press("Enter")
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
            pk=pk, title="민원 응대 매뉴얼 개정", body__contains="<strong>개정</strong>", retention_period="10"
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
    wait_for_url_or_refusal(page, f"{base}/approval/{pk}/")
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


def _signed_in(page, server_port, username: str = "adrafter") -> tuple[str, list[str]]:
    problems: list[str] = []  # script errors and CSP refusals (inline script or style)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("console", lambda m: problems.append(m.text) if "Content Security Policy" in m.text else None)
    base = f"http://{CODE}.localhost:{server_port}"
    page.goto(f"{base}/approval/new/")
    page.get_by_label("아이디").fill(username)
    page.get_by_label("비밀번호").fill(PASSWORD)
    page.get_by_role("button", name="로그인").click()
    return base, problems


def _new_draft(page) -> int:
    from playwright.sync_api import expect

    page.get_by_role("button", name="기안 시작").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("기안문 작성")
    expect(page.locator("#body-editor")).to_be_visible()  # the editor has replaced the textarea
    return int(re.search(r"/approval/(\d+)/draft/", page.url).group(1))


def _amount_of(pk: int):
    return in_schema(lambda: Document.objects.values_list("decision_amount", flat=True).get(pk=pk))


# What people type, what the field keeps, how the page says it was read, what is saved.
READ_AMOUNTS = [
    ("5백만원", "5백만원", "금5,000,000원(금오백만원)", 5_000_000),
    ("1억 2천만원", "1억 2천만원", "금120,000,000원(금일억이천만원)", 120_000_000),
    ("500만원", "500만원", "금5,000,000원(금오백만원)", 5_000_000),
    ("5,000,000원", "5,000,000원", "금5,000,000원(금오백만원)", 5_000_000),
    ("3000000", "3,000,000", "금3,000,000원(금삼백만원)", 3_000_000),  # plain figures get separators
]
# What cannot be read: kept as typed, the reason beside the field, nothing saved.
REFUSED_AMOUNTS = [
    ("5000000.5", "원 단위까지만"),
    ("1e6", "숫자로 입력하세요"),
    ("-5000000", "0원 이상"),
    ("1억 2천", "뜻이 둘"),
    ("abc", "숫자로 입력하세요"),
]


def test_the_amount_is_never_rewritten_and_is_shown_as_read(page, server_port):
    from playwright.sync_api import expect

    _base, problems = _signed_in(page, server_port)
    pk = _new_draft(page)
    amount = page.get_by_label("결재 금액(원)")
    read = page.locator("#amount-preview")
    status = page.locator("#autosave-status")

    for typed, kept, shown, saved in READ_AMOUNTS:
        amount.fill(typed)
        expect(read).to_have_text(f"읽은 금액: {shown}")
        amount.blur()
        expect(amount).to_have_value(kept)
        page.get_by_role("button", name="임시 저장").click()
        eventually(lambda saved=saved: Document.objects.filter(pk=pk, decision_amount=saved).exists())

    # The last amount saved is 3,000,000; none of these may change it, and none is rewritten.
    for typed, reason in REFUSED_AMOUNTS:
        amount.fill(typed)
        expect(read).to_contain_text(reason)
        amount.blur()
        expect(amount).to_have_value(typed)
        page.get_by_role("button", name="임시 저장").click()
        expect(status).to_contain_text(reason)
        assert _amount_of(pk) == 3_000_000

    # 상신 with "abc" still in the field is refused at the field, with the text as typed.
    page.get_by_label("제목", exact=True).fill("금액 확인")
    page.get_by_role("button", name="상신", exact=True).click()
    expect(page.locator(".amount-field .error")).to_contain_text("숫자로 입력하세요")
    expect(page.get_by_label("결재 금액(원)")).to_have_value("abc")
    assert in_schema(lambda: Document.objects.get(pk=pk).status) == DocumentStatus.DRAFT
    assert _amount_of(pk) == 3_000_000
    assert problems == []


def test_a_refused_submission_opens_on_the_summary_of_what_to_fix(page, server_port):
    """After a refused 상신 the focus is on the error summary (issue 9, item 15), which says why and
    links to each field to fix."""
    from playwright.sync_api import expect

    _base, problems = _signed_in(page, server_port)
    pk = _new_draft(page)
    page.get_by_label("제목", exact=True).fill("단위과제 없는 기안")
    page.get_by_role("button", name="상신", exact=True).click()

    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("상신하지 못했습니다")
    to_unit_task = summary.get_by_role("link", name=re.compile("^단위과제: "))
    to_unit_task.click()
    expect(page.get_by_label("단위과제", exact=True)).to_be_focused()
    assert in_schema(lambda: Document.objects.get(pk=pk).status) == DocumentStatus.DRAFT
    assert problems == []


def _compose(page, syllables: list[str]) -> None:
    """Type through the IME as a Korean keyboard does: each syllable grows jamo by jamo inside one
    composition (ㄷ → 다 → 단), then is committed."""
    session = page.context.new_cdp_session(page)
    for steps in syllables:
        for step in steps:
            session.send("Input.imeSetComposition", {"text": step, "selectionStart": 1, "selectionEnd": 1})
        session.send("Input.insertText", {"text": steps[-1]})
    session.detach()


def test_three_lines_stay_three_paragraphs_into_the_pdf(page, server_port):
    from playwright.sync_api import expect

    base, problems = _signed_in(page, server_port)
    pk = _new_draft(page)
    page.get_by_label("제목", exact=True).fill("민원 응대 개선 계획")
    body = page.get_by_role("textbox", name="본문")
    body.click()
    page.keyboard.type("1. 목적: 민원 응대 개선")
    page.keyboard.press("Enter")
    page.keyboard.type("2. 금액: 5,000,000원")
    page.keyboard.press("Enter")
    page.keyboard.type("3. 기대효과: 처리 기간 ")
    _compose(page, [["ㄷ", "다", "단"], ["ㅊ", "추", "축"]])
    expect(body.locator("p")).to_have_count(3)
    expect(body.locator("p").nth(2)).to_have_text("3. 기대효과: 처리 기간 단축")
    page.get_by_label("단위과제", exact=True).fill("민원")
    page.get_by_role("button", name=re.compile("민원 응대")).click()
    expect(page.get_by_label("보존기간", exact=True)).to_have_value("10")
    page.get_by_role("button", name="상신", exact=True).click()
    wait_for_url_or_refusal(page, f"{base}/approval/{pk}/")

    lines = "<p>1. 목적: 민원 응대 개선</p><p>2. 금액: 5,000,000원</p><p>3. 기대효과: 처리 기간 단축</p>"
    assert in_schema(lambda: Document.objects.get(pk=pk).body) == lines
    expect(page.locator(".doc-body p")).to_have_count(3)

    # The reviewer adds a line with the same editor on the document page: a fourth paragraph.
    reviewer = page.context.browser.new_context(locale="ko-KR").new_page()
    reviewer.on("pageerror", lambda error: problems.append(str(error)))
    reviewer.on("console", lambda m: problems.append(m.text) if "Content Security Policy" in m.text else None)
    reviewer.goto(f"{base}/approval/{pk}/")
    reviewer.get_by_label("아이디").fill("alead")
    reviewer.get_by_label("비밀번호").fill(PASSWORD)
    reviewer.get_by_role("button", name="로그인").click()
    reviewer.locator("summary", has_text="본문 수정").click()
    edit = reviewer.get_by_role("textbox", name="본문")
    expect(edit.locator("p")).to_have_count(3)
    edit.locator("p").nth(2).click()
    reviewer.keyboard.press("End")
    reviewer.keyboard.press("Enter")
    reviewer.keyboard.type("4. 일정: 2027년 1월")
    reviewer.get_by_role("button", name="수정하여 저장").click()
    expect(reviewer.locator(".doc-body p")).to_have_count(4)
    four = lines + "<p>4. 일정: 2027년 1월</p>"
    assert in_schema(lambda: Document.objects.get(pk=pk).body) == four

    def completed_pdf() -> bytes:
        document = Document.objects.get(pk=pk)
        document = document_approve(document=document, actor=User.objects.get(username="alead"))
        document = document_approve(document=document, actor=User.objects.get(username="amanager"))
        assert document.status == DocumentStatus.COMPLETED
        return render_document_pdf(document)

    content = in_schema(completed_pdf)
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    printed = [line.strip() for line in text.splitlines()]
    for expected in ("1. 목적: 민원 응대 개선", "2. 금액: 5,000,000원", "3. 기대효과: 처리 기간 단축"):
        assert expected in printed, printed
    assert any(line.startswith("4. 일정: 2027년 1월") and line.endswith("끝.") for line in printed), printed
    assert problems == []


def test_a_title_past_its_limit_is_said_at_the_field_not_cut(page, server_port):
    from playwright.sync_api import expect

    _base, problems = _signed_in(page, server_port)
    pk = _new_draft(page)
    title = page.get_by_label("제목", exact=True)
    title.fill("가" * 300)
    expect(page.locator("#id_title-count")).to_have_text("300/300자")
    page.get_by_role("button", name="임시 저장").click()
    eventually(lambda: Document.objects.filter(pk=pk, title="가" * 300).exists())

    long = "나" * 301
    title.fill(long)
    expect(title).to_have_value(long)  # all of it: the browser cuts nothing
    expect(page.locator("#id_title-count")).to_have_text("300자까지 쓸 수 있습니다(지금 301자). 줄여 주세요.")
    page.get_by_role("button", name="임시 저장").click()
    expect(page.locator("#autosave-status")).to_contain_text("제목: 300자까지 쓸 수 있습니다(지금 301자)")
    assert in_schema(lambda: Document.objects.get(pk=pk).title) == "가" * 300

    page.get_by_role("button", name="상신", exact=True).click()
    expect(page.locator(".field.has-error p.error:not(.char-count)")).to_have_text(
        "300자까지 쓸 수 있습니다(지금 301자). 줄여 주세요."
    )
    expect(page.locator("#id_title-count")).to_have_text("301/300자")  # said once, under the field
    expect(page.get_by_label("제목", exact=True)).to_have_value(long)
    assert problems == []
