"""A real browser signs in at an institution, finds its way around and signs out.

Headless Debian Chromium (never a downloaded browser) driven by Playwright, against Django's live
server running in a thread of this process. Chromium resolves ``*.localhost`` to the loopback
address itself, so the institution's real host name reaches the server without /etc/hosts.

Why not pytest-django's ``live_server``: it implies ``transactional_db``, which empties every
public-schema table (institutions and domains included) after the test and so would wipe the
session's alpha and beta for every later test. Instead this module provisions its own institution
with committed data, runs the server thread itself, and drops that institution (schema and rows)
at the end. The server thread has its own database connection, so it sees committed data only —
which is exactly what a browser against a real server sees.
"""

from __future__ import annotations

import re

import pytest
from django_tenants.utils import schema_context

from tenants.models import InstitutionKind
from tests.browser import committed_institution
from tests.factories import DepartmentFactory, PositionFactory, UserFactory
from tests.support import PASSWORD

CODE = "webtest"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db,  # makes pytest-django set up the test database even when run alone
]


@pytest.fixture(scope="module")
def institution(django_db_setup, django_db_blocker):
    """A committed institution with one staff member, dropped (schema and rows) afterwards.

    The database stays unblocked for the whole module: the server thread shares pytest-django's
    process-wide guard against unplanned database access."""
    with committed_institution(
        django_db_blocker, code=CODE, name="웹시험연구원", kind=InstitutionKind.AGENCY
    ) as created:
        with schema_context(CODE):
            team = DepartmentFactory(name="정보화팀", code="W100")
            UserFactory(username="hong", name="홍길동", department=team, position=PositionFactory(name="주무관"))
        yield created


def test_sign_in_look_around_sign_out(page, server_port):
    from playwright.sync_api import expect

    base = f"http://{CODE}.localhost:{server_port}"

    page.goto(f"{base}/")
    expect(page).to_have_url(f"{base}/accounts/login/?next=/")
    expect(page.get_by_role("heading", level=1)).to_have_text("로그인")
    expect(page.get_by_text("웹시험연구원 직원 전용입니다.")).to_be_visible()

    page.get_by_label("아이디").fill("hong")
    page.get_by_label("비밀번호").fill("wrong-password")
    page.get_by_role("button", name="로그인").click()
    expect(page.get_by_role("alert")).to_contain_text("비밀번호를 입력하십시오")

    page.get_by_label("비밀번호").fill(PASSWORD)
    page.get_by_role("button", name="로그인").click()
    expect(page).to_have_url(f"{base}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("홍길동님, 안녕하세요")
    expect(page.locator(".who")).to_have_text("홍길동 주무관")
    expect(page.get_by_role("link", name="관리 콘솔")).to_have_count(0)  # staff, not an admin

    page.get_by_role("link", name="비밀번호 변경").click()
    expect(page).to_have_url(f"{base}/accounts/password/")
    expect(page.get_by_role("heading", level=1)).to_have_text("비밀번호 변경")
    expect(page.get_by_label("기존 비밀번호")).to_be_visible()

    page.get_by_role("button", name="로그아웃").click()
    expect(page).to_have_url(f"{base}/accounts/login/")
    page.goto(f"{base}/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/$"))
