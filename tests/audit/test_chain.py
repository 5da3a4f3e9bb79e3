"""The audit log: a hash chain per schema that the database refuses to rewrite, and that a
verification run catches if someone rewrites it anyway."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC
from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django_tenants.utils import schema_context

from audit.models import AuditEvent
from audit.services import AuditEntry, audit_record, audit_record_many, audit_verify_chain
from org import roles
from org.models import User
from tests.support import PEER, USER_PKS

pytestmark = pytest.mark.django_db


def _expected_hash(event: AuditEvent) -> str:
    """The entry hash worked out by hand from the documented rule: SHA-256 of the previous hash
    followed by the entry as JSON with sorted keys, no spaces, the time in UTC to microseconds."""
    entry = {
        "action": event.action,
        "actor_id": event.actor_id,
        "actor_label": event.actor_label,
        "data": event.data,
        "ip_address": event.ip_address,
        "occurred_at": event.occurred_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f+00:00"),
        "target_id": event.target_id,
        "target_label": event.target_label,
        "target_type": event.target_type,
    }
    text = json.dumps(entry, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256((event.prev_hash + text).encode()).hexdigest()


def test_entries_link_to_the_previous_one(in_alpha):
    last_hash = AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first()
    peer = User.objects.get(username=PEER)

    first = audit_record(action="test.first", actor=peer, data={"금액": 1234560})
    second = audit_record(action="test.second", target=peer, ip_address="10.0.0.7")

    assert first.prev_hash == last_hash
    assert second.prev_hash == first.hash
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.hash == _expected_hash(first)
    assert second.hash == _expected_hash(second)
    assert (first.actor_id, first.actor_label) == (USER_PKS[PEER], PEER)
    assert (second.target_type, second.target_id, second.target_label) == ("org.User", "3", "한동료(peer)")
    assert audit_verify_chain().ok


def test_many_entries_at_once_link_as_one_at_a_time_would(in_alpha):
    """A seeded history appends hundreds of entries in one statement, still one chain."""
    before = audit_record(action="test.before")
    peer = User.objects.get(username=PEER)

    many = audit_record_many(
        [
            AuditEntry(action="test.one", actor=peer, target=peer, data={"round": 1}),
            AuditEntry(action="test.two", actor_label="seed_demo", data={"금액": 1234560}),
            AuditEntry(action="test.three", target=peer),
        ]
    )
    after = audit_record(action="test.after")

    assert [e.prev_hash for e in many] == [before.hash, many[0].hash, many[1].hash]
    assert after.prev_hash == many[2].hash
    for event in many:
        event.refresh_from_db()
        assert event.hash == _expected_hash(event)
    assert (many[0].actor_id, many[0].target_id, many[1].actor_label) == (USER_PKS[PEER], "3", "seed_demo")
    assert audit_record_many([]) == []
    assert audit_verify_chain().ok


def test_each_schema_has_its_own_chain(in_alpha):
    with schema_context("beta"):
        beta_chain = list(AuditEvent.objects.order_by("id").values_list("id", "hash"))
    alpha_last = AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first()

    event = audit_record(action="test.alpha_only")

    assert event.prev_hash == alpha_last
    with schema_context("beta"):
        assert list(AuditEvent.objects.order_by("id").values_list("id", "hash")) == beta_chain
        assert audit_verify_chain().ok


def test_update_and_delete_are_refused_by_the_database(in_alpha):
    event = audit_record(action="test.keep")

    with pytest.raises(DatabaseError, match=r"append-only \(UPDATE refused\)"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(action="test.rewritten")
    with pytest.raises(DatabaseError, match=r"append-only \(DELETE refused\)"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET data = '{}'::jsonb WHERE id = %s", [event.pk])

    event.refresh_from_db()
    assert event.action == "test.keep"


def test_tampering_behind_the_apps_back_is_detected(in_alpha):
    audit_record(action="test.before")
    victim = audit_record(action="test.victim", data={"amount": 1000})
    audit_record(action="test.after")
    out = StringIO()
    call_command("verify_audit", "--schema", "alpha", stdout=out)
    assert out.getvalue().startswith("alpha\tOK\t")

    # What an attacker with table access would do: switch the guard off, edit, switch it back.
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_no_update")
        cursor.execute("UPDATE audit_auditevent SET data = %s::jsonb WHERE id = %s", ['{"amount": 1}', victim.pk])
        cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER audit_event_no_update")

    report = audit_verify_chain()
    assert report.broken_id == victim.pk
    assert not report.ok
    assert report.reason == "기록 내용이 해시와 일치하지 않습니다(변조 의심)"

    out = StringIO()
    with pytest.raises(CommandError, match=r"1개 기관의 감사 기록 체인이 깨졌습니다\."):
        call_command("verify_audit", "--schema", "alpha", stdout=out)
    assert out.getvalue() == f"alpha\tBROKEN\t#{victim.pk}\t기록 내용이 해시와 일치하지 않습니다(변조 의심)\n"


def test_role_changes_are_audited(in_alpha):
    peer = User.objects.get(username=PEER)
    auditor = Group.objects.get(name=roles.AUDITOR)

    peer.groups.add(auditor)
    granted = AuditEvent.objects.order_by("-id").first()
    peer.groups.remove(auditor)
    revoked = AuditEvent.objects.order_by("-id").first()

    assert (granted.action, granted.target_id, granted.data) == ("role.grant", "3", {"roles": ["auditor"]})
    assert (revoked.action, revoked.target_id, revoked.data) == ("role.revoke", "3", {"roles": ["auditor"]})
    assert revoked.prev_hash == granted.hash


def test_role_granted_from_the_group_side_is_audited_too(in_alpha):
    peer = User.objects.get(username=PEER)

    Group.objects.get(name=roles.AUDITOR).user_set.add(peer)

    event = AuditEvent.objects.order_by("-id").first()
    assert (event.action, event.target_type, event.target_id, event.data) == (
        "role.grant",
        "org.User",
        "3",
        {"roles": ["auditor"]},
    )
