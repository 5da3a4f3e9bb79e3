"""The receipt pages: 접수대기 → 접수 → 배부 → 처리담당자 → 공람 → 처리 완료 through the browser
forms, downloads authorised like the document, search and XLSX export, flat query counts, who
sees nothing (a stranger, another institution, anonymous), and the province's own 문서 접수."""

from __future__ import annotations

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import get_public_schema_name, schema_context
from openpyxl import load_workbook

from org.services import department_set_head
from receipts.models import ReceiptCirculation, ReceiptStatus, ReceivedDocument
from receipts.services import receipt_assign, receipt_distribute, receipt_register
from tests.exports import FORMULA, assert_text_only
from tests.factories import DepartmentFactory, UserFactory
from tests.factories.exchange import HWP_BYTES, PDF_BYTES, received
from tests.support import PASSWORD, PLANNER, login, redirects_to_login

pytestmark = pytest.mark.django_db


def signed_in(client_for, institution, username):
    client = client_for(institution)
    assert login(client, username, PASSWORD).status_code == 302
    return client


def test_the_whole_receipt_through_the_pages(office, beta, client_for):
    doc = received(title="도 산하기관 협조 요청")
    registrar = signed_in(client_for, beta, "admin")

    page = registrar.get("/receipts/")
    assert page.status_code == 200
    assert "도 산하기관 협조 요청" in page.content.decode()

    response = registrar.post(f"/receipts/{doc.pk}/register/", {"department": ""})
    assert response.status_code == 302
    doc.refresh_from_db()
    assert (doc.status, doc.registration_number) == (ReceiptStatus.REGISTERED, "경영지원부-1")
    assert "도 산하기관 협조 요청" not in registrar.get("/receipts/").content.decode()

    refused = registrar.post(f"/receipts/{doc.pk}/distribute/", {"department": ""})
    assert refused.status_code == 422
    assert "필수 항목입니다" in refused.content.decode()
    assert registrar.post(f"/receipts/{doc.pk}/distribute/", {"department": office.planning.pk}).status_code == 302

    head = signed_in(client_for, beta, "bhead")
    assert "도 산하기관 협조 요청" in head.get("/receipts/department/").content.decode()
    outsider = head.post(f"/receipts/{doc.pk}/assign/", {"handler": office.staff.pk})
    assert outsider.status_code == 422  # staff is not in 기획팀: not among the choices
    assert head.post(f"/receipts/{doc.pk}/assign/", {"handler": office.planner.pk}).status_code == 302

    handler = signed_in(client_for, beta, "bplanner")
    detail = handler.get(f"/receipts/{doc.pk}/").content.decode()
    assert "처리 완료" in detail
    assert handler.post(f"/receipts/{doc.pk}/circulate/", {"users": [office.staff.pk]}).status_code == 302
    assert handler.post(f"/receipts/{doc.pk}/complete/").status_code == 302
    doc.refresh_from_db()
    assert doc.status == ReceiptStatus.DONE

    # The circulation recipient reads it by opening it.
    reader = signed_in(client_for, beta, "staff")
    assert reader.get(f"/receipts/{doc.pk}/").status_code == 200
    assert ReceiptCirculation.objects.get(received=doc, user=office.staff).read_at is not None


def test_registrars_see_the_waiting_count_in_the_navigation_and_register_from_the_list(
    office, beta, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first, _second = received(title="첫 수신"), received(title="둘째 수신")
    registrar = signed_in(client_for, beta, "admin")
    page = registrar.get("/receipts/all/").content.decode()
    assert 'aria-label="처리할 문서 2건">2</span>' in page
    # One click on the waiting list registers under the registrar's department and opens it.
    with django_capture_on_commit_callbacks(execute=True):
        response = registrar.post(f"/receipts/{first.pk}/register/", {})
    assert response.status_code == 302
    assert response["Location"] == f"/receipts/{first.pk}/"
    assert 'aria-label="처리할 문서 1건">1</span>' in registrar.get("/").content.decode()
    # Someone who does not register sees no count and pays no query for it.
    staff = signed_in(client_for, beta, "staff")
    assert "처리할 문서 1건" not in staff.get("/receipts/department/").content.decode()


def test_downloads_are_authorised_and_keep_the_bytes(office, beta, client_for):
    doc = received()
    attachment = doc.attachments.get()
    registrar = signed_in(client_for, beta, "admin")
    pdf = registrar.get(f"/receipts/{doc.pk}/pdf/")
    assert pdf.status_code == 200
    assert b"".join(pdf.streaming_content) == PDF_BYTES
    assert pdf["Content-Type"] == "application/pdf"
    copy = registrar.get(f"/receipts/{doc.pk}/attachments/{attachment.pk}/")
    assert b"".join(copy.streaming_content) == HWP_BYTES
    assert "no-store" in copy["Cache-Control"]


def test_strangers_other_institutions_and_anonymous_see_nothing(office, alpha, beta, client_for):
    doc = received(title="비밀 수신")
    receipt_register(actor=office.registrar, received=doc)
    receipt_distribute(actor=office.registrar, received=doc, department=office.planning)
    paths = [f"/receipts/{doc.pk}/", f"/receipts/{doc.pk}/pdf/", f"/receipts/{doc.pk}/attachments/1/"]

    # peer works in 경영지원부 and holds no receipt role: not the department it went to.
    stranger = signed_in(client_for, beta, "peer")
    for path in paths:
        assert stranger.get(path).status_code == 404, path
    assert stranger.post(f"/receipts/{doc.pk}/assign/", {"handler": office.peer.pk}).status_code == 404
    assert stranger.get("/receipts/").status_code == 302  # not a registrar: to the department list
    assert "비밀 수신" not in stranger.get("/receipts/all/").content.decode()
    assert "비밀 수신" not in stranger.get("/receipts/department/").content.decode()

    # A member of 기획팀 sees it but may not assign (403: seen, not theirs to do).
    member = signed_in(client_for, beta, "bplanner2")
    assert member.get(paths[0]).status_code == 200
    assert member.post(f"/receipts/{doc.pk}/assign/", {"handler": office.planner.pk}).status_code == 403

    # Alpha's admin (same pk, same username, registrar there) finds nothing of beta's.
    with schema_context("alpha"):
        other = signed_in(client_for, alpha, "admin")
        for path in paths:
            assert other.get(path).status_code == 404, path
        assert "비밀 수신" not in other.get("/receipts/all/").content.decode()

    anonymous = client_for(beta)
    for path in [*paths, "/receipts/", "/receipts/all/", "/receipts/department/"]:
        assert redirects_to_login(anonymous.get(path)), path
    assert redirects_to_login(anonymous.post(f"/receipts/{doc.pk}/register/"))


def test_a_head_sees_what_reaches_the_teams_under_them_and_the_teams_head_names_the_handler(office, beta, client_for):
    """org.visibility: a head oversees the tree under their department, so 기획팀's head (here the
    본부장 over 기획1팀) reads what is distributed to the team; naming its handler stays with the
    team's own head. A head of another tree sees nothing."""
    team = DepartmentFactory(name="기획1팀", code="B210", parent=office.planning)
    team_head = UserFactory(username="bteamhead", name="일팀장", department=team)
    department_set_head(department=team, head=team_head)
    member = UserFactory(username="bteam", name="일팀원", department=team)
    other_tree = DepartmentFactory(name="사업팀", code="B300")
    department_set_head(
        department=other_tree, head=UserFactory(username="bother", name="사팀장", department=other_tree)
    )
    doc = receipt_register(actor=office.registrar, received=received(title="하위 팀 배부 문서"))
    doc = receipt_distribute(actor=office.registrar, received=doc, department=team)

    overseer = signed_in(client_for, beta, "bhead")
    assert "하위 팀 배부 문서" in overseer.get("/receipts/all/").content.decode()
    assert overseer.get(f"/receipts/{doc.pk}/").status_code == 200
    assert b"".join(overseer.get(f"/receipts/{doc.pk}/pdf/").streaming_content) == PDF_BYTES
    assert overseer.post(f"/receipts/{doc.pk}/assign/", {"handler": member.pk}).status_code == 403

    assert (
        signed_in(client_for, beta, "bteamhead").post(f"/receipts/{doc.pk}/assign/", {"handler": member.pk}).status_code
        == 302
    )

    elsewhere = signed_in(client_for, beta, "bother")
    assert elsewhere.get(f"/receipts/{doc.pk}/").status_code == 404
    assert "하위 팀 배부 문서" not in elsewhere.get("/receipts/all/").content.decode()


def test_search_and_export(office, beta, client_for):
    first = received(title="예산 협조 요청")
    second = received(title="인사 자료 제출")
    for doc in (first, second):
        receipt_register(actor=office.registrar, received=doc)
    receipt_distribute(actor=office.registrar, received=second, department=office.planning)
    registrar = signed_in(client_for, beta, "admin")

    page = registrar.get("/receipts/all/", {"q": "인사"}).content.decode()
    assert "인사 자료 제출" in page
    assert "예산 협조 요청" not in page
    page = registrar.get("/receipts/all/", {"status": "registered"}).content.decode()
    assert "예산 협조 요청" in page
    assert "인사 자료 제출" not in page
    assert registrar.get("/receipts/all/", {"date_from": "not a date"}).status_code == 200

    response = registrar.get("/receipts/all/", {"department": office.planning.pk, "export": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    assert rows[0][:6] == ("상태", "접수등록번호", "접수일시", "제목", "발신 기관", "생산등록번호")
    assert [(r[0], r[1], r[3], r[8]) for r in rows[1:]] == [("배부", "경영지원부-2", "인사 자료 제출", "기획팀")]

    htmx = registrar.get("/receipts/all/", {"q": "예산"}, HTTP_HX_REQUEST="true").content.decode()
    assert 'id="results"' in htmx
    assert "<nav" not in htmx


def _count(client, path: str) -> int:
    client.get(path)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    ("username", "path"),
    [
        ("admin", "/receipts/"),
        ("admin", "/receipts/all/"),
        ("admin", "/receipts/all/?export=xlsx"),
        ("bplanner", "/receipts/department/"),
        ("bplanner", "/receipts/department/?export=xlsx"),
    ],
)
def test_list_query_counts_do_not_grow(office, beta, client_for, username, path):
    def grow(n):
        for i in range(n):
            doc = received(title=f"수신 {i}")
            if path != "/receipts/":
                receipt_register(actor=office.registrar, received=doc)
                receipt_distribute(actor=office.registrar, received=doc, department=office.planning)
                receipt_assign(actor=office.planning_head, received=doc, handler=office.planner)

    grow(3)
    client = signed_in(client_for, beta, username)
    small = _count(client, path)
    grow(27)
    large = _count(client, path)
    assert large == small
    assert small <= 20


def test_the_receivers_pages_never_name_another_schema(office, beta, client_for):
    received(title="알파에서 온 문서")
    registrar = signed_in(client_for, beta, "admin")
    with CaptureQueriesContext(connection) as queries:
        assert registrar.get("/receipts/").status_code == 200
    for query in queries.captured_queries:
        sql = query["sql"].lower()
        assert '"alpha".' not in sql
        assert "search_path" not in sql or "alpha" not in sql
        assert "exchange_outboxmessage" not in sql  # the receiver reads only its own rows


def test_the_province_receives_in_its_own_schema(province_client, media):
    with schema_context(get_public_schema_name()):
        doc = received(title="도에 보내는 보고")
        records = DepartmentFactory(name="기획조정실", code="P100")
    assert login(province_client, PLANNER, PASSWORD).status_code == 302
    page = province_client.get("/receipts/")
    assert page.status_code == 200
    assert "도에 보내는 보고" in page.content.decode()
    assert 'href="/receipts/"' in page.content.decode()  # 문서 접수 in the province's navigation
    response = province_client.post(f"/receipts/{doc.pk}/register/", {"department": records.pk})
    assert response.status_code == 302
    # The particle follows how the number is read (일 → 로), not "(으)로" (issue 9, item 15).
    assert "기획조정실-1로 접수했습니다." in province_client.get(response["Location"]).content.decode()
    with schema_context(get_public_schema_name()):
        assert ReceivedDocument.objects.get(pk=doc.pk).registration_number == "기획조정실-1"


def test_exports_write_a_senders_formula_title_as_text(office, beta, client_for):
    """A title another institution sent (through exchange) is exported as text in every receipt
    list: the 문서과's spreadsheet never runs it."""
    waiting = received(title=FORMULA)
    registered = received(title="+" + FORMULA)
    receipt_register(actor=office.registrar, received=registered)
    receipt_distribute(actor=office.registrar, received=registered, department=office.planning)
    registrar = signed_in(client_for, beta, "admin")

    assert_text_only(registrar.get("/receipts/", {"export": "xlsx"}).content, waiting.title)
    assert_text_only(registrar.get("/receipts/all/", {"export": "xlsx"}).content, registered.title)
    planner = signed_in(client_for, beta, "bplanner")
    assert_text_only(planner.get("/receipts/department/", {"export": "xlsx"}).content, registered.title)
