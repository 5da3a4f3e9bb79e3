"""Celery against a real worker process and the real (embedded or given) Redis.

The worker runs the test settings against the test database, so it sees the session's committed
institutions. It proves three things: the health probe reports a live worker, a province-level
job fans out one message per schema, and each fanned-out job ran inside the schema it was sent
from (its JSON log line names the schema).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection
from django_tenants.utils import schema_context

from audit.tasks import verify_all_chains
from config.celery import app
from core.jobs import WrongSchemaError, job

WAIT_SECONDS = 45


@job("tests.schema_probe")
def schema_probe() -> str:
    return connection.schema_name


def test_institution_job_refuses_the_public_schema(alpha):
    with pytest.raises(WrongSchemaError):
        schema_probe()
    with schema_context(alpha.schema_name):
        assert schema_probe() == "alpha"


def _database_url() -> str:
    db = connection.settings_dict
    auth = quote(db["USER"]) + (f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else "")
    if db["HOST"].startswith("/"):
        return f"postgresql://{auth}@/{db['NAME']}?host={db['HOST']}"
    return f"postgresql://{auth}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def worker(tmp_path: Path):
    log = tmp_path / "worker.log"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings_test",
        "DATABASE_URL": _database_url(),
        "REDIS_URL": settings.REDIS_URL,
        "ALLOW_INSECURE_DEV_KEY": "1",
    }
    with log.open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool", "solo", "--loglevel", "INFO",
             "--without-gossip", "--without-mingle", "--hostname", f"pytest-{os.getpid()}@%h"],
            env=env, stdout=out, stderr=subprocess.STDOUT, cwd=settings.BASE_DIR,
        )  # fmt: skip
    try:
        deadline = time.monotonic() + WAIT_SECONDS
        while not app.control.ping(timeout=0.5):
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the Celery worker did not answer:\n{log.read_text()[-3000:]}")
        yield log
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()


def _json_lines(log: Path) -> list[dict]:
    lines = []
    for line in log.read_text().splitlines():
        if line.startswith("{"):
            try:
                lines.append(json.loads(line))
            except json.JSONDecodeError:
                continue
    return lines


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
