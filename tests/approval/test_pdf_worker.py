"""The official PDF rendered by a real Celery worker listening to the `pdf` queue only.

The worker sees committed data only, so this module provisions its own institution, completes a
document there (the completion sends the job on commit, from inside the institution's schema)
and drops the institution afterwards. The job must run in that institution's schema (its JSON
log line names the schema) and store the file in that institution's media folder.
"""

from __future__ import annotations

import hashlib
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone
from django_tenants.utils import schema_context

from approval.models import DocumentPdf, DocumentStatus
from approval.services import document_approve
from tenants.models import Institution, InstitutionKind
from tenants.services import institution_create
from tests.factories.approval import org_chart, submitted
from tests.workers import WAIT_SECONDS, celery_worker
from tests.workers import json_lines as _json_lines

CODE = "jobpdf"

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


@pytest.fixture(scope="module")
def media_root(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("pdf-media")


@pytest.fixture
def pdf_worker(tmp_path: Path, media_root: Path):
    """A worker on the `pdf` queue alone (so it takes no other suite's default-queue jobs)."""
    with celery_worker(tmp_path / "worker.log", name="pdf", queues="pdf", media_root=media_root) as log:
        yield log


@pytest.fixture(scope="module")
def completed_document(django_db_setup, django_db_blocker):
    """A document completed (and committed) in a fresh institution: its render job is queued."""
    with django_db_blocker.unblock():
        created = institution_create(code=CODE, name="문서시험원", kind=InstitutionKind.AGENCY).institution
        try:
            with schema_context(CODE):
                org = org_chart()
                now = timezone.now() - timedelta(minutes=5)
                document = submitted(org, title="작업자 렌더링 시험", now=now)
                document_approve(document=document, actor=org.lead, now=now)
                document = document_approve(document=document, actor=org.manager, now=now)
                assert document.status == DocumentStatus.COMPLETED
                document_pk = document.pk
            connection.set_schema_to_public()
            yield document_pk
        finally:
            connection.set_schema_to_public()
            Institution.objects.get(pk=created.pk).delete(force_drop=True)


def test_the_worker_renders_the_pdf_in_the_institutions_schema(completed_document, pdf_worker, media_root):
    deadline = time.monotonic() + WAIT_SECONDS
    rendered: list[dict] = []
    while time.monotonic() < deadline and not rendered:
        rendered = [
            e
            for e in _json_lines(pdf_worker)
            if e.get("message") == "document pdf rendered" and e.get("document") == completed_document
            and e.get("schema") == CODE
        ]  # fmt: skip
        time.sleep(0.3)
    assert rendered, pdf_worker.read_text()[-3000:]

    with schema_context(CODE):
        record = DocumentPdf.objects.get(document_id=completed_document)
        stored = media_root / CODE / record.file.name
        content = stored.read_bytes()
    assert hashlib.sha256(content).hexdigest() == record.sha256
    assert content.startswith(b"%PDF")
    assert record.render_ms > 0
