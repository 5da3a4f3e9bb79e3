"""Writing to and verifying the audit chain."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from audit.chain import GENESIS_HASH, canonical_payload, entry_hash
from audit.models import AuditEvent

# Serialises writers of one schema's chain: two concurrent appends must not both link to the
# same previous entry. The lock key is constant because each schema has its own table and chain;
# a transaction-scoped advisory lock is released at commit or rollback.
_CHAIN_LOCK_KEY = 0x41554454  # "AUDT"


def _lock_chain() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext(current_schema()), %s)", [_CHAIN_LOCK_KEY])


def audit_chain_lock() -> None:
    """Take the schema's chain lock now, for the rest of the transaction. A service that locks
    rows of its own and writes the chain afterwards calls this first, so every writer queues for
    the chain before its rows: otherwise it could deadlock with one that writes the chain first
    and locks the same rows after (the approval engine records a decision, then runs the kind's
    callback, which may lock budget lines)."""
    _lock_chain()


def _label(obj: Any) -> str:
    return str(obj)[:200] if obj is not None else ""


def _fields(*, action: str, actor, target, data: dict | None, ip_address: str | None, actor_label: str | None) -> dict:
    actor_id = actor.pk if actor is not None and getattr(actor, "is_authenticated", False) else None
    label = actor_label if actor_label is not None else (actor.get_username() if actor_id else "")
    return {
        "action": action,
        "actor_id": actor_id,
        "actor_label": label[:150],
        "target_type": target._meta.label if target is not None else "",
        "target_id": str(target.pk) if target is not None else "",
        "target_label": _label(target),
        "ip_address": ip_address,
        "data": data or {},
    }


def _chained(fields: list[dict]) -> list[AuditEvent]:
    """The events for these entries, linked after the chain's last one (the caller holds the lock)."""
    last = AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first()
    prev_hash = last or GENESIS_HASH
    occurred_at = timezone.now()
    events = []
    for entry in fields:
        digest = entry_hash(prev_hash, canonical_payload(occurred_at=occurred_at, **entry))
        events.append(AuditEvent(occurred_at=occurred_at, prev_hash=prev_hash, hash=digest, **entry))
        prev_hash = digest
    return events


def audit_record(
    *,
    action: str,
    actor=None,
    target=None,
    data: dict | None = None,
    ip_address: str | None = None,
    actor_label: str | None = None,
) -> AuditEvent:
    """Append one event to the current schema's chain (inside the caller's transaction, if any)."""
    fields = _fields(
        action=action, actor=actor, target=target, data=data, ip_address=ip_address, actor_label=actor_label
    )
    with transaction.atomic():
        _lock_chain()
        (event,) = _chained([fields])
        event.save(force_insert=True)
        return event


@dataclass(frozen=True)
class AuditEntry:
    """One event for audit_record_many; the same arguments as audit_record's."""

    action: str
    actor: Any = None
    target: Any = None
    data: dict | None = None
    ip_address: str | None = None
    actor_label: str | None = None


def audit_record_many(entries: list[AuditEntry]) -> list[AuditEvent]:
    """Append several events to the current schema's chain in this order, in one statement: the
    entries, links and hashes one audit_record per entry would give (a seeded history writes
    hundreds at once)."""
    fields = [
        _fields(
            action=e.action,
            actor=e.actor,
            target=e.target,
            data=e.data,
            ip_address=e.ip_address,
            actor_label=e.actor_label,
        )
        for e in entries
    ]
    if not fields:
        return []
    with transaction.atomic():
        _lock_chain()
        return AuditEvent.objects.bulk_create(_chained(fields), batch_size=1000)


@dataclass(frozen=True)
class ChainReport:
    checked: int
    broken_id: int | None
    reason: str

    @property
    def ok(self) -> bool:
        return self.broken_id is None


def audit_verify_chain() -> ChainReport:
    """Walk the current schema's chain in order and report the first broken link."""
    prev_hash = GENESIS_HASH
    checked = 0
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=2000):
        if event.prev_hash != prev_hash:
            return ChainReport(checked, event.id, "이전 기록의 해시와 연결되지 않습니다")
        payload = canonical_payload(
            occurred_at=event.occurred_at,
            action=event.action,
            actor_id=event.actor_id,
            actor_label=event.actor_label,
            target_type=event.target_type,
            target_id=event.target_id,
            target_label=event.target_label,
            ip_address=event.ip_address,
            data=event.data,
        )
        if entry_hash(prev_hash, payload) != event.hash:
            return ChainReport(checked, event.id, "기록 내용이 해시와 일치하지 않습니다(변조 의심)")
        prev_hash = event.hash
        checked += 1
    return ChainReport(checked, None, "")
