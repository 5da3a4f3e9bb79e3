"""The leave types every institution starts with (공무원 복무규정 model, reference §4.2); the
institution edits them afterwards. Used by migration 0002 and by tests."""

from __future__ import annotations

from decimal import Decimal

# code, name, paid, counts against 연가, smallest unit, yearly max, certificate after N days,
# counts calendar days (holidays included)
DEFAULT_LEAVE_TYPES: list[tuple[str, str, bool, bool, Decimal, Decimal | None, int | None, bool]] = [
    ("annual", "연가", True, True, Decimal("0.25"), None, None, False),
    ("sick", "병가", True, False, Decimal("0.5"), Decimal("60"), 6, False),
    ("official", "공가", True, False, Decimal("0.25"), None, None, False),
    ("family_event", "경조사 특별휴가", True, False, Decimal("1"), None, None, False),
    ("maternity", "출산휴가", True, False, Decimal("1"), Decimal("90"), None, True),
    ("childcare_hours", "육아시간", True, False, Decimal("0.25"), None, None, False),
    ("reward", "포상휴가", True, False, Decimal("1"), Decimal("10"), None, False),
]
ANNUAL = "annual"
