"""Payslip PDFs in bulk: after 확정 every slip of the run is rendered by the workers on the `pdf`
queue, stored (payroll.models.PayslipPdf) and announced to its owner ("3월 급여명세서").

- `payslips_render_enqueue(run)` is the public face: 확정 calls it in its transaction; it sends one
  message per RENDER_CHUNK slips still without a PDF, after the commit (the worker must see the
  finalised run). Calling it again (a lost message, a worker that died) sends only what is missing.
- A chunk is idempotent: each slip is rendered under its row lock, and a slip that already has
  its PDF is skipped, so a chunk delivered twice renders and notifies once. The UNIQUE one-to-one
  of PayslipPdf is the backstop.
- The PDF is the same document the slip page offers (`payroll/slip_pdf.html`, `slip_pdf_bytes`).
  A chunk renders its slips as one WeasyPrint document (`slips_pdf_bytes`: the template, the CSS
  and the font are parsed once and the font subset made once) and cuts it into one PDF per slip;
  measured in docs/PERFORMANCE.md against one document a slip.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import io
from collections.abc import Sequence
from typing import Any

from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from core.pdf import FONT_PATH, FONT_URL, font_only_fetcher, html_to_pdf
from payroll.models import PayrollRun, Payslip, PayslipPdf, RunKind
from payroll.selectors import run_is_finalised, slip_lines

RENDER_CHUNK = 50
NOTIFICATION_CATEGORY = "payroll.payslip"


class PayslipRenderError(Exception):
    """A bulk render refused, with its Korean message."""


def institution_name() -> str:
    """The institution of the current schema (a worker has no request to ask)."""
    from django_tenants.utils import get_tenant_model

    schema = connection.schema_name  # type: ignore[attr-defined]  # django-tenants' connection knows its schema
    names = get_tenant_model().objects.filter(schema_name=schema).values_list("name", flat=True)
    return names.first() or ""


def slip_pdf_bytes(slip: Payslip, *, institution: str, printed_on: datetime.date | None = None) -> bytes:
    """The slip's PDF (WeasyPrint, the embedded Korean font): its items, deductions and the
    calculation basis of each line (시간외 as hours × rate, 근로기준법 §48)."""
    html = render_to_string(
        "payroll/slip_pdf.html",
        {
            "slip": slip,
            "lines": slip_lines(slip),
            "font_url": FONT_URL,
            "institution_name": institution,
            "printed_on": printed_on or timezone.localdate(),
        },
    )
    return html_to_pdf(html)


def slips_pdf_bytes(
    slips: Sequence[Payslip], *, institution: str, printed_on: datetime.date | None = None
) -> dict[int, bytes]:
    """Several slips' PDFs by slip id, rendered as one document (one section a slip, each from a
    new page) and cut per slip: each slip's pages start at the page holding its section's anchor.
    Each PDF reads as `slip_pdf_bytes`'s would (the same template and text); its file carries the
    font subset of the whole batch, which is about the size of one slip's."""
    from pypdf import PdfReader, PdfWriter
    from weasyprint import HTML

    if not slips:
        return {}
    html = render_to_string(
        "payroll/slip_pdf.html",
        {
            "entries": [{"slip": slip, "lines": slip_lines(slip)} for slip in slips],
            "font_url": FONT_URL,
            "institution_name": institution,
            "printed_on": printed_on or timezone.localdate(),
        },
    )
    document = HTML(string=html, url_fetcher=font_only_fetcher(), base_url=str(FONT_PATH.parent)).render()
    starts: dict[int, int] = {}
    for number, page in enumerate(document.pages):
        for anchor in page.anchors:
            if anchor.startswith("slip-"):
                starts.setdefault(int(anchor.removeprefix("slip-")), number)
    reader = PdfReader(io.BytesIO(document.write_pdf()))
    bounds = sorted((starts[slip.pk], slip) for slip in slips)
    result = {}
    for index, (first, slip) in enumerate(bounds):
        last = bounds[index + 1][0] if index + 1 < len(bounds) else len(reader.pages)
        writer = PdfWriter()
        for number in range(first, last):
            writer.add_page(reader.pages[number])
        writer.add_metadata({"/Title": f"{slip.month.year}년 {slip.month.month}월 급여명세서"})
        out = io.BytesIO()
        writer.write(out)
        result[slip.pk] = out.getvalue()
    return result


def slip_pdf_name(slip: Payslip) -> str:
    return f"급여명세서_{slip.month:%Y-%m}_{slip.user.name}.pdf"


def notification_title(run: PayrollRun) -> str:
    suffix = "" if run.kind == RunKind.REGULAR else f" ({run.get_kind_display()})"
    return f"{run.month.month}월 급여명세서{suffix}"


def slips_without_pdf(run: PayrollRun) -> list[int]:
    return list(Payslip.objects.filter(run=run, pdf__isnull=True).order_by("pk").values_list("pk", flat=True))


def payslips_render_enqueue(run: PayrollRun) -> int:
    """Send the run's slips still without a PDF to the `pdf` queue, RENDER_CHUNK a message, once
    the caller's transaction commits. Returns the number of messages. Refused (PayslipRenderError)
    unless the run is finalised: a slip under review may still change."""
    from payroll.tasks import render_payslips

    if not run_is_finalised(run):
        raise PayslipRenderError("확정된 급여만 급여명세서 PDF를 만들 수 있습니다.")
    pending = slips_without_pdf(run)
    chunks = [pending[i : i + RENDER_CHUNK] for i in range(0, len(pending), RENDER_CHUNK)]
    for chunk in chunks:
        send = functools.partial(render_payslips.apply_async, (run.pk, chunk), queue="pdf")
        transaction.on_commit(send, robust=True)
    return len(chunks)


def _store(slip: Payslip, content: bytes, *, notify_owner: bool) -> str:
    """Keep one slip's PDF and announce it; returns the stored file's name. The caller holds the
    slip's row lock, in its transaction."""
    from notifications.services import notify

    record = PayslipPdf(
        slip=slip,
        run=slip.run,
        sha256=hashlib.sha256(content).hexdigest(),
        size=len(content),
        rendered_at=timezone.now(),
    )
    record.file.save(f"{slip.month:%Y-%m}.pdf", ContentFile(content), save=False)
    stored = record.file.name
    try:
        record.save()
    except Exception:
        record.file.storage.delete(stored)  # no orphan file beside a refused row
        raise
    if notify_owner:
        notify(
            recipients=[slip.user],
            category=NOTIFICATION_CATEGORY,
            title=notification_title(slip.run),
            body=f"실지급액 {slip.net_amount:,}원",
            url=reverse("payroll:slip_detail", args=[slip.pk]),
        )
    return str(stored)


def payslip_pdf_store(slip_id: int, *, institution: str, notify_owner: bool = True) -> bool:
    """Render, store and announce one slip's PDF, once. Returns whether this call made it (False
    for a slip already rendered, gone, or whose run is not finalised)."""
    with transaction.atomic():
        slip = Payslip.objects.select_for_update(of=("self",)).select_related("run", "user").filter(pk=slip_id).first()
        if slip is None or not run_is_finalised(slip.run) or PayslipPdf.objects.filter(slip=slip).exists():
            return False
        _store(slip, slip_pdf_bytes(slip, institution=institution), notify_owner=notify_owner)
    return True


def payslips_render_chunk(*, run_id: int, slip_ids: Sequence[int], notify_owner: bool = True) -> int:
    """Render one chunk of a run's slips (the `pdf` queue's job) as one document cut per slip
    (`slips_pdf_bytes`), then store and announce each. Returns how many were new. The chunk's
    slips are locked together (pk order), so a second delivery waits and then finds them done;
    a failure rolls the whole chunk back and removes the files it had stored."""
    name = institution_name()
    with transaction.atomic():
        slips = list(
            Payslip.objects.select_for_update(of=("self",))
            .select_related("run", "user")
            .prefetch_related("lines")
            .filter(run_id=run_id, pk__in=list(slip_ids))
            .order_by("pk")
        )
        done = set(PayslipPdf.objects.filter(slip__in=slips).values_list("slip_id", flat=True))
        slips = [slip for slip in slips if slip.pk not in done]
        if not slips or not run_is_finalised(slips[0].run):
            return 0
        contents = slips_pdf_bytes(slips, institution=name)
        stored: list[str] = []
        try:
            for slip in slips:
                stored.append(_store(slip, contents[slip.pk], notify_owner=notify_owner))
        except Exception:
            storage = PayslipPdf._meta.get_field("file").storage
            for file_name in stored:
                storage.delete(file_name)
            raise
    return len(slips)


def stored_slip_pdf(slip: Payslip) -> PayslipPdf | None:
    return PayslipPdf.objects.filter(slip=slip).first()


def render_progress(run: PayrollRun) -> dict[str, Any]:
    """How many of the run's slips have their PDF (for the run's reports page)."""
    total = Payslip.objects.filter(run=run).count()
    done = PayslipPdf.objects.filter(run=run).count()
    return {"total": total, "done": done}
