"""In a real browser: the badge's poll says it is background, "곧 로그아웃됩니다" appears before the
idle sign-out, "로그인 유지" keeps the session, and an unattended page ends on the sign-in page.

The idle limit is shortened to seconds for the test (the live server thread reads the same
settings); the rule itself is tested on the server in tests/core/test_session_expiry.py.
"""

from __future__ import annotations

import re

import pytest
from django_tenants.utils import schema_context

from tenants.models import InstitutionKind
from tests.browser import committed_institution
from tests.factories import DepartmentFactory, UserFactory
from tests.support import PASSWORD

CODE = "idleweb"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db,
]


@pytest.fixture(scope="module")
def institution(django_db_setup, django_db_blocker):
    with committed_institution(django_db_blocker, code=CODE, name="세션시험원", kind=InstitutionKind.AGENCY) as created:
        with schema_context(CODE):
            UserFactory(username="hong", name="홍길동", department=DepartmentFactory(name="정보화팀", code="W100"))
        yield created


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
