"""The province console lists the exchange's envelopes (not the documents' content) and resends
undelivered messages; institutions' consoles do not have it."""

from __future__ import annotations

import re
from datetime import datetime
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import get_public_schema_name, schema_context

from audit.models import AuditEvent
from exchange.models import MessageStatus, OutboxMessage
from exchange.services import message_deliver
from org.models import User
from receipts.services import receipt_register
from tests.factories.approval import org_chart
from tests.factories.exchange import pdf_stored, sent_document
from tests.support import ADMIN, PASSWORD, PLANNER, login

SEOUL = ZoneInfo("Asia/Seoul")
DELIVERED_AT = datetime(2026, 3, 5, 15, 0, tzinfo=SEOUL)
REGISTERED_AT = datetime(2026, 3, 6, 10, 0, tzinfo=SEOUL)

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.MULTITENANT_RELATIVE_MEDIA_ROOT = "%s"
    return tmp_path


def test_the_planning_office_sees_envelopes_and_resends(in_alpha, media, province_client, client_for, alpha):
    document = sent_document(org_chart(), title="기관 간 비밀 제목")
    pdf_stored(document)
    message = OutboxMessage.objects.get(sender=alpha, recipient__code="beta")

    assert login(province_client, PLANNER, PASSWORD).status_code == 302
    page = province_client.get("/admin/exchange/outboxmessage/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "알파개발공사" in body
    assert "기관 간 비밀 제목" not in body  # the envelope, never the content
    assert province_client.get(f"/admin/exchange/outboxmessage/{message.pk}/change/").status_code == 200

    with (
        mock.patch("exchange.services.enqueue_delivery") as enqueue,
        mock.patch("django.db.transaction.on_commit", side_effect=lambda func, robust=False: func()),
    ):
        response = province_client.post(
            "/admin/exchange/outboxmessage/", {"action": "resend", "_selected_action": [str(message.pk)]}
        )
    assert response.status_code == 302
    assert [call.args[0].pk for call in enqueue.call_args_list] == [message.pk]

    admin_client = client_for(alpha)
    assert login(admin_client, "admin", PASSWORD).status_code == 302
    assert admin_client.get("/admin/exchange/outboxmessage/").status_code == 404


def _envelope_rows(html: str) -> list[str]:
    body = html.split('<table id="result_list"', 1)[1].split("</table>", 1)[0].split("<tbody>", 1)[1]
    return [" ".join(re.sub(r"<[^>]+>", " ", row).split()) for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)]


def test_the_envelope_list_shows_each_state_and_filters_by_it(in_alpha, alpha, media, province_client):
    org = org_chart()
    waiting = sent_document(org, files=False, title="PDF 대기")
    sent = sent_document(org, files=False, title="보낸 문서")
    pdf_stored(sent)
    to_beta = OutboxMessage.objects.get(sender=alpha, sender_document_id=sent.pk, recipient__code="beta")
    with schema_context("beta"):
        receipt, _created = message_deliver(to_beta.pk, now=DELIVERED_AT)
        registered = receipt_register(actor=User.objects.get(username=ADMIN), received=receipt, now=REGISTERED_AT)
    to_province = OutboxMessage.objects.get(sender=alpha, sender_document_id=sent.pk, recipient__code="province")
    OutboxMessage.objects.filter(pk=to_province.pk).update(
        status=MessageStatus.FAILED, attempts=6, last_error="FileCheckError: sender file missing: approval/pdf/x.pdf"
    )

    assert login(province_client, PLANNER, PASSWORD).status_code == 302
    with CaptureQueriesContext(connection) as few:
        page = province_client.get(f"/admin/exchange/outboxmessage/?sender__id__exact={alpha.pk}")
    assert page.status_code == 200
    rows = _envelope_rows(page.content.decode())
    assert len(rows) == 4
    assert sum("PDF 생성 대기 발신 기관의 PDF 생성 대기" in r for r in rows) == 2
    assert (
        sum(f"접수 완료 접수등록번호 {registered.registration_number} · 접수 2026. 3. 6. 10:00" in r for r in rows) == 1
    )
    assert sum("실패 시도 6회 · 마지막 오류 FileCheckError: sender file missing" in r for r in rows) == 1

    failed = province_client.get("/admin/exchange/outboxmessage/?state=failed").content.decode()
    assert [r.split(" 실패 ", 1)[1] for r in _envelope_rows(failed)] == [
        "시도 6회 · 마지막 오류 FileCheckError: sender file missing: approval/pdf/x.pdf"
    ]
    awaiting = province_client.get("/admin/exchange/outboxmessage/?state=awaiting_pdf").content.decode()
    assert len(_envelope_rows(awaiting)) == 2
    assert all(f" {waiting.pk} PDF 생성 대기" in r for r in _envelope_rows(awaiting))

    for n in range(3):  # more envelopes, the same number of queries
        sent_document(org, files=False, title=f"더 보낸 문서 {n}")
    with CaptureQueriesContext(connection) as more:
        page = province_client.get(f"/admin/exchange/outboxmessage/?sender__id__exact={alpha.pk}")
    assert len(_envelope_rows(page.content.decode())) == 10
    assert len(more.captured_queries) == len(few.captured_queries)


def test_resending_sends_what_has_its_pdf_and_says_what_waits(in_alpha, alpha, media, province_client):
    org = org_chart()
    waiting = sent_document(org, files=False, title="PDF 대기")
    failed = sent_document(org, files=False, title="실패한 문서")
    pdf_stored(failed)
    OutboxMessage.objects.filter(sender_document_id=failed.pk).update(status=MessageStatus.FAILED, attempts=6)
    selected = OutboxMessage.objects.filter(sender=alpha, sender_document_id__in=[waiting.pk, failed.pk])

    assert login(province_client, PLANNER, PASSWORD).status_code == 302
    with (
        mock.patch("exchange.services.enqueue_delivery") as enqueue,
        mock.patch("django.db.transaction.on_commit", side_effect=lambda func, robust=False: func()),
    ):
        response = province_client.post(
            "/admin/exchange/outboxmessage/",
            {"action": "resend", "_selected_action": [str(m.pk) for m in selected]},
            follow=True,
        )
    assert "2건을 다시 보냈습니다. 2건은 발신 기관의 PDF가 아직 없어 보내지 않았습니다." in response.content.decode()
    assert {c.args[0].sender_document_id for c in enqueue.call_args_list} == {failed.pk}
    assert set(OutboxMessage.objects.filter(sender_document_id=failed.pk).values_list("status", flat=True)) == {
        MessageStatus.QUEUED
    }
    with schema_context(get_public_schema_name()):
        event = AuditEvent.objects.get(action="document.resend")
        assert event.actor_label == PLANNER
        assert sorted(event.data["recipients"]) == ["beta", "province"]
