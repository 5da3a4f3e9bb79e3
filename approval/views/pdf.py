"""The official PDF (기안문/시행문) of a completed document, served to whoever may read it."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from approval.pdf import pdf_response, stored_pdf
from approval.permissions import access_document


@require_GET
def download(request: HttpRequest, pk: int) -> FileResponse:
    """The stored file is the record: it is served as rendered, never re-rendered on request.
    404 for a document the user may not read, and while the PDF is still being rendered."""
    document = access_document(request.user, pk)
    if document.disposed_at is not None:
        raise Http404(_("기록물 폐기 절차에 따라 폐기된 문서입니다. 등록 정보만 남아 있습니다."))
    record = stored_pdf(document)
    if record is None:
        raise Http404(_("공문서 PDF가 아직 만들어지지 않았습니다. 잠시 후 다시 시도하세요."))
    return pdf_response(record, as_attachment=request.GET.get("inline") != "1")
