"""Celery against a real worker process and the real (embedded or given) Redis.

The worker runs the test settings against the test database, so it sees the session's committed
institutions. It proves three things: the health probe reports a live worker, a province-level
job fans out one message per schema, and each fanned-out job ran inside the schema it was sent
from (its JSON log line names the schema).
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from django.db import connection
from django_tenants.utils import schema_context

from audit.tasks import verify_all_chains
from core.jobs import WrongSchemaError, job
from tests.workers import WAIT_SECONDS, celery_worker
from tests.workers import json_lines as _json_lines


@job("tests.schema_probe")
def schema_probe() -> str:
    return connection.schema_name


def test_institution_job_refuses_the_public_schema(alpha):
    with pytest.raises(WrongSchemaError):
        schema_probe()
    with schema_context(alpha.schema_name):
        assert schema_probe() == "alpha"


@pytest.fixture
def worker(tmp_path: Path):
    with celery_worker(tmp_path / "worker.log", name="core") as log:
        yield log


@pytest.mark.slow
def test_health_reports_the_live_worker(worker, alpha, client_for):
    response = client_for(alpha).get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "schema": "alpha", "database": True, "redis": True, "celery": True}


@pytest.mark.slow
def test_nightly_verification_fans_out_into_every_schema(worker, alpha, beta):
    verify_all_chains.delay()
    wanted = {"public", "alpha", "beta"}
    deadline = time.monotonic() + WAIT_SECONDS
    seen: set[str] = set()
    while time.monotonic() < deadline and not wanted <= seen:
        seen = {entry["schema"] for entry in _json_lines(worker) if entry.get("message") == "audit chain intact"}
        time.sleep(0.3)
    assert wanted <= seen, worker.read_text()[-3000:]
    # Each institution's job checked that institution's own chain (it has entries from provisioning
    # and the session's role grants), not the province's.
    checked = {e["schema"]: e["checked"] for e in _json_lines(worker) if e.get("message") == "audit chain intact"}
    assert checked["alpha"] > 0
    assert checked["beta"] > 0
