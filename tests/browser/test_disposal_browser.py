"""평가·폐기 in real headless Chromium (issue 15 item 5): the 기록관 lists a file whose retention
ended (총무팀's 2020 5년 file), the 처리과 gives its opinion on the review's page, the 기록관 submits
the 심사 with the 기록물평가심의회's members, the institution head approves the 심의 document on
its approval page, and the review then shows the file destroyed and offers the 폐기 확인서.

Same set-up as the other browser tests: Debian's Chromium via Playwright's `executable_path`, the
live server and page from tests/browser/conftest.py, a committed institution of this module's own.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django_tenants.utils import schema_context

from records.services import arrangement_close
from tenants.models import InstitutionKind
from tests.browser import CHROMIUM, CHROMIUM_ARGS, committed_institution
from tests.factories import UserFactory
from tests.factories.approval import org_chart
from tests.factories.records import completed
from tests.factories.tasks_cards import unit_task
from tests.support import PASSWORD

CODE = "recdispweb"
TITLE = "2020년 사무용품 구매 내역"
KST = ZoneInfo("Asia/Seoul")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium: apt install chromium"),
]


@pytest.fixture(scope="module")
def institution(django_db_setup, django_db_blocker):
    with committed_institution(django_db_blocker, code=CODE, name="폐기시험재단", kind=InstitutionKind.AGENCY) as made:
        with schema_context(CODE):
            org = org_chart()
            UserFactory(username="archivist", name="기록관", department=org.root, roles=["staff", "records_manager"])
            unit_task(department=org.root, name="기록물관리", retention_period="permanent")
            completed(org, title=TITLE, now=datetime(2020, 3, 5, 10, tzinfo=KST))
            arrangement_close(actor=org.lead, department=org.team, year=2020, now=datetime(2021, 2, 10, tzinfo=KST))
        yield made


@pytest.fixture
def browser():
    """One Chromium for the test, a context per person (기록관, 처리과, 기관장)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            yield chromium
        finally:
            chromium.close()


def test_three_steps_to_a_destroyed_file_and_its_certificate(browser, server_port):
    from playwright.sync_api import expect

    base = f"http://{CODE}.localhost:{server_port}"

    def session(username: str):
        page = browser.new_context(locale="ko-KR", viewport={"width": 1400, "height": 1400}).new_page()
        page.goto(f"{base}/records/disposals/")
        page.get_by_label("아이디").fill(username)
        page.get_by_label("비밀번호").fill(PASSWORD)
        page.get_by_role("button", name="로그인").click()
        return page

    archivist = session("archivist")
    archivist.goto(f"{base}/records/disposals/")
    row = archivist.get_by_role("row").filter(has_text="일반서무")
    expect(row).to_contain_text("5년")
    row.get_by_role("checkbox").check()
    archivist.get_by_label("평가 제목").fill("2026년 기록물 평가")
    archivist.get_by_role("button", name="평가 대상으로 정하고 처리과 의견 요청").click()
    expect(archivist.get_by_role("heading", name="2026년 기록물 평가")).to_be_visible()
    review_url = archivist.url

    drafter = session("adrafter")
    drafter.goto(review_url)
    drafter.get_by_label("처리과 의견").select_option(label="폐기")
    drafter.get_by_role("button", name="의견 제출").click()
    expect(drafter.get_by_role("row").filter(has_text="일반서무")).to_contain_text("문기안")

    archivist.goto(review_url)
    archivist.get_by_label("심사 결과").select_option(label="폐기")
    archivist.get_by_label("기록물평가심의회 위원", exact=False).fill(
        "김위원 / 폐기시험재단 / 내부\n이위원 / 폐기시험재단 / 내부\n박교수 / 한국기록대학교 / 외부"
    )
    archivist.locator("#unit-task").select_option(index=1)
    archivist.get_by_role("button", name="심의회 결재 상신").click()
    expect(archivist.locator(".chip").first).to_have_text("심의회 결재 중")
    # Each member signs the 심의서 (the 간사 records the paper ones).
    for name in ("김위원", "이위원", "박교수"):
        form = archivist.get_by_role("form", name=f"{name} 위원 서명 기록")
        form.get_by_label("동의", exact=True).check()
        form.get_by_label("서명일").fill(datetime.now(tz=ZoneInfo("Asia/Seoul")).date().isoformat())
        form.get_by_role("button", name="서명 기록").click()
        expect(archivist.get_by_role("heading", name=name).locator("xpath=following-sibling::ul[1]")).to_contain_text(
            "동의"
        )

    ceo = session("aceo")
    ceo.goto(f"{base}/approval/")
    ceo.get_by_role("link", name="기록물 평가·폐기 심의(2026년 기록물 평가)").click()
    ceo.locator("#actions").get_by_role("button", name="승인").click()
    expect(ceo.locator("#actions")).not_to_contain_text("결재할 차례입니다")

    archivist.goto(review_url)
    expect(archivist.locator(".chip").first).to_have_text("심의 완료")
    expect(archivist.get_by_role("row").filter(has_text="일반서무")).to_contain_text("폐기 집행")
    with archivist.expect_download() as download:
        archivist.get_by_role("link", name="폐기 확인서(PDF)").click()
    assert download.value.suggested_filename.startswith("폐기확인서_")
