"""Serving a stored private file (an attachment, an official PDF) or a generated export (XLSX,
CSV, a report's PDF) to someone the caller has already authorised: never a public media URL,
never kept by a browser's or a shared cache (an export of 비공개 figures must not outlive the
session on a shared PC), and a file missing from storage is a Korean 404, not a 500."""

from __future__ import annotations

from urllib.parse import quote

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpResponse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _


def private_file_response(
    field_file: FieldFile,
    *,
    filename: str,
    content_type: str,
    as_attachment: bool = True,
    missing: str | None = None,
) -> FileResponse:
    """The file as a download named `filename` (or shown in the browser with as_attachment=False).
    `missing` is the 404's message when storage no longer has the file."""
    try:
        handle = field_file.open("rb")
    except FileNotFoundError as exc:
        raise Http404(missing or _("파일을 찾을 수 없습니다.")) from exc
    response = FileResponse(handle, as_attachment=as_attachment, filename=filename, content_type=content_type)
    patch_cache_control(response, private=True, no_store=True)
    return response


def generated_download(content: bytes, *, filename: str, content_type: str) -> HttpResponse:
    """Bytes made for this request (an XLSX, a CSV, a report's PDF) as an attachment named
    `filename` (Korean allowed: RFC 5987), private and never stored by a cache."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    patch_cache_control(response, private=True, no_store=True)
    return response
