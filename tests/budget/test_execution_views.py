"""Pages of the execution chain: drafting a 지출결의 (commas in the amount, evidence, Korean errors
next to the field, nothing written on bad input), its list (search, filter, XLSX) and detail (the
evidence only for its own department's tree), the 회계 담당's payment page and transfer file, the
vendor register (account masked), and the books (분개장, 총계정원장, 합계잔액시산표)."""

from __future__ import annotations

import io
import re
from uuid import uuid4

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from approval.models import DelegationRule
from budget.amendments import TRANSFER_KIND
from budget.models import (
    Amendment,
    AmendmentKind,
    AmendmentStatus,
    Expenditure,
    ExpenditureStatus,
    PaymentBatch,
    Vendor,
)
from tests.factories.budget_execution import APRIL, approve, approved_plan, chain, expenditure
from tests.support import PASSWORD, login

pytestmark = pytest.mark.django_db


@pytest.fixture
def books(in_alpha):
    return chain()


def signed_in(client_for, institution, username):
    client = client_for(institution)
    assert login(client, username, PASSWORD).status_code == 302
    return client


def form(books, **over):
    return {
        "submission_token": str(uuid4()),
        "title": "복사용지 구매 대금",
        "purpose": "A4 50박스",
        "vendor": books.vendor.pk,
        "amount": "500,000",
        "pay_date": "2026-04-20",
        "unit_task": books.org.task.pk,
        **over,
    }


def test_draft_an_expenditure_on_an_approved_plan_with_its_evidence(books, alpha, client_for):
    p = approved_plan(books)
    client = signed_in(client_for, alpha, "adrafter")
    page = client.get(f"/budget/expenditures/new/?plan={p.pk}")
    assert page.status_code == 200
    assert "복사용지 구매 (800,000원" in page.content.decode()

    invoice = SimpleUploadedFile("세금계산서.pdf", b"%PDF-1.4 invoice", content_type="application/pdf")
    response = client.post("/budget/expenditures/new/", form(books, plan=p.pk, evidence=invoice))

    created = Expenditure.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/budget/expenditures/{created.pk}/"
    assert (created.amount, created.plan, created.status) == (500_000, p, ExpenditureStatus.IN_PROGRESS)
    detail = client.get(response["Location"]).content.decode()
    assert "세금계산서.pdf" in detail
    assert "***-***-**9012" in detail
    assert "123-456-789012" not in detail
    evidence = created.evidence.get()
    download = client.get(f"/budget/expenditures/{created.pk}/evidence/{evidence.pk}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4 invoice"


def test_an_over_balance_expenditure_is_refused_next_to_the_amount(books, alpha, client_for):
    client = signed_in(client_for, alpha, "adrafter")
    line = books.budget.items["국내여비"]

    response = client.post("/budget/expenditures/new/", form(books, line=line.pk, amount="2,300,000"))

    assert response.status_code == 422
    html = response.content.decode()
    assert "예산 잔액이 부족합니다: 202-01 국내여비 — 잔액 2,000,000원, 요청 2,300,000원, 부족 300,000원" in html
    assert 'value="복사용지 구매 대금"' in html
    assert not Expenditure.objects.exists()


def test_evidence_is_hidden_from_another_departments_reader(books, alpha, client_for):
    e = expenditure(books, line=books.budget.items["사무관리비"], files=[SimpleUploadedFile("영수증.pdf", b"%PDF-x")])
    # The finance head is not on its line and heads another tree: the expenditure is not shown.
    finance = signed_in(client_for, alpha, "afinhead")
    assert finance.get(f"/budget/expenditures/{e.pk}/").status_code == 404
    # The accountant (회계 담당) reads every expenditure and its evidence.
    accountant = signed_in(client_for, alpha, "aaccountant")
    assert "영수증.pdf" in accountant.get(f"/budget/expenditures/{e.pk}/").content.decode()


def test_the_list_searches_filters_and_exports(books, alpha, client_for):
    expenditure(books, line=books.budget.items["사무관리비"], title="토너 구매")
    expenditure(books, line=books.budget.items["공공운영비"], title="전기요금")
    client = signed_in(client_for, alpha, "adrafter")

    html = client.get("/budget/expenditures/?q=토너").content.decode()
    assert "토너 구매" in html
    assert "전기요금" not in html
    assert "지출결의 0건" in client.get("/budget/expenditures/?status=approved").content.decode()
    response = client.get("/budget/expenditures/?export=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sorted(row[0] for row in sheet.iter_rows(min_row=2, values_only=True)) == ["전기요금", "토너 구매"]


def test_the_accountant_pays_and_downloads_the_transfer_file(books, alpha, client_for):
    e = approve(books, expenditure(books, line=books.budget.items["사무관리비"], amount=330_000), at=APRIL)
    assert signed_in(client_for, alpha, "adrafter").get("/budget/payments/").status_code == 403
    client = signed_in(client_for, alpha, "aaccountant")
    assert "지급 대기 1건 · 330,000원" in client.get("/budget/payments/").content.decode()

    bad = client.post("/budget/payments/", {"expenditures": [e.pk], "paid_on": "", "from_account": "", "memo": ""})
    assert bad.status_code == 422
    assert "필수 항목입니다." in bad.content.decode()
    response = client.post(
        "/budget/payments/",
        {"expenditures": [e.pk], "paid_on": "2026-04-20", "from_account": "농협 301-01", "memo": "4월 대금"},
    )

    assert response.status_code == 302
    batch = PaymentBatch.objects.get()
    download = client.get(f"/budget/payments/{batch.pk}/transfer.csv")
    assert download["Content-Type"] == "text/csv; charset=cp949"
    assert download.content.decode("cp949").splitlines()[1] == "004,123456789012,한빛문구,330000,4월 대금"
    assert "no-store" in download["Cache-Control"]


def test_vendors_are_registered_by_the_accountant_with_korean_errors(books, alpha, client_for):
    client = signed_in(client_for, alpha, "aaccountant")
    values = {
        "name": "대한프린텍",
        "business_number": "220-81-62510",
        "bank_code": "088",
        "account_number": "110-222-333444",
        "account_holder": "대한프린텍",
    }
    bad = client.post("/budget/vendors/", values)
    assert bad.status_code == 422
    assert "사업자등록번호가 올바르지 않습니다(검증번호 불일치). 다시 확인하세요." in bad.content.decode()
    assert Vendor.objects.count() == 1

    assert client.post("/budget/vendors/", values | {"business_number": "220-81-62517"}).status_code == 302
    html = client.get("/budget/vendors/").content.decode()
    assert "***-***-**3444" in html
    assert "333444" not in html
    assert signed_in(client_for, alpha, "adrafter").post("/budget/vendors/", values).status_code == 403


def test_the_books_pages_and_the_trial_balance(books, alpha, client_for):
    approve(books, expenditure(books, line=books.budget.items["사무관리비"], amount=330_000), at=APRIL)
    client = signed_in(client_for, alpha, "aaccountant")

    journal = client.get("/budget/books/journal/?start=2026-01-01&end=2026-12-31").content.decode()
    assert "5201 일반운영비" in journal
    assert "330,000원" in journal
    tb = client.get("/budget/books/trial-balance/?start=2026-01-01&end=2026-12-31").content.decode()
    assert "대차 일치" in tb
    sheet = load_workbook(
        io.BytesIO(client.get("/budget/books/trial-balance/?start=2026-01-01&end=2026-12-31&export=xlsx").content)
    ).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert rows[-1][:2] == (330_000, 330_000)
    assert rows[-1][4:] == (330_000, 330_000)
    ledger = client.get("/budget/books/ledger/?start=2026-01-01&end=2026-12-31").content.decode()
    assert "1102 보통예금" in ledger
    assert signed_in(client_for, alpha, "adrafter").get("/budget/books/journal/").status_code == 403


def test_the_drafter_submits_a_reversal_from_the_expenditure_page(books, alpha, client_for):
    from budget.models import ExpenditureReversal

    e = approve(books, expenditure(books, line=books.budget.items["사무관리비"], amount=330_000), at=APRIL)
    client = signed_in(client_for, alpha, "adrafter")
    assert "반납·정정 상신" in client.get(f"/budget/expenditures/{e.pk}/").content.decode()

    bad = client.post(f"/budget/expenditures/{e.pk}/reverse/", {"reason": "", "unit_task": books.org.task.pk})
    assert bad.status_code == 422
    assert "필수 항목입니다." in bad.content.decode()
    response = client.post(
        f"/budget/expenditures/{e.pk}/reverse/", {"reason": "납품 취소", "unit_task": books.org.task.pk}
    )

    assert response.status_code == 302
    reversal = ExpenditureReversal.objects.get()
    assert (reversal.kind, reversal.status) == ("correction", "in_progress")
    # A colleague cannot.
    other = signed_in(client_for, alpha, "acolleague")
    assert other.post(f"/budget/expenditures/{e.pk}/reverse/", {"reason": "x"}).status_code in (403, 404)


def test_revenue_pages_draft_list_and_collect(books, alpha, client_for):
    from budget.models import RevenueItem, RevenueResolution
    from budget.structure import revenue_item_save

    officer, year = books.budget.officer, books.budget.year
    section = revenue_item_save(actor=officer, item=RevenueItem(fiscal_year=year, code="200", name="사업수입"))
    chapter = revenue_item_save(
        actor=officer, item=RevenueItem(fiscal_year=year, parent=section, code="220", name="사용료")
    )
    item = revenue_item_save(
        actor=officer, item=RevenueItem(fiscal_year=year, parent=chapter, code="221", name="대관료")
    )
    from approval.models import DelegationRule
    from budget.revenue import REVENUE_KIND

    DelegationRule.objects.create(kind=REVENUE_KIND, label="수입", deciding_position=books.org.positions["팀장"])
    client = signed_in(client_for, alpha, "adrafter")
    values = {
        "title": "대회의실 대관료",
        "revenue_item": item.pk,
        "payer": "㈜한빛",
        "amount": "660,000",
        "due_date": "2026-05-31",
        "unit_task": books.org.task.pk,
    }
    bad = client.post("/budget/revenue/new/", values | {"amount": "0"})
    assert bad.status_code == 422
    assert "금액은 1원 이상이어야 합니다." in bad.content.decode()
    response = client.post("/budget/revenue/new/", values)
    assert response.status_code == 302
    resolution = approve(books, RevenueResolution.objects.get(), at=APRIL)
    assert "대회의실 대관료" in client.get("/budget/revenue/").content.decode()

    accountant = signed_in(client_for, alpha, "aaccountant")
    page = accountant.get(f"/budget/revenue/{resolution.pk}/").content.decode()
    assert "수납 처리" in page
    assert accountant.post(f"/budget/revenue/{resolution.pk}/", {"collected_on": "2026-04-20"}).status_code == 302
    resolution.refresh_from_db()
    assert resolution.collected_on.isoformat() == "2026-04-20"


def test_the_plan_form_names_a_line_of_the_drafters_department_and_checks_its_balance(books, alpha, client_for):
    from budget.models import ExpensePlan

    client = signed_in(client_for, alpha, "adrafter")
    page = client.get("/budget/new/").content.decode()
    assert "일반운영비/201-01 사무관리비 [총무부]" in page
    values = {
        "submission_token": str(uuid4()),
        "title": "토너 구매",
        "purpose": "토너 4개",
        "amount": "2,500,000",
        "line": books.budget.items["국내여비"].pk,
        "planned_date": "2026-12-10",
        "unit_task": books.org.task.pk,
    }

    refused = client.post("/budget/new/", values)

    assert refused.status_code == 422
    assert "부족 500,000원" in refused.content.decode()
    assert not ExpensePlan.objects.exists()
    response = client.post("/budget/new/", values | {"amount": "450,000", "submission_token": str(uuid4())})
    assert response.status_code == 302
    plan = approve(books, ExpensePlan.objects.get(), at=APRIL)
    detail = client.get(f"/budget/{plan.pk}/").content.decode()
    assert "원인행위 잔액" in detail
    assert f"/budget/expenditures/new/?plan={plan.pk}" in detail


def stats(html: str, label: str) -> dict[str, str]:
    """The figures of the page's `<dl class="stats" aria-label=label>`, by their term."""
    block = re.search(rf'<dl class="stats" aria-label="{label}">(.*?)</dl>', html, re.S)
    assert block is not None, f"no {label} figures on the page"
    return dict(re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", block.group(1)))


def test_a_part_settled_plan_shows_what_was_committed_executed_released_and_left(books, alpha, client_for):
    """품의 800,000 approved; 지출결의 500,000 on it (the plan stays open): 300,000 still held.
    A second 지출결의 of 200,000 that settles the plan fully releases the last 100,000."""
    p = approved_plan(books)
    client = signed_in(client_for, alpha, "adrafter")
    url = f"/budget/{p.pk}/"

    assert stats(client.get(url).content.decode(), "지출원인행위") == {
        "원인행위액": "800,000원",
        "집행(정산)액": "0원",
        "해제액": "0원",
        "원인행위 잔액": "800,000원",
    }
    approve(books, expenditure(books, plan=p, amount=500_000), at=APRIL)
    page = client.get(url).content.decode()
    assert stats(page, "지출원인행위") == {
        "원인행위액": "800,000원",
        "집행(정산)액": "500,000원",
        "해제액": "0원",
        "원인행위 잔액": "300,000원",
    }
    assert "이 품의로 지출결의 작성" in page
    listed = client.get("/budget/plans/").content.decode()
    row = listed[
        listed.index(f'href="/budget/{p.pk}/"') : listed.index("</tr>", listed.index(f'href="/budget/{p.pk}/"'))
    ]
    assert re.findall(r'<td class="num">([^<]*)</td>', row) == ["800,000원", "300,000원"]

    approve(books, expenditure(books, plan=p, amount=200_000, settle_fully=True), at=APRIL)
    page = client.get(url).content.decode()
    assert stats(page, "지출원인행위") == {
        "원인행위액": "800,000원",
        "집행(정산)액": "700,000원",
        "해제액": "100,000원",
        "원인행위 잔액": "0원",
    }
    assert "이 품의로 지출결의 작성" not in page
    # The line agrees: nothing held any more, 700,000 executed, 10,000,000 − 700,000 left.
    line = books.line("사무관리비")
    assert (line.committed_amount, line.executed_amount) == (0, 700_000)


def test_the_plan_lists_open_commitments_take_the_same_queries_for_more_plans(books, alpha, client_for):
    approved_plan(books, amount=100_000)
    client = signed_in(client_for, alpha, "adrafter")
    client.get("/budget/plans/")
    with CaptureQueriesContext(connection) as few:
        assert client.get("/budget/plans/").status_code == 200
    for amount in (200_000, 300_000, 400_000):
        approved_plan(books, amount=amount)
    with CaptureQueriesContext(connection) as many:
        html = client.get("/budget/plans/").content.decode()
    assert "지출 품의 4건" in html
    assert html.count('<td class="num">400,000원</td>') == 2  # its amount, and all of it still held
    assert len(many) == len(few)


def test_staff_draft_a_transfer_between_their_departments_lines(books, alpha, client_for):
    """사무관리비 10,000,000 and 공공운영비 5,000,000 share 세부사업 기본경비; 시설비 is another's.
    The 전용 limit is 20 % of 사무관리비's 10,000,000 = 2,000,000."""
    DelegationRule.objects.create(kind=TRANSFER_KIND, label="예산 전용", deciding_position=books.org.positions["팀장"])
    office, operating, works = (books.budget.items[name] for name in ("사무관리비", "공공운영비", "시설비"))
    client = signed_in(client_for, alpha, "adrafter")
    url = "/budget/transfers/new/"
    assert client.get(url).status_code == 200

    def post(giver, taker, amount: str):
        return client.post(
            url,
            {
                "title": "복합기 임차료 부족분 전용",
                "reason": "사무관리비 집행잔액으로 공공운영비 부족분을 충당합니다.",
                "from_line": giver.pk,
                "to_line": taker.pk,
                "amount": amount,
                "unit_task": books.org.task.pk,
            },
        )

    other_project = post(office, works, "500,000")
    assert other_project.status_code == 422
    assert "전용은 같은 세부사업 안의 통계목·편성목 사이에서만 할 수 있습니다." in other_project.content.decode()
    too_much = post(office, operating, "2,500,000")
    assert too_much.status_code == 422
    assert (
        "201-01 사무관리비: 전용 한도를 넘습니다 — 한도 2,000,000원(예산현액 10,000,000원의 20%), "
        "이미 전용 0원, 요청 2,500,000원, 초과 500,000원"
    ) in too_much.content.decode()
    same = post(office, office, "500,000")
    assert same.status_code == 422
    assert "줄이는 과목과 다른 과목을 고르세요." in same.content.decode()
    assert not Amendment.objects.exists()

    done = post(office, operating, "500,000")
    amendment = Amendment.objects.get()
    assert done.status_code == 302
    assert done["Location"] == f"/approval/{amendment.document_id}/"
    assert (amendment.kind, amendment.status, amendment.drafter) == (
        AmendmentKind.TRANSFER,
        AmendmentStatus.IN_PROGRESS,
        books.org.drafter,
    )
    approve(books, amendment, at=APRIL)
    assert (books.line("사무관리비").current_amount, books.line("공공운영비").current_amount) == (9_500_000, 5_500_000)
