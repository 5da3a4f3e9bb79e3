"""The notice on an institution's pages while `make run` is still seeding its demo history."""

from django import template
from django.db import connection
from django_tenants.utils import get_public_schema_name

from tenants.demo_progress import institution_pending

register = template.Library()


@register.inclusion_tag("tenants/_demo_pending.html")
def demo_pending_notice() -> dict:
    pending = connection.schema_name != get_public_schema_name() and institution_pending()
    return {"pending": pending}
