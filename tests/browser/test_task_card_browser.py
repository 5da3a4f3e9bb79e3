"""A staff member, in real headless Chromium, opens a unit task they own, creates its card
(과제관리카드), adds a performance entry (실적) through htmx, and sees the completeness meter change
in place without a page load.

Same set-up as test_login_browser.py: Debian's Chromium via Playwright's `executable_path`, a
live server thread of this process, and a committed institution of this module's own, dropped
at the end (pytest-django's live_server would empty the public schema and lose alpha and beta).
"""

from __future__ import annotations

import pytest
from django_tenants.utils import schema_context

from tenants.models import InstitutionKind
from tests.browser import committed_institution
from tests.factories import DepartmentFactory, PositionFactory, UserFactory
from tests.factories.tasks_cards import function_path, unit_task
from tests.support import PASSWORD

CODE = "cardweb"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db,
]


@pytest.fixture(scope="module")
def institution(django_db_setup, django_db_blocker):
    """A committed institution where 홍길동 owns the unit task 민원 응대 개선 (no card yet)."""
    with committed_institution(
        django_db_blocker, code=CODE, name="카드시험공단", kind=InstitutionKind.AGENCY
    ) as created:
        with schema_context(CODE):
            team = DepartmentFactory(name="고객지원팀", code="C100")
            hong = UserFactory(username="hong", name="홍길동", department=team, position=PositionFactory(name="주무관"))
            unit_task(
                department=team, function=function_path(department=team, prefix="CS"), code="CS-001",
                name="민원 응대 개선", owner=hong,
            )  # fmt: skip
        yield created


def test_create_card_add_performance_and_see_completeness_change(page, server_port):
    from playwright.sync_api import expect

    base = f"http://{CODE}.localhost:{server_port}"
    page.goto(f"{base}/tasks/")
    page.get_by_label("아이디").fill("hong")
    page.get_by_label("비밀번호").fill(PASSWORD)
    page.get_by_role("button", name="로그인").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("과제관리")

    # My unit task is in the list, marked as mine, without a card yet.
    row = page.get_by_role("row").filter(has_text="민원 응대 개선")
    expect(row).to_contain_text("담당")
    expect(row).to_contain_text("없음")
    row.get_by_role("link", name="민원 응대 개선").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("민원 응대 개선")

    page.get_by_role("link", name="과제관리카드 만들기").click()
    page.get_by_label("과제 개요").fill("민원 응대 시간을 줄이고 만족도를 높인다.")
    page.get_by_role("button", name="카드 만들기").click()

    meter = page.locator("#completeness .meter-value")
    # 개요 and 담당자: 2 of 10 items.
    expect(meter).to_have_text("20%")
    expect(page.locator("#completeness progress")).to_have_attribute("value", "20")

    page.evaluate("window.loadedOnce = true")  # gone if the page reloads
    form = page.get_by_role("form", name="실적 추가")
    # Sent without a title: the section comes back (422) with the error beside the field, the
    # typed text kept, and nothing counted.
    form.get_by_label("내용").fill("평균 응대 시간 3일 → 2일")
    form.get_by_role("button", name="실적 추가").click()
    expect(form.get_by_role("alert")).to_have_text("필수 항목입니다.")
    expect(form.get_by_label("내용")).to_have_value("평균 응대 시간 3일 → 2일")
    expect(meter).to_have_text("20%")

    form.get_by_label("실적 제목").fill("11월 민원 응대 실적")
    form.get_by_role("button", name="실적 추가").click()

    # htmx swapped the performance section and, out of band, the meter: a recent 실적 is 3 of 10.
    entries = page.locator("#section-performance")
    expect(entries).to_contain_text("11월 민원 응대 실적")
    expect(meter).to_have_text("30%")
    expect(page.locator("#completeness progress")).to_have_attribute("value", "30")
    assert page.evaluate("window.loadedOnce === true")  # no page load: updated in place
