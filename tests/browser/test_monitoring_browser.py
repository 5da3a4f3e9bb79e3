"""The planning office's dashboard in real headless Chromium: the overview's cards draw their
charts (under the CSP's script-src/style-src 'self', with nothing refused), the institution table
sorts in place, 지금 갱신 shows the run's progress live until the page reloads with the new
figures, the drill-down shows an institution's KPIs by month, and an extraction downloads as an
XLSX file with the chosen figures.

Same set-up as test_login_browser.py: Debian's Chromium, a live server thread of this process, a
committed institution of this module's own whose figures are counted by the real KPI functions
(today's, and a week of history), removed at the end with whatever the module committed."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone
from django_tenants.utils import schema_context
from openpyxl import load_workbook

from monitoring.collect import Figure, collect_figures
from monitoring.models import AlertRule, DailyFigure, InstitutionStatus, ProvinceDailyFigure, RollupRun, Snapshot
from monitoring.services import rollup_record
from monitoring.tasks import history_backfill
from notifications.models import Notification
from tenants.models import Institution, InstitutionKind
from tenants.services import institution_create
from tests.factories import DepartmentFactory, GradeFactory, UserFactory
from tests.races import in_thread
from tests.support import PASSWORD, PLANNER

CODE = "monweb"
NAME = "모니터링웹재단"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db,
]


def _clear_monitoring() -> None:
    RollupRun.objects.all().delete()
    for model in (Snapshot, DailyFigure, ProvinceDailyFigure, InstitutionStatus, AlertRule):
        model.objects.all().delete()
    Notification.objects.filter(category="monitoring_alert").delete()


@pytest.fixture(scope="module")
def institution(django_db_setup, django_db_blocker):
    """A committed institution of seven staff whose figures of today and the past week are
    counted and recorded as the rollup and the demo's history do."""
    with django_db_blocker.unblock():
        created = institution_create(code=CODE, name=NAME, kind=InstitutionKind.CONTRIBUTED).institution
        try:
            with schema_context(CODE):
                team = DepartmentFactory(name="기획팀", code="B100")
                grade = GradeFactory(name="6급", rank=6)
                for _ in range(7):
                    UserFactory(department=team, grade=grade)
                figures = collect_figures(on=timezone.localdate())
                history_backfill(created.pk, 7)
            connection.set_schema_to_public()
            run = RollupRun.objects.create(
                trigger=RollupRun.Trigger.SCHEDULE,
                day=timezone.localdate(),
                institution_ids=[created.pk],
                total=1,
                started_at=timezone.now(),
            )
            rollup_record(run=run, institution_id=created.pk, figures=figures, as_of=timezone.now())
            yield created
        finally:
            connection.set_schema_to_public()
            _clear_monitoring()
            Institution.objects.get(pk=created.pk).delete(force_drop=True)


@pytest.fixture
def context_options():
    return {"accept_downloads": True}


def _refused(messages: list[str]) -> list[str]:
    return [m for m in messages if "Content Security Policy" in m or "Refused to" in m]


def test_overview_refresh_drill_down_and_extraction(page, server_port, institution, monkeypatch, tmp_path):
    from playwright.sync_api import expect

    dispatched: list[int] = []
    monkeypatch.setattr("monitoring.tasks.rollup_dispatch.delay", dispatched.append)  # the test is the worker
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    page.on("pageerror", lambda error: console.append(str(error)))

    base = f"http://localhost:{server_port}"
    page.goto(f"{base}/monitoring/")
    page.get_by_label("아이디").fill(PLANNER)
    page.get_by_label("비밀번호").fill(PASSWORD)
    page.get_by_role("button", name="로그인").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("도 모니터링")

    # The cards: the province's 현원 with its freshness, its trend drawn, the same data as a table.
    card = page.locator("article.kpi-card").filter(has=page.get_by_role("heading", name="현원", exact=True))
    expect(card.locator(".kpi-value")).to_have_text("7명")
    expect(card.locator(".freshness")).to_contain_text("기준 · 1개 기관")
    canvas = card.locator("canvas")
    expect(canvas).to_have_attribute("data-drawn", "1")
    assert page.evaluate("(c) => !!window.Chart.getChart(c)", canvas.element_handle())
    card.get_by_text("추이를 표로 보기").click()
    expect(card.get_by_role("table")).to_be_visible()
    expect(card.get_by_role("row")).to_have_count(1 + 8)  # header, a week of history and today

    # The institution table, sorted by a column in place (htmx), marked for assistive technology.
    table = page.locator("#institution-table")
    expect(table.get_by_role("row").filter(has_text=NAME)).to_contain_text("7")
    page.evaluate("window.stayed = true")
    table.get_by_role("link", name="현원 (명)").click()
    expect(page.locator("#institution-table th[aria-sort='ascending']")).to_contain_text("현원")
    assert page.evaluate("window.stayed === true")

    # 지금 갱신: the run's progress is polled until it finishes, then the page shows the new figures.
    page.get_by_role("button", name="지금 갱신").click()
    rollup = page.locator("#rollup")
    expect(rollup).to_contain_text("갱신 중")
    # Database calls go through a thread: Playwright's sync API runs an event loop in this one.
    run = in_thread(lambda: RollupRun.objects.order_by("-pk").first(), schema=None)
    codes = in_thread(lambda: dict(Institution.objects.values_list("pk", "code")), schema=None)
    expect(rollup).to_contain_text(f"0 / {run.total}개 기관")
    assert dispatched == [run.pk]
    expect(rollup.get_by_role("button", name="지금 갱신")).to_be_disabled()
    done = {CODE: Decimal(8)}
    for pk in run.institution_ids:
        value = done.get(codes[pk], Decimal(3))
        in_thread(
            lambda pk=pk, value=value: rollup_record(
                run=RollupRun.objects.get(pk=run.pk),
                institution_id=pk,
                figures={"org.headcount": Figure(value, [])},
                as_of=timezone.now(),
            ),
            schema=None,
        )
        if pk == run.institution_ids[0] and len(run.institution_ids) > 1:
            expect(rollup).to_contain_text(f"1 / {run.total}개 기관")
    expect(page.locator("#rollup")).to_contain_text("최근 갱신")  # reloaded when the run finished
    expect(page.locator("#rollup")).to_contain_text(f"{run.total} / {run.total}개 기관 성공")

    # The drill-down: every KPI of the institution by month, its trend drawn.
    page.locator("#institution-table").get_by_role("link", name=NAME).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(NAME)
    headcount = page.get_by_role("row").filter(has=page.get_by_role("link", name="현원", exact=True))
    expect(headcount).to_contain_text("8명")
    expect(headcount.locator("canvas")).to_have_attribute("data-drawn", "1")
    expect(page.get_by_role("heading", name="업무관리")).to_be_visible()

    # The extraction: 현원, this institution, the past week, as XLSX.
    page.get_by_role("navigation", name="모니터링 메뉴").get_by_role("link", name="추출").click()
    page.get_by_label("현원 (명)").check()
    page.get_by_label("기관", exact=True).select_option(CODE)
    page.get_by_label("시작일").fill((timezone.localdate() - timedelta(days=7)).isoformat())
    with page.expect_download() as download:
        page.get_by_role("button", name="내려받기").click()
    saved = tmp_path / "extract.xlsx"
    download.value.save_as(saved)
    assert download.value.suggested_filename.startswith("모니터링_추출_")
    rows = list(load_workbook(saved).active.iter_rows(values_only=True))
    assert rows[0] == ("기관코드", "기관명", "유형", "일자", "현원 (명)")
    assert {row[1] for row in rows[1:]} == {NAME}
    assert rows[-1][4] == 8
    assert len(rows) == 1 + 8

    assert _refused(console) == [], console
