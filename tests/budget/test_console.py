"""The budget in the institution console: the 예산 담당 keeps the structure there (without being an
institution admin), others read; the tree view, the year's confirm/copy/close actions with their
confirmation pages, amendments with lines, allotments, the settings, the ledger — and bad input
as Korean messages next to the fields, with nothing written."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext

from budget.amendments import LineChange, amendment_create
from budget.models import (
    Allotment,
    Amendment,
    AmendmentStatus,
    BudgetItem,
    BudgetPosting,
    BudgetSettings,
    FiscalYear,
    Level,
    PostingKind,
    YearStatus,
)
from org import roles
from tests.factories import UserFactory
from tests.factories.approval import org_chart
from tests.factories.budget_lines import BUDGET_OFFICER, budget_officer, item, small_budget
from tests.factories.tasks_cards import unit_task
from tests.support import ADMIN, STAFF, login, redirects_to_login

pytestmark = pytest.mark.django_db

ACTION = "_selected_action"


@pytest.fixture
def officer_client(in_alpha, alpha, client_for):
    officer = budget_officer(username="budgeteer")
    client = client_for(alpha)
    assert login(client, "budgeteer").status_code == 302
    client.officer = officer
    return client


def test_a_budget_officer_opens_the_console_and_sees_only_budget(officer_client):
    index = officer_client.get("/admin/")

    assert index.status_code == 200
    body = index.content.decode()
    for model in ("세출 예산과목", "회계연도", "표준 예산과목", "예산 원장"):
        assert model in body
    assert "/admin/org/department/" not in body  # org's models are the institution admin's
    assert officer_client.get("/admin/org/user/").status_code == 403


def test_staff_without_a_budget_role_stay_out(alpha, client_for, in_alpha):
    client = client_for(alpha)
    login(client, STAFF)

    response = client.get("/admin/budget/budgetitem/")
    assert redirects_to_login(response) or response.status_code == 403


def test_the_institution_admin_reads_but_does_not_edit_the_budget(alpha, client_for, in_alpha):
    small_budget()
    client = client_for(alpha)
    login(client, ADMIN)

    assert client.get("/admin/budget/budgetitem/").status_code == 200
    assert client.get("/admin/budget/budgetitem/add/").status_code == 403
    assert client.get("/admin/budget/budgetposting/").status_code == 200


def test_the_tree_lists_items_indented_with_subtotals_and_filters(officer_client):
    budget = small_budget(officer=officer_client.officer)
    year = budget.year

    page = officer_client.get(f"/admin/budget/budgetitem/?fiscal_year__id__exact={year.pk}")

    assert page.status_code == 200
    body = page.content.decode()
    assert "　　　　201-01 사무관리비" in body  # four levels down
    assert "47,000,000원" in body  # 행정지원's subtotal: 10,000,000 + 5,000,000 + 2,000,000 + 30,000,000
    assert "17,000,000원" in body  # 기본경비
    found = officer_client.get(f"/admin/budget/budgetitem/?fiscal_year__id__exact={year.pk}&q=202-01")
    assert [row.code for row in found.context["cl"].result_list] == ["202-01"]
    by_level = officer_client.get(f"/admin/budget/budgetitem/?level__exact={Level.ITEM}")
    assert len(by_level.context["cl"].result_list) == 4


def test_the_tree_page_runs_the_same_queries_whatever_its_size(officer_client):
    budget = small_budget(officer=officer_client.officer)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert officer_client.get("/admin/budget/budgetitem/").status_code == 200
        return len(queries)

    before = count()
    parent = budget.items["일반운영비"]
    for n in range(3, 9):
        item(
            budget.officer, budget.year, parent, f"201-0{n}", f"추가과목{n}", budget.department, standard_code="201-03"
        )
    assert count() == before


def test_adding_a_line_under_its_object_with_a_standard_code(officer_client):
    budget = small_budget(officer=officer_client.officer, confirm=False)
    parent = budget.items["일반운영비"]

    page = officer_client.post(
        "/admin/budget/budgetitem/add/",
        {
            "fiscal_year": budget.year.pk,
            "parent": parent.pk,
            "code": "201-15",
            "name": "복리후생비",
            "department": budget.department.pk,
            "standard_code": "201-15",
            "order": 3,
            "planned_amount": "1,250,000",
        },
    )

    assert page.status_code == 302, page.context["adminform"].form.errors
    added = BudgetItem.objects.get(fiscal_year=budget.year, code="201-15")
    assert (added.level, added.planned_amount, added.path.startswith(parent.path)) == (Level.ITEM, 1_250_000, True)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"standard_code": "202-01"},
            "standard_code",
            "통계목 202-01은(는) 상위 편성목의 표준코드 201에 속하지 않습니다.",
        ),
        ({"standard_code": ""}, "standard_code", "표준 예산과목을 지정하세요."),
        (
            {"planned_amount": "12,5OO"},
            "planned_amount",
            "금액은 숫자로 입력하세요. 만·억 단위도 됩니다. 예: 1,250,000 또는 125만",
        ),
        ({"planned_amount": "9999999999999"}, "planned_amount", "금액이 너무 큽니다. 자릿수를 확인하세요."),
        ({"code": "201-01"}, None, "같은 상위 과목 아래에 같은 코드가 이미 있습니다."),
        ({"name": "  "}, "name", "필수 항목입니다."),
    ],
)
def test_bad_item_input_is_a_korean_message_and_nothing_is_written(officer_client, changes, field, message):
    budget = small_budget(officer=officer_client.officer, confirm=False)
    before = BudgetItem.objects.count()
    data = {
        "fiscal_year": budget.year.pk,
        "parent": budget.items["일반운영비"].pk,
        "code": "201-15",
        "name": "복리후생비",
        "department": budget.department.pk,
        "standard_code": "201-15",
        "order": 3,
        "planned_amount": "1,000",
        **changes,
    }

    page = officer_client.post("/admin/budget/budgetitem/add/", data)

    assert page.status_code == 200
    errors = page.context["adminform"].form.errors
    assert message in errors[field if field else "__all__"]
    assert BudgetItem.objects.count() == before


def test_a_confirmed_years_original_budget_is_read_only(officer_client):
    budget = small_budget(officer=officer_client.officer)
    office = budget.items["사무관리비"]

    page = officer_client.get(f"/admin/budget/budgetitem/{office.pk}/change/")

    assert page.status_code == 200
    assert "planned_amount" not in page.context["adminform"].form.fields
    body = page.content.decode()
    assert "예산현액 변동 내역" in body
    assert "10,000,000원" in body


def test_confirming_a_year_lists_what_is_missing_then_posts_the_original_budget(officer_client):
    budget = small_budget(officer=officer_client.officer, confirm=False, amounts={"국내여비": None})
    url = "/admin/budget/fiscalyear/"

    page = officer_client.post(url, {"action": "confirm_year", ACTION: [budget.year.pk]})
    assert page.status_code == 200
    assert "202-01 국내여비" in page.content.decode()
    assert "본예산(편성액)을 입력하세요(없으면 0)." in page.content.decode()
    refused = officer_client.post(url, {"action": "confirm_year", ACTION: [budget.year.pk], "confirmed": "yes"})
    assert refused.status_code == 200  # shown again, not confirmed
    assert FiscalYear.objects.get(pk=budget.year.pk).status == YearStatus.DRAFTING

    travel = budget.items["국내여비"]
    travel.refresh_from_db()
    BudgetItem.objects.filter(pk=travel.pk).update(planned_amount=0)
    page = officer_client.post(url, {"action": "confirm_year", ACTION: [budget.year.pk]})
    assert "45,000,000원" in page.content.decode()
    done = officer_client.post(url, {"action": "confirm_year", ACTION: [budget.year.pk], "confirmed": "yes"})

    assert done.status_code == 302
    assert FiscalYear.objects.get(pk=budget.year.pk).status == YearStatus.CONFIRMED
    assert BudgetPosting.objects.filter(kind=PostingKind.ORIGINAL).count() == 3  # the 0원 line posts nothing


def test_copying_a_years_structure_with_a_confirmation_page(officer_client):
    budget = small_budget(officer=officer_client.officer)
    url = "/admin/budget/fiscalyear/"

    page = officer_client.post(url, {"action": "copy_structure", ACTION: [budget.year.pk]})
    assert page.status_code == 200
    assert page.context["form"].initial["year"] == 2027
    taken = officer_client.post(
        url, {"action": "copy_structure", ACTION: [budget.year.pk], "confirmed": "yes", "year": 2026}
    )
    assert taken.context["form"].errors == {"year": ["2026 회계연도는 이미 있습니다."]}
    done = officer_client.post(
        url,
        {"action": "copy_structure", ACTION: [budget.year.pk], "confirmed": "yes", "year": 2027, "with_amounts": "on"},
    )

    assert done.status_code == 302
    copied = FiscalYear.objects.get(year=2027)
    assert copied.status == YearStatus.DRAFTING
    items = {i.code: i for i in BudgetItem.objects.filter(fiscal_year=copied)}
    assert len(items) == 11
    assert (items["201-01"].planned_amount, items["201-01"].original_amount) == (10_000_000, 0)
    assert items["201-01"].parent_id == items["201"].pk
    assert items["201-01"].path.startswith(items["1000"].path)


def test_closing_a_year_leads_to_the_year_end_page(officer_client):
    budget = small_budget(officer=officer_client.officer)
    url = "/admin/budget/fiscalyear/"

    page = officer_client.post(url, {"action": "close_year", ACTION: [budget.year.pk]}).content.decode()
    assert "더 이상 집행하거나" in page
    assert 'href="/budget/books/year-end/?year=2026"' in page
    # The console does not close by itself: the 결산 posts what a close must (budget.year_end).
    officer_client.post(url, {"action": "close_year", ACTION: [budget.year.pk], "confirmed": "yes"})
    assert FiscalYear.objects.get(pk=budget.year.pk).status == YearStatus.CONFIRMED


def test_an_amendment_is_drafted_with_lines_and_submitted_from_the_console(in_alpha, alpha, client_for):
    org = org_chart()
    officer = org.accountant
    officer.groups.add(Group.objects.get(name=BUDGET_OFFICER))
    task = unit_task(department=org.finance, owner=officer, name="예산 운용")
    budget = small_budget(department=org.finance, officer=officer)
    client = client_for(alpha)
    login(client, officer.username)
    office, travel = budget.items["사무관리비"], budget.items["국내여비"]
    prefix = "lines"

    page = client.post(
        "/admin/budget/amendment/add/",
        {
            "fiscal_year": budget.year.pk,
            "kind": "transfer",
            "carryover_type": "",
            "title": "여비 부족분 전용",
            "reason": "출장 증가",
            "unit_task": task.pk,
            f"{prefix}-TOTAL_FORMS": 2,
            f"{prefix}-INITIAL_FORMS": 0,
            f"{prefix}-0-line": office.pk,
            f"{prefix}-0-direction": "-",
            f"{prefix}-0-amount_value": "800,000",
            f"{prefix}-1-line": travel.pk,
            f"{prefix}-1-direction": "+",
            f"{prefix}-1-amount_value": "800,000",
        },
    )

    assert page.status_code == 302, page.context["adminform"].form.errors if page.context else page
    amendment = Amendment.objects.get(title="여비 부족분 전용")
    assert sorted(amendment.lines.values_list("amount", flat=True)) == [-800_000, 800_000]
    check = client.get(f"/admin/budget/amendment/{amendment.pk}/submit/")
    assert "-800,000원" in check.content.decode()
    submitted = client.post(f"/admin/budget/amendment/{amendment.pk}/submit/")
    assert submitted.status_code == 302
    amendment.refresh_from_db()
    assert amendment.status == AmendmentStatus.IN_PROGRESS
    assert amendment.document.kind == "budget.transfer"
    # Submitted, it no longer changes.
    assert client.post(f"/admin/budget/amendment/{amendment.pk}/change/", {"title": "다른 제목"}).status_code == 403


def test_an_amendment_that_breaks_a_rule_is_shown_and_not_submitted(officer_client):
    budget = small_budget(officer=officer_client.officer)
    amendment = amendment_create(
        actor=officer_client.officer,
        fiscal_year=budget.year,
        kind="transfer",
        title="세부사업 넘는 전용",
        reason="시험",
        changes=[LineChange(budget.items["사무관리비"], -100), LineChange(budget.items["시설비"], 100)],
    )

    page = officer_client.post(f"/admin/budget/amendment/{amendment.pk}/submit/")

    assert page.status_code == 422
    assert "전용은 같은 세부사업 안의 통계목·편성목 사이에서만 할 수 있습니다." in page.content.decode()
    amendment.refresh_from_db()
    assert amendment.status == AmendmentStatus.DRAFT


def test_allotments_from_the_console(officer_client):
    budget = small_budget(officer=officer_client.officer)
    travel = budget.items["국내여비"]
    data = {"line": travel.pk, "quarter": 1, "amount": "1,500,000", "allotted_on": "2026-01-05", "memo": ""}

    assert officer_client.post("/admin/budget/allotment/add/", data).status_code == 302
    over = officer_client.post("/admin/budget/allotment/add/", {**data, "quarter": 2, "amount": "600,000"})

    assert over.status_code == 200
    assert over.context["adminform"].form.non_field_errors() == [
        "202-01 국내여비: 배정 누계가 예산현액을 넘습니다 — 예산현액 2,000,000원, 배정 누계 1,500,000원, 요청 600,000원"
    ]
    assert list(Allotment.objects.values_list("amount", flat=True)) == [1_500_000]
    late = officer_client.post("/admin/budget/allotment/add/", {**data, "amount": "1", "allotted_on": "2027-01-05"})
    assert late.context["adminform"].form.non_field_errors() == ["2027. 1. 5.은(는) 2026 회계연도 밖의 날짜입니다."]
    assert BudgetItem.objects.get(pk=travel.pk).allotted_amount == 1_500_000
    assert date(2026, 1, 5) == Allotment.objects.get().allotted_on


def test_the_settings_are_one_form(officer_client):
    assert officer_client.get("/admin/budget/budgetsettings/").url == "/admin/budget/budgetsettings/add/"

    saved = officer_client.post(
        "/admin/budget/budgetsettings/add/", {"allotment_enabled": "on", "transfer_limit_percent": "15"}
    )
    assert saved.status_code == 302
    settings = BudgetSettings.load()
    assert (settings.allotment_enabled, str(settings.transfer_limit_percent)) == (True, "15.00")
    assert (
        officer_client.get("/admin/budget/budgetsettings/").url == f"/admin/budget/budgetsettings/{settings.pk}/change/"
    )
    bad = officer_client.post(f"/admin/budget/budgetsettings/{settings.pk}/change/", {"transfer_limit_percent": "150"})
    assert bad.status_code == 200
    assert "transfer_limit_percent" in bad.context["adminform"].form.errors


def test_the_accounting_officer_reads_the_ledger(alpha, client_for, in_alpha):
    small_budget()
    UserFactory(username="accountant1", roles=[roles.STAFF, "accounting_officer"])
    client = client_for(alpha)
    login(client, "accountant1")

    page = client.get("/admin/budget/budgetposting/")
    assert page.status_code == 200
    assert "+10,000,000원" in page.content.decode()
    assert client.get("/admin/budget/fiscalyear/add/").status_code == 403


def test_the_chart_of_accounts_is_made_and_edited_in_the_console(officer_client):
    from budget.models import Account, JournalEntry

    listing = officer_client.get("/admin/budget/account/")
    assert listing.status_code == 200
    assert "5201" in listing.content.decode()
    assert Account.objects.count() == 27
    account = Account.objects.get(code="5201")
    values = {
        "code": "5201",
        "name": "일반운영비(사무)",
        "type": "expense",
        "standard_codes": "201, 201-01",
        "order": 0,
    }
    bad = officer_client.post(f"/admin/budget/account/{account.pk}/change/", values | {"standard_codes": "201; x"})
    assert bad.status_code == 200
    assert "표준코드는 숫자와 &#x27;-&#x27;로만 씁니다" in bad.content.decode()

    response = officer_client.post(f"/admin/budget/account/{account.pk}/change/", values | {"is_active": "on"})

    assert response.status_code == 302
    account.refresh_from_db()
    assert (account.name, account.standard_codes) == ("일반운영비(사무)", "201, 201-01")
    assert officer_client.get(f"/admin/budget/account/{account.pk}/delete/").status_code == 403
    assert officer_client.get("/admin/budget/journalentry/").status_code == 200
    assert not JournalEntry.objects.exists()
