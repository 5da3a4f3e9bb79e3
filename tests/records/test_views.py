"""The registers (issue 15 item 3) and access (item 8) through the pages: 기록물등록대장 and
기록물철등록부 searchable, exported to XLSX and printed to PDF, in a fixed number of queries; a
record shown exactly to those its 공개구분 and e-approval's visibility allow; opening a 비공개
record's content logged for the 기록관; bad input refused in Korean with nothing written."""

from __future__ import annotations

import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pypdf import PdfReader

from audit.models import AuditEvent
from records.models import ReadingLog, Record, RecordFile
from tests.exports import FORMULA, assert_text_only
from tests.factories import UserFactory
from tests.factories.records import completed, record_of
from tests.factories.tasks_cards import unit_task
from tests.support import login

pytestmark = pytest.mark.django_db

KST = ZoneInfo("Asia/Seoul")
MARCH_5 = datetime(2026, 3, 5, 10, 0, tzinfo=KST)
HTMX = {"HX-Request": "true"}


@pytest.fixture
def client(alpha, client_for):
    return client_for(alpha)


def signed_in(client, user):
    login(client, user.username)
    return client


def manager(org):
    return UserFactory(username="archivist", name="기록관", department=org.root, roles=["staff", "records_manager"])


def _queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params or {}).status_code == 200
    return len(captured.captured_queries)


def test_the_register_lists_a_completed_document_in_its_file_with_its_retention(org, client):
    document = completed(org, now=MARCH_5)
    signed_in(client, org.drafter)

    page = client.get("/records/", {"year": "2026"}).content.decode()
    assert "총무팀-1" in page
    assert "2026년 사무용품 구매 계획" in page
    assert "일반서무" in page  # the unit task and its file
    assert "5년" in page
    record = record_of(document)
    detail = client.get(f"/records/{record.pk}/").content.decode()
    assert record.record_file.number in detail
    assert "2027. 1. 1." in detail  # 기산일


def test_the_register_searches_by_number_title_task_retention_and_disclosure(org, client):
    completed(org, title="물품 구매", now=MARCH_5)
    other_task = unit_task(department=org.team, name="인사관리", retention_period="10")
    completed(org, title="채용 계획", unit_task=other_task, now=MARCH_5)
    completed(org, title="비밀 계획", disclosure="private", disclosure_ground="5", now=MARCH_5)
    signed_in(client, org.drafter)

    def titles(**params):
        page = client.get("/records/", params).content.decode()
        return [t for t in ("물품 구매", "채용 계획", "비밀 계획") if t in page]

    assert titles() == ["물품 구매", "채용 계획", "비밀 계획"]  # the drafter sees their own 비공개 one
    assert titles(q="채용") == ["채용 계획"]
    assert titles(q="총무팀-1") == ["물품 구매"]
    assert titles(unit_task=other_task.pk) == ["채용 계획"]
    assert titles(retention_period="10") == ["채용 계획"]
    assert titles(disclosure="private") == ["비밀 계획"]
    assert titles(date_from="2026-03-06") == []
    files = client.get("/records/files/", {"q": "인사"}, headers=HTMX).content.decode()
    assert "인사관리" in files
    assert "일반서무" not in files


def test_the_registers_take_a_fixed_number_of_queries(org, client):
    completed(org, now=MARCH_5)
    signed_in(client, org.drafter)
    one = (_queries(client, "/records/"), _queries(client, "/records/files/"))
    for n in range(5):
        other = unit_task(department=org.team, name=f"과제{n}")
        completed(org, title=f"문서 {n}", unit_task=other, now=MARCH_5)
    six = (_queries(client, "/records/"), _queries(client, "/records/files/"))
    assert one == six
    assert six == (20, 20)  # session, tenant, navigation …, a count and a page (and the page's record counts)


def test_the_register_exports_to_xlsx_with_text_only_cells_and_prints_to_pdf(org, client):
    completed(org, title=FORMULA, now=MARCH_5)
    signed_in(client, org.drafter)

    response = client.get("/records/", {"export": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = assert_text_only(response.content, FORMULA)
    assert rows[0][:3] == ("등록번호", "등록일자", "제목")
    assert rows[1][0] == "총무팀-1"
    assert rows[1][7:9] == ("5년", "공개")
    files = assert_text_only(client.get("/records/files/", {"export": "xlsx"}).content)
    assert files[1][1] == "일반서무"
    assert files[1][8] == 1  # records in the file

    pdf = client.get("/records/", {"export": "pdf"})
    assert pdf["Content-Type"] == "application/pdf"
    text = "".join((p.extract_text() or "") for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "기록물등록대장" in text.replace(" ", "")
    assert "총무팀-1" in text
    files_pdf = client.get("/records/files/", {"export": "pdf"})
    assert "기록물철등록부" in "".join((p.extract_text() or "") for p in PdfReader(io.BytesIO(files_pdf.content)).pages)


def test_access_follows_disclosure_department_and_approval_visibility(org, client, client_for, alpha):
    public = record_of(completed(org, title="공개 문서", now=MARCH_5))
    private = record_of(completed(org, title="비공개 문서", disclosure="private", disclosure_ground="5", now=MARCH_5))

    # Another department sees neither.
    signed_in(client, org.accountant)
    assert "공개 문서" not in client.get("/records/").content.decode()
    assert client.get(f"/records/{public.pk}/").status_code == 404
    # A colleague in the team sees the 공개 one, not the 비공개 one (not on its line).
    colleague = signed_in(client_for(alpha), org.colleague)
    page = colleague.get("/records/").content.decode()
    assert "공개 문서" in page
    assert "비공개 문서" not in page
    assert colleague.get(f"/records/{private.pk}/").status_code == 404
    assert colleague.get(f"/records/{private.pk}/content/").status_code == 404
    # The team lead decided it (on its line) and heads the team: they see both.
    lead = signed_in(client_for(alpha), org.lead)
    assert lead.get(f"/records/{private.pk}/").status_code == 200
    # The 기록관 sees every record.
    archivist = signed_in(client_for(alpha), manager(org))
    assert "비공개 문서" in archivist.get("/records/").content.decode()


def test_opening_a_private_records_content_is_logged_for_the_archivist(org, client, client_for, alpha):
    public = record_of(completed(org, title="공개 문서", now=MARCH_5))
    private = record_of(completed(org, title="비공개 문서", disclosure="private", disclosure_ground="5", now=MARCH_5))
    signed_in(client, org.lead)

    assert client.get(f"/records/{public.pk}/content/").status_code == 200
    assert not ReadingLog.objects.exists()
    response = client.get(f"/records/{private.pk}/content/")
    assert "사무용품을 구매하고자 합니다." in response.content.decode()
    log = ReadingLog.objects.get()
    assert (log.record, log.user) == (private, org.lead)
    assert AuditEvent.objects.filter(action="record.read_private").count() == 1
    # Merely seeing the 등록정보 is not reading the content.
    client.get(f"/records/{private.pk}/")
    assert ReadingLog.objects.count() == 1


def test_a_paper_record_with_missing_fields_is_refused_next_to_them(org, client):
    signed_in(client, org.drafter)
    response = client.post("/records/paper/new/", {"title": "", "disclosure": "public"})
    assert response.status_code == 422
    page = response.content.decode()
    missing = ("제목을 입력하세요.", "단위과제를 선택하세요.", "쪽수(매수)를 1 이상으로", "보존 위치(서고·캐비닛 등)를")
    for message in missing:
        assert message in page
    assert not Record.objects.exists()

    response = client.post(
        "/records/paper/new/",
        {
            "title": "청사 도면",
            "registered_on": "2026-03-04",
            "unit_task": org.task.pk,
            "record_type": "drawing",
            "pages": "12",
            "location": "문서고 A-3",
            "disclosure": "public",
        },
    )
    assert response.status_code == 302
    record = Record.objects.get()
    assert (record.registration_number, record.pages, record.retention_period) == ("총무팀-비전자1", 12, "5")


def test_moving_into_another_unit_tasks_file_is_refused_in_korean(org, client):
    record = record_of(completed(org, now=MARCH_5))
    other_task = unit_task(department=org.team, name="인사관리")
    foreign = record_of(completed(org, unit_task=other_task, now=MARCH_5)).record_file
    signed_in(client, org.drafter)

    response = client.post(f"/records/{record.pk}/move/", {"target": foreign.pk})
    assert response.status_code == 422
    assert "같은 단위과제의 기록물철로만 옮길 수 있습니다." in response.content.decode()
    record.refresh_from_db()
    assert record.record_file.unit_task == org.task
    assert RecordFile.objects.count() == 2


def test_the_calendar_transfer_and_readings_pages(org, client, client_for, alpha):
    from records.services import arrangement_close

    record = record_of(completed(org, now=MARCH_5))
    signed_in(client, org.lead)
    page = client.get("/records/calendar/").content.decode()
    assert "기록관리 일정" in page
    assert "생산현황 통보" in page
    arrangement_close(actor=org.lead, department=org.team, year=2026, now=datetime(2027, 3, 2, tzinfo=KST))

    response = client.post("/records/transfers/", {"record_files": [record.record_file_id]})
    assert response.status_code == 302
    transfer_url = response["Location"]
    assert client.post(transfer_url).status_code == 403  # only the 기록관 accepts
    assert client.get("/records/readings/").status_code == 403

    archivist = signed_in(client_for(alpha), manager(org))
    accepted = archivist.post(transfer_url)
    assert accepted.status_code == 302
    assert "이관을 인수했습니다" in archivist.get(transfer_url).content.decode()
    assert archivist.get("/records/readings/").status_code == 200


def test_search_takes_like_characters_literally(org, client):
    from records.lookups import contains_pattern

    assert contains_pattern("100%_a\\b") == "%100\\%\\_a\\\\b%"
    completed(org, title="집행률 100% 달성", now=MARCH_5)
    completed(org, title="집행률 1000 달성", now=MARCH_5)
    signed_in(client, org.drafter)
    page = client.get("/records/", {"q": "100%"}, headers=HTMX).content.decode()
    assert "집행률 100% 달성" in page
    assert "집행률 1000 달성" not in page
