"""The sender's document page shows how the document reached each recipient (발송 현황), read from
the public outbox — never from the receivers' schemas: PDF 생성 대기, 발송 대기 with its tries and
next try, 수신 완료 with its time, 접수 완료 with the receiver's 접수등록번호 and date, 실패 with
its tries and last error."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tenants.utils import get_public_schema_name, schema_context

from approval.models import DocumentPdf
from core.templatetags.korean import kdatetime
from exchange.files import FileCheckError
from exchange.models import OutboxMessage
from exchange.services import message_deliver
from org.models import User
from receipts.services import receipt_register
from tests.factories.approval import org_chart
from tests.factories.exchange import pdf_stored, sent_document
from tests.support import ADMIN, PASSWORD, login

pytestmark = pytest.mark.django_db

SEOUL = ZoneInfo("Asia/Seoul")
DELIVERED_AT = datetime(2026, 3, 5, 15, 0, tzinfo=SEOUL)
REGISTERED_AT = datetime(2026, 3, 6, 10, 0, tzinfo=SEOUL)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.MULTITENANT_RELATIVE_MEDIA_ROOT = "%s"
    return tmp_path


def _message(alpha, document, code: str) -> OutboxMessage:
    return OutboxMessage.objects.get(sender=alpha, sender_document_id=document.pk, recipient__code=code)


def _rows(client, document) -> tuple[list[str], list[dict]]:
    """The 발송 현황 table's rows as plain text, and the queries the page made."""
    with CaptureQueriesContext(connection) as queries:
        page = client.get(f"/approval/{document.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "<caption>발송 현황</caption>" in html
    table = html.split('<table class="delivery-status', 1)[1].split("</table>", 1)[0]
    body = table.split("<tbody>", 1)[1]
    rows = [" ".join(re.sub(r"<[^>]+>", " ", row).split()) for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)]
    return rows, queries.captured_queries


def test_the_document_page_shows_each_recipients_state(in_alpha, alpha, media, client_for):
    org = org_chart()
    client = client_for(alpha)
    assert login(client, org.drafter.username, PASSWORD).status_code == 302

    waiting = sent_document(org, files=False, title="PDF를 기다리는 문서")
    rows, _queries = _rows(client, waiting)
    assert rows == [
        "베타문화재단 (베타문화재단이사장) PDF 생성 대기 공문서 PDF를 만드는 중입니다. 만들어지면 바로 보냅니다.",
        "경상북도 (경상북도지사(기획조정실장)) PDF 생성 대기 공문서 PDF를 만드는 중입니다. 만들어지면 바로 보냅니다.",
    ]

    done = sent_document(org, files=False, title="접수된 문서")
    pdf_stored(done)
    with schema_context("beta"):
        receipt, _created = message_deliver(_message(alpha, done, "beta").pk, now=DELIVERED_AT)
        registered = receipt_register(actor=User.objects.get(username=ADMIN), received=receipt, now=REGISTERED_AT)
    rows, queries = _rows(client, done)
    assert rows == [
        f"베타문화재단 (베타문화재단이사장) 접수 완료 접수등록번호 {registered.registration_number}"
        " · 접수 2026. 3. 6. 10:00 · 수신 2026. 3. 5. 15:00",
        "경상북도 (경상북도지사(기획조정실장)) 발송 대기 시도 0회 · "
        f"{kdatetime(_message(alpha, done, 'province').next_attempt_at)}부터 전송 차례를 기다리는 중",
    ]
    for query in queries:
        assert '"beta".' not in query["sql"].lower()
        assert "receipts_" not in query["sql"].lower()

    troubled = sent_document(org, files=False, title="전달이 어려운 문서")
    pdf_stored(troubled)
    record = DocumentPdf.objects.get(document=troubled)
    (media / "alpha" / record.file.name).write_bytes(b"%PDF-1.7 changed after it was recorded")
    retry_at = timezone.now() + timedelta(hours=1)
    with schema_context("beta"), pytest.raises(FileCheckError):
        message_deliver(_message(alpha, troubled, "beta").pk)  # no retry due: 실패
    with schema_context(get_public_schema_name()), pytest.raises(FileCheckError):
        message_deliver(_message(alpha, troubled, "province").pk, retry_at=retry_at)
    rows, _queries = _rows(client, troubled)
    assert rows == [
        "베타문화재단 (베타문화재단이사장) 실패 시도 1회 · 마지막 오류: 발신 파일을 확인하지 못했습니다",
        f"경상북도 (경상북도지사(기획조정실장)) 발송 대기 시도 1회 · 다음 시도 {kdatetime(retry_at)}"
        " · 마지막 오류: 발신 파일을 확인하지 못했습니다",
    ]

    pdf_stored(waiting)
    with schema_context(get_public_schema_name()):
        message_deliver(_message(alpha, waiting, "province").pk, now=DELIVERED_AT)
    rows, _queries = _rows(client, waiting)
    assert rows[1] == "경상북도 (경상북도지사(기획조정실장)) 수신 완료 수신 2026. 3. 5. 15:00"
