"""`{% delivery_status document %}`: how a document sent out reached each recipient (발송 현황), for
the sender's document page. Reads the public outbox only (one query), never the receivers'
schemas."""

from django import template
from django.db import connection
from django.utils import timezone

from exchange.selectors import delivery_status as delivery_rows
from exchange.services import current_institution
from tenants.models import Institution

register = template.Library()


@register.inclusion_tag("exchange/_delivery_status.html")
def delivery_status(document) -> dict:
    sender = getattr(connection, "tenant", None)
    if not isinstance(sender, Institution):
        sender = current_institution()
    return {"deliveries": delivery_rows(sender, document.pk), "now": timezone.now()}
