"""core.jobs' province-wide fan-out: one message per institution, each sent from inside that
institution's schema (so the worker runs it there), the active institutions by default, the
province's own schema and deactivated institutions only when the job asks for them."""

from __future__ import annotations

import pytest
from django.db import connection

from core.jobs import fan_out, institution_schemas, send_in_schema
from tenants.models import Institution

pytestmark = pytest.mark.django_db


class _Recorder:
    """Stands in for a Celery task: records the schema each message was sent from."""

    def __init__(self):
        self.sent: list[tuple[str, tuple, dict]] = []

    def delay(self, *args, **kwargs):
        self.sent.append((connection.schema_name, args, kwargs))


def test_one_message_from_inside_each_active_institution(alpha, beta):
    task = _Recorder()
    schemas = fan_out(task)
    assert {"alpha", "beta"} <= set(schemas)
    assert "public" not in schemas
    assert schemas == sorted(schemas)
    assert [(schema, args, kwargs) for schema, args, kwargs in task.sent] == [(s, (), {}) for s in schemas]
    assert connection.schema_name == "public"  # the caller's schema is left as it was


def test_a_deactivated_institution_is_left_out_unless_the_job_asks(alpha, beta):
    Institution.objects.filter(pk=alpha.pk).update(is_active=False)
    assert "alpha" not in fan_out(_Recorder())
    assert "beta" in fan_out(_Recorder())
    assert "alpha" in fan_out(_Recorder(), with_inactive=True)


def test_the_province_schema_comes_first_when_asked(alpha, beta):
    task = _Recorder()
    schemas = fan_out(task, with_province=True)
    assert schemas[0] == "public"
    assert schemas[1:] == institution_schemas()
    assert task.sent[0][0] == "public"


def test_send_in_schema_passes_the_arguments_on(alpha):
    task = _Recorder()
    send_in_schema("alpha", task, "message-id", retry=False)
    assert task.sent == [("alpha", ("message-id",), {"retry": False})]
    assert connection.schema_name == "public"
