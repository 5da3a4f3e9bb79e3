"""Fixity (issue 15 item 7, fixity): batches re-hash the least recently checked records first;
a flipped byte in a stored component is detected, listed for the 기록관 and alerted once."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from notifications.models import Notification
from records.fixity import fixity_check
from records.models import Record
from tests.factories import UserFactory
from tests.factories.records import completed, record_of
from tests.support import login

pytestmark = pytest.mark.django_db

KST = ZoneInfo("Asia/Seoul")
MARCH_5 = datetime(2026, 3, 5, 10, 0, tzinfo=KST)


def _with_file(record: Record, content: bytes, path: str = "records-test/scan.pdf") -> str:
    default_storage.save(path, ContentFile(content))
    record.components = [{"name": "스캔.pdf", "path": path, "sha256": hashlib.sha256(content).hexdigest()}]
    record.save(update_fields=["components"])
    return path


def test_batches_check_the_least_recently_checked_first(org):
    records = [record_of(completed(org, title=f"문서 {n}", now=MARCH_5)) for n in range(3)]
    first = fixity_check(batch=2, now=MARCH_5)
    assert (first.records, first.components, first.failed) == (2, 2, 0)  # two bodies
    checked = set(Record.objects.filter(fixity_checked_at__isnull=False).values_list("pk", flat=True))
    assert checked == {records[0].pk, records[1].pk}
    second = fixity_check(batch=2, now=MARCH_5 + timedelta(hours=1))
    assert second.records == 2
    assert Record.objects.get(pk=records[2].pk).fixity_checked_at == MARCH_5 + timedelta(hours=1)
    assert Record.objects.filter(fixity_ok=True).count() == 3


def test_a_flipped_byte_is_detected_listed_and_alerted_once(org, client_for, alpha):
    archivist = UserFactory(
        username="archivist", name="기록관", department=org.root, roles=["staff", "records_manager"]
    )
    record = record_of(completed(org, now=MARCH_5))
    path = _with_file(record, b"%PDF-1.7 original scan")
    assert fixity_check(now=MARCH_5).failed == 0

    with default_storage.open(path, "wb") as handle:
        handle.write(b"%PDF-1.7 original scaN")  # one byte flipped
    run = fixity_check(now=MARCH_5 + timedelta(hours=1))
    assert (run.records, run.failed, run.newly_failed) == (1, 1, 1)
    record.refresh_from_db()
    assert (record.fixity_ok, record.fixity_problems) == (False, [{"component": "스캔.pdf", "reason": "체크섬 불일치"}])
    alert = Notification.objects.get(category="records_fixity")
    assert alert.recipient == archivist
    assert "총무팀-1" in alert.title
    assert fixity_check(now=MARCH_5 + timedelta(hours=2)).newly_failed == 0  # still failing: no second alert
    assert Notification.objects.filter(category="records_fixity").count() == 1

    client = client_for(alpha)
    login(client, archivist.username)
    page = client.get("/records/fixity/").content.decode()
    assert "스캔.pdf(체크섬 불일치)" in page
    drafter = client_for(alpha)
    login(drafter, org.drafter.username)
    assert drafter.get("/records/fixity/").status_code == 403


def test_a_missing_file_is_a_failure_too(org):
    record = record_of(completed(org, now=MARCH_5))
    path = _with_file(record, b"content")
    default_storage.delete(path)
    assert fixity_check(now=MARCH_5).failed == 1
    record.refresh_from_db()
    assert record.fixity_problems == [{"component": "스캔.pdf", "reason": "파일 없음"}]
