"""복무 in real headless Chromium, each person in their own browser session: the staff member
clocks in from the home page with one click (htmx), requests two days of 연가 naming a colleague
as proxy, and their team head finds the request in the 결재대기함 and approves it; the staff
member's balance drops by two and the absence that makes approval's 대결 work is recorded.

Same set-up as the other browser tests (Debian's Chromium via Playwright's `executable_path`, a
live server thread, a committed institution of this module's own, dropped afterwards)."""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.db import connection, connections
from django.test.testcases import LiveServerThread
from django.utils import timezone
from django_tenants.utils import schema_context

from attendance.models import ClockRecord, LeaveRequest, LeaveStatus
from attendance.services import leave_balance
from org.models import Absence
from tenants.models import Institution, InstitutionKind
from tenants.services import institution_create
from tests.browser import CHROMIUM, CHROMIUM_ARGS
from tests.factories.approval import org_chart
from tests.factories.attendance import grant, leave_delegation
from tests.support import PASSWORD

CODE = "attendweb"

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db]


def _next_weekdays() -> tuple[date, date]:
    """Two working days in a row at least a week ahead (no holiday between them)."""
    from attendance.calendar import working_days

    day = timezone.localdate() + timedelta(days=7)
    while True:
        days = working_days(day, day + timedelta(days=1))
        if days.count == 2:
            return day, day + timedelta(days=1)
        day += timedelta(days=1)


@pytest.fixture(scope="module")
def institution(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        created = institution_create(code=CODE, name="복무시험공사", kind=InstitutionKind.CORPORATION).institution
        try:
            with schema_context(CODE):
                org = org_chart()
                leave_delegation(org.positions)
                grant(org.drafter, 15)
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


def in_schema(query):
    """Run `query()` in the institution's schema on a thread of its own (Playwright's sync API
    keeps an event loop on this thread, where Django refuses database calls)."""

    def run():
        try:
            with schema_context(CODE):
                return query()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(run).result()


def test_clock_in_request_leave_and_the_head_approves(browser, server_port):
    from playwright.sync_api import expect

    base = f"http://{CODE}.localhost:{server_port}"
    problems: list[str] = []

    def session(username: str):
        page = browser.new_context(locale="ko-KR").new_page()
        page.on("pageerror", lambda error: problems.append(str(error)))
        page.on("console", lambda m: problems.append(m.text) if "Content Security Policy" in m.text else None)
        page.goto(f"{base}/")
        page.get_by_label("아이디").fill(username)
        page.get_by_label("비밀번호").fill(PASSWORD)
        page.get_by_role("button", name="로그인").click()
        expect(page.get_by_role("link", name="복무", exact=True)).to_be_visible()
        return page

    # 출근 from the home page: one click, the panel swaps in place with the time.
    staff = session("adrafter")
    panel = staff.locator("#clock-panel")
    panel.get_by_role("button", name="출근").click()
    expect(staff.get_by_test_id("clock-in")).to_have_text(re.compile(r"^\d\d:\d\d$"))
    expect(panel.get_by_role("button", name="출근")).to_be_disabled()
    assert in_schema(lambda: ClockRecord.objects.filter(person__username="adrafter", kind="in").count()) == 1

    # 휴가 신청: two days of 연가 with 변동료 as proxy.
    start, end = in_schema(_next_weekdays)
    staff.get_by_role("link", name="복무", exact=True).click()
    staff.get_by_role("link", name="휴가 신청").first.click()
    staff.get_by_label("휴가 종류").select_option(label="연가")
    staff.get_by_label("시작일").fill(start.isoformat())
    staff.get_by_label("종료일").fill(end.isoformat())
    proxy_picker = staff.get_by_role("combobox", name="직무대리자")  # the people picker
    proxy_picker.fill("변동")
    expect(staff.get_by_role("option", name=re.compile("변동료"))).to_be_visible()
    proxy_picker.press("Enter")
    staff.get_by_label("사유").fill("가족 행사")
    staff.get_by_role("button", name="신청", exact=True).click()
    expect(staff.get_by_test_id("leave-status")).to_have_text("결재 중")
    expect(staff.locator("body")).to_contain_text("2일")

    # The team head approves from the 결재대기함.
    head = session("alead")
    head.goto(f"{base}/approval/")
    head.get_by_role("link", name=re.compile("연가 신청")).click()
    head.locator("#actions").get_by_role("button", name="승인").click()
    expect(head.locator("#actions")).not_to_contain_text("결재할 차례입니다")

    staff.reload()
    expect(staff.get_by_test_id("leave-status")).to_have_text("승인")
    assert not problems, problems

    def outcome():
        leave = LeaveRequest.objects.get(applicant__username="adrafter")
        absence = Absence.objects.get(user__username="adrafter")
        return leave.status, leave.days, leave_balance(leave.applicant), absence.proxy.username

    assert in_schema(outcome) == (LeaveStatus.APPROVED, Decimal(2), Decimal(13), "acolleague")
