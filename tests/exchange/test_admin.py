"""The province console lists the exchange's envelopes (not the documents' content) and resends
undelivered messages; institutions' consoles do not have it."""

from __future__ import annotations

from unittest import mock

import pytest

from exchange.models import OutboxMessage
from tests.factories.approval import org_chart
from tests.factories.exchange import pdf_stored, sent_document
from tests.support import PASSWORD, PLANNER, login

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
        mock.patch("exchange.admin.enqueue_delivery") as enqueue,
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
