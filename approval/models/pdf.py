"""The official PDF (기안문/시행문) of a completed document: rendered once by the `pdf` Celery
queue (approval.tasks.render_pdf) and kept as the record. It is never re-rendered: the one-to-one
(UNIQUE) link to the document makes a second render a no-op, and the SHA-256 kept with the file
shows whether the stored file is still the one that was rendered."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


def _pdf_upload_to(instance: DocumentPdf, filename: str) -> str:
    # TenantFileSystemStorage puts this under the institution's own folder; the name carries the
    # document id, so two documents never share a file.
    return f"approval/pdf/{instance.document_id}/{filename}"


class DocumentPdf(models.Model):
    document = models.OneToOneField(
        "approval.Document", verbose_name=_("문서"), on_delete=models.PROTECT, related_name="pdf"
    )
    file = models.FileField(_("파일"), upload_to=_pdf_upload_to, max_length=200)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveBigIntegerField(_("크기(바이트)"))
    rendered_at = models.DateTimeField(_("생성일시"))
    render_ms = models.PositiveIntegerField(_("생성 시간(ms)"))

    class Meta:
        verbose_name = _("공문서 PDF")
        verbose_name_plural = _("공문서 PDF")

    def __str__(self) -> str:
        return f"{self.document_id}.pdf"
