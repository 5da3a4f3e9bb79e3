"""What every PDF needs from the machine: the embedded Korean font, cut down to the glyphs used.

WeasyPrint subsets the font with HarfBuzz when ``libharfbuzz-subset0`` is installed and with
fontTools when it is not (a fresh machine: same file, about 25 times slower to render; see
docs/PERFORMANCE.md). The suite must pass either way, so the second test runs the first in a
session where the library is hidden (tests/no_harfbuzz_subset.py), whatever this machine has."""

from __future__ import annotations

import io
import subprocess
import sys

from django.conf import settings
from pypdf import PdfReader

from core.pdf import FONT_PATH, FONT_URL, html_to_pdf

HTML = f"""<!doctype html><html><head><style>
@font-face {{ font-family: "Noto Serif KR"; src: url("{FONT_URL}"); }}
body {{ font-family: "Noto Serif KR"; }}
</style></head><body><p>경상북도 산하 공공기관 기안문 시험</p></body></html>"""


def test_a_korean_pdf_embeds_only_the_glyphs_it_uses():
    pdf = html_to_pdf(HTML)

    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "경상북도 산하 공공기관 기안문 시험" in text
    # The whole font is several megabytes; a page of text embeds a few dozen glyphs of it.
    assert FONT_PATH.stat().st_size > 5_000_000
    assert len(pdf) < 200_000


def test_the_suite_renders_pdfs_without_libharfbuzz_subset():
    """A fresh machine lacks the library: WeasyPrint warns on import (the suite treats warnings as
    errors, except this one, on purpose) and subsets with fontTools."""
    nested = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:randomly",
            "-p",
            "tests.no_harfbuzz_subset",
            f"{__file__}::test_a_korean_pdf_embeds_only_the_glyphs_it_uses",
        ],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=300,
    )

    assert nested.returncode == 0, nested.stdout[-3000:] + nested.stderr[-3000:]
    assert "1 passed" in nested.stdout
    assert "weasyprint: libharfbuzz-subset loaded=False" in nested.stdout
