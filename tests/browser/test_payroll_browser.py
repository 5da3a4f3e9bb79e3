"""This month's payroll run in real headless Chromium, from 계산 to 확정 and the transfer file.

The 급여 담당 (문기안) writes this month's run, starts 계산 — a real Celery worker calculates the
chunk — and watches the progress reach 검토; the budget check passes; they submit the 급여지급
결의; the team head reviews it and the department head approves it (the delegation table for
`payroll.run`), each in their own browser session, which executes the budget and posts the
journal; the officer finalises the run (확정) and downloads the bank transfer file (CP949 CSV in
budget's firm-banking layout), then marks it paid.

Same set-up as the other browser tests (Debian's Chromium via Playwright's `executable_path`, a
live server thread, a committed institution of this module's own) plus a worker process
(tests/workers.py) on the default queue, where payroll's chunks go.
"""

from __future__ import annotations

import csv
import io
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.db import connections
from django.utils import timezone
from django_tenants.utils import schema_context

from approval.models import DelegationRule, StepKind
from attendance.models import MonthClose
from budget.charges import balance, lines_for_standard_codes
from payroll.flow import RUN_KIND
from payroll.models import PayrollRun, Payslip, RunStatus
from payroll.services import attendance_month
from tenants.models import InstitutionKind
from tests.browser import CHROMIUM, CHROMIUM_ARGS, committed_institution
from tests.payroll.flow_helpers import flow_org
from tests.payroll.helpers import payroll_budget
from tests.support import PASSWORD
from tests.workers import celery_worker

CODE = "payweb"
BUDGET = {"101-01": 10_000_000, "304-01": 1_000_000, "304-02": 1_000_000}

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db]


@pytest.fixture(scope="module")
def institution(django_db_setup, django_db_blocker):
    """approval's org chart; 문기안 is the 급여 담당; two people on the pay table; this year's
    budget with room on the 인건비 lines; last month's attendance closed by HR; the department
    head decides 급여지급 결의 (위임전결)."""
    made = committed_institution(django_db_blocker, code=CODE, name="급여흐름재단", kind=InstitutionKind.CONTRIBUTED)
    with made as institution:
        with schema_context(CODE):
            org = flow_org()
            payroll_budget(BUDGET, year=timezone.localdate().year)
            paid = attendance_month(timezone.localdate().replace(day=1))
            MonthClose.objects.create(year=paid.year, month=paid.month, closed_by=org.drafter)
            DelegationRule.objects.create(
                kind=RUN_KIND, label="급여지급 결의", deciding_position=org.positions["부서장"]
            )
        yield institution


@pytest.fixture(scope="module")
def worker(institution, tmp_path_factory):
    log = tmp_path_factory.mktemp("payweb-worker") / "worker.log"
    with celery_worker(log, name="payweb") as log:
        yield log


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


def test_the_officer_walks_the_run_from_calculation_to_the_transfer_file(browser, server_port, worker):
    from playwright.sync_api import expect

    base = f"http://{CODE}.localhost:{server_port}"
    problems: list[str] = []
    month = timezone.localdate().replace(day=1)

    def session(username: str):
        page = browser.new_context(locale="ko-KR", accept_downloads=True).new_page()
        page.on("pageerror", lambda error: problems.append(str(error)))
        page.on("console", lambda m: problems.append(m.text) if "Content Security Policy" in m.text else None)
        page.goto(f"{base}/payroll/")
        page.get_by_label("아이디").fill(username)
        page.get_by_label("비밀번호").fill(PASSWORD)
        page.get_by_role("button", name="로그인").click()
        expect(page.get_by_role("link", name="내 급여")).to_be_visible()
        return page

    officer = session("adrafter")
    officer.goto(f"{base}/payroll/runs/")
    officer.get_by_label("귀속 월").fill(f"{month:%Y-%m}")
    officer.get_by_role("button", name="작성").click()
    officer.wait_for_url(re.compile(r"/payroll/runs/\d+/$"))
    pk = int(re.search(r"/payroll/runs/(\d+)/", officer.url).group(1))
    expect(officer.locator("#run-progress")).to_contain_text("준비")

    # 계산 on the worker; the progress block polls until the run reaches 검토.
    officer.get_by_role("button", name="계산 시작").click()
    expect(officer.locator("#run-progress")).to_contain_text("검토", timeout=45_000)
    expect(officer.locator("#run-progress")).to_contain_text("2 / 2")
    officer.reload()
    expect(officer.locator("#withholding-summary")).to_be_visible()

    officer.get_by_role("button", name="예산 확인").click()
    expect(officer.get_by_role("main")).to_contain_text("모든 예산과목의 잔액이 이 급여를 충당합니다")
    expect(officer.locator("#run-progress")).to_contain_text("예산 확인")

    officer.get_by_role("button", name="급여지급 결의 상신").click()
    expect(officer.get_by_role("main")).to_contain_text("급여지급 결의를 상신했습니다")
    expect(officer.locator("#run-approval")).to_contain_text("도팀장")

    def line():
        run = PayrollRun.objects.select_related("document").get(pk=pk)
        steps = run.document.steps.order_by("order").values_list("approver__username", "kind")
        return run.status, run.document.title, list(steps)

    status, title, steps = in_schema(line)
    assert status == RunStatus.APPROVAL
    assert steps == [("alead", StepKind.REVIEW), ("amanager", StepKind.APPROVAL)]

    for username, label in (("alead", "검토"), ("amanager", "승인")):
        approver = session(username)
        approver.goto(f"{base}/approval/")
        approver.get_by_role("link", name=title).click()
        approver.locator("#actions").get_by_role("button", name=label).click()
        expect(approver.locator("#actions")).not_to_contain_text("결재할 차례입니다")

    def charged():
        run = PayrollRun.objects.get(pk=pk)
        line = lines_for_standard_codes(month.year, ["101-01"])["101-01"]
        gross = sum(Payslip.objects.filter(run=run).values_list("gross_amount", flat=True))
        return run.approved_at is not None, balance(line).executed_amount, gross

    approved, executed, gross = in_schema(charged)
    assert approved
    assert executed == gross == 6_480_000

    officer.reload()
    expect(officer.get_by_role("main")).to_contain_text("결재 완료")
    officer.get_by_role("button", name="확정", exact=True).click()
    expect(officer.locator("#run-progress")).to_contain_text("확정")

    with officer.expect_download() as download_info:
        officer.get_by_role("link", name="이체 파일 내려받기 (CSV)").click()
    content = Path(download_info.value.path()).read_bytes()
    rows = list(csv.reader(io.StringIO(content.decode("cp949"))))
    assert rows[0] == ["은행코드", "계좌번호", "예금주", "금액", "적요"]
    nets = in_schema(lambda: dict(Payslip.objects.filter(run_id=pk).values_list("user__name", "net_amount")))
    assert sorted((r[2], int(r[3])) for r in rows[1:]) == sorted(nets.items())
    assert {r[0] for r in rows[1:]} == {"011"}

    officer.get_by_role("button", name="지급 처리").click()
    expect(officer.locator("#run-progress")).to_contain_text("지급")
    assert in_schema(lambda: PayrollRun.objects.get(pk=pk).status) == RunStatus.PAID
    assert problems == []
