"""The budget home's chart in real headless Chromium: the vendored Chart.js draws monthly execution
against the 신속집행 target from the page's JSON block under the CSP (script-src 'self', style-src
'self': no refusal in the console), and the same figures stand in the table beside it; then the
staff member opens 예산집행현황 from the sub-navigation.

Same set-up as test_task_card_browser.py: a live server thread of this process and a committed
institution of this module's own, dropped at the end.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django_tenants.utils import schema_context

from budget.charges import execute
from standards.models import ExecutionTarget
from tenants.models import Institution, InstitutionKind
from tenants.services import institution_create
from tests.factories.budget_status import H1_TARGET, H2_TARGET, source, worked_year
from tests.support import PASSWORD

CODE = "budgetweb"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db,
]


@pytest.fixture(scope="module")
def institution(django_db_setup, django_db_blocker):
    """A committed institution with the worked year's structure (tests/factories/budget_status)
    and three executions on 총무팀's lines: 1,500,000 in April, 300,000 and 200,000 in July."""
    with django_db_blocker.unblock():
        created = institution_create(code=CODE, name="예산시험재단", kind=InstitutionKind.AGENCY).institution
        # The province's targets are public rows shared by every test: made here, removed below.
        targets = [
            ExecutionTarget.objects.create(year=2026, half=1, target_rate=H1_TARGET),
            ExecutionTarget.objects.create(year=2026, half=2, target_rate=H2_TARGET),
        ]
        try:
            with schema_context(CODE):
                worked = worked_year(postings=False, targets=False)
                office, trips = worked.lines["총무 사무관리비"], worked.lines["총무 국내여비"]
                execute(source=source("b1"), amount=1_500_000, line=office, actor=worked.officer, on=date(2026, 4, 15))
                execute(source=source("b2"), amount=300_000, line=trips, actor=worked.officer, on=date(2026, 7, 8))
                execute(source=source("b3"), amount=200_000, line=trips, actor=worked.officer, on=date(2026, 7, 9))
            connection.set_schema_to_public()
            yield created
        finally:
            connection.set_schema_to_public()
            ExecutionTarget.objects.filter(pk__in=[target.pk for target in targets]).delete()
            Institution.objects.get(pk=created.pk).delete(force_drop=True)


@pytest.fixture
def context_options():
    return {"viewport": {"width": 1280, "height": 1600}}


def test_the_home_chart_draws_under_the_csp_with_its_table(page, server_port):
    from playwright.sync_api import expect

    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if "Content Security Policy" in m.text else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    base = f"http://{CODE}.localhost:{server_port}"
    page.goto(f"{base}/budget/")
    page.get_by_label("아이디").fill("adrafter")  # 총무팀 staff (org_chart)
    page.get_by_label("비밀번호").fill(PASSWORD)
    page.get_by_role("button", name="로그인").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("예산 현황")

    chart = page.locator("#budget-chart")
    expect(chart).to_be_visible()
    page.wait_for_function("() => window.Chart && window.Chart.getChart(document.getElementById('budget-chart'))")
    drawn = page.evaluate(
        """() => {
            const chart = Chart.getChart(document.getElementById('budget-chart'));
            return chart.data.datasets.map(d => [d.label, d.data.slice(0, 7)]);
        }"""
    )
    # 총무팀: 5,000,000 budgeted; 1,500,000 in April (30.0 %), 500,000 in July (40.0 %)
    assert drawn == [
        ["월 집행액", [0, 0, 0, 1_500_000, 0, 0, 500_000]],
        ["누계 집행률", [0, 0, 0, 30, 30, 30, 40]],
        ["신속집행 목표", [55.5, 55.5, 55.5, 55.5, 55.5, 55.5, 90]],
    ]
    # something was painted on the canvas, not only a chart object made
    painted = page.evaluate(
        """() => {
            const c = document.getElementById('budget-chart');
            const px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
            let n = 0;
            for (let i = 3; i < px.length; i += 4) { if (px[i]) n++; }
            return n;
        }"""
    )
    assert painted > 1000
    table = page.get_by_role("table", name="월별 집행액과 누계 집행률")
    expect(table.get_by_role("row").filter(has_text="7월")).to_contain_text("500,000원")
    expect(table.get_by_role("row").filter(has_text="7월")).to_contain_text("40.0%")
    assert problems == []

    page.get_by_role("navigation", name="예산·회계 메뉴").get_by_role("link", name="예산집행현황").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("예산집행현황")
    expect(page.get_by_role("row").filter(has_text="합계").last).to_contain_text("2,000,000원")
