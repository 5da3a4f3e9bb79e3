"""Clock records (출근·퇴근): one click records the moment, once per person, day and kind.

A second click (a double click, another tab) finds the first record and returns it unchanged:
the unique constraint on (person, day, kind) makes that true even for two requests at the same
instant. The institution may limit where staff clock from (its IP allowlist)."""

from __future__ import annotations

import ipaddress
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from attendance.models import AttendanceSettings, ClockKind, ClockRecord, ClockSource
from org.models import User

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_allowlist(text: str) -> list[Network]:
    """The allowlist's networks, one per line ("10.1.0.0/16", "203.0.113.7"). Raises
    ValidationError naming the first line that is not a network."""
    networks = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        try:
            networks.append(ipaddress.ip_network(line, strict=False))
        except ValueError:
            raise ValidationError(
                {
                    "ip_allowlist": _("%(n)s번째 줄 '%(line)s'은(는) IP 주소나 대역이 아닙니다.")
                    % {"n": number, "line": line}
                }
            ) from None
    return networks


def ip_allowed(ip: str | None, settings: AttendanceSettings) -> bool:
    networks = parse_allowlist(settings.ip_allowlist)
    if not networks:
        return True
    if not ip:
        return False
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return False
    return any(address in network for network in networks)


def clock(
    *, person: User, kind: str, ip: str | None, now: datetime | None = None, source: str = ClockSource.WEB
) -> tuple[ClockRecord, bool]:
    """Record 출근 or 퇴근 now: (the record, True) or, when there already is one for today,
    (that record, False). Refused in Korean outside the institution's allowlist."""
    if kind not in ClockKind.values:
        raise ValidationError({"kind": _("출근 또는 퇴근을 선택하세요.")})
    if not ip_allowed(ip, AttendanceSettings.current()):
        raise ValidationError(
            _(
                "허용된 장소(IP)가 아닌 곳에서는 출퇴근을 기록할 수 없습니다. "
                "기관 내부망에서 다시 시도하거나 복무 담당자에게 문의하세요."
            )
        )
    now = now or timezone.now()
    day = timezone.localdate(now)
    existing = ClockRecord.objects.filter(person=person, day=day, kind=kind).first()
    if existing is not None:
        return existing, False
    try:
        # A savepoint: a concurrent click inserting the same (person, day, kind) waits for this
        # one and then fails on the unique constraint; it answers with the record that won.
        with transaction.atomic():
            return ClockRecord.objects.create(
                person=person, day=day, kind=kind, at=now, source=source, ip_address=ip
            ), True
    except IntegrityError:
        return ClockRecord.objects.get(person=person, day=day, kind=kind), False
