"""Registration → register in real headless Chromium (issue 15 item 7): the department head
approves the last step of a document (전결), and the drafter finds it in their department's
기록물등록대장 with its registration number, inside the right 기록물철 (its unit task's file of the
year) with the unit task's retention; the file's page in the 기록물철등록부 shows the same.

Same set-up as the other browser tests: Debian's Chromium via Playwright's `executable_path`, a
live server thread of this process, a committed institution of this module's own, dropped at the
end. The PDF render the completion enqueues waits in Redis with no worker, which changes nothing
here (the record is written in the completing transaction, not after it).
"""

from __future__ import annotations

import pytest
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.db import connection
from django.test.testcases import LiveServerThread
from django_tenants.utils import schema_context

from approval.services import document_approve
from tenants.models import Institution, InstitutionKind
from tenants.services import institution_create
from tests.browser import CHROMIUM, CHROMIUM_ARGS
from tests.factories.approval import org_chart, submitted
from tests.factories.tasks_cards import unit_task
from tests.support import PASSWORD

CODE = "recordsweb"
TITLE = "2026년 청사 안전점검 결과 보고"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium: apt install chromium"),
]


@pytest.fixture(scope="module")
def institution(django_db_setup, django_db_blocker):
    """총무팀's document under the 10-year unit task 시설안전관리, reviewed by the team head and
    waiting for the department head's decision."""
    with django_db_blocker.unblock():
        created = institution_create(code=CODE, name="기록시험재단", kind=InstitutionKind.AGENCY).institution
        try:
            with schema_context(CODE):
                org = org_chart()
                task = unit_task(
                    department=org.team, name="시설안전관리", retention_period="10", retention_reason="시설 안전 이력"
                )
                document = submitted(org, title=TITLE, unit_task=task)
                document_approve(document=document, actor=org.lead)
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
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            yield chromium
        finally:
            chromium.close()


def test_a_completed_document_appears_in_the_register_in_its_file(browser, server_port):
    from playwright.sync_api import expect

    base = f"http://{CODE}.localhost:{server_port}"

    def session(username: str):
        page = browser.new_context(locale="ko-KR", viewport={"width": 1280, "height": 1400}).new_page()
        page.goto(f"{base}/approval/")
        page.get_by_label("아이디").fill(username)
        page.get_by_label("비밀번호").fill(PASSWORD)
        page.get_by_role("button", name="로그인").click()
        return page

    manager = session("amanager")
    manager.get_by_role("link", name=TITLE).click()
    manager.locator("#actions").get_by_role("button", name="승인").click()
    expect(manager.locator("#actions")).not_to_contain_text("결재할 차례입니다")

    drafter = session("adrafter")
    drafter.get_by_role("navigation").get_by_role("link", name="기록관리").first.click()
    expect(drafter.get_by_role("heading", level=1)).to_have_text("기록관리")
    row = drafter.get_by_role("row").filter(has_text=TITLE)
    expect(row).to_contain_text("총무팀-1")
    expect(row).to_contain_text("시설안전관리")
    expect(row).to_contain_text("10년")
    expect(row).to_contain_text("공개")

    drafter.get_by_label("검색", exact=True).fill("안전점검")
    drafter.get_by_role("button", name="찾기").click()
    expect(drafter.get_by_role("row").filter(has_text=TITLE)).to_have_count(1)

    row.get_by_role("link", name="시설안전관리").click()
    expect(drafter.get_by_role("heading", name="시설안전관리")).to_be_visible()
    facts = drafter.locator("dl.facts")
    expect(facts).to_contain_text("A111-")
    expect(facts).to_contain_text("10년")
    expect(facts).to_contain_text("시설 안전 이력")
    expect(drafter.get_by_role("row").filter(has_text=TITLE)).to_contain_text("총무팀-1")

    drafter.get_by_role("link", name="기록물철등록부").click()
    expect(drafter.get_by_role("row").filter(has_text="시설안전관리")).to_contain_text("10년")
