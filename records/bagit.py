"""이관 패키지 (BagIt, RFC 8493, v1.0) of a 기록물철 or of a transfer's files, for a permanent
archive (영구기록물관리기관): a ZIP holding one bag directory with

    bagit.txt             BagIt-Version: 1.0 / Tag-File-Character-Encoding: UTF-8
    bag-info.txt          Source-Organization, Bagging-Date, Payload-Oxum, External-Identifier …
    manifest-sha256.txt   "<sha256>  data/<path>" for every payload file
    tagmanifest-sha256.txt the same for the three tag files above
    data/metadata.json    the file(s) and every record's 등록정보 (the registered checksums too)
    data/<철 번호>/<n>_<등록번호>/본문.html and the stored components (원본, PDF/A 보존본)

The `bagit` library is not installed here; the spec is short enough to write directly. Digests are
computed from the bytes written into the ZIP (so the manifest is true of the package) and the
registered checksum of each component is kept in metadata.json: a component whose stored bytes no
longer match is listed there as `"fixity": "mismatch"`, one missing from storage as `"missing"`.
A destroyed file (평가·폐기) exports its metadata and decision only."""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.files.storage import default_storage
from django.db import connection
from django.utils import timezone

from records.models import Record, RecordFile

BAGIT_TXT = "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"
UNSAFE = re.compile(r"[\\/:*?\"<>|\r\n\t%]+")


def safe_name(text: str) -> str:
    """A path segment for `text`: no separators, control characters or '%' (which the manifest
    would have to percent-encode)."""
    cleaned = UNSAFE.sub("_", text).strip(" .")
    return cleaned[:80] or "_"


@dataclass
class Bag:
    name: str
    payload: dict[str, bytes] = field(default_factory=dict)

    def add(self, path: str, content: bytes) -> str:
        full = f"data/{path}"
        if full in self.payload:
            stem, dot, ext = full.rpartition(".")
            n = 2
            while f"{stem}_{n}{dot}{ext}" in self.payload:
                n += 1
            full = f"{stem}_{n}{dot}{ext}"
        self.payload[full] = content
        return full

    def zip_bytes(self, info: dict[str, str]) -> bytes:
        manifest = "".join(
            f"{hashlib.sha256(content).hexdigest()}  {path}\n" for path, content in sorted(self.payload.items())
        )
        octets = sum(len(c) for c in self.payload.values())
        bag_info = {**info, "Payload-Oxum": f"{octets}.{len(self.payload)}"}
        bag_info_txt = "".join(f"{key}: {value}\n" for key, value in bag_info.items())
        tags = {
            "bagit.txt": BAGIT_TXT.encode(),
            "bag-info.txt": bag_info_txt.encode(),
            "manifest-sha256.txt": manifest.encode(),
        }
        tagmanifest = "".join(f"{hashlib.sha256(content).hexdigest()}  {path}\n" for path, content in tags.items())
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for path, content in tags.items():
                archive.writestr(f"{self.name}/{path}", content)
            archive.writestr(f"{self.name}/tagmanifest-sha256.txt", tagmanifest.encode())
            for path, content in sorted(self.payload.items()):
                archive.writestr(f"{self.name}/{path}", content)
        return buffer.getvalue()


def _read(path: str) -> bytes | None:
    if not path or not default_storage.exists(path):
        return None
    with default_storage.open(path, "rb") as handle:
        return bytes(handle.read())


def _record_entry(bag: Bag, folder: str, index: int, record: Record) -> dict[str, Any]:
    base = f"{folder}/{index:04d}_{safe_name(record.registration_number)}"
    entry: dict[str, Any] = {
        "registration_number": record.registration_number,
        "title": record.title,
        "source": record.source,
        "registered_on": record.registered_on.isoformat(),
        "year": record.year,
        "department": record.department.name,
        "author": record.author_label,
        "unit_task": record.unit_task.code if record.unit_task else "",
        "retention_period": record.retention_period,
        "disclosure": record.disclosure_label,
        "start_date": record.start_date.isoformat(),
        "electronic": record.is_electronic,
        "record_type": record.record_type,
        "pages": record.pages,
        "location": record.location,
        "body_sha256": record.body_sha256,
        "files": [],
    }
    if record.body:
        entry["files"].append({"name": "본문.html", "path": bag.add(f"{base}/본문.html", record.body.encode())})
    for component in record.components or []:
        content = _read(component.get("path", ""))
        item: dict[str, Any] = {"name": component.get("name", ""), "registered_sha256": component.get("sha256", "")}
        if content is None:
            item["fixity"] = "missing"
        else:
            item["path"] = bag.add(f"{base}/{safe_name(item['name'])}", content)
            item["fixity"] = "ok" if hashlib.sha256(content).hexdigest() == item["registered_sha256"] else "mismatch"
        entry["files"].append(item)
    return entry


def _file_entry(bag: Bag, record_file: RecordFile) -> dict[str, Any]:
    folder = safe_name(record_file.number)
    records = (
        Record.objects.filter(record_file=record_file)
        .select_related("department", "unit_task")
        .order_by("registered_on", "pk")
    )
    return {
        "number": record_file.number,
        "title": record_file.title,
        "department": record_file.department.name,
        "department_code": record_file.department.code,
        "unit_task": {"code": record_file.unit_task.code, "name": record_file.unit_task.name},
        "year": record_file.year,
        "electronic": record_file.is_electronic,
        "retention_period": record_file.retention_period,
        "retention_reason": record_file.retention_reason,
        "status": record_file.status,
        "records": [_record_entry(bag, folder, n, r) for n, r in enumerate(records, start=1)],
    }


def build_bag(files: Iterable[RecordFile], *, name: str, identifier: str, now: datetime | None = None) -> bytes:
    """The ZIP of a bag holding `files` (loaded with department and unit task)."""
    now = now or timezone.now()
    bag = Bag(safe_name(name))
    tenant = getattr(connection, "tenant", None)
    organization = str(getattr(tenant, "name", "")) or "기관"
    described = [_file_entry(bag, f) for f in files]
    metadata = {
        "institution": organization,
        "identifier": identifier,
        "exported_at": timezone.localtime(now).isoformat(),
        "record_files": described,
    }
    bag.add("metadata.json", json.dumps(metadata, ensure_ascii=False, indent=2).encode())
    info = {
        "Source-Organization": organization,
        "External-Identifier": identifier,
        "External-Description": "공공기록물 이관 패키지(기록물철·기록물 메타데이터, 원본, PDF/A 보존본)",
        "Bagging-Date": timezone.localdate(now).isoformat(),
        "Bag-Count": "1 of 1",
        "Bag-Group-Identifier": identifier,
    }
    return bag.zip_bytes(info)
