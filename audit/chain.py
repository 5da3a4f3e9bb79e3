"""How an audit entry's hash is computed. Kept apart so the writer and the verifier share it."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime

GENESIS_HASH = "0" * 64


def canonical_payload(
    *,
    occurred_at: datetime,
    action: str,
    actor_id: int | None,
    actor_label: str,
    target_type: str,
    target_id: str,
    target_label: str,
    ip_address: str | None,
    data: dict,
) -> str:
    """Canonical JSON (sorted keys, no whitespace, UTC microsecond timestamp) of one entry."""
    return json.dumps(
        {
            "occurred_at": occurred_at.astimezone(UTC).isoformat(timespec="microseconds"),
            "action": action,
            "actor_id": actor_id,
            "actor_label": actor_label,
            "target_type": target_type,
            "target_id": target_id,
            "target_label": target_label,
            "ip_address": ip_address,
            "data": data,
        },
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )


def entry_hash(prev_hash: str, payload: str) -> str:
    return hashlib.sha256((prev_hash + payload).encode("utf-8")).hexdigest()
