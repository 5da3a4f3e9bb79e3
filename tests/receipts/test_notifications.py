"""Who hears of received documents: those who register (접수) when one arrives, the handler when
it is given to them — and nobody for an action that rolls back."""

from __future__ import annotations

import pytest
from django.apps import apps

from receipts.services import receipt_assign, receipt_distribute, receipt_register
from tests.factories.exchange import received

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not apps.is_installed("notifications"), reason="deployment without notifications"),
]


def _inbox(user) -> list[tuple[str, str]]:
    from notifications.models import Notification

    return list(Notification.objects.filter(recipient=user).order_by("id").values_list("category", "url"))


def test_registrars_hear_of_arrivals_and_the_handler_of_the_assignment(office):
    doc = received(title="협조 요청")
    assert _inbox(office.registrar) == [("receipt", f"/receipts/{doc.pk}/")]
    assert _inbox(office.staff) == []  # not a registrar
    receipt_register(actor=office.registrar, received=doc)
    receipt_distribute(actor=office.registrar, received=doc, department=office.planning)
    receipt_assign(actor=office.planning_head, received=doc, handler=office.planner)
    assert _inbox(office.planner) == [("receipt_assigned", f"/receipts/{doc.pk}/")]
    assert _inbox(office.planning_head) == []
