"""The budget home, a line's page and 예산집행현황 (page, XLSX, PDF) on the worked year of
tests/factories/budget_status.py: who sees which lines (own department, a head's tree, the
officers, auditors and admins; another department, another institution, anonymous), the figures
worked by hand there, bad filters answered in Korean, and query counts that do not grow with the
ledger."""

from __future__ import annotations

import io
import json
import re
from datetime import date

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context
from openpyxl import load_workbook
from pypdf import PdfReader

from budget.charges import commit, execute
from budget.drafting import lines_for_drafting
from budget.models import BudgetItem
from budget.plugin import ACCOUNTING_OFFICER
from org import roles
from tests.factories import DepartmentFactory, UserFactory
from tests.factories.budget_execution import chain
from tests.factories.budget_lines import item
from tests.factories.budget_status import WorkedYear, source, worked_year
from tests.support import PASSWORD, login, redirects_to_login

pytestmark = pytest.mark.django_db

YEAR_END = {"year": "2026", "as_of": "2026-12-31"}


@pytest.fixture
def worked(in_alpha) -> WorkedYear:
    return worked_year()


def signed_in(client_for, institution, username):
    client = client_for(institution)
    assert login(client, username, PASSWORD).status_code == 302
    return client


def text(response) -> str:
    """The page's text with tags and runs of whitespace collapsed, for reading figures in order."""
    html = response.content.decode()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def line_links(response) -> set[str]:
    return set(re.findall(r'href="/budget/lines/(\d+)/"', response.content.decode()))


def ids(worked: WorkedYear, *keys: str) -> set[str]:
    return {str(worked.lines[key].pk) for key in keys}


FINANCE = ("재무 사무관리비", "재무 공공운영비", "재무 국내여비", "시설비")
TEAM = ("총무 사무관리비", "총무 국내여비")


# --- the budget home ----------------------------------------------------------------------------


def test_home_shows_my_departments_lines_by_project_with_subtotals(worked, alpha, client_for):
    response = signed_in(client_for, alpha, "adrafter").get("/budget/")  # 총무팀 staff

    assert response.status_code == 200
    assert line_links(response) == ids(worked, *TEAM)
    page = text(response)
    assert "1130 총무지원 행정지원 › 기관운영" in page
    # 201-01: 4,000,000 · 0 · 1,500,000 · 2,500,000 · 37.5%; 202-01: 1,000,000 · 0 · 300,000 · 700,000 · 30.0%
    assert "201-01 사무관리비 총무팀 4,000,000원 0원 1,500,000원 2,500,000원 37.5%" in page
    assert "202-01 국내여비 총무팀 1,000,000원 0원 300,000원 700,000원 30.0%" in page
    assert "소계 5,000,000원 0원 1,800,000원 3,200,000원 36.0%" in page
    assert "합계 5,000,000원 0원 1,800,000원 3,200,000원 36.0%" in page
    assert "시설비" not in page


def test_home_chart_reads_a_json_block_and_has_the_same_figures_as_a_table(worked, alpha, client_for):
    response = signed_in(client_for, alpha, "afinhead").get("/budget/")  # heads 재무부
    html = response.content.decode()

    # no inline script (CSP script-src 'self'): the chart's code is a file, its data a JSON block
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
    assert all("src=" in attrs or 'type="application/json"' in attrs for attrs, _body in scripts)
    assert all(not body.strip() for attrs, body in scripts if "src=" in attrs)
    assert '/static/vendor/chartjs/chart.umd.min.js"' in html
    assert '/static/js/budget-chart.js"' in html
    data = json.loads(
        re.search(r'<script id="budget-chart-data" type="application/json">(.*?)</script>', html).group(1)
    )
    # 재무부's lines only: 본예산 47,000,000, +6,000,000 추경 in June; executed 2,000,000 (Feb),
    # 12,500,000 (Mar), 1,200,000 (Jun), −500,000 (Aug)
    assert data["executed"][:8] == [0, 2_000_000, 12_500_000, 0, 0, 1_200_000, 0, -500_000]
    # cumulative 2.0/47 = 4.26 · 14.5/47 = 30.85 · 15.7/53 = 29.62 · 15.2/53 = 28.68
    assert data["rate"][:8] == ["0.0", "4.3", "30.9", "30.9", "30.9", "29.6", "29.6", "28.7"]
    assert data["target"][5:7] == ["55.50", "90.00"]
    page = text(response)
    # the table under the chart
    assert "3월 12,500,000원 14,500,000원 47,000,000원 30.9%" in page
    assert "6월 1,200,000원 15,700,000원 53,000,000원 29.6% 55.50% -25.9%p" in page


def test_a_head_sees_the_tree_they_head_and_the_officer_their_own_department(worked, alpha, client_for):
    director = signed_in(client_for, alpha, "adirector")  # heads 경영본부: 총무팀 and 재무부 under it
    assert line_links(director.get("/budget/")) == ids(worked, *FINANCE, *TEAM)
    manager = signed_in(client_for, alpha, "amanager")  # heads 총무부 > 총무팀
    assert line_links(manager.get("/budget/")) == ids(worked, *TEAM)
    ceo = signed_in(client_for, alpha, "aceo")  # heads the root
    assert line_links(ceo.get("/budget/")) == ids(worked, *FINANCE, *TEAM)
    officer = signed_in(client_for, alpha, "aaccountant")  # 예산 담당 in 재무부: the home stays personal
    home = officer.get("/budget/")
    assert line_links(home) == ids(worked, *FINANCE)


def test_home_without_lines_or_without_a_year(worked, alpha, client_for):
    with schema_context(alpha.schema_name):
        outsider = DepartmentFactory(name="감사실")
        UserFactory(username="inspector", department=outsider, roles=[roles.STAFF, roles.AUDITOR])
    response = signed_in(client_for, alpha, "inspector").get("/budget/")
    assert response.status_code == 200
    assert "내 부서가 소관하는 예산과목이 없습니다." in text(response)
    assert 'href="/budget/status/"' in response.content.decode()  # the auditor reads the whole there


def test_home_with_no_fiscal_year(in_alpha, alpha, client_for):
    response = signed_in(client_for, alpha, "staff").get("/budget/")
    assert response.status_code == 200
    assert "아직 회계연도가 없습니다." in text(response)


# --- a line's page ------------------------------------------------------------------------------


def test_a_lines_page_lists_its_postings_with_running_figures(worked, alpha, client_for):
    line = worked.lines["재무 사무관리비"]
    response = signed_in(client_for, alpha, "afinhead").get(f"/budget/lines/{line.pk}/")

    assert response.status_code == 200
    page = text(response)
    assert "1000 행정지원 › 1100 기관운영 › 1110 기본경비 › 201 일반운영비" in page
    assert "표준 예산과목 201-01 사무관리비" in page
    assert "변동 내역 4건" in page
    rows = re.findall(
        r"<tr>\s*<td>(.*?)</td>\s*<td>(.*?)</td>\s*<td class=\"num\">(.*?)</td>", response.content.decode()
    )
    assert [(day, kind, amount) for day, kind, amount in rows] == [
        ("2026. 1. 1.", "본예산", "10,000,000원"),
        ("2026. 1. 20.", "지출원인행위", "3,000,000원"),
        ("2026. 2. 10.", "원인행위 정산", "-2,000,000원"),
        ("2026. 2. 10.", "집행", "2,000,000원"),
    ]
    # running: 예산현액 · 원인행위 잔액 · 집행액 · 잔액 after each
    assert "10,000,000원 3,000,000원 0원 7,000,000원" in page
    assert "10,000,000원 1,000,000원 0원 9,000,000원" in page  # after the settlement, before its execution
    assert "10,000,000원 1,000,000원 2,000,000원 7,000,000원" in page


def test_a_lines_page_is_a_404_outside_ones_scope(worked, alpha, client_for):
    finance_line = worked.lines["시설비"].pk
    assert signed_in(client_for, alpha, "adrafter").get(f"/budget/lines/{finance_line}/").status_code == 404
    assert signed_in(client_for, alpha, "amanager").get(f"/budget/lines/{finance_line}/").status_code == 404
    assert signed_in(client_for, alpha, "adirector").get(f"/budget/lines/{finance_line}/").status_code == 200
    assert signed_in(client_for, alpha, "admin").get(f"/budget/lines/{finance_line}/").status_code == 200
    project = worked.items["총무지원"].pk  # not a line (통계목): no page
    assert signed_in(client_for, alpha, "admin").get(f"/budget/lines/{project}/").status_code == 404


def test_another_institution_and_anonymous_get_nothing(worked, alpha, beta, client_for):
    line = worked.lines["총무 사무관리비"].pk
    with schema_context(beta.schema_name):
        UserFactory(username="adrafter", name="베타직원", roles=[roles.STAFF, roles.AUDITOR])
    other = signed_in(client_for, beta, "adrafter")
    assert other.get(f"/budget/lines/{line}/").status_code == 404
    assert "아직 회계연도가 없습니다." in text(other.get("/budget/status/"))

    anonymous = client_for(alpha)
    for path in ("/budget/", f"/budget/lines/{line}/", "/budget/status/", "/budget/status/?export=xlsx"):
        assert redirects_to_login(anonymous.get(path)), path


# --- 예산집행현황 -------------------------------------------------------------------------------


def test_the_report_by_line_for_the_officer_covers_the_institution(worked, alpha, client_for):
    response = signed_in(client_for, alpha, "aaccountant").get("/budget/status/", YEAR_END)

    assert response.status_code == 200
    page = text(response)
    assert "2026 회계연도 과목별 집행현황 · 2026. 12. 31. 기준" in page
    assert line_links(response) == ids(worked, *FINANCE, *TEAM)
    # 합계: 본예산 52,000,000 · 증감 6,000,000 · 현액 58,000,000 · 1,800,000 · 17,000,000 · 39,200,000 · 29.3%
    assert "합계 52,000,000원 6,000,000원 58,000,000원 1,800,000원 17,000,000원 39,200,000원 29.3%" in page
    assert (
        "세부사업 1110 기본경비 재무부 17,000,000원 0원 17,000,000원 1,800,000원 3,200,000원 12,000,000원 18.8%" in page
    )
    assert (
        "통계목 401-01 시설비 재무부 30,000,000원 6,000,000원 36,000,000원 0원 12,000,000원 24,000,000원 33.3%" in page
    )
    # the second half under way, the first judged at 30 June
    assert "상반기 2026. 6. 30. 55.50% 29.7% -25.8%p 미달" in page
    assert "하반기 2026. 12. 31. 90.00% 29.3% -60.7%p 미달" in page


def test_department_staff_see_their_departments_lines_only(worked, alpha, client_for):
    response = signed_in(client_for, alpha, "adrafter").get("/budget/status/", YEAR_END)
    assert line_links(response) == ids(worked, *TEAM)
    assert "합계 5,000,000원 0원 5,000,000원 0원 1,800,000원 3,200,000원 36.0%" in text(response)
    # a department outside their scope cannot be asked for
    finance = worked.org.finance.pk
    refused = signed_in(client_for, alpha, "adrafter").get("/budget/status/", {**YEAR_END, "department": finance})
    assert refused.status_code == 400
    assert "목록에 있는 값을 고르세요." in text(refused)
    assert "재무부" not in re.sub(r"<select.*?</select>", "", refused.content.decode(), flags=re.S)


def test_the_department_filter_takes_the_tree_under_it(worked, alpha, client_for):
    client = signed_in(client_for, alpha, "aaccountant")
    general_affairs = worked.org.general_affairs.pk  # 총무부: its 총무팀's lines
    response = client.get("/budget/status/", {**YEAR_END, "department": general_affairs})
    assert line_links(response) == ids(worked, *TEAM)
    assert "· 총무부" in text(response)


def test_the_other_views_of_the_report(worked, alpha, client_for):
    client = signed_in(client_for, alpha, "adirector")  # heads 경영본부: every line
    by_department = text(client.get("/budget/status/", {**YEAR_END, "view": "department"}))
    assert "총무팀 5,000,000원 0원 1,800,000원 3,200,000원 36.0% 1" in by_department
    assert "재무부 53,000,000원 1,800,000원 15,200,000원 36,000,000원 28.7% 2" in by_department

    by_month = text(client.get("/budget/status/", {**YEAR_END, "view": "month"}))
    assert "6월 1,200,000원 17,200,000원 58,000,000원 29.7% 55.50% -25.8%p" in by_month
    assert "8월 -500,000원 17,000,000원 58,000,000원 29.3%" in by_month

    by_code = text(client.get("/budget/status/", {**YEAR_END, "view": "code"}))
    assert "201-01 사무관리비 14,000,000원 1,000,000원 3,500,000원 9,500,000원 25.0%" in by_code
    assert "401 시설비및부대비 36,000,000원 0원 12,000,000원 24,000,000원 33.3%" in by_code


def test_the_level_filter_and_the_as_of_date(worked, alpha, client_for):
    client = signed_in(client_for, alpha, "aaccountant")
    projects = client.get("/budget/status/", {**YEAR_END, "level": "3"})
    assert line_links(projects) == set()
    assert "1130 총무지원" in text(projects)

    march = text(client.get("/budget/status/", {"year": "2026", "as_of": "2026-03-31"}))
    assert "합계 52,000,000원 0원 52,000,000원 1,000,000원 14,500,000원 36,500,000원 27.9%" in march
    assert "상반기 2026. 3. 31. (진행 중) 55.50% 27.9% -27.6%p 목표 미만" in march


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        (
            {"as_of": "2025-12-31"},
            "as_of",
            "기준일은 2026 회계연도 안의 날짜(2026. 1. 1. ~ 2026. 12. 31.)로 입력하세요.",
        ),
        ({"as_of": "9999-12-31"}, "as_of", "년 사이의 날짜를 입력하세요."),  # core's date range, before the year's
        ({"as_of": "어제"}, "as_of", "날짜를 2026-06-30처럼 입력하세요."),
        ({"year": "٣"}, "year", "목록에 있는 값을 고르세요."),
        ({"level": "9"}, "level", "목록에 있는 값을 고르세요."),
        ({"view": "everything"}, "view", "목록에 있는 값을 고르세요."),
        ({"export": "csv"}, "export", "목록에 있는 값을 고르세요."),
        ({"department": "99999999999999999999"}, "department", "목록에 있는 값을 고르세요."),
    ],
)
def test_bad_filters_are_a_korean_400_with_nothing_computed(worked, alpha, client_for, params, field, message):
    response = signed_in(client_for, alpha, "aaccountant").get("/budget/status/", params)
    assert response.status_code == 400
    assert message in text(response)
    assert "위의 조건을 고치면 집행현황을 보여 드립니다." in text(response)
    assert "합계" not in text(response)


def test_a_nul_in_a_filter_is_a_400_not_an_error_page(worked, alpha, client_for):
    """Whoever refuses it (this form, or a NUL guard in front of every view), nothing is computed."""
    response = signed_in(client_for, alpha, "aaccountant").get("/budget/status/", {"year": "a\x00b"})
    assert response.status_code == 400
    assert "합계" not in text(response)


def test_the_xlsx_of_each_view(worked, alpha, client_for):
    client = signed_in(client_for, alpha, "aaccountant")
    response = client.get("/budget/status/", {**YEAR_END, "export": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    assert rows[0] == (
        "구분",
        "코드",
        "과목명",
        "소관 부서",
        "표준과목",
        "본예산(원)",
        "증감(원)",
        "예산현액(원)",
        "원인행위 잔액(원)",
        "집행액(원)",
        "잔액(원)",
        "집행률(%)",
    )
    facilities = next(row for row in rows if row[1] == "401-01")
    assert facilities == (
        "통계목",
        "401-01",
        "시설비",
        "재무부",
        "401-01",
        30_000_000,
        6_000_000,
        36_000_000,
        0,
        12_000_000,
        24_000_000,
        33.3,
    )
    assert rows[-1] == (
        "합계",
        None,
        None,
        None,
        None,
        52_000_000,
        6_000_000,
        58_000_000,
        1_800_000,
        17_000_000,
        39_200_000,
        29.3,
    )
    assert len(rows) == 1 + 16 + 1  # header, the 16 items of the tree, total

    months = list(
        load_workbook(
            io.BytesIO(client.get("/budget/status/", {**YEAR_END, "view": "month", "export": "xlsx"}).content)
        ).active.values
    )
    assert months[6] == ("6월", 1_200_000, 17_200_000, 58_000_000, 29.7, 55.5, -25.8)
    assert months[8] == ("8월", -500_000, 17_000_000, 58_000_000, 29.3, None, None)

    departments = list(
        load_workbook(
            io.BytesIO(client.get("/budget/status/", {**YEAR_END, "view": "department", "export": "xlsx"}).content)
        ).active.values
    )
    assert departments[1:] == [
        ("총무팀", 5_000_000, 0, 1_800_000, 3_200_000, 36.0, 1),
        ("재무부", 53_000_000, 1_800_000, 15_200_000, 36_000_000, 28.7, 2),
        ("합계", 58_000_000, 1_800_000, 17_000_000, 39_200_000, 29.3, None),
    ]


def test_the_pdf_carries_the_report_in_korean_text(worked, alpha, client_for):
    client = signed_in(client_for, alpha, "aaccountant")
    response = client.get("/budget/status/", {**YEAR_END, "view": "code", "export": "pdf"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment; filename*=UTF-8''" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]  # not left in a shared PC's browser cache
    reader = PdfReader(io.BytesIO(response.content))
    content = re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))
    assert "알파개발공사" in content
    assert "2026 회계연도 예산집행현황 (표준과목별)" in content
    assert "기준일 2026. 12. 31." in content
    assert "201-01 사무관리비 14,000,000원 1,000,000원 3,500,000원 9,500,000원 25.0%" in content
    assert "합계 58,000,000원 1,800,000원 17,000,000원 39,200,000원 29.3%" in content
    assert "상반기 2026. 6. 30. 55.50% 29.7% -25.8%p 미달" in content


def _more_ledger(worked: WorkedYear, n: int) -> None:
    """`n` more postings spread over the year and the lines, and two more lines."""
    keys = list(worked.lines)
    for k in range(n):
        key = keys[k % len(keys)]
        day = date(2026, 1 + k % 12, 1 + k % 28)
        if k % 3:
            execute(source=source(f"more-{k}"), amount=1_000, line=worked.lines[key], actor=worked.officer, on=day)
        else:
            commit(line=worked.lines[key], amount=1_000, source=source(f"more-{k}"), actor=worked.officer, on=day)


def _queries(client, path, params=None) -> int:
    client.get(path, params or {})
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path, params or {}).status_code == 200
    return len(captured)


@pytest.mark.parametrize("view", ["line", "department", "month", "code"])
def test_the_report_query_count_does_not_grow_with_the_ledger(worked, alpha, client_for, view):
    client = signed_in(client_for, alpha, "aaccountant")
    params = {**YEAR_END, "view": view}
    few = _queries(client, "/budget/status/", params)
    with schema_context(alpha.schema_name):
        _more_ledger(worked, 60)
        parent = BudgetItem.objects.get(pk=worked.items["일반운영비"].pk)
        item(worked.officer, worked.year, parent, "201-03", "행사운영비", worked.org.finance, standard_code="201-03")
    assert _queries(client, "/budget/status/", params) == few


def test_the_home_and_line_query_counts_do_not_grow_with_the_ledger(worked, alpha, client_for):
    client = signed_in(client_for, alpha, "adirector")
    line = worked.lines["시설비"].pk
    home, page = _queries(client, "/budget/"), _queries(client, f"/budget/lines/{line}/")
    with schema_context(alpha.schema_name):
        _more_ledger(worked, 60)
    assert (_queries(client, "/budget/"), _queries(client, f"/budget/lines/{line}/")) == (home, page)


def test_the_accounting_officer_reads_the_whole_report(worked, alpha, client_for):
    with schema_context(alpha.schema_name):
        UserFactory(username="cashier", department=worked.org.team).groups.add(
            Group.objects.get(name=ACCOUNTING_OFFICER)
        )
    response = signed_in(client_for, alpha, "cashier").get("/budget/status/", YEAR_END)
    assert line_links(response) == ids(worked, *FINANCE, *TEAM)
    assert line_links(signed_in(client_for, alpha, "cashier").get("/budget/")) == ids(worked, *TEAM)


def test_staff_see_on_their_home_the_lines_of_the_departments_above_they_may_draft_on(in_alpha, alpha, client_for):
    books = chain()  # the lines belong to 총무부; the drafter sits in 총무팀 under it
    drafter = books.org.drafter
    draftable = {str(pk) for pk in lines_for_drafting(drafter).values_list("pk", flat=True)}
    assert len(draftable) == 4

    client = signed_in(client_for, alpha, "adrafter")
    home = client.get("/budget/")
    assert line_links(home) == draftable
    assert "201-01 사무관리비 총무부 10,000,000원" in text(home)
    office = books.budget.items["사무관리비"].pk
    assert client.get(f"/budget/lines/{office}/").status_code == 200
    # A department beside theirs stays out of reach.
    assert signed_in(client_for, alpha, "afinhead").get(f"/budget/lines/{office}/").status_code == 404
