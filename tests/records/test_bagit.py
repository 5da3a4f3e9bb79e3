"""BagIt 이관 패키지 (issue 15 item 7): a file's bag holds bagit.txt, bag-info.txt (Payload-Oxum),
manifest-sha256.txt whose digests match every payload file, tagmanifest-sha256.txt over the tag
files, metadata.json and the originals; the page gives it to the 기록관 and the 처리과 only."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from audit.models import AuditEvent
from records.bagit import build_bag, safe_name
from tests.factories import UserFactory
from tests.factories.records import completed, record_of
from tests.support import login

pytestmark = pytest.mark.django_db

KST = ZoneInfo("Asia/Seoul")
MARCH_5 = datetime(2026, 3, 5, 10, 0, tzinfo=KST)


def _lines(archive: zipfile.ZipFile, name: str) -> list[str]:
    return archive.read(name).decode().splitlines()


def test_the_manifest_digests_match_the_payload(org):
    record = record_of(completed(org, title="물품 구매", now=MARCH_5))
    scan = b"%PDF-1.7 scanned"
    path = default_storage.save("records-test/bag-scan.pdf", ContentFile(scan))
    record.components = [{"name": "스캔/원본.pdf", "path": path, "sha256": hashlib.sha256(scan).hexdigest()}]
    record.save(update_fields=["components"])
    record_file = record.record_file

    content = build_bag([record_file], name=f"bag_{record_file.number}", identifier=record_file.number, now=MARCH_5)
    archive = zipfile.ZipFile(io.BytesIO(content))
    root = f"bag_{record_file.number}"
    assert _lines(archive, f"{root}/bagit.txt") == ["BagIt-Version: 1.0", "Tag-File-Character-Encoding: UTF-8"]
    manifest = dict(reversed(line.split("  ", 1)) for line in _lines(archive, f"{root}/manifest-sha256.txt"))
    payload = {n[len(root) + 1 :] for n in archive.namelist() if n.startswith(f"{root}/data/")}
    assert set(manifest) == payload
    for name, digest in manifest.items():
        assert hashlib.sha256(archive.read(f"{root}/{name}")).hexdigest() == digest
    folder = f"data/{record_file.number}/0001_{safe_name(record.registration_number)}"
    assert archive.read(f"{root}/{folder}/스캔_원본.pdf") == scan
    assert archive.read(f"{root}/{folder}/본문.html").decode() == record.body

    info = dict(line.split(": ", 1) for line in _lines(archive, f"{root}/bag-info.txt"))
    octets = sum(len(archive.read(f"{root}/{n}")) for n in payload)
    assert info["Payload-Oxum"] == f"{octets}.{len(payload)}"
    assert (info["External-Identifier"], info["Bagging-Date"]) == (record_file.number, "2026-03-05")
    tags = dict(reversed(line.split("  ", 1)) for line in _lines(archive, f"{root}/tagmanifest-sha256.txt"))
    assert set(tags) == {"bagit.txt", "bag-info.txt", "manifest-sha256.txt"}
    for name, digest in tags.items():
        assert hashlib.sha256(archive.read(f"{root}/{name}")).hexdigest() == digest

    metadata = json.loads(archive.read(f"{root}/data/metadata.json"))
    (described,) = metadata["record_files"]
    assert described["number"] == record_file.number
    assert described["retention_period"] == "5"
    (entry,) = described["records"]
    assert entry["registration_number"] == record.registration_number
    assert entry["body_sha256"] == record.body_sha256
    assert entry["files"][1] == {
        "name": "스캔/원본.pdf",
        "registered_sha256": hashlib.sha256(scan).hexdigest(),
        "path": f"{folder}/스캔_원본.pdf",
        "fixity": "ok",
    }


def test_the_page_serves_the_bag_to_the_archivist_and_the_department_only(org, alpha, client_for):
    record = record_of(completed(org, now=MARCH_5))
    archivist = UserFactory(
        username="archivist", name="기록관", department=org.root, roles=["staff", "records_manager"]
    )
    client = client_for(alpha)
    login(client, archivist.username)
    response = client.get(f"/records/files/{record.record_file_id}/bagit/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert zipfile.ZipFile(io.BytesIO(response.content)).testzip() is None
    assert AuditEvent.objects.filter(action="record_file.export").count() == 1
    other = client_for(alpha)
    login(other, org.accountant.username)  # 재무부: not the 처리과
    assert other.get(f"/records/files/{record.record_file_id}/bagit/").status_code == 404
