"""In a real browser: the badge's poll says it is background, "곧 로그아웃됩니다" appears before the
idle sign-out, "로그인 유지" keeps the session, and an unattended page ends on the sign-in page.

The idle limit is shortened to seconds for the test (the live server thread reads the same
settings); the rule itself is tested on the server in tests/core/test_session_expiry.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.db import connection
from django.test.testcases import LiveServerThread
from django_tenants.utils import schema_context

from tenants.models import Institution, InstitutionKind
from tenants.services import institution_create
from tests.factories import DepartmentFactory, UserFactory
from tests.support import PASSWORD

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
CODE = "idleweb"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium: apt install chromium"),
]


@pytest.fixture(scope="module")
def institution(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        created = institution_create(code=CODE, name="세션시험원", kind=InstitutionKind.AGENCY).institution
        try:
            with schema_context(CODE):
                UserFactory(username="hong", name="홍길동", department=DepartmentFactory(name="정보화팀", code="W100"))
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
            yield browser.new_context(locale="ko-KR").new_page()
        finally:
            browser.close()


def test_warning_stay_signed_in_and_idle_sign_out(page, server_port, settings):
    from playwright.sync_api import expect

    settings.SESSION_COOKIE_AGE = 14
    settings.SESSION_WARNING_SECONDS = 9
    base = f"http://{CODE}.localhost:{server_port}"

    page.goto(f"{base}/accounts/login/")
    page.get_by_label("아이디").fill("hong")
    page.get_by_label("비밀번호").fill(PASSWORD)
    with page.expect_request(re.compile(r"/notifications/badge/$")) as poll:
        page.get_by_role("button", name="로그인").click()
    assert poll.value.headers.get("x-background-poll") == "1"
    expect(page.get_by_role("heading", level=1)).to_have_text("홍길동님, 안녕하세요")

    warning = page.get_by_role("alertdialog", name="곧 로그아웃됩니다")
    expect(warning).to_be_hidden()
    expect(warning).to_be_visible()  # once fewer than 9 of the 14 seconds are left
    expect(warning).to_contain_text("뒤 자동으로 로그아웃됩니다")
    stay = warning.get_by_role("button", name="로그인 유지")
    expect(stay).to_be_focused()

    stay.click()
    expect(warning).to_be_hidden()
    expect(page).to_have_url(f"{base}/")  # the button kept the page as it was

    # Left alone, the page ends on the sign-in page and would come back here.
    expect(page).to_have_url(f"{base}/accounts/login/?next=/", timeout=30_000)
