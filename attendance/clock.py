"""Clock records (출근·퇴근): one click records the moment, once per person, day and kind.

A second click (a double click, another tab) finds the first record and returns it unchanged:
the unique constraint on (person, day, kind) makes that true even for two requests at the same
instant. The institution may limit where staff clock from (its IP allowlist)."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import connection
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


@dataclass(frozen=True)
class Clocked:
    record: ClockRecord  # the record of the kind clicked: this click's, or the one already there
    created: bool
    clock_in: datetime | None  # today's times, for the clock panel the click answers with
    clock_out: datetime | None


def clock(
    *, person: User, kind: str, ip: str | None, now: datetime | None = None, source: str = ClockSource.WEB
) -> tuple[ClockRecord, bool]:
    """Record 출근 or 퇴근 now: (the record, True) or, when there already is one for today,
    (that record, False). Refused in Korean outside the institution's allowlist."""
    done = clock_today(person=person, kind=kind, ip=ip, now=now, source=source)
    return done.record, done.created


def clock_today(
    *, person: User, kind: str, ip: str | None, now: datetime | None = None, source: str = ClockSource.WEB
) -> Clocked:
    """`clock`, with today's 출근 and 퇴근 times for the panel. Three statements for a first click
    (the settings, today's records, the insert), two for a second: the 09:00 rush's hot path.

    The insert is one `INSERT … ON CONFLICT DO NOTHING` in autocommit: a concurrent click for the
    same (person, day, kind) inserts nothing and reads the record that won, with no savepoint and
    no transaction of its own."""
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
    records = {r.kind: r for r in ClockRecord.objects.filter(person=person, day=day)}
    created = False
    if kind not in records:
        table = ClockRecord._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {connection.ops.quote_name(table)} (person_id, day, kind, at, source, ip_address) "  # noqa: S608 - the model's own table name
                "VALUES (%s, %s, %s, %s, %s, %s::inet) ON CONFLICT (person_id, day, kind) DO NOTHING RETURNING id",
                [person.pk, day, kind, now, source, ip],
            )
            row = cursor.fetchone()
        if row is not None:
            created = True
            records[kind] = ClockRecord(
                pk=row[0], person=person, day=day, kind=kind, at=now, source=source, ip_address=ip
            )
        else:  # a concurrent click won: answer with its record
            records[kind] = ClockRecord.objects.get(person=person, day=day, kind=kind)
    found_in, found_out = records.get(ClockKind.IN), records.get(ClockKind.OUT)
    return Clocked(
        record=records[kind],
        created=created,
        clock_in=found_in.at if found_in else None,
        clock_out=found_out.at if found_out else None,
    )
