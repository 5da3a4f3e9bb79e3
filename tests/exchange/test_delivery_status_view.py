"""The sender's document page shows how the document reached each recipient (발송 현황), read from
the public outbox — never from the receivers' schemas."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context

from exchange.models import OutboxMessage
from exchange.services import message_deliver
from tests.factories.approval import org_chart
from tests.factories.exchange import pdf_stored, sent_document
from tests.support import PASSWORD, login

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.MULTITENANT_RELATIVE_MEDIA_ROOT = "%s"
    return tmp_path


def test_the_document_page_shows_delivery_per_recipient(in_alpha, alpha, media, client_for):
    org = org_chart()
    document = sent_document(org, files=False)
    pdf_stored(document)
    with schema_context("beta"):
        message_deliver(OutboxMessage.objects.get(sender=alpha, recipient__code="beta").pk)

    client = client_for(alpha)
    assert login(client, org.drafter.username, PASSWORD).status_code == 302
    with CaptureQueriesContext(connection) as queries:
        page = client.get(f"/approval/{document.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "발송 현황" in html
    assert '베타문화재단 <span class="chip done">수신 완료</span>' in html
    assert '경상북도 <span class="chip info">발송 대기</span>' in html
    for query in queries.captured_queries:
        assert '"beta".' not in query["sql"].lower()
        assert "receipts_" not in query["sql"].lower()
