"""Memo-report pages: inbox, sent list, writing, reading (read receipts), replies through htmx,
attachment downloads, XLSX export, access for strangers, other institutions and anonymous, and
query counts that stay flat as memos pile up."""

from __future__ import annotations

import io
from urllib.parse import quote

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context
from openpyxl import load_workbook

from tasks.models import MemoAttachment, MemoRecipient, MemoReply, MemoReport
from tasks.services.memos import memo_mark_read, memo_send
from tests.exports import FORMULA, assert_text_only
from tests.factories.tasks_memos import EXE, PDF, build_org, upload
from tests.support import PASSWORD, login, redirects_to_login

pytestmark = pytest.mark.django_db


@pytest.fixture
def org(in_alpha):
    return build_org()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.MULTITENANT_RELATIVE_MEDIA_ROOT = "%s"
    return tmp_path


def signed_in(client_for, alpha, username):
    client = client_for(alpha)
    assert login(client, username, PASSWORD).status_code == 302
    return client


def send(org, title="주간 업무 보고", actor=None, recipients=None, **more):
    return memo_send(
        actor=actor or org.staff,
        kind=MemoReport.Kind.REPORT,
        title=title,
        body="이번 주 처리 실적입니다.",
        recipients=recipients or [org.chief],
        **more,
    )


def test_write_and_send_a_memo_through_the_form(org, alpha, client_for, media):
    client = signed_in(client_for, alpha, "staff")

    page = client.get("/memos/new/")
    assert page.status_code == 200
    html = page.content.decode()
    # Superiors come first, in their own group, nearest first.
    assert html.index('label="상급자"') < html.index("최부장") < html.index("박본부") < html.index("한동료")

    response = client.post(
        "/memos/new/",
        {
            "kind": "report",
            "recipients": [org.chief.pk, org.director.pk],
            "title": "출장 결과 보고",
            "body": "대구 회의 결과를 보고드립니다.",
            "files": [upload("결과 보고서.pdf", PDF)],
        },
    )
    memo = MemoReport.objects.get(title="출장 결과 보고")
    assert response.status_code == 302
    assert response["Location"] == f"/memos/{memo.pk}/"
    assert list(memo.recipients.values_list("recipient__username", flat=True)) == ["chief", "director"]
    assert memo.attachments.get().original_name == "결과 보고서.pdf"


def test_form_errors_keep_what_was_typed(org, alpha, client_for, media):
    client = signed_in(client_for, alpha, "staff")

    response = client.post(
        "/memos/new/",
        {
            "kind": "report",
            "recipients": [org.chief.pk],
            "title": "보고",
            "body": "내용",
            "files": [upload("a.pdf", EXE)],
        },
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "a.pdf: 파일 내용이 확장자(pdf)와 맞지 않습니다." in html
    assert 'value="보고"' in html
    assert "내용</textarea>" in html
    assert not MemoReport.objects.exists()

    response = client.post("/memos/new/", {"kind": "report", "title": "", "body": ""})
    assert response.status_code == 422
    assert "필수 항목입니다." in response.content.decode()


def test_inbox_lists_unread_first_with_the_count(org, alpha, client_for):
    send(org, title="지난주 보고")
    read = send(org, title="읽은 보고")
    send(org, title="오늘 보고")
    memo_mark_read(memo=read, actor=org.chief)
    client = signed_in(client_for, alpha, "chief")

    html = client.get("/memos/").content.decode()

    assert "받은 메모 3건" in html
    assert "읽지 않은 메모 2건" in html
    assert '메모보고 <span class="count" aria-label="읽지 않음">2</span>' in html  # the menu's badge
    assert html.index("오늘 보고") < html.index("지난주 보고") < html.index("읽은 보고")

    unread_only = client.get("/memos/", {"read": "unread"}).content.decode()
    assert "오늘 보고" in unread_only
    assert "읽은 보고" not in unread_only
    found = client.get("/memos/", {"q": "지난주"}).content.decode()
    assert "지난주 보고" in found
    assert "오늘 보고" not in found


def test_inbox_filters_by_kind_and_period_and_ignores_a_bad_date(org, alpha, client_for):
    send(org, title="보고 하나")
    memo_send(actor=org.director, kind="instruction", title="지시 하나", body="처리 바랍니다.", recipients=[org.chief])
    client = signed_in(client_for, alpha, "chief")

    html = client.get("/memos/", {"kind": "instruction"}).content.decode()
    assert "지시 하나" in html
    assert "보고 하나" not in html
    html = client.get("/memos/", {"date_from": "2000-01-01", "date_to": "2000-12-31"}).content.decode()
    assert "조건에 맞는 받은 메모가 없습니다." in html
    response = client.get("/memos/", {"date_from": "어제"})
    assert response.status_code == 200
    assert "보고 하나" in response.content.decode()


def test_sent_list_filters_on_whether_everyone_has_read(org, alpha, client_for):
    everyone = send(org, title="모두 읽은 메모", recipients=[org.chief])
    memo_mark_read(memo=everyone, actor=org.chief)
    half = send(org, title="한 명만 읽은 메모", recipients=[org.chief, org.director])
    memo_mark_read(memo=half, actor=org.director)
    client = signed_in(client_for, alpha, "staff")

    waiting = client.get("/memos/sent/", {"read": "unread"}).content.decode()
    assert "한 명만 읽은 메모" in waiting
    assert "모두 읽은 메모" not in waiting
    done = client.get("/memos/sent/", {"read": "read"}).content.decode()
    assert "모두 읽은 메모" in done
    assert "한 명만 읽은 메모" not in done
    assert "안 읽은 사람 있음" in done


def test_htmx_filter_answers_with_the_results_only(org, alpha, client_for):
    send(org, title="보고 하나")
    client = signed_in(client_for, alpha, "chief")

    html = client.get("/memos/", {"q": "보고"}, HTTP_HX_REQUEST="true").content.decode()

    assert html.lstrip().startswith('<section id="results"')
    assert "보고 하나" in html
    assert "<html" not in html


def test_opening_a_memo_records_the_reading_once(org, alpha, client_for):
    memo = send(org, recipients=[org.chief, org.director])
    chief = signed_in(client_for, alpha, "chief")

    assert chief.get(f"/memos/{memo.pk}/").status_code == 200
    first = MemoRecipient.objects.get(memo=memo, recipient=org.chief).read_at
    assert first is not None
    chief.get(f"/memos/{memo.pk}/")
    assert MemoRecipient.objects.get(memo=memo, recipient=org.chief).read_at == first

    author = signed_in(client_for, alpha, "staff")
    html = author.get(f"/memos/{memo.pk}/").content.decode()
    assert "2명 중 1명 읽음" in html
    assert "안읽음" in html
    sent = author.get("/memos/sent/").content.decode()
    assert "주간 업무 보고" in sent
    assert sent.count("chip done") == 1
    assert sent.count("chip warn") == 1


def test_reply_through_htmx_appends_in_place(org, alpha, client_for):
    memo = send(org)
    client = signed_in(client_for, alpha, "chief")

    response = client.post(f"/memos/{memo.pk}/reply/", {"body": "확인했습니다."}, HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<section class="card" id="replies"')
    assert "확인했습니다." in html
    assert "최부장" in html
    assert MemoReply.objects.get().body == "확인했습니다."

    response = client.post(f"/memos/{memo.pk}/reply/", {"body": ""}, HTTP_HX_REQUEST="true")
    assert response.status_code == 422
    assert "필수 항목입니다." in response.content.decode()


def test_reply_without_htmx_redirects_back(org, alpha, client_for):
    memo = send(org)
    client = signed_in(client_for, alpha, "staff")

    response = client.post(f"/memos/{memo.pk}/reply/", {"body": "보충 자료 첨부합니다."})

    assert response.status_code == 302
    assert response["Location"] == f"/memos/{memo.pk}/#replies"


def test_a_superior_who_is_not_a_party_reads_but_cannot_reply(org, alpha, client_for):
    memo = send(org)
    client = signed_in(client_for, alpha, "director")

    html = client.get(f"/memos/{memo.pk}/").content.decode()
    assert "주간 업무 보고" in html
    assert "답글 달기" not in html
    assert client.post(f"/memos/{memo.pk}/reply/", {"body": "의견"}).status_code == 403
    assert MemoRecipient.objects.get(memo=memo).read_at is None


def test_attachment_download_is_authorised_and_keeps_the_korean_name(org, alpha, client_for, media):
    memo = send(org, files=[upload("3월 실적.pdf", PDF)])
    attachment = MemoAttachment.objects.get(memo=memo)
    url = f"/memos/{memo.pk}/attachments/{attachment.pk}/"

    response = signed_in(client_for, alpha, "chief").get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f"attachment; filename*=utf-8''{quote('3월 실적.pdf')}"
    assert "private" in response["Cache-Control"]

    assert signed_in(client_for, alpha, "peer").get(url).status_code == 404
    assert signed_in(client_for, alpha, "stranger").get(url).status_code == 404
    other = send(org, title="다른 메모")
    assert (
        signed_in(client_for, alpha, "chief").get(f"/memos/{other.pk}/attachments/{attachment.pk}/").status_code == 404
    )


def test_strangers_other_institutions_and_anonymous_see_nothing(org, alpha, beta, client_for):
    memo = send(org, title="비밀 보고")
    paths = [f"/memos/{memo.pk}/", f"/memos/{memo.pk}/reply/"]

    for username in ("peer", "stranger"):
        client = signed_in(client_for, alpha, username)
        assert client.get(paths[0]).status_code == 404
        assert client.post(paths[1], {"body": "x"}).status_code == 404
        assert "비밀 보고" not in client.get("/memos/").content.decode()

    with schema_context("beta"):
        beta_client = client_for(beta)
        assert login(beta_client, "staff", PASSWORD).status_code == 302
        assert beta_client.get(paths[0]).status_code == 404
        assert beta_client.post(paths[1], {"body": "x"}).status_code == 404
        assert "비밀 보고" not in beta_client.get("/memos/sent/").content.decode()

    anonymous = client_for(alpha)
    for path in [*paths, "/memos/", "/memos/sent/", "/memos/new/"]:
        assert redirects_to_login(anonymous.get(path)), path
    assert MemoReply.objects.count() == 0


def test_inbox_and_sent_export_the_filtered_list(org, alpha, client_for):
    send(org, title="첫 보고")
    send(org, title="둘째 보고")
    client = signed_in(client_for, alpha, "chief")

    response = client.get("/memos/", {"q": "둘째", "export": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    assert rows[0] == ("구분", "제목", "보낸 사람", "부서", "보낸 일시", "읽은 일시", "단위과제")
    assert [r[:4] for r in rows[1:]] == [("보고", "둘째 보고", "이직원", "경영지원부")]

    response = signed_in(client_for, alpha, "staff").get("/memos/sent/", {"export": "xlsx"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    assert rows[0] == ("구분", "제목", "보낸 일시", "받는 사람(읽음 확인)", "단위과제")
    assert {(r[1], r[3]) for r in rows[1:]} == {("첫 보고", "최부장(안읽음)"), ("둘째 보고", "최부장(안읽음)")}


def _count(client, path: str) -> int:
    client.get(path)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("path", ["/memos/", "/memos/sent/", "/memos/?export=xlsx", "/memos/sent/?export=xlsx"])
def test_list_query_counts_do_not_grow(org, alpha, client_for, media, path):
    def grow(n):
        for i in range(n):
            memo = send(
                org,
                title=f"보고 {i}",
                recipients=[org.chief, org.director, org.peer],
                files=[upload(f"{i}.pdf", PDF)],
            )
            memo_mark_read(memo=memo, actor=org.chief)
            MemoReply.objects.create(memo=memo, author=org.chief, body="확인")

    grow(3)
    client = signed_in(client_for, alpha, "staff" if "sent" in path else "chief")
    small = _count(client, path)
    grow(9)
    large = _count(client, path)

    assert large == small
    assert small <= 20


def test_inbox_pages_by_fifty_and_keeps_the_filters(org, alpha, client_for):
    for n in range(51):
        send(org, title=f"일일 보고 {n:02d}")
    client = signed_in(client_for, alpha, "chief")

    first = client.get("/memos/", {"q": "일일"}).content.decode()
    assert first.count("일일 보고 ") == 50
    assert "1 / 2쪽" in first
    assert '?q=%EC%9D%BC%EC%9D%BC&amp;page=2"' in first
    second = client.get("/memos/", {"q": "일일", "page": 2}).content.decode()
    assert "일일 보고 00" in second  # the oldest, last of the unread
    assert "일일 보고 50" not in second


def test_exports_write_a_formula_title_as_text(org, alpha, client_for):
    send(org, title=FORMULA)

    assert_text_only(signed_in(client_for, alpha, "chief").get("/memos/", {"export": "xlsx"}).content, FORMULA)
    assert_text_only(signed_in(client_for, alpha, "staff").get("/memos/sent/", {"export": "xlsx"}).content, FORMULA)
