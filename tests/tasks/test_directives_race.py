"""Two assignees press 완료 보고 at the same moment, from two real database connections.

Both opened the directive while it was open, so both pass the service's checks on what they saw.
The compare-and-set (`UPDATE … WHERE status IN (open)`) lets exactly one through: PostgreSQL makes
the second UPDATE wait for the first's row lock, re-reads the row after the first commits, finds
it completed and updates nothing; the second person is told someone else got there first.

These tests commit: each thread has its own connection (Django keeps one per thread), outside the
test's rolled-back transaction. They use only the session's committed people (admin, staff, peer
of alpha), the main thread touches none of the rows involved, and the fixture removes everything
committed, including the audit entries (the audit table refuses DELETE through a trigger, switched
off for that one statement inside one transaction).
"""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django_tenants.utils import schema_context

from audit.models import AuditEvent
from audit.services import audit_verify_chain
from org.models import Department, User
from tasks.models import Directive, DirectiveStatus, DirectiveUpdate
from tasks.services.directives import directive_complete, directive_issue
from tests.support import ADMIN, DEPARTMENT_CODE, PEER, STAFF

pytestmark = pytest.mark.django_db

WAIT = 20
RACE = "이미 다른 사람이 처리했습니다. 화면을 새로 고쳐 지금 상태를 확인하세요."


def _in_thread(fn):
    result: dict = {}

    def target():
        try:
            with schema_context("alpha"):
                result["value"] = fn()
        except BaseException as exc:  # handed to the test thread, which inspects it
            result["error"] = exc
        finally:
            connection.close()  # an open connection would keep the test database from being dropped

    thread = threading.Thread(target=target)
    thread.start()
    return thread, result


def _run(fn):
    thread, result = _in_thread(fn)
    thread.join(WAIT)
    if "error" in result:
        raise result["error"]
    return result.get("value")


@pytest.fixture
def committed_directive(alpha):
    def setup():
        last_event = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
        directive = directive_issue(
            actor=User.objects.get(username=ADMIN),
            title="경합 시험 지시",
            body="두 사람이 동시에 완료 보고를 합니다.",
            due_on=timezone.localdate() + timedelta(days=3),
            department=Department.objects.get(code=DEPARTMENT_CODE),
            assignees=list(User.objects.filter(username__in=[STAFF, PEER])),
        )
        return directive.pk, last_event

    pk, last_event = _run(setup)
    yield pk

    def cleanup():
        with transaction.atomic():
            Directive.objects.filter(pk=pk).delete()  # assignees and updates cascade
            with connection.cursor() as cursor:
                cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_no_delete")
                cursor.execute("DELETE FROM audit_auditevent WHERE id > %s", [last_event])
                cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER audit_event_no_delete")
        assert not Directive.objects.filter(pk=pk).exists()
        assert audit_verify_chain().ok

    _run(cleanup)


def test_two_connections_completing_at_once_one_wins(committed_directive):
    barrier = threading.Barrier(2, timeout=WAIT)

    def racer(username, report):
        def go():
            actor = User.objects.get(username=username)
            seen = Directive.objects.get(pk=committed_directive)  # both saw it open
            barrier.wait()
            directive_complete(directive=seen, actor=actor, report=report)
            return username

        return go

    threads = [_in_thread(racer(STAFF, "이직원의 결과")), _in_thread(racer(PEER, "한동료의 결과"))]
    for thread, _result in threads:
        thread.join(WAIT)
    results = [result for _thread, result in threads]

    winners = [r["value"] for r in results if "value" in r]
    errors = [r["error"] for r in results if "error" in r]
    assert len(winners) == 1, results
    assert len(errors) == 1, results
    assert isinstance(errors[0], ValidationError)
    assert errors[0].messages == [RACE]

    def state():
        directive = Directive.objects.get(pk=committed_directive)
        updates = list(DirectiveUpdate.objects.filter(directive=directive).values_list("kind", "author__username"))
        return directive.status, directive.completion_report, updates

    status, report, updates = _run(state)
    winner = winners[0]
    assert status == DirectiveStatus.COMPLETED
    assert report == {"staff": "이직원의 결과", "peer": "한동료의 결과"}[winner]
    assert updates == [("issue", ADMIN), ("complete", winner)]  # the loser left no trace
