"""Reading a sender's files for delivery. Files are not tables: the delivery job, running in the
receiver's schema, reads the sender's stored files by the relative paths the payload names, from
the sender's own media folder (the same folder TenantFileSystemStorage writes for that schema),
and checks each against the SHA-256 the sender recorded."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class FileCheckError(RuntimeError):
    """A sender's file is missing or is not the file the sender recorded."""


@dataclass(frozen=True)
class CarriedFile:
    name: str
    content_type: str
    sha256: str
    content: bytes

    @property
    def size(self) -> int:
        return len(self.content)


def sender_storage(schema_name: str) -> FileSystemStorage:
    relative = getattr(settings, "MULTITENANT_RELATIVE_MEDIA_ROOT", "%s")
    return FileSystemStorage(location=os.path.join(settings.MEDIA_ROOT, relative.replace("%s", schema_name)))


def read_sender_file(schema_name: str, entry: dict, *, default_name: str = "") -> CarriedFile:
    """The bytes of one file the payload lists ({path, sha256, name?, content_type?}). The storage
    refuses a path that leaves the sender's folder (SuspiciousFileOperation)."""
    storage = sender_storage(schema_name)
    try:
        with storage.open(entry["path"], "rb") as handle:
            content = handle.read()
    except FileNotFoundError as exc:
        raise FileCheckError(f"sender file missing: {entry['path']}") from exc
    digest = hashlib.sha256(content).hexdigest()
    if digest != entry["sha256"]:
        raise FileCheckError(f"sender file changed: {entry['path']} has {digest}, recorded {entry['sha256']}")
    return CarriedFile(
        name=entry.get("name") or default_name,
        content_type=entry.get("content_type") or "application/octet-stream",
        sha256=digest,
        content=content,
    )
