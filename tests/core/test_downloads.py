"""core.downloads.private_file_response: a stored private file goes out as a download (or inline)
under its given name, never kept by a shared cache, and a file gone from storage is a Korean 404."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.db.models.fields.files import FieldFile
from django.http import Http404

from core.downloads import private_file_response

# Closing a response tells Django the request finished, which checks the database connection.
pytestmark = pytest.mark.django_db


class _Owner:
    """What a FieldFile needs of the model field it belongs to."""

    def __init__(self, storage):
        self.storage = storage


@pytest.fixture
def stored(tmp_path):
    storage = FileSystemStorage(location=tmp_path)
    name = storage.save("attachments/결과보고서.hwp", ContentFile(b"HWP document bytes"))
    return FieldFile(None, _Owner(storage), name)


def test_the_file_goes_out_as_a_private_download_under_its_name(stored):
    response = private_file_response(stored, filename="결과 보고서.hwp", content_type="application/x-hwp")
    assert b"".join(response.streaming_content) == b"HWP document bytes"
    response.close()
    assert response["Content-Type"] == "application/x-hwp"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''%EA%B2%B0%EA%B3%BC%20%EB%B3%B4%EA%B3%A0%EC%84%9C.hwp" in response["Content-Disposition"]
    assert "private" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]


def test_inline_shows_it_in_the_browser(stored):
    response = private_file_response(stored, filename="a.pdf", content_type="application/pdf", as_attachment=False)
    response.close()
    assert response["Content-Disposition"].startswith("inline;")


def test_a_file_gone_from_storage_is_a_korean_404(stored):
    stored.storage.delete(stored.name)
    with pytest.raises(Http404, match=r"^파일을 찾을 수 없습니다\.$"):
        private_file_response(stored, filename="a.hwp", content_type="application/x-hwp")
    with pytest.raises(Http404, match=r"^첨부파일을 찾을 수 없습니다\.$"):
        private_file_response(
            stored, filename="a.hwp", content_type="application/x-hwp", missing="첨부파일을 찾을 수 없습니다."
        )
