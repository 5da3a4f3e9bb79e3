"""The month calendar in real headless Chromium shows each entry's whole title (issue 9, item 15:
titles were cut to about six characters by one-line cells with an ellipsis): it wraps inside the
day's cell instead.

Same set-up as test_drafting_browser.py: Debian's Chromium, a live server thread of this process
and a committed institution of this module's own, dropped at the end.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from tasks.services.schedules import schedule_entry_create
from tenants.models import InstitutionKind
from tests.browser import committed_institution
from tests.factories.approval import org_chart
from tests.support import PASSWORD

CODE = "calweb"
TITLE = "2027년도 본예산 편성 설명회 및 부서별 사업 협의"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db,
]


@pytest.fixture(scope="module")
def institution(django_db_setup, django_db_blocker):
    """A committed institution whose drafter has a long-titled entry today."""
    with committed_institution(
        django_db_blocker, code=CODE, name="달력시험공사", kind=InstitutionKind.CORPORATION
    ) as created:
        with schema_context(CODE):
            org = org_chart()
            start = timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0)
            end = start + timedelta(hours=1)
            schedule_entry_create(actor=org.drafter, scope="personal", title=TITLE, starts_at=start, ends_at=end)
        yield created


@pytest.fixture
def context_options():
    return {"viewport": {"width": 1280, "height": 900}}


def test_a_long_title_is_shown_whole_in_the_month(page, server_port):
    from playwright.sync_api import expect

    page.goto(f"http://{CODE}.localhost:{server_port}/calendar/")
    page.get_by_label("아이디").fill("adrafter")
    page.get_by_label("비밀번호").fill(PASSWORD)
    page.get_by_role("button", name="로그인").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("월")

    item = page.locator(".calendar.month li", has_text=TITLE)
    expect(item).to_be_visible()
    # Nothing of it is clipped: the item is as wide as its text needs, and stays inside its day.
    fits = item.evaluate(
        """li => li.scrollWidth <= li.clientWidth + 1
            && li.getBoundingClientRect().right <= li.closest('td').getBoundingClientRect().right + 1"""
    )
    assert fits
