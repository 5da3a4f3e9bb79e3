"""The monitoring pages: the planning office's overview (cards, alerts, the sortable and filterable
institution table), the drill-down, the per-KPI comparison, the extraction, 지금 갱신 with its
progress, and an institution admin's own page; who may open them; a flat number of queries."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from audit.models import AuditEvent
from monitoring.collect import Figure
from monitoring.models import AlertRule, InstitutionStatus, Operator, RollupRun, Snapshot
from monitoring.services import figures_write, province_days_refresh, rollup_record, rollup_start
from tenants.models import Institution, InstitutionKind
from tests.factories import UserFactory
from tests.monitoring.support import ALPHA, BETA, figures
from tests.support import ADMIN, PLANNER, STAFF, login, redirects_to_login

pytestmark = pytest.mark.django_db


@pytest.fixture
def counted(alpha, beta):
    """One finished run: alpha (공사) with 12 overdue directives (alerted over 10), beta (출연기관),
    and a history of 40 days behind them."""
    AlertRule.objects.create(code="tasks.directives_overdue", operator=Operator.GT, threshold=10)
    today = timezone.localdate()
    for n in range(1, 41):
        for institution, values in ((alpha, ALPHA), (beta, BETA)):
            past = {code: Figure(f.value - (n % 3), []) for code, f in values.items()}
            at = timezone.now() - timedelta(days=n)
            figures_write(
                institution_id=institution.pk, figures=past, day=today - timedelta(days=n), as_of=at, replace=False
            )
    province_days_refresh(days=[today - timedelta(days=n) for n in range(1, 41)], now=timezone.now())
    run, _ = rollup_start(trigger=RollupRun.Trigger.SCHEDULE)
    rollup_record(run=run, institution_id=alpha.pk, figures=ALPHA, as_of=timezone.now())
    rollup_record(run=run, institution_id=beta.pk, figures=BETA, as_of=timezone.now())
    return run


@pytest.fixture
def planner(province_client):
    assert login(province_client, PLANNER).status_code == 302
    return province_client


def text(response) -> str:
    return response.content.decode()


# --- The overview ------------------------------------------------------------------------------------


def test_the_overview_shows_cards_alerts_and_every_institution(counted, planner):
    response = planner.get("/monitoring/")

    assert response.status_code == 200
    html = text(response)
    assert "310명" in html  # the province's 현원: 280 + 30
    assert "기준 · 2개 기관" in html
    assert "알파개발공사" in html
    assert "베타문화재단" in html
    assert "기한 초과 지시사항 10건 초과" in html  # the open alert, in words
    assert 'class="num warn">12 <span class="chip warn"' in html  # coloured and said in text
    assert 'data-chart="trend-org.headcount"' in html
    assert '<script id="trend-org.headcount" type="application/json">' in html
    assert "최근 갱신" in html
    assert "2 / 2개 기관 성공" in html


def test_the_table_sorts_by_any_column_and_filters_by_kind(counted, planner):
    by_headcount = text(planner.get("/monitoring/?sort=org.headcount&dir=asc"))
    assert by_headcount.index("베타문화재단</a></th>") < by_headcount.index("알파개발공사</a></th>")
    by_headcount_desc = text(planner.get("/monitoring/?sort=org.headcount&dir=desc"))
    assert by_headcount_desc.index("알파개발공사</a></th>") < by_headcount_desc.index("베타문화재단</a></th>")
    assert 'aria-sort="descending"' in by_headcount_desc

    contributed = planner.get("/monitoring/?kind=contributed", HTTP_HX_REQUEST="true")
    html = text(contributed)
    assert html.lstrip().startswith('<section id="institution-table"')  # only the table, for htmx
    assert "베타문화재단" in html
    assert "알파개발공사" not in html


@pytest.mark.parametrize(
    "query", ["?sort=<script>", "?sort=org.headcount&dir=sideways", "?kind=county", "?kind=&sort=&dir="]
)
def test_crafted_table_parameters_fall_back_to_the_plain_table(counted, planner, query):
    response = planner.get(f"/monitoring/{query}")
    assert response.status_code == 200
    assert "알파개발공사" in text(response)


def test_the_tables_written_in_one_pass_escape_what_they_show(counted, alpha, planner):
    """The institution table, the alert list and the stale flag are written by template tags, not
    the template language: a name or an error with markup in it comes out as text."""
    Institution.objects.filter(pk=alpha.pk).update(name='알파<script>x("1")</script>&공사')
    run, _ = rollup_start(trigger=RollupRun.Trigger.SCHEDULE)
    rollup_record(run=run, institution_id=alpha.pk, figures=None, error='<img src=x onerror="y">', as_of=timezone.now())

    html = text(planner.get("/monitoring/"))
    assert "<script>x(" not in html
    assert "<img src=x" not in html
    shown = "알파&lt;script&gt;x(&quot;1&quot;)&lt;/script&gt;&amp;공사"
    assert f">{shown}</a></td>" in html  # in the alert list (12 overdue directives)
    row = html[html.index(f">{shown}</a></th>") :].split("</tr>")[0]
    assert '<td class="num warn">12 <span class="chip warn" title="기한 초과 지시사항 10건 초과">' in row
    assert 'title="&lt;img src=x onerror=&quot;y&quot;&gt;">이전 수치</span>' in row
    assert f'<th scope="row"><a href="/monitoring/institutions/{alpha.code}/">{shown}</a></th>' in html


def test_a_nul_in_the_table_parameters_is_refused_in_korean_before_the_page(counted, planner):
    """core.bad_input refuses a NUL anywhere in a request before any view runs (400)."""
    response = planner.get("/monitoring/?sort=%00")
    assert response.status_code == 400
    html = text(response)
    assert "입력값에 사용할 수 없는 문자(NUL)가 들어 있습니다." in html
    assert "알파개발공사" not in html


# --- One institution, one KPI ------------------------------------------------------------------------


def test_the_drill_down_shows_every_kpi_its_months_and_its_rank_among_its_kind(counted, alpha, planner):
    html = text(planner.get("/monitoring/institutions/alpha/"))
    assert "<h1>알파개발공사" in html
    assert "기한 초과 지시사항" in html
    assert "과제관리카드 충실도" in html
    assert "1위 / 1곳" in html  # the only 공사
    assert "공사 중 순위" in html
    today = timezone.localdate()
    assert f"{today.year}. {today.month}." in html
    assert 'data-chart="months-org.headcount"' in html


def test_a_stale_institution_is_marked_where_its_figures_are_shown(counted, alpha, planner):
    counted_at = InstitutionStatus.objects.get(institution=alpha).last_success_at
    run, _ = rollup_start(trigger=RollupRun.Trigger.SCHEDULE)
    error = "OperationalError: 시간 초과"
    rollup_record(run=run, institution_id=alpha.pk, figures=None, error=error, as_of=timezone.now())

    table = text(planner.get("/monitoring/"))
    row = table[table.index("알파개발공사</a></th>") :].split("</tr>")[0]
    assert "이전 수치" in row
    assert "280" in row  # the last good figure, still shown
    page = text(planner.get("/monitoring/institutions/alpha/"))
    assert "최근 갱신이 1번 연달아 실패했습니다" in page
    assert "OperationalError: 시간 초과" in page  # the planners see why
    local = timezone.localtime(counted_at)
    assert f"{local.year}. {local.month}. {local.day}. {local:%H:%M} 기준" in page  # when last counted


def test_unknown_or_inactive_institutions_and_unknown_kpis_are_404(counted, alpha, planner):
    assert planner.get("/monitoring/institutions/nobody/").status_code == 404
    assert planner.get("/monitoring/kpis/org.nothing/").status_code == 404
    Institution.objects.filter(pk=alpha.pk).update(is_active=False)
    assert planner.get("/monitoring/institutions/alpha/").status_code == 404


def test_a_kpi_compared_across_institutions_best_first(counted, planner):
    html = text(planner.get("/monitoring/kpis/approval.lead_time_median/"))
    # Lower is better: beta's 40.0 hours after alpha's 23.5.
    assert html.index("23.5시간") < html.index("40.0시간")
    assert "도 전체" in html
    assert 'data-chart="compare-approval.lead_time_median"' in html


# --- Extraction --------------------------------------------------------------------------------------


def extract(client, **params):
    today = timezone.localdate()
    query = {
        "kpis": ["org.headcount", "tasks.directives_overdue"],
        "start": (today - timedelta(days=2)).isoformat(),
        "end": today.isoformat(),
        "granularity": "daily",
        "fmt": "xlsx",
        "kind": "",
    }
    query.update(params)
    return client.get("/monitoring/extract/", query)


def test_the_extraction_downloads_chosen_kpis_institutions_and_days_as_xlsx(counted, planner):
    before = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    response = extract(planner)

    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0] == ("기관코드", "기관명", "유형", "일자", "현원 (명)", "기한 초과 지시사항 (건)")
    assert len(rows) == 1 + 2 * 3  # two institutions, three days
    today_alpha = [row for row in rows if row[0] == "alpha"][-1]
    assert today_alpha[4:] == (280, 12)
    entry = AuditEvent.objects.filter(action="monitoring.extract", id__gt=before).get()
    assert entry.actor_label == PLANNER
    assert entry.data["kpis"] == ["org.headcount", "tasks.directives_overdue"]


def test_the_extraction_as_csv_by_month_for_one_kind(counted, planner):
    response = extract(planner, fmt="csv", granularity="monthly", kind="contributed")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    assert rows[0][:4] == ["기관코드", "기관명", "유형", "월"]
    assert {row[0] for row in rows[1:]} == {"beta"}


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"kpis": []}, "지표를 하나 이상 고르세요."),
        ({"kpis": ["org.nothing"]}, "고를 수 없는 값입니다: org.nothing. 목록에서 다시 고르세요."),
        ({"start": "2026-12-01", "end": "2026-11-01"}, "종료일은 시작일과 같거나 뒤여야 합니다."),
        ({"start": "2025-01-01", "end": "2026-06-01"}, "한 번에 366일까지 추출할 수 있습니다."),
        ({"start": "어제"}, "올바른 날짜를 입력하세요."),
        ({"institutions": ["alpha"], "kind": "contributed"}, "고른 기관 중 선택한 유형에 맞는 기관이 없습니다."),
        ({"fmt": "pdf"}, "고를 수 없는 값입니다: pdf. 목록에서 다시 고르세요."),
    ],
)
def test_an_extraction_that_cannot_be_made_shows_the_form_again_in_korean(counted, planner, params, message):
    extracted = AuditEvent.objects.filter(action="monitoring.extract").count()
    response = extract(planner, **params)
    assert response.status_code == 422
    assert message in text(response)
    assert AuditEvent.objects.filter(action="monitoring.extract").count() == extracted  # nothing taken


def test_the_extraction_form_offers_every_declared_kpi_by_group(planner):
    html = text(planner.get("/monitoring/extract/"))
    assert "인력" in html
    assert 'value="org.headcount"' in html
    assert 'value="approval.waiting"' in html


# --- 지금 갱신 -------------------------------------------------------------------------------------------


def test_refresh_starts_a_run_and_shows_its_progress_until_it_finishes(alpha, beta, planner, monkeypatch):
    monkeypatch.setattr("monitoring.tasks.rollup_dispatch.delay", lambda run_id: None)
    response = planner.post("/monitoring/refresh/", HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    run = RollupRun.objects.get()
    html = text(response)
    assert f'hx-get="/monitoring/runs/{run.pk}/"' in html
    assert 'hx-trigger="every 2s"' in html
    assert "0 / 2개 기관" in html
    assert planner.post("/monitoring/refresh/", HTTP_HX_REQUEST="true").status_code == 200
    assert RollupRun.objects.count() == 1  # pressed twice: the same run

    rollup_record(run=run, institution_id=alpha.pk, figures=ALPHA, as_of=timezone.now())
    progress = planner.get(f"/monitoring/runs/{run.pk}/", HTTP_HX_REQUEST="true")
    assert "1 / 2개 기관" in text(progress)
    assert "HX-Refresh" not in progress
    rollup_record(run=run, institution_id=beta.pk, figures=BETA, as_of=timezone.now())
    done = planner.get(f"/monitoring/runs/{run.pk}/", HTTP_HX_REQUEST="true")
    assert done["HX-Refresh"] == "true"


def test_refresh_without_htmx_goes_back_to_the_overview_and_only_by_post(alpha, planner, monkeypatch):
    monkeypatch.setattr("monitoring.tasks.rollup_dispatch.delay", lambda run_id: None)
    assert planner.get("/monitoring/refresh/").status_code == 405
    response = planner.post("/monitoring/refresh/")
    assert (response.status_code, response["Location"]) == (302, "/monitoring/")
    run = RollupRun.objects.get()
    assert planner.get(f"/monitoring/runs/{run.pk}/").status_code == 302
    assert planner.get("/monitoring/runs/999999/", HTTP_HX_REQUEST="true").status_code == 404


# --- Who may see what --------------------------------------------------------------------------------


def test_only_the_planning_office_opens_the_province_monitoring(counted, province_client):
    assert redirects_to_login(province_client.get("/monitoring/"))
    UserFactory(username="clerk", employee_number=None, roles=[])  # a province account without the role
    assert login(province_client, "clerk").status_code == 302
    for path in ("/monitoring/", "/monitoring/institutions/alpha/", "/monitoring/kpis/org.headcount/"):
        assert province_client.get(path).status_code == 403
    assert province_client.get("/monitoring/extract/", {"kpis": "org.headcount"}).status_code == 403


def test_an_institution_admin_sees_only_their_own_institution(counted, alpha, client_for):
    admin = client_for(alpha)
    login(admin, ADMIN)
    response = admin.get("/monitoring/")

    assert response.status_code == 200
    html = text(response)
    assert "우리 기관 현황" in html
    assert "280명" in html
    assert "기한 초과 지시사항 10건 초과" in html  # its own alert
    assert "베타문화재단" not in html
    assert "30명" not in html
    assert "순위" not in html  # no peers on the institution's own page
    assert "/monitoring/kpis/" not in html


def test_staff_of_an_institution_are_refused_its_monitoring(counted, alpha, client_for):
    staff = client_for(alpha)
    login(staff, STAFF)
    assert staff.get("/monitoring/").status_code == 403
    assert "기관 현황" not in text(staff.get("/"))  # nor offered it in the menu


# --- A flat number of queries ------------------------------------------------------------------------


def _more_institutions(n: int) -> None:
    today = timezone.localdate()
    for i in range(n):
        kind = [InstitutionKind.AGENCY, InstitutionKind.CONTRIBUTED][i % 2]
        # Rows only: the pages read the public schema, so no schema is provisioned for them.
        fake = Institution.objects.create(
            code=f"fake{i:03d}", schema_name=f"fake{i:03d}", name=f"가상기관{i}", kind=kind
        )
        figures_write(
            institution_id=fake.pk,
            figures=figures(org__headcount=50 + i, tasks__directives_overdue=i % 15),
            day=today,
            as_of=timezone.now(),
            replace=False,
        )


def _count(client, path: str) -> int:
    client.get(path)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "path",
    [
        "/monitoring/",
        "/monitoring/?sort=org.headcount",
        "/monitoring/institutions/alpha/",
        "/monitoring/kpis/org.headcount/",
    ],
)
def test_the_pages_query_count_does_not_grow_with_institutions(counted, planner, path):
    small = _count(planner, path)
    _more_institutions(30)
    assert Snapshot.objects.values("institution").distinct().count() == 32
    assert _count(planner, path) == small
    assert small <= 20


def test_the_overview_query_count_is_pinned(counted, planner):
    # The host, the session (read, and saved with its savepoints: the visit is activity), the user
    # and their roles; then the page's own six: open alerts (with rules and institutions), the
    # institutions, their snapshots, their statuses, the cards' province figures, the latest run.
    assert _count(planner, "/monitoring/") == 15
