"""Files attached to work items. Stored per institution (the storage puts them under
MEDIA_ROOT/<schema>/) and served only through views that authorise the reader."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


def _upload_to(instance: StoredFile, filename: str) -> str:
    # The stored name is the checksum, never the uploader's file name (no path tricks, no clashes
    # between two files called 보고서.hwp); the original name is kept in `original_name`.
    return f"tasks/{instance._meta.model_name}/{instance.sha256[:2]}/{instance.sha256}"


class StoredFile(models.Model):
    file = models.FileField(_("파일"), upload_to=_upload_to, max_length=200)
    original_name = models.CharField(_("파일명"), max_length=255)
    content_type = models.CharField(_("형식"), max_length=100)
    size = models.PositiveBigIntegerField(_("크기(바이트)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey("org.User", null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(_("올린 일시"), auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.original_name
