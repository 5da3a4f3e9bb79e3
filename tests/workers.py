"""A real Celery worker process for the tests that need one (STYLE: one integration test per job
runs a real worker against real Redis). It runs the test settings against the test database, so
it sees what the session committed, and listens to the queues the test names."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

WAIT_SECONDS = 45


def database_url() -> str:
    """The test database, as the worker process must reach it."""
    db = connection.settings_dict
    auth = quote(db["USER"]) + (f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else "")
    if db["HOST"].startswith("/"):
        return f"postgresql://{auth}@/{db['NAME']}?host={db['HOST']}"
    return f"postgresql://{auth}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


@contextmanager
def celery_worker(log: Path, *, name: str, queues: str | None = None, media_root: Path | None = None) -> Iterator[Path]:
    """Start a solo-pool worker (on `queues`, default: the default queue), wait until it answers
    a ping, yield its log file, and stop it afterwards."""
    from config.celery import app

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings_test",
        "DATABASE_URL": database_url(),
        "REDIS_URL": settings.REDIS_URL,
        "ALLOW_INSECURE_DEV_KEY": "1",
    }
    if media_root is not None:
        env["MEDIA_ROOT"] = str(media_root)
    command = [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool", "solo", "--loglevel", "INFO"]
    if queues:
        command += ["--queues", queues]
    command += ["--without-gossip", "--without-mingle", "--hostname", f"pytest-{name}-{os.getpid()}@%h"]
    with log.open("w") as out:
        proc = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT, cwd=settings.BASE_DIR)
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


def json_lines(log: Path) -> list[dict]:
    """The worker's structured log lines."""
    lines = []
    for line in log.read_text().splitlines():
        if line.startswith("{"):
            try:
                lines.append(json.loads(line))
            except json.JSONDecodeError:
                continue
    return lines
