"""What every PDF the system renders shares: the embedded Korean font (Noto Serif KR from
`pylopdf-fonts-ko`; machines have no CJK font) and a fetcher that loads that font and nothing
else, so no text in a document can make the renderer reach the network or another file."""

from __future__ import annotations

from typing import Any

import pylopdf_fonts_ko

FONT_PATH = pylopdf_fonts_ko.serif_path()
FONT_URL = FONT_PATH.resolve().as_uri()

# The named destination (an HTML id WeasyPrint writes into the PDF) of the blank after "접수" in
# a 기안문's 결문: the sender's PDF leaves it empty, the receiver's copy gets its 접수등록번호
# there. Shared here because the two sides (approval.pdf, receipts.stamp) import nothing of
# each other.
RECEIPT_SLOT = "receipt-slot"


class RenderError(RuntimeError):
    pass


def font_only_fetcher() -> Any:
    from weasyprint import URLFetcher

    class FontOnlyFetcher(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> Any:
            if url != FONT_URL:
                raise RenderError(f"refused to fetch {url!r} while rendering a document")
            return super().fetch(url, headers)

    return FontOnlyFetcher(allowed_protocols=("file",))


def html_to_pdf(html: str, *, variant: str | None = None) -> bytes:
    """Render HTML that names the font by FONT_URL (in @font-face) into PDF bytes. `variant` names
    a WeasyPrint PDF variant, e.g. "pdf/a-1b" for a preservation copy (records.preservation)."""
    from weasyprint import HTML

    document = HTML(string=html, url_fetcher=font_only_fetcher(), base_url=str(FONT_PATH.parent))
    return document.write_pdf(pdf_variant=variant) if variant else document.write_pdf()
