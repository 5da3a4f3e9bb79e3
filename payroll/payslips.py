"""Payslip PDFs in bulk: after 확정 every slip of the run is rendered by the workers on the `pdf`
queue, stored (payroll.models.PayslipPdf) and announced to its owner ("3월 급여명세서").

- `payslips_render_enqueue(run)` is the public face: 확정 calls it in its transaction; it sends one
  message per RENDER_CHUNK slips still without a PDF, after the commit (the worker must see the
  finalised run). Calling it again (a lost message, a worker that died) sends only what is missing.
- A chunk is idempotent: each slip is rendered under its row lock, and a slip that already has
  its PDF is skipped, so a chunk delivered twice renders and notifies once. The UNIQUE one-to-one
  of PayslipPdf is the backstop.
- The PDF is the same document the slip page offers (`payroll/slip_pdf.html`, `slip_pdf_bytes`).
"""

from __future__ import annotations

import datetime
import functools
import hashlib
from collections.abc import Sequence
from typing import Any

from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from core.pdf import FONT_URL, html_to_pdf
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


def payslip_pdf_store(slip_id: int, *, institution: str, notify_owner: bool = True) -> bool:
    """Render, store and announce one slip's PDF, once. Returns whether this call made it (False
    for a slip already rendered, gone, or whose run is not finalised)."""
    from notifications.services import notify

    with transaction.atomic():
        slip = Payslip.objects.select_for_update(of=("self",)).select_related("run", "user").filter(pk=slip_id).first()
        if slip is None or not run_is_finalised(slip.run) or PayslipPdf.objects.filter(slip=slip).exists():
            return False
        content = slip_pdf_bytes(slip, institution=institution)
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
    return True


def payslips_render_chunk(*, run_id: int, slip_ids: Sequence[int], notify_owner: bool = True) -> int:
    """Render one chunk of a run's slips (the `pdf` queue's job). Returns how many were new."""
    name = institution_name()
    ids = Payslip.objects.filter(run_id=run_id, pk__in=list(slip_ids)).order_by("pk").values_list("pk", flat=True)
    return sum(payslip_pdf_store(pk, institution=name, notify_owner=notify_owner) for pk in ids)


def stored_slip_pdf(slip: Payslip) -> PayslipPdf | None:
    return PayslipPdf.objects.filter(slip=slip).first()


def render_progress(run: PayrollRun) -> dict[str, Any]:
    """How many of the run's slips have their PDF (for the run's reports page)."""
    total = Payslip.objects.filter(run=run).count()
    done = PayslipPdf.objects.filter(run=run).count()
    return {"total": total, "done": done}
