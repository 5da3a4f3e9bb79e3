"""A run's reports against figures worked by hand, who may open them, their downloads and their
query counts (fixed, whatever the number of slips).

The run: March 2026, two people on the test pay structure (tests.payroll.helpers), 2 공제대상가족,
declared bases 3,000,000, 식대 140,000 (비과세), 노조비 15,000, the default institution settings
(150인 미만: 고용안정 0.25 %, 산재 1.47 %).

  staff (경영지원부) 6급 5호봉 3,000,000        peer (기획팀) 6급 7호봉 3,200,000
  국민연금 3,000,000 × 4.75 %   = 142,500      142,500 (the same declared base)
  건강보험 3,000,000 × 3.595 %  = 107,850      107,850
  장기요양 107,850 × 13.14 %    =  14,170      14,170 (14,171.49 cut to 10원)
  고용보험 taxable × 0.9 %      =  27,000      28,800 (3,200,000 × 0.9 %)
  소득세 (간이세액표, 2인)      =  56,850      73,960 (3,000천원 and 3,200천원 rows)
  지방소득세 10 %               =   5,680       7,390 (7,396 cut to 10원)
  공제 합계 (+ 노조비 15,000)    = 369,050     389,670
  실지급액                      = 2,770,950   2,950,330
  기관: 고용안정 0.25 %         =   7,500       8,000
        산재 1.47 %             =  44,100      47,040
  기관 부담 합계                = 343,120     348,360
"""

from __future__ import annotations

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook
from pypdf import PdfReader

from org import roles
from org.models import Grade, User
from payroll.models import PayrollRun, Payslip
from payroll.reports import department_summary, insurance_by_agency, withholding_summary
from payroll.services import payroll_run_calculate_now, payroll_run_create
from tests.factories import DepartmentFactory, UserFactory
from tests.payroll.helpers import pay_structure, profile_for
from tests.support import PEER, STAFF, login

pytestmark = pytest.mark.django_db
MARCH = datetime.date(2026, 3, 1)


@pytest.fixture
def run(in_alpha) -> PayrollRun:
    grade = pay_structure()
    staff, peer = User.objects.get(username=STAFF), User.objects.get(username=PEER)
    peer.department = DepartmentFactory(name="기획팀", code="P200")
    peer.save(update_fields=["department"])
    profile_for(staff, grade, step=5)
    profile_for(peer, grade, step=7)
    officer = UserFactory(username="payclerk", roles=[roles.STAFF, "payroll_officer"])
    UserFactory(username="inspector", roles=[roles.STAFF, roles.AUDITOR])
    return payroll_run_calculate_now(actor=officer, run=payroll_run_create(actor=officer, month=MARCH))


def test_the_slips_are_the_hand_worked_ones(run):
    staff = Payslip.objects.get(run=run, user__username=STAFF)
    peer = Payslip.objects.get(run=run, user__username=PEER)
    assert (staff.income_tax_amount, staff.local_income_tax_amount, staff.net_amount) == (56_850, 5_680, 2_770_950)
    assert (peer.income_tax_amount, peer.local_income_tax_amount, peer.net_amount) == (73_960, 7_390, 2_950_330)
    assert (staff.employer_total_amount, peer.employer_total_amount) == (343_120, 348_360)


def test_the_department_summary(run):
    rows, total = department_summary(run)
    assert [r.as_list() for r in rows] == [
        ["경영지원부", 1, 3_140_000, 3_000_000, 140_000, 291_520, 56_850, 5_680, 15_000, 369_050, 2_770_950, 343_120],
        ["기획팀", 1, 3_340_000, 3_200_000, 140_000, 293_320, 73_960, 7_390, 15_000, 389_670, 2_950_330, 348_360],
    ]
    assert total.as_list() == [
        "합계", 2, 6_480_000, 6_200_000, 280_000, 584_840, 130_810, 13_070, 30_000, 758_720, 5_721_280, 691_480
    ]  # fmt: skip


def test_the_withholding_lines_leave_out_the_unreported_exempt_meal_allowance(run):
    lines = [line.as_list() for line in withholding_summary(run)]
    # 총지급액 6,480,000 less the 식대 280,000 (미제출 비과세)
    assert lines == [
        ["A01", "간이세액", 2, 6_200_000, 130_810, 13_070],
        ["A02", "중도퇴사", 0, 0, 0, 0],
        ["A03", "일용근로", 0, 0, 0, 0],
        ["A04", "연말정산", 0, 0, 0, 0],
        ["A10", "가감계", 2, 6_200_000, 130_810, 13_070],
    ]


def test_the_social_insurance_by_agency(run):
    agencies = insurance_by_agency(run)
    flat = [(agency, [r.as_list() for r in rows], subtotal.as_list()) for agency, rows, subtotal in agencies]
    assert flat == [
        (
            "국민연금공단",
            [["국민연금공단", "국민연금", 2, 285_000, 285_000, 570_000]],
            ["국민연금공단", "소계", 2, 285_000, 285_000, 570_000],
        ),
        (
            "국민건강보험공단",
            [
                ["국민건강보험공단", "건강보험", 2, 215_700, 215_700, 431_400],
                ["국민건강보험공단", "장기요양보험", 2, 28_340, 28_340, 56_680],
            ],
            ["국민건강보험공단", "소계", 2, 244_040, 244_040, 488_080],
        ),
        (
            "근로복지공단",
            [
                ["근로복지공단", "고용보험 실업급여", 2, 55_800, 55_800, 111_600],
                ["근로복지공단", "고용안정·직업능력개발", 2, 0, 15_500, 15_500],
                ["근로복지공단", "산재보험", 2, 0, 91_140, 91_140],
            ],
            ["근로복지공단", "소계", 2, 55_800, 162_440, 218_240],
        ),
    ]


def _signed_in(client_for, alpha, username):
    client = client_for(alpha)
    login(client, username)
    return client


REPORT_PAGES = ["reports/", "reports/departments/", "reports/withholding/", "reports/insurance/"]


@pytest.mark.parametrize("page", REPORT_PAGES)
def test_staff_never_see_the_reports_but_officers_and_auditors_do(run, alpha, client_for, page):
    url = f"/payroll/runs/{run.pk}/{page}"
    assert _signed_in(client_for, alpha, STAFF).get(url).status_code == 404
    for who in ("payclerk", "inspector"):
        response = _signed_in(client_for, alpha, who).get(url)
        assert response.status_code == 200
    assert "2026년 3월 정기" in response.content.decode()


def test_the_pages_show_korean_money(run, alpha, client_for):
    client = _signed_in(client_for, alpha, "inspector")
    page = client.get(f"/payroll/runs/{run.pk}/reports/withholding/").content.decode()
    assert "6,200,000원" in page
    assert "130,810원" in page
    page = client.get(f"/payroll/runs/{run.pk}/reports/insurance/").content.decode()
    assert "162,440원" in page
    assert client.get(f"/payroll/runs/{run.pk}/reports/payslips/").status_code == 404


@pytest.mark.parametrize(
    ("report", "first", "last"),
    [
        ("departments", ["경영지원부", 1, 3_140_000], ["합계", 2, 6_480_000]),
        ("withholding", ["A01", "간이세액", 2], ["A10", "가감계", 2]),
        ("insurance", ["국민연금공단", "국민연금", 2], ["근로복지공단", "소계", 2]),
    ],
)
def test_each_report_downloads_as_xlsx(run, alpha, client_for, report, first, last):
    response = _signed_in(client_for, alpha, "payclerk").get(f"/payroll/runs/{run.pk}/reports/{report}/?format=xlsx")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Disposition"].startswith("attachment; filename*=UTF-8''")
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [list(row) for row in sheet.iter_rows(values_only=True) if any(v is not None for v in row)]
    data = [row for row in values if row[0] in (first[0], last[0])]
    assert data[0][: len(first)] == first
    assert data[-1][: len(last)] == last


def test_the_register_pdf_lists_every_slip_and_the_totals(run, alpha, client_for):
    response = _signed_in(client_for, alpha, "inspector").get(f"/payroll/runs/{run.pk}/register.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    compact = text.replace(" ", "").replace("\n", "")
    assert "2026년3월정기급여급여대장" in compact
    assert "2,770,950" in compact
    assert "2,950,330" in compact
    assert "5,721,280" in compact  # the net total
    assert "합계(2명)" in compact
    assert _signed_in(client_for, alpha, STAFF).get(f"/payroll/runs/{run.pk}/register.pdf").status_code == 404


def _count(client, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("page", REPORT_PAGES)
def test_the_report_pages_query_count_does_not_grow_with_slips(run, alpha, client_for, page):
    client = _signed_in(client_for, alpha, "payclerk")
    url = f"/payroll/runs/{run.pk}/{page}"
    before = _count(client, url)
    grade = Grade.objects.get(name="6급")
    for n in range(6):
        profile_for(UserFactory(username=f"extra{n}", department=DepartmentFactory(name=f"부서{n}")), grade)
    officer = User.objects.get(username="payclerk")
    bigger = payroll_run_calculate_now(
        actor=officer, run=payroll_run_create(actor=officer, month=MARCH.replace(month=4))
    )
    assert Payslip.objects.filter(run=bigger).count() == 8
    after = _count(client, f"/payroll/runs/{bigger.pk}/{page}")
    assert after == before
    # Eleven for the request and its layout (host, session, user, roles, the navigation's
    # badges), one for the run, then the page's own: one grouped query for 부서별 and for 사회보험,
    # three for 원천징수 (the totals, the 미제출 비과세 item codes, their lines), two for the
    # index (the slips and the PDFs made).
    assert before == PINNED[page]


PINNED = {
    "reports/": 14,
    "reports/departments/": 13,
    "reports/withholding/": 15,
    "reports/insurance/": 13,
}
