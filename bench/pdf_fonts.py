"""What the official PDF needs from the host: the 기안문 of demo documents rendered three ways.

    .venv/bin/python -m bench.pdf_fonts [--schema gbdc] [--documents 20]

Reads (never writes) completed documents of one institution of the seeded demo (`make run` or
`manage.py seed_demo` first; the database of DATABASE_URL, or the embedded one) and renders each
one's PDF in memory with `approval.pdf.render_document_pdf`, in a fresh process per way:

- ``harfbuzz``: as on a host with ``libharfbuzz-subset0`` (the embedded Korean font is cut down to
  the glyphs used by HarfBuzz);
- ``fonttools``: as on a host without it. The library is hidden from WeasyPrint before it loads
  (tests/no_harfbuzz_subset.py: its loader finds nothing), which is exactly what happens on such a
  host: WeasyPrint warns and subsets with fontTools instead;
- ``full``: no subsetting at all (``full_fonts``), the whole Noto Serif KR embedded.

Prints size and render time per way (the first render of a process loads the font and is
reported apart).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

WAYS = ("harfbuzz", "fonttools", "full")


def _render(way: str, schema: str, count: int) -> dict:
    if way == "fonttools":
        from tests.no_harfbuzz_subset import hide_harfbuzz_subset

        hide_harfbuzz_subset()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("ALLOW_INSECURE_DEV_KEY", "1")
    import warnings

    warnings.simplefilter("ignore", DeprecationWarning)  # the HarfBuzz-Subset notice, on purpose here
    import django

    django.setup()
    import logging

    logging.getLogger("weasyprint").setLevel(logging.ERROR)  # one fontTools warning per render
    from django.template.loader import render_to_string
    from django_tenants.utils import schema_context
    from weasyprint import HTML
    from weasyprint.text import ffi

    from approval.models import Document, DocumentStatus
    from approval.pdf import document_context
    from core.pdf import FONT_PATH, font_only_fetcher

    sizes, timings = [], []
    with schema_context(schema):
        documents = list(
            Document.objects.filter(status=DocumentStatus.COMPLETED).select_related("department", "drafter")[:count]
        )
        if not documents:
            raise SystemExit(f"{schema}: no completed documents (seed the demo first)")
        for document in documents:
            html = render_to_string("approval/pdf/document.html", document_context(document))
            started = time.perf_counter()
            pdf = HTML(string=html, url_fetcher=font_only_fetcher(), base_url=str(FONT_PATH.parent)).write_pdf(
                full_fonts=way == "full"
            )
            timings.append((time.perf_counter() - started) * 1000)
            sizes.append(len(pdf))
    return {
        "way": way,
        "harfbuzz_subset_loaded": ffi.harfbuzz_subset is not None,
        "documents": len(sizes),
        "first_ms": timings[0],
        "warm_ms": statistics.median(timings[1:] or timings),
        "median_bytes": statistics.median(sizes),
        "max_bytes": max(sizes),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--schema", default="gbdc")
    parser.add_argument("--documents", type=int, default=20)
    parser.add_argument("--way", choices=WAYS, help=argparse.SUPPRESS)  # one way, in a child process
    args = parser.parse_args()
    if args.way:
        print(json.dumps(_render(args.way, args.schema, args.documents)))
        return
    rows = []
    for way in WAYS:
        child = subprocess.run(
            [sys.executable, "-m", "bench.pdf_fonts", "--way", way, "--schema", args.schema, "--documents",
             str(args.documents)],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        if child.returncode:
            sys.exit(child.stderr[-2000:])
        rows.append(json.loads(child.stdout.strip().splitlines()[-1]))
    print(f"{args.schema}: {rows[0]['documents']} completed documents, rendered in memory")
    print(f"{'way':<10} {'HarfBuzz-Subset':>15} {'median KiB':>11} {'max KiB':>8} {'first ms':>9} {'warm ms':>8}")
    for row in rows:
        print(
            f"{row['way']:<10} {'loaded' if row['harfbuzz_subset_loaded'] else 'missing':>15} "
            f"{row['median_bytes'] / 1024:>11.1f} {row['max_bytes'] / 1024:>8.1f} "
            f"{row['first_ms']:>9.0f} {row['warm_ms']:>8.0f}"
        )


if __name__ == "__main__":
    main()
