"""Checks every uploaded attachment passes before it is stored: a size limit, an allowlist of the
formats Korean offices use (by extension *and* by the file's first bytes, so a renamed
executable is refused), and its SHA-256, which is stored with it.

Error messages are Korean and name the file, so a form can show them next to the field.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

# Office containers: OLE compound file (hwp, doc, xls, ppt) and ZIP (hwpx, docx, xlsx, pptx, odf).
_OLE = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)
_ZIP = (b"PK\x03\x04",)
_SIGNATURES: dict[str, tuple[bytes, ...] | None] = {
    "hwp": _OLE,
    "hwpx": _ZIP,
    "pdf": (b"%PDF-",),
    "doc": _OLE,
    "docx": _ZIP,
    "xls": _OLE,
    "xlsx": _ZIP,
    "ppt": _OLE,
    "pptx": _ZIP,
    "odt": _ZIP,
    "ods": _ZIP,
    "odp": _ZIP,
    "zip": _ZIP,
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "gif": (b"GIF87a", b"GIF89a"),
    "mp3": (b"ID3", b"\xff\xfb", b"\xff\xf3", b"\xff\xf2"),
    "wav": (b"RIFF",),
    "m4a": None,  # ISO media: "ftyp" at offset 4, checked below
    "txt": None,  # text: must decode, checked below
    "csv": None,
}
ALLOWED_EXTENSIONS = tuple(_SIGNATURES)
_CONTENT_TYPES = {
    "hwp": "application/x-hwp",
    "hwpx": "application/hwp+zip",
    "pdf": "application/pdf",
    "doc": "application/msword",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xls": "application/vnd.ms-excel",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ppt": "application/vnd.ms-powerpoint",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odp": "application/vnd.oasis.opendocument.presentation",
    "zip": "application/zip",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
    "mp3": "audio/mpeg",
    "wav": "audio/wav",
    "m4a": "audio/mp4",
    "txt": "text/plain; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
}


@dataclass(frozen=True)
class CheckedUpload:
    file: UploadedFile
    original_name: str
    content_type: str
    size: int
    sha256: str


def _extension(name: str) -> str:
    return os.path.splitext(name)[1].lower().lstrip(".")


def _looks_like(extension: str, head: bytes) -> bool:
    signatures = _SIGNATURES[extension]
    if signatures is not None:
        return head.startswith(signatures)
    if extension == "m4a":
        return head[4:8] == b"ftyp"
    if b"\x00" in head:
        return False
    for encoding in ("utf-8", "cp949"):  # text: UTF-8 or the CP949 Korean Excel writes
        try:
            head.decode(encoding)
            return True
        except UnicodeDecodeError as exc:
            if exc.start >= len(head) - 3:  # the sample cut a character in two
                return True
    return False


def check_upload(upload: UploadedFile) -> CheckedUpload:
    """Validate one upload and compute its SHA-256, or raise ValidationError in Korean."""
    name = os.path.basename(upload.name or "")[:255]
    limit = settings.ATTACHMENT_MAX_BYTES
    if upload.size is None or upload.size == 0:
        raise ValidationError(_("%(name)s: 빈 파일은 첨부할 수 없습니다.") % {"name": name})
    if upload.size > limit:
        raise ValidationError(
            _("%(name)s: 파일 하나는 %(mb)dMB까지 첨부할 수 있습니다.") % {"name": name, "mb": limit // (1024 * 1024)}
        )
    extension = _extension(name)
    if extension not in _SIGNATURES:
        raise ValidationError(
            _("%(name)s: 첨부할 수 없는 형식입니다. 가능한 형식: %(list)s")
            % {"name": name, "list": ", ".join(ALLOWED_EXTENSIONS)}
        )
    upload.seek(0)
    head = upload.read(4096)
    if not _looks_like(extension, head):
        raise ValidationError(
            _("%(name)s: 파일 내용이 확장자(%(ext)s)와 맞지 않습니다.") % {"name": name, "ext": extension}
        )
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return CheckedUpload(
        file=upload,
        original_name=name,
        content_type=_CONTENT_TYPES[extension],
        size=upload.size,
        sha256=digest.hexdigest(),
    )
