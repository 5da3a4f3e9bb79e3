"""Expense-plan pages: list (search, status filter, XLSX, flat query counts), the new-plan form
(amounts with commas, Korean errors next to the field, nothing lost), the detail with its
approval document, resubmission after 반려/회수, and access for strangers, other institutions
and anonymous."""

from __future__ import annotations

import io
import re
from uuid import UUID, uuid4

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context
from openpyxl import load_workbook

from approval.models import Document, DocumentStatus
from approval.services import document_approve, document_reject, document_withdraw
from budget.kinds import EXPENSE_PLAN_KIND
from budget.models import ExpensePlan, PlanStatus
from org import roles
from org.models import User
from tests.exports import FORMULA, assert_text_only
from tests.factories import UserFactory
from tests.factories.approval import org_chart
from tests.factories.budget import expense_delegation_table, plan
from tests.support import PASSWORD, login, redirects_to_login

pytestmark = pytest.mark.django_db


@pytest.fixture
def org(in_alpha):
    org = org_chart()
    expense_delegation_table(org.positions)
    return org


def signed_in(client_for, institution, username):
    client = client_for(institution)
    assert login(client, username, PASSWORD).status_code == 302
    return client


def _form(org, **over):
    return {
        "submission_token": str(uuid4()),  # what the new-plan page renders (core.once)
        "title": "프린터 토너 구매",
        "purpose": "총무팀 프린터 토너 10개",
        "amount": "1,250,000",
        "budget_item": "사무관리비/일반수용비",
        "planned_date": "2026-12-10",
        "unit_task": org.task.pk,
        **over,
    }


def test_write_and_submit_a_plan_with_commas_in_the_amount(org, alpha, client_for):
    client = signed_in(client_for, alpha, "adrafter")
    page = client.get("/budget/new/")
    assert page.status_code == 200
    assert "일반서무" in page.content.decode()

    response = client.post("/budget/new/", _form(org))

    created = ExpensePlan.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/budget/{created.pk}/"
    assert (created.amount, created.status, created.drafter) == (1_250_000, PlanStatus.IN_PROGRESS, org.drafter)
    # 125만원: 부서장's band, reviewed by the team head.
    assert [s.approver for s in created.document.steps.order_by("order")] == [org.lead, org.manager]


def _token(html: str) -> str:
    return re.search(r'name="submission_token" value="([0-9a-f-]{36})"', html).group(1)


def test_a_double_click_makes_one_plan(org, alpha, client_for):
    client = signed_in(client_for, alpha, "adrafter")
    token = _token(client.get("/budget/new/").content.decode())

    first = client.post("/budget/new/", _form(org, submission_token=token))
    second = client.post("/budget/new/", _form(org, submission_token=token))

    created = ExpensePlan.objects.get()
    assert (first.status_code, second.status_code) == (302, 302)
    assert first["Location"] == second["Location"] == f"/budget/{created.pk}/"
    assert Document.objects.filter(kind=EXPENSE_PLAN_KIND).count() == 1
    assert created.submission_token == UUID(token)
    # The next form shown is a new submission.
    assert _token(client.get("/budget/new/").content.decode()) != token


def test_a_form_without_its_token_is_refused_and_loses_nothing(org, alpha, client_for):
    client = signed_in(client_for, alpha, "adrafter")
    form = _form(org)
    del form["submission_token"]

    response = client.post("/budget/new/", form)

    assert response.status_code == 422
    html = response.content.decode()
    assert "화면이 오래되어 제출을 확인할 수 없습니다. 내용은 그대로 두었으니 다시 제출하세요." in html
    assert 'value="프린터 토너 구매"' in html
    assert not ExpensePlan.objects.exists()
    # The page came back with a fresh token: submitting it again goes through.
    assert client.post("/budget/new/", _form(org, submission_token=_token(html))).status_code == 302
    assert ExpensePlan.objects.count() == 1


def test_someone_elses_token_is_refused(org, alpha, client_for):
    token = str(uuid4())
    drafter = signed_in(client_for, alpha, "adrafter")
    assert drafter.post("/budget/new/", _form(org, submission_token=token)).status_code == 302

    response = signed_in(client_for, alpha, "acolleague").post("/budget/new/", _form(org, submission_token=token))

    assert response.status_code == 422
    assert "이미 처리된 제출입니다. 화면을 새로 고친 뒤 다시 제출하세요." in response.content.decode()
    assert ExpensePlan.objects.count() == 1


def test_form_errors_are_korean_next_to_the_field_and_keep_what_was_typed(org, alpha, client_for):
    client = signed_in(client_for, alpha, "adrafter")

    response = client.post("/budget/new/", _form(org, amount="1e6", budget_item=""))

    assert response.status_code == 422
    html = response.content.decode()
    assert "금액은 숫자로 입력하세요. 만·억 단위도 됩니다. 예: 1,250,000 또는 125만" in html
    assert "필수 항목입니다." in html
    assert 'value="프린터 토너 구매"' in html
    assert "총무팀 프린터 토너 10개</textarea>" in html
    assert 'value="1e6"' in html
    assert not ExpensePlan.objects.exists()

    response = client.post("/budget/new/", _form(org, amount="0"))
    assert response.status_code == 422
    assert "금액은 1원 이상이어야 합니다." in response.content.decode()


def test_a_refusal_from_the_engine_is_shown_and_nothing_is_lost(org, alpha, client_for):
    org.team.head = None  # nobody above the drafter: no line can be suggested
    org.team.save()
    type(org.general_affairs).objects.filter(pk__in=[org.general_affairs.pk, org.division.pk, org.root.pk]).update(
        head=None
    )
    client = signed_in(client_for, alpha, "adrafter")

    response = client.post("/budget/new/", _form(org))

    assert response.status_code == 422
    html = response.content.decode()
    assert "결재선을 지정하세요." in html
    assert 'value="1,250,000"' in html
    assert not ExpensePlan.objects.exists()


def test_list_shows_mine_and_my_departments_with_search_status_and_xlsx(org, alpha, client_for):
    mine = plan(org, title="복사용지 구매", amount=500_000)
    theirs = plan(org, title="회의실 의자 교체", amount=3_000_000, drafter=org.colleague)
    plan(org, title="비품 구매", amount=800_000, drafter=org.colleague)  # still running: not the drafter's to see
    document_approve(document=mine.document, actor=org.lead)
    document_approve(document=theirs.document, actor=org.lead)
    document_approve(document=theirs.document, actor=org.manager)
    client = signed_in(client_for, alpha, "adrafter")

    html = client.get("/budget/plans/").content.decode()
    assert "지출 품의 2건" in html
    assert "복사용지 구매" in html
    assert "회의실 의자 교체" in html  # a colleague's, completed: 부서문서 like its document
    assert "비품 구매" not in html
    assert "500,000원" in html
    assert "3,000,000원" in html
    assert "총무팀-1" in html  # the registration number of the approved one

    approved = client.get("/budget/plans/", {"status": "approved", "mine": "1"}).content.decode()
    assert "복사용지 구매" in approved
    assert "회의실 의자 교체" not in approved
    found = client.get("/budget/plans/", {"q": "의자"}).content.decode()
    assert "회의실 의자 교체" in found
    assert "복사용지 구매" not in found
    only_mine = client.get("/budget/plans/", {"mine": "1"}).content.decode()
    assert "지출 품의 1건" in only_mine

    response = client.get("/budget/plans/", {"export": "xlsx", "status": "approved", "mine": "1"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    assert rows[0][:3] == ("건명", "금액(원)", "예산과목")
    assert rows[1][:3] == ("복사용지 구매", 500_000, "사무관리비/일반수용비")
    assert rows[1][6:8] == ("승인", "총무팀-1")
    assert len(rows) == 2


def test_the_list_query_count_stays_flat(org, alpha, client_for):
    for n in range(3):
        plan(org, title=f"구매 {n}")
    client = signed_in(client_for, alpha, "adrafter")
    client.get("/budget/plans/")
    with CaptureQueriesContext(connection) as few:
        assert client.get("/budget/plans/").status_code == 200
    for n in range(27):
        plan(org, title=f"추가 구매 {n}", amount=1_000 + n)
    with CaptureQueriesContext(connection) as many:
        html = client.get("/budget/plans/").content.decode()
    assert "지출 품의 30건" in html
    assert len(many) == len(few)


def test_detail_links_the_approval_document_and_shows_the_line(org, alpha, client_for):
    submitted = plan(org, amount=5_000_000)
    client = signed_in(client_for, alpha, "adrafter")

    html = client.get(f"/budget/{submitted.pk}/").content.decode()

    assert f'href="/approval/{submitted.document_id}/"' in html
    assert "5,000,000원" in html
    assert "결재 진행" in html
    assert "도팀장" in html
    assert "남부장" in html
    assert "고쳐서 다시 상신" not in html
    # The 팀장's 검토 reads as such in the line, not as an approval (issue 9, item 15).
    document_approve(document=submitted.document, actor=org.lead)
    reviewed = client.get(f"/budget/{submitted.pk}/").content.decode()
    start = reviewed.index("결재선</caption>")
    line_table = reviewed[start : reviewed.index("</table>", start)]
    assert re.search(r"<td>도팀장[^<]*</td>\s*<td>검토</td>", line_table)
    assert "승인" not in line_table


def test_resubmit_after_rejection_through_the_form(org, alpha, client_for):
    submitted = plan(org, amount=500_000)
    document_reject(document=submitted.document, actor=org.lead, reason="견적 보완")
    client = signed_in(client_for, alpha, "adrafter")

    detail = client.get(f"/budget/{submitted.pk}/").content.decode()
    assert "고쳐서 다시 상신" in detail
    page = client.get(f"/budget/{submitted.pk}/resubmit/").content.decode()
    assert 'value="500,000"' in page
    assert 'type="date" name="planned_date" value="2026-12-10"' in page

    response = client.post(f"/budget/{submitted.pk}/resubmit/", _form(org, amount="20,000,000"))

    assert response.status_code == 302
    submitted.refresh_from_db()
    assert (submitted.status, submitted.amount, submitted.document.round) == (PlanStatus.IN_PROGRESS, 20_000_000, 2)
    assert submitted.document.steps.order_by("order").last().approver == org.director

    # While the new round runs, the resubmit page sends the drafter back to the detail.
    response = client.get(f"/budget/{submitted.pk}/resubmit/")
    assert response.status_code == 302


def test_resubmit_after_withdrawal(org, alpha, client_for):
    submitted = plan(org)
    document_withdraw(document=submitted.document, actor=org.drafter)
    client = signed_in(client_for, alpha, "adrafter")

    response = client.post(f"/budget/{submitted.pk}/resubmit/", _form(org))

    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.document.status == DocumentStatus.IN_PROGRESS
    assert submitted.document.redraft_of.status == DocumentStatus.WITHDRAWN


def test_a_stranger_in_the_same_institution_sees_nothing(org, alpha, client_for):
    submitted = plan(org)
    document_withdraw(document=submitted.document, actor=org.drafter)
    client = signed_in(client_for, alpha, "aaccountant")  # 재무부, not on the line

    assert client.get(f"/budget/{submitted.pk}/").status_code == 404
    assert client.get(f"/budget/{submitted.pk}/resubmit/").status_code == 404
    assert "지출 품의 0건" in client.get("/budget/plans/").content.decode()


def test_those_who_see_the_document_see_the_plan_and_only_the_drafter_resubmits(org, alpha, client_for):
    submitted = plan(org, amount=5_000_000)
    document_withdraw(document=submitted.document, actor=org.drafter)
    # A colleague does not see a colleague's document before it is completed, nor its plan.
    colleague = signed_in(client_for, alpha, "acolleague")
    assert colleague.get(f"/budget/{submitted.pk}/").status_code == 404
    assert colleague.get(f"/budget/{submitted.pk}/resubmit/").status_code == 404
    # The team head was on its line: sees it, may not resubmit it.
    lead = signed_in(client_for, alpha, "alead")
    assert lead.get(f"/budget/{submitted.pk}/").status_code == 200
    assert lead.get(f"/budget/{submitted.pk}/resubmit/").status_code == 403
    assert lead.post(f"/budget/{submitted.pk}/resubmit/", _form(org)).status_code == 403

    other = plan(org, amount=20_000_000)
    director = signed_in(client_for, alpha, "adirector")  # heads the division: sees its tree
    assert director.get(f"/budget/{other.pk}/").status_code == 200


def test_another_institution_and_anonymous_get_nothing(org, alpha, beta, client_for):
    submitted = plan(org)
    with schema_context(beta.schema_name):
        UserFactory(username="adrafter", name="베타직원")
    other = signed_in(client_for, beta, "adrafter")
    assert other.get(f"/budget/{submitted.pk}/").status_code == 404
    assert "지출 품의 0건" in other.get("/budget/plans/").content.decode()

    anonymous = client_for(alpha)
    for path in (
        "/budget/",
        "/budget/plans/",
        "/budget/new/",
        f"/budget/{submitted.pk}/",
        f"/budget/{submitted.pk}/resubmit/",
    ):
        assert redirects_to_login(anonymous.get(path)), path


def test_htmx_filtering_answers_the_results_only(org, alpha, client_for):
    plan(org, title="복사용지 구매")
    client = signed_in(client_for, alpha, "adrafter")

    response = client.get("/budget/plans/", {"q": "복사"}, HTTP_HX_REQUEST="true")

    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<section id="results"')
    assert "복사용지 구매" in html


def test_the_admin_console_lists_plans_read_only_as_their_documents_are_visible(org, alpha, client_for):
    submitted = plan(org, title="복사용지 구매")
    client = signed_in(client_for, alpha, "admin")

    # Institution admins manage the organisation, not the documents: the role alone shows none.
    listing = client.get("/admin/budget/expenseplan/")
    assert listing.status_code == 200
    assert "복사용지 구매" not in listing.content.decode()
    assert client.get(f"/admin/budget/expenseplan/{submitted.pk}/change/").status_code == 302

    User.objects.get(username="admin").groups.add(Group.objects.get(name=roles.AUDITOR))
    listing = client.get("/admin/budget/expenseplan/")
    assert "복사용지 구매" in listing.content.decode()  # 감사 담당 reads every submitted document
    assert client.get(f"/admin/budget/expenseplan/{submitted.pk}/change/").status_code == 200
    assert client.get("/admin/budget/expenseplan/add/").status_code == 403
    assert client.post(f"/admin/budget/expenseplan/{submitted.pk}/delete/").status_code == 403


def test_xlsx_export_writes_a_formula_title_as_text(org, alpha, client_for):
    plan(org, title=FORMULA, budget_item="@" + FORMULA)
    client = signed_in(client_for, alpha, "adrafter")

    assert_text_only(client.get("/budget/plans/", {"export": "xlsx"}).content, FORMULA, "@" + FORMULA)
